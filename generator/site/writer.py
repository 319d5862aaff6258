"""Write the site's source: every page as Markdown, its data files, and the hand-written parts.

The folder written here is generated (git-ignored) and is the builder's docs folder.
The downloads (PDF, print page, open data) are already in it (generator.publish.downloads):
pages only link to them. The build then copies the hand-written parts beside the pages: the
tool's theme and the plan's own `site/` (generator/publish/site_files.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.site import (
    pages_accessibility,
    pages_measures,
    pages_municipalities,
    pages_national,
    pages_plan,
    pages_progress,
)
from generator.site.left_out import LeftOut
from generator.site.page_context import RenderedPage
from generator.site.pages_open_data import Downloads, kpi_files, render_open_data
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure, site_structure

Renderer = Callable[[Page, SiteData, SiteStructure], RenderedPage]
RENDERERS: dict[str, Renderer] = {
    "chapter": pages_plan.render_chapter,
    "history": pages_plan.render_history,
    "revision": pages_plan.render_revision,
    "contact": pages_plan.render_contact,
    "search": pages_plan.render_search,
    "measures": pages_measures.render_measures_index,
    "pillars": pages_measures.render_pillars_index,
    "pillar": pages_measures.render_pillar,
    "measure": pages_measures.render_measure,
    "section": pages_measures.render_section,
    "dashboard": pages_progress.render_dashboard,
    "reports": pages_progress.render_reports_index,
    "report": pages_progress.render_report,
    "national": pages_national.render_national,
    "matrix": pages_national.render_matrix,
    "case_studies": pages_national.render_case_studies,
    "examples": pages_national.render_examples,
    "a11y_policy": pages_accessibility.render_policy,
    "a11y_results": pages_accessibility.render_results,
    "municipalities": pages_municipalities.render_municipalities,
}


@dataclass(frozen=True)
class SiteSource:
    """What was written: the structure, the data files and which pages draw charts."""

    folder: Path
    structure: SiteStructure
    files: dict[str, int]  # data file path → size in bytes
    chart_pages: list[str]
    generated: frozenset[str]  # every path the build wrote (pages, files, downloads)
    left_out: list[LeftOut] = field(default_factory=list)


def write_site_source(data: SiteData, folder: Path, downloads: Downloads) -> SiteSource:
    """Render every page of `data` into `folder`, which holds the `downloads` already: the top
    page links the PDF when there is one, the open-data page lists the tables.

    The static parts (the theme's, the plan's own site/ files) are copied afterwards, never
    over a path of `SiteSource.generated`.
    """
    folder = Path(folder)
    structure = site_structure(data)
    files: dict[str, bytes] = {}
    chart_pages = []
    for page in structure.pages:
        if page.kind == "open_data":
            continue
        if page.kind == "top":
            rendered = pages_plan.render_top(page, data, structure, pdf=downloads.pdf)
        else:
            rendered = RENDERERS[page.kind](page, data, structure)
        write_file(folder / page.path, rendered.markdown.encode("utf-8"))
        files.update(rendered.files)
        if rendered.charts:
            chart_pages.append(page.path)
    for path, content in files.items():
        write_file(folder / path, content)
    open_data = structure.page("open_data")
    if open_data is not None:
        kpi_csvs = kpi_files(data, files)
        rendered = render_open_data(open_data, data, structure, downloads.tables, kpi_csvs)
        write_file(folder / open_data.path, rendered.markdown.encode("utf-8"))
    files.update({table.path: downloads.files[table.path] for table in downloads.tables})
    generated = {*downloads.paths, *files, *(p.path for p in structure.pages)}
    generated |= {path[:-3] + ".html" for path in generated if path.endswith(".md")}
    sizes = {p: len(c) for p, c in files.items()}
    if downloads.pdf is not None:
        sizes[downloads.pdf.path] = downloads.pdf.size
    left_out = [*data.left_out, *downloads.left_out]
    return SiteSource(folder, structure, sizes, chart_pages, frozenset(generated), left_out)


def write_file(path: Path, content: bytes) -> None:
    """Write one file of the source, its folders first; an error names the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.write_bytes(content)
    except OSError as error:
        error.filename = error.filename or str(path)  # a file-size limit names no file
        raise
