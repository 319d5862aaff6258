"""Charts for the site and the PDF (F15): plotly figures with a caption, a summary and a table.

Each chart is a `ChartFragment`: plotly's `<div>` (drawn by the site's own copy
of plotly.js, see `copy_plotly_js`; never a CDN) and a text alternative made from
the same data: the summary says the latest actual, the target and the baseline,
and the status in words, and every number in it is a cell of the table.

Positions on the time axis are quarters (`2025Q3`); a 年度 target (`2027`) sits at
the last quarter of its 年度, where it is due.
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from markupsafe import Markup

from generator.kpi.values import display_number
from generator.quarters import Quarter
from generator.site.chart_data import (
    ActualPoint,
    BaselinePoint,
    ChartFragment,
    DataTable,
    KpiSeries,
    TargetPoint,
    check_chart_id,
)
from generator.site.chart_style import (
    ACTUAL_COLOUR,
    BASELINE_COLOUR,
    CATEGORY_COLOURS,
    CATEGORY_PATTERNS,
    GRID_COLOUR,
    PLOTLY_CONFIG,
    TARGET_COLOUR,
    base_layout,
    plotly_text,
    text_colour_on,
)

__all__ = [
    "ActualPoint",
    "BaselinePoint",
    "ChartFragment",
    "DataTable",
    "KpiSeries",
    "TargetPoint",
    "copy_plotly_js",
    "kpi_chart",
    "status_by_pillar_chart",
]

PLOTLY_JS = "plotly.min.js"
NO_NUMBER = "数値なし"
ACTUAL, TARGET, BASELINE = "実績", "目標", "基準値"
EMPTY_TEMPLATE = (
    go.layout.Template()
)  # plotly's default template would add its own colours and 10 KB
HOVER = "%{customdata[0]}<br>%{customdata[1]}<extra></extra>"


def kpi_chart(series: KpiSeries, chart_id: str) -> ChartFragment:
    """One KPI over time: actuals (solid blue), targets (dashed), the baseline (dotted)."""
    check_chart_id(chart_id)
    figure = kpi_figure(series)
    return ChartFragment(
        chart_id=chart_id,
        html=_div(figure, chart_id),
        caption=f"{series.name}の実績と目標",
        summary=kpi_summary(series),
        table=kpi_table(series),
        figure=figure,
    )


def status_by_pillar_chart(
    rows: Sequence[tuple[str, dict[str, int]]], chart_id: str
) -> ChartFragment:
    """KPI statuses per pillar as stacked bars; each status has its own colour, pattern and label."""
    check_chart_id(chart_id)
    figure = status_figure(rows)
    return ChartFragment(
        chart_id=chart_id,
        html=_div(figure, chart_id),
        caption="柱ごとのKPIの判定",
        summary=status_summary(rows),
        table=status_table(rows),
        figure=figure,
    )


def copy_plotly_js(dest_dir: Path) -> Path:
    """Copy plotly's bundled plotly.min.js into `dest_dir` (once: an identical copy is kept)."""
    source = resources.files("plotly") / "package_data" / PLOTLY_JS
    target = Path(dest_dir) / PLOTLY_JS
    with resources.as_file(source) as path:
        if target.exists() and filecmp.cmp(path, target, shallow=False):
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        # A 5 MB file: copy beside the target, then rename over it (atomic, like generator/atomic.py).
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{PLOTLY_JS}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = Path(handle.name)
        try:
            shutil.copyfile(path, temporary)
            temporary.chmod(0o644)
            temporary.replace(target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    return target


# --- the KPI chart -----------------------------------------------------------


def position(when: str) -> int:
    """Quarter index of a time: `2025Q3` itself; a 年度 `2027` at its last quarter."""
    text = str(when).strip()
    if text.isdigit():
        return Quarter(int(text), 4).index
    return Quarter.parse(text).index


def kpi_figure(series: KpiSeries) -> go.Figure:
    """The plotly Figure of one KPI (used by `kpi_chart`, and by the PDF for a static SVG)."""
    unit = series.unit
    figure = go.Figure()
    first, last = _extent(series)
    baseline_at = _baseline_position(series, first)
    if series.baseline is not None and series.baseline.value is not None:
        value = series.baseline.value
        figure.add_trace(
            go.Scatter(
                name=BASELINE,
                x=[baseline_at, last],
                y=[value, value],
                mode="lines+markers",
                line={"color": BASELINE_COLOUR, "dash": "dot", "width": 2},
                marker={"symbol": "square", "size": [10, 0], "color": BASELINE_COLOUR},
                customdata=[_hover(series.baseline.label, BASELINE, value, unit)] * 2,
                hovertemplate=HOVER,
            )
        )
    targets = sorted(series.targets, key=lambda point: position(point.when))
    if targets:
        figure.add_trace(
            go.Scatter(
                name=TARGET,
                x=[position(point.when) for point in targets],
                y=[point.value for point in targets],
                mode="lines+markers",
                line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
                marker={"symbol": "diamond", "size": 12, "color": TARGET_COLOUR},
                customdata=[_hover(p.label, TARGET, p.value, unit) for p in targets],
                hovertemplate=HOVER,
            )
        )
    actuals = sorted(series.actuals, key=lambda point: position(point.quarter))
    if actuals:
        figure.add_trace(
            go.Scatter(
                name=ACTUAL,
                x=[position(point.quarter) for point in actuals],
                y=[point.value for point in actuals],
                mode="lines+markers",
                connectgaps=False,
                line={"color": ACTUAL_COLOUR, "width": 3},
                marker={"symbol": "circle", "size": 9, "color": ACTUAL_COLOUR},
                customdata=[_hover(p.label, ACTUAL, p.value, unit) for p in actuals],
                hovertemplate=HOVER,
            )
        )
    layout = base_layout()
    layout["title"] = {
        "text": plotly_text(series.name),
        "x": 0,
        "xanchor": "left",
        "y": 0.98,
        "yanchor": "top",
        "yref": "container",
    }
    if series.status_label:
        layout["title"]["subtitle"] = {"text": plotly_text(f"判定：{_status(series)}")}
    layout["showlegend"] = True
    layout["legend"]["y"] = 1.02
    layout["margin"]["t"] = 110
    low, high = min(first, baseline_at) - 0.5, last + 0.5
    years = range(int(low + 0.5) // 4, last // 4 + 1)
    # Each 年度 is labelled at the middle of its visible part; thin lines part the 年度.
    centres = [(max(year * 4 - 0.5, low) + min(year * 4 + 3.5, high)) / 2 for year in years]
    layout["xaxis"].update(
        title={"text": "年度"},
        range=[low, high],
        tickmode="array",
        tickvals=centres,
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
    unit_title = f"（{plotly_text(unit)}）" if unit else ""
    layout["yaxis"].update(
        title={"text": f"実績・目標{unit_title}"},
        rangemode="tozero",
        tickformat=",~r",
        separatethousands=True,
    )
    figure.update_layout(layout)
    figure.layout.template = EMPTY_TEMPLATE
    return figure


def kpi_summary(series: KpiSeries) -> str:
    """The summary of one KPI, made from the same points as its table."""
    unit = series.unit
    numeric = [point for point in series.actuals if point.value is not None]
    latest = max(numeric, key=lambda point: position(point.quarter), default=None)
    sentences = []
    if latest is None:
        sentences.append("実績はまだありません。")
    else:
        sentences.append(f"{latest.label}の実績は{_number(latest.value)}{unit}です。")
        newest = max(series.actuals, key=lambda point: position(point.quarter))
        if newest.value is None:
            sentences.append(f"{newest.label}は数値のない報告です。")
    context = []
    target = _target_for(series, position(latest.quarter) if latest else None)
    if target is not None:
        context.append(f"目標は{_target_words(series, target)}")
    if series.baseline is not None and series.baseline.value is not None:
        baseline = series.baseline
        context.append(f"基準値は{baseline.label}の{_number(baseline.value)}{unit}")
    if context:
        sentences.append("、".join(context) + "です。")
    if series.direction == "decrease":
        sentences.append("この指標は値が小さいほど良い指標です。")
    if series.status_label:
        sentences.append(f"判定は{_status(series)}。")
    return "".join(sentences)


def kpi_table(series: KpiSeries) -> DataTable:
    """Baseline, actuals and targets in time order: 時期, 区分, 値（単位）."""
    unit = series.unit
    rows: list[tuple[int, int, tuple[str, str, str]]] = []
    if series.baseline is not None and series.baseline.value is not None:
        at = _baseline_position(series, _extent(series)[0])
        rows.append((at, 0, (series.baseline.label, BASELINE, _number(series.baseline.value))))
    for point in series.actuals:
        shown = NO_NUMBER if point.value is None else _number(point.value)
        rows.append((position(point.quarter), 1, (point.label, ACTUAL, shown)))
    for point in series.targets:
        rows.append((position(point.when), 2, (point.label, TARGET, _number(point.value))))
    rows.sort(key=lambda row: (row[0], row[1]))
    value_header = f"値（{unit}）" if unit else "値"
    return DataTable(
        caption=f"{series.name}の基準値・実績・目標",
        headers=("時期", "区分", value_header),
        rows=tuple(row for _, _, row in rows),
        numeric_columns=(2,),
    )


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
    value = f"{_number(target.value)}{series.unit}"
    if series.direction == "decrease":
        return f"{target.label}に{value}以下"
    if series.direction == "keep":
        return f"{target.label}まで{value}を維持"
    return f"{target.label}に{value}"


def _status(series: KpiSeries) -> str:
    mark = series.status_mark
    if mark and mark != series.status_label:
        return f"{series.status_label}（{mark}）"
    return series.status_label


def _hover(label: str, kind: str, value: float | None, unit: str) -> list[str]:
    shown = NO_NUMBER if value is None else f"{_number(value)}{unit}"
    return [plotly_text(label), plotly_text(f"{kind} {shown}")]


def _number(value: float) -> str:
    """Half-width, thousands separated, at most 2 decimals: 1,234 / 85.5."""
    return display_number(float(value))


# --- the status chart --------------------------------------------------------


def _statuses(rows: Sequence[tuple[str, dict[str, int]]]) -> list[str]:
    """Every status label, in the order the rows first name them."""
    seen: dict[str, None] = {}
    for _, counts in rows:
        for label in counts:
            seen.setdefault(label, None)
    return list(seen)


def status_figure(rows: Sequence[tuple[str, dict[str, int]]]) -> go.Figure:
    """Stacked horizontal bars: one bar per pillar, one segment per status (colour + pattern + count)."""
    figure = go.Figure()
    pillars = [plotly_text(pillar) for pillar, _ in rows]
    for index, status in enumerate(_statuses(rows)):
        colour = CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)]
        counts = [counts.get(status, 0) for _, counts in rows]
        figure.add_trace(
            go.Bar(
                name=plotly_text(status),
                orientation="h",
                y=pillars,
                x=counts,
                marker={
                    "color": colour,
                    "line": {"color": "#FFFFFF", "width": 1},
                    "pattern": {
                        "shape": CATEGORY_PATTERNS[index % len(CATEGORY_PATTERNS)],
                        "fgcolor": text_colour_on(colour),
                        "solidity": 0.2,
                        "fillmode": "overlay",
                    },
                },
                text=[str(count) if count else "" for count in counts],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": text_colour_on(colour)},
                customdata=[
                    [pillar, plotly_text(f"{status} {count}件")]
                    for pillar, count in zip(pillars, counts, strict=True)
                ],
                hovertemplate=HOVER,
            )
        )
    layout = base_layout()
    layout["barmode"] = "stack"
    layout["height"] = max(240, 56 * len(rows) + 140)
    layout["xaxis"].update(title={"text": "KPIの数（件）"}, tickformat=",d", rangemode="tozero")
    layout["yaxis"].update(autorange="reversed", showgrid=False, title={"text": ""})
    layout["legend"]["traceorder"] = "normal"
    figure.update_layout(layout)
    figure.layout.template = EMPTY_TEMPLATE
    return figure


def status_summary(rows: Sequence[tuple[str, dict[str, int]]]) -> str:
    """Totals per status over all pillars (the 合計 row of the table)."""
    totals = {
        status: sum(counts.get(status, 0) for _, counts in rows) for status in _statuses(rows)
    }
    total = sum(totals.values())
    if not total:
        return "判定するKPIはまだありません。"
    parts = "、".join(f"{status} {_number(count)}件" for status, count in totals.items() if count)
    return f"KPI {_number(total)}件の判定は、{parts}です。"


def status_table(rows: Sequence[tuple[str, dict[str, int]]]) -> DataTable:
    """柱 × 判定 counts with a 合計 column and row."""
    statuses = _statuses(rows)
    body = []
    for pillar, counts in rows:
        values = [counts.get(status, 0) for status in statuses]
        body.append((pillar, *(_number(v) for v in values), _number(sum(values))))
    totals = [sum(counts.get(status, 0) for _, counts in rows) for status in statuses]
    body.append(("合計", *(_number(v) for v in totals), _number(sum(totals))))
    return DataTable(
        caption="柱ごとのKPIの判定（件数）",
        headers=("柱", *(f"{status}（件）" for status in statuses), "合計（件）"),
        rows=tuple(body),
        numeric_columns=tuple(range(1, len(statuses) + 2)),
    )


def _div(figure: go.Figure, chart_id: str) -> Markup:
    """plotly's `<div>` and inline script; plotly.js itself is loaded once by the page."""
    markup = figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        config=_config(),
        div_id=f"{chart_id}-plotly",
        default_width="100%",
        default_height=f"{figure.layout.height}px",
        validate=True,
    )
    return Markup(markup)


def _config() -> dict[str, Any]:
    return {key: value for key, value in PLOTLY_CONFIG.items()}
