"""The open-data page: every data file the site offers, with its format and size.

Two kinds of file: the plan's tables with their `datapackage.json`
(generator.publish.open_data) and the per-KPI CSV files that
the measure pages link to (kpi_card_data.values_csv).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.labels import file_size_label
from generator.publish.open_data import write_open_data
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


def plan_tables(data: SiteData, folder: Path, subfolder: str) -> list[DataFile]:
    """Write the plan's open-data tables and datapackage.json into `folder`/`subfolder`."""
    written = write_open_data(
        data.view, data.evaluations, folder / subfolder, internal=data.internal
    )
    return [
        DataFile(f"{subfolder}/{item.name}", item.title, item.size, item.description)
        for item in written
    ]


def plan_pdf(data: SiteData, folder: Path, path: str) -> tuple[DataFile | None, list[LeftOut]]:
    """Write the plan's PDF (generator.publish.pdf) into the site, and what it left out.

    No PDF (no Japanese font, WeasyPrint or pango missing) means no link: the site never
    links a file it does not have, and the reason is returned for build's summary.
    """
    from generator.publish import pdf  # WeasyPrint is loaded only when a PDF is made

    try:
        written = pdf.write_plan_pdf(data.view, folder / path, internal=data.internal)
    except pdf.PdfUnavailable as error:
        return None, [LeftOut("計画の PDF", str(error))]
    file = DataFile(path, f"{data.meta.title}（全文）", written.size, f"{written.pages}ページ")
    return file, []


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
