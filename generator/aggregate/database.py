"""The aggregate's embedded DuckDB database: schema, one writer at a time, reads.

One run writes (holding `.aggregate.lock` beside the database, an OS file lock that
the system releases when the process ends, even by kill -9); queries open the file
read-only, so no statement of theirs can change it. The rows of a batch of plans,
the removal of their previous rows and their sources' content hashes are committed
in one transaction: after a crash the database holds whole plans only, and the next
run reads again exactly the plans whose new rows were not committed.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from generator.aggregate.tables import (
    BODIES,
    CATALOGUE_ENTRIES,
    CATALOGUES,
    PLAN_TABLES,
    PROBLEMS,
    SOURCES,
    TABLES,
    Table,
)

if TYPE_CHECKING:
    import duckdb

DATABASE_FILE = "aggregate.duckdb"
LOCK_FILE = ".aggregate.lock"
SCHEMA_VERSION = "1"
MEMORY_LIMIT = "256MB"


# Each body's current plan: in force, else adopted and about to start, else a draft, else
# expired; among several of a kind, the latest period and edition.
CURRENT_PLANS = """
SELECT * EXCLUDE (choice) FROM (
    SELECT *, row_number() OVER (
        PARTITION BY lg_code ORDER BY
            CASE status WHEN 'in_force' THEN 0 WHEN 'upcoming' THEN 1
                WHEN 'period_not_stated' THEN 2 WHEN 'draft' THEN 3 ELSE 4 END,
            period_start_fiscal_year DESC, revision DESC
    ) AS choice
    FROM plans
) WHERE choice = 1
"""


class AggregateBusy(Exception):
    """Another run holds the aggregate's lock (or a writer has the database open)."""


class NoDatabase(Exception):
    """There is no aggregate database in the folder yet."""


@contextmanager
def writing(folder: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The database of `folder` opened for writing, with the lock held; created when new."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise AggregateBusy(str(folder)) from error
            raise
        # A bound on the database engine's memory: it spills to disk beyond it.
        connection = duckdb.connect(
            str(folder / DATABASE_FILE), config={"memory_limit": MEMORY_LIMIT}
        )
        try:
            create_schema(connection)
            yield connection
            connection.execute("CHECKPOINT")
        finally:
            connection.close()
    finally:
        os.close(handle)


@contextmanager
def reading(folder: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The database of `folder` opened read-only (no statement can change it)."""
    import duckdb

    path = folder / DATABASE_FILE
    if not path.is_file():
        raise NoDatabase(str(path))
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as error:
        raise AggregateBusy(str(folder)) from error
    try:
        yield connection
    finally:
        connection.close()


def create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Every table (see tables.py), and the schema version; an older schema is rebuilt empty."""
    connection.execute(
        "CREATE TABLE IF NOT EXISTS aggregate_info (key VARCHAR PRIMARY KEY, value VARCHAR)"
    )
    found = connection.execute(
        "SELECT value FROM aggregate_info WHERE key = 'schema_version'"
    ).fetchone()
    if found is not None and found[0] != SCHEMA_VERSION:
        for table in TABLES:
            connection.execute(f'DROP TABLE IF EXISTS "{table.name}"')
    for table in TABLES:
        columns = ", ".join(f'"{column.name}" {column.sql}' for column in table.columns)
        connection.execute(f'CREATE TABLE IF NOT EXISTS "{table.name}" ({columns})')
    # Bookkeeping that is not data: each folder's files signature (sources.files_signature).
    connection.execute(
        "CREATE TABLE IF NOT EXISTS source_files (source VARCHAR PRIMARY KEY, signature VARCHAR)"
    )
    connection.execute(
        "INSERT OR REPLACE INTO aggregate_info VALUES ('schema_version', ?)", [SCHEMA_VERSION]
    )


def insert_rows(connection: duckdb.DuckDBPyConnection, table: Table, rows: list[tuple]) -> None:
    """Append rows (tuples in the table's column order) in one statement."""
    if not rows:
        return
    frame = pd.DataFrame.from_records(rows, columns=table.column_names)
    connection.register("incoming_rows", frame)
    try:
        casts = ", ".join(f'CAST("{c.name}" AS {c.sql})' for c in table.columns)
        connection.execute(f'INSERT INTO "{table.name}" SELECT {casts} FROM incoming_rows')
    finally:
        connection.unregister("incoming_rows")


def stored_sources(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Each source's stored row (content hash, plan key, counts, files signature), by source."""
    names = [f"s.{name}" for name in SOURCES.column_names]
    rows = connection.execute(
        f"SELECT {', '.join(names)}, f.signature FROM sources s LEFT JOIN source_files f USING (source)"
    ).fetchall()
    keys = [*SOURCES.column_names, "signature"]
    return {row[0]: dict(zip(keys, row, strict=True)) for row in rows}


def remove_sources(connection: duckdb.DuckDBPyConnection, sources: Iterable[str]) -> list[str]:
    """Delete every row made from these sources; return the partitions that lost rows."""
    wanted = list(sources)
    if not wanted:
        return []
    connection.execute("CREATE OR REPLACE TEMP TABLE doomed (source VARCHAR)")
    connection.executemany("INSERT INTO doomed VALUES (?)", [[source] for source in wanted])
    partitions = {
        row[0]
        for row in connection.execute(
            "SELECT DISTINCT p.prefecture FROM plans p JOIN sources s USING (lg_code, plan_id, revision) "
            "JOIN doomed d ON d.source = s.source AND s.included "
            "UNION SELECT DISTINCT prefecture FROM problems WHERE source IN (SELECT source FROM doomed)"
        ).fetchall()
    }
    for table in PLAN_TABLES:
        connection.execute(
            f'DELETE FROM "{table.name}" t USING sources s, doomed d '
            "WHERE d.source = s.source AND s.included AND t.lg_code = s.lg_code "
            "AND t.plan_id = s.plan_id AND t.revision = s.revision"
        )
    connection.execute("DELETE FROM problems WHERE source IN (SELECT source FROM doomed)")
    connection.execute("DELETE FROM sources WHERE source IN (SELECT source FROM doomed)")
    connection.execute("DELETE FROM source_files WHERE source IN (SELECT source FROM doomed)")
    connection.execute("DROP TABLE doomed")
    return sorted(partitions)


def keep_signatures(connection: duckdb.DuckDBPyConnection, rows: list[tuple[str, str]]) -> None:
    """(source, files signature) of folders read now."""
    if rows:
        connection.executemany("INSERT OR REPLACE INTO source_files VALUES (?, ?)", rows)


def keep_catalogues(
    connection: duckdb.DuckDBPyConnection, catalogues: list[tuple], entries: list[tuple]
) -> None:
    """Add catalogues not yet known (a catalogue's id names one version: the first kept)."""
    known = {row[0] for row in connection.execute("SELECT catalogue_id FROM catalogues").fetchall()}
    new = {row[0]: row for row in catalogues if row[0] not in known}
    insert_rows(connection, CATALOGUES, list(new.values()))
    insert_rows(connection, CATALOGUE_ENTRIES, [row for row in entries if row[0] in new])


def drop_unused_catalogues(connection: duckdb.DuckDBPyConnection) -> None:
    """Forget catalogues that are not bundled and that no plan refers to any more."""
    from generator.catalogue import load_bundled_catalogue, load_bundled_references

    bundled = [load_bundled_catalogue().catalogue.id, *(c.id for c in load_bundled_references())]
    kept = "SELECT DISTINCT catalogue_id FROM measure_refs UNION SELECT UNNEST(?::VARCHAR[])"
    connection.execute(
        f"DELETE FROM catalogue_entries WHERE catalogue_id NOT IN ({kept})", [bundled]
    )
    connection.execute(f"DELETE FROM catalogues WHERE catalogue_id NOT IN ({kept})", [bundled])


def fill_reference_data(connection: duckdb.DuckDBPyConnection) -> None:
    """The code list (bodies) and the bundled catalogues, written afresh at each run."""
    from generator.aggregate.rows import catalogue_rows, national_catalogue_rows
    from generator.catalogue import load_bundled_catalogue, load_bundled_references

    fill_bodies(connection)
    national = national_catalogue_rows(load_bundled_catalogue())
    references = [catalogue_rows(catalogue) for catalogue in load_bundled_references()]
    for info, entries in [national, *references]:
        connection.execute("DELETE FROM catalogue_entries WHERE catalogue_id = ?", [info[0]])
        connection.execute("DELETE FROM catalogues WHERE catalogue_id = ?", [info[0]])
        insert_rows(connection, CATALOGUES, [info])
        insert_rows(connection, CATALOGUE_ENTRIES, entries)


def plan_keys(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, str], str]:
    """(lg_code, plan_id, revision) → the source it was read from, for every plan included."""
    rows = connection.execute(
        "SELECT lg_code, plan_id, revision, source FROM sources WHERE included"
    ).fetchall()
    return {(lg_code, plan_id, revision): source for lg_code, plan_id, revision, source in rows}


def replace_manifest_problems(connection: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """The manifest's own problems (rows of no source), replacing those of the previous run."""
    connection.execute("DELETE FROM problems WHERE source NOT IN (SELECT source FROM sources)")
    insert_rows(connection, PROBLEMS, rows)


def fill_bodies(connection: duckdb.DuckDBPyConnection) -> None:
    """The code list's prefectures and municipalities (the denominators), written afresh."""
    from generator.municipalities import load_code_list

    codes = load_code_list()
    rows = []
    for body in codes.bodies.values():
        if body.kind == "ward":
            continue
        prefecture = codes.prefecture_of(body)
        rows.append((body.code, body.kind, body.name, body.reading, body.code[:2], prefecture.name))
    connection.execute("DELETE FROM bodies")
    insert_rows(connection, BODIES, rows)
