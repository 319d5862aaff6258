"""Navigation that does not grow with the plan.

A page's navigation holds its own section's measures (a group of the plan, or a pillar in
chapter 6) and only a link to every other section; each section has a page of its own that
links all its measures; a long section shows a window of its measures around the current
page, with links to the section's page for the rest. Every page stays reachable from the
top page by links. Checked on the built example city and on a plan with one long section
(also in the browser: axe at 1280 and 375 px, and the drawer by keyboard).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import TEST_TODAY
from site_helpers import build_example, page_text

from generator.a11y.browser import CHROMIUM, axe_result, chromium, serve_folder, start_axe
from generator.a11y.keyboard import walk_focus
from generator.validate import validate_plan

ROOT = Path(__file__).resolve().parents[1]
BASE = Path(__file__).parent / "fixtures" / "base"
LONG_SECTION = 40  # measures added to one pillar of the base plan: more than a window
WINDOW = 25  # the most measures of one section a page's navigation shows
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SIDEBAR = re.compile(
    r'<div class="md-sidebar md-sidebar--primary".*?(?=<div class="md-content")', re.S
)
ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([dict(attrs).get("href") or "", ""])

    def handle_data(self, data):
        for link in self._open:
            link[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join(text.split())))


def links_in(html: str, page: str) -> list[tuple[str, str]]:
    """(site path, text) of every link to a page of the site, from `page` (a built path)."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href, text in parser.links:
        target = href.split("#")[0]
        if not target or re.match(r"^[a-z]+:", target):
            continue
        found.append((posixpath.normpath(posixpath.join(posixpath.dirname(page), target)), text))
    return found


def measures_linked(html: str, page: str) -> set[str]:
    """The ids of the measures that `html` (part of the built `page`) links to."""
    found = set()
    for path, _ in links_in(html, page):
        match = re.fullmatch(r"measures/([^/]+)\.html", path)
        if match and match[1] != "index":
            found.add(match[1])
    return found


def navigation(site_dir: Path, page: str) -> str:
    match = SIDEBAR.search((site_dir / page).read_text(encoding="utf-8"))
    assert match, page
    return match.group(0)


def article(site_dir: Path, page: str) -> str:
    match = ARTICLE.search((site_dir / page).read_text(encoding="utf-8"))
    assert match, page
    return match.group(0)


def group_members(project) -> dict[str, set[str]]:
    """Group id → the ids of the measures in it or in any group below it (from the plan)."""
    parents = {group.id: group.parent for group in project.meta.groups}
    members: dict[str, set[str]] = {group_id: set() for group_id in parents}
    for measure in project.measures:
        group, seen = measure.group, set()
        while group in parents and group not in seen:
            members[group].add(measure.id)
            seen.add(group)
            group = parents[group]
    return members


@pytest.fixture(scope="module")
def example(built_sites):
    result = validate_plan(ROOT, today=TEST_TODAY)
    assert result.project is not None
    return built_sites["public"], result.project


def test_a_measure_page_navigates_its_own_group_and_no_other(example):
    site, project = example
    assert all(m.group for m in project.measures)  # the example: every measure in a group
    members = group_members(project)
    for measure in project.measures:
        page = f"measures/{measure.id}.html"
        shown = measures_linked(navigation(site.site_dir, page), page)
        assert shown == members[measure.group], measure.id


def test_a_measure_page_links_every_other_section_by_its_page(example):
    site, _ = example
    sections = [p for p in site.source.structure.pages if p.kind == "section"]
    assert len(sections) == 11  # 3 基本目標 and their 8 施策
    top_level = {p.path[:-3] + ".html" for p in sections if p.path.count("-") == 1}
    nav = navigation(site.site_dir, "measures/m-1-01.html")
    linked = {path for path, _ in links_in(nav, "measures/m-1-01.html")}
    assert top_level <= linked
    assert "measures/section-1-1/index.html" in linked  # its own 施策
    assert "measures/section-1-2/index.html" in linked  # a sibling 施策 of 基本目標1
    assert "measures/section-2-1/index.html" not in linked  # inside another 基本目標


def test_each_section_page_links_all_its_measures(example):
    site, project = example
    members = group_members(project)
    checked = 0
    for page in site.source.structure.pages:
        if page.kind != "section":
            continue
        built = page.path[:-3] + ".html"
        group = page.key.removeprefix("group:")
        assert measures_linked(article(site.site_dir, built), built) == members[group], page.key
        checked += 1
    assert checked == len(project.meta.groups)


def test_the_navigation_marks_the_current_page_and_the_breadcrumb_leads_up(example):
    site, _ = example
    html = page_text(site, "measures/m-2-03.html")
    nav = navigation(site.site_dir, "measures/m-2-03.html")
    current = re.findall(r'<a href="([^"]+)" class="md-nav__link md-nav__link--active"', nav)
    assert current == ["m-2-03.html"]
    crumbs = re.search(r'<nav class="md-path".*?</nav>', html, re.S)
    assert crumbs
    assert [path for path, _ in links_in(crumbs.group(0), "measures/m-2-03.html")] == [
        "index.html",
        "chapters/current_state.html",  # 計画の本文: the theme links a section by its first page
        "measures/index.html",
        "measures/section-2/index.html",
        "measures/section-2-1/index.html",
    ]


def test_every_page_is_reachable_from_the_top_page_by_links(example):
    site, project = example
    seen, todo = {"index.html"}, ["index.html"]
    while todo:
        page = todo.pop()
        for path, _ in links_in(page_text(site, page), page):
            if path.endswith(".html") and path not in seen and (site.site_dir / path).is_file():
                seen.add(path)
                todo.append(path)
    pages = {p.path[:-3] + ".html" for p in site.source.structure.pages}
    assert {f"measures/{m.id}.html" for m in project.measures} <= seen
    assert pages - seen == set()


def test_the_navigation_stays_small_in_the_example_and_in_a_long_section(example, long_plan):
    """Far under what a measure page of the example carried before (43 KB of navigation),
    and no larger in a section of 41 measures than in the example's section of 4."""
    site, _ = example
    sizes = [
        len(navigation(site_dir, page).encode("utf-8"))
        for site_dir, page in (
            (site.site_dir, "measures/m-1-01.html"),
            (long_plan, "measures/m-2-20.html"),
        )
    ]
    assert max(sizes) < 20_000, sizes


# A plan with one long section: the base plan, and LONG_SECTION more measures in its
# pillar オープンデータ (no group, so chapter 6 lists them under the pillar).


def _long_measure(number: int) -> str:
    return f"""id: m-2-{number:02d}
number: "2-{number}"
name: 追加の施策{number}
pillar: open_data
field: health
departments:
  - kenko
content: 追加した施策 {number} の内容。
kpis:
  - id: k-2-{number:02d}-1
    name: 公開データセット数{number}
    kind: quantity
    unit: 件
    targets:
      - when: 2029
        value: 20
"""


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("long-section")
    shutil.copytree(BASE, root / "plan-root")
    for number in range(2, 2 + LONG_SECTION):
        (root / "plan-root" / "measures" / f"m-2-{number:02d}.yaml").write_text(
            _long_measure(number), encoding="utf-8"
        )
    return build_example(root / "plan-root", root / "work", internal=False).site_dir


def _section_of_long(site_dir: Path) -> tuple[str, list[str]]:
    """The long section's page and its measures in order, from its page."""
    for page in sorted(site_dir.glob("measures/section-*/index.html")):
        path = page.relative_to(site_dir).as_posix()
        ids = [
            match[1]
            for target, _ in links_in(article(site_dir, path), path)
            if (match := re.fullmatch(r"measures/(m-[^/]+)\.html", target))
        ]
        if len(ids) > WINDOW:
            return path, ids
    raise AssertionError("no long section")


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_a_long_section_shows_a_window_around_the_page(long_plan, position):
    section, ids = _section_of_long(long_plan)
    assert len(ids) == LONG_SECTION + 1
    at = {"first": 0, "middle": len(ids) // 2, "last": len(ids) - 1}[position]
    page = f"measures/{ids[at]}.html"
    nav = navigation(long_plan, page)
    shown = [i for i in ids if i in measures_linked(nav, page)]
    assert len(shown) == WINDOW and ids[at] in shown
    first = ids.index(shown[0])
    assert shown == ids[first : first + WINDOW]  # one run, in order
    more = {text: path for path, text in links_in(nav, page) if "件は一覧のページへ" in text}
    expected = {}
    if first:
        expected[f"前の {first} 件は一覧のページへ"] = section
    if first + WINDOW < len(ids):
        expected[f"次の {len(ids) - first - WINDOW} 件は一覧のページへ"] = section
    assert more == expected
    if position == "middle":
        assert len(expected) == 2


def test_the_long_sections_page_shows_its_first_measures(long_plan):
    section, ids = _section_of_long(long_plan)
    nav = navigation(long_plan, section)
    assert [i for i in ids if i in measures_linked(nav, section)] == ids[:WINDOW]


# In the browser.

browser_only = pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("CI") != "true",
    reason=f"{CHROMIUM} is not installed (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.slow
@browser_only
def test_axe_and_the_keyboard_on_sections_and_a_long_section(browser, long_plan, built_sites):
    """0 axe violations at 1280 and 375 px on a section page and on a windowed measure page;
    every Tab stop visible with a ring, regions in visual order, at both widths."""
    section, ids = _section_of_long(long_plan)
    cases = [
        (built_sites["public"].site_dir, "measures/section-1/index.html"),
        (long_plan, section),
        (long_plan, f"measures/{ids[len(ids) // 2]}.html"),
    ]
    problems = {}
    for site_dir, path in cases:
        with serve_folder(site_dir) as base:
            for width in (1280, 375):
                page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                page.goto(base + path, wait_until="load")
                start_axe(page, AXE_TAGS)
                violations = axe_result(page)
                walk = walk_focus(page)
                found = [*violations, *walk.hidden, *walk.no_ring, *walk.order]
                if found:
                    problems[(path, width)] = found
                page.context.close()
    assert problems == {}


@pytest.mark.slow
@browser_only
def test_the_drawer_reaches_the_rest_of_a_long_section_by_keyboard(browser, long_plan):
    """On a phone, the drawer opens on this page's section; its link to the rest of the
    section is reached by Tab and leads to the section's page."""
    section, ids = _section_of_long(long_plan)
    with serve_folder(long_plan) as base:
        page = browser.new_context(viewport={"width": 375, "height": 900}).new_page()
        page.goto(base + f"measures/{ids[len(ids) // 2]}.html", wait_until="load")
        page.locator(".dataplan-drawer-button").focus()
        page.keyboard.press("Enter")
        for _ in range(60):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "[document.activeElement.tagName, document.activeElement.textContent.trim()]"
            )
            if focused[1].startswith("次の"):
                break
        else:
            raise AssertionError("the link to the rest of the section was not reached")
        assert focused[0] == "A" and re.fullmatch(r"次の \d+ 件は一覧のページへ", focused[1])
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == base + section
        page.context.close()
