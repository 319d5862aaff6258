"""The validated plan as plain data: what every later stage (resolve, analyse, render) reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalogue import Catalogue
from generator.load import YamlDocument
from generator.model import Kpi, Measure, PlanMeta
from generator.model.common import Model


@dataclass
class PlanProject:
    """A plan folder after loading: metadata, chapters, measures and the catalogue they cite."""

    root: Path
    meta: PlanMeta
    catalogue: Catalogue
    chapters: dict[str, Model] = field(default_factory=dict)
    measures: list[Measure] = field(default_factory=list)
    documents: dict[str, YamlDocument] = field(default_factory=dict)
    measure_documents: dict[int, YamlDocument] = field(default_factory=dict)

    def document_of(self, measure: Measure) -> YamlDocument:
        return self.measure_documents[id(measure)]

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

    def kpi_department(self, measure: Measure, kpi: Kpi) -> str:
        """The department that reports a KPI's actuals: its own, else the measure's first."""
        return kpi.department or measure.departments[0]
