"""Reading tables of KPI actuals from .xlsx and .csv files, before any normalisation (F13).

A table is found by its header row (within the first rows of a sheet or file),
whose names may be those of kpi/actuals.csv (`kpi_id`, `quarter`, `value`, …) or
the Japanese ones people write (KPI ID, 四半期, 実績値, 備考 …). The workbook made by
`dataplan kpi template` has such a header in a hidden first row, so it is read
the same way as any plain sheet.

A workbook comes from outside, so it is checked before openpyxl opens it: the sizes
its zip directory declares (which bound what zipfile will unpack) must stay under
MAX_UNPACKED bytes in all and MAX_RATIO times their compressed size each, so a zip
bomb is refused in milliseconds. Anything openpyxl cannot parse (malformed XML, a
broken part) is a problem for that file alone; the other files of the import are
read. Hidden and very hidden sheets are skipped with a warning (only the template's
own `_dataplan` sheet is skipped silently). A formula cell is read by its cached
value, the result Excel saved; a formula without one is a problem, not an empty cell.

Where a cell is: in a workbook, `file.xlsx!シート名!K7` in the problem's file field
(line and column 0); in a CSV, the file with its line and 1-based column.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from generator.file_access import os_error_reason, read_bounded
from generator.kpi.normalise import clean_text
from generator.kpi.store import csv_problem, with_hint
from generator.kpi.workbook_layout import META_SHEET
from generator.problems import Problem, make_problem

FIELDS = ("kpi_id", "quarter", "value", "note", "recorded_by", "recorded_at", "source")
REQUIRED = ("kpi_id", "quarter", "value")
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "kpi_id": ("kpi_id", "KPI ID", "KPI", "KPI番号", "KPIコード", "指標ID", "指標番号"),
    "quarter": ("quarter", "四半期", "対象四半期", "年度・四半期"),
    "value": ("value", "実績値", "実績", "値", "数値"),
    "note": ("note", "備考", "コメント", "説明", "実績の説明・コメント", "実績の説明", "メモ"),
    "recorded_by": ("recorded_by", "記入者", "入力者", "記録者", "報告者"),
    "recorded_at": ("recorded_at", "記入日", "記入日時", "記録日", "記録日時", "入力日"),
    "source": ("source", "出所", "取込元", "入力元"),
}
HEADER_SCAN_ROWS = 10
MAX_UNPACKED = 20 * 1024 * 1024  # a department's workbook is well under 1 MB unpacked; openpyxl
# needs about ten times the sheet XML in memory (20 MB → some 200 MB)
MAX_RATIO = 100  # sheet XML compresses 5–20 times; far more is a bomb
RATIO_FLOOR = 1024 * 1024  # small parts may compress well without harm
MAX_PARTS = 10_000
MAX_CSV_BYTES = MAX_UNPACKED
MAX_WORKBOOK_BYTES = MAX_UNPACKED  # compressed: the unpacked limit is checked after
FORMULA_PREVIEW = 40
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
IMPORT_HINTS = {
    "E-file-not-regular": "記入済みの .xlsx か .csv のファイルを指定してください。",
    "E-file-too-large": "実績の表だけを .xlsx か .csv で保存し直してください（記入用ブックはふつう 1 MB もありません）。",
}
_PARENTHESES = re.compile(r"\([^()]*\)")


def header_key(text: object) -> str:
    """A header cell made comparable: NFKC, lower case, no spaces, underscores or (…)."""
    return re.sub(r"[\s_]+", "", _PARENTHESES.sub("", clean_text(text))).lower()


_ALIASES = {
    header_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}


def accepted_headers() -> str:
    """The header names the importer knows, for messages and the guide."""
    return "、".join(
        f"{name}（{'・'.join(aliases[1:])}）" for name, aliases in HEADER_ALIASES.items()
    )


@dataclass(frozen=True)
class TableRow:
    """One data row: the cells by field name, and where each cell is."""

    file: str
    sheet: str | None
    line: int
    cells: dict[str, object]
    columns: dict[str, int] = field(compare=False)
    percent_formatted: bool = False  # Excel shows the value as a percentage (it holds 0.85 for 85%)

    def where(self, name: str) -> str:
        """`file.xlsx!Sheet!K7` or `file.csv:12` (for the diff listing)."""
        file, line, column = self.location(name)
        return f"{file}:{line}" if line else file

    def location(self, name: str) -> tuple[str, int, int]:
        """(file field, line, column) of a problem about the cell of `name`."""
        column = self.columns.get(name) or self.columns.get("kpi_id", 0)
        if self.sheet is None:
            return self.file, self.line, column
        return f"{self.file}!{self.sheet}!{get_column_letter(column)}{self.line}", 0, 0

    def problem(self, code: str, column_of: str, /, *, hint: str = "", **values: object) -> Problem:
        """A problem about the cell of field `column_of` (kpi_id, value, …) in this row."""
        file, line, column = self.location(column_of)
        return make_problem(code, file, line, column, hint=hint, **values)


def find_header(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]] | None:
    """The first row (0-based) naming at least two of kpi_id/quarter/value, with field → 1-based column."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row, start=1):
            name = _ALIASES.get(header_key(cell))
            if name and name not in columns:
                columns[name] = column
        if sum(name in columns for name in REQUIRED) >= 2:
            return index, columns
    return None


def read_table_file(path: Path) -> tuple[list[TableRow], list[Problem]]:
    """Every data row of an .xlsx or .csv file, and the problems met reading it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return read_workbook(path)
    if suffix in CSV_SUFFIXES:
        return read_csv(path)
    return [], [make_problem("E-import-file-type", path.name, name=path.name)]


def read_workbook(path: Path) -> tuple[list[TableRow], list[Problem]]:
    shown = path.name
    # Read once, as a regular file and bounded (a FIFO or /dev/zero would hang openpyxl).
    data, unreadable = read_bounded(path, shown, MAX_WORKBOOK_BYTES)
    if data is None:
        return [], [with_hint(unreadable, IMPORT_HINTS)] if unreadable else []
    too_large = unpacked_size_problem(io.BytesIO(data), shown)
    if too_large is not None:
        return [], [too_large]
    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        # The formulas, streamed: only to tell a formula without a saved result from an empty cell.
        formulas = load_workbook(io.BytesIO(data), data_only=False, read_only=True)
        try:
            return _workbook_rows(shown, values, formulas)
        finally:
            formulas.close()
    except (OSError, zipfile.BadZipFile, InvalidFileException) as error:
        return [], [make_problem("E-file-unreadable", shown, reason=_reason(error))]
    except Exception:  # noqa: BLE001 - openpyxl on a hostile file: any parse error is this file's problem
        reason = "ブックの中身（XML）が壊れています。Excel で開けるなら、開いて保存し直してください"
        return [], [make_problem("E-file-unreadable", shown, reason=reason)]


def unpacked_size_problem(workbook: io.BytesIO, shown: str) -> Problem | None:
    """E-import-too-large when the workbook would unpack to too much (checked from the zip directory)."""
    try:
        with zipfile.ZipFile(workbook) as archive:
            parts = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return None  # not a zip: load_workbook says so
    detail = ""
    total = sum(part.file_size for part in parts)
    if len(parts) > MAX_PARTS:
        detail = f"部品が {len(parts):,} 個（上限 {MAX_PARTS:,}）"
    elif total > MAX_UNPACKED:
        detail = f"展開すると {total / 2**20:,.0f} MB（上限 {MAX_UNPACKED // 2**20} MB）"
    else:
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                detail = f"{part.filename} が {ratio:,.0f} 倍に展開されます（上限 {MAX_RATIO} 倍）"
                break
    if not detail:
        return None
    return make_problem("E-import-too-large", shown, detail=detail)


def _workbook_rows(
    shown: str, workbook: Workbook, formulas: Workbook
) -> tuple[list[TableRow], list[Problem]]:
    rows: list[TableRow] = []
    problems: list[Problem] = []
    found = False
    for sheet in workbook.worksheets:
        if sheet.title == META_SHEET:
            continue
        if sheet.sheet_state != "visible":
            problems.append(
                make_problem("W-import-hidden-sheet", f"{shown}!{sheet.title}", sheet=sheet.title)
            )
            continue
        cells = [list(row) for row in sheet.iter_rows()]
        header = find_header([[cell.value for cell in row] for row in cells])
        if header is None:
            continue
        found = True
        index, columns = header
        missing = _missing(columns)
        if missing:
            where = f"{shown}!{sheet.title}!A{index + 1}"
            problems.append(
                make_problem(
                    "E-import-columns", where, missing=missing, accepted=accepted_headers()
                )
            )
            continue
        formula_sheet = formulas[sheet.title]
        assert isinstance(formula_sheet, ReadOnlyWorksheet)  # opened read_only
        formula_cells = _formula_cells(formula_sheet)
        # iter_rows starts at row 1, so cells[i] is row i + 1
        for line, row in enumerate(cells[index + 1 :], start=index + 2):
            values: dict[str, object] = {
                name: row[column - 1].value if column <= len(row) else None
                for name, column in columns.items()
            }
            if _is_blank_or_header(values) and not _has_formula(formula_cells, line, columns):
                continue
            value_cell = row[columns["value"] - 1] if columns["value"] <= len(row) else None
            percent = value_cell is not None and "%" in str(value_cell.number_format or "")
            table_row = TableRow(shown, sheet.title, line, values, columns, percent)
            uncached = _formulas_without_value(formula_cells, table_row)
            if uncached:
                problems.extend(uncached)
                continue
            rows.append(table_row)
    if not found:
        problems.append(make_problem("E-import-no-table", shown, rows=HEADER_SCAN_ROWS))
    return rows, problems


def _formula_cells(sheet: ReadOnlyWorksheet) -> dict[tuple[int, int], str]:
    """(row, column) → formula text of every formula cell of a read-only sheet."""
    found: dict[tuple[int, int], str] = {}
    for row in sheet.rows:
        for cell in row:
            line, column = getattr(cell, "row", None), getattr(cell, "column", None)
            if getattr(cell, "data_type", None) == "f" and line and column:
                value = cell.value
                found[(line, column)] = str(getattr(value, "text", None) or value)
    return found


def _has_formula(formulas: dict[tuple[int, int], str], line: int, columns: dict[str, int]) -> bool:
    return any((line, column) in formulas for column in columns.values())


def _formulas_without_value(formulas: dict[tuple[int, int], str], row: TableRow) -> list[Problem]:
    """E-import-formula for each cell of the row that holds a formula but no saved result."""
    problems = []
    for name, column in row.columns.items():
        formula = formulas.get((row.line, column))
        if formula is not None and row.cells.get(name) is None:
            if len(formula) > FORMULA_PREVIEW:
                formula = formula[: FORMULA_PREVIEW - 1] + "…"
            problems.append(row.problem("E-import-formula", name, formula=formula))
    return problems


def read_csv(path: Path) -> tuple[list[TableRow], list[Problem]]:
    shown = path.name
    data, unreadable = read_bounded(path, shown, MAX_CSV_BYTES)  # regular files only, bounded
    if data is None:
        return [], [with_hint(unreadable, IMPORT_HINTS)] if unreadable else []
    text, problem = decode_csv(data, shown)
    if problem:
        return [], [problem]
    records, broken = _csv_records(text, shown)
    header = find_header([cells for _, cells in records])
    if header is None:
        return [], [make_problem("E-import-no-table", shown, rows=HEADER_SCAN_ROWS)]
    index, columns = header
    missing = _missing(columns)
    if missing:
        return [], [
            make_problem(
                "E-import-columns",
                shown,
                records[index][0],
                1,
                missing=missing,
                accepted=accepted_headers(),
            )
        ]
    rows = []
    for line, cells in records[index + 1 :]:
        values: dict[str, object] = {
            name: cells[column - 1] if column <= len(cells) else ""
            for name, column in columns.items()
        }
        if _is_blank_or_header(values):
            continue
        rows.append(TableRow(shown, None, line, values, columns))
    return rows, [broken] if broken else []


def decode_csv(data: bytes, shown: str) -> tuple[str, Problem | None]:
    """CSV bytes as text: UTF-16 with a BOM (Excel's Unicode テキスト), UTF-8 with or without BOM, else CP932.

    When neither UTF-8 nor CP932 reads the bytes, the problem points at the line of
    the byte where the more successful of the two stopped.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as error:
            return "", _encoding_problem(data, error, shown)
    errors = []
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError as error:
            errors.append(error)
    return "", _encoding_problem(data, max(errors, key=lambda error: error.start), shown)


def _encoding_problem(data: bytes, error: UnicodeDecodeError, shown: str) -> Problem:
    line = data.count(b"\n", 0, error.start) + 1
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    return make_problem("E-import-encoding", shown, line, column, byte=f"0x{data[error.start]:02X}")


def _csv_records(text: str, shown: str) -> tuple[list[tuple[int, list[str]]], Problem | None]:
    """(line where the record starts, cells) for each record, and the problem that stopped reading.

    Tab-separated when the first line has tabs and no commas (Excel's Unicode テキスト).
    """
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    start = 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        return records, csv_problem(shown, start, error)
    return records, None


def _is_blank_or_header(values: Mapping[str, object]) -> bool:
    """An empty row, or a (repeated or visible) header row such as the template's Japanese one."""
    if all(clean_text(value) == "" for value in values.values()):
        return True
    return _ALIASES.get(header_key(values.get("kpi_id"))) == "kpi_id"


def _missing(columns: dict[str, int]) -> str:
    return "、".join(
        HEADER_ALIASES[name][1] + f"（{name}）" for name in REQUIRED if name not in columns
    )


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return os_error_reason(error)
    if isinstance(error, zipfile.BadZipFile | InvalidFileException):
        return "Excel ブック（.xlsx）として読めません。古い .xls なら .xlsx で保存し直してください"
    return str(error)
