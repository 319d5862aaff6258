"""`dataplan kpi import` (F13): normalise the rows read from files, check them, merge into kpi/.

Pure functions return rows and problems; only `apply_import` writes. The merge
never overwrites silently: a different value (or comment) for a (KPI, quarter)
already recorded is a conflict, applied only with `replace=True`, and then the old
row goes to kpi/history.csv. Importing the same file twice changes nothing.

`run_import` reads kpi/, merges and writes under the lock of kpi/, and writes actuals
and history in one step (kpi/transaction.py); any problem reading either table
refuses the write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import replace as replace_row
from pathlib import Path

from generator.kpi.normalise import (
    clean_note,
    clean_text,
    is_blank,
    normalise_quarter,
    normalise_review_time,
    normalise_timestamp,
    normalise_value,
    same_text,
    same_value,
)
from generator.kpi.store import TEXT_LIMIT, ActualRow, HistoryRow, KpiTables, read_tables
from generator.kpi.table_reader import TableRow, read_table_file
from generator.kpi.transaction import JournalError, KpiBusy, commit, kpi_lock
from generator.layout import ACTUALS_FILE
from generator.model import Kpi
from generator.model.plan import Period
from generator.problems import Problem, Severity, make_problem
from generator.project import PlanProject
from generator.rules import quarter_time_problems
from generator.suggest import did_you_mean

SOURCE_PREFIX = "import:"
NOTE_PREVIEW = 24


@dataclass(frozen=True)
class Incoming:
    """A row ready to record, and the table row it came from."""

    row: ActualRow
    origin: TableRow


@dataclass(frozen=True)
class Conflict:
    """An incoming row whose value or comment differs from what is recorded."""

    old: ActualRow
    new: Incoming


@dataclass
class ImportPlan:
    """What an import would do: rows to add, rows already there, conflicts, and the problems met."""

    existing: list[ActualRow]
    added: list[Incoming] = field(default_factory=list)
    unchanged: list[Incoming] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    replace: bool = False
    writable: bool = True  # False when kpi/actuals.csv or kpi/history.csv could not be read whole
    tables: KpiTables | None = None  # both tables as read, for the write

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity is Severity.ERROR]

    @property
    def replaced(self) -> list[Conflict]:
        return self.conflicts if self.replace else []

    @property
    def changes_anything(self) -> bool:
        return self.writable and bool(self.added or self.replaced)


def normalise_rows(
    project: PlanProject, rows: Iterable[TableRow], *, by: str = "", today: dt.date
) -> tuple[list[Incoming], list[Problem]]:
    """Check and normalise table rows; a row with any problem is left out (and reported)."""
    kpis = {kpi.id: kpi for _, kpi in project.kpis_by_id().values()}
    incoming: list[Incoming] = []
    problems: list[Problem] = []
    for table_row in rows:
        result, row_problems = _normalise_row(
            table_row, kpis, project.meta.known_period, project.yearly, by=by, today=today
        )
        problems.extend(row_problems)
        if result is not None:
            incoming.append(result)
    kept, duplicates = _without_duplicates(incoming)
    return kept, problems + duplicates


def read_incoming(
    project: PlanProject, paths: Iterable[Path], *, by: str = "", today: dt.date
) -> tuple[list[Incoming], list[Problem]]:
    """Read every file and normalise its rows."""
    rows: list[TableRow] = []
    problems: list[Problem] = []
    for path in paths:
        file_rows, file_problems = read_table_file(Path(path))
        rows.extend(file_rows)
        problems.extend(file_problems)
    incoming, row_problems = normalise_rows(project, rows, by=by, today=today)
    return incoming, problems + row_problems


def merge(
    project: PlanProject, existing: list[ActualRow], incoming: Iterable[Incoming], *, replace: bool
) -> ImportPlan:
    """Compare incoming rows with the recorded ones: added, unchanged, or conflicting."""
    kpis = {kpi.id: kpi for _, kpi in project.kpis_by_id().values()}
    recorded = {recorded_key(row): row for row in existing}
    plan = ImportPlan(existing=list(existing), replace=replace)
    for item in incoming:
        old = recorded.get(item.row.key)
        if old is None:
            plan.added.append(item)
        elif _same(kpis.get(old.kpi_id), old, item.row):
            plan.unchanged.append(item)
        else:
            plan.conflicts.append(Conflict(old, item))
            if not replace:
                plan.problems.append(
                    item.origin.problem(
                        "E-import-conflict",
                        "value",
                        id=old.kpi_id,
                        quarter=old.quarter,
                        old=describe(old),
                        new=describe(item.row),
                    )
                )
    return plan


def prepare_import(
    project: PlanProject,
    paths: Iterable[Path],
    *,
    by: str = "",
    replace: bool = False,
    today: dt.date,
) -> ImportPlan:
    """Everything `kpi import` would do, without writing: read, normalise, merge."""
    tables = read_tables(project.root)
    incoming, problems = read_incoming(project, paths, by=by, today=today)
    plan = merge(project, tables.actuals, incoming, replace=replace)
    plan.problems[:0] = tables.problems + problems
    plan.writable = not tables.problems
    plan.tables = tables
    return plan


def run_import(
    project: PlanProject,
    paths: Iterable[Path],
    *,
    by: str = "",
    replace: bool = False,
    dry_run: bool = False,
    today: dt.date,
) -> ImportPlan:
    """`kpi import`: prepare, and unless `dry_run` apply, holding the lock of kpi/ in between.

    Raises OSError when kpi/ cannot be written (nothing is then replaced).
    """
    paths = list(paths)
    if dry_run:
        return prepare_import(project, paths, by=by, replace=replace, today=today)
    try:
        with kpi_lock(project.root):
            plan = prepare_import(project, paths, by=by, replace=replace, today=today)
            apply_import(project.root, plan, by=by, today=today)
            return plan
    except (KpiBusy, JournalError) as error:
        plan = prepare_import(project, paths, by=by, replace=replace, today=today)
        plan.problems.insert(0, _lock_problem(error))
        plan.writable = False
        return plan


def _lock_problem(error: Exception) -> Problem:
    if isinstance(error, KpiBusy):
        return make_problem("E-kpi-busy", ACTUALS_FILE)
    return make_problem("E-kpi-journal", "kpi/.journal", reason=str(error))


def apply_import(root: Path, plan: ImportPlan, *, by: str = "", today: dt.date) -> None:
    """Write the plan's additions and replacements to kpi/ in one step; nothing when nothing changes.

    Call with the lock of kpi/ held, on a plan prepared under that lock (run_import).
    """
    if not plan.changes_anything or plan.tables is None:
        return
    replaced_keys = {recorded_key(conflict.old) for conflict in plan.replaced}
    kept = [row for row in plan.existing if recorded_key(row) not in replaced_keys]
    new_rows = [item.row for item in plan.added] + [
        replace_row(conflict.new.row, extra=conflict.old.extra) for conflict in plan.replaced
    ]
    stamp = today.isoformat()
    history = [
        HistoryRow(old, stamp, by or conflict.new.row.recorded_by)
        for conflict in plan.replaced
        for old in plan.existing
        if recorded_key(old) == recorded_key(conflict.old)
    ]
    commit(root, plan.tables.files([*kept, *new_rows], history))


def recorded_key(row: ActualRow) -> tuple[str, str]:
    """(KPI id, quarter) of a recorded row, with the time canonical (`2025q2` → `2025Q2`; a 年度 as is)."""
    review = row.period
    if review is None:
        quarter, _ = normalise_quarter(row.quarter)
        return (row.kpi_id, str(quarter) if quarter else row.quarter)
    return (row.kpi_id, str(review))


def describe(row: ActualRow) -> str:
    """A value as shown in the diff: `85`, or `（数値なし）「説明…」`, with the comment if any."""
    value = row.value or "（数値なし）"
    if not row.note:
        return value
    note = row.note.replace("\n", " ")
    note = note if len(note) <= NOTE_PREVIEW else note[: NOTE_PREVIEW - 1] + "…"
    return f"{value}「{note}」"


def diff_lines(plan: ImportPlan) -> list[str]:
    """The diff the import applies (or would apply), one line per added or conflicting row."""
    lines = [
        f"+ {item.row.kpi_id} {item.row.quarter}: {describe(item.row)}  [{item.origin.where('value')}]"
        for item in plan.added
    ]
    for conflict in plan.conflicts:
        mark = "~" if plan.replace else "!"
        old, new = conflict.old, conflict.new
        lines.append(
            f"{mark} {old.kpi_id} {old.quarter}: {describe(old)} → {describe(new.row)}  [{new.origin.where('value')}]"
        )
    return lines


def summary_line(plan: ImportPlan, *, dry_run: bool) -> str:
    replaced = len(plan.replaced)
    held = len(plan.conflicts) - replaced
    text = f"追加 {len(plan.added)} 件、置き換え {replaced} 件、変更なし {len(plan.unchanged)} 件、取り込まない食い違い {held} 件"
    if dry_run:
        return f"{text}（--dry-run のため何も書き込んでいません）"
    if not plan.writable:
        return f"{text}（kpi/ の actuals.csv か history.csv に上の問題があるため、何も書き込んでいません）"
    return text


def _normalise_row(
    table_row: TableRow,
    kpis: dict[str, Kpi],
    period: Period | None,
    yearly: bool,
    *,
    by: str,
    today: dt.date,
) -> tuple[Incoming | None, list[Problem]]:
    """The row to add (None when it has an error) and the row's problems, warnings included."""
    cells = table_row.cells
    note = clean_note(cells.get("note"))
    raw_value = cells.get("value")
    if is_blank(raw_value) and not note:
        return None, []  # nothing typed for this KPI: not measured this quarter
    kpi_id = clean_text(cells.get("kpi_id"))
    if not kpi_id:
        return None, [table_row.problem("E-import-no-kpi-id", "kpi_id")]
    kpi = kpis.get(kpi_id)
    if kpi is None:
        return None, [
            table_row.problem(
                "E-import-unknown-kpi", "kpi_id", hint=did_you_mean(kpi_id, kpis), id=kpi_id
            )
        ]
    problems: list[Problem] = []
    recorded_by = clean_text(cells.get("recorded_by"))
    for name, what, text in (("note", "実績の説明", note), ("recorded_by", "記入者", recorded_by)):
        if len(text) > TEXT_LIMIT:
            problems.append(
                table_row.problem(
                    "E-text-too-long", name, what=what, length=len(text), limit=TEXT_LIMIT
                )
            )
    value, why = normalise_value(kpi, raw_value, percent_formatted=table_row.percent_formatted)
    if why:
        problems.append(
            table_row.problem("E-import-value", "value", id=kpi.id, name=kpi.name, detail=why)
        )
    review, why = normalise_review_time(cells.get("quarter"), yearly=yearly)
    if review is None:
        problems.append(table_row.problem("E-import-quarter", "quarter", detail=why))
    else:
        what = f"KPI「{kpi.id}」の実績"
        for code, values, hint in quarter_time_problems(period, review, what, today):
            problems.append(table_row.problem(code, "quarter", hint=hint, **values))
    recorded_at, why = normalise_timestamp(cells.get("recorded_at"))
    if why:
        problems.append(table_row.problem("E-import-date", "recorded_at", detail=why))
    if any(problem.severity is Severity.ERROR for problem in problems) or review is None:
        return None, problems
    row = ActualRow(
        kpi_id=kpi.id,
        quarter=str(review),
        value=value or "",
        note=note,
        recorded_by=recorded_by or by,
        recorded_at=recorded_at or today.isoformat(),
        source=f"{SOURCE_PREFIX}{table_row.file}",
    )
    return Incoming(row, table_row), problems


def _without_duplicates(incoming: list[Incoming]) -> tuple[list[Incoming], list[Problem]]:
    """Rows for the same (KPI, quarter): identical ones collapse; differing ones are all left out."""
    first_seen: dict[tuple[str, str], Incoming] = {}
    clashing: set[tuple[str, str]] = set()
    problems: list[Problem] = []
    for item in incoming:
        seen = first_seen.get(item.row.key)
        if seen is None:
            first_seen[item.row.key] = item
        elif seen.row.value != item.row.value or not same_text(seen.row.note, item.row.note):
            clashing.add(item.row.key)
            problems.append(
                item.origin.problem(
                    "E-import-duplicate",
                    "value",
                    id=item.row.kpi_id,
                    quarter=item.row.quarter,
                    other=f"{describe(seen.row)} [{seen.origin.where('value')}]",
                )
            )
    return [item for key, item in first_seen.items() if key not in clashing], problems


def _same(kpi: Kpi | None, old: ActualRow, new: ActualRow) -> bool:
    """Same value, and the same comment unless the new row has none (a blank keeps the old one)."""
    return same_value(kpi, old.value, new.value) and (not new.note or same_text(old.note, new.note))
