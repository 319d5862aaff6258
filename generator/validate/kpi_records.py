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
from itertools import chain
from operator import attrgetter
from pathlib import Path

from generator.control_characters import character_name, first_forbidden
from generator.file_access import MAX_TABLE_BYTES, read_bounded
from generator.kpi.store import ActualRow, is_utf8
from generator.kpi.values import stored_value
from generator.labels import KPI_KIND_LABELS
from generator.layout import ACTUALS_FILE
from generator.model.kpi import Kpi
from generator.problems import Problem, make_problem
from generator.project import PlanProject
from generator.quarters import ReviewPeriod
from generator.rules import TimeProblem, quarter_time_problems, value_misfit
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
    if not is_utf8(data or b""):
        return {}
    text = io.TextIOWrapper(io.BytesIO(data or b""), "utf-8-sig", newline="")  # decoded as read
    try:
        header = next(csv.reader(text), [])
    except csv.Error:  # an over-long or broken header: the table's reader reports it at its line
        return {}
    return {name.strip(): index for index, name in enumerate(header, start=1)}


def _actual_rows(
    project: PlanProject, rows: list[ActualRow], columns: dict[str, int], today: dt.date
) -> Iterator[Problem]:
    kpis = project.kpis_by_id()
    first_lines: dict[str, dict[str, int]] = {}  # KPI → quarter (or 年度) → first line
    # A plan has tens of thousands of rows but a few dozen quarters: each is judged once.
    times: dict[str, _Time] = {}
    may_hold_controls = _has_control_character(rows)

    def at(row: ActualRow, column: str, code: str, *, hint: str = "", **values: object) -> Problem:
        return make_problem(
            code, ACTUALS_FILE, row.line, columns.get(column, 1), hint=hint, **values
        )

    for row in rows:
        if may_hold_controls:
            yield from _control_characters(row, at)
        found = kpis.get(row.kpi_id)
        if found is None and row.kpi_id not in project.sources.unloaded_ids:
            yield at(
                row, "kpi_id", "E-unknown-kpi", hint=did_you_mean(row.kpi_id, kpis), id=row.kpi_id
            )
        time = times.get(row.quarter)
        if time is None:
            time = times[row.quarter] = _judged_time(project, row.period, today)
        if time.review is None:
            hint = YEARLY_HINT if project.yearly else ""
            yield at(row, "quarter", "E-quarter-format", hint=hint, found=row.quarter)
        else:
            for code, values, hint in time.problems:
                values = {**values, "what": f"KPI「{row.kpi_id}」の実績"}
                yield at(row, "quarter", code, hint=hint, **values)
            lines = first_lines.get(row.kpi_id)
            if lines is None:
                lines = first_lines[row.kpi_id] = {}
            if time.key in lines:
                yield at(
                    row,
                    "kpi_id",
                    "E-duplicate-actual",
                    id=row.kpi_id,
                    quarter=time.review,
                    first=lines[time.key],
                )
            else:
                lines[time.key] = row.line
        if found is not None:
            problem = _value_problem(row, found[1], at)
            if problem:
                yield problem


@dataclass(frozen=True)
class _Time:
    """The verdict on a recorded quarter (or 年度): the review period, its key among the
    rows, and the time problems of a record there (their `what` is filled in for each row)."""

    review: ReviewPeriod | None
    key: str = ""
    problems: tuple[TimeProblem, ...] = ()


def _judged_time(project: PlanProject, review: ReviewPeriod | None, today: dt.date) -> _Time:
    if review is None:
        return _Time(None)
    if review.is_year and not project.yearly:
        return _Time(None)  # a 年度 alone is a yearly review's record
    problems = quarter_time_problems(project.meta.known_period, review, "", today)
    return _Time(review, str(review), tuple(problems))


CHECKED_COLUMNS = ("kpi_id", "quarter", "value", "note", "recorded_by", "recorded_at", "source")


def _has_control_character(rows: list[ActualRow], chunk: int = 4096) -> bool:
    """Whether any cell of the rows may hold a control character (a search a few thousand rows)."""
    cells = attrgetter(*CHECKED_COLUMNS)
    return any(
        first_forbidden("\n".join(chain.from_iterable(map(cells, rows[start : start + chunk]))))
        for start in range(0, len(rows), chunk)
    )


def _control_characters(row: ActualRow, at: Callable[..., Problem]) -> Iterator[Problem]:
    """A control character in a cell (ESC from a pasted note, NUL): at the cell, like in YAML."""
    for column in CHECKED_COLUMNS:
        match = first_forbidden(getattr(row, column))
        if match:
            yield at(row, column, "E-control-character", name=character_name(match[0]))


def _value_problem(row: ActualRow, kpi: Kpi, at: Callable[..., Problem]) -> Problem | None:
    if not row.value:
        if not row.note:
            return at(row, "value", "E-actual-empty", id=row.kpi_id, quarter=row.quarter)
        return None
    why = value_misfit(kpi, stored_value(kpi, row.value))
    if why:
        return at(
            row,
            "value",
            "E-kpi-value-kind",
            id=kpi.id,
            what="実績値",
            found=row.value,
            kind=KPI_KIND_LABELS[kpi.kind],
            why=why,
        )
    return None


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
    if item.period.is_year and not project.yearly:
        yield make_problem(
            "E-notes-file-name", shown, hint=YEARLY_NOTES_HINT, name=shown.rsplit("/", 1)[-1]
        )
    for code, values, hint in quarter_time_problems(
        project.meta.known_period, item.period, "PDCA 記録", today
    ):
        line, column = document.position(("quarter",))
        yield make_problem(code, shown, line, column, hint=hint, **values)
