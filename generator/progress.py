"""Stage 4 (analyse): progress and status of each KPI at a quarter (F10).

The method, written down for users in guide/progress.md:

- Only actuals for quarters up to the evaluated quarter Q count, whenever they were
  recorded: a late entry for a past quarter changes the status of that quarter and
  of the ones after it, never of an earlier one.
- The *latest entry* up to Q decides: none → 未計測; a narrative entry (empty value
  with a note) → 実績（文章のみ）.
- Numeric KPIs: progress = (actual − baseline) ÷ (target − baseline); expected =
  the share of the quarters from the baseline to the target's due quarter that have
  ended by the *reference quarter*; ratio = progress ÷ expected. Target met → 達成;
  Q past the target's due quarter and not met → 遅れ; ratio ≥ `on_track_ratio` →
  順調, else 遅れ. Direction keep: within `keep_tolerance` of the target → 達成.
- Reference quarter: for a cumulative KPI, Q (a running total only grows, so an
  older total judged against today's expectation errs on the safe side); for a
  per-period KPI, the quarter of the actual (its value is that 年度's value).
- The target used is the one for the reference quarter's 年度, else the next later
  one, else the last. Expectation runs from the baseline's 年度 (else the plan's start,
  else, when the plan states no period, the first actual).
- What the plan does not state is not made up: a KPI without a target in the plan
  (計画に記載なし) cannot be judged (判定不可); a target without its 年度 gives 達成 when
  met and 判定不可 otherwise.
- No baseline: the first actual stands in for it (from the quarter after it); with
  a single actual, only a met target (達成) or an overdue one (遅れ) can be told.
- Milestones (qualitative levels): 遅れ when a level scheduled for a quarter up to Q
  has not been reached; 達成 when the final target level is reached (early or late
  against its due quarter, as the explanation says); 順調 otherwise.

Every function here is pure: it reads the plan model and plain rows, never files.
It returns a status, a reason code and the figures; the sentence that explains
them is written by generator/labels.py (explain), the one home of the words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum

import pandas as pd

from generator.kpi.store import ActualRow
from generator.model.common import FiscalTime
from generator.model.evaluation import Evaluation, KpiStatus
from generator.model.kpi import Accumulation, Direction, Kpi, KpiKind, Target
from generator.quarters import Quarter

FRAME_COLUMNS = ["kpi_id", "quarter", "index", "value", "number", "note"]


class Reason(StrEnum):
    """Why a KPI has its status: the words for each are in generator/labels.py (explain)."""

    TARGET_PENDING = "target_pending"
    NO_ACTUAL = "no_actual"
    NARRATIVE_ACTUAL = "narrative_actual"
    TARGET_IN_WORDS = "target_in_words"
    NO_TARGET = "no_target"
    TARGET_NOT_STATED = "target_not_stated"  # the plan gives no target (計画に記載なし)
    TARGET_TIME_NOT_STATED = "target_time_not_stated"  # a target without its 年度 in the plan
    MET_UNDATED = "met_undated"
    LEVEL_UNKNOWN = "level_unknown"
    TARGET_LEVEL_UNREADABLE = "target_level_unreadable"
    LEVEL_REACHED = "level_reached"
    LEVEL_OVERDUE = "level_overdue"
    LEVEL_UPCOMING = "level_upcoming"
    ACTUAL_NOT_NUMERIC = "actual_not_numeric"
    TARGET_NOT_NUMERIC = "target_not_numeric"
    KEPT = "kept"
    KEEP_DEVIATED = "keep_deviated"
    MET_WITHOUT_BASELINE = "met_without_baseline"
    OVERDUE_WITHOUT_BASELINE = "overdue_without_baseline"
    SINGLE_ACTUAL_WITHOUT_BASELINE = "single_actual_without_baseline"
    BASELINE_MET_KEPT = "baseline_met_kept"
    BASELINE_MET_LOST = "baseline_met_lost"
    MET = "met"
    MET_EARLY = "met_early"
    OVERDUE = "overdue"
    NOT_YET_DUE = "not_yet_due"
    ON_PACE = "on_pace"
    BEHIND_PACE = "behind_pace"


class Trend(StrEnum):
    """How the status changed since the previous quarter."""

    UNCHANGED = "unchanged"
    IMPROVED = "improved"
    WORSENED = "worsened"
    CHANGED = "changed"  # to or from a status that is no judgement (未計測, 判定不可 …)


@dataclass(frozen=True)
class KpiProgress:
    """The judgement of one KPI at one quarter, with every figure it rests on."""

    kpi_id: str
    quarter: str
    status: KpiStatus
    reason: Reason
    mark: str = ""
    mark_label: str = ""
    latest_quarter: str | None = None
    latest_value: str | None = None
    latest_note: str = ""
    value: float | None = None  # the latest numeric actual, the one judged
    reference_quarter: str | None = None  # the quarter the target and expectation are taken at
    baseline: float | None = None
    baseline_source: str | None = None  # "plan" (the KPI's baseline) or "first_actual"
    baseline_quarter: str | None = None  # the first actual's quarter, when it stands in
    target_value: float | str | None = None  # a number, or a level of a milestone KPI
    target_when: str | None = None
    progress: float | None = None
    expected: float | None = None
    ratio: float | None = None
    current_level: str | None = None  # milestone KPIs: the level reached
    reached_quarter: str | None = None  # milestone KPIs: when the final level was reached
    late_quarters: int | None = None  # milestone KPIs: quarters after (−: before) the due one
    decide_by: dt.date | None = None  # a target still to be set: by when

    def as_dict(self) -> dict:
        data = asdict(self)
        data["status"] = str(self.status)
        data["reason"] = str(self.reason)
        data["decide_by"] = self.decide_by.isoformat() if self.decide_by else None
        return data


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """One recorded actual of a KPI as evaluation reads it: when, as stored, as a number."""

    quarter: str  # as shown: 2025Q1, or 2024 for a yearly review's 年度
    index: int  # the quarter's index (a 年度 counts as its last quarter)
    value: str  # as stored: a number, a level's name, or empty (a narrative actual)
    number: float | None  # the finite number in `value`, or None
    note: str


KpiHistory = Sequence[HistoryPoint]  # one KPI's actuals, oldest first, one per quarter


def kpi_histories(rows: Iterable[ActualRow]) -> dict[str, tuple[HistoryPoint, ...]]:
    """Each KPI's actuals, oldest first; unreadable quarters left out.

    A duplicated (KPI, quarter) keeps its first row, as validation reports the second.
    This is what evaluation reads: plain values, so that judging a KPI at many
    quarters (the aggregate of many plans) costs no table operations.
    """
    found: dict[str, dict[int, HistoryPoint]] = {}
    for row in rows:
        period = row.period  # a yearly review records a 年度 ("2024")
        if period is None:
            continue
        points = found.setdefault(row.kpi_id, {})
        index = period.quarter.index
        if index not in points:
            points[index] = HistoryPoint(str(period), index, row.value, row.number, row.note)
    return {
        kpi_id: tuple(points[index] for index in sorted(points)) for kpi_id, points in found.items()
    }


def actuals_frame(rows: Iterable[ActualRow]) -> pd.DataFrame:
    """The actuals as a table: one row per (KPI, quarter), ordered; unreadable quarters left out.

    A duplicated (KPI, quarter) keeps its first row, as validation reports the second.
    """
    histories = kpi_histories(rows)
    records = [
        (kpi_id, point.quarter, point.index, point.value, point.number, point.note)
        for kpi_id in sorted(histories)
        for point in histories[kpi_id]
    ]
    frame = pd.DataFrame.from_records(records, columns=FRAME_COLUMNS)
    frame["number"] = pd.to_numeric(frame["number"], errors="coerce")
    return frame


def history_of(frame: pd.DataFrame) -> tuple[HistoryPoint, ...]:
    """Rows of `actuals_frame` (one KPI's) as the history evaluation reads."""
    return tuple(
        HistoryPoint(
            str(quarter),
            int(index),
            value,
            None if pd.isna(number) else float(number),
            note,
        )
        for quarter, index, value, number, note in zip(
            frame["quarter"],
            frame["index"],
            frame["value"],
            frame["number"],
            frame["note"],
            strict=True,
        )
    )


def latest_quarter(frame: pd.DataFrame) -> Quarter | None:
    """The latest quarter with any actual."""
    return None if frame.empty else Quarter.from_index(int(frame["index"].max()))


def due_quarter(when: FiscalTime) -> Quarter:
    """The quarter by whose end a target is due: its own quarter, or Q4 of its 年度."""
    return Quarter(when.fiscal_year, when.quarter or 4)


def target_due(target: Target) -> Quarter:
    """A dated target's due quarter (`Kpi.dated_targets` holds only targets with a time)."""
    assert target.due is not None, target
    return due_quarter(target.due)


def applicable_target(targets: list[Target], quarter: Quarter) -> Target | None:
    """The target for Q's 年度 (the first not yet due, else its last), else the next later, else the last.

    Only targets whose time the plan states take part (pass `Kpi.dated_targets`).
    """
    return _applicable(_by_due(targets), quarter)


DueTargets = list[tuple[Quarter, Target]]  # dated targets with their due quarters, in due order


def _by_due(targets: list[Target]) -> DueTargets:
    return sorted(((target_due(t), t) for t in targets), key=lambda pair: pair[0])


def _applicable(ordered: DueTargets, quarter: Quarter) -> Target | None:
    """`applicable_target` over targets already paired with their due quarters and ordered."""
    if not ordered:
        return None
    same_year = [(due, t) for due, t in ordered if due.fiscal_year == quarter.fiscal_year]
    if same_year:
        return next((t for due, t in same_year if due >= quarter), same_year[-1][1])
    return next((t for due, t in ordered if due > quarter), ordered[-1][1])


def expected_share(start: Quarter, due: Quarter, quarter: Quarter) -> float:
    """Share of the quarters from `start` to `due` (inclusive) that have ended by the end of `quarter`."""
    total = due.index - start.index + 1
    if total <= 0:
        return 1.0
    return min(max((quarter.index - start.index + 1) / total, 0.0), 1.0)


def evaluate_kpi(
    kpi: Kpi,
    history: pd.DataFrame,
    quarter: Quarter,
    plan_start: Quarter | None,
    config: Evaluation,
) -> KpiProgress:
    """Judge one KPI at `quarter` from its actuals (rows of `actuals_frame` for this KPI)."""
    return evaluate_history(kpi, history_of(history), quarter, plan_start, config)


def evaluate_history(
    kpi: Kpi,
    history: KpiHistory,
    quarter: Quarter,
    plan_start: Quarter | None,
    config: Evaluation,
) -> KpiProgress:
    """Judge one KPI at `quarter` from its actuals (its entry of `kpi_histories`)."""
    seen = [point for point in history if point.index <= quarter.index]
    base: dict = {"kpi_id": kpi.id, "quarter": str(quarter)}
    dated = _by_due(kpi.dated_targets)  # read once: every step below asks for them
    target = _applicable(dated, quarter) or next(iter(kpi.target_list), None)
    if target is not None:
        value = float(target.value) if isinstance(target.value, int | float) else target.value
        due = target.due
        base.update(target_value=value, target_when=str(due) if due else None)
    if seen:
        last = seen[-1]
        base.update(
            latest_quarter=last.quarter,
            latest_value=last.value or None,
            latest_note=last.note,
        )
    if not kpi.target_list and kpi.target_pending:
        fields = _judged(
            KpiStatus.NO_TARGET, Reason.TARGET_PENDING, decide_by=kpi.target_pending.decide_by
        )
    elif not seen:
        fields = _judged(KpiStatus.NO_DATA, Reason.NO_ACTUAL)
    elif not seen[-1].value:
        fields = _judged(KpiStatus.NARRATIVE, Reason.NARRATIVE_ACTUAL)
    elif kpi.targets_not_stated:
        fields = _judged(KpiStatus.NOT_EVALUABLE, Reason.TARGET_NOT_STATED)
    elif not kpi.target_list:
        why = Reason.TARGET_IN_WORDS if kpi.target_text else Reason.NO_TARGET
        fields = _judged(KpiStatus.NOT_EVALUABLE, why)
    elif not dated:
        fields = _undated(kpi, seen, kpi.target_list[-1], config)
    elif kpi.kind is KpiKind.MILESTONE:
        fields = _milestone(kpi, seen, quarter)
    else:
        fields = _numeric(kpi, seen, quarter, plan_start, config, dated)
    rule = config.mark_for(fields["status"], kpi.kind, fields.get("ratio"))
    return KpiProgress(**{**base, **fields}, mark=rule.mark, mark_label=rule.label)


def _judged(status: KpiStatus, reason: Reason, **figures: object) -> dict:
    return {"status": status, "reason": reason, **figures}


def _numeric(
    kpi: Kpi,
    seen: list[HistoryPoint],
    quarter: Quarter,
    plan_start: Quarter | None,
    config: Evaluation,
    dated: DueTargets,
) -> dict:
    numeric = [(point, number) for point in seen if (number := point.number) is not None]
    if not numeric:
        return _judged(KpiStatus.NOT_EVALUABLE, Reason.ACTUAL_NOT_NUMERIC)
    value = numeric[-1][1]
    measured = Quarter.from_index(numeric[-1][0].index)
    reference_quarter = quarter if kpi.accumulation is Accumulation.CUMULATIVE else measured
    target = _applicable(dated, reference_quarter)
    if target is None or not isinstance(target.value, int | float):
        return _judged(KpiStatus.NOT_EVALUABLE, Reason.TARGET_NOT_NUMERIC)
    target_number = float(target.value)
    due = target_due(target)
    figures: dict = {
        "value": value,
        "reference_quarter": str(reference_quarter),
        "target_value": target_number,
        "target_when": str(target.due),
    }
    if kpi.direction is Direction.KEEP:
        if abs(value - target_number) <= config.keep_tolerance * abs(target_number):
            return _judged(KpiStatus.ACHIEVED, Reason.KEPT, **figures)
        return _judged(KpiStatus.BEHIND, Reason.KEEP_DEVIATED, **figures)

    increase = kpi.direction is Direction.INCREASE
    met = value >= target_number if increase else value <= target_number
    overdue = quarter > due and not met
    reference = _reference(kpi, numeric, plan_start)
    if reference is None:
        if met:
            return _judged(KpiStatus.ACHIEVED, Reason.MET_WITHOUT_BASELINE, **figures)
        if overdue:
            return _judged(KpiStatus.BEHIND, Reason.OVERDUE_WITHOUT_BASELINE, **figures)
        return _judged(KpiStatus.NOT_EVALUABLE, Reason.SINGLE_ACTUAL_WITHOUT_BASELINE, **figures)
    baseline, start, source = reference
    figures.update(baseline=baseline, baseline_source=source)
    if source == "first_actual":
        figures.update(baseline_quarter=numeric[0][0].quarter)

    def judged(status: KpiStatus, reason: Reason) -> dict:
        return _judged(status, reason, **figures)

    if (baseline >= target_number) if increase else (baseline <= target_number):
        if met:
            return judged(KpiStatus.ACHIEVED, Reason.BASELINE_MET_KEPT)
        return judged(KpiStatus.BEHIND, Reason.BASELINE_MET_LOST)

    progress = (value - baseline) / (target_number - baseline)
    expected = expected_share(start, due, reference_quarter)
    ratio = progress / expected if expected > 0 else None
    figures.update(progress=progress, expected=expected, ratio=ratio)
    if met:
        # A per-period value is its 年度's value: early only when it meets a later 年度's target.
        ahead = (
            measured < due
            if kpi.accumulation is Accumulation.CUMULATIVE
            else measured.fiscal_year < due.fiscal_year
        )
        return judged(KpiStatus.ACHIEVED, Reason.MET_EARLY if ahead else Reason.MET)
    if overdue:
        return judged(KpiStatus.BEHIND, Reason.OVERDUE)
    if ratio is None:
        return judged(KpiStatus.ON_TRACK, Reason.NOT_YET_DUE)
    if ratio >= config.on_track_ratio:
        return judged(KpiStatus.ON_TRACK, Reason.ON_PACE)
    return judged(KpiStatus.BEHIND, Reason.BEHIND_PACE)


def _undated(kpi: Kpi, seen: list[HistoryPoint], target: Target, config: Evaluation) -> dict:
    """A target whose time the plan does not state: met is 達成; otherwise nothing can be told."""
    latest = seen[-1].value
    if kpi.kind is KpiKind.MILESTONE:
        rank = {level: index for index, level in enumerate(kpi.levels)}
        met = latest in rank and target.value in rank and rank[latest] >= rank[target.value]
    else:
        numbers = [point.number for point in seen if point.number is not None]
        if not numbers or not isinstance(target.value, int | float):
            return _judged(KpiStatus.NOT_EVALUABLE, Reason.TARGET_TIME_NOT_STATED)
        value, goal = numbers[-1], float(target.value)
        if kpi.direction is Direction.KEEP:
            met = abs(value - goal) <= config.keep_tolerance * abs(goal)
        else:
            met = value >= goal if kpi.direction is Direction.INCREASE else value <= goal
    if met:
        return _judged(KpiStatus.ACHIEVED, Reason.MET_UNDATED)
    return _judged(KpiStatus.NOT_EVALUABLE, Reason.TARGET_TIME_NOT_STATED)


def _reference(
    kpi: Kpi, numeric: list[tuple[HistoryPoint, float]], plan_start: Quarter | None
) -> tuple[float, Quarter, str] | None:
    """(baseline value, first quarter after it, source); the first actual stands in for a missing baseline."""
    baseline = kpi.baseline
    if baseline is not None and isinstance(baseline.value, int | float):
        if baseline.fiscal_year is not None:
            start = Quarter(baseline.fiscal_year + 1, 1)
        elif plan_start is not None:
            start = plan_start
        else:  # neither the baseline's 年度 nor the plan period is stated: from the first actual
            start = Quarter.from_index(numeric[0][0].index)
        return float(baseline.value), start, "plan"
    if len(numeric) < 2:
        return None
    first, number = numeric[0]
    return number, Quarter.from_index(first.index).shifted(1), "first_actual"


def _milestone(kpi: Kpi, seen: list[HistoryPoint], quarter: Quarter) -> dict:
    rank: dict[float | str, int] = {level: index for index, level in enumerate(kpi.levels)}
    current = seen[-1].value
    if current not in rank:
        return _judged(KpiStatus.NOT_EVALUABLE, Reason.LEVEL_UNKNOWN, current_level=current)
    targets = sorted((t for t in kpi.dated_targets if t.value in rank), key=target_due)
    if not targets:
        return _judged(
            KpiStatus.NOT_EVALUABLE, Reason.TARGET_LEVEL_UNREADABLE, current_level=current
        )
    reached = rank[current]
    final = targets[-1]

    def figures(target: Target) -> dict:
        return {
            "target_value": str(target.value),
            "target_when": str(target.due),
            "current_level": current,
        }

    if reached >= rank[final.value]:
        first = next(point for point in seen if rank.get(str(point.value), -1) >= rank[final.value])
        done = Quarter.from_index(first.index)
        return _judged(
            KpiStatus.ACHIEVED,
            Reason.LEVEL_REACHED,
            reached_quarter=first.quarter,
            late_quarters=done.index - target_due(final).index,
            **figures(final),
        )
    overdue = [t for t in targets if target_due(t) <= quarter and reached < rank[t.value]]
    if overdue:
        return _judged(KpiStatus.BEHIND, Reason.LEVEL_OVERDUE, **figures(overdue[0]))
    upcoming = next(t for t in targets if reached < rank[t.value])
    return _judged(KpiStatus.ON_TRACK, Reason.LEVEL_UPCOMING, **figures(upcoming))


STATUS_RANK = {KpiStatus.BEHIND: 0, KpiStatus.ON_TRACK: 1, KpiStatus.ACHIEVED: 2}


@dataclass(frozen=True)
class KpiEvaluation:
    """A KPI at the evaluated quarter and at the quarter before, for the change between them."""

    current: KpiProgress
    previous: KpiProgress

    @property
    def value_delta(self) -> float | None:
        """Change of the judged value since the previous quarter (None when either is not a number)."""
        if self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value

    @property
    def trend(self) -> Trend:
        """Improved or worsened between judged statuses; changed for any other change of status."""
        now, before = self.current.status, self.previous.status
        if now is before:
            return Trend.UNCHANGED
        if now in STATUS_RANK and before in STATUS_RANK:
            return Trend.IMPROVED if STATUS_RANK[now] > STATUS_RANK[before] else Trend.WORSENED
        return Trend.CHANGED

    def as_dict(self) -> dict:
        return {
            **self.current.as_dict(),
            "previous_status": str(self.previous.status),
            "previous_mark": self.previous.mark,
            "previous_value": self.previous.value,
            "value_delta": self.value_delta,
            "trend": str(self.trend),
        }


def evaluate_kpis(
    kpis: Iterable[Kpi],
    frame: pd.DataFrame,
    quarter: Quarter,
    plan_start: Quarter | None,
    config: Evaluation,
    *,
    previous: Quarter | None = None,
) -> dict[str, KpiEvaluation]:
    """Every KPI judged at `quarter` and at `previous` (default: the quarter before), by KPI id.

    A yearly review compares with the 年度 before: `previous` is then four quarters back.
    """
    previous = previous or quarter.shifted(-1)
    histories = {kpi_id: history_of(rows) for kpi_id, rows in frame.groupby("kpi_id", sort=False)}
    result: dict[str, KpiEvaluation] = {}
    for kpi in kpis:
        history = histories.get(kpi.id, ())
        result[kpi.id] = KpiEvaluation(
            evaluate_history(kpi, history, quarter, plan_start, config),
            evaluate_history(kpi, history, previous, plan_start, config),
        )
    return result
