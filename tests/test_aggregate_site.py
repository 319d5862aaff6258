"""The aggregate's site: built like a plan's, axe-clean at 1280 and 375 px, nothing internal,
a navigation that does not list every body, and each body's page linking to its plan's site.

The small aggregate of tests/aggregate_fixture.py (six plans, one broken) is built once.
Browser tests use Debian's chromium; without it they skip, except with CI=true.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.a11y.browser import CHROMIUM, axe_result, chromium, serve_folder, start_axe
from generator.aggregate.run import run_aggregate
from generator.aggregate.site.build import BuiltAggregateSite, build_aggregate_site
from generator.municipalities import load_code_list
from tests.aggregate_fixture import (
    PUBLIC_MARK,
    SENTINEL,
    SPECS,
    TODAY,
    SmallAggregate,
    make_small_aggregate,
)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    "index.html",
    "prefectures/index.html",
    "prefectures/JP-22.html",
    "prefectures/JP-01.html",  # a prefecture whose bodies are all outside the aggregate
    "prefectures/coverage/JP-22.html",
    "bodies/221309.html",  # a plan in force with actuals and references
    "bodies/222054.html",  # a draft without actuals
    "bodies/221007.html",  # a plan left out (errors)
    "coverage/index.html",
    "coverage/tebiki-2017.html",
    "coverage/dx-2.3.html",
    "coverage/220001-2025-03-27.html",  # the prefecture's plan as a catalogue
    "kpi.html",
    "ending.html",
    "left-out.html",
    "open-data.html",
    "search.html",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> SmallAggregate:
    made = make_small_aggregate(tmp_path_factory.mktemp("aggregate-site"))
    run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    return made


@pytest.fixture(scope="module")
def built(made: SmallAggregate) -> BuiltAggregateSite:
    return build_aggregate_site(made.out, today=TODAY, title="試験の集計")


@pytest.fixture(scope="module")
def prefecture_site(made: SmallAggregate) -> Path:
    """The prefecture's own plan listing its municipalities, with the aggregate of them, built."""
    from generator.compare.pages import load_latest_revision
    from generator.publish.site_build import build_site
    from generator.validate import validate_plan

    folder = made.plans["shizuoka-pref"].parent.parent / "pref-with-municipalities"
    shutil.copytree(made.plans["shizuoka-pref"], folder)
    with (folder / "plan" / "plan.yaml").open("a", encoding="utf-8") as plan:
        plan.write(
            'municipalities:\n  - lg_code: "221309"\n    site: https://example.jp/hamamatsu/\n'
            '  - lg_code: "222038"\n  - lg_code: "221007"\nmunicipal_aggregate: ../aggregate\n'
        )
    project = validate_plan(folder, today=TODAY).project
    assert project is not None and project.municipal is not None and project.municipal.available
    return build_site(project, revision=load_latest_revision(project), with_pdf=False).site_dir


def shizuoka_members() -> int:
    """静岡県 and its municipalities in the code list (the denominator of its row)."""
    codes = load_code_list()
    return sum(
        1 for body in codes.bodies.values() if body.code.startswith("22") and body.kind != "ward"
    )


def text_of(built: BuiltAggregateSite, path: str) -> str:
    return (built.site_dir / path).read_text(encoding="utf-8")


def test_every_page_type_is_built(built: BuiltAggregateSite) -> None:
    for path in PAGES:
        assert (built.site_dir / path).is_file(), path
    bodies = sorted(p.stem for p in (built.site_dir / "bodies").glob("*.html"))
    assert bodies == sorted(spec.lg_code for spec in SPECS.values())


def test_the_sentinel_reaches_no_page_and_no_file_of_the_site(built: BuiltAggregateSite) -> None:
    found_public = False
    for path in built.site_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SENTINEL.encode() not in data, path
            found_public |= PUBLIC_MARK.encode() in data
    assert found_public  # the search reads files that hold the plans' public texts


def test_navigation_lists_prefectures_not_bodies(built: BuiltAggregateSite) -> None:
    """A body's page carries its own place; the navigation is the same few links on every page."""
    body = text_of(built, "bodies/221309.html")
    navigation = body.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "bodies/" not in navigation
    assert navigation.count("prefectures/JP-") == 47
    place = body.split('aria-label="現在地"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">([^<>]+)</(?:a|span)>", place) == ["トップ", "静岡県", "浜松市"]
    # The prefecture's page lists its bodies, each linking to its summary page.
    prefecture = text_of(built, "prefectures/JP-22.html")
    for code in ("221309", "222038", "222054", "220001", "221007"):
        assert f'href="../bodies/{code}.html"' in prefecture


def test_a_bodys_page_links_to_its_own_site(built: BuiltAggregateSite) -> None:
    page = text_of(built, "bodies/221309.html")
    assert 'href="https://example.jp/hamamatsu/"' in page
    assert "計画期間中" in page


def test_counts_against_the_code_lists_denominator(built: BuiltAggregateSite) -> None:
    page = text_of(built, "prefectures/index.html")
    shizuoka = re.search(r'JP-22\.html">静岡県</a></th>(.*?)</tr>', page)
    assert shizuoka is not None
    cells = [int(c.replace(",", "")) for c in re.findall(r'class="number">([\d,]+)<', shizuoka[1])]
    members = shizuoka_members()
    # members, in force, upcoming, no period stated, draft, expired, left out, not in the aggregate
    assert cells == [members, 3, 0, 0, 1, 0, 1, members - 5]


def test_the_prefecture_catalogue_counts_its_municipalities(built: BuiltAggregateSite) -> None:
    page = text_of(built, "coverage/220001-2025-03-27.html")
    municipalities = shizuoka_members() - 1  # the prefecture is not its own municipality
    assert f"分母は静岡県の市区町村（全国地方公共団体コードで {municipalities} 団体" in page


def test_open_data_offers_the_files_with_a_data_package(built: BuiltAggregateSite) -> None:
    descriptor = json.loads(text_of(built, "data/datapackage.json"))
    for resource in descriptor["resources"]:
        assert (built.site_dir / "data" / resource["path"]).is_file()
    page = text_of(built, "open-data.html")
    assert 'href="data/datapackage.json"' in page
    assert 'href="data/csv/bodies.csv"' in page
    assert 'href="../data/csv/JP-22/plans.csv"' in text_of(built, "prefectures/JP-22.html")


def test_a_prefectures_site_links_to_its_municipalities_and_shows_their_aggregate(
    prefecture_site: Path,
) -> None:
    page = (prefecture_site / "municipalities.html").read_text(encoding="utf-8")
    assert '<a href="https://example.jp/hamamatsu/">浜松市</a>' in page
    assert "集計できず（エラー）" in page  # 静岡市's plan has an error
    assert 'href="measures/m-001.html"' in page  # the prefecture's measures, with their users
    index = (prefecture_site / "index.html").read_text(encoding="utf-8")
    assert 'href="municipalities.html"' in index  # in the navigation of every page


if not CHROMIUM.exists() and os.environ.get("CI") != "true":
    browser_only = pytest.mark.skip(
        reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
    )
else:
    browser_only = pytest.mark.slow


@pytest.fixture(scope="module")
def server(built: BuiltAggregateSite):
    with ExitStack() as stack:
        yield stack.enter_context(serve_folder(built.site_dir))


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@browser_only
def test_axe_finds_no_violation_at_desktop_and_phone_width(browser, server: str) -> None:
    hosts: set[str | None] = set()
    pages = {}
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        pages[width] = context.new_page()
        pages[width].on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    failures, wide = {}, {}
    for path in PAGES:
        for page in pages.values():
            page.goto(server + path, wait_until="load")
            start_axe(page, AXE_TAGS)
        for width, page in pages.items():
            violations = [tuple(item) for item in axe_result(page)]
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
    assert wide == {}  # only tables scroll sideways (WCAG 1.4.10), never the page
    assert hosts == {"127.0.0.1"}


@browser_only
def test_axe_on_a_prefectures_page_of_its_municipalities(browser, prefecture_site: Path) -> None:
    with serve_folder(prefecture_site) as base:
        for width in (1280, 375):
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            page.goto(base + "municipalities.html", wait_until="load")
            start_axe(page, AXE_TAGS)
            assert axe_result(page) == [], width
            page.context.close()


@browser_only
def test_japanese_search_finds_a_body(browser, server: str) -> None:
    page = browser.new_context(viewport={"width": 375, "height": 900}).new_page()
    page.goto(server + "index.html")
    page.fill("#dataplan-search-q", "沼津")
    page.press("#dataplan-search-q", "Enter")
    page.wait_for_url("**/search.html?q=*")
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=15_000)
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert any(href.endswith("bodies/222038.html") for href in hrefs), hrefs
    start_axe(page, AXE_TAGS)
    assert axe_result(page) == []
    page.context.close()


def test_site_command_without_an_aggregate_is_a_usage_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from generator.cli import app

    missing = CliRunner().invoke(app, ["aggregate", "site", "-o", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "集計のデータベースがありません" in missing.output
