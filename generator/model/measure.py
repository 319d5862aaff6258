"""Measures (F3, F5): one YAML file each under measures/."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from generator.model.common import (
    NOT_STATED,
    FiscalYearOrQuarter,
    Identifier,
    IdentifiersOrNotStated,
    Model,
    Pillar,
    PriorityField,
    RichText,
    internal_field,
)
from generator.model.data_use import DataUse
from generator.model.kpi import Kpi


class Mark(StrEnum):
    NATIONAL = "national"
    LOCAL = "local"


MARK_SYMBOLS = {Mark.NATIONAL: "◎", Mark.LOCAL: "○"}


class BasicActArticles(Model):
    """Articles 10–19 of the basic act that the measure rests on."""

    schema_description: ClassVar[str] = (
        "施策の根拠となる官民データ活用推進基本法の条（第10〜19条）。"
    )

    main: list[int] = Field(default_factory=list, description="主に関係する条（◎）。10〜19。")
    related: list[int] = Field(default_factory=list, description="関係する条（○）。10〜19。")


class PartnerType(StrEnum):
    COMPANY = "company"
    NPO = "npo"
    UNIVERSITY = "university"
    GOVERNMENT = "government"
    OTHER = "other"


class Partner(Model):
    schema_description: ClassVar[str] = "施策の連携先（企業・NPO・大学など）と役割。"

    name: str = Field(description="連携先の名称。")
    type: PartnerType = Field(
        description="company（民間事業者）、npo、university（大学）、government（他の行政機関）、other。"
    )
    role: RichText | None = Field(None, description="役割。")


class BudgetLine(Model):
    schema_description: ClassVar[str] = "年度ごとの予算。"

    fiscal_year: int = Field(description="年度。")
    amount: int = Field(ge=0, description="金額（円）。")
    note: RichText | None = Field(None, description="補足（例: 当初予算、国庫補助あり）。")


class MilestoneStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


class Milestone(Model):
    """A step of the schedule (スケジュール), by 年度 or quarter."""

    schema_description: ClassVar[str] = "スケジュールの一段階（年度または四半期）。"

    when: FiscalYearOrQuarter = Field(description='時期。年度（2026）または四半期（"2026Q3"）。')
    text: RichText = Field(description="内容。")
    status: MilestoneStatus = Field(
        MilestoneStatus.PLANNED,
        description="planned（予定）、in_progress、done（完了）、delayed（遅延）、cancelled。",
    )


class DepartmentRole(StrEnum):
    LEAD = "lead"
    COOPERATING = "cooperating"
    PAGE_OWNER = "page_owner"


class DepartmentAssignment(Model):
    """The role one of the measure's departments plays (主管課、関係課、ページの担当)."""

    schema_description: ClassVar[str] = "施策の担当部署の役割（主管・連携・ページの担当）。"

    department: Identifier = Field(description="部署の id（この施策の departments にあるもの）。")
    role: DepartmentRole = Field(
        description="役割: lead（主管・取りまとめ）、cooperating（連携・関係課）、"
        "page_owner（公開ページの担当）。"
    )


class MeasureRelatedPlan(Model):
    """A plan that this measure relates to (e.g. a sector plan that also lists it)."""

    schema_description: ClassVar[str] = "施策に関連する計画（個別計画など）。"

    name: str = Field(description="関連する計画の名称。")
    relation: str | None = Field(None, description="関係（例: 再掲、個別計画）。")


class NextPlanDecision(StrEnum):
    CONTINUE = "continue"
    REVISE = "revise"
    MERGE = "merge"
    COMPLETE = "complete"
    DISCONTINUE = "discontinue"


class NextPlan(Model):
    """What becomes of the measure in the next plan (計画の終わりの評価で決める)."""

    schema_description: ClassVar[str] = (
        "施策の次期計画での扱い（継続・見直し・統合・完了・廃止）と理由。"
    )

    decision: NextPlanDecision = Field(
        description="次期計画での扱い: continue（次期計画で継続）、revise（見直して継続）、"
        "merge（他の施策に統合）、complete（完了）、discontinue（廃止）。"
    )
    note: RichText | None = Field(None, description="理由・補足。")


class Measure(Model):
    """個別施策: one file in measures/."""

    schema_description: ClassVar[str] = "第6章 個別施策: measures/ の1ファイルに1施策。"

    id: Identifier = Field(description="施策の id（計画全体で一意。例: m-1-01）。")
    number: str | None = Field(None, description="計画独自の番号（例: 1-8-3）。")
    group: str | None = Field(None, description="計画独自の体系（plan.yaml の groups）の番号。")
    name: str = Field(description="施策名。", min_length=1)
    pillar: Pillar | None = Field(
        None,
        description="柱: online、open_data、mynumber_card、digital_divide、standardization、other。"
        "plan.yaml の classification が pillars（既定）のときは必須、own_structure のときは任意。",
    )
    related_pillars: list[Pillar] = Field(default_factory=list, description="関係するほかの柱。")
    field: PriorityField | None = Field(
        None,
        description="重点分野: e_government、health、tourism、finance、agriculture、manufacturing、"
        "infrastructure、mobility、other。計画書が分野を示さないときは省略します（「その他」とは"
        "表示しません）。",
    )
    mark: Mark | None = Field(
        None, description="national（◎ 国の施策と整合）、local（○ 他団体の事例に基づく）。"
    )
    catalogue_example: str | None = Field(
        None, description="もとにした手引の記載例の id（例: ex-1-02）。"
    )
    departments: IdentifiersOrNotStated = Field(
        description="担当部署の id（plan.yaml の departments）。計画書に担当が書かれていないときは"
        f"「{NOT_STATED}」。"
    )
    department_roles: list[DepartmentAssignment] = Field(
        default_factory=list,
        description="担当部署の役割（主管・連携・ページの担当）。書かないときは departments の最初が主管。",
    )
    summary: RichText | None = Field(None, description="一文の要約。")
    aim: RichText | None = Field(None, description="この施策のめざす姿。")
    background: RichText | None = Field(None, description="背景・課題。")
    overview: RichText | None = Field(None, description="取組の概要。")
    content: RichText | None = Field(
        None,
        description="取組の内容。overview（概要）や actions（具体的な取組）で書くときは省略できます。",
    )
    actions: list[RichText] = Field(
        default_factory=list, description="具体的な取組（箇条書きの1項目ずつ）。"
    )
    related_plans: list[MeasureRelatedPlan] = Field(
        default_factory=list, description="この施策に関連する計画（個別計画など）。"
    )
    related_laws: list[str] = Field(
        default_factory=list, description="この施策に関係する法令・条例（例: 情報通信技術活用法）。"
    )
    basic_act_articles: BasicActArticles | None = Field(
        None, description="根拠となる基本法の条（第10〜19条）。"
    )
    partners: list[Partner] = Field(
        default_factory=list, description="連携先（民間事業者、NPO、大学など）。"
    )
    budget: list[BudgetLine] = Field(default_factory=list, description="年度ごとの予算。")
    kpis: list[Kpi] = Field(default_factory=list, description="KPI。")
    relisted_kpis: list[Identifier] = Field(
        default_factory=list, description="ほかの施策で定義した KPI の再掲（id）。"
    )
    schedule: list[Milestone] = Field(default_factory=list, description="スケジュール。")
    national_measures: list[str] = Field(
        default_factory=list, description="対応する国の施策の id（例: nm-01）。"
    )
    case_studies: list[str] = Field(
        default_factory=list, description='対応する事例集の施策の番号（例: "1-1"）。'
    )
    catalogue_entries: list[str] = Field(
        default_factory=list,
        description="対応するほかの計画・施策一覧（カタログ）の項目。「カタログの id/項目のキー」で書きます"
        "（例: dx-2.3/3.1(1) は自治体DX推進計画【第2.3版】の重点取組事項(1)、県の計画なら"
        " 220001-2025-03-21/m-1-01）。項目の一覧は catalog show コマンドにカタログの id を渡すと表示されます。",
    )
    data_use: DataUse | None = Field(None, description="データ活用検討ワークシート。")
    next_plan: NextPlan | None = Field(
        None, description="次期計画での扱い（計画期間の終わりの評価で決めたもの）。"
    )
    notes: list[RichText] = Field(
        default_factory=list, description="補足（庁内限定にもできます）。"
    )
    internal_notes: list[str] = internal_field(
        default_factory=list, description="庁内メモ（庁内限定）。"
    )

    @property
    def department_ids(self) -> list[str]:
        """The departments' ids; none when the plan does not state them (計画に記載なし)."""
        return self.departments if isinstance(self.departments, list) else []

    @property
    def departments_stated(self) -> bool:
        return isinstance(self.departments, list)

    @property
    def lead_department(self) -> str | None:
        """The lead department's id: the one given the lead role, else the first listed; None
        when the plan states no department."""
        lead = next(
            (a.department for a in self.department_roles if a.role is DepartmentRole.LEAD), None
        )
        return lead or next(iter(self.department_ids), None)

    def departments_with_role(self, role: DepartmentRole) -> list[str]:
        return [a.department for a in self.department_roles if a.role is role]

    @property
    def has_content(self) -> bool:
        """Whether the measure says what it does: content, an overview or concrete actions."""
        texts = [self.content, self.overview, *self.actions]
        return any(text is not None and text.text.strip() for text in texts)
