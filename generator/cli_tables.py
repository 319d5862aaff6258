"""Terminal tables (rich) for the CLI: the only place that lays results out for a terminal."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from generator.kpi.status import StatusListing


def status_table(listing: StatusListing) -> Table:
    """The listing as a rich table (for the terminal)."""
    table = Table(title=f"KPI の状況 {listing.quarter.label}")
    for header in (
        "KPI",
        "指標名",
        "施策",
        "実績",
        "実績の時期",
        "目標",
        "目標の時期",
        "進捗率",
        "期間経過率",
        "判定",
        "前期からの変化",
    ):
        table.add_column(header)
    for line in listing.lines:
        cells = (
            line.kpi_id,
            line.name,
            line.measure_id,
            line.latest,
            line.latest_when,
            line.target,
            line.target_when,
            line.progress,
            line.expected,
            line.current.mark,
            line.change,
        )
        table.add_row(*(escape(cell) for cell in cells))  # user text is never rich markup
    return table
