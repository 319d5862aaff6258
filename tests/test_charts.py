"""Charts (F15): no request leaves the site, the text alternative matches the data, text is escaped."""

from __future__ import annotations

import json
import re
import warnings
from importlib import resources
from pathlib import Path

import pytest
from jinja2 import Environment

from generator.kpi.status import default_period, evaluate_project
from generator.labels import STATUS_LABELS
from generator.site.chart_style import PLOTLY_CONFIG
from generator.site.charts import (
    BaselinePoint,
    KpiSeries,
    copy_plotly_js,
    kpi_chart,
    status_by_pillar_chart,
)
from generator.site.kpi_series import kpi_series
from generator.validate import validate_plan

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


def test_fragment_requests_nothing_from_another_host():
    for fragment in every_fragment():
        # No URL at all: not in the markup, the figure's JSON or the config.
        assert not URL.search(fragment.html), fragment.html
        assert not URL.search(fragment.to_html())
        assert "cdn" not in fragment.html.lower()
        assert "<script src" not in fragment.html


def test_config_turns_off_sharing_and_the_modebar():
    fragment = kpi_chart(ONLINE, "k1")
    config = json.loads(re.search(r"(\{\"showSendToCloud\".*?\})\s*\)", fragment.html)[1])
    assert config["showSendToCloud"] is False
    assert config["displaylogo"] is False
    assert config["displayModeBar"] is False
    assert config["typesetMath"] is False
    assert config["locale"] == "ja" and "ja" in config["locales"]
    assert "plotlyServerURL" not in config


def test_plotly_accepts_every_config_key():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kpi_chart(ONLINE, "k1")
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
    figure = kpi_chart(ONLINE, "k1").figure
    traces = {trace.name: trace for trace in figure.data}
    assert traces["実績"].line.color == "#0017C1" and traces["実績"].line.dash is None
    assert traces["目標"].line.dash == "dash" and traces["目標"].line.color == "#333333"
    assert traces["基準値"].line.dash == "dot"
    symbols = {traces[name].marker.symbol for name in traces}
    assert len(symbols) == 3
    assert figure.layout.xaxis.tickfont.size >= 12 and figure.layout.yaxis.tickfont.size >= 12
    assert figure.layout.yaxis.title.text == "実績・目標（件）"
    assert "Noto Sans JP" in figure.layout.font.family
    assert figure.layout.title.text == "判定：順調（B）"
    assert figure.layout.xaxis.fixedrange and figure.layout.yaxis.fixedrange


def test_status_bars_differ_by_more_than_colour():
    figure = status_by_pillar_chart(PILLARS, "pillars").figure
    patterns = [trace.marker.pattern.shape for trace in figure.data]
    assert len(set(patterns)) == len(patterns)
    assert all(any(trace.text) for trace in figure.data)


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
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # caption, summary and table
    assert '<a href="http' not in rendered
    # plotly's own markup: the only script tags are plotly's; no user text closes them.
    assert fragment.html.count("<script") == 1 and fragment.html.count("</script>") == 1
    # In the figure's JSON the text is escaped for plotly's label markup too.
    assert fragment.figure.layout.title.text.startswith("判定：&lt;script&gt;")
    assert all("<" not in row for trace in fragment.figure.data for row in trace.customdata[0])
    bars = status_by_pillar_chart([(HOSTILE, {HOSTILE: 1})], "p")
    assert "<script>alert" not in bars.to_html()
    assert bars.html.count("</script>") == 1
    # An autoescaping template escapes the plain-text parts as well.
    template = Environment(autoescape=True).from_string("{{ f.caption }}{{ f.summary }}")
    assert "<script>" not in template.render(f=fragment)


def test_chart_id_must_be_an_html_id():
    with pytest.raises(ValueError):
        kpi_chart(ONLINE, 'a" onload="x')


def test_plotly_js_is_copied_once_from_the_package(tmp_path):
    copied = copy_plotly_js(tmp_path / "assets")
    bundled = resources.files("plotly") / "package_data" / "plotly.min.js"
    assert copied.read_bytes() == bundled.read_bytes()
    assert oct(copied.stat().st_mode & 0o777) == "0o644"
    before = copied.stat().st_mtime_ns
    assert copy_plotly_js(tmp_path / "assets") == copied
    assert copied.stat().st_mtime_ns == before
    assert [path.name for path in (tmp_path / "assets").iterdir()] == ["plotly.min.js"]


def test_the_figure_says_the_status_in_words_and_no_long_name():
    name = "子育て世帯が保育所等の入所申込みをオンラインで完結できた割合（A&B）"
    series = KpiSeries(kpi_id="k", name=name, unit="%", status_label="遅れ", status_mark="C")
    figure = kpi_chart(series, "k").figure
    assert figure.layout.title.text == "判定：遅れ（C）"
    assert name not in figure.to_json()


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
        assert not URL.search(fragment.html)
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
