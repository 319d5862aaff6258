"""The status-by-pillar chart (F15): stacked bars of KPI statuses per pillar, with summary and table.

Each status has its own CUD colour, fill pattern and count label, so that no
status is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from generator.site.chart_data import DataTable, number_text
from generator.site.chart_style import (
    CATEGORY_COLOURS,
    CATEGORY_PATTERNS,
    EMPTY_TEMPLATE,
    HOVER,
    base_layout,
    plotly_text,
    text_colour_on,
)


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
    parts = "、".join(
        f"{status} {number_text(count)}件" for status, count in totals.items() if count
    )
    return f"KPI {number_text(total)}件の判定は、{parts}です。"


def status_table(rows: Sequence[tuple[str, dict[str, int]]]) -> DataTable:
    """柱 × 判定 counts with a 合計 column and row."""
    statuses = _statuses(rows)
    body = []
    for pillar, counts in rows:
        values = [counts.get(status, 0) for status in statuses]
        body.append((pillar, *(number_text(v) for v in values), number_text(sum(values))))
    totals = [sum(counts.get(status, 0) for _, counts in rows) for status in statuses]
    body.append(("合計", *(number_text(v) for v in totals), number_text(sum(totals))))
    return DataTable(
        caption="柱ごとのKPIの判定（件数）",
        headers=("柱", *(f"{status}（件）" for status in statuses), "合計（件）"),
        rows=tuple(body),
        numeric_columns=tuple(range(1, len(statuses) + 2)),
    )
