"""Charts for the site and the PDF (F15): a static SVG with a caption, a summary and a table.

Each chart is a `ChartFragment`: SVG drawn at build time (no browser, no charting
library: the page, the PDF and the download show the same drawing), and a text
alternative made from the same data: the summary says the latest actual, the
target and the baseline, and the status in words, and every number in it is a
cell of the table. A KPI chart also carries its interactive plotly.js figure,
which the page draws only when the resident asks for it (javascripts/charts.js
loads the partial bundle that `copy_plotly_js` puts beside the site's assets).

Why a drawing of our own: no maintained Python library makes accessible SVG
charts quickly without a browser (plotly's static export drives a headless
chromium; matplotlib takes tens of milliseconds per figure and draws text as
paths unless told otherwise). These charts are two simple kinds, drawn from
shapes computed in kpi_svg.py and status_figure.py and written by one template.
"""

from __future__ import annotations

import copy
import filecmp
import shutil
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.site.chart_data import (
    ActualPoint,
    BaselinePoint,
    ChartFragment,
    DataTable,
    KpiSeries,
    TargetPoint,
    check_chart_id,
)
from generator.site.chart_style import PLOTLY_CONFIG
from generator.site.kpi_figure import kpi_figure, kpi_summary, kpi_table
from generator.site.kpi_svg import NARROW, WIDE, Frame, kpi_drawing
from generator.site.status_figure import status_pictures, status_summary, status_table
from generator.site.svg_picture import render_svg

__all__ = [
    "ActualPoint",
    "BaselinePoint",
    "ChartFragment",
    "DataTable",
    "KpiSeries",
    "TargetPoint",
    "copy_plotly_js",
    "kpi_caption",
    "kpi_chart",
    "kpi_chart_svg",
    "status_by_pillar_chart",
]

# The partial plotly.js bundle (scatter and bar only; see tools/fetch_plotly.py), with its licence.
PLOTLY_FILES = ("plotly-basic.min.js", "LICENSE")
PLOTLY_FOLDER = ("vendor", "plotly")  # under generator/site, shipped as package data


def kpi_chart(series: KpiSeries, chart_id: str) -> ChartFragment:
    """One KPI over time: actuals (solid blue), targets (dashed), the baseline (dotted)."""
    check_chart_id(chart_id)
    caption = kpi_caption(series)
    summary = kpi_summary(series)
    wide = kpi_drawing(series, WIDE, title=caption, description=summary)
    narrow = kpi_drawing(series, NARROW, title=caption, description=summary)
    figure = kpi_figure(series)
    figure["config"] = copy.deepcopy(PLOTLY_CONFIG)
    _use_year_labels(figure["layout"]["xaxis"], wide.year_labels)
    figure["narrowXaxis"] = _use_year_labels({}, narrow.year_labels)
    return ChartFragment(
        chart_id=chart_id,
        picture=render_svg(wide.picture, f"{chart_id}-wide")
        + render_svg(narrow.picture, f"{chart_id}-narrow"),
        caption=caption,
        summary=summary,
        table=kpi_table(series),
        figure=figure,
        file_svg=kpi_chart_svg(series, named=True),
    )


def kpi_chart_svg(series: KpiSeries, *, named: bool, frame: Frame = WIDE) -> str:
    """A drawing as an SVG file of its own: with `named` (the KPI's name drawn on top), the
    download beside the CSV; without, the PDF's chart (the narrow one, two to a row)."""
    caption = kpi_caption(series)
    drawing = kpi_drawing(
        series,
        frame,
        title=caption,
        description=kpi_summary(series),
        heading=series.name if named else None,
    )
    return str(render_svg(drawing.picture, "chart", standalone=True))


def status_by_pillar_chart(
    rows: Sequence[tuple[str, dict[str, int]]], chart_id: str
) -> ChartFragment:
    """KPI statuses per pillar as small multiples: one small bar chart per pillar."""
    check_chart_id(chart_id)
    pictures = [
        render_svg(picture, f"{chart_id}-{index}")
        for index, picture in enumerate(status_pictures(rows), start=1)
    ]
    return ChartFragment(
        chart_id=chart_id,
        picture=Markup('<div class="chart-multiples">')
        + Markup("").join(pictures)
        + Markup("</div>"),
        caption="柱ごとのKPIの判定",
        summary=status_summary(rows),
        table=status_table(rows),
    )


def copy_plotly_js(dest_dir: Path) -> Path:
    """Copy the partial plotly.js bundle and its licence into `dest_dir` (an identical copy is kept)."""
    folder = resources.files("generator.site").joinpath(*PLOTLY_FOLDER)
    for name in PLOTLY_FILES:
        target = Path(dest_dir) / name
        with resources.as_file(folder / name) as path:
            if target.exists() and filecmp.cmp(path, target, shallow=False):
                continue
            _copy_atomically(path, target)
    return Path(dest_dir) / PLOTLY_FILES[0]


def _copy_atomically(source: Path, target: Path) -> None:
    """Copy beside the target, then rename over it (atomic, like generator/atomic.py)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    ) as handle:
        temporary = Path(handle.name)
    try:
        shutil.copyfile(source, temporary)
        temporary.chmod(0o644)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def kpi_caption(series: KpiSeries) -> str:
    """A KPI chart's caption: the same on the page, in the SVG and in the PDF."""
    return f"{series.name}の実績と目標"


def _use_year_labels(axis: dict[str, Any], labels: Sequence[tuple[int, str]]) -> dict[str, Any]:
    """The interactive chart labels the 年度 as the static one of the same width did."""
    axis["tickvals"] = [year * 4 + 1.5 for year, _ in labels]
    axis["ticktext"] = [text for _, text in labels]
    return axis
