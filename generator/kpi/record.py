"""Record one KPI actual in kpi/actuals.csv (`dataplan kpi record`).

Never overwrites silently: an existing value for the same (KPI, quarter) is only
replaced when asked, and the old row then moves to kpi/history.csv first, so a
crash between the two writes leaves the old value in both files, never in none.

The request is checked by the same rules as `validate` and `kpi import` (the
quarter as people write it, its place in the plan period, the value's fit to
the KPI), and bad input comes back as Problems with the same codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from generator.kpi.normalise import clean_note, normalise_review_time, same_text
from generator.kpi.store import TEXT_LIMIT, ActualRow, HistoryRow, read_tables
from generator.kpi.transaction import JournalError, KpiBusy, commit, kpi_lock
from generator.kpi.values import format_number, stored_number, stored_value
from generator.labels import KPI_KIND_LABELS
from generator.layout import ACTUALS_FILE
from generator.model.kpi import Kpi, KpiKind
from generator.problems import Problem, Severity, make_problem
from generator.project import PlanProject
from generator.quarters import ReviewPeriod, read_review_period
from generator.rules import quarter_time_problems, value_misfit
from generator.suggest import did_you_mean

SOURCE = "dataplan kpi record"


WHERE = "dataplan kpi record"  # problems in the request are located at the command line


@dataclass(frozen=True)
class RecordRequest:
    kpi_id: str
    quarter: str
    value: str
    note: str = ""
    recorded_by: str = ""
    replace: bool = False
    recorded_at: dt.date | None = None  # when the value was really recorded (default: today)


@dataclass(frozen=True)
class RecordOutcome:
    """What was recorded (None when refused), and every problem met, warnings included."""

    row: ActualRow | None
    replaced: ActualRow | None = None
    unchanged: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.row is None

    def message(self) -> str:
        row = self.row
        if row is None:
            return "記録しませんでした。上の問題を直してください。"
        shown = row.value or "（文章のみ）"
        review = row.period
        where = f"KPI「{row.kpi_id}」の {review.label if review else row.quarter}"
        if self.unchanged:
            return f"{where}はすでに {shown} です。変更はありません。"
        if self.replaced:
            old = self.replaced.value or "（文章のみ）"
            return f"{where}を {old} から {shown} に置き換えました（前の値は kpi/history.csv に残しました）。"
        return f"{where}に {shown} を記録しました。"


def record_actual(project: PlanProject, request: RecordRequest, *, today: dt.date) -> RecordOutcome:
    """Check the request against the plan and write it; problems refuse the write.

    The read-modify-write of kpi/ holds its lock, and any problem reading either
    table (actuals or history) refuses the write, so history is never thrown away.
    """
    kpi, problems = _kpi(project, request.kpi_id)
    review, review_problems = _review(project, request.quarter, kpi, today)
    problems += review_problems
    recorded_at = request.recorded_at or today
    if recorded_at > today:
        problems.append(
            make_problem(
                "E-recorded-at-future", WHERE, date=recorded_at.isoformat(), today=today.isoformat()
            )
        )
    note = clean_note(request.note)
    problems += _length_problems(note, request.recorded_by.strip())
    value, value_problems = _value(kpi, request.value.strip(), note)
    problems += value_problems
    if kpi is None or review is None or value is None or _has_errors(problems):
        return RecordOutcome(None, problems=problems)
    stored = str(review)
    row = ActualRow(
        kpi.id, stored, value, note, request.recorded_by.strip(), recorded_at.isoformat(), SOURCE
    )
    try:
        with kpi_lock(project.root):
            return _record(project, row, request, problems, today)
    except KpiBusy:
        return RecordOutcome(None, problems=[*problems, make_problem("E-kpi-busy", ACTUALS_FILE)])
    except JournalError as error:
        problem = make_problem("E-kpi-journal", "kpi/.journal", reason=str(error))
        return RecordOutcome(None, problems=[*problems, problem])


def _record(
    project: PlanProject,
    row: ActualRow,
    request: RecordRequest,
    problems: list[Problem],
    today: dt.date,
) -> RecordOutcome:
    tables = read_tables(project.root)
    problems = problems + tables.problems
    if _has_errors(problems):
        return RecordOutcome(None, problems=problems)
    rows = tables.actuals
    existing = next(
        (r for r in rows if r.kpi_id == row.kpi_id and _same_time(r.quarter, row.quarter)), None
    )
    replaced: list[HistoryRow] = []
    if existing is not None:
        if existing.value == row.value and same_text(existing.note, row.note):
            return RecordOutcome(existing, unchanged=True, problems=problems)
        if not request.replace:
            who = "、".join(part for part in (existing.recorded_by, existing.recorded_at) if part)
            problems.append(
                make_problem(
                    "E-record-exists",
                    WHERE,
                    id=row.kpi_id,
                    quarter=row.quarter,
                    value=existing.value or "（文章のみ）",
                    who=f"（{who} 記録）" if who else "",
                )
            )
            return RecordOutcome(None, problems=problems)
        replaced.append(
            HistoryRow(replace(existing, line=0), today.isoformat(), request.recorded_by.strip())
        )
        rows = [r for r in rows if r is not existing]
        row = replace(row, extra=existing.extra)
    commit(project.root, tables.files([*rows, row], replaced))
    return RecordOutcome(row, replaced=existing, problems=problems)


def _length_problems(note: str, recorded_by: str) -> list[Problem]:
    return [
        make_problem("E-text-too-long", WHERE, what=what, length=len(text), limit=TEXT_LIMIT)
        for what, text in (("実績の説明（--note）", note), ("記録者（--by）", recorded_by))
        if len(text) > TEXT_LIMIT
    ]


def _has_errors(problems: list[Problem]) -> bool:
    return any(problem.severity is Severity.ERROR for problem in problems)


def _kpi(project: PlanProject, kpi_id: str) -> tuple[Kpi | None, list[Problem]]:
    kpis = project.kpis_by_id()
    if kpi_id not in kpis:
        hint = (
            did_you_mean(kpi_id, kpis)
            or "KPI の id は measures/ の各施策の kpis に書かれています。"
        )
        return None, [make_problem("E-unknown-kpi", WHERE, hint=hint, id=kpi_id)]
    return kpis[kpi_id][1], []


def _review(
    project: PlanProject, text: str, kpi: Kpi | None, today: dt.date
) -> tuple[ReviewPeriod | None, list[Problem]]:
    """(review, problems): a yearly plan records a 年度 as well as a quarter."""
    review, why = normalise_review_time(text, yearly=project.yearly)
    if review is None:
        return None, [make_problem("E-quarter-format", WHERE, hint=f"{why}。", found=text)]
    what = f"KPI「{kpi.id if kpi else ''}」の実績"
    found = quarter_time_problems(project.meta.known_period, review, what, today)
    problems = [
        make_problem(code, WHERE, 0, 0, hint=hint, **values) for code, values, hint in found
    ]
    return review, problems


def _value(kpi: Kpi | None, text: str, note: str) -> tuple[str | None, list[Problem]]:
    """The canonical stored text of a value; empty with a note is a narrative 実績."""
    if kpi is None:
        return None, []
    if not text:
        if not note:
            return None, [make_problem("E-actual-empty", WHERE, id=kpi.id, quarter="")]
        return "", []
    why = value_misfit(kpi, stored_value(kpi, text))
    if why:
        problem = make_problem(
            "E-kpi-value-kind",
            WHERE,
            id=kpi.id,
            what="実績値",
            found=text,
            kind=KPI_KIND_LABELS[kpi.kind],
            why=why,
        )
        return None, [problem]
    if kpi.kind is KpiKind.MILESTONE:
        return text, []
    number = stored_number(text)
    return (text if number is None else format_number(number)), []


def _same_time(text: str, stored: str) -> bool:
    """Whether a stored row's time is `stored` (2025Q2 or a 年度 2024), as people may have typed it."""
    written, kept = read_review_period(text), read_review_period(stored)
    return written is not None and written == kept
