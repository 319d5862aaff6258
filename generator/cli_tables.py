"""Terminal tables (rich) for the CLI: the only place that lays results out for a terminal.

Tables fit an 80–100 column terminal: ids are never cut, names fold onto more
lines, times are compact (R8 Q2), and the width follows COLUMNS when piped.
"""

from __future__ import annotations

import os

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.kpi.status import KpiLine, StatusListing
from generator.labels import compact_when, percent

PIPED_WIDTH = 240  # piped or redirected without COLUMNS: one KPI per line


def terminal() -> Console:
    """A console whose width is the terminal's, or COLUMNS, or wide when piped."""
    console = Console()
    columns = os.environ.get("COLUMNS", "")
    if columns.isdecimal():
        console.width = int(columns)
    elif not console.is_terminal:
        console.width = PIPED_WIDTH
    return console


def status_table(listing: StatusListing) -> Table:
    """The listing as a rich table, in the plan's order (its numbers first)."""
    table = Table(
        title=escape(f"KPI の状況 {listing.label}"),
        box=box.SIMPLE_HEAD,
    )
    table.add_column("KPI（施策）", no_wrap=True)
    table.add_column("指標名", overflow="fold", ratio=1, min_width=12)
    table.add_column("実績", overflow="fold")
    table.add_column("目標", overflow="fold")
    table.add_column("進捗\n/経過", no_wrap=True, justify="right")
    graded = listing.graded  # a grade given for this period: shown first, the mark as reference
    if graded:
        table.add_column("評価", overflow="fold")
    table.add_column("判定（参考）" if graded else "判定", overflow="fold")
    table.add_column("変化", no_wrap=True)
    for line in listing.lines:
        cells = [
            f"{line.kpi_id}\n（{line.measure_number or line.measure_id}）",
            line.name,
            _latest(line),
            _target(line),
            f"{percent(line.current.progress)}\n/{percent(line.current.expected)}",
        ]
        cells += [line.assigned_grade, line.current.mark] if graded else [line.current.mark]
        cells.append(_change(line))
        table.add_row(*(escape(str(cell)) for cell in cells))  # user text is never rich markup
    return table


def _latest(line: KpiLine) -> str:
    when = line.current.latest_quarter
    return f"{line.latest}\n{compact_when(when)}" if when else line.latest


def _target(line: KpiLine) -> str:
    when = line.current.target_when
    return f"{line.target}\n{compact_when(when)}" if when else line.target


def _change(line: KpiLine) -> str:
    """+6手続 / 順調→遅れ: the value's change and the mark's, when either changed."""
    evaluation = line.evaluation
    parts = []
    if evaluation.value_delta:
        parts.append(line.change.split("、")[0])
    if evaluation.previous.mark != evaluation.current.mark:
        parts.append(f"{evaluation.previous.mark}→{evaluation.current.mark}")
    return "\n".join(parts) or "—"
