"""KPI actuals under kpi/: one tidy CSV table, diff-friendly and reviewable in git.

`kpi/actuals.csv` holds the current value of each (KPI, quarter); a value that was
replaced moves to `kpi/history.csv` with when and by whom, so nothing is lost.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from generator.atomic import atomic_write_text
from generator.layout import ACTUALS_FILE, HISTORY_FILE
from generator.problems import Problem, make_problem

COLUMNS = ["kpi_id", "quarter", "value", "note", "recorded_by", "recorded_at", "source"]
HISTORY_COLUMNS = [*COLUMNS, "replaced_at", "replaced_by"]


@dataclass(frozen=True)
class ActualRow:
    """One recorded actual (実績値). `value` is text as stored: a number, a level name, or empty.

    An empty value with a note is a narrative 実績 without a number.
    """

    kpi_id: str
    quarter: str
    value: str = ""
    note: str = ""
    recorded_by: str = ""
    recorded_at: str = ""
    source: str = ""
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kpi_id, self.quarter)

    def as_record(self) -> dict[str, str]:
        record = asdict(self)
        record.pop("line")
        return record


@dataclass(frozen=True)
class HistoryRow:
    """A value that was replaced: the old row, and when and by whom it was replaced."""

    actual: ActualRow
    replaced_at: str
    replaced_by: str = ""


def read_actuals(root: Path) -> tuple[list[ActualRow], list[Problem]]:
    """Read kpi/actuals.csv; a missing file is an empty table, not a problem."""
    rows, problems = _read_table(Path(root) / ACTUALS_FILE, ACTUALS_FILE, COLUMNS)
    return [_actual(record, line) for line, record in rows], problems


def read_history(root: Path) -> tuple[list[HistoryRow], list[Problem]]:
    rows, problems = _read_table(Path(root) / HISTORY_FILE, HISTORY_FILE, HISTORY_COLUMNS)
    history = [
        HistoryRow(
            _actual(record, line), record.get("replaced_at", ""), record.get("replaced_by", "")
        )
        for line, record in rows
    ]
    return history, problems


def write_actuals(root: Path, rows: Iterable[ActualRow]) -> None:
    """Atomically write the table, sorted by KPI id then quarter (stable diffs)."""
    ordered = sorted(rows, key=lambda row: (row.kpi_id, row.quarter))
    atomic_write_text(
        Path(root) / ACTUALS_FILE, _csv_text(COLUMNS, (row.as_record() for row in ordered))
    )


def append_history(root: Path, replaced: Iterable[HistoryRow]) -> None:
    """Atomically add replaced values to kpi/history.csv, keeping what is there."""
    existing, _ = read_history(root)
    records = [
        {
            **item.actual.as_record(),
            "replaced_at": item.replaced_at,
            "replaced_by": item.replaced_by,
        }
        for item in [*existing, *replaced]
    ]
    atomic_write_text(Path(root) / HISTORY_FILE, _csv_text(HISTORY_COLUMNS, records))


def _actual(record: dict[str, str], line: int) -> ActualRow:
    names = {f.name for f in fields(ActualRow)} - {"line"}
    return ActualRow(**{name: (record.get(name) or "").strip() for name in names}, line=line)


def _read_table(
    path: Path, shown: str, columns: list[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    if not path.exists():
        return [], []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [make_problem("E-encoding", shown, 1, 1, byte="(UTF-8 以外)")]
    except OSError as error:
        return [], [make_problem("E-file-unreadable", shown, reason=error.strerror or str(error))]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return [], []
    header = [name.strip() for name in header]
    missing = [name for name in columns[:3] if name not in header]
    if missing:
        return [], [
            make_problem(
                "E-csv-header", shown, 1, 1, missing="、".join(missing), expected=",".join(columns)
            )
        ]
    problems: list[Problem] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                make_problem(
                    "E-csv-row",
                    shown,
                    line,
                    len(header) + 1,
                    count=len(cells),
                    expected=len(header),
                )
            )
            continue
        rows.append((line, dict(zip(header, cells, strict=False))))
    return rows, problems


def _csv_text(columns: list[str], records: Iterable[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()
