"""The quarterly PDCA report (F11) as plain data: what the Markdown, the CSV and the site show.

Per pillar and measure: the implementation status, each KPI's actual, target,
progress and status with the change since the previous quarter, and the project
team's evaluation, issues and next actions (public ones only, unless internal).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.kpi.status import KpiLine, evaluate_project, kpi_line
from generator.labels import (
    IMPLEMENTATION_STATUS_LABELS,
    NO_NOTE,
    OWN_SCALE_LABEL,
    SCALE_LABELS,
    period_text,
)
from generator.model.common import Text
from generator.model.measure import Measure
from generator.model.pdca import MeasureNote, QuarterNotes
from generator.outline import OutlineNode, pillar_outline, plan_outline
from generator.progress import KpiEvaluation
from generator.project import Audience, PlanProject
from generator.quarters import Quarter
from generator.rollup import Rollup, distinct_kpi_ids, measure_kpi_ids, rollups

PLAN_GROUP = "計画全体"


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
    quarter: Quarter
    previous: Quarter
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

    @property
    def marks(self) -> list[str]:
        return list(self.rollup.marks)


def build_report(
    project: PlanProject, quarter: Quarter, *, today: dt.date | None = None
) -> QuarterReport:
    """The report of `quarter` from a view of the plan (generator.visibility.plan_view).

    With `today`, a quarter that has not ended yet is marked as such (a mid-quarter report).
    """
    meta = project.meta
    notes = project.notes
    internal = project.audience is Audience.INTERNAL
    evaluations = evaluate_project(project, project.actuals, quarter)
    rules = meta.evaluation.mark_rules()
    marks = [rule.mark for rule in rules]
    previous = quarter.shifted(-1)
    outline = plan_outline(project)
    by_pillar = pillar_outline(project)
    groups = {PLAN_GROUP: distinct_kpi_ids(project.measures)}
    for measure in project.measures:
        groups[f"measure:{measure.id}"] = measure_kpi_ids(measure)
    for node in _walk([*outline, *by_pillar]):
        groups[node.key] = distinct_kpi_ids(node.all_measures())
    counted = rollups(groups, evaluations, marks)

    def section(node: OutlineNode, depth: int) -> SectionReport:
        measures = [
            _measure(
                project,
                measure,
                evaluations,
                notes.get(quarter),
                notes.get(previous),
                counted[f"measure:{measure.id}"],
            )
            for measure in node.measures
        ]
        children = [section(child, depth + 1) for child in node.children]
        return SectionReport(node.key, node.title, depth, measures, counted[node.key], children)

    current_notes = notes.get(quarter)
    return QuarterReport(
        municipality=meta.municipality,
        title=meta.title,
        quarter=quarter,
        previous=previous,
        period=period_text(meta.period),
        scale=OWN_SCALE_LABEL if meta.evaluation.marks else SCALE_LABELS[meta.evaluation.scale],
        legend=list(dict.fromkeys((rule.mark, rule.label) for rule in rules)),
        on_track_ratio=meta.evaluation.on_track_ratio,
        internal=internal,
        summary=current_notes.summary if current_notes else None,
        rollup=counted[PLAN_GROUP],
        unfinished=today is not None and today <= quarter.end,
        sections=[section(node, 0) for node in outline],
        pillars=[section(node, 0) for node in by_pillar],
    )


def _walk(nodes: list[OutlineNode]) -> list[OutlineNode]:
    found = []
    for node in nodes:
        found += [node, *_walk(node.children)]
    return found


def _measure(
    project: PlanProject,
    measure: Measure,
    evaluations: dict[str, KpiEvaluation],
    notes: QuarterNotes | None,
    previous_notes: QuarterNotes | None,
    rollup: Rollup,
) -> MeasureReport:
    defined = project.kpis_by_id()
    lines = [kpi_line(project, measure, kpi, evaluations[kpi.id]) for kpi in measure.kpis]
    for kpi_id in measure.relisted_kpis:
        if kpi_id in defined and kpi_id in evaluations:
            owner, kpi = defined[kpi_id]
            lines.append(kpi_line(project, owner, kpi, evaluations[kpi_id], relisted=True))
    note = notes.measures.get(measure.id) if notes else None
    before = previous_notes.measures.get(measure.id) if previous_notes else None
    names = project.meta.department_names()
    return MeasureReport(
        id=measure.id,
        name=measure.name,
        number=measure.number,
        departments=[names.get(d, d) for d in measure.departments],
        implementation=_implementation(note),
        previous_implementation=_implementation(before),
        evaluation=note.evaluation if note else None,
        issues=list(note.issues) if note else [],
        next_actions=list(note.next_actions) if note else [],
        kpis=lines,
        rollup=rollup,
    )


def _implementation(note: MeasureNote | None) -> str:
    return IMPLEMENTATION_STATUS_LABELS[note.status] if note else NO_NOTE
