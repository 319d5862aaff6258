"""Stage 3: resolve the plan against its catalogues (F7).

Which local measures answer each national measure and case study of the 手引, how
much of each catalogue the plan covers (the 手引's national measures, the national DX
plan, a prefecture's plan), each catalogue's entries against the plan's own structure,
and the pillar × field matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.catalogue import CatalogueInfo, ReferenceCatalogue
from generator.outline import plan_outline
from generator.project import PlanProject

TEMPLATE_SECTION = "国の施策"
NO_FIELD = "none"  # the matrix column of measures whose plan names no 重点分野


@dataclass(frozen=True)
class CatalogueLink:
    """One catalogue entry and the plan's measures that cite it."""

    id: str
    name: str
    measure_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GroupLink:
    """One group of the plan's own structure and the measures directly in it."""

    id: str
    name: str
    level: str
    parent: str | None
    measures: list[tuple[str, str, str | None]]  # (id, name, the plan's own number)


@dataclass(frozen=True)
class EntryLink:
    """One entry of a catalogue and the plan's measures that refer to it."""

    ref: str  # what a measure writes: dx-2.3/3.1(1), or nm-01 for the 手引's national measures
    key: str
    number: str | None
    title: str
    measure_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SectionLinks:
    key: str | None
    title: str
    entries: list[EntryLink]


@dataclass(frozen=True)
class CatalogueCoverage:
    """How the plan answers one catalogue: every entry with its measures, by the source's sections.

    `by_structure` puts each entry's measures under the top sections of the plan's own
    structure (its top groups, or the pillars), keyed as `CrossReference.structure`.
    """

    info: CatalogueInfo
    kind: str  # "template": the 手引's national measures; "reference": a catalogue's entries
    sections: list[SectionLinks]
    by_structure: dict[str, dict[str, list[str]]]  # entry ref → structure key → measure ids
    from_plan: bool = False  # a file of the plan's own (a prefecture's plan), not bundled
    superseded_by: CatalogueInfo | None = None  # a bundled later version of the same series

    @property
    def entries(self) -> list[EntryLink]:
        return [entry for section in self.sections for entry in section.entries]

    @property
    def covered(self) -> int:
        return sum(1 for entry in self.entries if entry.measure_ids)

    @property
    def coverage(self) -> float:
        return self.covered / len(self.entries) if self.entries else 0.0

    @property
    def unaddressed(self) -> list[EntryLink]:
        """Entries no measure of the plan refers to."""
        return [entry for entry in self.entries if not entry.measure_ids]


@dataclass(frozen=True)
class StructureColumn:
    """A top section of the plan's own structure (a top group, or a pillar): a matrix column."""

    key: str
    label: str  # 基本目標1, 柱2
    title: str


@dataclass(frozen=True)
class CrossReference:
    national_measures: list[CatalogueLink]
    case_studies: list[CatalogueLink]
    examples: list[CatalogueLink]
    matrix: dict[str, dict[str, list[str]]]  # pillar id → field id (or NO_FIELD) → measure ids
    groups: list[GroupLink] = field(default_factory=list)  # the plan's own structure, in order
    without_pillar: list[str] = field(default_factory=list)  # measures the plan gives no pillar
    own_structure: bool = False  # the plan classifies by its own groups, not the pillars
    catalogues: list[CatalogueCoverage] = field(default_factory=list)  # the 手引 first
    structure: list[StructureColumn] = field(default_factory=list)

    @property
    def national_covered(self) -> int:
        return sum(1 for link in self.national_measures if link.measure_ids)

    @property
    def national_coverage(self) -> float:
        return (
            self.national_covered / len(self.national_measures) if self.national_measures else 0.0
        )


def cross_reference(project: PlanProject) -> CrossReference:
    """Link every catalogue entry to the measures that cite it, in catalogue order."""
    catalogue = project.catalogue
    national = [
        CatalogueLink(
            entry.id,
            entry.name,
            [m.id for m in project.measures if entry.id in m.national_measures],
        )
        for entry in catalogue.national_measures
    ]
    cases = [
        CatalogueLink(
            entry.id,
            f"{entry.title}（{entry.municipality}）",
            [m.id for m in project.measures if entry.id in m.case_studies],
        )
        for entry in catalogue.case_studies
    ]
    examples = [
        CatalogueLink(
            entry.id,
            entry.name,
            [m.id for m in project.measures if m.catalogue_example == entry.id],
        )
        for entry in catalogue.template_examples
    ]
    matrix: dict[str, dict[str, list[str]]] = {
        pillar.id: {priority.id: [] for priority in catalogue.fields}
        for pillar in catalogue.pillars
    }
    without_pillar = []
    for measure in project.measures:
        if measure.pillar is None:
            without_pillar.append(measure.id)
        else:
            field = measure.field.value if measure.field else NO_FIELD
            matrix[measure.pillar.value].setdefault(field, []).append(measure.id)
    groups = [
        GroupLink(
            group.id,
            group.name,
            group.level,
            group.parent,
            [(m.id, m.name, m.number) for m in project.measures if m.group == group.id],
        )
        for group in project.meta.groups
    ]
    outline = plan_outline(project)
    structure = [StructureColumn(n.key, f"{n.level}{n.number}", n.title) for n in outline]
    top = {m.id: node.key for node in outline for m in node.all_measures()}
    return CrossReference(
        national,
        cases,
        examples,
        matrix,
        groups,
        without_pillar,
        project.meta.own_structure,
        [_template_coverage(project, national, top), *_reference_coverage(project, top)],
        structure,
    )


def _template_coverage(
    project: PlanProject, national: list[CatalogueLink], top: dict[str, str]
) -> CatalogueCoverage:
    """The 手引's national measures as a catalogue: what `national_measures` refers to."""
    entries = [EntryLink(link.id, link.id, None, link.name, link.measure_ids) for link in national]
    return CatalogueCoverage(
        project.catalogue.catalogue,
        "template",
        [SectionLinks(None, TEMPLATE_SECTION, entries)],
        _by_structure(entries, top),
    )


def _reference_coverage(project: PlanProject, top: dict[str, str]) -> list[CatalogueCoverage]:
    """Each catalogue the plan lists or refers to, in the order they were loaded."""
    references = project.references
    found = []
    for catalogue in references.in_use(project.catalogue_refs()):
        sections = [
            SectionLinks(
                section.key,
                section.title,
                [_entry_link(project, catalogue, entry) for entry in section.entries],
            )
            for section in catalogue.sections
        ]
        links = [entry for section in sections for entry in section.entries]
        newer = references.newer_bundled(catalogue)
        found.append(
            CatalogueCoverage(
                catalogue.catalogue,
                "reference",
                sections,
                _by_structure(links, top),
                catalogue.id in references.files,
                newer.catalogue if newer else None,
            )
        )
    return found


def _entry_link(project: PlanProject, catalogue: ReferenceCatalogue, entry) -> EntryLink:
    ref = catalogue.ref(entry)
    measures = [m.id for m in project.measures if ref in m.catalogue_entries]
    return EntryLink(ref, entry.key, entry.number, entry.title, measures)


def _by_structure(entries: list[EntryLink], top: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {}
    for entry in entries:
        cells: dict[str, list[str]] = {}
        for measure_id in entry.measure_ids:
            cells.setdefault(top.get(measure_id, "ungrouped"), []).append(measure_id)
        found[entry.ref] = cells
    return found


def cross_reference_as_dict(reference: CrossReference) -> dict:
    """JSON-ready form, for `dataplan crossref --format json` and the open data."""

    def links(items: list[CatalogueLink]) -> list[dict]:
        return [{"id": link.id, "name": link.name, "measures": link.measure_ids} for link in items]

    return {
        "coverage": {
            "national_measures": len(reference.national_measures),
            "covered": reference.national_covered,
            "ratio": round(reference.national_coverage, 4),
        },
        "national_measures": links(reference.national_measures),
        "case_studies": links(reference.case_studies),
        "template_examples": links(reference.examples),
        "matrix": reference.matrix,
        "classification": "own_structure" if reference.own_structure else "pillars",
        "groups": [
            {
                "id": group.id,
                "name": group.name,
                "level": group.level,
                "parent": group.parent,
                "measures": [
                    {"id": measure_id, "name": name, "number": number}
                    for measure_id, name, number in group.measures
                ],
            }
            for group in reference.groups
        ],
        "measures_without_pillar": reference.without_pillar,
        "structure": [
            {"key": column.key, "label": column.label, "title": column.title}
            for column in reference.structure
        ],
        "catalogues": [coverage_as_dict(coverage) for coverage in reference.catalogues],
        "catalogue_references": [
            {"catalogue": coverage.info.id, "entry": entry.key, "ref": entry.ref, "measure": mid}
            for coverage in reference.catalogues
            for entry in coverage.entries
            for mid in entry.measure_ids
        ],
    }


def coverage_as_dict(coverage: CatalogueCoverage) -> dict:
    """One catalogue's provenance and coverage, JSON-ready (crossref, open data, an aggregate)."""
    info = coverage.info
    return {
        "id": info.id,
        "kind": coverage.kind,
        "title": info.title,
        "version": info.version,
        "issuer": info.issuer,
        "issuer_level": info.issuer_level,
        "issuer_lg_code": info.issuer_lg_code,
        "date": info.date,
        "url": info.url,
        "source": info.source,
        "series": info.series,
        "supersedes": info.supersedes,
        "superseded_by": coverage.superseded_by.id if coverage.superseded_by else None,
        "from_plan": coverage.from_plan,
        "coverage": {
            "entries": len(coverage.entries),
            "covered": coverage.covered,
            "ratio": round(coverage.coverage, 4),
        },
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "entries": [
                    {
                        "ref": entry.ref,
                        "key": entry.key,
                        "number": entry.number,
                        "title": entry.title,
                        "measures": entry.measure_ids,
                        "by_structure": coverage.by_structure[entry.ref],
                    }
                    for entry in section.entries
                ],
            }
            for section in coverage.sections
        ],
        "unaddressed": [entry.ref for entry in coverage.unaddressed],
    }
