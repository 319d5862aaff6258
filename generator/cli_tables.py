"""Terminal tables (rich) for the CLI: the only place that lays results out for a terminal."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from generator.kpi.status import StatusListing


def status_table(listing: StatusListing) -> Table:
    """The listing as a rich table (for the terminal)."""
    table = Table(title=f"KPI の状況 {listing.label}")
    graded = listing.graded
    headers = ["KPI", "指標名", "施策", "実績", "実績の時期", "目標", "目標の時期", "進捗率"]
    headers += ["期間経過率"]
    headers += ["評価", "判定（参考）"] if graded else ["判定"]
    headers += ["前年度からの変化" if listing.yearly else "前期からの変化"]
    for header in headers:
        table.add_column(header)
    for line in listing.lines:
        cells = [
            line.kpi_id,
            line.name,
            line.measure_ref,
            line.latest,
            line.latest_when,
            line.target,
            line.target_when,
            line.progress,
            line.expected,
        ]
        cells += [line.assigned_grade, line.current.mark] if graded else [line.current.mark]
        cells.append(line.change)
        table.add_row(*(escape(cell) for cell in cells))  # user text is never rich markup
    return table
