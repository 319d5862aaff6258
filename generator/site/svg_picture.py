"""A static chart as SVG: lines, marks and texts, written through the one escaping environment.

The chart modules (kpi_svg.py, status_figure.py) compute where everything goes
and hand over a `Picture`; `render_svg` writes it with the template
`charts/picture.svg.j2`. Every text is real SVG text (not paths), so the PDF's
text layer has it; user text is escaped by `text_safe`, the escaping of the one
template environment. The SVG names itself (`role="img"`, `<title>`, `<desc>`) so
that it stands alone as the download, inside the PDF and on the page.

Shapes next to each other that are painted alike (the grid lines, the marks of
one series) become one `<path>`: the PDF renderer pays per element, and the
output is smaller. Numbers have at most one decimal, so the output is stable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.site.chart_geometry import coordinate as c
from generator.site.chart_style import FONT_FAMILY, TEXT_COLOUR
from generator.templating import render, text_safe

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
DASH = re.compile(r"^[0-9. ]*$")
ANCHORS = ("start", "middle", "end")
MARKERS = ("circle", "diamond", "square")
BASE_FONT_SIZE = 13  # the SVG's own font-size; texts of another size say theirs


def _colour(value: str) -> str:
    if not COLOUR.match(value):
        raise ValueError(f"not a #RRGGBB colour: {value!r}")
    return value


def _stroke(colour: str, width: float, dash: str) -> str:
    if not DASH.match(dash):
        raise ValueError(f"not a dash pattern: {dash!r}")
    text = f'fill="none" stroke="{_colour(colour)}" stroke-width="{c(width)}"'
    return text + (f' stroke-dasharray="{dash}"' if dash else "")


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1
    dash: str = ""

    def paint(self) -> str:
        return _stroke(self.stroke, self.width, self.dash)

    def outline(self) -> str:
        return f"M{c(self.x1)} {c(self.y1)}L{c(self.x2)} {c(self.y2)}"


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 2
    dash: str = ""

    def paint(self) -> str:
        return _stroke(self.stroke, self.width, self.dash) + ' stroke-linejoin="round"'

    def outline(self) -> str:
        return "M" + "L".join(f"{c(x)} {c(y)}" for x, y in self.points)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str

    def paint(self) -> str:
        return f'fill="{_colour(self.fill)}"'

    def outline(self) -> str:
        return f"M{c(self.x)} {c(self.y)}h{c(self.width)}v{c(self.height)}h{c(-self.width)}Z"


@dataclass(frozen=True)
class Marker:
    """A data point's mark: `circle`, `diamond` or `square`, `size` px across its middle."""

    shape: str
    x: float
    y: float
    size: float
    fill: str

    def paint(self) -> str:
        return f'fill="{_colour(self.fill)}"'

    def outline(self) -> str:
        r, x, y = self.size / 2, self.x, self.y
        if self.shape == "diamond":
            return f"M{c(x)} {c(y - r)}L{c(x + r)} {c(y)}L{c(x)} {c(y + r)}L{c(x - r)} {c(y)}Z"
        if self.shape == "square":
            s = r * 0.85
            return f"M{c(x - s)} {c(y - s)}H{c(x + s)}V{c(y + s)}H{c(x - s)}Z"
        if self.shape == "circle":  # two arcs
            return f"M{c(x - r)} {c(y)}a{c(r)} {c(r)} 0 1 0 {c(2 * r)} 0a{c(r)} {c(r)} 0 1 0 {c(-2 * r)} 0Z"
        raise ValueError(f"unknown marker: {self.shape!r} (one of {MARKERS})")


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = BASE_FONT_SIZE
    anchor: str = "start"  # start / middle / end
    bold: bool = False
    fill: str = TEXT_COLOUR

    def element(self) -> str:
        """The text element; the text is escaped as every template escapes it."""
        if self.anchor not in ANCHORS:
            raise ValueError(f"unknown text anchor: {self.anchor!r}")
        attributes = f'x="{c(self.x)}" y="{c(self.y)}"'
        if self.anchor != "start":
            attributes += f' text-anchor="{self.anchor}"'
        if self.size != BASE_FONT_SIZE:
            attributes += f' font-size="{c(self.size)}"'
        if self.bold:
            attributes += ' font-weight="700"'
        if self.fill != TEXT_COLOUR:
            attributes += f' fill="{_colour(self.fill)}"'
        return f"<text {attributes}>{text_safe(self.text)}</text>"


Drawn = Line | Polyline | Rect | Marker
Shape = Drawn | Text


@dataclass(frozen=True)
class Picture:
    """One SVG: its size, its name and description, and its shapes in drawing order."""

    width: float
    height: float
    title: str
    description: str
    shapes: tuple[Shape, ...]
    css_class: str = ""


def render_svg(picture: Picture, id_prefix: str, *, standalone: bool = False) -> Markup:
    """The picture as SVG; `id_prefix` keeps its ids unique on a page.

    `standalone` adds the XML declaration, the namespace and a size in pixels for a
    file of its own (the download and the PDF); on a page the SVG scales to its box.
    """
    return Markup(
        render(
            "charts/picture.svg.j2",
            picture=picture,
            elements=Markup("\n".join(elements(picture.shapes))),
            prefix=id_prefix,
            standalone=standalone,
            font_family=FONT_FAMILY,  # on the site, dataplan.css gives the page's font instead
            font_size=BASE_FONT_SIZE,
            text_colour=Markup(_colour(TEXT_COLOUR)),
            width=c(picture.width),
            height=c(picture.height),
        )
    )


def elements(shapes: Sequence[Shape]) -> Iterator[str]:
    """SVG elements in drawing order; neighbours painted alike are joined into one path."""
    run: list[Drawn] = []
    for shape in [*shapes, None]:
        if run and (
            not isinstance(shape, Line | Polyline | Rect | Marker)
            or shape.paint() != run[0].paint()
        ):
            yield f'<path d="{"".join(item.outline() for item in run)}" {run[0].paint()}/>'
            run = []
        if isinstance(shape, Text):
            yield shape.element()
        elif shape is not None:
            run.append(shape)
