"""The example city's site: built in strict mode, every page type present with its key content.

The sites are built once per session (conftest.built_sites); MkDocs runs in strict
mode, so any warning (a broken Markdown link, a page left out of the navigation)
would already have failed the build.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_helpers import page_text

from generator import labels

PAGE_KINDS = {
    "top",
    "chapter",
    "measures",
    "measure",
    "section",
    "pillars",
    "pillar",
    "dashboard",
    "reports",
    "report",
    "national",
    "matrix",
    "case_studies",
    "examples",
    "history",
    "revision",
    "open_data",
    "contact",
    "a11y_policy",
    "a11y_results",
    "search",
}


def test_every_page_type_is_built(built_sites):
    site = built_sites["public"]
    structure = site.source.structure
    assert {page.kind for page in structure.pages} == PAGE_KINDS
    assert len(structure.of_kind("measure")) == 23
    assert len(structure.of_kind("chapter")) == 6
    assert [p.key for p in structure.of_kind("report")] == [
        "2026Q2",
        "2026Q1",
        "2025Q4",
        "2025Q3",
        "2025Q2",
        "2025Q1",
    ]
    for page in structure.pages:
        built = site.site_dir / (page.path[:-3] + ".html")
        assert built.is_file(), page.path


def test_key_content_of_each_page_type(built_sites):
    site = built_sites["public"]
    top = page_text(site, "index.html")
    assert "青葉野市" in top
    assert '<time datetime="2024-12">2024年12月（令和6年12月）</time>' in top
    assert '<time datetime="2029">2029年度（令和11年度）</time>' in top
    assert "誰もが便利で迷わない行政サービス" in top  # the plan's own groups
    assert "オープンデータの推進" in top  # the five pillars
    assert "表: KPI の判定の件数" in top

    chapter = page_text(site, "chapters/policy.html")
    assert "第5章 基本的な方針" in chapter

    measure = page_text(site, "measures/m-1-01.html")
    assert "行政手続の棚卸しとオンライン化の推進" in measure
    assert '<ol class="timeline">' in measure and "<time datetime=" in measure
    assert 'href="../national/index.html#nm-01"' in measure
    assert 'href="../data/kpi/k-1-01-1.csv"' in measure and "CSV形式" in measure
    assert "四半期ごとの取組状況" in measure and "2026年度第2四半期" in measure

    dashboard = page_text(site, "progress/index.html")
    assert dashboard.count('<tr data-pillar="') == 61
    assert 'role="status"' in dashboard
    for key in ("pillar", "group", "field", "department", "status"):
        assert f'<label for="filter-{key}">' in dashboard

    assert "国の施策" in page_text(site, "national/index.html")
    assert "柱と重点分野" in page_text(site, "national/matrix.html")
    assert 'id="case-' in page_text(site, "national/case-studies.html")
    assert 'id="ex-' in page_text(site, "national/examples.html")
    assert "第1.2版" in page_text(site, "history.html")
    assert "digital@city.aobano.example" in page_text(site, "contact.html")
    assert "進捗報告 2026年度第2四半期" in page_text(site, "reports/2026Q2.html").replace(
        "<wbr>", ""
    )
    assert 'id="search"' in page_text(site, "search.html")
    assert (site.site_dir / "pagefind" / "pagefind-ui.js").is_file()


def test_relisted_kpis_are_shown_where_relisted(built_sites):
    site = built_sites["public"]
    data_relisted = [
        (page.key, kpi_id)
        for page in site.source.structure.of_kind("measure")
        for kpi_id in re.findall(r"（再掲）", page_text(site, page.path[:-3] + ".html"))
    ]
    assert data_relisted, "the example re-lists KPIs; their cards must say 再掲"


def test_open_data_page_lists_every_file_with_format_and_size(built_sites):
    site = built_sites["public"]
    text = page_text(site, "open-data.html")
    for path in (path for path in site.source.files if path.startswith("data/")):
        assert f'href="{path}"' in text
        assert (site.site_dir / path).is_file()
    kpi_csvs = [path for path in site.source.files if path.startswith("data/kpi/")]
    assert len(kpi_csvs) == 61
    assert "CSV形式、1KB）" in text
    assert (site.site_dir / "data/kpi/k-1-01-1.csv").read_bytes().startswith(b"\xef\xbb\xbf")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.texts: list[str] = []
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"] or "")
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"] or "")
            self._in_link = True
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_link = False

    def handle_data(self, data):
        if self._in_link:
            self.texts[-1] += data


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_anchor_resolves(built_sites):
    site_dir = built_sites["public"].site_dir
    pages = {path: _parse(path) for path in site_dir.rglob("*.html")}
    broken = []
    for path, parsed in pages.items():
        if path.name == "404.html":  # served from the site's root, its links are absolute
            continue
        for href in parsed.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((path.relative_to(site_dir), href))
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in pages[target].ids
            ):
                broken.append((path.relative_to(site_dir), href))
    assert broken[:20] == []


def test_link_texts_and_dates_follow_the_rules(built_sites):
    site_dir = built_sites["public"].site_dir
    for path in site_dir.rglob("*.html"):
        parsed = _parse(path)
        assert not any(text.strip() in ("こちら", "ここ") for text in parsed.texts), path
        body = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![A-Za-z0-9])R[0-9]{1,2}(?![0-9A-Za-z])", _visible(body)), path


def _visible(html_text: str) -> str:
    html_text = re.sub(r"<(script|style)\b.*?</\1>", "", html_text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html_text)


def test_charts_are_static_svg_and_plotly_is_loaded_only_when_asked(built_sites):
    site = built_sites["public"]
    charted = {path[:-3] + ".html" for path in site.source.chart_pages}
    assert "measures/m-1-01.html" in charted
    for path in site.site_dir.rglob("*.html"):
        relative = str(path.relative_to(site.site_dir))
        text = path.read_text(encoding="utf-8")
        assert "plotly.min.js" not in text  # never the full 4.8 MB bundle
        # The chart script (which loads the partial bundle on request) only where charts are;
        # no page loads plotly.js itself.
        assert ('javascripts/charts.js" data-plotly="' in text) == (relative in charted), relative
        assert not re.search(r'<script[^>]+src="[^"]*plotly', text), relative
        if relative in charted:
            assert '<svg viewBox="0 0 640' in text and 'class="chart-narrow"' in text
    plotly = site.site_dir / "assets" / "plotly"
    assert sorted(p.name for p in plotly.iterdir()) == ["LICENSE", "plotly-basic.min.js"]


def test_every_chart_can_be_downloaded_as_svg_beside_its_csv(built_sites):
    site = built_sites["public"]
    measure = page_text(site, "measures/m-1-01.html")
    svg = (site.site_dir / "charts" / "k-1-01-1.svg").read_text(encoding="utf-8")
    size = labels.file_size_label(len(svg.encode("utf-8")))
    csv_link = measure.index('href="../data/kpi/k-1-01-1.csv"')
    svg_link = measure.index('href="../charts/k-1-01-1.svg" download>')
    assert 0 < svg_link - csv_link < 400  # the next link after the CSV's
    assert f"のグラフ（SVG形式、{size}）</a>" in measure
    assert svg.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
    )
    charts = sorted(path.stem for path in (site.site_dir / "charts").glob("*.svg"))
    linked = sorted(
        set(
            re.findall(
                r'href="\.\./charts/([^"]+)\.svg"',
                "".join(
                    page_text(site, page.path[:-3] + ".html")
                    for page in site.source.structure.of_kind("measure")
                ),
            )
        )
    )
    assert charts == linked and len(charts) >= 20
    assert oct((site.site_dir / "charts" / "k-1-01-1.svg").stat().st_mode & 0o777) == "0o644"


def test_build_command_refuses_a_plan_with_errors(tmp_path):
    from typer.testing import CliRunner

    from generator.cli import app

    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "plan.yaml").write_text("municipality: 架空市\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path)])
    assert result.exit_code == 1
    assert "plan/plan.yaml" in result.output and "サイトを作れません" in result.output
    assert not (tmp_path / "site_build").exists()


def test_a_plan_without_groups_or_actuals_reads_by_pillars(base_copy, tmp_path):
    """No groups of its own and no actuals yet: chapter 6 follows the pillars, no report pages."""
    from site_helpers import build_example

    root = base_copy
    plan = root / "plan" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text[: text.index("groups:")], encoding="utf-8")
    for measure in (root / "measures").glob("*.yaml"):
        lines = measure.read_text(encoding="utf-8").splitlines(keepends=True)
        measure.write_text("".join(x for x in lines if not x.startswith("group:")), "utf-8")

    site = build_example(root, tmp_path / "out", internal=False, complete=False)
    kinds = {page.kind for page in site.source.structure.pages}
    assert "report" not in kinds and "reports" not in kinds
    chapter6 = page_text(site, "measures/index.html")
    assert "5つの柱の順に並べています" in chapter6
    assert 'id="pillar-online"' in chapter6
    assert "まだ KPI の実績が報告されていません" in page_text(site, "progress/index.html")


def test_top_page_links_the_pdf_with_its_format_size_and_pages():
    """The PDF (generator.publish.pdf) is linked only when one was written, with format and size."""
    import html

    from conftest import TEST_TODAY

    from generator.site.pages_open_data import DataFile
    from generator.site.pages_plan import render_top
    from generator.site.site_data import collect_site_data
    from generator.site.structure import site_structure
    from generator.validate import validate_plan

    project = validate_plan(Path(__file__).resolve().parents[1], today=TEST_TODAY).project
    data = collect_site_data(project, internal=False)
    structure = site_structure(data)
    top = structure.page("top")
    pdf = DataFile("downloads/plan.pdf", "計画（全文）", 1_300_000, "97ページ")
    linked = html.unescape(render_top(top, data, structure, pdf=pdf).markdown)
    assert '<a href="downloads/plan.pdf">計画（全文）（PDF形式、1.2MB、97ページ）</a>' in linked
    assert "downloads/plan.pdf" not in render_top(top, data, structure, pdf=None).markdown


def test_the_built_site_publishes_its_pdf_and_links_it_truly(built_sites):
    """`dataplan build` writes downloads/plan.pdf; the top page names its real size and pages."""
    import html
    import shutil
    import subprocess

    from conftest import EXAMPLE, TEST_TODAY, missing_tool

    from generator.labels import file_size_label
    from generator.validate import validate_plan

    site = built_sites["public"].site_dir
    pdf = site / "downloads" / "plan.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdfinfo") is None:
        missing_tool("pdfinfo がありません（apt-get install poppler-utils）")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)[1]
    top = page_text(built_sites["public"], "index.html")
    links = [
        html.unescape(text)
        for text in re.findall(r'<a href="downloads/plan\.pdf">([^<]*)</a>', top)
    ]
    title = validate_plan(EXAMPLE, today=TEST_TODAY).project.meta.title
    size = file_size_label(pdf.stat().st_size)
    assert links == [f"{title}（全文）（PDF形式、{size}、{pages}ページ）"]


def test_titles_are_unique_and_headings_do_not_skip_levels(built_sites):
    site_dir = built_sites["public"].site_dir
    titles: dict[str, Path] = {}
    for path in site_dir.rglob("*.html"):
        if path.name == "404.html" or "downloads" in path.parts:  # files offered, not pages
            continue
        text = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        assert title, path
        assert title[1] not in titles, (path, titles.get(title[1]))
        titles[title[1]] = path
        article = text[text.index('id="main-content"') : text.index("</article>")]
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", article)]
        assert levels.count(1) == 1 and levels[0] == 1, path
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert jumps == [], path


def test_the_whole_plan_prints_from_one_page_in_template_order(built_sites):
    site = built_sites["public"]
    html = (site.site_dir / "downloads" / "plan-print.html").read_text(encoding="utf-8")
    titles = ["第1章", "第2章", "第3章", "第4章", "第5章", "第6章", "第7章"]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "downloads/plan-print.html" in (site.site_dir / "index.html").read_text(encoding="utf-8")
