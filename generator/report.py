"""The quarterly PDCA report (F11) as plain data: what the Markdown, the CSV and the site show.

Per pillar and measure: the implementation status, each KPI's actual, target,
progress and status with the change since the previous quarter, and the project
team's evaluation, issues and next actions (public ones only, unless internal).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator import status_words
from generator.analysis import PlanAnalysis, analyse
from generator.kpi.grades import GradeRow
from generator.kpi.status import KpiLine, kpi_line
from generator.labels import (
    DEPARTMENT_ROLE_LABELS,
    IMPLEMENTATION_STATUS_LABELS,
    NEXT_PLAN_LABELS,
    NO_NOTE,
    NOT_STATED,
    OWN_SCALE_LABEL,
    SCALE_LABELS,
    period_text,
)
from generator.model.common import Text
from generator.model.kpi import Kpi
from generator.model.measure import Measure
from generator.model.pdca import MeasureNote, QuarterNotes
from generator.outline import OutlineNode, pillar_outline, plan_outline
from generator.progress import KpiEvaluation
from generator.project import Audience, PlanProject
from generator.quarters import Quarter, ReviewPeriod
from generator.rollup import Rollup, distinct_kpi_ids, measure_kpi_ids, rollups

PLAN_GROUP = "計画全体"


def department_labels(measure: Measure, names: dict[str, str]) -> list[str]:
    """The measure's departments by name, each with its role where the plan gives one."""
    roles: dict[str, list[str]] = {}
    for assignment in measure.department_roles:
        roles.setdefault(assignment.department, []).append(DEPARTMENT_ROLE_LABELS[assignment.role])
    if not measure.departments_stated:
        return [NOT_STATED]
    return [
        f"{names.get(d, d)}（{'・'.join(roles[d])}）" if d in roles else names.get(d, d)
        for d in measure.department_ids
    ]


@dataclass(frozen=True)
class MeasureReport:
    id: str
    name: str
    number: str | None
    departments: list[str]
    implementation: str
    previous_implementation: str
    evaluation: Text | None  # a text of the view: internal ones carry their flag
    issues: list[Text]
    next_actions: list[Text]
    kpis: list[KpiLine]
    rollup: Rollup
    next_plan: str | None = None  # 次期計画で継続 …, when decided


@dataclass(frozen=True)
class SectionReport:
    """A section of the report: a group of the plan's own structure, or a pillar."""

    key: str
    title: str  # 「基本目標1 誰もが便利で迷わない行政サービス」, 「柱1 オンライン化原則」
    depth: int  # 0 for a top section
    measures: list[MeasureReport]
    rollup: Rollup
    children: list[SectionReport] = field(default_factory=list)


@dataclass(frozen=True)
class QuarterReport:
    """One quarter's report for the whole plan."""

    municipality: str
    title: str
    review: ReviewPeriod  # the quarter, or the 年度 of a yearly review
    previous_review: ReviewPeriod
    period: str
    scale: str
    legend: list[tuple[str, str]]  # (mark, meaning) in the scale's order
    on_track_ratio: float
    internal: bool
    summary: Text | None
    rollup: Rollup
    unfinished: bool = False  # the quarter had not ended when the report was made
    sections: list[SectionReport] = field(default_factory=list)  # the plan's own structure
    pillars: list[SectionReport] = field(default_factory=list)  # the five pillars: a second view
    graded: bool = False  # some KPI has a grade the evaluating body gave for this period
    grade_summary: str = ""  # 付与された評価: A 2、D 1（評価のない KPI 3 件）。 when graded

    @property
    def marks(self) -> list[str]:
        return list(self.rollup.marks)

    @property
    def quarter(self) -> Quarter:
        """The quarter the KPIs are judged at (a 年度's last quarter)."""
        return self.review.quarter

    @property
    def previous(self) -> Quarter:
        return self.previous_review.quarter

    @property
    def yearly(self) -> bool:
        """A yearly review: the report is of a 年度, compared with the 年度 before."""
        return self.review.is_year

    @property
    def period_label(self) -> str:
        """2024年度（令和6年度） for a yearly review, else the quarter's label."""
        return self.review.label

    @property
    def previous_label(self) -> str:
        return self.previous_review.label

    @property
    def period_id(self) -> str:
        """2024 for a yearly review, else 2024Q2: the report's file names and CSV use it."""
        return str(self.review)


def build_report(
    project: PlanProject,
    review: ReviewPeriod,
    *,
    today: dt.date | None = None,
    analysis: PlanAnalysis | None = None,
) -> QuarterReport:
    """The report of `review` from a view of the plan (generator.visibility.plan_view).

    A yearly review (review_cadence: yearly) reports a 年度, judged at its last quarter
    and compared with the 年度 before. With `today`, a period that has not ended yet is
    marked as such (a mid-period report). `analysis` is the command's analysis of `project`
    (made here for this review when not given).
    """
    meta = project.meta
    notes = project.notes
    internal = project.audience is Audience.INTERNAL
    previous = review.previous
    evaluations = (analysis or analyse(project, [review])).evaluations(review)
    grades = project.grades_for(str(review))
    names = meta.department_names_on(review.end)  # as they were at the review
    rules = meta.evaluation.mark_rules()
    marks = [rule.mark for rule in rules]
    outline = plan_outline(project)
    by_pillar = pillar_outline(project)
    groups = {PLAN_GROUP: distinct_kpi_ids(project.measures)}
    for measure in project.measures:
        groups[f"measure:{measure.id}"] = measure_kpi_ids(measure)
    for node in _walk([*outline, *by_pillar]):
        groups[node.key] = distinct_kpi_ids(node.all_measures())
    counted = rollups(groups, evaluations, marks)
    defined = project.kpis_by_id()

    def section(node: OutlineNode, depth: int) -> SectionReport:
        measures = [
            _measure(
                project,
                defined,
                measure,
                evaluations,
                notes.get(review),
                notes.get(previous),
                counted[f"measure:{measure.id}"],
                grades,
                names,
            )
            for measure in node.measures
        ]
        children = [section(child, depth + 1) for child in node.children]
        return SectionReport(node.key, node.title, depth, measures, counted[node.key], children)

    current_notes = notes.get(review)
    known_period = meta.known_period
    return QuarterReport(
        municipality=meta.municipality,
        title=meta.title,
        review=review,
        previous_review=previous,
        period=period_text(known_period) if known_period else NOT_STATED,
        scale=OWN_SCALE_LABEL if meta.evaluation.marks else SCALE_LABELS[meta.evaluation.scale],
        legend=list(dict.fromkeys((rule.mark, rule.label) for rule in rules)),
        on_track_ratio=meta.evaluation.on_track_ratio,
        internal=internal,
        summary=current_notes.summary if current_notes else None,
        rollup=counted[PLAN_GROUP],
        unfinished=today is not None and today <= review.end,
        sections=[section(node, 0) for node in outline],
        pillars=[section(node, 0) for node in by_pillar],
        graded=bool(grades),
        grade_summary=_grade_summary(project, grades),
    )


def _grade_summary(project: PlanProject, grades: dict[str, GradeRow]) -> str:
    """The grades given to the plan's KPIs for this period, counted (each KPI once)."""
    if not grades:
        return ""
    kpi_ids = distinct_kpi_ids(project.measures)
    given = [grades[kpi_id].grade for kpi_id in kpi_ids if kpi_id in grades]
    order = [item.grade for item in project.meta.evaluation.grades]
    return status_words.grade_summary(given, len(kpi_ids), order)


def _walk(nodes: list[OutlineNode]) -> list[OutlineNode]:
    found = []
    for node in nodes:
        found += [node, *_walk(node.children)]
    return found


def _measure(
    project: PlanProject,
    defined: dict[str, tuple[Measure, Kpi]],
    measure: Measure,
    evaluations: dict[str, KpiEvaluation],
    notes: QuarterNotes | None,
    previous_notes: QuarterNotes | None,
    rollup: Rollup,
    grades: dict[str, GradeRow],
    names: dict[str, str],
) -> MeasureReport:
    lines = [
        kpi_line(project, measure, kpi, evaluations[kpi.id], grade=grades.get(kpi.id), names=names)
        for kpi in measure.kpis
    ]
    for kpi_id in measure.relisted_kpis:
        if kpi_id in defined and kpi_id in evaluations:
            owner, kpi = defined[kpi_id]
            grade = grades.get(kpi_id)
            lines.append(
                kpi_line(
                    project,
                    owner,
                    kpi,
                    evaluations[kpi_id],
                    relisted=True,
                    grade=grade,
                    names=names,
                )
            )
    note = notes.measures.get(measure.id) if notes else None
    before = previous_notes.measures.get(measure.id) if previous_notes else None
    return MeasureReport(
        id=measure.id,
        name=measure.name,
        number=measure.number,
        departments=department_labels(measure, names),
        implementation=_implementation(note),
        previous_implementation=_implementation(before),
        evaluation=note.evaluation if note else None,
        issues=list(note.issues) if note else [],
        next_actions=list(note.next_actions) if note else [],
        kpis=lines,
        rollup=rollup,
        next_plan=NEXT_PLAN_LABELS[measure.next_plan.decision] if measure.next_plan else None,
    )


def _implementation(note: MeasureNote | None) -> str:
    return IMPLEMENTATION_STATUS_LABELS[note.status] if note else NO_NOTE
