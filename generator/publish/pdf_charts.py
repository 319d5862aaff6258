"""Static KPI charts for the PDF: the site's plotly figures, exported once as SVG with kaleido.

A PDF runs no JavaScript, so each chart is drawn in advance: the same figure as on
the site (generator.site.charts, judged at the latest quarter with actuals), with
the PDF's font, exported as SVG by kaleido driving a headless chromium in one
browser for all charts. Nothing is fetched: kaleido loads plotly.js from the
plotly package and MathJax is off. Charts are an addition: without kaleido or a browser the
PDF is made without them (the reason is returned and printed), and the KPI tables
carry every target anyway. Each chart is printed with its caption and the site's
text summary, which says the latest actual, the target and the status in words.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.project import PlanProject

FONT_FAMILY = '"Noto Sans CJK JP", sans-serif'
WIDTH, HEIGHT = 640, 320  # px at 96 dpi: the text column of A4 with 18 mm margins
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


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


@dataclass(frozen=True)
class PdfCharts:
    """The charts by KPI id, or why there are none (`missing`)."""

    charts: dict[str, PdfChart]
    missing: str | None = None


def kpi_charts(view: PlanProject) -> PdfCharts:
    """A static chart for every numeric KPI with actuals; none, with the reason, when impossible."""
    figures = _figures(view)
    if not figures:  # nothing to draw: nothing is missing, whatever is installed
        return PdfCharts({})
    try:
        import kaleido  # noqa: F401  - only to know it is there before drawing anything
    except ImportError:
        return PdfCharts({}, "グラフの書き出しに使う kaleido が入っていません")
    from generator.programs import BrowserMissing, ProgramFailed, find_browser

    try:
        browser = find_browser()
    except BrowserMissing as error:
        return PdfCharts({}, f"グラフの書き出しに使うブラウザがありません: {error}")
    try:
        svgs = _export([figure for _, _, _, figure in figures], browser)
    except ProgramFailed as error:  # a chart failure must not stop the PDF
        return PdfCharts({}, str(error))
    return PdfCharts(
        {
            kpi_id: PdfChart(kpi_id, caption, summary, svg)
            for (kpi_id, caption, summary, _), svg in zip(figures, svgs, strict=True)
        }
    )


def _figures(view: PlanProject) -> list[tuple[str, str, str, Any]]:
    """(KPI id, caption, summary, plotly figure) of every KPI the site would chart."""
    from generator.kpi.status import status_listing
    from generator.site.charts import kpi_chart
    from generator.site.kpi_series import kpi_series

    quarters = view.quarters_with_actuals()
    if not quarters:
        return []
    listing = status_listing(view, view.actuals, quarters[-1])
    found = []
    for line in listing.lines:
        kpi = view.kpis_by_id()[line.kpi_id][1]
        series = kpi_series(kpi, view.actuals, line.evaluation.current)
        if series is None or not any(point.value is not None for point in series.actuals):
            continue
        fragment = kpi_chart(series, "chart-" + "".join(c if c.isalnum() else "-" for c in kpi.id))
        figure = fragment.figure
        figure.update_layout(font_family=FONT_FAMILY, width=WIDTH, height=HEIGHT)
        found.append((kpi.id, fragment.caption, fragment.summary, figure))
    return found


def _export(figures: list[Any], browser: Path) -> list[str]:
    """Every figure as SVG text, drawn in one headless browser in a bounded child process."""
    from generator.programs import run_job, time_limit

    svgs = run_job(
        "generator.publish.chart_job",
        {
            "browser": str(browser),
            "figures": [figure.to_json() for figure in figures],
            "width": WIDTH,
            "height": HEIGHT,
        },
        program=f"グラフを書き出すブラウザ（{browser}）",
        limit=time_limit(),
    )
    return list(svgs)
