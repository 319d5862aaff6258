"""Every Japanese word the tool shows for a value: labels of ids, times with 和暦, numbers with units.

Analysis returns numbers, enums and reason codes; the CLI, the report, the site
and the PDF turn them into words here, so that a status, a quarter or a 年度 reads
the same everywhere. Dictionaries are keyed by the enums' string values (the
enums are StrEnums, so an enum member finds its label too); this module imports
nothing from the model at run time, so the model may use it for its own defaults.
The sentences about a KPI's status, which read analysis results, are in
generator/status_words.py, one floor up.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol

from generator.wareki import era_of_date, era_year


class _Quarter(Protocol):
    fiscal_year: int
    number: int


class _Period(Protocol):
    start: int | str
    end: int


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

PILLAR_LABELS = {
    "online": "オンライン化原則",
    "open_data": "オープンデータの推進",
    "mynumber_card": "マイナンバーカードの普及・活用",
    "digital_divide": "デジタルデバイド対策",
    "standardization": "標準化・デジタル化・システム改革・BPR",
    "other": "その他",
}

FIELD_LABELS = {
    "e_government": "電子行政",
    "health": "健康・医療・介護",
    "tourism": "観光",
    "finance": "金融",
    "agriculture": "農林水産",
    "manufacturing": "ものづくり",
    "infrastructure": "インフラ・防災・減災等",
    "mobility": "移動",
    "other": "その他",
}

# The labels of each enum of the model, by the enum's class name: hints that list
# allowed values show the label beside each id (online（オンライン化原則）).
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "Pillar": PILLAR_LABELS,
    "PriorityField": FIELD_LABELS,
    "KpiKind": KPI_KIND_LABELS,
    "KpiType": KPI_TYPE_LABELS,
    "Direction": DIRECTION_LABELS,
    "Accumulation": {"cumulative": "累計", "per_period": "期間ごと"},
    "KpiStatus": STATUS_LABELS,
    "Scale": SCALE_LABELS,
    "MilestoneStatus": MILESTONE_STATUS_LABELS,
    "ImplementationStatus": IMPLEMENTATION_STATUS_LABELS,
    "BeyondPurposeClause": CLAUSE_LABELS,
    "UseType": {"in_purpose": "目的内利用", "beyond_purpose": "目的外利用"},
    "CouncilStatus": {
        "not_needed": "諮問不要",
        "planned": "諮問予定",
        "consulted": "諮問済み",
        "approved": "承認",
        "rejected": "不承認",
    },
    "Visibility": {"public": "公開", "internal": "庁内限定"},
    "Mark": {"national": "◎ 国の施策に対応", "local": "○ 地域の事例"},
    "PartnerType": {
        "company": "企業",
        "npo": "NPO",
        "university": "大学",
        "government": "行政機関",
        "other": "その他",
    },
    "Level": {"municipality": "市町村", "special_ward": "特別区", "prefecture": "都道府県"},
    "Pattern": {
        "standalone": "単独の計画（パターン1）",
        "embedded": "既存の計画に含める（パターン2）",
    },
    "ReviewCadence": {"quarterly": "四半期ごと", "half_yearly": "半年ごと", "yearly": "年1回"},
    "Audience": {
        "residents": "住民",
        "businesses": "事業者",
        "staff": "職員",
        "community": "地域",
    },
    "OtherPlanKind": {
        "dx_plan": "自治体DX推進計画",
        "comprehensive_plan_sector": "総合計画の分野別計画",
        "ordinance_plan": "条例に基づく計画",
        "information_plan": "情報化計画",
        "other": "その他",
    },
}


def choices_with_labels(enum_name: str, values: list[str]) -> str:
    """`online`（オンライン化原則）、`open_data`（オープンデータの推進）…: allowed values for a hint."""
    names = CHOICE_LABELS.get(enum_name, {})
    return "、".join(f"{value}（{names[value]}）" if value in names else value for value in values)


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


_STORED_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_short_label(quarter: _Quarter | str) -> str:
    """2026Q2 → 2026年度第2四半期（令和8年度）: for table cells, where the months would crowd."""
    if isinstance(quarter, str):
        match = _STORED_QUARTER.match(quarter.strip().upper())
        if not match:
            return quarter
        year, number = int(match[1]), int(match[2])
    else:
        year, number = quarter.fiscal_year, quarter.number
    return f"{year}年度第{number}四半期（{wareki_fiscal_year(year)}）"


ERA_INITIALS = {"令和": "R", "平成": "H", "昭和": "S"}


def compact_when(when: object) -> str:
    """For narrow terminal tables: 2026Q2 → R8 Q2; 2029 → R11年度 (never on the site)."""
    text = str(when).strip()
    match = _STORED_QUARTER.match(text.upper())
    year = int(match[1]) if match else int(text) if text.isdecimal() else None
    if year is None:
        return text
    era, number = era_year(year)
    short = f"{ERA_INITIALS.get(era, era)}{number}"
    return f"{short} Q{match[2]}" if match else f"{short}年度"


def when_label(when: object) -> str:
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


def period_text(period: _Period) -> str:
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
