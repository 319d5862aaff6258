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
import math
import re
from dataclasses import dataclass
from typing import Protocol

from generator.wareki import era_of_date, era_year


class _Quarter(Protocol):
    @property
    def fiscal_year(self) -> int: ...

    @property
    def number(self) -> int: ...


class _Period(Protocol):
    start: int | str
    end: int


NONE = "—"  # shown where a figure does not exist
NOT_STATED = "計画に記載なし"  # what the source plan does not state (also the YAML value for it)

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
# The labels of each enum of the model, by the enum's class name: hints that list
# allowed values show the label beside each id (online（オンライン化原則）).
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "Pillar": PILLAR_LABELS,
    "PriorityField": FIELD_LABELS,
    "KpiKind": KPI_KIND_LABELS,
    "KpiType": KPI_TYPE_LABELS,
    "Direction": DIRECTION_LABELS,
    "Accumulation": ACCUMULATION_LABELS,
    "KpiStatus": STATUS_LABELS,
    "Scale": SCALE_LABELS,
    "MilestoneStatus": MILESTONE_STATUS_LABELS,
    "ImplementationStatus": IMPLEMENTATION_STATUS_LABELS,
    "BeyondPurposeClause": CLAUSE_LABELS,
    "UseType": USE_TYPE_LABELS,
    "CouncilStatus": COUNCIL_STATUS_LABELS,
    "Visibility": {"public": "公開", "internal": "庁内限定"},
    "Mark": MARK_LABELS,
    "PartnerType": PARTNER_TYPE_LABELS,
    "Level": {"municipality": "市町村", "special_ward": "特別区", "prefecture": "都道府県"},
    "Pattern": PATTERN_LABELS,
    "ReviewCadence": REVIEW_CADENCE_LABELS,
    "Audience": AUDIENCE_LABELS,
    "MunicipalityKind": {
        "designated_city": "政令指定都市",
        "core_city": "中核市",
        "city": "市",
        "town": "町",
        "village": "村",
    },
    "Classification": {"pillars": "5つの柱", "own_structure": "計画独自の体系"},
    "PlanRelation": {"full_revision": "全面改定", "partial_revision": "一部改定"},
    "DraftStage": {"outline": "素案", "interim": "中間案", "final": "最終案"},
    "DepartmentRole": {"lead": "主管", "cooperating": "連携", "page_owner": "ページの担当"},
    "NextPlanDecision": {
        "continue": "次期計画で継続",
        "revise": "見直して継続",
        "merge": "他の施策に統合",
        "complete": "完了",
        "discontinue": "廃止",
    },
    "OtherPlanKind": OTHER_PLAN_KIND_LABELS,
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

LEVEL_LABELS = CHOICE_LABELS["Level"]
MUNICIPALITY_KIND_LABELS = CHOICE_LABELS["MunicipalityKind"]
DEPARTMENT_ROLE_LABELS = CHOICE_LABELS["DepartmentRole"]
NEXT_PLAN_LABELS = CHOICE_LABELS["NextPlanDecision"]


class _Municipality(Protocol):
    municipality: str
    prefecture: str

    @property
    def level(self) -> object: ...

    @property
    def municipality_kind(self) -> object: ...


def municipality_line(meta: _Municipality) -> str:
    """「架空県 架空山市（政令指定都市）」; a prefecture's own plan names it once (「架空県」)."""
    kind = MUNICIPALITY_KIND_LABELS.get(str(meta.municipality_kind or ""), "")
    if str(meta.level) == "prefecture" or meta.prefecture == meta.municipality:
        name = meta.municipality
    else:
        name = f"{meta.prefecture} {meta.municipality}"
    return f"{name}（{kind}）" if kind else name


def basic_act_basis(level: str) -> str:
    """The article a plan rests on: 都道府県 9(1), 市町村 and 特別区 9(3)."""
    if level == "prefecture":
        return "官民データ活用推進基本法第9条第1項（都道府県官民データ活用推進計画）"
    return "官民データ活用推進基本法第9条第3項（市町村官民データ活用推進計画）"


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


@dataclass(frozen=True)
class ReviewWords:
    """How pages name the plan's reviews: every quarter, or once a year (review_cadence: yearly)."""

    unit: str  # 四半期 / 年度
    previous: str  # 前期 / 前年度
    reports: str  # the archive of reports
    notes: str  # the PDCA notes on a measure's page
    latest: str  # the latest review


QUARTERLY_WORDS = ReviewWords(
    "四半期", "前期", "四半期ごとの進捗報告", "四半期ごとの取組状況", "最新の四半期"
)
YEARLY_WORDS = ReviewWords(
    "年度", "前年度", "年度ごとの進捗報告", "年度ごとの取組状況", "最新の年度"
)


def review_words(yearly: bool) -> ReviewWords:
    return YEARLY_WORDS if yearly else QUARTERLY_WORDS


def review_step(yearly: bool) -> int:
    """Quarters between two reviews: 4 once a year, else 1."""
    return 4 if yearly else 1


_STORED_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_short_label(quarter: _Quarter | str) -> str:
    """2026Q2 → 2026年度第2四半期（令和8年度）: for table cells, where the months would crowd."""
    if isinstance(quarter, str):
        if quarter.strip().isdigit():  # a 年度, as a yearly review writes it
            return fiscal_year_label(int(quarter.strip()))
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


def period_text(period: _Period | str | None) -> str:
    """2025〜2029年度（令和7〜11年度）, or 2024年12月〜2029年度（令和6年12月〜令和11年度）;
    計画に記載なし when the plan does not state its period."""
    if period is None or isinstance(period, str):
        return NOT_STATED
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


def file_size_label(size: int) -> str:
    """A download's size as its link says it: 2KB (rounded up, at least 1KB), 1.2MB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}MB"
    return f"{max(1, math.ceil(size / 1024))}KB"


def percent(share: float | None) -> str:
    """0.82 → 82%; None → —."""
    return NONE if share is None else f"{share:.0%}"


# The plan's own values (chapters, measures, the data-use worksheet) ---------------

CHECKLIST_LABELS = {
    "purpose_defined": "目的を明確にした",
    "kpi_defined": "サービスと KPI を定めた",
    "data_identified": "必要なデータを洗い出した",
    "legal_basis_checked": "法令・条例上の根拠を確認した",
    "council_consulted": "必要な審議会への諮問を済ませた",
    "acquisition_arranged": "データの取得方法を決めた",
    "after_use_decided": "利用後の取扱いを決めた",
}


# The 新旧対照表 (dataplan compare) -------------------------------------------------

COMPARE_METADATA = "計画の基本情報"
COMPARE_NEW = "改定後"
COMPARE_OLD = "改定前"
COMPARE_NOTE = "備考"
COMPARE_PLACE = "箇所"
COMPARE_TITLE = "新旧対照表"
COMPARE_UNDERLINE_NOTE = "改定後の下線部（追加）と改定前の取消線部（削除）が改定部分です。"
COMPARE_NO_CHANGES = "改定前と改定後に違いはありません。"
COMPARE_INSERTED = "追加"  # the accessible name of <ins>
COMPARE_DELETED = "削除"  # the accessible name of <del>
COMPARE_WORKING_TREE = "作業中のファイル"
YES = "はい"
NO = "いいえ"

CHANGE_KIND_LABELS = {
    "changed": "修正",
    "added": "追加",
    "removed": "削除",
    "moved": "移動",
    "renumbered": "番号の変更",
    "renamed": "名称の変更",
}

# Short names of fields where the model's description does not start with one
# ("Model.field" first, then the field name alone).
COMPARE_FIELD_LABELS = {
    "PlanMeta.municipality": "団体名",
    "PlanMeta.level": "団体の種類",
    "PlanMeta.lg_code": "地方公共団体コード",
    "PlanMeta.pattern": "策定の形",
    "PlanMeta.departments": "部署",
    "PlanMeta.groups": "計画独自の体系",
    "PlanMeta.summary": "計画の概要",
    "Department.name": "部署名",
    "Contact.department": "担当部署",
    "Measure.departments": "担当部署",
    "Measure.group": "体系",
    "Measure.mark": "記号",
    "Measure.field": "重点分野",
    "Measure.pillar": "柱",
    "Measure.related_pillars": "関係するほかの柱",
    "Measure.national_measures": "対応する国の施策",
    "Measure.case_studies": "対応する事例集の施策",
    "Measure.catalogue_example": "もとにした手引の記載例",
    "Measure.catalogue_entries": "対応する国・県の計画などの項目",
    "PlanMeta.catalogues": "対応を確かめるカタログ",
    "PlanMeta.fictional": "架空の団体の計画",
    "Kpi.type": "KPI の種別",
    "Kpi.kind": "KPI の種類",
    "Kpi.department": "実績を報告する部署",
    "Kpi.targets": "目標値",
    "Kpi.levels": "段階",
    "Kpi.accumulation": "累計か期間ごとか",
    "Baseline.value": "値",
    "Target.value": "",  # the item's label says it all: 目標値（2027年度（令和9年度））
    "PillarPolicy.text": "",
    "Benefit.text": "",
    "Milestone.status": "状況",
    "Partner.type": "連携先の種類",
    "Benefit.audience": "対象",
    "OtherPlan.kind": "種類",
    "PillarPolicy.pillar": "柱",
    "Structure.review_cadence": "進捗確認の頻度",
    "BasicActArticles.main": "主に関係する条",
    "BasicActArticles.related": "関係する条",
}


def compare_field_label(model: str, name: str, description: str | None) -> str:
    """A field's short name for a place in the 新旧対照表: 「取組の内容」「目標値」."""
    found = COMPARE_FIELD_LABELS.get(f"{model}.{name}")
    if found is not None:
        return found
    text = (description or name).strip()
    cut = min((text.find(mark) for mark in "（。:：(" if mark in text), default=len(text))
    return text[:cut].strip() or name


def compare_measure_label(number: str | None, name: str) -> str:
    """A measure's heading in a place: 「施策 1-1-1 マイナポータルを使った電子申請の拡大」."""
    return f"施策 {number} {name}" if number else f"施策 {name}"


def compare_item_label(field_label: str, item: object, index: int) -> str:
    """An item of a list: KPI「…」, 目標値（2027年度（令和9年度））, 部署「企画部デジタル推進課」
    (its name, not its id: residents read the 新旧対照表), or 課題2."""
    kind = type(item).__name__
    if kind == "Kpi":
        return f"KPI「{getattr(item, 'name', '')}」"
    when = getattr(item, "when", None)
    if when is not None:
        return f"{field_label}（{when_label(when)}）"
    fiscal_year = getattr(item, "fiscal_year", None)
    if kind == "BudgetLine" and isinstance(fiscal_year, int):
        return f"{field_label}（{fiscal_year_label(fiscal_year)}）"
    pillar = getattr(item, "pillar", None)
    if kind == "PillarPolicy" and pillar is not None:
        return f"{field_label}（{PILLAR_LABELS.get(str(pillar), str(pillar))}）"
    audience = getattr(item, "audience", None)
    if kind == "Benefit" and audience is not None:
        return f"{field_label}（{AUDIENCE_LABELS.get(str(audience), str(audience))}）"
    for name in ("name", "title", "label"):  # what people call it, before an internal id
        value = getattr(item, name, None)
        if isinstance(value, str):
            return f"{field_label}「{value}」"
    ident = getattr(item, "id", None)
    if ident is not None:
        return f"{field_label} {ident}"
    return f"{field_label}{index}"


# The aggregate of many plans (dataplan aggregate)
PLAN_STATUS_LABELS = {
    "in_force": "計画期間中",
    "upcoming": "策定済み（計画期間の前）",
    "draft": "策定中（案）",
    "expired": "計画期間の終了後",
    "period_not_stated": "策定済み（計画期間の記載なし）",
    "left_out": "集計できず（エラー）",
    "none": "集計の対象外",
}
PLAN_STATUS_MEANINGS = {
    "in_force": "策定済みで、集計した日が計画期間の中",
    "upcoming": "策定済みで、計画期間がまだ始まっていない",
    "draft": "策定日がまだない（案）",
    "expired": "計画期間の最後の年度が終わった",
    "period_not_stated": "策定済みだが、計画に計画期間の記載がない",
    "left_out": "計画のファイルにエラーがあり、集計に入れていない",
    "none": "集計した計画の一覧にない（計画がないとは限らない）",
}
NOT_JUDGED = "判定なし"  # the statuses that judge no progress, counted together
