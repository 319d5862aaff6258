"""Record one KPI actual in kpi/actuals.csv (`dataplan kpi record`).

Never overwrites silently: an existing value for the same (KPI, quarter) is only
replaced when asked, and the old row then moves to kpi/history.csv first, so a
crash between the two writes leaves the old value in both files, never in none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from generator.kpi.store import ActualRow, HistoryRow, append_history, read_actuals, write_actuals
from generator.kpi.values import format_number, stored_value
from generator.model.kpi import KPI_KIND_LABELS, Kpi
from generator.project import PlanProject
from generator.quarters import Quarter
from generator.suggest import did_you_mean
from generator.validate.kpi_values import value_misfit

SOURCE = "dataplan kpi record"


class RecordError(ValueError):
    """Input that cannot be recorded; the message (Japanese) says what and how to fix it."""


@dataclass(frozen=True)
class RecordRequest:
    kpi_id: str
    quarter: str
    value: str
    note: str = ""
    recorded_by: str = ""
    replace: bool = False


@dataclass(frozen=True)
class RecordOutcome:
    row: ActualRow
    replaced: ActualRow | None = None
    unchanged: bool = False

    def message(self) -> str:
        row = self.row
        shown = row.value or "（文章のみ）"
        where = f"KPI「{row.kpi_id}」の {Quarter.parse(row.quarter).label}"
        if self.unchanged:
            return f"{where}はすでに {shown} です。変更はありません。"
        if self.replaced:
            old = self.replaced.value or "（文章のみ）"
            return f"{where}を {old} から {shown} に置き換えました（前の値は kpi/history.csv に残しました）。"
        return f"{where}に {shown} を記録しました。"


def record_actual(project: PlanProject, request: RecordRequest, *, today: dt.date) -> RecordOutcome:
    """Check the request against the plan and write it; raise RecordError for bad input."""
    kpi = _kpi(project, request.kpi_id)
    quarter = _quarter(project, request.quarter, today)
    value = _value(kpi, request.value.strip(), request.note.strip())
    rows, problems = read_actuals(project.root)
    if problems:
        first = problems[0]
        raise RecordError(
            f"{first.location}: {first.message} 先に kpi/actuals.csv を直してください（`dataplan validate`）。"
        )
    row = ActualRow(
        kpi.id,
        str(quarter),
        value,
        request.note.strip(),
        request.recorded_by.strip(),
        today.isoformat(),
        SOURCE,
    )
    existing = next(
        (r for r in rows if r.kpi_id == kpi.id and _same_quarter(r.quarter, quarter)), None
    )
    if existing is not None:
        if (existing.value, existing.note) == (row.value, row.note):
            return RecordOutcome(existing, unchanged=True)
        if not request.replace:
            shown = existing.value or "（文章のみ）"
            who = "、".join(part for part in (existing.recorded_by, existing.recorded_at) if part)
            raise RecordError(
                f"KPI「{kpi.id}」の {quarter} にはすでに実績 {shown} があります{f'（{who} 記録）' if who else ''}。"
                "置き換えるときは --replace を付けてください（前の値は kpi/history.csv に残ります）。"
            )
        append_history(
            project.root,
            [HistoryRow(replace(existing, line=0), today.isoformat(), request.recorded_by.strip())],
        )
        rows = [r for r in rows if r is not existing]
    write_actuals(project.root, [*rows, row])
    return RecordOutcome(row, replaced=existing)


def _kpi(project: PlanProject, kpi_id: str) -> Kpi:
    kpis = project.kpis_by_id()
    if kpi_id not in kpis:
        hint = (
            did_you_mean(kpi_id, kpis)
            or "KPI の id は measures/ の各施策の kpis に書かれています。"
        )
        raise RecordError(f"KPI「{kpi_id}」はどの施策にも定義されていません。{hint}")
    return kpis[kpi_id][1]


def _quarter(project: PlanProject, text: str, today: dt.date) -> Quarter:
    try:
        quarter = Quarter.parse(text)
    except ValueError as error:
        raise RecordError(f"{error}（Q1 は4〜6月、Q4 は翌年1〜3月）。") from None
    period = project.meta.period
    if quarter.fiscal_year < period.start_fiscal_year:
        raise RecordError(
            f"{quarter} は計画期間（{period.start_fiscal_year}〜{period.end}年度）より前です。"
        )
    if quarter.start > today:
        raise RecordError(f"{quarter.label} はまだ始まっていません（今日は {today.isoformat()}）。")
    return quarter


def _value(kpi: Kpi, text: str, note: str) -> str:
    """The canonical stored text of a value; empty with a note is a narrative 実績."""
    if not text:
        if not note:
            raise RecordError("値が空です。数値で表せない実績なら --note に文章で書いてください。")
        return ""
    value = stored_value(kpi, text)
    why = value_misfit(kpi, value)
    if why:
        raise RecordError(
            f"KPI「{kpi.id}」の実績値 {text} は{KPI_KIND_LABELS[kpi.kind]}の値として使えません: {why}。"
        )
    if isinstance(value, str):  # a milestone's level; other kinds refuse a text above
        return text
    return format_number(value)


def _same_quarter(text: str, quarter: Quarter) -> bool:
    try:
        return Quarter.parse(text) == quarter
    except ValueError:
        return False
