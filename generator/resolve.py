"""Stage 3: resolve the plan against the national catalogue (F7).

Which local measures answer each national measure and case study, how much of the
national list the plan covers, and the pillar × field matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.project import PlanProject


@dataclass(frozen=True)
class CatalogueLink:
    """One catalogue entry and the plan's measures that cite it."""

    id: str
    name: str
    measure_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CrossReference:
    national_measures: list[CatalogueLink]
    case_studies: list[CatalogueLink]
    examples: list[CatalogueLink]
    matrix: dict[str, dict[str, list[str]]]  # pillar id → field id → measure ids

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
    for measure in project.measures:
        matrix[measure.pillar.value][measure.field.value].append(measure.id)
    return CrossReference(national, cases, examples, matrix)


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
    }
