"""The open-data page: every data file the site offers, with its format and size."""

from __future__ import annotations

from dataclasses import dataclass

from generator.site.kpi_figures import size_label
from generator.site.page_context import RenderedPage, base_context
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure
from generator.templating import render

FORMATS = {".csv": "CSV形式（UTF-8、BOM付き）", ".json": "JSON形式"}


@dataclass(frozen=True)
class DataFile:
    path: str  # under the docs folder, e.g. data/kpi/k-1-01-1.csv
    title: str
    size: int

    @property
    def format(self) -> str:
        suffix = self.path[self.path.rfind(".") :]
        return FORMATS.get(suffix, suffix.lstrip(".").upper())

    @property
    def size_text(self) -> str:
        return size_label(self.size)


def kpi_files(data: SiteData, files: dict[str, bytes]) -> list[DataFile]:
    """The per-KPI CSV files the measure pages wrote, in the plan's KPI order."""
    found = []
    for kpi_id, (_, kpi) in data.kpis.items():
        path = f"data/kpi/{kpi_id}.csv"
        if path in files:
            found.append(DataFile(path, f"{kpi_id} {kpi.name}", len(files[path])))
    return found


def render_open_data(
    page: Page, data: SiteData, structure: SiteStructure, files: list[DataFile]
) -> RenderedPage:
    """List every data file with a link that names it, its format and size."""
    context = base_context(page, data, structure)
    context.update(files=files, municipality=data.meta.municipality)
    return RenderedPage(render("site/open_data.md.j2", **context))
