"""Charts for the site and the PDF (F15): plotly figures with a caption, a summary and a table.

Each chart is a `ChartFragment`: plotly's `<div>` (drawn by the site's own copy
of plotly.js, see `copy_plotly_js`; never a CDN) and a text alternative made from
the same data: the summary says the latest actual, the target and the baseline,
and the status in words, and every number in it is a cell of the table.

The figures themselves are drawn in kpi_figure.py and status_figure.py; their
look is in chart_style.py, their inputs and text alternative in chart_data.py.
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

import plotly.graph_objects as go
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
from generator.site.status_figure import status_figure, status_summary, status_table

__all__ = [
    "ActualPoint",
    "BaselinePoint",
    "ChartFragment",
    "DataTable",
    "KpiSeries",
    "TargetPoint",
    "copy_plotly_js",
    "kpi_chart",
    "status_by_pillar_chart",
]

PLOTLY_JS = "plotly.min.js"


def kpi_chart(series: KpiSeries, chart_id: str) -> ChartFragment:
    """One KPI over time: actuals (solid blue), targets (dashed), the baseline (dotted)."""
    check_chart_id(chart_id)
    figure = kpi_figure(series)
    return ChartFragment(
        chart_id=chart_id,
        html=_div(figure, chart_id),
        caption=f"{series.name}の実績と目標",
        summary=kpi_summary(series),
        table=kpi_table(series),
        figure=figure,
    )


def status_by_pillar_chart(
    rows: Sequence[tuple[str, dict[str, int]]], chart_id: str
) -> ChartFragment:
    """KPI statuses per pillar as stacked bars; each status has its own colour, pattern and label."""
    check_chart_id(chart_id)
    figure = status_figure(rows)
    return ChartFragment(
        chart_id=chart_id,
        html=_div(figure, chart_id),
        caption="柱ごとのKPIの判定",
        summary=status_summary(rows),
        table=status_table(rows),
        figure=figure,
    )


def copy_plotly_js(dest_dir: Path) -> Path:
    """Copy plotly's bundled plotly.min.js into `dest_dir` (once: an identical copy is kept)."""
    source = resources.files("plotly") / "package_data" / PLOTLY_JS
    target = Path(dest_dir) / PLOTLY_JS
    with resources.as_file(source) as path:
        if target.exists() and filecmp.cmp(path, target, shallow=False):
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        # A 5 MB file: copy beside the target, then rename over it (atomic, like generator/atomic.py).
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{PLOTLY_JS}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = Path(handle.name)
        try:
            shutil.copyfile(path, temporary)
            temporary.chmod(0o644)
            temporary.replace(target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    return target


def _div(figure: go.Figure, chart_id: str) -> Markup:
    """plotly's `<div>` and inline script; plotly.js itself is loaded once by the page."""
    markup = figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        config=_config(),
        div_id=f"{chart_id}-plotly",
        default_width="100%",
        default_height=f"{figure.layout.height}px",
        validate=True,
    )
    return Markup(markup)


def _config() -> dict[str, Any]:
    return copy.deepcopy(PLOTLY_CONFIG)  # plotly.py may add keys to the dict it is given
