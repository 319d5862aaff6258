"""Stage 5 (downloads): what a build offers to download, made before any page is rendered.

The plan's PDF, its print page (the whole plan on one page) and the open-data tables
with their `datapackage.json`, from the build's view and analysis (SiteData). The
pages then only link to what is here (the top page to the PDF, the open-data page to
the tables): no renderer makes a download.
"""

from __future__ import annotations

from pathlib import Path

from generator.publish.open_data import write_open_data
from generator.publish.print_document import render_print_html
from generator.site.left_out import LeftOut
from generator.site.pages_open_data import DataFile, Downloads
from generator.site.site_data import SiteData
from generator.site.writer import write_file

OPEN_DATA_FOLDER = "data/open"
PDF_PATH = "downloads/plan.pdf"
PRINT_PATH = "downloads/plan-print.html"  # the whole plan on one page, in template order


def write_downloads(data: SiteData, folder: Path, *, with_pdf: bool = True) -> Downloads:
    """Write the downloads of the site into `folder` (the builder's docs folder).

    With `with_pdf`, the plan's PDF is written to downloads/plan.pdf when it can be made;
    otherwise `left_out` says why there is none.
    """
    folder = Path(folder)
    pdf, left_out = plan_pdf(data, folder, PDF_PATH) if with_pdf else (None, [])
    files: dict[str, bytes] = {PRINT_PATH: print_page(data).encode("utf-8")}
    write_file(folder / PRINT_PATH, files[PRINT_PATH])
    tables = plan_tables(data, folder, OPEN_DATA_FOLDER)
    files.update({t.path: (folder / t.path).read_bytes() for t in tables})
    return Downloads(pdf, tables, files, left_out)


def print_page(data: SiteData) -> str:
    """The whole plan as one HTML page (the print document, without charts)."""
    return render_print_html(
        data.view,
        internal=data.internal,
        analysis=data.analysis,
        revision_table=data.revision_table,
    )


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
        written = pdf.write_plan_pdf(
            data.view,
            folder / path,
            internal=data.internal,
            analysis=data.analysis,
            revision_table=data.revision_table,
        )
    except pdf.PdfUnavailable as error:
        return None, [LeftOut("計画の PDF", str(error))]
    file = DataFile(path, f"{data.meta.title}（全文）", written.size, f"{written.pages}ページ")
    return file, []
