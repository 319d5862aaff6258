"""Roll-ups of KPI statuses per measure, per pillar and for the whole plan (F10).

A KPI that a measure re-lists (`relisted_kpis`) counts under every measure that
lists it, once per pillar, and once in the plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.evaluation import JUDGED_STATUSES, KpiStatus
from generator.model.measure import Measure
from generator.progress import KpiEvaluation, Trend

ON_TRACK_STATUSES = (KpiStatus.ACHIEVED, KpiStatus.ON_TRACK)


@dataclass(frozen=True)
class Rollup:
    """Counts of one group of KPIs: per status, per mark, and the share on track."""

    total: int
    statuses: dict[str, int]  # every status, in the order of KpiStatus, zero included
    marks: dict[str, int]  # every mark of the scale, in the scale's order, zero included
    judged: int  # KPIs whose progress could be judged (達成・順調・遅れ)
    improved: int
    worsened: int

    @property
    def on_track_share(self) -> float | None:
        """(達成 + 順調) ÷ judged; None when nothing could be judged."""
        if not self.judged:
            return None
        return sum(self.statuses[str(status)] for status in ON_TRACK_STATUSES) / self.judged

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "statuses": self.statuses,
            "marks": self.marks,
            "judged": self.judged,
            "on_track_share": self.on_track_share,
            "improved": self.improved,
            "worsened": self.worsened,
        }


def measure_kpi_ids(measure: Measure) -> list[str]:
    """The KPIs shown under a measure: its own, then the ones it re-lists."""
    return [*(kpi.id for kpi in measure.kpis), *measure.relisted_kpis]


def distinct_kpi_ids(measures: Iterable[Measure]) -> list[str]:
    """The KPIs of several measures, each once, in order of first appearance."""
    return list(
        dict.fromkeys(kpi_id for measure in measures for kpi_id in measure_kpi_ids(measure))
    )


def rollups(
    groups: dict[str, list[str]], evaluations: dict[str, KpiEvaluation], mark_order: list[str]
) -> dict[str, Rollup]:
    """One roll-up per group (group name → KPI ids); ids without an evaluation are skipped.

    `mark_order` lists the scale's marks; a mark outside it (a status label used as
    a fallback) is added after them.
    """
    judged = {
        kpi_id: (str(evaluation.current.status), evaluation.current.mark, str(evaluation.trend))
        for kpi_id, evaluation in evaluations.items()
    }
    rows = {
        name: [judged[kpi_id] for kpi_id in kpi_ids if kpi_id in judged]
        for name, kpi_ids in groups.items()
    }
    order = list(
        dict.fromkeys([*mark_order, *(row[1] for found in rows.values() for row in found)])
    )
    return {name: _rollup(found, order) for name, found in rows.items()}


def _rollup(rows: list[tuple[str, str, str]], mark_order: list[str]) -> Rollup:
    """Counts of (status, mark, trend) rows of one group."""
    status_counts = Counter(status for status, _, _ in rows)
    mark_counts = Counter(mark for _, mark, _ in rows)
    trends = Counter(trend for _, _, trend in rows)
    statuses = {str(status): status_counts[str(status)] for status in KpiStatus}
    return Rollup(
        total=len(rows),
        statuses=statuses,
        marks={mark: mark_counts[mark] for mark in mark_order},
        judged=sum(statuses[str(status)] for status in JUDGED_STATUSES),
        improved=trends[str(Trend.IMPROVED)],
        worsened=trends[str(Trend.WORSENED)],
    )


def verdict_counts(counts: dict[str, int]) -> list[int]:
    """Counts of KPIs by status as tables show them: 達成, 順調, 遅れ, the rest together, the total."""
    judged = [counts.get(str(status), 0) for status in JUDGED_STATUSES]
    other = sum(count for status, count in counts.items() if status not in JUDGED_STATUSES)
    return [*judged, other, sum(judged) + other]
