"""The built site in a real browser (Debian's chromium through playwright).

One page of every type, at 1280 px and at 375 px: axe-core with the WCAG 2.0/2.1
A and AA rules finds no violation; no request goes to any host but 127.0.0.1 (in
every test, and page by page in one of its own);
Japanese search finds a measure by a compound typed from the middle of its text;
the dashboard works without JavaScript and its filters announce the count.
Without /usr/bin/chromium these tests skip, except in CI (CI set), where they fail.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from urllib.parse import quote, urlsplit

import pytest
from conftest import in_ci

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
    if in_ci():
        raise RuntimeError(f"CI is set but {CHROMIUM} is missing: install Debian's chromium")
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


@pytest.fixture
def requested_hosts():
    """The hosts that the pages a test opens request; each test's must all be 127.0.0.1."""
    hosts: set[str | None] = set()
    yield hosts
    assert hosts <= {"127.0.0.1"}, f"a page requested another host: {hosts}"


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


MEASURE = "measures/m-1-01.html"  # three KPIs: two with charts, one milestone (table only)


def _recorder(found: list):
    """A listener that keeps what it is given (playwright needs a Python function)."""

    def record(item) -> None:
        found.append(item)

    return record


def test_kpi_cards_carry_their_data_table(browser, servers, requested_hosts):
    page = _page(browser, requested_hosts)
    page.goto(servers["public"] + MEASURE)
    cards = page.locator("section.kpi-card")
    assert cards.count() == 3
    for index in range(cards.count()):
        card = cards.nth(index)
        assert card.locator("table caption").count() == 1
        assert card.locator("table tbody tr").count() >= 3
        if card.locator("figure.dataplan-chart").count():
            assert card.locator("figure details table").count() == 1
            assert card.locator("a", has_text="のグラフ（SVG形式、").count() == 1
    page.context.close()


def test_a_first_visit_to_a_measure_page_is_under_1_mb_and_a_repeat_under_150_kb(
    browser, servers, requested_hosts
):
    """Every request of the visit (the page, the theme's CSS and JavaScript, the chart script,
    icons), headers and bodies as transferred; then the same page again, from the cache."""
    page = _page(browser, requested_hosts, 375)
    visits = []
    for _ in range(2):
        finished: list = []
        record = _recorder(finished)
        page.on("requestfinished", record)
        page.goto(servers["public"] + MEASURE, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.remove_listener("requestfinished", record)
        sizes = {
            request.url: request.sizes()["responseHeadersSize"]
            + request.sizes()["responseBodySize"]
            for request in finished
            if not request.url.startswith("data:")
        }
        visits.append(sizes)
    page.context.close()
    first, again = visits
    for asset in ("/javascripts/charts.js", "/assets/javascripts/bundle.", "/stylesheets/"):
        assert any(asset in url for url in first), (asset, first)  # every request is counted
    assert not any("plotly" in url for url in first), first  # loaded only when asked for
    assert sum(first.values()) <= 1_000_000, first
    assert sum(again.values()) <= 150_000, again


def test_charts_are_readable_without_javascript_at_every_width(browser, servers, requested_hosts):
    page = _page(browser, requested_hosts, 375, javascript=False)
    page.goto(servers["public"] + MEASURE)
    figures = page.locator("figure.dataplan-chart")
    assert figures.count() == 2
    for width, size in ((375, "narrow"), (1280, "wide")):
        page.set_viewport_size({"width": width, "height": 900})
        for index in range(figures.count()):
            figure = figures.nth(index)
            shown = figure.locator("svg[role=img]:visible")
            assert shown.count() == 1, (width, index)
            assert shown.get_attribute("class") == f"chart-{size}"
            title = shown.locator("title").text_content()
            assert title == figure.locator("figcaption").inner_text()
            assert (
                shown.locator("desc").text_content()
                == figure.locator("figcaption + p").inner_text()
            )
            assert "判定：" in shown.locator("text").all_text_contents()[0]
            box = shown.bounding_box()
            assert box is not None and box["width"] > 250 and box["height"] > 200
            assert figure.locator("details table tbody tr").count() >= 3
            assert figure.locator(".chart-switch").is_hidden()  # needs JavaScript
    page.context.close()


def test_the_interactive_chart_is_loaded_only_when_asked(browser, servers, requested_hosts):
    for width in (1280, 375):
        page = _page(browser, requested_hosts, width)
        requests: list = []
        page.on("request", _recorder(requests))
        page.goto(servers["public"] + MEASURE, wait_until="load")
        first, second = (page.locator(".chart-switch button").nth(i) for i in (0, 1))
        assert first.is_visible() and first.get_attribute("aria-pressed") == "false"
        first.focus()
        page.keyboard.press("Enter")
        figure = page.locator("figure.dataplan-chart").first
        figure.locator(".chart-interactive .main-svg").first.wait_for()
        assert first.get_attribute("aria-pressed") == "true"
        assert page.evaluate("document.activeElement.dataset.chart") == first.get_attribute(
            "data-chart"
        )
        assert figure.locator(".chart-picture").is_hidden()
        assert "値が出ます" in figure.locator(".chart-switch-status").inner_text()
        years = figure.locator(".chart-interactive .xtick text").all_text_contents()
        assert years and all(
            re.fullmatch(r"\d{4}" if width == 375 else r"\d{4}年度", y) for y in years
        )
        second.click()
        page.locator("figure.dataplan-chart").nth(1).locator(".main-svg").first.wait_for()
        loaded = [request.url for request in requests if "plotly" in request.url]
        assert len(loaded) == 1 and loaded[0].endswith("/assets/plotly/plotly-basic.min.js")
        if width == 1280:
            assert _axe_violations(page) == []  # with two interactive charts showing
        first.click()
        assert figure.locator(".chart-picture").is_visible()
        assert figure.locator(".chart-interactive").is_hidden()
        assert first.get_attribute("aria-pressed") == "false"
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


def test_no_request_leaves_127_0_0_1(browser, servers):
    """Every page type of both builds, and a search, until the network is idle."""
    hosts: set[str | None] = set()
    page = _page(browser, hosts)
    for name, path in [("public", p) for p in PAGES] + [("internal", p) for p in INTERNAL_PAGES]:
        page.goto(servers[name] + path, wait_until="networkidle")
    page.goto(servers["public"] + "search.html?q=" + quote(SEARCH_WORD), wait_until="networkidle")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
    page.context.close()
    assert "127.0.0.1" in hosts
    assert hosts == {"127.0.0.1"}
