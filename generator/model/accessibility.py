"""ウェブアクセシビリティ方針 (JIS X 8341-3:2016 附属書JA): the `accessibility:` section of plan.yaml.

Every field has a default, so `accessibility: {}` already gives the policy page
(AA準拠 as the goal, the plan's contact); the test results are read from the
files named here (written by `dataplan a11y-check` and by the people who test).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from generator.model.common import Model


class TargetLevel(StrEnum):
    A = "A"
    AA = "AA"


class Conformance(StrEnum):
    """対応度 (WAIC の表記ガイドライン): the one aimed at; the one reached is derived from the tests."""

    COMPLIANT = "準拠"
    PARTIAL = "一部準拠"
    CONSIDERED = "配慮"


class Accessibility(Model):
    """ウェブアクセシビリティ方針と試験結果の設定。"""

    schema_description: ClassVar[str] = (
        "ウェブアクセシビリティ方針（JIS X 8341-3:2016）と試験結果ページの設定。"
        "省略した項目は既定値（AA準拠を目標、問い合わせ先は計画の問い合わせ先）になります。"
    )

    scope: str = Field(
        "この計画の公開サイト（このサイトのすべてのページ）",
        description="方針の対象範囲。",
    )
    out_of_scope: list[str] = Field(
        default_factory=list,
        description="対象外とするもの（例: 他団体が作成した PDF、外部サービスの地図）。",
    )
    target_level: TargetLevel = Field(TargetLevel.AA, description="目標とする適合レベル: A、AA。")
    target_conformance: Conformance = Field(
        Conformance.COMPLIANT, description="目標とする対応度: 準拠、一部準拠、配慮。"
    )
    deadline: dt.date | None = Field(None, description="目標を達成する期限（例: 2027-03-31）。")
    exceptions: list[str] = Field(
        default_factory=list, description="例外とするコンテンツと、その理由。"
    )
    known_problems: list[str] = Field(
        default_factory=list, description="分かっている問題（達成基準を満たしていない箇所など）。"
    )
    plans: list[str] = Field(default_factory=list, description="今後の取組の予定。")
    contact: str | None = Field(
        None,
        description="アクセシビリティについての問い合わせ先（省略時は計画の問い合わせ先）。",
    )
    site_url: str | None = Field(
        None,
        description="公開サイトの URL（例: https://www.city.example.jp/dx/）。試験したページの URI に使います。",
    )
    test_results: str = Field(
        "accessibility/test-results.json",
        description="dataplan a11y-check が書く試験結果（計画のフォルダからの相対パス）。",
    )
    judgements: str = Field(
        "accessibility/judgements.yaml",
        description="人による確認の結果（達成基準ごと。計画のフォルダからの相対パス）。",
    )
    statement_date: dt.date | None = Field(
        None, description="方針の策定日・表明日（例: 2026-04-01）。"
    )
