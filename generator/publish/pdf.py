"""The plan as a tagged PDF (F19): the print document through WeasyPrint, written atomically.

WeasyPrint is imported only here, inside the function that needs it: it is heavy,
and every other command must start without it. `pdf_variant="pdf/ua-1"` makes a
tagged PDF (structure tree, document language and title) and embeds the fonts as
CID fonts, so Noto Sans CJK JP is embedded as itself, never as Type 3 glyphs.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

from generator.analysis import PlanAnalysis, analyse
from generator.atomic import atomic_write_bytes
from generator.project import Audience, PlanProject
from generator.publish.pdf_charts import kpi_charts
from generator.publish.pdf_fonts import missing_japanese_font
from generator.publish.print_document import TEMPLATES, render_print_html
from generator.visibility import plan_view

PDF_VARIANT = "pdf/ua-1"
FILE_MODE = 0o644


class PdfUnavailable(Exception):
    """No PDF can be made here: WeasyPrint, pango or a Japanese font is missing (Japanese message)."""


def pdf_unavailable_reason() -> str | None:
    """Why this machine cannot make the PDF (checked before anything is drawn), or None."""
    try:
        importlib.import_module("weasyprint")  # loading it (and pango) is the check
    except (ImportError, OSError) as error:  # OSError: pango missing
        return _no_weasyprint(error)
    return missing_japanese_font()


def _no_weasyprint(error: BaseException) -> str:
    return (
        f"PDF を作る WeasyPrint か、それが使う pango を読み込めません（{error}）。"
        "Debian・Ubuntu では `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0` で入れてください"
    )


@dataclass(frozen=True)
class WrittenPdf:
    path: Path
    size: int
    pages: int
    charts: int = 0


def default_pdf_path(root: Path, *, internal: bool) -> Path:
    """build/plan.pdf in the plan folder, or build/plan-internal.pdf for the internal edition."""
    return Path(root) / "build" / ("plan-internal.pdf" if internal else "plan.pdf")


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF bytes of a print document and its page count."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]  # ships no type hints
    except (ImportError, OSError) as error:  # OSError: pango missing
        raise PdfUnavailable(_no_weasyprint(error)) from error
    document = HTML(string=html, base_url=str(TEMPLATES)).render()
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    return data, len(document.pages)


def write_plan_pdf(
    project: PlanProject,
    output: Path,
    *,
    internal: bool = False,
    charts: bool = True,
    analysis: PlanAnalysis | None = None,
    revision_table: str | None = None,
) -> WrittenPdf:
    """Render the plan (public, or internal with 庁内限定 badges) and write it atomically, 0644.

    With `charts`, each numeric KPI with actuals gets its static chart (pdf_charts);
    the charts read the public view either way (KPI figures hold no internal text).
    `analysis` is the command's analysis of the view printed (made here for the latest
    review when not given); `revision_table` the latest revision's 新旧対照表 for this
    audience (generator.compare.pages.LatestRevision.table), the last section when given.
    Raises PdfUnavailable before drawing anything when no PDF can be made here: never a
    PDF whose Japanese text would be boxes.
    """
    reason = pdf_unavailable_reason()
    if reason:
        raise PdfUnavailable(reason)
    if analysis is None:
        view = plan_view(project, Audience.INTERNAL if internal else Audience.PUBLIC)
        analysis = analyse(view, view.review_periods()[-1:])
    drawn = kpi_charts(plan_view(project, Audience.PUBLIC), analysis) if charts else {}
    html = render_print_html(
        project,
        internal=internal,
        charts=drawn,
        analysis=analysis,
        revision_table=revision_table,
    )
    data, pages = render_pdf(html)
    output = Path(output)
    atomic_write_bytes(output, data)
    os.chmod(output, FILE_MODE)
    return WrittenPdf(output, len(data), pages, len(drawn))
