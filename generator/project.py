"""The loaded plan: everything later stages read, so that no stage after loading reads a file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path

from generator.aggregate.prefecture import MunicipalAggregate
from generator.catalogue import Catalogue
from generator.catalogue.catalogues import ReferenceCatalogues
from generator.kpi.grades import GradeRow
from generator.kpi.store import ActualRow
from generator.load import YamlDocument
from generator.model import Kpi, Measure, PlanMeta
from generator.model.chapters import (
    CurrentState,
    Policy,
    Positioning,
    Purpose,
    ReviewCadence,
    Security,
    Structure,
)
from generator.model.common import Model
from generator.model.pdca import QuarterNotes
from generator.quarters import ReviewPeriod


class Audience(StrEnum):
    """Who a view of the plan is for: residents (public) or staff (internal, 庁内限定)."""

    PUBLIC = "public"
    INTERNAL = "internal"


@dataclass(frozen=True)
class Chapters:
    """The chapter files of plan/ (chapter 6, the measures, lives in measures/)."""

    current_state: CurrentState | None = None
    purpose: Purpose | None = None
    positioning: Positioning | None = None
    structure: Structure | None = None
    policy: Policy | None = None
    security: Security | None = None
    # Chapters whose file says only 「計画に記載なし」: the source plan has no such chapter.
    not_stated: frozenset[str] = frozenset()

    def present(self) -> list[tuple[str, Model]]:
        """(name, chapter) of each chapter that was loaded, in template order."""
        return [
            (item.name, getattr(self, item.name))
            for item in fields(self)
            if item.name != "not_stated" and getattr(self, item.name) is not None
        ]

    def __len__(self) -> int:
        return len(self.present())


@dataclass(frozen=True)
class UnloadedMeasure:
    """A measure file that parsed but failed the schema: the ids it defines, recovered.

    References to these ids are not reported again as unknown (the file's own problems
    say what is wrong), and the file's references that can still be checked are.
    """

    file: str
    measure_id: str
    kpi_ids: frozenset[str]


@dataclass
class SourceMap:
    """Where each loaded thing came from: file and position, keyed by file and id."""

    documents: dict[str, YamlDocument] = field(default_factory=dict)
    measure_files: list[str] = field(default_factory=list)  # parallel to PlanProject.measures
    unloaded: list[UnloadedMeasure] = field(default_factory=list)

    @property
    def unloaded_ids(self) -> frozenset[str]:
        """Measure and KPI ids defined in measure files that did not load."""
        found: set[str] = set()
        for item in self.unloaded:
            found |= {item.measure_id, *item.kpi_ids}
        return frozenset(found)

    def measure_file(self, measure_id: str) -> str | None:
        """The file (relative to the plan folder) of the first measure with this id."""
        return next(
            (
                path
                for path in self.measure_files
                if self.documents[path].data.get("id") == measure_id
            ),
            None,
        )


@dataclass
class PlanProject:
    """A plan folder after loading: metadata, chapters, measures, the catalogue, actuals and notes."""

    root: Path
    meta: PlanMeta
    catalogue: Catalogue
    chapters: Chapters = field(default_factory=Chapters)
    measures: list[Measure] = field(default_factory=list)
    actuals: list[ActualRow] = field(default_factory=list)
    notes: dict[ReviewPeriod, QuarterNotes] = field(default_factory=dict)
    sources: SourceMap = field(default_factory=SourceMap)
    audience: Audience | None = None  # None: as loaded; set by generator.visibility.plan_view
    grades: list[GradeRow] = field(default_factory=list)  # kpi/grades.csv: grades the body gave
    # Catalogues measures refer to by `catalogue_entries` (the national DX plan, a prefecture's plan).
    references: ReferenceCatalogues = field(default_factory=ReferenceCatalogues.bundled)
    # A prefecture's plan: its listed municipalities and the aggregate of their plans.
    municipal: MunicipalAggregate | None = None
    _measure_index: dict[int, int] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def catalogue_refs(self) -> list[str]:
        """Every catalogue entry the measures refer to, in measure order (repeats kept)."""
        return [ref for measure in self.measures for ref in measure.catalogue_entries]

    @property
    def yearly(self) -> bool:
        """True when the plan reviews once a year (review_cadence: yearly): actuals per 年度."""
        structure = self.chapters.structure
        return structure is not None and structure.review_cadence is ReviewCadence.YEARLY

    def grades_for(self, period: str) -> dict[str, GradeRow]:
        """KPI id → the grade given for the review of `period` ("2024" or "2024Q4"), where given.

        Unreadable or empty rows (validation reports them) and later duplicates are left out.
        """
        found: dict[str, GradeRow] = {}
        for row in self.grades:
            if row.grade and row.applies_to(period):
                found.setdefault(row.kpi_id, row)
        return found

    def latest_grades(self, period: ReviewPeriod) -> dict[str, GradeRow]:
        """KPI id → the latest grade given for a review up to `period` (each labelled by its own
        period where shown): what the site shows beside today's computed status."""
        found: dict[str, GradeRow] = {}
        for row in self.grades:
            review = row.review
            if not row.grade or review is None or period < review:
                continue
            kept = found.get(row.kpi_id)
            if kept is None or (kept.review is not None and kept.review < review):
                found[row.kpi_id] = row
        return found

    def top_group(self, group_id: str | None) -> str | None:
        """The top-level group of the plan's own structure above `group_id` (itself at the top)."""
        parents = {group.id: group.parent for group in self.meta.groups}
        seen: set[str] = set()
        while group_id is not None and parents.get(group_id) is not None and group_id not in seen:
            seen.add(group_id)
            group_id = parents[group_id]
        return group_id

    def document_of(self, measure: Measure) -> YamlDocument:
        """The parsed file a measure was loaded from (for positions in problems)."""
        index = self._measure_index.get(id(measure))
        if index is None or index >= len(self.measures) or self.measures[index] is not measure:
            # measures were replaced since: index them again (a lookup each was quadratic)
            self._measure_index.clear()
            self._measure_index.update((id(m), i) for i, m in enumerate(self.measures))
            index = self._measure_index[id(measure)]
        return self.sources.documents[self.sources.measure_files[index]]

    def iter_kpis(self) -> Iterator[tuple[Measure, int, Kpi]]:
        """Every KPI where it is defined, with its measure and index in that measure."""
        for measure in self.measures:
            for index, kpi in enumerate(measure.kpis):
                yield measure, index, kpi

    def kpis_by_id(self) -> dict[str, tuple[Measure, Kpi]]:
        found: dict[str, tuple[Measure, Kpi]] = {}
        for measure, _, kpi in self.iter_kpis():
            found.setdefault(kpi.id, (measure, kpi))
        return found

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def kpi_department(self, measure: Measure, kpi: Kpi) -> str | None:
        """The department that reports a KPI's actuals: its own, else the measure's lead (first by
        default); None when the plan states no department (計画に記載なし)."""
        return kpi.department or measure.lead_department

    def review_periods(self) -> list[ReviewPeriod]:
        """The review periods (quarters, and 年度 of a yearly review) with any actual, in order."""
        found = {row.period for row in self.actuals}
        return sorted(period for period in found if period is not None)
