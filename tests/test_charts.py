"""Charts (F15): static SVG that stands alone, no request leaves the site, the text alternative
matches the data, labels never meet, text is escaped."""

from __future__ import annotations

import html
import json
import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment

from generator.kpi.status import default_period, evaluate_project
from generator.labels import STATUS_LABELS
from generator.site.chart_geometry import nice_ticks, text_width
from generator.site.chart_style import PLOTLY_CONFIG
from generator.site.charts import (
    BaselinePoint,
    KpiSeries,
    copy_plotly_js,
    kpi_chart,
    kpi_chart_svg,
    status_by_pillar_chart,
)
from generator.site.kpi_series import kpi_series
from generator.site.kpi_svg import NARROW, WIDE, kpi_drawing
from generator.site.svg_picture import Text
from generator.validate import validate_plan
from tools.fetch_plotly import VERSION, header

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = '<script>alert(1)</script><a href="http://evil.example/">x</a>'

ONLINE = KpiSeries(
    kpi_id="k-1-01-1",
    name="オンライン申請件数",
    unit="件",
    direction="increase",
    baseline=BaselinePoint(45, "2024年度（令和6年度）", 2024),
    targets=[("2027年度（令和9年度）", "2027", 150), ("2029年度（令和11年度）", "2029", 1500)],
    actuals=[
        ("2025Q1", "2025年度第1四半期（令和7年度）", 62),
        ("2025Q2", "2025年度第2四半期（令和7年度）", 120),
    ],
    status_label="順調",
    status_mark="B",
)

WAITING = KpiSeries(
    kpi_id="k-2",
    name="オープンデータのデータセット数",
    unit="件",
    baseline=BaselinePoint(None, "—"),
    targets=[("2026年度第2四半期（令和8年度）", "2026Q2", 1200)],
    status_label="未計測",
)

FEWER = KpiSeries(
    kpi_id="k-3",
    name="窓口の平均待ち時間",
    unit="分",
    direction="decrease",
    baseline=BaselinePoint(45, "2023年度（令和5年度）", 2023),
    targets=[("2027年度（令和9年度）", "2027", 20)],
    actuals=[
        ("2025Q1", "2025年度第1四半期（令和7年度）", 38.5),
        ("2025Q2", "2025年度第2四半期（令和7年度）", None),
    ],
    status_label="遅れ",
    status_mark="C",
)

PILLARS = [
    ("オンライン化原則", {"達成": 2, "順調": 3, "遅れ": 1}),
    ("オープンデータの推進", {"順調": 1, "未計測": 1200}),
]

URL = re.compile(r"https?://", re.IGNORECASE)
SVG = "{http://www.w3.org/2000/svg}"


def every_fragment():
    return [
        kpi_chart(ONLINE, "k1"),
        kpi_chart(WAITING, "k2"),
        kpi_chart(FEWER, "k3"),
        status_by_pillar_chart(PILLARS, "pillars"),
    ]


def numbers(text: str) -> list[str]:
    """Number tokens as written (half-width, with thousands separators)."""
    return re.findall(r"\d[\d,]*(?:\.\d+)?", text)


def table_numbers(fragment) -> set[str]:
    cells = [*fragment.table.headers, *(cell for row in fragment.table.rows for cell in row)]
    return {token for cell in cells for token in numbers(cell)}


def figure_json(fragment) -> dict:
    """The interactive figure as the page carries it (a JSON script beside the picture)."""
    found = re.search(
        rf'<script type="application/json" id="{fragment.chart_id}-figure">(.*?)</script>',
        fragment.to_html(),
        re.S,
    )
    assert found, fragment.to_html()
    return json.loads(found[1])


def svg_root(text: str) -> ET.Element:
    """A standalone SVG file parsed as XML (a parse error fails the test)."""
    return ET.fromstring(text.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n'))


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def page_texts(markup: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", markup)]


def test_fragment_requests_nothing_from_another_host():
    for fragment in every_fragment():
        # No URL at all: not in the markup, the figure's JSON or the config.
        page = fragment.to_html()
        assert not URL.search(page), page
        assert "cdn" not in page.lower()
        assert "<script src" not in page
        # The file of its own names only the SVG namespace (no request is made for it).
        addresses = set(re.findall(r"https?://[^\s\"']+", fragment.file_svg))
        assert addresses <= {"http://www.w3.org/2000/svg"}, addresses


def test_config_turns_off_sharing_and_the_modebar():
    config = figure_json(kpi_chart(ONLINE, "k1"))["config"]
    assert config["showSendToCloud"] is False
    assert config["displaylogo"] is False
    assert config["displayModeBar"] is False
    assert config["typesetMath"] is False
    assert config["locale"] == "ja" and "ja" in config["locales"]
    assert "plotlyServerURL" not in config


def test_plotly_accepts_the_figure_and_every_config_key():
    """The figure is a plain dict (fast to make): plotly's own schema checks it here."""
    go = pytest.importorskip("plotly.graph_objects")
    for series in (ONLINE, WAITING, FEWER):
        payload = figure_json(kpi_chart(series, "k1"))
        figure = go.Figure(data=payload["data"], layout=payload["layout"])  # raises on a bad key
        go.layout.XAxis(payload["narrowXaxis"])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            figure.to_html(include_plotlyjs=False, config=payload["config"])
    assert set(PLOTLY_CONFIG) >= {"showSendToCloud", "displaylogo", "displayModeBar"}


def test_summary_numbers_are_in_the_table():
    for fragment in every_fragment():
        assert fragment.summary
        missing = set(numbers(fragment.summary)) - table_numbers(fragment)
        assert not missing, (fragment.summary, fragment.table.rows)


def test_summary_of_a_kpi_says_latest_target_baseline_and_status():
    summary = kpi_chart(ONLINE, "k1").summary
    assert summary == (
        "2025年度第2四半期（令和7年度）の実績は120件です。"
        "目標は2027年度（令和9年度）に150件、基準値は2024年度（令和6年度）の45件です。"
        "判定：順調（B）。"
    )


def test_numbers_are_half_width_with_thousands_separators():
    fragment = status_by_pillar_chart(PILLARS, "pillars")
    assert "1,200件" in fragment.summary
    assert ("オープンデータの推進", "0", "1", "0", "1,200", "1,201") in fragment.table.rows
    assert fragment.table.rows[-1][0] == "合計"
    assert "1,200件" in page_texts(fragment.to_html())


def test_kpi_without_actuals_says_so_and_still_has_a_table():
    fragment = kpi_chart(WAITING, "k2")
    assert fragment.summary.startswith("実績はまだありません。")
    assert "1,200件" in fragment.summary
    assert fragment.table.headers == ("時期", "区分", "値（件）")
    assert fragment.table.rows == (("2026年度第2四半期（令和8年度）", "目標", "1,200"),)
    assert "<table" in fragment.to_html()


def test_decreasing_kpi_reads_as_lower_is_better():
    fragment = kpi_chart(FEWER, "k3")
    assert "38.5分" in fragment.summary
    assert "2027年度（令和9年度）に20分以下" in fragment.summary
    assert "値が小さいほど良い" in fragment.summary
    assert "数値のない報告" in fragment.summary
    assert ("2025年度第2四半期（令和7年度）", "実績", "数値なし") in fragment.table.rows
    assert fragment.summary.endswith("判定：遅れ（C）。")


def test_styles_follow_the_dads_rules():
    root = svg_root(kpi_chart(ONLINE, "k1").file_svg)
    paths = list(root.iter(f"{SVG}path"))
    strokes = {(path.get("stroke"), path.get("stroke-dasharray")) for path in paths}
    assert ("#0017C1", None) in strokes  # actuals: solid DADS blue
    assert ("#333333", "7 4") in strokes  # targets: dashed #333
    assert ("#767676", "2 3") in strokes  # baseline: dotted
    marks = {path.get("fill") for path in paths if path.get("fill") != "none"}
    assert marks == {"#0017C1", "#333333", "#767676"}  # each series has its marker
    sizes = [
        float(node.get("font-size", root.get("font-size"))) for node in root.iter(f"{SVG}text")
    ]
    assert min(sizes) >= 12
    texts = svg_texts(root)
    assert "判定：順調（B）" in texts  # the status in words, not by colour
    assert {"実績", "目標", "基準値"} <= set(texts)  # the legend
    assert "値（件）" in texts
    assert "Noto Sans CJK JP" in root.get("font-family")
    figure = kpi_chart(ONLINE, "k1").figure
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert traces["実績"]["line"]["color"] == "#0017C1" and "dash" not in traces["実績"]["line"]
    assert traces["目標"]["line"]["dash"] == "dash" and traces["目標"]["line"]["color"] == "#333333"
    assert traces["基準値"]["line"]["dash"] == "dot"
    assert len({trace["marker"]["symbol"] for trace in figure["data"]}) == 3
    layout = figure["layout"]
    assert layout["xaxis"]["tickfont"]["size"] >= 12 and layout["yaxis"]["tickfont"]["size"] >= 12
    assert layout["title"]["text"] == "判定：順調（B）"
    assert layout["xaxis"]["fixedrange"] and layout["yaxis"]["fixedrange"]


def test_the_chart_is_real_text_named_and_described():
    fragment = kpi_chart(ONLINE, "k1")
    root = svg_root(fragment.file_svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == "オンライン申請件数の実績と目標"
    assert desc is not None and desc.text == fragment.summary
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    # The download names the KPI on the picture itself (it has no caption around it).
    assert svg_texts(root)[0] == "オンライン申請件数"
    # On the page: a wide and a narrow picture, each named by its own title and summary.
    page = fragment.to_html()
    assert page.count('role="img"') == 2
    for size in ("wide", "narrow"):
        assert f'aria-labelledby="k1-{size}-title"' in page
        assert f'<desc id="k1-{size}-desc">' in page
    # No id is used twice on the page.
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), ids


def test_phones_get_short_year_labels_and_never_r7():
    fragment = kpi_chart(ONLINE, "k1")
    narrow = re.search(
        r'<svg viewBox="0 0 320 [^"]*" class="chart-narrow".*?</svg>', fragment.to_html(), re.S
    )
    assert narrow
    texts = page_texts(narrow[0])
    assert {"2024", "2025", "年度"} <= set(texts)
    assert not any(re.search(r"R\d", text) for text in texts)
    assert "2025年度" in svg_texts(svg_root(kpi_chart_svg(ONLINE, named=False)))
    assert figure_json(fragment)["narrowXaxis"]["ticktext"][:2] == ["2024", "2025"]


def label_boxes(picture):
    """(left, right, top, bottom, text) of every text, by the width estimate the layout uses."""
    boxes = []
    for shape in picture.shapes:
        if not isinstance(shape, Text):
            continue
        width = text_width(shape.text, shape.size)
        left = {"start": shape.x, "middle": shape.x - width / 2, "end": shape.x - width}[
            shape.anchor
        ]
        boxes.append(
            (left, left + width, shape.y - shape.size, shape.y + shape.size * 0.2, shape.text)
        )
    return boxes


def assert_no_text_meets_another(picture):
    boxes = label_boxes(picture)
    for left, right, top, bottom, text in boxes:
        assert left >= 0 and right <= picture.width, (text, left, right)
        assert top >= 0 and bottom <= picture.height, (text, top, bottom)
    for index, first in enumerate(boxes):
        for second in boxes[index + 1 :]:
            apart = (
                first[1] <= second[0]
                or second[1] <= first[0]
                or first[3] <= second[2]
                or second[3] <= first[2]
            )
            assert apart, (first, second)


def spanning(first_year: int, last_year: int, high: float) -> KpiSeries:
    return KpiSeries(
        kpi_id="k",
        name="長い期間にわたって毎年度の件数を数える、名前のとても長い指標の例（全庁）",
        unit="件",
        baseline=BaselinePoint(high / 3, f"{first_year}年度", first_year),
        targets=[(f"{last_year}年度", str(last_year), high)],
        actuals=[(f"{first_year}Q1", "その年度の第1四半期", high / 2)],
        status_label="順調",
    )


@pytest.mark.parametrize("years", [1, 2, 5, 8, 12, 20])
@pytest.mark.parametrize("high", [0.5, 7, 1500, 123_456_789])
def test_no_label_meets_another_in_either_size(years, high):
    series = spanning(2020, 2020 + years - 1, high)
    for frame in (WIDE, NARROW):
        drawing = kpi_drawing(series, frame, title="t", description="d", heading=series.name)
        assert_no_text_meets_another(drawing.picture)
        assert drawing.year_labels, frame  # at least one 年度 is named
        if frame is NARROW:
            assert all(text == str(year) for year, text in drawing.year_labels)


def test_status_by_pillar_is_small_multiples_labelled_in_words():
    fragment = status_by_pillar_chart(PILLARS, "pillars")
    pictures = re.findall(r"<svg .*?</svg>", fragment.to_html(), re.S)
    assert len(pictures) == len(PILLARS)  # one small chart per pillar, never one stacked bar
    statuses = ["達成", "順調", "遅れ", "未計測"]
    for picture, (pillar, counts) in zip(pictures, PILLARS, strict=True):
        texts = page_texts(picture)
        assert texts[0] == pillar
        # The same statuses in the same order in every panel, each with its count in words.
        assert texts[1::2] == statuses
        assert texts[2::2] == [f"{counts.get(status, 0):,}件" for status in statuses]
        # One colour for every bar: the words carry the meaning.
        assert set(re.findall(r'<path [^>]*fill="(#[0-9A-F]{6})"', picture)) == {"#0017C1"}


def test_hostile_names_are_escaped_everywhere():
    series = KpiSeries(
        kpi_id="k-x",
        name=HOSTILE,
        unit="</script>",
        targets=[(HOSTILE, "2027", 1)],
        actuals=[("2025Q1", HOSTILE, 2)],
        status_label=HOSTILE,
    )
    fragment = kpi_chart(series, "kx")
    rendered = fragment.to_html()
    assert "<script>alert" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # caption, summary, table, SVG
    assert '<a href="http' not in rendered
    # The figure's JSON cannot close its script element: the only script is that one.
    assert rendered.count("<script") == 1 and rendered.count("</script>") == 1
    assert figure_json(fragment)["layout"]["title"]["text"].startswith("判定：&lt;script&gt;")
    assert all(
        "<" not in row for trace in fragment.figure["data"] for row in trace["customdata"][0]
    )
    # The SVG file is well-formed and reads back as the very text that was given.
    root = svg_root(fragment.file_svg)
    assert svg_texts(root)[0] == HOSTILE
    assert f"判定：{HOSTILE}" in svg_texts(root)
    bars = status_by_pillar_chart([(HOSTILE, {HOSTILE: 1})], "p")
    assert "<script" not in bars.to_html()
    drawn = "".join(page_texts(bars.to_html()))  # the pillar's and the status's names, in lines
    assert drawn.count(HOSTILE.replace(" ", "")) == 2
    # An autoescaping template escapes the plain-text parts as well.
    template = Environment(autoescape=True).from_string("{{ f.caption }}{{ f.summary }}")
    assert "<script>" not in template.render(f=fragment)


def test_chart_id_must_be_an_html_id():
    with pytest.raises(ValueError):
        kpi_chart(ONLINE, 'a" onload="x')


def test_the_partial_plotly_bundle_is_copied_once_with_its_licence(tmp_path):
    copied = copy_plotly_js(tmp_path / "assets")
    assert copied.name == "plotly-basic.min.js"
    assert header(VERSION) in copied.read_text(encoding="utf-8")[:200]
    assert copied.stat().st_size < 1_500_000  # the partial bundle, never the 4.8 MB one
    licence = (tmp_path / "assets" / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Plotly" in licence
    assert oct(copied.stat().st_mode & 0o777) == "0o644"
    before = copied.stat().st_mtime_ns
    assert copy_plotly_js(tmp_path / "assets") == copied
    assert copied.stat().st_mtime_ns == before
    assert sorted(path.name for path in (tmp_path / "assets").iterdir()) == [
        "LICENSE",
        "plotly-basic.min.js",
    ]


def test_the_figure_says_the_status_in_words_and_no_long_name():
    name = "子育て世帯が保育所等の入所申込みをオンラインで完結できた割合（A&B）"
    series = KpiSeries(kpi_id="k", name=name, unit="%", status_label="遅れ", status_mark="C")
    fragment = kpi_chart(series, "k")
    assert fragment.figure["layout"]["title"]["text"] == "判定：遅れ（C）"
    assert name not in json.dumps(fragment.figure, ensure_ascii=False)
    texts = page_texts(fragment.to_html())
    assert "判定：遅れ（C）" in texts and not any("子育て" in text for text in texts)


def test_every_numeric_kpi_of_the_example_city_has_a_consistent_chart():
    project = validate_plan(ROOT).project
    evaluations = evaluate_project(
        project, project.actuals, default_period(project.actuals).quarter
    )
    charted = 0
    for _, _, kpi in project.iter_kpis():
        progress = evaluations[kpi.id].current
        status_label = STATUS_LABELS[progress.status]
        series = kpi_series(kpi, project.actuals, progress)
        if series is None:
            assert kpi.is_milestone
            continue
        fragment = kpi_chart(series, f"chart-{kpi.id}")
        charted += 1
        assert not URL.search(fragment.to_html())
        assert svg_texts(svg_root(fragment.file_svg))[0] == kpi.name
        for frame in (WIDE, NARROW):
            picture = kpi_drawing(series, frame, title="", description="").picture
            assert_no_text_meets_another(picture)
        assert set(numbers(fragment.summary)) <= table_numbers(fragment), fragment.summary
        assert fragment.summary.endswith(
            (
                f"判定：{status_label}。",
                f"判定：{status_label}（{progress.mark}）。",
            )
        )
        assert all(int(row[0][:4]) >= 2019 for row in fragment.table.rows)
    assert charted >= 20


def test_a_decreasing_target_of_zero_reads_without_or_less():
    series = KpiSeries(
        kpi_id="k",
        name="事故の件数",
        unit="件",
        direction="decrease",
        targets=[("2026年度", "2026", 0)],
    )
    assert "目標は2026年度に0件です。" in kpi_chart(series, "k").summary


def test_the_same_chart_is_drawn_the_same_every_time():
    assert kpi_chart(ONLINE, "k1").to_html() == kpi_chart(ONLINE, "k1").to_html()
    assert kpi_chart_svg(FEWER, named=True) == kpi_chart_svg(FEWER, named=True)


def test_an_actual_without_a_number_breaks_the_line():
    root = svg_root(kpi_chart_svg(FEWER, named=False))
    lines = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#0017C1"]
    # The legend's sample only: one numeric actual and a gap draw no line of actuals.
    assert [p.get("d").count("M") for p in lines] == [1]
    marks = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "#0017C1"]
    assert sum(p.get("d").count("M") for p in marks) == 2  # the legend's mark and the actual's


@given(
    low=st.floats(-1e9, 1e9, allow_nan=False),
    spread=st.floats(0, 1e9, allow_nan=False),
    count=st.integers(2, 8),
)
def test_nice_ticks_cover_the_range_with_a_nice_step(low, spread, count):
    high = low + spread
    ticks = nice_ticks(low, high, count)
    values = ticks.values
    assert values[0] <= low and values[-1] >= high
    mantissa = float(f"{ticks.step:e}".split("e")[0])
    assert mantissa in (1, 2, 5)
    assert 2 <= len(values) <= 2 * count + 1
    labels = [ticks.label(value) for value in values]
    assert len(set(labels)) == len(labels), labels  # never two ticks with one label


def test_nice_ticks_of_examples():
    assert nice_ticks(0, 1500, 6).values == [0, 500, 1000, 1500]
    assert nice_ticks(0, 1500, 6).label(1000) == "1,000"
    assert nice_ticks(0, 45, 6).values == [0, 10, 20, 30, 40, 50]
    small = nice_ticks(0, 0.5, 4)
    assert [small.label(v) for v in small.values] == ["0", "0.2", "0.4", "0.6"]
    assert nice_ticks(0, 0, 4).values == [0, 0.5, 1]  # nothing to divide: a unit range
    assert nice_ticks(-30, 80, 5).values[0] == -50


@pytest.mark.parametrize(
    "statuses",
    [["達成", "順調", "遅れ"], ["目標を大きく上回って達成した指標", "実績（文章のみ）", HOSTILE]],
)
def test_no_label_meets_another_in_the_small_multiples(statuses):
    from generator.site.status_figure import status_pictures

    rows = [
        ("1. オンライン化原則", {status: index * 3 for index, status in enumerate(statuses)}),
        ("5. 標準化・デジタル化・システム改革・BPR（業務の見直し）", {statuses[0]: 12_345}),
    ]
    for picture in status_pictures(rows):
        assert_no_text_meets_another(picture)
