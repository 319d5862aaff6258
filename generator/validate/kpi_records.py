"""Checks of the KPI records under kpi/: actuals.csv, history.csv and the PDCA notes.

CSV problems point at file:line:column, the column being the 1-based position of
the field in the header; notes problems point at their YAML node.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.control_characters import character_name, first_forbidden
from generator.file_access import MAX_TABLE_BYTES, read_bounded
from generator.kpi.store import ActualRow
from generator.kpi.values import stored_value
from generator.labels import KPI_KIND_LABELS
from generator.layout import ACTUALS_FILE
from generator.model.kpi import Kpi
from generator.problems import Problem, make_problem
from generator.project import PlanProject
from generator.quarters import ReviewPeriod
from generator.rules import quarter_time_problems, value_misfit
from generator.suggest import did_you_mean
from generator.validate.pdca_notes import NotesFile, NotesLoad

YEARLY_HINT = "年1回の確認（review_cadence: yearly）の計画では、年度（2024）か四半期（2024Q2）で書いてください。"


YEARLY_NOTES_HINT = (
    "年度ごとの記録（2024.yaml）は、年1回の確認（plan/structure.yaml の review_cadence: yearly）の"
    "計画で使えます。四半期ごとの計画では「2025Q2.yaml」のように四半期で分けてください。"
)


@dataclass(frozen=True)
class KpiRecords:
    """kpi/ as read at load time: the actual rows, the problems of reading the tables,
    the header columns of actuals.csv (for positions) and the PDCA notes."""

    actuals: list[ActualRow]
    read_problems: list[Problem]
    columns: dict[str, int]
    notes: NotesLoad


def check_kpi_records(
    project: PlanProject, records: KpiRecords, *, today: dt.date
) -> list[Problem]:
    """Every problem in kpi/: unreadable tables, rows that do not fit the plan, notes that do not."""
    problems = list(records.read_problems)
    problems.extend(_actual_rows(project, records.actuals, records.columns, today))
    problems.extend(records.notes.problems)
    for item in records.notes.files:
        problems.extend(_notes_file(project, item, today))
    return problems


def csv_columns(path: Path, root: Path) -> dict[str, int]:
    """Header name → 1-based column of a CSV file (empty when there is no readable header)."""
    data, _ = read_bounded(path, ACTUALS_FILE, MAX_TABLE_BYTES, root=root)
    try:
        text = (data or b"").decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}
    try:
        header = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:  # an over-long or broken header: the table's reader reports it at its line
        return {}
    return {name.strip(): index for index, name in enumerate(header, start=1)}


def _actual_rows(
    project: PlanProject, rows: list[ActualRow], columns: dict[str, int], today: dt.date
) -> Iterator[Problem]:
    kpis = project.kpis_by_id()
    first_line: dict[tuple[str, str], int] = {}

    def at(row: ActualRow, column: str, code: str, *, hint: str = "", **values: object) -> Problem:
        return make_problem(
            code, ACTUALS_FILE, row.line, columns.get(column, 1), hint=hint, **values
        )

    for row in rows:
        yield from _control_characters(row, at)
        found = kpis.get(row.kpi_id)
        if found is None and row.kpi_id not in project.sources.unloaded_ids:
            yield at(
                row, "kpi_id", "E-unknown-kpi", hint=did_you_mean(row.kpi_id, kpis), id=row.kpi_id
            )
        try:
            review: ReviewPeriod | None = ReviewPeriod.parse(row.quarter)
        except ValueError:
            review = None
        if review is not None and review.is_year and not project.yearly:
            review = None  # a 年度 alone is a yearly review's record
        if review is None:
            hint = YEARLY_HINT if project.yearly else ""
            yield at(row, "quarter", "E-quarter-format", hint=hint, found=row.quarter)
        else:
            what = f"KPI「{row.kpi_id}」の実績"
            for code, values, hint in quarter_time_problems(
                project.meta.known_period, review, what, today
            ):
                yield at(row, "quarter", code, hint=hint, **values)
            key = (row.kpi_id, str(review))
            if key in first_line:
                yield at(
                    row,
                    "kpi_id",
                    "E-duplicate-actual",
                    id=row.kpi_id,
                    quarter=review,
                    first=first_line[key],
                )
            first_line.setdefault(key, row.line)
        if found is not None:
            yield from _value(row, found[1], at)


CHECKED_COLUMNS = ("kpi_id", "quarter", "value", "note", "recorded_by", "recorded_at", "source")


def _control_characters(row: ActualRow, at: Callable[..., Problem]) -> Iterator[Problem]:
    """A control character in a cell (ESC from a pasted note, NUL): at the cell, like in YAML."""
    for column in CHECKED_COLUMNS:
        match = first_forbidden(getattr(row, column))
        if match:
            yield at(row, column, "E-control-character", name=character_name(match[0]))


def _value(row: ActualRow, kpi: Kpi, at: Callable[..., Problem]) -> Iterator[Problem]:
    if not row.value:
        if not row.note:
            yield at(row, "value", "E-actual-empty", id=row.kpi_id, quarter=row.quarter)
        return
    why = value_misfit(kpi, stored_value(kpi, row.value))
    if why:
        yield at(
            row,
            "value",
            "E-kpi-value-kind",
            id=kpi.id,
            what="実績値",
            found=row.value,
            kind=KPI_KIND_LABELS[kpi.kind],
            why=why,
        )


def _notes_file(project: PlanProject, item: NotesFile, today: dt.date) -> Iterator[Problem]:
    document = item.document
    shown = document.display_path
    measure_ids = [measure.id for measure in project.measures]
    for measure_id in item.notes.measures:
        if measure_id not in measure_ids and measure_id not in project.sources.unloaded_ids:
            line, column = document.position(("measures", measure_id), key=True)
            yield make_problem(
                "E-unknown-measure",
                shown,
                line,
                column,
                hint=did_you_mean(measure_id, measure_ids),
                id=measure_id,
            )
    line, column = document.position(("quarter",))
    if item.period.is_year and not project.yearly:
        yield make_problem(
            "E-notes-file-name", shown, hint=YEARLY_NOTES_HINT, name=shown.rsplit("/", 1)[-1]
        )
    for code, values, hint in quarter_time_problems(
        project.meta.known_period, item.period, "PDCA 記録", today
    ):
        yield make_problem(code, shown, line, column, hint=hint, **values)
