"""What every page of one build reads: the view of the plan and what analysis says about it.

Built once per build from the view (public or internal); page renderers read
only this, never a plan file, and never decide what a reader may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from generator.analysis import PlanAnalysis, analyse
from generator.catalogue.model import Catalogue, PillarEntry
from generator.compare.pages import LatestRevision, load_latest_revision
from generator.kpi.status import KpiLine, StatusListing, status_listing
from generator.kpi.store import ActualRow
from generator.labels import NOT_STATED, ReviewWords, review_words
from generator.model.common import Model
from generator.model.kpi import Kpi
from generator.model.measure import Measure
from generator.model.pdca import QuarterNotes
from generator.model.plan import Group, PlanMeta
from generator.progress import KpiEvaluation
from generator.project import Audience, PlanProject
from generator.quarters import ReviewPeriod
from generator.resolve import CrossReference, cross_reference
from generator.rollup import distinct_kpi_ids, measure_kpi_ids, rollups
from generator.site.left_out import LeftOut
from generator.visibility import plan_view


@dataclass
class SiteData:
    """The view of the plan for one audience, with the analysis the pages show."""

    view: PlanProject
    internal: bool
    chapters: list[tuple[str, Model]]
    actuals: list[ActualRow]
    notes: dict[ReviewPeriod, QuarterNotes]
    periods: list[ReviewPeriod]  # review periods (quarters, 年度) with any actual, oldest first
    reference: CrossReference
    analysis: PlanAnalysis  # every KPI judged at every review period shown, once for the build
    revision_table: str | None = None  # the latest revision's 新旧対照表 (Markdown), if any
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def meta(self) -> PlanMeta:
        return self.view.meta

    @property
    def catalogue(self) -> Catalogue:
        return self.view.catalogue

    @property
    def latest(self) -> ReviewPeriod | None:
        return self.periods[-1] if self.periods else None

    @property
    def yearly(self) -> bool:
        """The plan reviews once a year (its archive speaks of 年度, not quarters)."""
        return self.view.yearly

    @property
    def latest_words(self) -> ReviewWords:
        """Words for the latest review: a yearly plan's latest may be a quarter's actual."""
        return review_words(self.latest.is_year if self.latest else self.yearly)

    @cached_property
    def listing(self) -> StatusListing | None:
        """Every KPI judged at the latest review with data (None before the first actual)."""
        if self.latest is None:
            return None
        return status_listing(
            self.view, self.actuals, self.latest, latest_grades=True, analysis=self.analysis
        )

    @cached_property
    def lines(self) -> dict[str, KpiLine]:
        """Each KPI's line of the latest listing (its grade, its figures in words)."""
        return {line.kpi_id: line for line in self.listing.lines} if self.listing else {}

    @cached_property
    def evaluations(self) -> dict[str, KpiEvaluation]:
        return {line.kpi_id: line.evaluation for line in self.listing.lines} if self.listing else {}

    @cached_property
    def kpis(self) -> dict[str, tuple[Measure, Kpi]]:
        """Each KPI id → the measure that defines it and the KPI."""
        return self.view.kpis_by_id()

    @cached_property
    def measures_by_id(self) -> dict[str, Measure]:
        return {measure.id: measure for measure in self.view.measures}

    @cached_property
    def measure_rollups(self) -> dict:
        """Each measure id → the roll-up of its KPIs (own and re-listed) at the latest quarter."""
        if not self.evaluations:
            return {}
        marks = [rule.mark for rule in self.meta.evaluation.mark_rules()]
        groups = {m.id: measure_kpi_ids(m) for m in self.view.measures if measure_kpi_ids(m)}
        return rollups(groups, self.evaluations, marks)

    def pillar_status_rows(self) -> list[tuple[str, dict[str, int]]]:
        """(pillar label, {mark: KPI count}) at the latest quarter; a re-listed KPI once per pillar."""
        if not self.evaluations:
            return []
        marks = [rule.mark for rule in self.meta.evaluation.mark_rules()]
        groups = {
            pillar.id: distinct_kpi_ids(m for m in self.view.measures if m.pillar == pillar.id)
            for pillar in self.catalogue.pillars
        }
        counted = rollups({k: v for k, v in groups.items() if v}, self.evaluations, marks)
        return [
            (f"{pillar.number}. {pillar.short_label}", counted[pillar.id].marks)
            for pillar in self.catalogue.pillars
            if pillar.id in counted
        ]

    def department_name(self, department_id: str) -> str:
        return self.meta.department_names().get(department_id, department_id)

    def department_names(self, measure: Measure) -> list[str]:
        """The measure's departments by name; 計画に記載なし when the plan names none."""
        if not measure.departments_stated:
            return [NOT_STATED]
        return [self.department_name(d) for d in measure.department_ids]

    def pillar(self, pillar_id: str | None) -> PillarEntry | None:
        """The catalogue's pillar; None for a measure of a plan classified by its own structure."""
        return next((p for p in self.catalogue.pillars if p.id == pillar_id), None)

    def field_label(self, field_id: str) -> str:
        return next((f.label for f in self.catalogue.fields if f.id == field_id), field_id)

    def group(self, group_id: str | None) -> Group | None:
        return next((g for g in self.meta.groups if g.id == group_id), None)

    def group_path(self, group_id: str | None) -> list[Group]:
        """The group and its ancestors, outermost first (基本目標 → 施策)."""
        path: list[Group] = []
        group = self.group(group_id)
        while group is not None and group not in path:
            path.insert(0, group)
            group = self.group(group.parent)
        return path

    def actuals_of(self, kpi_id: str) -> list[ActualRow]:
        """A KPI's readable actuals, oldest first (the first row of a duplicated time)."""
        seen: dict[ReviewPeriod, ActualRow] = {}
        for row in self.actuals:
            period = row.period
            if row.kpi_id == kpi_id and period is not None:
                seen.setdefault(period, row)
        return [seen[key] for key in sorted(seen)]

    def relisted_in(self, kpi_id: str) -> list[Measure]:
        """Measures that re-list (再掲) a KPI defined elsewhere."""
        return [m for m in self.view.measures if kpi_id in m.relisted_kpis]


def collect_site_data(project: PlanProject, *, internal: bool) -> SiteData:
    """`site_data` for a loaded plan, loading the other edition of its latest revision here
    (for a single use; a build loads it once beforehand, with the plan)."""
    return site_data(project, load_latest_revision(project), internal=internal)


def site_data(project: PlanProject, revision: LatestRevision, *, internal: bool) -> SiteData:
    """The view for this build (public unless `internal`) and the analysis over it.

    `revision`: the editions of the latest revision, loaded (generator.compare.pages); when
    there are none though the plan has an edition before, the site has no 新旧対照表 and the
    build says why.
    """
    audience = Audience.INTERNAL if internal else Audience.PUBLIC
    view = plan_view(project, audience)
    return SiteData(
        view=view,
        internal=internal,
        chapters=view.chapters.present(),
        actuals=view.actuals,
        notes=view.notes,
        periods=view.review_periods(),
        reference=cross_reference(view),
        analysis=analyse(view),
        revision_table=revision.table(audience),
        left_out=[LeftOut("新旧対照表", revision.missing)] if revision.missing else [],
    )
