"""What residents read on the built site: per-KPI addresses and dates, titles that break
between phrases, and the 新旧対照表 in words (no internal keys)."""

from __future__ import annotations

import re

from site_helpers import page_text


def _card(html: str, kpi_id: str) -> str:
    start = html.index(f'<h3 id="kpi-{kpi_id}">')
    return html[start : html.index("</section>", start)]


def test_a_kpi_has_an_address_and_the_day_its_latest_actual_was_recorded(built_sites):
    site = built_sites["public"]
    card = _card(page_text(site, "measures/m-1-01.html"), "k-1-01-1")
    # kpi/actuals.csv: the latest quarter of k-1-01-1 (2026Q2) was recorded on 2026-10-20
    assert (
        '<dt>最終更新</dt><dd><time datetime="2026-10-20">2026年10月20日（令和8年10月20日）'
        "</time>（最新の実績を記録した日）</dd>"
    ) in card
    link = '<dt>この KPI へのリンク</dt><dd><a href="(m-1-01.html)?#kpi-k-1-01-1">[^<]+（k-1-01-1）</a>'
    assert re.search(link, card)


def test_a_relisted_kpi_links_to_the_page_that_defines_it(built_sites):
    site = built_sites["public"]
    for path in (site.site_dir / "measures").glob("m-*.html"):
        html = path.read_text(encoding="utf-8")
        for match in re.finditer(r"この KPI へのリンク</dt><dd><a href=\"([^\"]+)\"", html):
            page, anchor = match[1].split("#")
            target = (path.parent / (page or path.name)).read_text(encoding="utf-8")
            assert "（再掲）" not in _card(target, anchor.removeprefix("kpi-")), (path, match[1])


def test_titles_break_between_phrases_but_title_tags_stay_plain(built_sites):
    site = built_sites["public"]
    top = page_text(site, "index.html")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", top, re.S)[1]
    assert h1.startswith('<span class="phrases">') and "<wbr>青葉野市<wbr>" in h1
    measure = page_text(site, "measures/m-1-01.html")
    path = measure[measure.index('class="md-path__list"') : measure.index("</ol>")]
    assert '<span class="phrases">トップ</span>' in path
    for html in (top, measure):
        title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
        assert "<" not in title and "&lt;" not in title and "phrases" not in title


def test_the_revision_page_names_departments_not_their_keys(built_sites):
    page = page_text(built_sites["public"], "revision.html")
    assert "部署 dx" not in page and "部署「企画部デジタル推進課」 ＞ 部署名" in page
