"""The built site in a real browser (Debian's chromium through playwright).

One page of every type, at 1280 px and at 375 px: axe-core with the WCAG 2.0/2.1
A and AA rules finds no violation; no request goes to any host but 127.0.0.1;
Japanese search finds a measure by a compound typed from the middle of its text;
the dashboard works without JavaScript and its filters announce the count.
Without /usr/bin/chromium these tests skip, except with CI=true, where they fail.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from urllib.parse import urlsplit

import pytest

from generator.a11y.browser import CHROMIUM, axe_result, chromium, serve_folder, start_axe

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    "index.html",
    "chapters/current_state.html",
    "measures/index.html",
    "measures/m-6-02.html",  # a worksheet, KPIs, PDCA notes
    "pillars/index.html",
    "pillars/open_data.html",
    "progress/index.html",
    "reports/index.html",
    "reports/2026Q2.html",
    "national/index.html",
    "national/matrix.html",
    "national/case-studies.html",
    "national/examples.html",
    "history.html",
    "revision.html",
    "open-data.html",
    "contact.html",
    "accessibility.html",
    "accessibility-results.html",
    "search.html",
]
INTERNAL_PAGES = ["measures/m-6-02.html", "contact.html"]
SEARCH_WORD = "包括支援センター"  # from 地域包括支援センター in measure m-4-01
SEARCH_TARGET = "measures/m-4-01.html"

pytestmark = pytest.mark.slow

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"CI=true but {CHROMIUM} is missing: install Debian's chromium")
    pytestmark = [
        pytest.mark.slow,
        pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)"),
    ]


@pytest.fixture(scope="module")
def servers(built_sites):
    """Each built site served on 127.0.0.1 (an ephemeral port each)."""
    with ExitStack() as stack:
        yield {
            name: stack.enter_context(serve_folder(site.site_dir))
            for name, site in built_sites.items()
        }


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def requested_hosts():
    return set()


def _page(browser, hosts: set, width: int = 1280, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    return page


def _start_axe(page) -> None:
    """Start axe in the page without waiting: pages in other tabs run at the same time."""
    start_axe(page, AXE_TAGS)


def _axe_result(page) -> list:
    return [tuple(item) for item in axe_result(page)]


def _axe_violations(page) -> list:
    _start_axe(page)
    return _axe_result(page)


def test_axe_finds_no_violation_on_any_page_type_and_pages_reflow(
    browser, servers, requested_hosts
):
    """Every page type at 1280 px and 375 px (two tabs side by side); then, in the narrow tab,
    WCAG 1.4.10 at 320 px: only tables scroll sideways, never the page."""
    pages = {width: _page(browser, requested_hosts, width) for width in (1280, 375)}
    failures, wide = {}, {}
    for path in PAGES:
        for page in pages.values():
            page.goto(servers["public"] + path, wait_until="load")
            _start_axe(page)
        for width, page in pages.items():
            violations = _axe_result(page)
            if violations:
                failures[(width, path)] = violations
        narrow = pages[375]
        narrow.set_viewport_size({"width": 320, "height": 900})
        scroll_width = narrow.evaluate("document.documentElement.scrollWidth")
        if scroll_width > 320:
            wide[path] = scroll_width
        narrow.set_viewport_size({"width": 375, "height": 900})
    for page in pages.values():
        page.context.close()
    assert failures == {}
    assert wide == {}


def test_axe_on_the_internal_build_with_badges(browser, servers, requested_hosts):
    page = _page(browser, requested_hosts)
    failures = {}
    for path in INTERNAL_PAGES:
        page.goto(servers["internal"] + path, wait_until="load")
        assert page.locator(".badge-internal").count() >= 1
        violations = _axe_violations(page)
        if violations:
            failures[path] = violations
    page.context.close()
    assert failures == {}


def test_search_finds_a_measure_by_a_compound_from_the_middle_of_its_text(
    browser, servers, requested_hosts, built_sites
):
    measure_text = (built_sites["public"].site_dir / SEARCH_TARGET).read_text(encoding="utf-8")
    assert "地域" + SEARCH_WORD in measure_text
    page = _page(browser, requested_hosts, 375)
    page.goto(servers["public"] + "index.html")
    page.fill("#dataplan-search-q", SEARCH_WORD)
    page.press("#dataplan-search-q", "Enter")
    page.wait_for_url("**/search.html?q=*")
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=15_000)
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert any(href.endswith(SEARCH_TARGET) for href in hrefs), hrefs
    assert page.input_value("#dataplan-search-q") == SEARCH_WORD  # the header keeps the words
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    assert excerpts and not [text for text in excerpts if text[:1] in "。、」』】）"]
    assert _axe_violations(page) == []  # Pagefind's interface with its results showing
    page.context.close()


def test_kpi_cards_carry_their_data_table(browser, servers, requested_hosts):
    page = _page(browser, requested_hosts)
    page.goto(servers["public"] + "measures/m-1-01.html")
    cards = page.locator("section.kpi-card")
    assert cards.count() == 3
    for index in range(cards.count()):
        card = cards.nth(index)
        assert card.locator("table caption").count() == 1
        assert card.locator("table tbody tr").count() >= 3
        if card.locator("figure.dataplan-chart").count():
            assert card.locator("figure details table").count() == 1
            card.locator("figure .main-svg").first.wait_for()  # plotly.js from the site drew it
    page.context.close()


def test_dashboard_works_without_javascript_and_filters_with_it(browser, servers, requested_hosts):
    plain = _page(browser, requested_hosts, javascript=False)
    plain.goto(servers["public"] + "progress/index.html")
    assert plain.locator("#dashboard-table tbody tr:visible").count() == 61
    assert plain.locator("#dashboard-filters").is_hidden()
    plain.context.close()

    page = _page(browser, requested_hosts, 375)
    page.goto(servers["public"] + "progress/index.html")
    select = page.locator("#filter-pillar")
    assert page.locator('label[for="filter-pillar"]').inner_text().startswith("5つの柱")
    select.focus()
    select.select_option("open_data")
    shown = page.locator("#dashboard-table tbody tr:visible").count()
    assert 0 < shown < 61
    assert page.locator("#dashboard-count").inner_text() == f"61 件中 {shown} 件を表示しています。"
    assert page.evaluate("document.activeElement.id") == "filter-pillar"
    page.context.close()


def test_skip_link_is_first_and_reaches_the_main_content(browser, servers, requested_hosts):
    page = _page(browser, requested_hosts, 375)
    page.goto(servers["public"] + "measures/m-1-01.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "本文へ移動"
    assert page.evaluate("document.activeElement.closest('header') !== null")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.context.close()


def test_no_request_leaves_127_0_0_1(requested_hosts):
    # Runs last in this module: every page opened above recorded its requests.
    assert requested_hosts and requested_hosts <= {"127.0.0.1"}
