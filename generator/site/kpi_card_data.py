"""A KPI's figures for its card: the values table, its CSV, and the chart when one can be drawn.

The table and the CSV always exist (they are the text alternative of the chart
and work without JavaScript). The chart comes from generator.site.charts (a
static SVG, with plotly as an enhancement), for KPIs with numbers; qualitative
(milestone) KPIs have the table only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from generator.kpi.store import ActualRow
from generator.kpi.values import stored_number
from generator.model.kpi import Kpi
from generator.progress import KpiProgress
from generator.site import charts
from generator.site.chart_data import ChartFragment
from generator.site.formatting import value_text
from generator.site.kpi_series import kpi_series
from generator.spreadsheet_safety import spreadsheet_text


@dataclass(frozen=True)
class ValuesTable:
    """A KPI's values as rows: (when, 区分, 値, 補足); `when` is "2025", "2025Q1" or ""."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...]


def values_table(kpi: Kpi, actuals: list[ActualRow]) -> ValuesTable:
    """基準値, 目標値 and 実績値 of a KPI in time order, as text for a table."""
    unit = f"（{kpi.unit}）" if kpi.unit else ""
    rows: list[tuple[str, ...]] = []
    if kpi.baseline:
        when = str(kpi.baseline.fiscal_year or "")
        rows.append((when, "基準値", _value(kpi.baseline.value), kpi.baseline.label or ""))
    for target in kpi.target_list:
        rows.append((str(target.when), "目標値", _value(target.value), ""))
    for row in actuals:
        rows.append((row.quarter, "実績値", _value(row.value), row.note))
    return ValuesTable(
        caption=f"表: {kpi.name}の基準値・目標値・実績値",
        headers=("時期", "区分", f"値{unit}", "補足"),
        rows=tuple(rows),
        numeric=(2,),
    )


def values_csv(kpi: Kpi, actuals: list[ActualRow]) -> bytes:
    """The table as CSV (UTF-8 with BOM for Excel; cells that a spreadsheet would run are quoted)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["KPI ID", "指標名", "区分", "時期", "値", "単位", "補足"])
    if kpi.baseline:
        when = str(kpi.baseline.fiscal_year or "")
        writer.writerow(_row(kpi, "基準値", when, kpi.baseline.value, kpi.baseline.label or ""))
    for target in kpi.target_list:
        writer.writerow(_row(kpi, "目標値", str(target.when), target.value, ""))
    for row in actuals:
        writer.writerow(_row(kpi, "実績値", row.quarter, row.value, row.note))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _row(kpi: Kpi, kind: str, when: str, value: object, note: str) -> list[str]:
    """Text cells through the shared CSV-injection rule; a numeric value stays a number."""
    shown = _csv_value(value)
    if stored_number(shown) is None:
        shown = spreadsheet_text(shown)
    texts = [kpi.id, kpi.name, kind, when]
    return [
        *(spreadsheet_text(cell) for cell in texts),
        shown,
        spreadsheet_text(kpi.unit or ""),
        spreadsheet_text(note),
    ]


def _csv_value(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _value(value: float | str | None) -> str:
    return value_text(value if value != "" else None, None)


def kpi_chart(
    kpi: Kpi, actuals: list[ActualRow], progress: KpiProgress | None, chart_id: str
) -> ChartFragment | None:
    """The chart of a numeric KPI with at least one numeric actual, else None."""
    if progress is None:
        return None
    series = kpi_series(kpi, actuals, progress)
    if series is None or not any(point.value is not None for point in series.actuals):
        return None
    return charts.kpi_chart(series, chart_id)


def pillar_status_chart(
    rows: list[tuple[str, dict[str, int]]], chart_id: str
) -> ChartFragment | None:
    """Small multiples of KPI statuses per pillar (None when no KPI has been judged yet)."""
    return charts.status_by_pillar_chart(rows, chart_id) if rows else None
