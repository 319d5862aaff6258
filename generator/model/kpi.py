"""KPIs (F4): kinds, directions, baselines and targets per 年度."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Union

from pydantic import BeforeValidator, Field, Tag

from generator.model.common import (
    NOT_STATED,
    NOT_STATED_CHOICE,
    NOT_STATED_MEMBER,
    FiscalTime,
    FiscalTimeOrNotStated,
    Identifier,
    Model,
    RichText,
)


class KpiKind(StrEnum):
    QUANTITY = "quantity"
    PERCENTAGE = "percentage"
    MONEY = "money"
    TIME = "time"
    MILESTONE = "milestone"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    KEEP = "keep"


class Accumulation(StrEnum):
    CUMULATIVE = "cumulative"
    PER_PERIOD = "per_period"


class KpiType(StrEnum):
    OUTPUT = "output"
    OUTCOME = "outcome"


DEFAULT_MILESTONE_LEVELS = ["未実施", "実施中", "実施"]

Value = float | str


NOT_AVAILABLE_MARKS = ("—", "－", "-", "―", "ー", "")


def _not_available(value: Any) -> Any:
    """「—」 (and its look-alikes) in a baseline means 'not available': no value."""
    if isinstance(value, str) and value.strip() in NOT_AVAILABLE_MARKS:
        return None
    return value


class Baseline(Model):
    """基準値: the value at the start, when it was measured, and where it comes from."""

    schema_description: ClassVar[str] = "基準値: 計画開始時点の値、いつの値か、出典。"

    value: Annotated[Value | None, BeforeValidator(_not_available)] = Field(
        description="基準値（定性 KPI では段階の名前）。計画書で「—」（把握していない）のときは"
        ' null または "—" と書き、label は残します。'
    )
    fiscal_year: int | None = Field(None, description="基準値が表す年度（表の見出しの年）。")
    label: str | None = Field(None, description="計画書での表記（例: 現状値(2022年)）。")
    measured: RichText | None = Field(
        None,
        description="実際に測った時点が見出しと違うときの説明（例: 2021年10月の市民意識調査）。",
    )
    source: str | None = Field(None, description="出典。")


class Target(Model):
    """目標値 for one 年度 (or, for a milestone, a quarter)."""

    schema_description: ClassVar[str] = "目標値: 年度（定性の KPI では四半期も可）ごとの値。"

    when: FiscalTimeOrNotStated = Field(
        description='目標の時期。年度（2027）または四半期（"2026Q2"）。計画書に時期が書かれていないときは'
        f"「{NOT_STATED}」。"
    )
    value: Value = Field(description="目標値（定性 KPI では段階の名前）。")

    @property
    def due(self) -> FiscalTime | None:
        """The 年度 or quarter the target is for; None when the plan does not state it."""
        return self.when if isinstance(self.when, FiscalTime) else None


# 目標値 per 年度, or 「計画に記載なし」 when the plan gives the KPI no target.
TargetsOrNotStated = Annotated[
    Union[Annotated[list[Target], Tag("stated")], NOT_STATED_MEMBER],  # noqa: UP007
    NOT_STATED_CHOICE,
]


class PendingTarget(Model):
    """目標値 未設定: when it will be set, and why not yet."""

    schema_description: ClassVar[str] = "目標値が未設定のとき: いつまでに設定するか、未設定の理由。"

    decide_by: dt.date = Field(description="目標を設定する期限。")
    reason: RichText | None = Field(None, description="未設定の理由。")


class Kpi(Model):
    """A KPI (重要業績評価指標) of a measure."""

    schema_description: ClassVar[str] = "KPI（重要業績評価指標）。"

    id: Identifier = Field(description="KPI の id（計画全体で一意。例: k-1-01-1）。")
    name: str = Field(description="指標名。", min_length=1)
    type: KpiType = Field(
        KpiType.OUTPUT,
        description="output（進捗: 施策が実施されているか）または outcome（効果: 住民への効果）。",
    )
    kind: KpiKind = Field(
        description="種類: quantity（数量）、percentage（割合）、money（金額）、time（時間）、milestone（定性の段階）。"
    )
    unit: str | None = Field(None, description="単位（例: 件、%、円、分）。milestone では不要。")
    direction: Direction = Field(
        Direction.INCREASE,
        description="望ましい方向: increase（増やす）、decrease（減らす）、keep（維持）。",
    )
    accumulation: Accumulation = Field(
        Accumulation.PER_PERIOD,
        description="cumulative（累計）または per_period（各年度の値）。",
    )
    department: Identifier | None = Field(
        None, description="実績を報告する部署の id。省略時は施策の最初の担当部署。"
    )
    baseline: Baseline | None = Field(None, description="基準値。ない場合は省略。")
    targets: TargetsOrNotStated = Field(
        default_factory=list,
        description="目標値（年度ごと、または最終年度のみ）。計画書に目標が書かれていないときは"
        f"「{NOT_STATED}」。",
    )
    target_label: str | None = Field(
        None,
        description="計画書での目標の列の見出し（例: 目標値(2026年)又は実施スケジュール）。",
    )
    target_text: RichText | None = Field(
        None, description="数値でなく文章で示す目標（例: 令和8年度までに全庁展開）。"
    )
    target_pending: PendingTarget | None = Field(
        None, description="目標値が未設定のとき、その期限と理由。"
    )
    levels: list[str] = Field(
        default_factory=lambda: list(DEFAULT_MILESTONE_LEVELS),
        description="milestone の段階（低い順）。既定は 未実施・実施中・実施。",
    )
    measurement: RichText | None = Field(None, description="測り方。")
    data_source: str | None = Field(None, description="データの出所。")
    notes: list[RichText] = Field(
        default_factory=list, description="補足（庁内限定にもできます）。"
    )

    @property
    def is_milestone(self) -> bool:
        return self.kind is KpiKind.MILESTONE

    @property
    def target_list(self) -> list[Target]:
        """The targets; none when the plan states no target (計画に記載なし)."""
        return self.targets if isinstance(self.targets, list) else []

    @property
    def targets_not_stated(self) -> bool:
        return not isinstance(self.targets, list)

    @property
    def dated_targets(self) -> list[Target]:
        """The targets whose 年度 or quarter the plan states (the ones progress can be judged by)."""
        return [target for target in self.target_list if target.due is not None]

    @property
    def target_is_schedule(self) -> bool:
        """Whether the KPI is the measure's schedule: stages by date, or the plan's column says so
        (「目標値又は実施スケジュール」)."""
        if "スケジュール" in (self.target_label or ""):
            return True
        return self.is_milestone and bool(self.dated_targets)
