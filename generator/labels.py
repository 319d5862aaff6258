"""Every Japanese word the tool shows for a value: labels of ids, times with 和暦, numbers with units.

Analysis returns numbers, enums and reason codes; the CLI, the report, the site
and the PDF turn them into words here, so that a status, a quarter or a 年度 reads
the same everywhere. Dictionaries are keyed by the enums' string values (the
enums are StrEnums, so an enum member finds its label too); this module imports
nothing from the model at run time, so the model may use it for its own defaults.
The sentence that explains a KPI's status (`explain`) is written here too.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.wareki import era_of_date, era_year

if TYPE_CHECKING:
    from generator.model.common import FiscalTime, Text
    from generator.model.evaluation import Evaluation
    from generator.model.plan import Period
    from generator.progress import KpiEvaluation, KpiProgress
    from generator.quarters import Quarter
    from generator.rollup import Rollup

NONE = "—"  # shown where a figure does not exist

STATUS_LABELS = {
    "achieved": "達成",
    "on_track": "順調",
    "behind": "遅れ",
    "no_data": "未計測",
    "no_target": "目標未設定",
    "narrative": "実績（文章のみ）",
    "not_evaluable": "判定不可",
}

STATUS_MEANINGS = {
    "achieved": "目標値に達している（維持の目標では許容幅の内にある）",
    "on_track": "期間の経過に見合う進捗がある（定性の目標では予定の段階に遅れがない）",
    "behind": "進捗が期間の経過に届かない、予定の段階に達していない、または期限を過ぎて未達成",
    "no_data": "実績がまだない",
    "no_target": "目標値が未設定（設定の期限を定めている）",
    "narrative": "最新の実績が数値でなく文章で報告されている",
    "not_evaluable": "目標が文章のみ、または基準値がなく実績が1回のみで、自動では判定できない",
}

TREND_LABELS = {
    "unchanged": "変化なし",
    "improved": "改善",
    "worsened": "悪化",
    "changed": "変化あり",
}

SCALE_LABELS = {
    "default": "既定（達成・順調・遅れ・未計測）",
    "national": "国のフォローアップ（A・B・F・N）",
    "rating": "総合計画型（S・A・B・C・—）",
}
OWN_SCALE_LABEL = "独自の尺度"

KPI_KIND_LABELS = {
    "quantity": "数量",
    "percentage": "割合",
    "money": "金額",
    "time": "時間",
    "milestone": "定性（段階）",
}

KPI_TYPE_LABELS = {"output": "進捗", "outcome": "効果"}

DIRECTION_LABELS = {"increase": "増やす", "decrease": "減らす", "keep": "維持"}

MILESTONE_STATUS_LABELS = {
    "planned": "予定",
    "in_progress": "実施中",
    "done": "完了",
    "delayed": "遅延",
    "cancelled": "中止",
}

IMPLEMENTATION_STATUS_LABELS = {
    "not_started": "未着手",
    "in_progress": "実施中",
    "completed": "完了",
    "delayed": "遅延",
    "suspended": "休止",
    "cancelled": "中止",
}
NO_NOTE = "記録なし"

CLAUSE_LABELS = {
    "consent": "① 本人の同意があるとき",
    "law": "② 法令の定めがあるとき",
    "vital_interest": "③ 生命・身体・財産の危険を避けるため特にやむを得ないとき",
    "own_duties": "④ 所掌事務の遂行に必要な限度で相当な理由があるとき",
    "published": "⑤ 出版・報道等で公にされているとき",
    "public_interest": "⑥ 公益又は住民福祉の向上のため特に必要なとき",
    "research_statistics": "⑦ 専ら学術研究又は統計の作成のため",
    "council": "⑧ 審議会の意見を聴いて公益上必要と認めるとき",
}

SEVERITY_LABELS = {"error": "エラー", "warning": "警告"}

CHAPTER_TITLES = {
    "current_state": "第1章 現状及び課題",
    "purpose": "第2章 目的",
    "positioning": "第3章 位置付け",
    "structure": "第4章 推進体制",
    "policy": "第5章 基本的な方針",
    "measures": "第6章 個別施策",
    "security": "第7章 セキュリティ及び個人情報の適正な取扱いの確保",
}

INTERNAL_MARK = "庁内限定"

QUARTER_MONTHS = {1: "4〜6月", 2: "7〜9月", 3: "10〜12月", 4: "1〜3月"}


# Times, with 和暦 beside 西暦 -------------------------------------------------


def wareki_fiscal_year(fiscal_year: int) -> str:
    """2019 → 令和元年度; 2025 → 令和7年度."""
    name, number = era_year(fiscal_year)
    return f"{name}{'元' if number == 1 else number}年度"


def fiscal_year_label(fiscal_year: int) -> str:
    """2025 → 2025年度（令和7年度）: 西暦 with 和暦 beside it."""
    return f"{fiscal_year}年度（{wareki_fiscal_year(fiscal_year)}）"


def quarter_label(fiscal_year: int, quarter: int) -> str:
    """2025, 2 → 2025年度第2四半期（令和7年度、7〜9月）."""
    months = QUARTER_MONTHS[quarter]
    return f"{fiscal_year}年度第{quarter}四半期（{wareki_fiscal_year(fiscal_year)}、{months}）"


def quarter_short_label(quarter: Quarter | str) -> str:
    """2026Q2 → 2026年度第2四半期（令和8年度）: for table cells, where the months would crowd."""
    if isinstance(quarter, str):
        from generator.quarters import Quarter

        quarter = Quarter.parse(quarter)
    return f"{quarter.fiscal_year}年度第{quarter.number}四半期（{wareki_fiscal_year(quarter.fiscal_year)}）"


def when_label(when: FiscalTime | str) -> str:
    """A target's or milestone's time: 2029 → 2029年度（令和11年度）; 2026Q2 → as a quarter."""
    text = str(when)
    if text.isdigit():
        return fiscal_year_label(int(text))
    return quarter_short_label(text)


def period_label(start: int, end: int) -> str:
    """2025, 2029 → 2025〜2029年度（令和7〜11年度）."""
    start_era, start_number = era_year(start)
    end_era, end_number = era_year(end)
    first = "元" if start_number == 1 else str(start_number)
    if start_era == end_era:
        return f"{start}〜{end}年度（{start_era}{first}〜{end_number}年度）"
    return f"{start}〜{end}年度（{wareki_fiscal_year(start)}〜{wareki_fiscal_year(end)}）"


def period_text(period: Period) -> str:
    """2025〜2029年度（令和7〜11年度）, or 2024年12月〜2029年度（令和6年12月〜令和11年度）."""
    if isinstance(period.start, int):
        return period_label(period.start, period.end)
    year, month = (int(part) for part in period.start.split("-"))
    era, number = era_year(year)
    end_era, end_number = era_year(period.end)
    start_wareki = f"{era}{'元' if number == 1 else number}年{month}月"
    return f"{year}年{month}月〜{period.end}年度（{start_wareki}〜{end_era}{end_number}年度）"


def date_label(day: dt.date) -> str:
    """2026-03-31 → 2026年3月31日."""
    return f"{day.year}年{day.month}月{day.day}日"


def wareki_date(day: dt.date) -> str:
    """2024-11-27 → 令和6年11月27日; the era changes on its first day (2019-05-01 → 令和元年5月1日)."""
    era, number = era_of_date(day)
    return f"{era}{'元' if number == 1 else number}年{day.month}月{day.day}日"


def date_label_with_wareki(day: dt.date) -> str:
    """2024-11-27 → 2024年11月27日（令和6年11月27日）: a date as a document states it."""
    return f"{date_label(day)}（{wareki_date(day)}）"


# Numbers --------------------------------------------------------------------


def display_number(number: float) -> str:
    """A number for people: thousands separated, at most 2 decimals (44,000,000; 85.5)."""
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def with_unit(value: float | str, unit: str) -> str:
    """A value for display: 1,234件, 45.5%, 実施中."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
    else:
        number = value
    return f"{display_number(number)}{unit}"


def signed(value: float, unit: str) -> str:
    """A change: +3件, −1.5ポイント, ±0件."""
    unit = "ポイント" if unit == "%" else unit
    return f"{'+' if value > 0 else '±' if value == 0 else '−'}{display_number(abs(value))}{unit}"


def percent(share: float | None) -> str:
    """0.82 → 82%; None → —."""
    return NONE if share is None else f"{share:.0%}"


# Why a KPI has its status ----------------------------------------------------


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
    target = float(progress.target_value or 0)
    shown_target = f"目標 {display_number(target)}{unit}（{when_label(str(progress.target_when))}）"
    sentence = {
        "kept": f"{shown_target}の水準を維持しています。",
        "keep_deviated": f"{shown_target}から許容幅（{config.keep_tolerance:.0%}）を超えて離れています。",
        "met_without_baseline": f"{shown_target}を達成しています（基準値がないため進捗率は計算しません）。",
        "overdue_without_baseline": f"{shown_target}の期限を過ぎて未達成です（基準値がなく実績も1回のみ）。",
        "met": f"{shown_target}を達成しています。",
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
    "no_actual": "この四半期までの実績がありません。",
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


# A KPI's figures in words (kpi status, the report, the site) ------------------

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


# The plan's own values (chapters, measures, the data-use worksheet) ---------------

AUDIENCE_LABELS = {
    "residents": "住民",
    "businesses": "事業者",
    "staff": "職員",
    "community": "地域",
}

REVIEW_CADENCE_LABELS = {
    "quarterly": "四半期ごと",
    "half_yearly": "半年ごと",
    "yearly": "毎年度",
}

ACCUMULATION_LABELS = {"cumulative": "累計", "per_period": "各年度の値"}

MARK_LABELS = {"national": "◎ 国の施策と整合", "local": "○ 他団体の事例に基づく"}

PARTNER_TYPE_LABELS = {
    "company": "民間事業者",
    "npo": "NPO",
    "university": "大学",
    "government": "行政機関",
    "other": "その他",
}

PATTERN_LABELS = {
    "standalone": "パターン1（単独の計画）",
    "embedded": "パターン2（既存の計画に盛り込む）",
}

OTHER_PLAN_KIND_LABELS = {
    "dx_plan": "自治体DX推進計画",
    "comprehensive_plan_sector": "総合計画の分野別計画",
    "ordinance_plan": "条例に基づく計画",
    "information_plan": "情報化計画",
    "other": "その他の計画",
}

USE_TYPE_LABELS = {"in_purpose": "目的内利用", "beyond_purpose": "目的外利用"}

COUNCIL_STATUS_LABELS = {
    "not_needed": "諮問不要",
    "planned": "諮問予定",
    "consulted": "諮問済",
    "approved": "了承",
    "rejected": "不承認",
}

# The steps of the worksheet's procedure (ProcedureChecklist), in the guidebook's order.
CHECKLIST_LABELS = {
    "purpose_defined": "目的を明確にした",
    "kpi_defined": "サービスと KPI を定めた",
    "data_identified": "必要なデータを洗い出した",
    "legal_basis_checked": "法令・条例上の根拠を確認した",
    "council_consulted": "必要な審議会への諮問を済ませた",
    "acquisition_arranged": "データの取得方法を決めた",
    "after_use_decided": "利用後の取扱いを決めた",
}
