"""Sentences about a KPI's status: why it has it, its figures in words, the change, a summary.

The analysis (generator/progress.py) returns a status, a reason code and figures;
the words for them are written here, from the labels of generator/labels.py, so
that `kpi status`, the report and the site say the same thing.
"""

from __future__ import annotations

from generator.labels import (
    INTERNAL_MARK,
    NONE,
    STATUS_LABELS,
    TREND_LABELS,
    date_label,
    display_number,
    percent,
    quarter_short_label,
    signed,
    when_label,
    with_unit,
)
from generator.model.common import Text
from generator.model.evaluation import Evaluation
from generator.progress import KpiEvaluation, KpiProgress
from generator.rollup import Rollup


def explain(progress: KpiProgress, unit: str | None, config: Evaluation) -> str:
    """The sentence that says why a KPI has its status, from its reason code and figures."""
    unit = unit or ""
    reason = str(progress.reason)
    simple = _SIMPLE_REASONS.get(reason)
    if simple is not None:
        return simple
    if reason == "target_pending":
        assert progress.decide_by is not None
        return f"目標値は未設定です（{date_label(progress.decide_by)}までに設定）。"
    if reason.startswith("level_"):
        return _explain_level(progress)
    if reason == "met_undated" and not isinstance(progress.target_value, float):
        return f"目標の段階「{progress.target_value}」（時期は計画に記載なし）に到達しています。"
    target = float(progress.target_value or 0)
    shown_target = f"目標 {display_number(target)}{unit}（{when_label(str(progress.target_when))}）"
    sentence = {
        "kept": f"{shown_target}の水準を維持しています。",
        "keep_deviated": f"{shown_target}から許容幅（{config.keep_tolerance:.0%}）を超えて離れています。",
        "met_without_baseline": f"{shown_target}を達成しています（基準値がないため進捗率は計算しません）。",
        "overdue_without_baseline": f"{shown_target}の期限を過ぎて未達成です（基準値がなく実績も1回のみ）。",
        "met": f"{shown_target}を達成しています。",
        "met_undated": f"目標 {display_number(target)}{unit}（時期は計画に記載なし）を達成しています。",
        "met_early": f"{shown_target}を達成しています（期限より早く達成）。",
        "overdue": f"{shown_target}の期限を過ぎて未達成です（進捗率 {_share(progress.progress)}）。",
        "not_yet_due": "基準の時点から期間が経過していないため、まだ進捗は求められていません。",
        "on_pace": f"進捗率 {_share(progress.progress)}（期間経過率 {_share(progress.expected)}）。",
        "behind_pace": f"進捗率 {_share(progress.progress)}（期間経過率 {_share(progress.expected)}）"
        f"で、期間経過率の {config.on_track_ratio:.0%} に届いていません。",
    }.get(reason)
    if sentence is None:  # the baseline already met the target
        baseline = f"基準値 {display_number(progress.baseline or 0)}{unit} の時点で{shown_target}を満たして"
        kept = reason == "baseline_met_kept"
        sentence = baseline + (
            "おり、維持しています。" if kept else "いましたが、現在は満たしていません。"
        )
    if progress.baseline_source == "first_actual" and progress.baseline_quarter:
        first = f"{display_number(progress.baseline or 0)}{unit}（{quarter_short_label(progress.baseline_quarter)}）"
        sentence += f"基準値がないため、初回の実績 {first} を基準としています。"
    return sentence


_SIMPLE_REASONS = {
    "no_actual": "評価の時点までの実績がありません。",
    "target_not_stated": "計画に目標が記載されていないため、判定しません（計画に記載なし）。",
    "target_time_not_stated": "目標の時期が計画に記載されていないため、達成したかどうかだけを判定します"
    "（まだ達成していません）。",
    "narrative_actual": "最新の実績は数値でなく文章で報告されています。",
    "target_in_words": "目標が数値でなく文章で示されているため、自動では判定しません。",
    "no_target": "目標がないため、自動では判定しません。",
    "target_level_unreadable": "目標の段階を読めません。",
    "actual_not_numeric": "実績を数値として読めません。",
    "target_not_numeric": "目標値を数値として読めません。",
    "single_actual_without_baseline": "基準値がなく実績が1回のみのため、進捗を計算できません"
    "（初回の実績を基準とし、次の実績から判定します）。",
}


def _explain_level(progress: KpiProgress) -> str:
    current, target = progress.current_level, progress.target_value
    when = when_label(str(progress.target_when))
    reason = str(progress.reason)
    if reason == "level_unknown":
        return f"段階「{current}」は levels にありません。"
    if reason == "level_overdue":
        return f"{when}までに「{target}」の予定ですが、現在は「{current}」です。"
    if reason == "level_upcoming":
        return f"現在「{current}」。{when}までに「{target}」の予定です。"
    late = progress.late_quarters or 0
    timing = (
        f"予定（{when}）より{late}四半期遅れて"
        if late > 0
        else ("予定より早く" if late < 0 else "予定どおり")
    )
    reached = quarter_short_label(str(progress.reached_quarter))
    return f"{reached}に「{target}」に到達し、{timing}達成しました。"


def _share(value: float | None) -> str:
    return f"{value or 0:.0%}"


NARRATIVE_ONLY = "（文章のみ）"


def latest_text(progress: KpiProgress, unit: str) -> str:
    """The latest actual: 1,234件; （文章のみ） for a narrative actual; — when there is none."""
    if progress.latest_quarter is None:
        return NONE
    if progress.latest_value is None:
        return NARRATIVE_ONLY
    return with_unit(progress.latest_value, unit)


def target_text(progress: KpiProgress, unit: str, words: Text | None = None) -> str:
    """The target that applies: 150件; 目標未設定; the target in words; — when there is none."""
    if str(progress.status) == "no_target":
        return STATUS_LABELS["no_target"]
    if progress.target_value is None:
        if words is None:
            return NONE
        return f"［{INTERNAL_MARK}］{words.text}" if words.is_internal else words.text
    return with_unit(progress.target_value, unit)


def optional_quarter(quarter: str | None) -> str:
    return quarter_short_label(quarter) if quarter else NONE


def optional_when(when: str | None) -> str:
    return when_label(when) if when else NONE


def change_text(evaluation: KpiEvaluation, unit: str) -> str:
    """新しい実績なし / +3件, and 判定は変化なし / B → A（改善）."""
    current, previous = evaluation.current, evaluation.previous
    parts = []
    if current.latest_quarter and current.latest_quarter == previous.latest_quarter:
        parts.append("新しい実績なし")
    elif evaluation.value_delta is not None:
        parts.append(signed(evaluation.value_delta, unit))
    trend = str(evaluation.trend)
    if trend == "unchanged":
        parts.append("判定は変化なし")
    else:
        parts.append(f"{previous.mark} → {current.mark}（{TREND_LABELS[trend]}）")
    return "、".join(parts)


def rollup_summary(rollup: Rollup) -> str:
    """KPI 61 件: 達成 16、順調 30 …。判定できた 56 件のうち達成・順調は 82%。"""
    counts = "、".join(f"{mark} {count}" for mark, count in rollup.marks.items() if count)
    share = ""
    if rollup.on_track_share is not None:
        share = (
            f"。判定できた {rollup.judged} 件のうち達成・順調は {percent(rollup.on_track_share)}"
        )
    return f"KPI {rollup.total} 件: {counts or 'なし'}{share}。"


def grade_summary(grades: list[str], total: int, order: list[str] | None = None) -> str:
    """付与された評価: A 2、D 1（評価のない KPI 3 件）。: grades given, counted; never filled in."""
    counts: dict[str, int] = {grade: 0 for grade in order or []}
    for grade in grades:
        counts[grade] = counts.get(grade, 0) + 1
    shown = "、".join(f"{grade} {count}" for grade, count in counts.items() if count)
    missing = total - len(grades)
    rest = f"（評価のない KPI {missing} 件）" if missing else ""
    return f"付与された評価: {shown or 'なし'}{rest}。"
