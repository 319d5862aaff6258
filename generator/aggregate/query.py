"""`dataplan aggregate query`: SQL over the aggregate's database, read-only.

The database is opened read-only, with access to files and extensions switched off
and that setting locked: a statement can neither change the database nor write,
read or fetch anything outside it. Results come back as columns and rows; the CLI
prints them as a table, CSV or JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.aggregate.database import DATABASE_FILE, AggregateBusy, NoDatabase
from generator.aggregate.tables import TABLES
from generator.spreadsheet_safety import spreadsheet_text


class QueryRefused(Exception):
    """The statement would change something, or cannot run; the message is Japanese."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def run_query(folder: Path, sql: str) -> QueryResult:
    """Run one SQL statement on the aggregate in `folder`, read-only (see the module docstring)."""
    import duckdb

    path = Path(folder) / DATABASE_FILE
    if not path.is_file():
        raise NoDatabase(str(path))
    try:
        connection = duckdb.connect(
            str(path),
            read_only=True,
            config={"enable_external_access": False, "lock_configuration": True},
        )
    except duckdb.IOException as error:
        raise AggregateBusy(str(folder)) from error
    try:
        cursor = connection.execute(sql)
        if cursor.description is None:
            return QueryResult([], [])
        columns = [item[0] for item in cursor.description]
        return QueryResult(columns, cursor.fetchall())
    except (duckdb.InvalidInputException, duckdb.PermissionException) as error:
        if (
            "read-only" in str(error)
            or "disabled by configuration" in str(error)
            or "locked" in str(error)
        ):
            raise QueryRefused(
                "集計のデータベースは読み取り専用で開いています。書き換え（INSERT・UPDATE・DELETE・CREATE など）、"
                "ファイルの読み書き、設定の変更はできません。データを変えるのは dataplan aggregate だけです"
                f"（DuckDB: {_first_line(error)}）"
            ) from error
        raise QueryRefused(f"SQL を実行できません（DuckDB: {_first_line(error)}）") from error
    except duckdb.Error as error:
        tables = "、".join(table.name for table in TABLES)
        raise QueryRefused(
            f"SQL を実行できません（DuckDB: {_first_line(error)}）。表: {tables}"
        ) from error
    finally:
        connection.close()


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def plain(value: Any) -> Any:
    """A value as JSON and CSV show it: dates ISO, decimals as numbers."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def as_json(result: QueryResult) -> str:
    rows = [dict(zip(result.columns, map(plain, row), strict=True)) for row in result.rows]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def as_csv(result: QueryResult) -> str:
    """CSV with a header; text a spreadsheet would run as a formula starts with `'`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | dict):
        return spreadsheet_text(json.dumps(value, ensure_ascii=False))
    return spreadsheet_text(str(value))
