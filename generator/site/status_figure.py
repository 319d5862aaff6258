"""The status-by-pillar chart (F15): small multiples of KPI statuses per pillar, summary and table.

A stacked bar of seven statuses cannot be read on a phone, so each pillar gets a
small bar chart of its own: the same statuses in the same order on one scale,
every bar labelled with its status and count in words (colour carries nothing).
The small charts sit in a grid that is one column wide on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.site.chart_data import DataTable, number_text
from generator.site.chart_geometry import text_width
from generator.site.chart_style import ACTUAL_COLOUR, AXIS_COLOUR
from generator.site.kpi_svg import FONT, PAD, ROW, TITLE_FONT, wrap
from generator.site.svg_picture import Line, Picture, Rect, Shape, Text

WIDTH = 320
BAR_ROW = 22
BAR_COLOUR = ACTUAL_COLOUR


def _statuses(rows: Sequence[tuple[str, dict[str, int]]]) -> list[str]:
    """Every status label, in the order the rows first name them."""
    seen: dict[str, None] = {}
    for _, counts in rows:
        for label in counts:
            seen.setdefault(label, None)
    return list(seen)


def status_pictures(rows: Sequence[tuple[str, dict[str, int]]]) -> list[Picture]:
    """One small bar chart per pillar, all on one scale and with the same rows in the same
    order, each bar labelled with its status and count (small multiples).

    Statuses are named left of their bars; a plan whose own status names are too long
    for that gets each name on a line of its own above its bar.
    """
    statuses = _statuses(rows)
    most = max((count for _, counts in rows for count in counts.values()), default=0)
    names_width = max((text_width(status, FONT) for status in statuses), default=0) + 10
    beside = names_width <= WIDTH * 0.4
    count_width = text_width(f"{number_text(max(most, 1))}件", FONT) + 8
    bar_left = PAD + names_width if beside else PAD
    bar_room = WIDTH - PAD - count_width - bar_left
    pictures = []
    for pillar, counts in rows:
        shapes: list[Shape] = []
        top = float(PAD)
        for line in wrap(pillar, WIDTH - 2 * PAD, TITLE_FONT):
            top += ROW
            shapes.append(Text(PAD, top - 5, line, TITLE_FONT, bold=True))
        top += 6
        bars: list[Shape] = []
        texts: list[Shape] = []
        first = top
        for status in statuses:
            if not beside:
                lines = wrap(status, WIDTH - 2 * PAD, FONT)
                for line in lines:
                    top += ROW
                    texts.append(Text(PAD, top - 5, line))
            count = counts.get(status, 0)
            length = bar_room * count / most if most else 0
            middle = top + BAR_ROW / 2
            if beside:
                texts.append(Text(bar_left - 8, middle + 4.5, status, anchor="end"))
            if length:
                bars.append(Rect(bar_left, middle - 7, length, 14, BAR_COLOUR))
            texts.append(Text(bar_left + length + 6, middle + 4.5, f"{number_text(count)}件"))
            top += BAR_ROW
        axis = Line(bar_left, first, bar_left, top, AXIS_COLOUR)
        pictures.append(
            Picture(
                width=WIDTH,
                height=top + PAD,
                title=pillar,
                description=_counts_text(statuses, counts),
                shapes=(*shapes, *bars, axis, *texts),
            )
        )
    return pictures


def _counts_text(statuses: Sequence[str], counts: dict[str, int]) -> str:
    return (
        "、".join(f"{status} {number_text(counts.get(status, 0))}件" for status in statuses) + "。"
    )


def status_summary(rows: Sequence[tuple[str, dict[str, int]]]) -> str:
    """Totals per status over all pillars (the 合計 row of the table)."""
    totals = {
        status: sum(counts.get(status, 0) for _, counts in rows) for status in _statuses(rows)
    }
    total = sum(totals.values())
    if not total:
        return "判定するKPIはまだありません。"
    parts = "、".join(
        f"{status} {number_text(count)}件" for status, count in totals.items() if count
    )
    return f"KPI {number_text(total)}件の判定は、{parts}です。"


def status_table(rows: Sequence[tuple[str, dict[str, int]]]) -> DataTable:
    """柱 × 判定 counts with a 合計 column and row."""
    statuses = _statuses(rows)
    body = []
    for pillar, counts in rows:
        values = [counts.get(status, 0) for status in statuses]
        body.append((pillar, *(number_text(v) for v in values), number_text(sum(values))))
    totals = [sum(counts.get(status, 0) for _, counts in rows) for status in statuses]
    body.append(("合計", *(number_text(v) for v in totals), number_text(sum(totals))))
    return DataTable(
        caption="柱ごとのKPIの判定（件数）",
        headers=("柱", *(f"{status}（件）" for status in statuses), "合計（件）"),
        rows=tuple(body),
        numeric_columns=tuple(range(1, len(statuses) + 2)),
    )
