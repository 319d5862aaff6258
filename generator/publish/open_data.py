"""Open data (F17): the plan's tables as CSV and JSON, described by a Frictionless `datapackage.json`.

- CSV: UTF-8 with a BOM (so that Excel opens Japanese text correctly), CRLF line
  ends, a header row of English column names. Every text cell goes through
  `generator.spreadsheet_safety.spreadsheet_text`, so that no cell runs as a
  formula; numbers are written as plain numbers (`1234`, `85.5`, `-3`).
- JSON: the same rows as an array of objects, every value as typed (numbers as
  numbers, missing values as null, no apostrophe prefix).
- `datapackage.json`: name, title, licence (plan.yaml `open_data`), and for each
  file its path, format, media type, encoding, size, hash and schema (every
  column's name, type and Japanese title).

What the public may see is decided in open_data_tables.published_data, once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import atomic_write_bytes
from generator.kpi.store import ActualRow
from generator.kpi.values import format_number
from generator.labels import file_size_label
from generator.model.plan import OpenData
from generator.progress import KpiEvaluation
from generator.project import PlanProject
from generator.publish.open_data_tables import Column, Table, open_data_tables
from generator.spreadsheet_safety import spreadsheet_text

BOM = "\ufeff"
DESCRIPTOR = "datapackage.json"
FILE_MODE = 0o644
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}
SAFETY_NOTE = (
    "CSV では、=、+、-、@ で始まる文字列の先頭に ' を付けています"
    "（表計算ソフトで数式として動かないように）。JSON では付けていません。"
)
FOREIGN_KEYS = {
    "kpis": [("measure_id", "measures", "measure_id")],
    "targets": [("kpi_id", "kpis", "kpi_id")],
    "actuals": [("kpi_id", "kpis", "kpi_id")],
    "statuses": [("kpi_id", "kpis", "kpi_id")],
}


@dataclass(frozen=True)
class OpenDataFile:
    """A written file, as a download link shows it: 施策の一覧（CSV形式、2KB）."""

    path: Path
    name: str  # the file name, relative to the folder
    title: str
    description: str
    format: str  # CSV or JSON
    media_type: str
    size: int  # bytes

    @property
    def size_label(self) -> str:
        """2KB, 1.2MB (rounded up, at least 1KB)."""
        return file_size_label(self.size)

    @property
    def format_and_size(self) -> str:
        """（CSV形式、2KB）: what DADS asks a download link to say."""
        return f"（{self.format}形式、{self.size_label}）"


def write_open_data(
    project: PlanProject,
    evaluations: dict[str, KpiEvaluation],
    dest_dir: Path,
    *,
    internal: bool = False,
    actuals: Iterable[ActualRow] | None = None,
) -> list[OpenDataFile]:
    """Write every table as CSV and JSON into `dest_dir`, then datapackage.json; return the files.

    `evaluations` are the KPIs judged at the published quarter; `actuals` default to
    the plan's own (`project.actuals`). `internal` makes the 庁内 edition.
    """
    dest_dir = Path(dest_dir)
    tables = open_data_tables(project, evaluations, internal=internal, actuals=actuals)
    written: list[tuple[Table, str, bytes]] = []
    files = []
    for table in tables:
        for extension, data in (("csv", csv_bytes(table)), ("json", json_bytes(table))):
            name = f"{table.name}.{extension}"
            files.append(_write(dest_dir, name, data, table.title, table.description, extension))
            written.append((table, extension, data))
    descriptor = package_descriptor(written, internal=internal)
    data = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    files.append(
        _write(
            dest_dir,
            DESCRIPTOR,
            data,
            "データの説明（データパッケージ）",
            "各ファイルの列の名前・型・意味と利用条件（Frictionless Data Package 形式）。",
            "json",
        )
    )
    return files


def csv_bytes(table: Table) -> bytes:
    """The table as CSV: BOM, header of column names, text cells made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(row.get(column.name), column.type) for column in table.columns])
    return (BOM + buffer.getvalue()).encode("utf-8")


def json_bytes(table: Table) -> bytes:
    """The table as a JSON array of objects, values as typed."""
    rows = [
        {column.name: _json_value(row.get(column.name), column.type) for column in table.columns}
        for row in table.rows
    ]
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def package_descriptor(
    written: list[tuple[Table, str, bytes]], *, internal: bool = False
) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the written files.

    Everything it says about the plan is read from the published plan table, so it
    holds nothing that the tables themselves do not.
    """
    plan = next(table.rows[0] for table, _, _ in written if table.name == "plan")
    licence = OpenData(
        licence=plan["licence"], licence_url=plan["licence_url"], attribution=plan["attribution"]
    )
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": f"dataplan-{plan['lg_code']}" + ("-internal" if internal else ""),
        "title": plan["title"],
        "description": "\n\n".join(part for part in (plan["summary"], SAFETY_NOTE) if part),
        "licenses": [_licence(licence)],
        "contributors": [{"title": plan["municipality"], "role": "publisher"}],
        "keywords": ["官民データ活用推進計画", plan["municipality"]],
        "resources": [],
    }
    if licence.attribution:
        descriptor["attribution"] = licence.attribution
    for table, extension, data in written:
        format_name, media_type = FORMATS[extension]
        schema: dict[str, Any] = {
            "fields": [_field(column) for column in table.columns],
            "missingValues": [""],
        }
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        if extension == "csv" and table.name in FOREIGN_KEYS:
            schema["foreignKeys"] = [
                {"fields": field, "reference": {"resource": resource, "fields": target}}
                for field, resource, target in FOREIGN_KEYS[table.name]
            ]
        resource: dict[str, Any] = {
            "name": table.name if extension == "csv" else f"{table.name}-{extension}",
            "path": f"{table.name}.{extension}",
            "profile": "tabular-data-resource",
            "title": f"{table.title}（{format_name}）",
            "description": table.description,
            "format": extension,
            "mediatype": media_type,
            "encoding": "utf-8",
            "schema": schema,
        }
        if extension == "csv":
            # frictionless-py cannot count the bytes of a JSON table and would then
            # call a correct count invalid; so size and hash are given for CSV only.
            resource["bytes"] = len(data)
            resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
        descriptor["resources"].append(resource)
    return descriptor


def _write(
    directory: Path, name: str, data: bytes, title: str, description: str, extension: str
) -> OpenDataFile:
    path = directory / name
    atomic_write_bytes(path, data)
    os.chmod(path, FILE_MODE)
    format_name, media_type = FORMATS[extension]
    return OpenDataFile(path, name, title, description, format_name, media_type, len(data))


def _csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "number":
        return format_number(value)
    if kind == "integer":
        return str(int(value))
    if kind == "date":
        return str(value)
    if kind == "boolean":
        return "true" if value else "false"
    return spreadsheet_text(str(value))


def _json_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "number":
        number = float(format_number(value))  # the same 6 decimals as the CSV
        return int(number) if number.is_integer() else number
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        return bool(value)
    return str(value)


def _field(column: Column) -> dict[str, str]:
    field = {"name": column.name, "type": column.type, "title": column.title}
    if column.description:
        field["description"] = column.description
    return field


LICENCE_ID = re.compile(r"^CC[\s-]*(BY(?:[\s-]+(?:SA|ND|NC))*|0)[\s-]*(\d\.\d)?$", re.IGNORECASE)


def _licence(licence: OpenData) -> dict[str, str]:
    """A Data Package licence: the Open Definition id when the name is a CC licence, the URL, the title."""
    entry = {"title": licence.licence}
    match = LICENCE_ID.match(licence.licence.strip())
    if match:
        parts = re.split(r"[\s-]+", match[1].upper())
        version = match[2] or ("1.0" if parts == ["0"] else "")
        entry["name"] = (
            "CC"
            + ("0" if parts == ["0"] else "-" + "-".join(parts))
            + (f"-{version}" if version else "")
        )
    if licence.licence_url:
        entry["path"] = licence.licence_url
    return entry
