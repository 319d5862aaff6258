"""`dataplan aggregate`: read many plans, one at a time, into the aggregate's database and files.

For each source of the manifest (or folder): its content hash decides whether it is
read at all; a changed plan is loaded and validated by the same loader as
`dataplan validate`, reduced to its public view and turned into rows (rows.py). A
plan with errors is recorded with its problems and left out; it never stops the
others. Rows are written in batches (one transaction each), then the Parquet and
CSV files of the prefectures that changed are rewritten and swapped in (exports.py).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.aggregate import database
from generator.aggregate.manifest import PlanSource, read_sources
from generator.aggregate.rows import PlanKey, PlanRows, partition_of, plan_rows, plan_status
from generator.aggregate.sources import SourceState, SourceUnavailable, plan_folder, source_state
from generator.aggregate.tables import PLAN_TABLES, PROBLEMS, SOURCES, UNKNOWN_PARTITION
from generator.layout import PLAN_DIR, PLAN_FILE
from generator.model.dates import parse_partial_date
from generator.problem_codes import PROBLEM_CODES
from generator.problems import Problem, Report, make_problem
from generator.project import PlanProject

CACHE_DIR = ".cache"
BATCH_ROWS = 50_000  # rows buffered before a batch is committed
READ_AHEAD = 4  # plans each worker may read ahead of the writer
WORKERS_FROM = 40  # fewer plans to read are read in this process (starting workers costs ~1 s)


@dataclass
class Loaded:
    """What reading one source gave: its rows (None when it has errors) and its problems.

    Once committed, `included` says whether the plan is in the aggregate, `key` which
    plan it is, and the rows are let go (one plan's rows in memory at a time, a batch's
    until it is committed).
    """

    source: PlanSource
    state: SourceState | None
    rows: PlanRows | None
    problems: list[Problem]
    key: PlanKey | None = None
    included: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity.value == "error"]

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.rows.tables.values()) if self.rows else 1


@dataclass
class RunSummary:
    """What a run did: plans read, unchanged, left out (with problems), removed; timings."""

    sources: int = 0
    read: list[Loaded] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    manifest_problems: list[Problem] = field(default_factory=list)
    changed_partitions: list[str] = field(default_factory=list)
    included: int = 0  # plans in the aggregate after the run
    left_out: int = 0  # sources whose plan is not in it (errors), read now or before
    seconds: float = 0.0

    @property
    def broken(self) -> list[Loaded]:
        return [item for item in self.read if not item.included]


Echo = Callable[[Loaded], None]


def run_aggregate(
    location: Path,
    out: Path,
    *,
    today: dt.date,
    jobs: int = 1,
    on_plan: Echo | None = None,
) -> RunSummary:
    """Aggregate the plans listed at `location` into the folder `out` (see the module docstring).

    Raises FileNotFoundError / NotADirectoryError for a location that lists no plans,
    database.AggregateBusy when another run holds `out`.
    """
    from generator.aggregate.exports import write_exports

    started = time.perf_counter()
    sources, manifest_problems = read_sources(location)
    summary = RunSummary(sources=len(sources), manifest_problems=manifest_problems)
    cache = out / CACHE_DIR
    with database.writing(out) as connection:
        database.fill_reference_data(connection)
        stored = database.stored_sources(connection)
        listed = {source.source for source in sources}
        gone = [name for name in stored if name not in listed]
        changed = set(database.remove_sources(connection, gone))
        summary.removed = gone
        todo: list[tuple[PlanSource, SourceState]] = []
        for source in sources:
            previous = stored.get(source.source)
            known = (previous["signature"], previous["content_hash"]) if previous else None
            try:
                state = source_state(source, cache, known if known and all(known) else None)
            except SourceUnavailable as error:
                summary.read.append(_unavailable(source, str(error)))
                continue
            if previous is not None and previous["content_hash"] == state.content_hash:
                summary.unchanged += 1
                continue
            todo.append((source, state))
        batch = list(summary.read)
        buffered = len(batch)
        for loaded in _load_all(todo, cache, today, jobs):
            summary.read.append(loaded)
            batch.append(loaded)
            buffered += loaded.row_count
            if buffered >= BATCH_ROWS:
                changed |= _commit(connection, batch, on_plan)
                batch, buffered = [], 0
        changed |= _commit(connection, batch, on_plan)
        changed |= _refresh_statuses(connection, today)
        database.replace_manifest_problems(connection, _manifest_rows(manifest_problems))
        database.drop_unused_catalogues(connection)
        summary.included, summary.left_out = connection.execute(
            "SELECT count(*) FILTER (included), count(*) FILTER (NOT included) FROM sources"
        ).fetchone() or (0, 0)
        write_exports(connection, out, changed)
    summary.changed_partitions = sorted(changed)
    summary.seconds = time.perf_counter() - started
    return summary


def _load_all(
    todo: list[tuple[PlanSource, SourceState]], cache: Path, today: dt.date, jobs: int
) -> Iterator[Loaded]:
    """Each source read in turn, in order (in `jobs` worker processes when more than one).

    At most a few plans per worker are read ahead of the one being written, so memory
    stays that of a few plans however many there are.
    """
    arguments = [(source, state, cache, today) for source, state in todo]
    if jobs <= 1 or len(arguments) < WORKERS_FROM:
        yield from (load_source(*item) for item in arguments)
        return
    # forkserver: workers start from a fresh process, not a copy of one holding the database.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["generator.aggregate.run"])
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        waiting: deque[Future[Loaded]] = deque()
        for item in arguments:
            waiting.append(pool.submit(load_source, *item))
            if len(waiting) >= READ_AHEAD * jobs:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


def load_source(source: PlanSource, state: SourceState, cache: Path, today: dt.date) -> Loaded:
    """Load, validate and turn one plan into rows; a plan with errors gives its problems only."""
    from generator.validate import NotAPlanFolder, validate_plan

    try:
        with plan_folder(source, state, cache) as folder:
            try:
                result = validate_plan(folder, today=today)
            except NotAPlanFolder:
                return _unavailable(
                    source, "計画のフォルダではありません（plan/ がありません）", state
                )
            report = result.report
            project = result.project
            if project is not None and source.lg_code and project.meta.lg_code != source.lg_code:
                report.extend([_code_mismatch(source, project)])
            if project is None or report.errors:
                return Loaded(source, state, None, report.sorted())
            rows = plan_rows(project, source=source.source, site_url=source.site, today=today)
            return Loaded(source, state, rows, report.sorted())
    except SourceUnavailable as error:
        return _unavailable(source, str(error), state)


def _code_mismatch(source: PlanSource, project: PlanProject) -> Problem:
    where = f"{PLAN_DIR}/{PLAN_FILE}"
    document = project.sources.documents.get(where)
    line, column = document.position(("lg_code",)) if document else (0, 0)
    return make_problem(
        "E-aggregate-lg-code",
        where,
        line,
        column,
        source=source.source,
        found=project.meta.lg_code,
        expected=source.lg_code,
    )


def _unavailable(source: PlanSource, reason: str, state: SourceState | None = None) -> Loaded:
    where = source.manifest or source.source
    problem = make_problem(
        "E-aggregate-source",
        where,
        source.line,
        source.column,
        source=source.source,
        reason=reason,
    )
    return Loaded(source, state, None, [problem])


def _commit(connection, batch: list[Loaded], on_plan: Echo | None) -> set[str]:
    """One transaction: the batch's sources lose their old rows and get their new ones.

    Afterwards each item knows whether it is included, its rows are let go, and
    `on_plan` is told about it.
    """
    if not batch:
        return set()
    connection.execute("BEGIN TRANSACTION")
    try:
        changed = set(database.remove_sources(connection, [item.source.source for item in batch]))
        tables: dict[str, list[tuple]] = {table.name: [] for table in PLAN_TABLES}
        catalogues: list[tuple] = []
        entries: list[tuple] = []
        problem_rows: list[tuple] = []
        source_rows: list[tuple] = []
        taken: dict[tuple[str, str, str], str] = database.plan_keys(connection)
        for item in batch:
            if item.rows is not None:
                key = item.rows.key
                other = taken.get((key.lg_code, key.plan_id, key.revision))
                if other is not None and other != item.source.source:
                    item.problems.append(_duplicate(item.source, key, other))
                    item.rows = None
                else:
                    taken[(key.lg_code, key.plan_id, key.revision)] = item.source.source
            if item.rows is not None:
                for name, rows in item.rows.tables.items():
                    tables[name] += rows
                catalogues += item.rows.catalogues
                entries += item.rows.catalogue_entries
                changed.add(item.rows.key.partition)
                item.key, item.included = item.rows.key, True
            item.rows = None
            problems = _problem_rows(item)
            problem_rows += problems
            source_rows.append(_source_row(item))
            changed |= {row[0] for row in problems}
        for table in PLAN_TABLES:
            database.insert_rows(connection, table, tables[table.name])
        database.keep_catalogues(connection, catalogues, entries)
        database.insert_rows(connection, PROBLEMS, problem_rows)
        database.insert_rows(connection, SOURCES, source_rows)
        database.keep_signatures(
            connection,
            [
                (item.source.source, item.state.signature)
                for item in batch
                if item.state is not None and item.state.signature and not _unavailable_only(item)
            ],
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    if on_plan is not None:
        for item in batch:
            on_plan(item)
    return changed


def _manifest_rows(problems: list[Problem]) -> list[tuple]:
    """The manifest's own problems as rows of the problems table (no source, no body)."""
    return [
        (
            UNKNOWN_PARTITION,
            problem.file,
            None,
            problem.file,
            problem.line,
            problem.column,
            problem.code,
            problem.severity.value,
            PROBLEM_CODES[problem.code].title,
        )
        for problem in Report(list(problems)).sorted()
    ]


def _duplicate(source: PlanSource, key: PlanKey, other: str) -> Problem:
    return make_problem(
        "E-aggregate-duplicate",
        source.manifest or source.source,
        source.line,
        source.column,
        source=source.source,
        lg_code=key.lg_code,
        plan_id=key.plan_id,
        revision=key.revision,
        other=other,
    )


def _code_of(item: Loaded) -> str | None:
    if item.key is not None:
        return item.key.lg_code
    return item.source.lg_code


def _problem_rows(item: Loaded) -> list[tuple]:
    code = _code_of(item)
    partition = partition_of(code) if code else UNKNOWN_PARTITION
    return [
        (
            partition,
            item.source.source,
            code,
            problem.file,
            problem.line,
            problem.column,
            problem.code,
            problem.severity.value,
            PROBLEM_CODES[problem.code].title,
        )
        for problem in Report(list(item.problems)).sorted()
    ]


def _source_row(item: Loaded) -> tuple:
    key = item.key
    report = Report(list(item.problems))
    return (
        item.source.source,
        item.source.kind,
        _code_of(item),
        item.state.commit if item.state else None,
        # A plan that could not be read is tried again next time: no hash is kept.
        item.state.content_hash if item.state and not _unavailable_only(item) else None,
        dt.datetime.now().isoformat(timespec="seconds"),
        key.plan_id if key else None,
        key.revision if key else None,
        item.included,
        len(report.errors),
        len(report.warnings),
    )


def _unavailable_only(item: Loaded) -> bool:
    return any(problem.code == "E-aggregate-source" for problem in item.problems)


def _refresh_statuses(connection, today: dt.date) -> set[str]:
    """Each plan's status as of `today` (a plan expires on 1 April without changing); return the partitions that changed."""
    rows = connection.execute(
        "SELECT prefecture, lg_code, plan_id, revision, adopted_on, period_start_fiscal_year, "
        "period_end, status FROM plans"
    ).fetchall()
    changed = set()
    for partition, lg_code, plan_id, revision, adopted_on, start, end, status in rows:
        adopted = parse_partial_date(adopted_on) if adopted_on else None
        now = plan_status(adopted, start, end, today)
        if now != status:
            connection.execute(
                "UPDATE plans SET status = ? WHERE lg_code = ? AND plan_id = ? AND revision = ?",
                [now, lg_code, plan_id, revision],
            )
            changed.add(partition)
    return changed


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
