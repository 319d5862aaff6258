"""The aggregate as files: Parquet partitioned by prefecture, CSV per prefecture, a data package.

Layout of the folder `data/` beside the database (documented in guide/aggregate.md):

    data/parquet/<table>/prefecture=JP-13/data_0.parquet   tables about plans (Hive layout)
    data/parquet/<table>.parquet                           bodies, catalogues, sources …
    data/csv/JP-13/<table>.csv                             the same rows, one file per prefecture
    data/csv/<table>.csv
    data/schemas/<table>.json                              each table's columns (Table Schema)
    data/datapackage.json                                  every CSV file, described

CSV files are for people (Excel): UTF-8 with a BOM, CRLF, and text that a spreadsheet
would run as a formula prefixed with `'` (the rule of generator/spreadsheet_safety.py);
Parquet keeps every value as typed. A run rewrites the partitions of the prefectures
that changed and links the others from the previous files, in a new folder swapped in
whole: readers see the old files or the new ones, never a mix.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.aggregate.tables import PARTITION, TABLES, Column, Table
from generator.atomic import current_umask
from generator.spreadsheet_safety import FORMULA_STARTS, LEADING_SPACE

if TYPE_CHECKING:
    import duckdb

DATA_DIR = "data"
DESCRIPTOR = "datapackage.json"
BOM = b"\xef\xbb\xbf"
LICENCE_NOTE = "各計画の記載は、それぞれの団体が公開した計画のものです。利用条件は各計画のサイトで確かめてください。"
CSV_NOTE = (
    "CSV は UTF-8（BOM 付き）、改行は CRLF。=、+、-、@ で始まる文字列の先頭には ' を付けています"
    "（表計算ソフトで数式として動かないように）。Parquet では付けていません。"
)


def spreadsheet_sql(column: str) -> str:
    """SQL giving the column's text as spreadsheet_safety.spreadsheet_text does (the same rule)."""
    spaces = "".join(re.escape(char) for char in LEADING_SPACE)
    starts = "".join(re.escape(char) for char in FORMULA_STARTS)
    pattern = f"^[{spaces}]*[{starts}]".replace("'", "''")
    return f"""CASE WHEN regexp_matches("{column}", '{pattern}') THEN '''' || "{column}" ELSE "{column}" END"""


def write_exports(connection: duckdb.DuckDBPyConnection, folder: Path, changed: set[str]) -> Path:
    """Write data/ (see the module docstring); the partitions in `changed` are written anew."""
    target = folder / DATA_DIR
    _remove_leftovers(folder)
    staging = Path(tempfile.mkdtemp(prefix=f".{DATA_DIR}.building-", dir=folder))
    try:
        os.chmod(staging, 0o777 & ~current_umask())
        partitions = [
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT prefecture FROM plans UNION SELECT DISTINCT prefecture FROM problems "
                "ORDER BY 1"
            ).fetchall()
        ]
        fresh = [p for p in partitions if p in changed or not _has_partition(target, p)]
        kept = [p for p in partitions if p not in fresh]
        for table in TABLES:
            if table.partitioned:
                _write_partitioned(connection, table, staging, fresh)
                _link_partitions(target, staging, table, kept)
            else:
                _copy_parquet(connection, table, staging / "parquet" / f"{table.name}.parquet", "")
                _copy_csv(connection, table, staging / "csv" / f"{table.name}.csv", "")
        _write_schemas(staging)
        _write_descriptor(staging, target)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _has_partition(target: Path, partition: str) -> bool:
    return (target / "csv" / partition).is_dir() or any(
        (target / "parquet" / table.name / f"{PARTITION}={partition}").is_dir()
        for table in TABLES
        if table.partitioned
    )


def _write_partitioned(
    connection: duckdb.DuckDBPyConnection, table: Table, staging: Path, partitions: list[str]
) -> None:
    """The table's rows of `partitions`: Parquet in the Hive layout, a CSV file per partition.

    One statement per format writes every partition (a statement per partition would
    read the whole table each time).
    """
    if not partitions:
        return
    selected = _partition_filter(partitions)
    order = ", ".join(f'"{name}"' for name in table.primary_key)
    parquet = staging / "parquet" / table.name
    parquet.mkdir(parents=True, exist_ok=True)
    connection.execute(
        f'COPY (SELECT * FROM "{table.name}" WHERE {selected} ORDER BY {order}) '
        f"TO '{_sql_path(parquet)}' (FORMAT parquet, PARTITION_BY ({PARTITION}), "
        "OVERWRITE_OR_IGNORE true, COMPRESSION zstd)"
    )
    columns = [c for c in table.columns if c.name != PARTITION]
    expressions = ", ".join([*(_csv_expression(c) for c in columns), f'"{PARTITION}"'])
    bodies = staging / f".csv-{table.name}"
    connection.execute(
        f'COPY (SELECT {expressions} FROM "{table.name}" WHERE {selected} ORDER BY {order}) '
        f"TO '{_sql_path(bodies)}' (FORMAT csv, HEADER true, NEW_LINE '\r\n', "
        f"PARTITION_BY ({PARTITION}), OVERWRITE_OR_IGNORE true)"
    )
    for part in sorted(bodies.glob(f"{PARTITION}=*/*.csv")):
        partition = part.parent.name.split("=", 1)[1]
        _with_bom(part, staging / "csv" / partition / f"{table.name}.csv")
    shutil.rmtree(bodies)


def _partition_filter(partitions: list[str]) -> str:
    listed = ", ".join(f"'{p}'" for p in partitions if re.fullmatch(r"[A-Za-z0-9-]+", p))
    return f"{PARTITION} IN ({listed})"


def _copy_parquet(
    connection: duckdb.DuckDBPyConnection, table: Table, path: Path, where: str
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    order = ", ".join(f'"{name}"' for name in table.primary_key)
    connection.execute(
        f'COPY (SELECT * FROM "{table.name}" {where} ORDER BY {order}) '
        f"TO '{_sql_path(path)}' (FORMAT parquet, COMPRESSION zstd)"
    )


def _copy_csv(connection: duckdb.DuckDBPyConnection, table: Table, path: Path, where: str) -> None:
    """One CSV of a table written whole (not per partition), text made safe."""
    columns = [c for c in table.columns if c.name != PARTITION]
    selected = ", ".join(_csv_expression(column) for column in columns)
    order = ", ".join(f'"{name}"' for name in table.primary_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = path.with_name(f".{path.name}.body")
    connection.execute(
        f'COPY (SELECT {selected} FROM "{table.name}" {where} ORDER BY {order}) '
        f"TO '{_sql_path(body)}' (FORMAT csv, HEADER true, NEW_LINE '\r\n')"
    )
    _with_bom(body, path)


def _with_bom(body: Path, path: Path) -> None:
    """`path`: a BOM (Excel reads the file as UTF-8 then), then the bytes of `body`, which goes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as target, open(body, "rb") as source:
        target.write(BOM)
        shutil.copyfileobj(source, target)
    body.unlink()


def _csv_expression(column: Column) -> str:
    if column.sql == "VARCHAR":
        return f'{spreadsheet_sql(column.name)} AS "{column.name}"'
    return f'"{column.name}"'


def _link_partitions(target: Path, staging: Path, table: Table, partitions: list[str]) -> None:
    """The unchanged partitions' files of the previous export, hard-linked (copied where links fail)."""
    for partition in partitions:
        pairs = [
            (
                target / "parquet" / table.name / f"{PARTITION}={partition}",
                staging / "parquet" / table.name / f"{PARTITION}={partition}",
            ),
            (
                target / "csv" / partition / f"{table.name}.csv",
                staging / "csv" / partition / f"{table.name}.csv",
            ),
        ]
        for old, new in pairs:
            if old.is_dir():
                shutil.copytree(old, new, copy_function=_link_or_copy, dirs_exist_ok=True)
            elif old.is_file():
                new.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(str(old), str(new))


def _link_or_copy(old: str, new: str) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def table_schema(table: Table) -> dict[str, Any]:
    """The table's CSV columns as a Frictionless Table Schema."""
    fields = []
    for column in table.columns:
        if column.name == PARTITION:
            continue
        item = {"name": column.name, "type": column.frictionless_type, "title": column.title}
        if column.description:
            item["description"] = column.description
        fields.append(item)
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": [name for name in table.primary_key if name != PARTITION],
    }


def _write_schemas(staging: Path) -> None:
    folder = staging / "schemas"
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        text = json.dumps(table_schema(table), ensure_ascii=False, indent=2) + "\n"
        (folder / f"{table.name}.json").write_text(text, encoding="utf-8")


def _write_descriptor(staging: Path, previous: Path) -> None:
    """datapackage.json listing every CSV file with its schema, size and hash."""
    known = _previous_hashes(previous)
    resources = []
    for path in sorted((staging / "csv").rglob("*.csv")):
        relative = path.relative_to(staging).as_posix()
        table = TABLES_BY_FILE[path.stem]
        partition = path.parent.name if path.parent.name != "csv" else None
        size = path.stat().st_size
        digest = known.get((relative, size, path.stat().st_ino)) or _sha256(path)
        name = f"{table.name}-{partition.lower()}" if partition else table.name
        resources.append(
            {
                "name": name.replace("_", "-"),
                "path": relative,
                "profile": "tabular-data-resource",
                "title": f"{table.title}（{partition}）" if partition else table.title,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "bytes": size,
                "hash": f"sha256:{digest}",
                "schema": f"schemas/{table.name}.json",
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": "dataplan-aggregate",
        "title": "官民データ活用推進計画の集計",
        "description": f"{LICENCE_NOTE}\n\n{CSV_NOTE}",
        "resources": resources,
    }
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (staging / DESCRIPTOR).write_text(text, encoding="utf-8")


TABLES_BY_FILE = {table.name: table for table in TABLES}


def _previous_hashes(previous: Path) -> dict[tuple[str, int, int], str]:
    """Hashes of the previous descriptor, for the files linked unchanged (same inode and size)."""
    try:
        descriptor = json.loads((previous / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = {}
    for resource in descriptor.get("resources", []):
        path = previous / resource["path"]
        try:
            status = path.stat()
        except OSError:
            continue
        found[(resource["path"], status.st_size, status.st_ino)] = resource["hash"].split(":")[-1]
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _swap(staging: Path, target: Path) -> None:
    """Put the new folder in place of the old one; the old one is removed afterwards."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{DATA_DIR}.old-", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    os.rename(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(folder: Path) -> None:
    """What a killed run left: a half-built folder, or the old one between the two renames."""
    for path in folder.glob(f".{DATA_DIR}.*-*"):
        if ".old-" in path.name and not (folder / DATA_DIR).exists():
            os.rename(path, folder / DATA_DIR)
            continue
        shutil.rmtree(path, ignore_errors=True)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
