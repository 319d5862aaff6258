"""A KPI of the plan as chart input (`KpiSeries`), with the labels every page uses.

The charts take plain values so that anything can feed them; this is the feed
from the plan: 西暦（和暦） labels for times, only numeric values, the status and
mark of the evaluated quarter. Milestone KPIs (levels, not numbers) get no chart.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.kpi.store import ActualRow
from generator.labels import STATUS_LABELS, fiscal_year_label, when_label
from generator.model.kpi import Kpi
from generator.progress import KpiProgress
from generator.quarters import Quarter, ReviewPeriod
from generator.site.chart_data import ActualPoint, BaselinePoint, KpiSeries, TargetPoint


def kpi_series(kpi: Kpi, actuals: Iterable[ActualRow], progress: KpiProgress) -> KpiSeries | None:
    """The chart input of a numeric KPI judged at `progress.quarter`; None for a milestone KPI.

    Actuals after the judged quarter are left out, so the chart shows what was judged.
    """
    if kpi.is_milestone:
        return None
    judged = Quarter.parse(progress.quarter)
    points: list[tuple[ReviewPeriod, ActualPoint]] = []
    for row in actuals:
        period = row.period  # a yearly review records a 年度 ("2024")
        if row.kpi_id != kpi.id or period is None:
            continue
        if period.quarter <= judged:
            points.append((period, ActualPoint(str(period), period.short_label, row.number)))
    # A target whose time the plan does not state has no place on a time axis.
    targets = [
        TargetPoint(when_label(target.due), str(target.due), float(target.value))
        for target in kpi.dated_targets
        if isinstance(target.value, int | float)
    ]
    return KpiSeries(
        kpi_id=kpi.id,
        name=kpi.name,
        unit=kpi.unit or "",
        direction=kpi.direction.value,
        baseline=_baseline(kpi),
        targets=targets,
        actuals=[point for _, point in sorted(points, key=lambda pair: pair[0])],
        status_label=STATUS_LABELS[progress.status],
        status_mark=progress.mark,
    )


def _baseline(kpi: Kpi) -> BaselinePoint | None:
    baseline = kpi.baseline
    if baseline is None or not isinstance(baseline.value, int | float):
        return None
    year = baseline.fiscal_year
    label = fiscal_year_label(year) if year is not None else (baseline.label or "計画の策定時")
    return BaselinePoint(float(baseline.value), label, year)
