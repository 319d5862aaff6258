"""KPI statuses as people read them: one line per KPI with formatted figures (F10).

The same lines feed `dataplan kpi status` (a table or JSON), the quarterly report
and, later, the site. Figures stay available raw beside their display text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator import labels, status_words
from generator.analysis import PlanAnalysis, analyse, judge
from generator.kpi.grades import GradeRow
from generator.kpi.store import ActualRow
from generator.model.common import Text
from generator.model.evaluation import Evaluation
from generator.model.kpi import Kpi
from generator.model.measure import Measure
from generator.outline import plan_outline
from generator.progress import KpiEvaluation, KpiProgress
from generator.project import PlanProject
from generator.quarters import Quarter, ReviewPeriod
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
    grade: GradeRow | None = None  # the grade the evaluating body gave for this period, if any
    target_label: str | None = None  # the plan's own heading of the target column

    @property
    def measure_ref(self) -> str:
        """The measure as the plan numbers it (1-8-3), else its id."""
        return self.measure_number or self.measure_id

    @property
    def assigned_grade(self) -> str:
        """The grade given, or — (never a computed one in its place)."""
        return self.grade.grade if self.grade else labels.NONE

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
            "assigned_grade": self.grade.grade if self.grade else None,
            "assigned_grade_note": self.grade.note if self.grade else None,
            "target_label": self.target_label,
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
    period: ReviewPeriod  # the review: a quarter, or a 年度 (yearly review)
    lines: list[KpiLine]
    rollup: Rollup

    @property
    def quarter(self) -> Quarter:
        """The quarter the KPIs are judged at (a 年度's last quarter)."""
        return self.period.quarter

    @property
    def yearly(self) -> bool:
        return self.period.is_year

    @property
    def label(self) -> str:
        """2024年度（令和6年度） for a yearly review, else the quarter's label."""
        return self.period.label

    @property
    def graded(self) -> bool:
        """Whether any KPI shown has a grade given for this period."""
        return any(line.grade for line in self.lines)

    def as_dict(self) -> dict:
        return {
            "quarter": str(self.period),
            "quarter_label": self.label,
            "yearly": self.yearly,
            "summary": self.rollup.as_dict(),
            "kpis": [line.as_dict() for line in self.lines],
        }


def evaluate_project(
    project: PlanProject,
    rows: Iterable[ActualRow],
    quarter: Quarter,
    *,
    previous: Quarter | None = None,
) -> dict[str, KpiEvaluation]:
    """Every KPI of the plan judged at `quarter` and at the review before, by the plan's settings.

    For one pair of quarters; a command that shows reviews reads a `PlanAnalysis` instead.
    """
    previous = previous or quarter.shifted(-labels.review_step(project.yearly))
    judged = judge(dataclasses.replace(project, actuals=list(rows)), {quarter, previous})
    return {
        kpi_id: KpiEvaluation(by_quarter[quarter], by_quarter[previous])
        for kpi_id, by_quarter in judged.items()
    }


def review_periods(rows: Iterable[ActualRow]) -> list[ReviewPeriod]:
    """The review periods (quarters, 年度) with any actual, oldest first; unreadable ones left out."""
    found = {row.period for row in rows}
    return sorted(period for period in found if period is not None)


def default_period(rows: Iterable[ActualRow], *, yearly: bool = False) -> ReviewPeriod:
    """The latest review period with any actual."""
    periods = review_periods(rows)
    if not periods:
        example = "2024" if yearly else "2025Q2"
        what = "年度" if yearly else "四半期"
        raise StatusRequestError(
            f"実績がまだありません。--quarter で{what}を指定してください（例: --quarter {example}）。"
        )
    return periods[-1]


def status_listing(
    project: PlanProject,
    rows: list[ActualRow],
    period: ReviewPeriod | None = None,
    department: str | None = None,
    *,
    latest_grades: bool = False,
    analysis: PlanAnalysis | None = None,
) -> StatusListing:
    """Every KPI (where it is defined) at `period` (default: the latest of `rows`, the project's
    actuals), optionally of one department.

    Each line carries the grade given for exactly this review; with `latest_grades`, the latest
    grade given up to it (the site shows it beside today's status, labelled with its period).
    `analysis` is the command's analysis of `project` (made here for this period when not given).
    """
    period = period or default_period(rows, yearly=project.yearly)
    evaluations = (analysis or analyse(project, [period])).evaluations(period)
    wanted = _department_id(project, department) if department else None
    grades = project.latest_grades(period) if latest_grades else project.grades_for(str(period))
    names = project.meta.department_names_on(period.end)
    in_order = [measure for node in plan_outline(project) for measure in node.all_measures()]
    lines = [
        kpi_line(project, measure, kpi, evaluations[kpi.id], grade=grades.get(kpi.id), names=names)
        for measure in in_order
        for kpi in measure.kpis
        if wanted is None or project.kpi_department(measure, kpi) == wanted
    ]
    marks = [rule.mark for rule in project.meta.evaluation.mark_rules()]
    summary = rollups({"all": [line.kpi_id for line in lines]}, evaluations, marks)["all"]
    return StatusListing(period, lines, summary)


def kpi_line(
    project: PlanProject,
    measure: Measure,
    kpi: Kpi,
    evaluation: KpiEvaluation,
    *,
    relisted: bool = False,
    grade: GradeRow | None = None,
    names: dict[str, str] | None = None,
) -> KpiLine:
    """One KPI's line; `names` are the departments' names to show (as they were at the review)."""
    names = names if names is not None else project.meta.department_names()
    department = project.kpi_department(measure, kpi)
    return KpiLine(
        kpi.id,
        kpi.name,
        kpi.unit or "",
        measure.id,
        measure.name,
        names.get(department, department) if department else labels.NOT_STATED,
        relisted,
        evaluation,
        kpi.target_text,
        project.meta.evaluation,
        measure.number,
        grade,
        kpi.target_label,
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


def grade_text(listing: StatusListing, order: list[str] | None = None) -> str:
    """One line counting the grades given to the KPIs listed (empty when none was given)."""
    if not listing.graded:
        return ""
    given = [line.grade.grade for line in listing.lines if line.grade]
    return status_words.grade_summary(given, len(listing.lines), order)
