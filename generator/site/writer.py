"""Write the site's source: every page as Markdown, its data files, and the hand-written parts.

The folder written here is generated (git-ignored) and is the builder's docs folder.
The hand-written parts come from the tool's theme and the plan's own `site/`
(generator/publish/site_files.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.publish.output_folder import mark_as_own
from generator.publish.print_document import render_print_html
from generator.publish.site_files import copy_static_files
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
from generator.site.pages_open_data import kpi_files, plan_pdf, plan_tables, render_open_data
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure, site_structure

OPEN_DATA_FOLDER = "data/open"
PDF_PATH = "downloads/plan.pdf"
PRINT_PATH = "downloads/plan-print.html"  # the whole plan on one page, in template order

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
    left_out: list[LeftOut] = field(default_factory=list)


def write_site_source(data: SiteData, folder: Path, *, with_pdf: bool = True) -> SiteSource:
    """Render every page of `data` into `folder` (emptied first) and copy the static parts
    (the theme's, then the plan's own site/ files).

    With `with_pdf`, the plan's PDF is written to downloads/plan.pdf and linked from
    the top page when it can be made; otherwise `left_out` says why there is none.
    """
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)  # the build checked it is the tool's own (output_folder)
    folder.mkdir(parents=True)
    mark_as_own(folder)
    structure = site_structure(data)
    files: dict[str, bytes] = {}
    chart_pages = []
    pdf, left_out = plan_pdf(data, folder, PDF_PATH) if with_pdf else (None, [])
    _write(
        folder / PRINT_PATH, render_print_html(data.view, internal=data.internal).encode("utf-8")
    )
    for page in structure.pages:
        if page.kind == "open_data":
            continue
        if page.kind == "top":
            rendered = pages_plan.render_top(page, data, structure, pdf=pdf)
        else:
            rendered = RENDERERS[page.kind](page, data, structure)
        _write(folder / page.path, rendered.markdown.encode("utf-8"))
        files.update(rendered.files)
        if rendered.charts:
            chart_pages.append(page.path)
    for path, content in files.items():
        _write(folder / path, content)
    open_data = structure.page("open_data")
    if open_data is not None:
        tables = plan_tables(data, folder, OPEN_DATA_FOLDER)
        kpi_csvs = kpi_files(data, files)
        rendered = render_open_data(open_data, data, structure, tables, kpi_csvs)
        _write(folder / open_data.path, rendered.markdown.encode("utf-8"))
        files.update({t.path: (folder / t.path).read_bytes() for t in tables})
    generated = {PRINT_PATH, *files, *(p.path for p in structure.pages)}
    generated |= {path[:-3] + ".html" for path in generated if path.endswith(".md")}
    if pdf is not None:
        generated.add(pdf.path)
    copy_static_files(data.view.root, folder, generated)
    sizes = {p: len(c) for p, c in files.items()}
    if pdf is not None:
        sizes[pdf.path] = pdf.size
    return SiteSource(folder, structure, sizes, chart_pages, [*data.left_out, *left_out])


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.write_bytes(content)
    except OSError as error:
        error.filename = error.filename or str(path)  # a file-size limit names no file
        raise
