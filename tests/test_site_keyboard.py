"""The built site by keyboard and on a phone, in a real browser (Debian's chromium).

- Tab through the top page, a measure page and the dashboard at 375, 1024 and 1280 px:
  every focused element is visible (inside the viewport after the browser scrolled to it,
  shown, not zero-sized, not under another element) and draws a focus ring; the page's
  regions are visited in the order they appear on screen.
- The navigation drawer: a button opens it, focus moves in, the rest of the page is inert,
  Escape closes it and focus comes back to the button.
- At 375 px, in every table with a 判定 column, each row's KPI, 判定 and latest value are
  inside the viewport without scrolling.
Without /usr/bin/chromium these tests skip, except with CI=true, where they fail.
"""

from __future__ import annotations

import os

import pytest

from generator.a11y.browser import CHROMIUM, chromium, serve_folder
from generator.a11y.keyboard import (
    key_cells_out_of_view,
    order_problems,
    page_scrolls_sideways,
    scrolling_regions,
    walk_focus,
)

WALKED = ["index.html", "measures/m-1-01.html", "progress/index.html"]
WIDTHS = [375, 1024, 1280]
VERDICT_TABLES = ["progress/index.html", "reports/2026Q2.html", "index.html"]

pytestmark = pytest.mark.slow
if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"CI=true but {CHROMIUM} is missing: install Debian's chromium")
    pytestmark = [pytest.mark.slow, pytest.mark.skip(reason=f"{CHROMIUM} is not installed")]


@pytest.fixture(scope="module")
def site(built_sites):
    with serve_folder(built_sites["public"].site_dir) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def _tab(browser, width: int):
    return browser.new_context(viewport={"width": width, "height": 900}).new_page()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_focus_stop_is_visible_with_a_ring_in_visual_order(browser, site, width):
    page = _tab(browser, width)
    found = {}
    for path in WALKED:
        page.goto(site + path, wait_until="load")
        walk = walk_focus(page)
        assert walk.stops >= 10, (path, walk.stops)
        if walk.hidden or walk.no_ring or walk.order:
            found[path] = (walk.hidden[:5], walk.no_ring[:5], walk.order)
    page.context.close()
    assert found == {}


def test_the_walk_finds_focus_in_a_hidden_drawer(browser, site):
    """A planted fault: the theme's closed drawer made focusable again (as before the fix)."""
    page = _tab(browser, 375)
    page.goto(site + "measures/m-1-01.html", wait_until="load")
    page.add_style_tag(
        content=".md-sidebar--primary, .md-sidebar--primary * { visibility: visible !important; }"
    )
    walk = walk_focus(page)
    page.context.close()
    assert len(walk.hidden) > 10
    assert any("画面の外" in stop for stop in walk.hidden)


def test_the_walk_finds_a_missing_focus_ring(browser, site):
    page = _tab(browser, 1280)
    page.goto(site + "index.html", wait_until="load")
    page.add_style_tag(content="a:focus-visible { outline: none !important; box-shadow: none; }")
    walk = walk_focus(page)
    page.context.close()
    assert walk.no_ring and all(stop.startswith("a") for stop in walk.no_ring)


def test_regions_out_of_visual_order_are_named():
    boxes = [[".md-header", 0, 0], [".md-sidebar--primary", 80, 40], [".md-content", 80, 300]]
    boxes.append([".md-sidebar--secondary", 80, 1000])
    boxes.append([".md-footer", 3000, 0])
    in_order = [".md-header", ".md-sidebar--primary", ".md-content", ".md-footer"]
    assert order_problems(in_order, boxes) == []
    toc_first = [".md-header", ".md-sidebar--secondary", ".md-content", ".md-footer"]
    assert order_problems(toc_first, boxes) == [
        "順序: ヘッダー → 目次 → 本文 → フッター（画面では ヘッダー → 本文 → 目次 → フッター）"
    ]
    assert order_problems([".md-header", ".md-content", ".md-header"], boxes) == [
        "ヘッダーに二度入る"
    ]


def test_the_drawer_opens_from_a_button_and_is_modal(browser, site):
    page = _tab(browser, 375)
    page.goto(site + "measures/m-1-01.html", wait_until="load")
    button = page.locator(".dataplan-drawer-button")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert page.locator(".dataplan-drawer-label").is_hidden()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('dataplan-drawer-button')")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate(
        "document.getElementById('dataplan-drawer').contains(document.activeElement)"
    )
    assert page.evaluate("document.querySelector('.md-content').closest('[inert]') !== null")
    # the open panel of this page's section: its title leads back to the parent panel
    title = page.evaluate("document.activeElement.className")
    assert "md-nav__title" in title
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('for')") == "__nav_2_6_2_2"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('dataplan-drawer-button')")
    assert page.evaluate("document.querySelector('[inert]') === null")
    page.context.close()


def test_the_drawer_button_is_gone_where_the_navigation_is_a_sidebar(browser, site):
    page = _tab(browser, 1280)
    page.goto(site + "index.html", wait_until="load")
    assert page.locator(".dataplan-drawer-button").is_hidden()
    assert page.locator(".md-sidebar--primary a.md-nav__link", has_text="トップ").first.is_visible()
    page.context.close()


def test_kpi_verdict_and_latest_value_are_in_view_on_a_phone(browser, site):
    page = _tab(browser, 375)
    checked = 0
    found = {}
    for path in VERDICT_TABLES:
        page.goto(site + path, wait_until="load")
        checked += page.locator("table:has(thead th:text-is('判定')) tbody tr").count()
        problems = key_cells_out_of_view(page)
        if problems:
            found[path] = problems[:5]
        page.set_viewport_size({"width": 320, "height": 900})
        assert page_scrolls_sideways(page) is None, path
        page.set_viewport_size({"width": 375, "height": 900})
    page.context.close()
    assert checked > 61  # every dashboard row, and the report's
    assert found == {}


def test_a_table_squeezed_out_of_view_is_found(browser, site):
    """A planted fault: the dashboard as a plain wide table again."""
    page = _tab(browser, 375)
    page.goto(site + "progress/index.html", wait_until="load")
    page.evaluate("document.getElementById('dashboard-table').classList.remove('stack')")
    page.add_style_tag(content="#dashboard-table td { white-space: nowrap; }")
    problems = key_cells_out_of_view(page)
    page.context.close()
    assert len(problems) >= 61 and any(problem.endswith("の実績") for problem in problems)


def test_a_table_that_scrolls_says_so_and_takes_focus(browser, site):
    page = _tab(browser, 1280)
    page.goto(site + "progress/index.html", wait_until="load")
    count, problems = scrolling_regions(page)
    assert count >= 1 and problems == []
    hint = page.locator(".table-scroll-hint:visible")
    assert hint.count() == 1 and "横にスクロール" in hint.inner_text()
    region = page.locator(".table-scroll:has(#dashboard-table)")
    region.focus()
    page.keyboard.press("ArrowRight")
    # the browser may scroll smoothly: wait for it (fails after 5 s if it never moves)
    region.evaluate(
        """e => new Promise((resolve, reject) => {
            const started = Date.now();
            const poll = () => e.scrollLeft > 0 ? resolve() :
                Date.now() - started > 5000 ? reject(new Error('did not scroll')) :
                requestAnimationFrame(poll);
            poll();
        })"""
    )
    page.context.close()
