"""KPI actuals under kpi/: one tidy CSV table, diff-friendly and reviewable in git.

`kpi/actuals.csv` holds the current value of each (KPI, quarter); a value that was
replaced moves to `kpi/history.csv` with when and by whom, so nothing is lost.

Reading never fails on a bad file: an unreadable file, a row with too many cells,
a field over the CSV reader's limit or a broken quotation becomes a Problem at its
line, and the rows before it are still returned. A writer refuses to write when
either table has any such problem (transaction.py), so history is never thrown away.

Columns someone added to a table (a memo column, say) are kept: each row carries
its unknown cells, and a rewrite writes them back after the known columns.

Values are stored as typed (a note `=SUM(A1)` stays `=SUM(A1)`): this is the
store, not a sheet for people; CSVs meant for a spreadsheet (the report) neutralise
formula-like text when they are written (generator/spreadsheet_safety.py).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from generator.atomic import atomic_write_text
from generator.file_access import MAX_TABLE_BYTES, os_error_reason, read_bounded
from generator.kpi.transaction import JournalError, KpiBusy, settle
from generator.layout import ACTUALS_FILE, HISTORY_FILE
from generator.problems import Problem, make_problem
from generator.quarters import ReviewPeriod, stored_review_period

COLUMNS = ["kpi_id", "quarter", "value", "note", "recorded_by", "recorded_at", "source"]
HISTORY_COLUMNS = [*COLUMNS, "replaced_at", "replaced_by"]
TEXT_LIMIT = 32_767  # Excel's limit for one cell: a longer note could not go back into a workbook
FIELD_LIMIT = csv.field_size_limit()  # what Python's csv reads in one field (131,072)

Extra = tuple[tuple[str, str], ...]  # (column name, cell) of columns the tool does not know


def stored_number(text: str) -> float | None:
    """The finite number in a stored value (`1234`, `85.5`), or None."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True, slots=True)
class ActualRow:
    """One recorded actual (実績値). `value` is text as stored: a number, a level name, or empty.

    An empty value with a note is a narrative 実績 without a number. The review time and
    the number are read once, when the row is made, and every stage uses them from here:
    `period` is None when `quarter` cannot be read (validation reports it), `number` when
    `value` is no finite number (a level's name, a narrative 実績, or a bad cell).
    """

    kpi_id: str
    quarter: str
    value: str = ""
    note: str = ""
    recorded_by: str = ""
    recorded_at: str = ""
    source: str = ""
    line: int = field(default=0, compare=False)
    extra: Extra = field(default=(), compare=False)
    period: ReviewPeriod | None = field(init=False, compare=False, repr=False)
    number: float | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "period", stored_review_period(self.quarter))
        object.__setattr__(self, "number", stored_number(self.value) if self.value else None)

    @property
    def recorded_on(self) -> dt.date | None:
        """The day the value was recorded (`recorded_at` is stored as ISO text), if known."""
        try:
            return dt.date.fromisoformat(self.recorded_at[:10])
        except ValueError:
            return None

    @property
    def key(self) -> tuple[str, str]:
        return (self.kpi_id, self.quarter)

    def as_record(self) -> dict[str, str]:
        record = {name: getattr(self, name) for name in COLUMNS}
        record.update(self.extra)
        return record


@dataclass(frozen=True)
class HistoryRow:
    """A value that was replaced: the old row, and when and by whom it was replaced."""

    actual: ActualRow
    replaced_at: str
    replaced_by: str = ""

    def as_record(self) -> dict[str, str]:
        return {
            **self.actual.as_record(),
            "replaced_at": self.replaced_at,
            "replaced_by": self.replaced_by,
        }


@dataclass
class KpiTables:
    """Both tables of kpi/ as read, with the unknown columns of each header and every problem met."""

    actuals: list[ActualRow]
    history: list[HistoryRow]
    actual_extras: list[str] = field(default_factory=list)
    history_extras: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def files(
        self, actuals: Iterable[ActualRow], replaced: Iterable[HistoryRow]
    ) -> dict[str, bytes]:
        """The new contents: `actuals` as the whole table, `replaced` added to history (if any)."""
        contents = {"actuals.csv": actuals_text(actuals, self.actual_extras).encode("utf-8")}
        added = list(replaced)
        if added:
            contents["history.csv"] = history_text(
                [*self.history, *added], self.history_extras
            ).encode("utf-8")
        return contents


def read_tables(root: Path) -> KpiTables:
    """Both tables, after completing what a crashed writer left (see transaction.py)."""
    problems = _settled(root)
    actuals, actual_extras, actual_problems = _read_table(root, ACTUALS_FILE, COLUMNS, _actual)
    history, history_extras, history_problems = _read_table(
        root, HISTORY_FILE, HISTORY_COLUMNS, _history
    )
    return KpiTables(
        actuals,
        history,
        actual_extras,
        history_extras,
        problems + actual_problems + history_problems,
    )


def read_actuals(root: Path) -> tuple[list[ActualRow], list[Problem]]:
    """Read kpi/actuals.csv; a missing file is an empty table, not a problem."""
    problems = _settled(root)
    rows, _, read_problems = _read_table(root, ACTUALS_FILE, COLUMNS, _actual)
    return rows, problems + read_problems


def read_history(root: Path) -> tuple[list[HistoryRow], list[Problem]]:
    rows, _, problems = _read_table(root, HISTORY_FILE, HISTORY_COLUMNS, _history)
    return rows, problems


def actuals_text(rows: Iterable[ActualRow], extras: Iterable[str] = ()) -> str:
    """The table sorted by KPI id then quarter (stable diffs), unknown columns kept at the end."""
    ordered = sorted(rows, key=lambda row: (row.kpi_id, row.quarter))
    columns = _with_extras(COLUMNS, extras, (row.extra for row in ordered))
    return _csv_text(columns, (row.as_record() for row in ordered))


def history_text(rows: Iterable[HistoryRow], extras: Iterable[str] = ()) -> str:
    listed = list(rows)
    columns = _with_extras(HISTORY_COLUMNS, extras, (row.actual.extra for row in listed))
    return _csv_text(columns, (row.as_record() for row in listed))


def write_actuals(root: Path, rows: Iterable[ActualRow]) -> None:
    """Atomically write the table alone (for setting up a plan; writers go through transaction.py)."""
    atomic_write_text(Path(root) / ACTUALS_FILE, actuals_text(rows))


def _settled(root: Path) -> list[Problem]:
    try:
        settle(root)
    except KpiBusy:
        return [make_problem("E-kpi-busy", ACTUALS_FILE)]
    except JournalError as error:
        return [make_problem("E-kpi-journal", "kpi/.journal", reason=str(error))]
    except OSError as error:
        return [make_problem("E-kpi-journal", "kpi/.journal", reason=os_error_reason(error))]
    return []


def _with_extras(columns: list[str], extras: Iterable[str], rows: Iterable[Extra]) -> list[str]:
    names = list(columns)
    for name in [*extras, *(name for extra in rows for name, _ in extra)]:
        if name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class _Header:
    """Where each column is in a table's rows: known columns by name, then the unknown ones."""

    positions: dict[str, int]  # a name written twice: its last column, as a dict of the row had
    extras: list[str]
    width: int
    tidy: bool  # exactly the columns of kpi/actuals.csv, in order (as the tool writes it)

    def cells(self, cells: list[str], names: Iterable[str]) -> list[str]:
        """The cells of `names`, stripped, "" where the row is short; shared when equal."""
        count = len(cells)
        found = []
        for name in names:
            index = self.positions.get(name, count)
            # Equal cells (a KPI's id, a quarter, who recorded it) are one string in memory.
            found.append(sys.intern(cells[index].strip()) if index < count else "")
        return found

    def extra(self, cells: list[str]) -> Extra:
        count = len(cells)
        return tuple(
            (name, cells[self.positions[name]] if self.positions[name] < count else "")
            for name in self.extras
        )


def _header(names: list[str], columns: list[str]) -> _Header:
    extras = [name for name in dict.fromkeys(names) if name and name not in columns]
    positions = {name: index for index, name in enumerate(names)}
    return _Header(positions, extras, len(names), names == COLUMNS)


def _actual(line: int, cells: list[str], header: _Header) -> ActualRow:
    known: list[str]
    extra: Extra = ()
    if header.tidy and len(cells) == header.width:  # the common case, made quickly
        known = list(map(sys.intern, map(str.strip, cells)))
    else:
        known, extra = header.cells(cells, COLUMNS), header.extra(cells)
    kpi_id, quarter, value, note, recorded_by, recorded_at, source = known
    return ActualRow(kpi_id, quarter, value, note, recorded_by, recorded_at, source, line, extra)


def _history(line: int, cells: list[str], header: _Header) -> HistoryRow:
    replaced_at, replaced_by = header.cells(cells, ("replaced_at", "replaced_by"))
    return HistoryRow(_actual(line, cells, header), replaced_at, replaced_by)


Row = TypeVar("Row")


def _read_table(
    root: Path, shown: str, columns: list[str], make: Callable[[int, list[str], _Header], Row]
) -> tuple[list[Row], list[str], list[Problem]]:
    """Each row made by `make` as it is read, the unknown header names, and the problems met."""
    path = Path(root) / shown
    if not os.path.lexists(path):
        return [], [], []
    # A regular file inside the plan folder, read non-blocking and at most the limit + 1 byte.
    raw, problem = read_bounded(path, shown, MAX_TABLE_BYTES, root=root)
    if raw is None:
        return [], [], [problem] if problem else []  # its hint is worded for kpi/ (file_access)
    data = raw.removeprefix(b"\xef\xbb\xbf")
    if not is_utf8(data):
        return [], [], [_encoding_problem(data, shown)]
    # Decoded as it is read: the text of a whole large table would take twice its bytes.
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), "utf-8", newline=""), strict=True)
    broken: list[Problem] = []  # the CSV error that stopped the reader, before the rows' problems
    problems: list[Problem] = []
    rows: list[Row] = []
    header: _Header | None = None
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if header is None:
                names = [name.strip() for name in cells]
                missing = [name for name in columns[:3] if name not in names]
                if missing:
                    what = "、".join(missing)
                    problem = make_problem(
                        "E-csv-header", shown, 1, 1, missing=what, expected=",".join(columns)
                    )
                    return [], [], [problem]
                header = _header(names, columns)
            elif not "".join(cells).strip():
                continue  # an empty row
            elif len(cells) > header.width:
                problems.append(
                    make_problem(
                        "E-csv-row",
                        shown,
                        line,
                        header.width + 1,
                        count=len(cells),
                        expected=header.width,
                    )
                )
            else:
                rows.append(make(line, cells, header))
    except csv.Error as error:
        # the reader cannot resynchronise: the rest is not read, and writers refuse
        broken.append(csv_problem(shown, start, error))
    return rows, header.extras if header else [], broken + problems


def with_hint(problem: Problem, hints: dict[str, str]) -> Problem:
    """The problem with the hint for its code from `hints` (file_access words its hints for YAML)."""
    hint = hints.get(problem.code)
    return replace(problem, hint=hint) if hint else problem


def is_utf8(data: bytes, chunk: int = 1 << 16) -> bool:
    """Whether `data` is UTF-8, decoded a piece at a time and thrown away."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), chunk):
            decoder.decode(view[start : start + chunk], final=start + chunk >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def _encoding_problem(data: bytes, shown: str) -> Problem:
    """E-encoding at the first byte of `data` that is not UTF-8."""
    error = UnicodeDecodeError("utf-8", data, len(data), len(data), "")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as found:
        error = found
    good = data[: error.start].decode("utf-8", errors="replace")
    line = good.count("\n") + 1
    column = len(good) - (good.rfind("\n") + 1) + 1  # in characters, as the YAML reader counts
    return make_problem("E-encoding", shown, line, column, byte=f"0x{data[error.start]:02X}")


def csv_problem(shown: str, line: int, error: csv.Error) -> Problem:
    """The problem of a CSV the csv module stopped reading at `line` (in Japanese, located)."""
    if "field limit" in str(error):
        return make_problem("E-csv-field-too-long", shown, line, 1, limit=f"{FIELD_LIMIT:,}")
    detail = next(
        (words for english, words in _CSV_ERRORS.items() if english in str(error)),
        "CSV の書き方が崩れています",
    )
    return make_problem("E-csv-syntax", shown, line, 1, detail=detail)


_CSV_ERRORS = {
    "NUL": "NUL 文字（0x00）があります",
    "new-line character": "引用符の外に改行（CR）だけの行末があります",
    "unexpected end of data": '引用符（"）が閉じられていません',
}


def _csv_text(columns: list[str], records: Iterable[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()
