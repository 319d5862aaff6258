"""The KPI chart (F15): its time axis, summary and table, and the interactive plotly figure.

Positions on the time axis are quarter indexes (`2025Q3`); a 年度 target (`2027`)
sits at the last quarter of its 年度, where it is due, and so does a baseline of a
年度. Each 年度 is a band of four quarters, labelled at its middle. The static
drawing of the same chart is kpi_svg.py.
"""

from __future__ import annotations

import functools
from typing import Any

from generator.quarters import Quarter
from generator.site.chart_data import NO_NUMBER, DataTable, KpiSeries, TargetPoint, number_text
from generator.site.chart_style import (
    ACTUAL_COLOUR,
    BASELINE_COLOUR,
    FONT_SIZE,
    GRID_COLOUR,
    HOVER,
    TARGET_COLOUR,
    base_layout,
    plotly_text,
)

ACTUAL, TARGET, BASELINE = "実績", "目標", "基準値"


@functools.lru_cache(maxsize=4096)  # a chart asks for the same few times again and again
def position(when: str) -> int:
    """Quarter index of a time: `2025Q3` itself; a 年度 `2027` at its last quarter."""
    text = str(when).strip()
    if text.isdigit():
        return Quarter(int(text), 4).index
    return Quarter.parse(text).index


def kpi_figure(series: KpiSeries) -> dict[str, Any]:
    """The interactive chart of one KPI as plotly.js reads it (`data` and `layout`).

    A plain dict, checked against plotly's schema by the tests: building plotly.py
    figures cost tens of milliseconds per chart. The static SVG (kpi_svg.py) is what
    every page, the PDF and the download show; this is loaded only when asked for.
    """
    unit = series.unit
    traces: list[dict[str, Any]] = []
    first_year, last_year = year_span(series)
    if series.baseline is not None and series.baseline.value is not None:
        value = series.baseline.value
        start = baseline_position(series)
        end = max(start, *_positions(series))
        traces.append(
            {
                "type": "scatter",
                "name": BASELINE,
                "x": [start, end],
                "y": [value, value],
                "mode": "lines+markers",
                "line": {"color": BASELINE_COLOUR, "dash": "dot", "width": 2},
                "marker": {"symbol": "square", "size": [10, 0], "color": BASELINE_COLOUR},
                "customdata": [_hover(series.baseline.label, BASELINE, value, unit)] * 2,
                "hovertemplate": HOVER,
            }
        )
    targets = sorted(series.targets, key=lambda point: position(point.when))
    if targets:
        traces.append(
            {
                "type": "scatter",
                "name": TARGET,
                "x": [position(point.when) for point in targets],
                "y": [point.value for point in targets],
                "mode": "lines+markers",
                "line": {"color": TARGET_COLOUR, "dash": "dash", "width": 2},
                "marker": {"symbol": "diamond", "size": 12, "color": TARGET_COLOUR},
                "customdata": [_hover(p.label, TARGET, p.value, unit) for p in targets],
                "hovertemplate": HOVER,
            }
        )
    actuals = sorted(series.actuals, key=lambda point: position(point.quarter))
    if actuals:
        traces.append(
            {
                "type": "scatter",
                "name": ACTUAL,
                "x": [position(point.quarter) for point in actuals],
                "y": [point.value for point in actuals],
                "mode": "lines+markers",
                "connectgaps": False,
                "line": {"color": ACTUAL_COLOUR, "width": 3},
                "marker": {"symbol": "circle", "size": 9, "color": ACTUAL_COLOUR},
                "customdata": [_hover(p.label, ACTUAL, p.value, unit) for p in actuals],
                "hovertemplate": HOVER,
            }
        )
    layout = base_layout()
    # The KPI's name is the figure's caption in the page; the chart itself says the
    # status in words, so that the status never rests on a colour.
    if series.status_label:
        layout["title"] = {
            "text": plotly_text(f"判定：{status_text(series)}"),
            "font": {"size": FONT_SIZE},
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 8},
        }
    layout["showlegend"] = True
    # Below the chart, so that on a narrow screen its rows never cover the title.
    layout["legend"].update(y=0, yanchor="bottom", yref="container")
    layout["margin"]["t"] = 40
    years = range(first_year, last_year + 1)
    # Each 年度 is a band of four quarters, labelled at its middle; thin lines part the 年度.
    layout["xaxis"].update(
        title={"text": "年度"},
        range=[first_year * 4 - 0.5, last_year * 4 + 3.5],
        tickmode="array",
        tickvals=[year * 4 + 1.5 for year in years],
        ticktext=[f"{year}年度" for year in years],
        ticks="",
        showgrid=False,
        minor={
            "tickmode": "array",
            "tickvals": [year * 4 - 0.5 for year in years][1:],
            "showgrid": True,
            "gridcolor": GRID_COLOUR,
            "ticks": "",
        },
    )
    layout["yaxis"].update(
        title={"text": plotly_text(value_title(series))},
        rangemode="tozero",
        tickformat=",~r",
        separatethousands=True,
    )
    return {"data": traces, "layout": layout}


def year_span(series: KpiSeries) -> tuple[int, int]:
    """The first and last 年度 a chart of the KPI covers (its baseline, actuals and targets)."""
    first, last = _extent(series)
    start = min(first, baseline_position(series))
    return start // 4, last // 4


def baseline_position(series: KpiSeries) -> int:
    """Where the baseline is drawn: the last quarter of its 年度, else just before the first point."""
    return _baseline_position(series, _extent(series)[0])


def _positions(series: KpiSeries) -> list[int]:
    return [position(p.quarter) for p in series.actuals] + [
        position(p.when) for p in series.targets
    ]


def kpi_summary(series: KpiSeries) -> str:
    """The summary of one KPI, made from the same points as its table."""
    unit = series.unit
    numeric = [(point, point.value) for point in series.actuals if point.value is not None]
    latest = max(numeric, key=lambda pair: position(pair[0].quarter), default=None)
    sentences = []
    if latest is None:
        sentences.append("実績はまだありません。")
    else:
        point, value = latest
        sentences.append(f"{point.label}の実績は{number_text(value)}{unit}です。")
        newest = max(series.actuals, key=lambda point: position(point.quarter))
        if newest.value is None:
            sentences.append(f"{newest.label}は数値のない報告です。")
    context = []
    target = _target_for(series, position(latest[0].quarter) if latest else None)
    if target is not None:
        context.append(f"目標は{_target_words(series, target)}")
    baseline = series.baseline
    if baseline is not None and baseline.value is not None:
        context.append(f"基準値は{baseline.label}の{number_text(baseline.value)}{unit}")
    if context:
        sentences.append("、".join(context) + "です。")
    if series.direction == "decrease":
        sentences.append("この指標は値が小さいほど良い指標です。")
    if series.status_label:
        sentences.append(f"判定：{status_text(series)}。")
    return "".join(sentences)


def kpi_table(series: KpiSeries) -> DataTable:
    """Baseline, actuals and targets in time order: 時期, 区分, 値（単位）."""
    rows: list[tuple[int, int, tuple[str, str, str]]] = []
    baseline = series.baseline
    if baseline is not None and baseline.value is not None:
        at = _baseline_position(series, _extent(series)[0])
        rows.append((at, 0, (baseline.label, BASELINE, number_text(baseline.value))))
    for actual in series.actuals:
        shown = NO_NUMBER if actual.value is None else number_text(actual.value)
        rows.append((position(actual.quarter), 1, (actual.label, ACTUAL, shown)))
    for target in series.targets:
        rows.append((position(target.when), 2, (target.label, TARGET, number_text(target.value))))
    rows.sort(key=lambda row: (row[0], row[1]))
    return DataTable(
        caption=f"{series.name}の基準値・実績・目標",
        headers=("時期", "区分", value_title(series)),
        rows=tuple(row for _, _, row in rows),
        numeric_columns=(2,),
    )


def value_title(series: KpiSeries) -> str:
    """The value axis's and the table's heading: 値（件）."""
    return f"値（{series.unit}）" if series.unit else "値"


def _extent(series: KpiSeries) -> tuple[int, int]:
    """First and last quarter index of the actuals and targets (a year around now when empty)."""
    points = [position(p.quarter) for p in series.actuals] + [
        position(p.when) for p in series.targets
    ]
    if series.baseline is not None and series.baseline.fiscal_year is not None:
        points.append(Quarter(series.baseline.fiscal_year, 4).index)
    if not points:
        return 0, 3
    return min(points), max(points)


def _baseline_position(series: KpiSeries, first: int) -> int:
    baseline = series.baseline
    if baseline is not None and baseline.fiscal_year is not None:
        return Quarter(baseline.fiscal_year, 4).index
    return first - 1


def _target_for(series: KpiSeries, at: int | None) -> TargetPoint | None:
    """The first target not yet due at the latest actual, else the last target."""
    ordered = sorted(series.targets, key=lambda point: position(point.when))
    if not ordered:
        return None
    if at is None:
        return ordered[0]
    return next((point for point in ordered if position(point.when) >= at), ordered[-1])


def _target_words(series: KpiSeries, target: TargetPoint) -> str:
    value = f"{number_text(target.value)}{series.unit}"
    if series.direction == "decrease" and target.value > 0:
        return f"{target.label}に{value}以下"
    if series.direction == "keep":
        return f"{target.label}まで{value}を維持"
    return f"{target.label}に{value}"


def status_text(series: KpiSeries) -> str:
    """The status in words: 順調（B）; the mark only when it differs from the status."""
    mark = series.status_mark
    if mark and mark != series.status_label:
        return f"{series.status_label}（{mark}）"
    return series.status_label


def _hover(label: str, kind: str, value: float | None, unit: str) -> list[str]:
    shown = NO_NUMBER if value is None else f"{number_text(value)}{unit}"
    return [plotly_text(label), plotly_text(f"{kind} {shown}")]
