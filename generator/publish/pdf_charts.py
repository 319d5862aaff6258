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

import asyncio
import base64
import os
import shutil
import tempfile
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
    try:
        import kaleido  # noqa: F401  - only to know it is there before drawing anything
    except ImportError:
        return PdfCharts({}, "グラフの書き出しに使う kaleido が入っていません")
    browser = _browser()
    if browser is None:
        return PdfCharts({}, "グラフの書き出しに使うブラウザ（chromium）が見つかりません")
    figures = _figures(view)
    if not figures:
        return PdfCharts({})
    try:
        svgs = _export([figure for _, _, _, figure in figures], browser)
    except Exception as error:  # noqa: BLE001 - a chart failure must not stop the PDF
        return PdfCharts({}, f"グラフを書き出せませんでした（{type(error).__name__}: {error}）")
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

    periods = view.review_periods()
    if not periods:
        return []
    listing = status_listing(view, view.actuals, periods[-1])
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


def _browser() -> str | None:
    """The browser kaleido drives: BROWSER_PATH if set, else Debian's chromium on the PATH."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def _export(figures: list[Any], browser: str) -> list[str]:
    """Every figure as SVG text, drawn in one headless browser."""
    import kaleido

    with tempfile.TemporaryDirectory(prefix="dataplan-charts-") as folder:
        paths = [Path(folder) / f"chart-{index}.svg" for index in range(len(figures))]
        jobs = [
            {
                "fig": figure,
                "path": path,
                "opts": {"format": "svg", "width": WIDTH, "height": HEIGHT},
            }
            for figure, path in zip(figures, paths, strict=True)
        ]

        async def run() -> None:
            async with kaleido.Kaleido(n=1, mathjax=False, path=browser) as browser_session:
                await browser_session.write_fig_from_object(jobs)

        asyncio.run(run())
        return [path.read_text(encoding="utf-8") for path in paths]
