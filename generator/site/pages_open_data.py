"""The open-data page: every data file the site offers, with its format and size.

Two kinds of file: the plan's tables with their `datapackage.json`, made before
the pages (generator.publish.downloads), and the per-KPI CSV files that the
measure pages link to (kpi_card_data.values_csv).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.labels import file_size_label
from generator.site.left_out import LeftOut
from generator.site.page_context import RenderedPage, base_context
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure
from generator.templating import render

FORMATS = {".csv": "CSV形式", ".json": "JSON形式"}


@dataclass(frozen=True)
class DataFile:
    path: str  # under the docs folder, e.g. data/kpi/k-1-01-1.csv
    title: str
    size: int
    description: str = ""

    @property
    def format(self) -> str:
        suffix = self.path[self.path.rfind(".") :]
        return FORMATS.get(suffix, suffix.lstrip(".").upper())

    @property
    def size_text(self) -> str:
        return file_size_label(self.size)


@dataclass(frozen=True)
class Downloads:
    """What the build made to download before the pages (generator.publish.downloads): the
    PDF (None when it was not made), the open-data tables, and why anything meant is missing."""

    pdf: DataFile | None
    tables: list[DataFile]
    files: dict[str, bytes]  # path under the docs folder → content (print page, tables)
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def paths(self) -> set[str]:
        """Every path written (the static files copied after the pages never overwrite one)."""
        return {*self.files, *([self.pdf.path] if self.pdf else [])}


def kpi_files(data: SiteData, files: dict[str, bytes]) -> list[DataFile]:
    """The per-KPI CSV files the measure pages wrote, in the plan's KPI order."""
    found = []
    for kpi_id, (_, kpi) in data.kpis.items():
        path = f"data/kpi/{kpi_id}.csv"
        if path in files:
            found.append(DataFile(path, f"{kpi_id} {kpi.name}", len(files[path])))
    return found


def render_open_data(
    page: Page,
    data: SiteData,
    structure: SiteStructure,
    tables: list[DataFile],
    kpi_csvs: list[DataFile],
) -> RenderedPage:
    """List every data file with a link that names it, its format and size."""
    context = base_context(page, data, structure)
    context.update(
        tables=tables,
        files=kpi_csvs,
        licence=data.meta.open_data,
        municipality=data.meta.municipality,
    )
    return RenderedPage(render("site/open_data.md.j2", **context))
