"""The data-use worksheet (F12, データ活用検討ワークシート) of a measure."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field

from generator.model.common import Model, RichText, internal_field
from generator.model.dates import PartialDateField


class UseType(StrEnum):
    IN_PURPOSE = "in_purpose"
    BEYOND_PURPOSE = "beyond_purpose"


class BeyondPurposeClause(StrEnum):
    """目的外利用の根拠条項の型（ガイドブック表3-11の①〜⑧）."""

    CONSENT = "consent"
    LAW = "law"
    VITAL_INTEREST = "vital_interest"
    OWN_DUTIES = "own_duties"
    PUBLISHED = "published"
    PUBLIC_INTEREST = "public_interest"
    RESEARCH_STATISTICS = "research_statistics"
    COUNCIL = "council"


class CouncilStatus(StrEnum):
    NOT_NEEDED = "not_needed"
    PLANNED = "planned"
    CONSULTED = "consulted"
    APPROVED = "approved"
    REJECTED = "rejected"


class DataItem(Model):
    schema_description: ClassVar[str] = "施策に必要なデータの一つ（データ活用検討ワークシート）。"

    name: str = Field(description="データの名称（例: 保育所入所申請情報）。")
    holder: str | None = Field(None, description="保有する部署の id または名称。")
    personal_information: bool = Field(False, description="個人情報を含むか。")
    description: RichText | None = Field(None, description="内容。")


class RegisterEntry(Model):
    """個人情報取扱事務目録の記載."""

    schema_description: ClassVar[str] = (
        "個人情報取扱事務目録（個人情報ファイル簿）の記載（庁内限定）。"
    )

    register_entry: str = Field(description="事務名。")
    purpose_of_use: str = Field(description="利用目的。")
    owner_department: str = Field(description="所管部署。")


class PrivacyCouncil(Model):
    """個人情報保護審議会への諮問."""

    schema_description: ClassVar[str] = "個人情報保護審議会への諮問の記録。"

    status: CouncilStatus = Field(
        description="not_needed（不要）、planned（予定）、consulted（諮問済）、approved（了承）、rejected（不承認）。"
    )
    consulted_on: PartialDateField | None = Field(
        None, description="諮問日（例: 2025-06-12、令和7年6月）。"
    )
    answered_on: PartialDateField | None = Field(
        None, description="答申日（例: 2025-08-20、令和7年8月）。"
    )
    summary: RichText | None = Field(None, description="諮問・答申の概要。")


class AfterUse(Model):
    schema_description: ClassVar[str] = "データの利用後の取扱い（消去とその記録など）。"

    handling: RichText = Field(
        description="利用後の取扱い（例: 分析終了後に削除し、削除記録を残す）。"
    )
    deletion_recorded: bool = Field(False, description="削除の記録を残すか。")


class ProcedureChecklist(Model):
    """ガイドブック第3章の手順のうち、済んだもの."""

    schema_description: ClassVar[str] = "データ活用の手順のうち、済んだもの。"

    purpose_defined: bool = Field(False, description="目的を明確にした。")
    kpi_defined: bool = Field(False, description="サービスと KPI を定めた。")
    data_identified: bool = Field(False, description="必要なデータを洗い出した。")
    legal_basis_checked: bool = Field(False, description="法令・条例上の根拠を確認した。")
    council_consulted: bool = Field(False, description="必要な審議会への諮問を済ませた。")
    acquisition_arranged: bool = Field(False, description="データの取得方法を決めた。")
    after_use_decided: bool = Field(False, description="利用後の取扱いを決めた。")


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


class DataUse(Model):
    """データ活用検討ワークシート."""

    schema_description: ClassVar[str] = "データ活用検討ワークシート（施策ごと、任意）。"

    purpose: RichText = Field(description="データを使う目的。")
    data_items: list[DataItem] = Field(default_factory=list, description="必要なデータ。")
    personal_information: bool = Field(False, description="個人情報を扱うか。")
    personal_info_register: Annotated[list[RegisterEntry], BeforeValidator(_one_or_many)] = (
        internal_field(
            default_factory=list,
            description="個人情報取扱事務目録（個人情報ファイル簿）の記載。1件なら直接、複数ならリストで（庁内限定）。",
        )
    )
    legal_basis: RichText | None = Field(None, description="法令上の根拠。")
    use_type: UseType | None = Field(
        None, description="in_purpose（目的内利用）または beyond_purpose（目的外利用）。"
    )
    clause: BeyondPurposeClause | None = Field(
        None,
        description="目的外利用の根拠条項の型: consent①、law②、vital_interest③、own_duties④、published⑤、"
        "public_interest⑥、research_statistics⑦、council⑧。",
    )
    privacy_council: PrivacyCouncil | None = Field(None, description="個人情報保護審議会への諮問。")
    abstraction: list[str] = Field(
        default_factory=list,
        description="抽象化の方法（例: 氏名の削除、住所を町丁目まで、生年月日を年齢に）。",
    )
    after_use: AfterUse | None = Field(None, description="利用後の取扱い。")
    checklist: ProcedureChecklist = Field(
        default_factory=ProcedureChecklist, description="手順の進み具合。"
    )
    internal_notes: list[str] = internal_field(
        default_factory=list, description="庁内メモ（庁内限定）。"
    )
