"""Stage 3: resolve the plan against the national catalogue (F7).

Which local measures answer each national measure and case study, how much of the
national list the plan covers, and the pillar × field matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.project import PlanProject

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
class CrossReference:
    national_measures: list[CatalogueLink]
    case_studies: list[CatalogueLink]
    examples: list[CatalogueLink]
    matrix: dict[str, dict[str, list[str]]]  # pillar id → field id (or NO_FIELD) → measure ids
    groups: list[GroupLink] = field(default_factory=list)  # the plan's own structure, in order
    without_pillar: list[str] = field(default_factory=list)  # measures the plan gives no pillar
    own_structure: bool = False  # the plan classifies by its own groups, not the pillars

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
    return CrossReference(
        national, cases, examples, matrix, groups, without_pillar, project.meta.own_structure
    )


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
    }
