"""The KPI chart as a static SVG (F15): actuals, targets and the baseline by 年度, in two sizes.

The same drawing serves the page (readable without JavaScript), the PDF and the
download beside the CSV. Two frames: `WIDE` (640 px: screens from about 600 px,
the PDF, the download) and `NARROW` (320 px: phones), where the 年度 are labelled
「2025」 and the y axis has fewer ticks; the table carries the full labels.

The time axis gives every 年度 a band of four quarters; a point sits at its
quarter, a 年度 target or baseline at the last quarter of its 年度, where it is
due. Labels that would meet are left out (every other 年度, and so on), never
drawn over each other. Status is written in words above the chart; each series
has its own colour, line style and marker, named in the legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.site.chart_data import KpiSeries, number_text
from generator.site.chart_geometry import Scale, Ticks, nice_ticks, spaced_labels, text_width
from generator.site.chart_style import (
    ACTUAL_COLOUR,
    AXIS_COLOUR,
    BASELINE_COLOUR,
    GRID_COLOUR,
    TARGET_COLOUR,
)
from generator.site.kpi_figure import (
    ACTUAL,
    BASELINE,
    TARGET,
    baseline_position,
    position,
    status_text,
    value_title,
    year_span,
)
from generator.site.svg_picture import Line, Marker, Picture, Polyline, Shape, Text

PAD = 12
FONT = 13  # tick labels and the legend: at least 12 px (accessibility.md §3)
TITLE_FONT = 14
ROW = 20  # one line of text
LABEL_GAP = 10  # the least room between two labels on an axis
MIN_TICK_SPACING = 24  # px between y ticks, so that their labels never meet

TARGET_DASH = "7 4"
BASELINE_DASH = "2 3"


@dataclass(frozen=True)
class Frame:
    """A chart size: its width and height (px) and how it labels its axes."""

    name: str
    width: int
    height: int
    ticks: int  # about this many y-axis ticks
    short_years: bool  # 「2025」 instead of 「2025年度」


WIDE = Frame("wide", 640, 320, 6, short_years=False)
NARROW = Frame("narrow", 320, 300, 4, short_years=True)

# (name, colour, width, dash, marker shape, marker size) of each series, as the legend shows it.
STYLES = {
    ACTUAL: (ACTUAL_COLOUR, 3, "", "circle", 9),
    TARGET: (TARGET_COLOUR, 2, TARGET_DASH, "diamond", 12),
    BASELINE: (BASELINE_COLOUR, 2, BASELINE_DASH, "square", 10),
}


@dataclass(frozen=True)
class KpiDrawing:
    """The picture and the 年度 labels it chose (the interactive chart reuses them)."""

    picture: Picture
    year_labels: tuple[tuple[int, str], ...]


def kpi_drawing(
    series: KpiSeries,
    frame: Frame,
    *,
    title: str,
    description: str,
    heading: str | None = None,
) -> KpiDrawing:
    """Lay the KPI out in `frame`. `title` and `description` name and describe the SVG;
    `heading` is drawn at the top (for the download, which has no caption around it)."""
    shapes: list[Shape] = []
    top = float(PAD)
    for line in wrap(heading, frame.width - 2 * PAD, TITLE_FONT + 1) if heading else []:
        top += ROW + 2
        shapes.append(Text(PAD, top - 5, line, TITLE_FONT + 1, bold=True))
    height = frame.height + (top - PAD + 4 if heading else 0)
    top += 4 if heading else 0
    if series.status_label:
        top += ROW
        shapes.append(Text(PAD, top - 5, f"判定：{status_text(series)}", TITLE_FONT, bold=True))
    legend, top = _legend(series, frame.width, top)
    shapes.extend(legend)
    top += ROW
    shapes.append(Text(PAD, top - 5, value_title(series)))
    plot_top = top + 8
    plot_bottom = height - PAD - ROW - (ROW if frame.short_years else 0)
    ticks = _ticks(_values(series), frame.ticks, plot_bottom - plot_top)
    left = PAD + max(text_width(ticks.label(v), FONT) for v in ticks.values) + 8
    right = frame.width - PAD
    first_year, last_year = year_span(series)
    x = Scale(first_year * 4 - 0.5, last_year * 4 + 3.5, left, right)
    y = Scale(ticks.low, ticks.high, plot_bottom, plot_top)
    shapes.extend(_grid(ticks, y, left, right, x, first_year, last_year, plot_top, plot_bottom))
    labels = year_labels(first_year, last_year, x, frame.short_years)
    label_y = plot_bottom + ROW - 2
    shapes.extend(Text(x(year * 4 + 1.5), label_y, text, anchor="middle") for year, text in labels)
    if frame.short_years:
        shapes.append(Text(right, label_y + ROW, "年度", anchor="end"))
    shapes.extend(_series(series, x, y))
    shapes.extend(_latest_label(series, x, y, plot_top))
    picture = Picture(
        width=frame.width,
        height=height,
        title=title,
        description=description,
        shapes=tuple(shapes),
        css_class=f"chart-{frame.name}",
    )
    return KpiDrawing(picture, tuple(labels))


def year_labels(first_year: int, last_year: int, x: Scale, short: bool) -> list[tuple[int, str]]:
    """The 年度 labels that fit under the axis: 「2025年度」, else 「2025」, thinned until none meet."""
    years = list(range(first_year, last_year + 1))
    centres = [x(year * 4 + 1.5) for year in years]
    forms = [False] if short else [True, False]
    for full in forms:
        texts = [f"{year}年度" if full else str(year) for year in years]
        widths = [text_width(text, FONT) for text in texts]
        # Not under the y-axis labels (they end 6 px left of the axis), nor past the edge.
        left, right = x.range_low - 4, x.range_high + PAD - 2
        chosen = spaced_labels(centres, widths, left=left, right=right, gap=LABEL_GAP)
        if len(chosen) == len(years) or not full:
            return [(years[i], texts[i]) for i in chosen]
    return []  # not reached: the short form always returns


def wrap(text: str, width: float, size: float) -> list[str]:
    """`text` in lines no wider than `width`, broken after a comma or a space where one is near."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and text_width(current + char, size) > width:
            cut = max(current.rfind(mark) for mark in "、，, ・）)")
            if cut >= len(current) // 2:
                lines.append(current[: cut + 1].rstrip())
                current = current[cut + 1 :].lstrip()
            else:
                lines.append(current)
                current = ""
        current += char
    if current:
        lines.append(current)
    return lines


def _values(series: KpiSeries) -> list[float]:
    values = [p.value for p in series.actuals if p.value is not None]
    values += [p.value for p in series.targets]
    if series.baseline is not None and series.baseline.value is not None:
        values.append(series.baseline.value)
    return values


def _ticks(values: Sequence[float], count: int, height: float) -> Ticks:
    """Nice ticks from zero (or below, for negative values) to the largest value, spaced
    far enough apart for their labels."""
    low = min([0.0, *values])
    high = max([0.0, *values])
    while True:
        ticks = nice_ticks(low, high, count)
        spacing = height / max(len(ticks.values) - 1, 1)
        if spacing >= MIN_TICK_SPACING or count <= 2:
            return ticks
        count -= 1


def _legend(series: KpiSeries, width: float, top: float) -> tuple[list[Shape], float]:
    """The legend in rows (as many items on a row as fit); returns its shapes and its bottom."""
    names = [ACTUAL] if series.actuals else []
    if series.targets:
        names.append(TARGET)
    if series.baseline is not None and series.baseline.value is not None:
        names.append(BASELINE)
    shapes: list[Shape] = []
    sample = 30
    x, row_top = float(PAD), top
    if names:
        row_top += 4
    for index, name in enumerate(names):
        item = sample + 6 + text_width(name, FONT)
        if index and x + item > width - PAD:
            x, row_top = float(PAD), row_top + ROW
        middle = row_top + ROW / 2
        colour, stroke, dash, shape, size = STYLES[name]
        shapes.append(Line(x, middle, x + sample, middle, colour, stroke, dash))
        shapes.append(Marker(shape, x + sample / 2, middle, size, colour))
        shapes.append(Text(x + sample + 6, middle + 4.5, name))
        x += item + 18
    return shapes, row_top + (ROW if names else 0)


def _grid(
    ticks: Ticks,
    y: Scale,
    left: float,
    right: float,
    x: Scale,
    first_year: int,
    last_year: int,
    top: float,
    bottom: float,
) -> list[Shape]:
    """Horizontal lines at the ticks with their labels, thin lines between 年度, the axes
    (light lines first, then the axes, then the labels: alike neighbours share one path)."""
    light: list[Shape] = [
        Line(left, y(value), right, y(value), GRID_COLOUR) for value in ticks.values if value
    ]
    light += [
        Line(x(year * 4 - 0.5), top, x(year * 4 - 0.5), bottom, GRID_COLOUR)
        for year in range(first_year + 1, last_year + 1)
    ]
    axes: list[Shape] = [Line(left, bottom, right, bottom, AXIS_COLOUR)]
    if ticks.low < 0:  # the zero line, when the axis goes below zero
        axes.append(Line(left, y(0), right, y(0), AXIS_COLOUR))
    axes.append(Line(left, top, left, bottom, AXIS_COLOUR))
    labels: list[Shape] = [
        Text(left - 6, y(value) + 4.5, ticks.label(value), anchor="end") for value in ticks.values
    ]
    return light + axes + labels


def _series(series: KpiSeries, x: Scale, y: Scale) -> list[Shape]:
    """Baseline (dotted), targets (dashed), actuals (solid, broken where a report has no number)."""
    shapes: list[Shape] = []
    baseline = series.baseline
    if baseline is not None and baseline.value is not None:
        colour, stroke, dash, shape, size = STYLES[BASELINE]
        start = baseline_position(series)
        end = max(
            [start]
            + [position(p.quarter) for p in series.actuals]
            + [position(p.when) for p in series.targets]
        )
        at = y(baseline.value)
        if end > start:
            shapes.append(Line(x(start), at, x(end), at, colour, stroke, dash))
        shapes.append(Marker(shape, x(start), at, size, colour))
    targets = sorted(series.targets, key=lambda point: position(point.when))
    if targets:
        colour, stroke, dash, shape, size = STYLES[TARGET]
        points = tuple((x(position(p.when)), y(p.value)) for p in targets)
        if len(points) > 1:
            shapes.append(Polyline(points, colour, stroke, dash))
        shapes.extend(Marker(shape, px, py, size, colour) for px, py in points)
    colour, stroke, dash, shape, size = STYLES[ACTUAL]
    actuals = sorted(series.actuals, key=lambda point: position(point.quarter))
    run: list[tuple[float, float]] = []
    marks = []
    for point in [*actuals, None]:
        if point is None or point.value is None:
            if len(run) > 1:
                shapes.append(Polyline(tuple(run), colour, stroke))
            run = []
            continue
        xy = (x(position(point.quarter)), y(point.value))
        run.append(xy)
        marks.append(xy)
    shapes.extend(Marker(shape, px, py, size, colour) for px, py in marks)
    return shapes


def _latest_label(series: KpiSeries, x: Scale, y: Scale, top: float) -> list[Shape]:
    """The latest actual written beside its point (the figure a resident looks for first)."""
    numeric = [p for p in series.actuals if p.value is not None]
    if not numeric:
        return []
    latest = max(numeric, key=lambda point: position(point.quarter))
    assert latest.value is not None
    px, py = x(position(latest.quarter)), y(latest.value)
    text = f"{number_text(latest.value)}{series.unit}"
    width = text_width(text, FONT)
    anchor_x = min(max(px, x.range_low + width / 2 + 2), x.range_high - width / 2)
    above = py - 10
    at = above if above - FONT >= top else py + FONT + 10
    return [Text(anchor_x, at, text, anchor="middle", bold=True, fill=ACTUAL_COLOUR)]
