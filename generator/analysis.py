"""Stage 4 (analyse): every KPI of a view judged at every review it is needed for, once.

A command analyses its view of the plan once (`analyse`) and every consumer reads the
result: the report pages, the dashboard, the measure pages, the PDF and the open data
of a build; the listing of `dataplan kpi status`; the report of `dataplan report`.
Each KPI is judged at each quarter at most once, by the one rule in
generator/progress.py (`evaluate_history`, on the plain histories of `kpi_histories`);
this module only decides *which* quarters and keeps the judgements.

A review period is judged at its quarter (a 年度 at its last quarter) and compared with
the review before it (`ReviewPeriod.previous`), so the quarters needed are those of the
periods and of the reviews before them; consecutive periods share one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.model.kpi import Kpi
from generator.progress import KpiEvaluation, KpiProgress, evaluate_history, kpi_histories
from generator.project import PlanProject
from generator.quarters import Quarter, ReviewPeriod


@dataclass(frozen=True)
class PlanAnalysis:
    """The judgements of one view of the plan: per KPI, per quarter, each made once."""

    periods: tuple[ReviewPeriod, ...]  # the reviews analysed, oldest first
    judged: Mapping[str, Mapping[Quarter, KpiProgress]]  # KPI id → quarter → its judgement

    def evaluations(self, period: ReviewPeriod) -> dict[str, KpiEvaluation]:
        """Every KPI at `period` and at the review before it, by KPI id, in the plan's order."""
        current, previous = period.quarter, period.previous.quarter
        return {
            kpi_id: KpiEvaluation(by_quarter[current], by_quarter[previous])
            for kpi_id, by_quarter in self.judged.items()
        }


def analyse(view: PlanProject, periods: Iterable[ReviewPeriod] | None = None) -> PlanAnalysis:
    """Judge every KPI of `view` at each review in `periods` and at the review before each.

    Default: every review period with an actual (`PlanProject.review_periods`), which is
    what a build shows. A command about one review passes just that one.
    """
    chosen = tuple(sorted(set(view.review_periods() if periods is None else periods)))
    quarters = {
        quarter for period in chosen for quarter in (period.quarter, period.previous.quarter)
    }
    return PlanAnalysis(chosen, judge(view, quarters))


def judge(
    project: PlanProject, quarters: Iterable[Quarter]
) -> dict[str, dict[Quarter, KpiProgress]]:
    """Every KPI where it is defined judged at each of `quarters` from the project's actuals,
    by the plan's settings.

    The actuals are split by KPI once (`kpi_histories`); each (KPI, quarter) is judged once.
    """
    meta = project.meta
    period = meta.known_period
    start = period.first_quarter if period is not None else None
    histories = kpi_histories(project.actuals)
    wanted = sorted(set(quarters))
    judged: dict[str, dict[Quarter, KpiProgress]] = {}
    for kpi in _kpis(project):
        history = histories.get(kpi.id, ())
        judged[kpi.id] = {
            quarter: evaluate_history(kpi, history, quarter, start, meta.evaluation)
            for quarter in wanted
        }
    return judged


def _kpis(project: PlanProject) -> Iterable[Kpi]:
    return (kpi for _, _, kpi in project.iter_kpis())
