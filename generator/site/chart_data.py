"""What a chart is drawn from, and the text alternative every chart carries (F15).

The inputs are plain values, so that the site, the PDF and tests can feed them
without the plan models. The text alternative (a caption, a summary made from the
data, and the data as a table) is plain text here; `DataTable.to_html` and
`ChartFragment.to_html` escape it, and so does any autoescaping template.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from generator.labels import display_number
from generator.templating import render

NO_NUMBER = "数値なし"
CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


class BaselinePoint(NamedTuple):
    """基準値: its value (None when there is none to draw) and the label of its time."""

    value: float | None
    label: str
    fiscal_year: int | None = None  # where to draw it; None draws it before the first point


class TargetPoint(NamedTuple):
    """目標値: the label of its time (2027年度（令和9年度）), its time (`2027` or `2026Q2`), its value."""

    label: str
    when: str
    value: float


class ActualPoint(NamedTuple):
    """実績値 of one quarter (`2025Q3`) with its label; None for an entry without a number."""

    quarter: str
    label: str
    value: float | None


@dataclass(frozen=True)
class KpiSeries:
    """One KPI as the chart needs it. Tuples are accepted for the points and converted."""

    kpi_id: str
    name: str
    unit: str = ""
    direction: str = "increase"  # increase / decrease / keep
    baseline: BaselinePoint | None = None
    targets: list[TargetPoint] = field(default_factory=list)
    actuals: list[ActualPoint] = field(default_factory=list)
    status_label: str = ""  # 順調
    status_mark: str = ""  # B (the plan's scale), shown when it differs from the label

    def __post_init__(self) -> None:
        if self.direction not in ("increase", "decrease", "keep"):
            raise ValueError(
                f"direction は increase、decrease、keep のどれかです: {self.direction}"
            )
        if self.baseline is not None and not isinstance(self.baseline, BaselinePoint):
            object.__setattr__(self, "baseline", BaselinePoint(*self.baseline))
        object.__setattr__(self, "targets", [TargetPoint(*point) for point in self.targets])
        object.__setattr__(self, "actuals", [ActualPoint(*point) for point in self.actuals])


@dataclass(frozen=True)
class DataTable:
    """A chart's data as text: the headers, the rows, and which columns hold numbers."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric_columns: tuple[int, ...] = ()

    def to_html(self, table_id: str | None = None) -> Markup:
        """An accessible table (caption, `th scope`), in a focusable labelled scroll region."""
        head = "".join(f'<th scope="col">{escape(name)}</th>' for name in self.headers)
        body = []
        for row in self.rows:
            cells = [f'<th scope="row">{escape(row[0])}</th>']
            for index, cell in enumerate(row[1:], start=1):
                numeric = ' class="number"' if index in self.numeric_columns else ""
                cells.append(f"<td{numeric}>{escape(cell)}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        identifier = f' id="{escape(table_id)}"' if table_id else ""
        return Markup(
            f'<div class="table-scroll" role="region" aria-label="{escape(self.caption)}" tabindex="0">'
            f"<table{identifier}><caption>{escape(self.caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )


@dataclass(frozen=True)
class ChartFragment:
    """A chart for a page: its static picture, its text alternative, and what JavaScript may add.

    `picture` is SVG made at build time (generator/site/svg_picture.py), readable
    without JavaScript; `caption`, `summary` and the table cells are plain text.
    `figure` is the interactive plotly.js figure (data, layout, config), drawn only
    when a resident asks for it; `file_svg` is the chart as a file of its own, to
    download beside the CSV. Charts of several small pictures have neither.
    """

    chart_id: str
    picture: Markup
    caption: str
    summary: str
    table: DataTable
    figure: dict[str, Any] | None = field(default=None, repr=False)
    file_svg: str = field(default="", repr=False)

    def to_html(self) -> Markup:
        """The whole figure: caption, summary, picture, the interactive switch, and the table."""
        figure_json = None
        if self.figure is not None:
            text = json.dumps(self.figure, ensure_ascii=False, separators=(",", ":"))
            # Inside <script>, no user text may close the element or open a comment.
            for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
                text = text.replace(char, escaped)
            figure_json = Markup(text)
        return Markup(
            render(
                "site/chart_figure.html.j2",
                chart=self,
                figure_json=figure_json,
                table=self.table.to_html(),
            )
        )


def check_chart_id(chart_id: str) -> str:
    """A chart id becomes HTML ids: a letter, then letters, digits, `-` or `_`."""
    if not CHART_ID.match(chart_id):
        raise ValueError(f"グラフの id は英字で始まる英数字・-・_ にしてください: {chart_id!r}")
    return chart_id


def number_text(value: float) -> str:
    """Half-width, thousands separated, at most 2 decimals: 1,234 / 85.5."""
    return display_number(float(value))
