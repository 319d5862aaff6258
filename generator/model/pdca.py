"""PDCA notes of one quarter: `kpi/notes/<quarter>.yaml` (e.g. kpi/notes/2025Q2.yaml).

Per measure: its implementation status (実施状況) and the project team's
evaluation (評価), issues (課題) and next actions (改善策). Each text is public
unless written as `{text: …, visibility: internal}` (庁内限定).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field, field_validator

from generator.model.common import Identifier, Model, RichText
from generator.quarters import ReviewPeriod


class ImplementationStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DELAYED = "delayed"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


class MeasureNote(Model):
    """One measure's PDCA note for the quarter."""

    schema_description: ClassVar[str] = (
        "施策ごとの四半期の PDCA 記録（実施状況・評価・課題・改善策）。"
    )

    status: ImplementationStatus = Field(
        description="実施状況: not_started（未着手）、in_progress（実施中）、completed（完了）、"
        "delayed（遅延）、suspended（休止）、cancelled（中止）。"
    )
    evaluation: RichText | None = Field(None, description="評価（Check）。")
    issues: list[RichText] = Field(default_factory=list, description="課題。")
    next_actions: list[RichText] = Field(
        default_factory=list, description="改善策・次の取組（Act）。"
    )


class QuarterNotes(Model):
    """kpi/notes/<quarter>.yaml: the project team's notes for one quarter."""

    schema_description: ClassVar[str] = "四半期の PDCA 記録（kpi/notes/<四半期>.yaml）。"

    quarter: str = Field(
        description="四半期（例: 2025Q2 = 2025年度第2四半期、令和7年度7〜9月）。年1回の確認"
        "（review_cadence: yearly）では年度（例: 2024）。ファイル名と同じにします。"
    )
    summary: RichText | None = Field(
        None, description="四半期全体の所見（報告書の冒頭に載ります）。"
    )
    measures: dict[Identifier, MeasureNote] = Field(
        default_factory=dict, description="施策の id ごとの記録。"
    )

    @field_validator("quarter", mode="before")
    @classmethod
    def _quarter_shape(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            return str(ReviewPeriod.parse(value))
        return value

    @property
    def period(self) -> ReviewPeriod:
        """The review the notes are for: a quarter, or a 年度 (yearly review)."""
        return ReviewPeriod.parse(self.quarter)
