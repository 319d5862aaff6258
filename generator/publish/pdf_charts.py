"""Static KPI charts for the PDF: the site's SVG drawing of each chart, no browser needed.

A PDF runs no JavaScript, so each chart is the static SVG the site shows (the
narrow drawing of generator.site.charts, judged at the latest quarter with
actuals), written into the print document as an image, two to a row: half the
pages of full-width charts, with the same size of text. Its texts stay text in
the PDF (WeasyPrint draws SVG text with the embedded font), and each chart is
printed with its caption and the site's text summary, which says the latest
actual, the target and the status in words.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from markupsafe import Markup

from generator.analysis import PlanAnalysis
from generator.project import PlanProject


@dataclass(frozen=True)
class PdfChart:
    """One KPI's chart for print: the SVG and its text alternative."""

    kpi_id: str
    caption: str
    summary: str
    svg: str

    @property
    def data_uri(self) -> Markup:
        """The SVG as an image address: the chart stays a separate document, never page markup."""
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return Markup("data:image/svg+xml;base64,") + encoded


def kpi_charts(view: PlanProject, analysis: PlanAnalysis | None = None) -> dict[str, PdfChart]:
    """A static chart for every numeric KPI with actuals, by KPI id.

    `analysis`: the command's analysis (generator.analysis), made here when not given.
    """
    from generator.kpi.status import status_listing
    from generator.site.charts import kpi_caption, kpi_chart_svg
    from generator.site.kpi_figure import kpi_summary
    from generator.site.kpi_series import kpi_series
    from generator.site.kpi_svg import NARROW

    periods = view.review_periods()
    if not periods:
        return {}
    listing = status_listing(view, view.actuals, periods[-1], analysis=analysis)
    kpis = view.kpis_by_id()
    charts = {}
    for line in listing.lines:
        kpi = kpis[line.kpi_id][1]
        series = kpi_series(kpi, view.actuals, line.evaluation.current)
        if series is None or not any(point.value is not None for point in series.actuals):
            continue
        charts[kpi.id] = PdfChart(
            kpi.id,
            kpi_caption(series),
            kpi_summary(series),
            kpi_chart_svg(series, named=False, frame=NARROW),
        )
    return charts
