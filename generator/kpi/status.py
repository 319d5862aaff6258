"""KPI statuses as people read them: one line per KPI with formatted figures (F10).

The same lines feed `dataplan kpi status` (a table or JSON), the quarterly report
and, later, the site. Figures stay available raw beside their display text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator import labels, status_words
from generator.kpi.store import ActualRow
from generator.model.common import Text
from generator.model.evaluation import Evaluation
from generator.model.kpi import Kpi
from generator.model.measure import Measure
from generator.outline import plan_outline
from generator.progress import (
    KpiEvaluation,
    KpiProgress,
    actuals_frame,
    evaluate_kpis,
    latest_quarter,
)
from generator.project import PlanProject
from generator.quarters import Quarter
from generator.rollup import Rollup, rollups
from generator.suggest import did_you_mean


class StatusRequestError(ValueError):
    """A request that cannot be answered (unknown department, no actuals yet); the message is Japanese."""


@dataclass(frozen=True)
class KpiLine:
    """One KPI under one measure, judged at a quarter; its figures in words come from labels."""

    kpi_id: str
    name: str
    unit: str
    measure_id: str
    measure_name: str
    department: str
    relisted: bool
    evaluation: KpiEvaluation
    target_text: Text | None = None  # a target in words, shown when there is no numeric target
    config: Evaluation = field(default_factory=Evaluation)
    measure_number: str | None = None  # the plan's own number of the measure (1-1-1, ①)

    @property
    def current(self) -> KpiProgress:
        return self.evaluation.current

    @property
    def latest(self) -> str:
        return status_words.latest_text(self.current, self.unit)

    @property
    def latest_when(self) -> str:
        return status_words.optional_quarter(self.current.latest_quarter)

    @property
    def target(self) -> str:
        return status_words.target_text(self.current, self.unit, self.target_text)

    @property
    def target_when(self) -> str:
        return status_words.optional_when(self.current.target_when)

    @property
    def progress(self) -> str:
        return labels.percent(self.current.progress)

    @property
    def expected(self) -> str:
        return labels.percent(self.current.expected)

    @property
    def status_label(self) -> str:
        return labels.STATUS_LABELS[self.current.status]

    @property
    def explanation(self) -> str:
        return status_words.explain(self.current, self.unit, self.config)

    @property
    def change(self) -> str:
        """Value change and status change since the previous quarter, in a few words."""
        return status_words.change_text(self.evaluation, self.unit)

    def as_dict(self) -> dict:
        return {
            "kpi_id": self.kpi_id,
            "name": self.name,
            "unit": self.unit,
            "measure_id": self.measure_id,
            "measure_name": self.measure_name,
            "measure_number": self.measure_number,
            "department": self.department,
            "relisted": self.relisted,
            **self.evaluation.as_dict(),
            "status_label": self.status_label,
            "previous_status_label": labels.STATUS_LABELS[self.evaluation.previous.status],
            "explanation": self.explanation,
            "display": {
                "latest": self.latest,
                "latest_when": self.latest_when,
                "target": self.target,
                "target_when": self.target_when,
                "progress": self.progress,
                "expected": self.expected,
                "change": self.change,
            },
        }


@dataclass(frozen=True)
class StatusListing:
    quarter: Quarter
    lines: list[KpiLine]
    rollup: Rollup

    def as_dict(self) -> dict:
        return {
            "quarter": str(self.quarter),
            "quarter_label": self.quarter.label,
            "summary": self.rollup.as_dict(),
            "kpis": [line.as_dict() for line in self.lines],
        }


def evaluate_project(
    project: PlanProject, rows: Iterable[ActualRow], quarter: Quarter
) -> dict[str, KpiEvaluation]:
    """Every KPI of the plan judged at `quarter`, by the plan's evaluation settings."""
    meta = project.meta
    kpis = [kpi for _, _, kpi in project.iter_kpis()]
    frame = actuals_frame(rows)
    return evaluate_kpis(kpis, frame, quarter, meta.period.first_quarter, meta.evaluation)


def default_quarter(rows: Iterable[ActualRow]) -> Quarter:
    """The latest quarter with any actual."""
    quarter = latest_quarter(actuals_frame(rows))
    if quarter is None:
        raise StatusRequestError(
            "実績がまだありません。--quarter で四半期を指定してください（例: --quarter 2025Q2）。"
        )
    return quarter


def status_listing(
    project: PlanProject,
    rows: list[ActualRow],
    quarter: Quarter | None = None,
    department: str | None = None,
) -> StatusListing:
    """Every KPI (where it is defined) at `quarter` (default: the latest with actuals), optionally of one department."""
    quarter = quarter or default_quarter(rows)
    evaluations = evaluate_project(project, rows, quarter)
    wanted = _department_id(project, department) if department else None
    in_order = [measure for node in plan_outline(project) for measure in node.all_measures()]
    lines = [
        kpi_line(project, measure, kpi, evaluations[kpi.id])
        for measure in in_order
        for kpi in measure.kpis
        if wanted is None or project.kpi_department(measure, kpi) == wanted
    ]
    marks = [rule.mark for rule in project.meta.evaluation.mark_rules()]
    summary = rollups({"all": [line.kpi_id for line in lines]}, evaluations, marks)["all"]
    return StatusListing(quarter, lines, summary)


def kpi_line(
    project: PlanProject,
    measure: Measure,
    kpi: Kpi,
    evaluation: KpiEvaluation,
    *,
    relisted: bool = False,
) -> KpiLine:
    names = project.meta.department_names()
    department = project.kpi_department(measure, kpi)
    return KpiLine(
        kpi.id,
        kpi.name,
        kpi.unit or "",
        measure.id,
        measure.name,
        names.get(department, department),
        relisted,
        evaluation,
        kpi.target_text,
        project.meta.evaluation,
        measure.number,
    )


def _department_id(project: PlanProject, wanted: str) -> str:
    found = project.meta.find_department(wanted)
    if found is not None:
        return found.id
    known = [d.id for d in project.meta.departments]
    hint = did_you_mean(wanted, known) or f"部署の id: {', '.join(known)}"
    raise StatusRequestError(
        f"部署「{wanted}」は plan/plan.yaml の departments にありません。{hint}"
    )


def summary_text(rollup: Rollup) -> str:
    """One line: counts per mark and the share on track among the KPIs that could be judged."""
    return status_words.rollup_summary(rollup)
