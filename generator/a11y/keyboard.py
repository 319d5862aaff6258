"""Checks that axe cannot make, scripted in the browser: the keyboard and the narrow screen.

- The focus walk (WCAG 2.4.3, 2.4.7): press Tab through a page and, at every stop, ask
  whether the focused element is visible (inside the viewport after the browser scrolled
  to it, shown, not zero-sized, not covered by something else) and whether it draws a
  focus ring (by computed style). The page's regions (header, navigation, article,
  contents, footer) must be visited each in one run and in the order they appear on
  screen. Whether the order inside the article makes sense is for a person to judge.
- The narrow screen (WCAG 1.4.10): at 320 px the page does not scroll sideways; at a
  phone's width, in every table with a 判定 column, each row's KPI, 判定 and latest value
  are inside the viewport without scrolling; a table region that still scrolls sideways
  can take focus (so the arrow keys scroll it) and has a name.

Each function takes a playwright page that is already open and returns problems as plain
strings (empty when nothing was found), so tests and `dataplan a11y-check` share them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REFLOW_WIDTH = 320
FOCUS_LIMIT = 400  # stops per page: more than any page of the site has

# The site's regions in the theme's markup, with the words a report uses for them.
REGIONS = {
    ".md-header": "ヘッダー",
    ".md-sidebar--primary": "ナビゲーション",
    ".md-content": "本文",
    ".md-sidebar--secondary": "目次",
    ".md-footer": "フッター",
}

_FOCUSED = """async (regions) => {
  await new Promise(r => requestAnimationFrame(r));
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const again = window.__focusWalk.has(e);
  window.__focusWalk.add(e);
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  const shown = e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true,
                                   opacityProperty: true, visibilityProperty: true});
  const inside = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  const labels = e.labels ? [...e.labels] : [];
  const reached = !!hit && (e.contains(hit) || hit.contains(e) || labels.some(l => l.contains(hit)));
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
                  && !s.outlineColor.endsWith(', 0)');
  const ring = outline || (s.boxShadow !== 'none' && s.boxShadow !== '');
  let region = null;
  for (const selector of regions) { if (e.closest(selector)) { region = selector; break; } }
  const name = (e.getAttribute('aria-label') || e.textContent || e.value || '')
    .replace(/\\s+/g, ' ').trim().slice(0, 40);
  return {
    key: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + name,
    again, region, inside, shown, reached, ring,
    sized: r.width > 0 && r.height > 0,
    top: r.top + scrollY, left: r.left + scrollX,
  };
}"""

_REGION_BOXES = """(regions) => regions.map(selector => {
  const e = document.querySelector(selector);
  if (!e || !e.checkVisibility()) return null;
  const r = e.getBoundingClientRect();
  return [selector, r.top + scrollY, r.left + scrollX];
}).filter(Boolean)"""


@dataclass
class FocusWalk:
    """What one walk with the Tab key found on one page at one width."""

    stops: int = 0
    hidden: list[str] = field(default_factory=list)  # 2.4.7: focus not visible
    no_ring: list[str] = field(default_factory=list)  # 2.4.7: no focus indicator
    order: list[str] = field(default_factory=list)  # 2.4.3: regions out of visual order


def walk_focus(page: Any, limit: int = FOCUS_LIMIT) -> FocusWalk:
    """Press Tab from the top of the page until focus comes back round (or `limit` stops)."""
    walk = FocusWalk()
    page.evaluate(
        "() => { window.__focusWalk = new WeakSet(); window.scrollTo(0, 0);"
        " document.activeElement && document.activeElement.blur(); }"
    )
    visited: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(_FOCUSED, list(REGIONS))
        if stop is None:
            if visited:
                break  # focus left the page: the walk went round
            continue
        if stop["again"]:
            break
        walk.stops += 1
        problems = [
            word
            for ok, word in (
                (stop["inside"], "画面の外"),
                (stop["shown"], "非表示"),
                (stop["sized"], "大きさ0"),
                (stop["reached"], "ほかの要素の下"),
            )
            if not ok
        ]
        if problems:
            walk.hidden.append(f"{stop['key']}（{'、'.join(problems)}）")
        elif not stop["ring"]:
            walk.no_ring.append(stop["key"])
        region = stop["region"]
        if region and (not visited or visited[-1] != region):
            visited.append(region)
    page.evaluate("() => window.scrollTo(0, 0)")
    walk.order = order_problems(visited, page.evaluate(_REGION_BOXES, list(REGIONS)))
    return walk


def order_problems(visited: list[str], boxes: list[list]) -> list[str]:
    """The regions must be visited each in one run, in their order on screen: top to bottom,
    and left to right among regions that start at about the same height."""
    problems = []
    again = sorted({r for i, r in enumerate(visited) if r in visited[:i]})
    problems += [f"{REGIONS[r]}に二度入る" for r in again]
    rows: list[list[tuple[float, float, str]]] = []  # (top, left, region) per row
    for selector, top, left in sorted(boxes, key=lambda box: box[1]):
        if rows and top - rows[-1][0][0] < 150:
            rows[-1].append((top, left, selector))
        else:
            rows.append([(top, left, selector)])
    on_screen = [item[2] for row in rows for item in sorted(row, key=lambda item: item[1])]
    first_visits = list(dict.fromkeys(visited))
    expected = [r for r in on_screen if r in first_visits]
    if first_visits != expected:
        problems.append(
            "順序: "
            + " → ".join(REGIONS[r] for r in first_visits)
            + "（画面では "
            + " → ".join(REGIONS[r] for r in expected)
            + "）"
        )
    return problems


def page_scrolls_sideways(page: Any) -> int | None:
    """The page's scroll width when it is wider than the viewport, else None."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    return width if width > viewport + 1 else None


_KEY_CELLS = """() => {
  const problems = [];
  const columns = t => [...t.querySelectorAll(':scope > thead th')].map(th => th.textContent.trim());
  for (const table of document.querySelectorAll('table')) {
    const heads = columns(table);
    // 判定, or 判定（ツールの計算） beside the city's own grade (not 判定不可（件）: a count)
    const verdict = heads.findIndex(h => h === '判定' || h.startsWith('判定（'));
    if (verdict < 0) continue;
    const latest = heads.findIndex(h => h.includes('実績') && !h.includes('時期'));
    const caption = (table.caption ? table.caption.textContent : '').trim().slice(0, 40);
    const scroller = table.closest('.table-scroll');
    const box = scroller ? scroller.getBoundingClientRect() : {left: 0, right: innerWidth};
    const left = Math.max(0, box.left), right = Math.min(innerWidth, box.right);
    for (const row of table.querySelectorAll(':scope > tbody > tr')) {
      if (!row.checkVisibility()) continue;
      const cells = [...row.children];
      const wanted = [[0, 'KPI'], [verdict, '判定'], [latest, '実績']];
      for (const [index, word] of wanted) {
        const cell = cells[index];
        if (index < 0 || !cell) continue;
        const r = cell.getBoundingClientRect();
        if (r.left < left - 1 || r.right > right + 1) {
          problems.push(`${caption}: ${cells[0].textContent.trim().slice(0, 30)} の${word}`);
        }
      }
    }
  }
  return problems;
}"""

_SCROLLING_REGIONS = """() => [...document.querySelectorAll('body *')].filter(e => {
  const s = getComputedStyle(e);
  return (s.overflowX === 'auto' || s.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1
         && e.checkVisibility() && !e.closest('.md-sidebar, .md-header');
}).map(e => ({
  name: e.getAttribute('aria-label') || '',
  focusable: e.tabIndex >= 0,
  key: e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''),
}))"""


def key_cells_out_of_view(page: Any) -> list[str]:
    """Rows of 判定 tables whose KPI, 判定 or latest value needs scrolling to be seen."""
    problems: list[str] = page.evaluate(_KEY_CELLS)
    return problems


def scrolling_regions(page: Any) -> tuple[int, list[str]]:
    """How many regions scroll sideways, and those a keyboard cannot scroll or that have no name."""
    regions = page.evaluate(_SCROLLING_REGIONS)
    problems = [
        f"{region['key']} {region['name']}（{'名前なし' if not region['name'] else 'フォーカスできない'}）"
        for region in regions
        if not (region["focusable"] and region["name"])
    ]
    return len(regions), problems
