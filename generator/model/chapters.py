"""The template's chapters 1–5 and 7 (chapter 6 is the measures), one file each under plan/."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from generator.model.common import Model, Pillar, RichText


class Issue(Model):
    schema_description: ClassVar[str] = "課題: 現状から見えた課題の一つ。"

    title: str = Field(description="課題の見出し。")
    text: RichText = Field(description="課題の説明。")


class Figure(Model):
    """A figure that supports the current state (with its source)."""

    schema_description: ClassVar[str] = "現状を示す数値や図表と、その出典。"

    label: str = Field(description="指標名（例: 高齢化率）。")
    value: float | str = Field(description="値。")
    unit: str | None = Field(None, description="単位（例: %）。")
    as_of: str | None = Field(None, description="時点（例: 2024年1月1日）。")
    source: str = Field(description="出典。")


class CurrentState(Model):
    """第1章 現状及び課題."""

    schema_description: ClassVar[str] = "第1章 現状及び課題（plan/current_state.yaml）。"

    narrative: RichText = Field(description="現状の説明。")
    issues: list[Issue] = Field(default_factory=list, description="課題の一覧。")
    figures: list[Figure] = Field(default_factory=list, description="現状を示す数値と出典。")


class Audience(StrEnum):
    RESIDENTS = "residents"
    BUSINESSES = "businesses"
    STAFF = "staff"
    COMMUNITY = "community"


class Benefit(Model):
    schema_description: ClassVar[str] = "計画で期待される効果（対象ごと）。"

    audience: Audience = Field(
        description="対象: residents（住民）、businesses（事業者）、staff（職員）、community（地域）。"
    )
    text: RichText = Field(description="期待される効果。")


class Purpose(Model):
    """第2章 目的."""

    schema_description: ClassVar[str] = "第2章 目的（plan/purpose.yaml）。"

    narrative: RichText = Field(description="計画の目的。")
    benefits: list[Benefit] = Field(default_factory=list, description="対象ごとの効果。")


class RelatedPlan(Model):
    schema_description: ClassVar[str] = "関連する計画と、この計画との関係。"

    name: str = Field(description="関連する計画の名称。")
    relation: RichText = Field(description="この計画との関係（例: 上位計画、整合を図る）。")
    period: str | None = Field(None, description="関連計画の期間。")


class Positioning(Model):
    """第3章 位置付け."""

    schema_description: ClassVar[str] = "第3章 位置付け（plan/positioning.yaml）。"

    narrative: RichText = Field(description="計画の位置付け。")
    related_plans: list[RelatedPlan] = Field(default_factory=list, description="関連する計画。")


class ReviewCadence(StrEnum):
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class Body(Model):
    schema_description: ClassVar[str] = "推進体制の会議体・組織と、その役割。"

    name: str = Field(description="組織の名称（例: 官民データ活用推進プロジェクトチーム）。")
    role: RichText = Field(description="役割。")
    chair: str | None = Field(None, description="長（例: 副市長）。")
    members: list[str] = Field(default_factory=list, description="構成員。")


class Structure(Model):
    """第4章 推進体制."""

    schema_description: ClassVar[str] = "第4章 推進体制（plan/structure.yaml）。"

    narrative: RichText = Field(description="推進体制の説明。")
    bodies: list[Body] = Field(default_factory=list, description="推進する組織。")
    review_cadence: ReviewCadence = Field(
        ReviewCadence.QUARTERLY,
        description="進捗確認の頻度: quarterly（四半期ごと）、half_yearly、yearly。",
    )


class PillarPolicy(Model):
    schema_description: ClassVar[str] = (
        "柱ごとの基本的な方針と、根拠となる官民データ活用推進基本法の条。"
    )

    pillar: Pillar = Field(
        description="柱: online、open_data、mynumber_card、digital_divide、standardization。"
    )
    text: RichText = Field(description="この柱の基本的な方針。")


class Policy(Model):
    """第5章 基本的な方針 (the five pillars)."""

    schema_description: ClassVar[str] = (
        "第5章 基本的な方針（plan/policy.yaml）: 5つの柱ごとの方針。"
    )

    narrative: RichText = Field(description="基本的な方針の前文。")
    pillars: list[PillarPolicy] = Field(
        default_factory=list, description="柱ごとの方針（5つの柱すべて）。"
    )


class SecurityMeasure(Model):
    schema_description: ClassVar[str] = "セキュリティ・個人情報保護の対策の一つ。"

    title: str = Field(description="対策の見出し。")
    text: RichText = Field(description="対策の内容。")


class Security(Model):
    """第7章 セキュリティ及び個人情報の適正な取扱いの確保."""

    schema_description: ClassVar[str] = (
        "第7章 セキュリティ及び個人情報の適正な取扱いの確保（plan/security.yaml）。"
    )

    narrative: RichText = Field(description="基本的な考え方。")
    laws: list[str] = Field(default_factory=list, description="遵守する法律。")
    policies: list[str] = Field(
        default_factory=list, description="情報セキュリティポリシー等の規程。"
    )
    ordinances: list[str] = Field(default_factory=list, description="条例・規則。")
    measures: list[SecurityMeasure] = Field(default_factory=list, description="講じる対策。")


CHAPTER_FILES: dict[str, type[Model]] = {
    "current_state": CurrentState,
    "purpose": Purpose,
    "positioning": Positioning,
    "structure": Structure,
    "policy": Policy,
    "security": Security,
}
