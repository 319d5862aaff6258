"""Building blocks shared by the plan, measure and KPI models."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
)

from generator.labels import NOT_STATED
from generator.lg_code import lg_code_problem


class Model(BaseModel):
    """Base of every YAML-backed model: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=False)


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


def internal_field(**kwargs: Any) -> Any:
    """A field that is 庁内限定 by default: never shown in the public build."""
    extra = kwargs.pop("json_schema_extra", {}) or {}
    return Field(json_schema_extra={**extra, "x-internal": True}, **kwargs)


class Text(Model):
    """A free text that may be marked 庁内限定 (internal)."""

    schema_description: ClassVar[str] = (
        "文章。公開（public）か庁内限定（internal）かを指定できます。文字列だけなら公開です。"
    )

    text: str = Field(description="本文。")
    visibility: Visibility = Field(
        Visibility.PUBLIC, description="公開範囲。public（公開）または internal（庁内限定）。"
    )

    @property
    def is_internal(self) -> bool:
        return self.visibility is Visibility.INTERNAL

    def __str__(self) -> str:
        return self.text


def _text_from_yaml(value: Any) -> Any:
    if isinstance(value, str):
        return {"text": value}
    if not isinstance(value, dict):
        raise ValueError("文章（文字列）か、text と visibility の組を書いてください")
    return value


# In YAML a text is either a plain string (public) or {text: …, visibility: internal}.
RichText = Annotated[Text, BeforeValidator(_text_from_yaml)]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Identifier = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=64,
        description="識別子（半角英数字・ハイフン・ドット・下線）。",
    ),
]

QUARTER_PATTERN = re.compile(r"^(\d{4})[Qq]([1-4])$")


def _fiscal_time_from_yaml(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return FiscalTime(fiscal_year=value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return FiscalTime(fiscal_year=int(text))
        match = QUARTER_PATTERN.match(text)
        if match:
            return FiscalTime(fiscal_year=int(match[1]), quarter=int(match[2]))
        raise ValueError(f"年度（例: 2025）または四半期（例: 2025Q2）で書いてください: {text}")
    return value


class FiscalTime(BaseModel):
    """A 年度 (fiscal year, April–March) or one quarter of it (Q1 = April–June)."""

    model_config = ConfigDict(frozen=True)

    fiscal_year: int = Field(ge=1900, le=2200)
    quarter: int | None = Field(None, ge=1, le=4)

    @property
    def last_quarter_index(self) -> int:
        """Quarter count since FY0 of the last quarter this time covers (for ordering)."""
        return self.fiscal_year * 4 + (self.quarter or 4) - 1

    def __str__(self) -> str:
        return f"{self.fiscal_year}Q{self.quarter}" if self.quarter else str(self.fiscal_year)


# In YAML: `2026` (年度) or "2026Q2" (四半期).
FiscalYearOrQuarter = Annotated[
    FiscalTime,
    BeforeValidator(_fiscal_time_from_yaml),
    PlainSerializer(str, return_type=str),
    Field(json_schema_extra={"examples": [2026, "2026Q2"]}),
]


# 「計画に記載なし」: what the source plan does not state, recorded as such instead of an
# invented value. Written in YAML where the value would go (a department list, a target,
# a target's time, the period; a chapter file holding only this text).
NotStated = Literal["計画に記載なし"]  # the same text as labels.NOT_STATED
NOT_STATED_HINT = (
    f"計画書に書かれていないときは「{NOT_STATED}」と書けます（値を作らないでください）。"
)


def is_not_stated(value: Any) -> bool:
    return isinstance(value, str) and value.strip() == NOT_STATED


def _stated_or_not(value: Any) -> str:
    return "not_stated" if is_not_stated(value) else "stated"


def _strip_not_stated(value: Any) -> Any:
    return NOT_STATED if is_not_stated(value) else value


NOT_STATED_MEMBER = Annotated[NotStated, BeforeValidator(_strip_not_stated), Tag("not_stated")]
NOT_STATED_CHOICE = Discriminator(_stated_or_not)

# The value of a fiscal time, or 計画に記載なし.
FiscalTimeOrNotStated = Annotated[
    Union[Annotated[FiscalYearOrQuarter, Tag("stated")], NOT_STATED_MEMBER],  # noqa: UP007
    NOT_STATED_CHOICE,
]
IdentifiersOrNotStated = Annotated[
    Union[  # noqa: UP007
        Annotated[list[Identifier], Field(min_length=1), Tag("stated")], NOT_STATED_MEMBER
    ],
    NOT_STATED_CHOICE,
]


class Pillar(StrEnum):
    """The five pillars of the basic policy (基本的な方針), plus その他."""

    ONLINE = "online"
    OPEN_DATA = "open_data"
    MYNUMBER_CARD = "mynumber_card"
    DIGITAL_DIVIDE = "digital_divide"
    STANDARDIZATION = "standardization"
    OTHER = "other"


FIVE_PILLARS = [p for p in Pillar if p is not Pillar.OTHER]


class PriorityField(StrEnum):
    """The eight priority fields (重点分野) of the national plan, plus その他."""

    E_GOVERNMENT = "e_government"
    HEALTH = "health"
    TOURISM = "tourism"
    FINANCE = "finance"
    AGRICULTURE = "agriculture"
    MANUFACTURING = "manufacturing"
    INFRASTRUCTURE = "infrastructure"
    MOBILITY = "mobility"
    OTHER = "other"


def _lg_code_is_text(value: Any) -> Any:
    if isinstance(value, int):
        raise ValueError(
            f'地方公共団体コードは引用符で囲んだ文字列で書いてください（例: "{value:06d}"）'
        )
    return value


def _lg_code_is_valid(value: str) -> str:
    message = lg_code_problem(value)
    if message:
        raise ValueError(message)
    return value


# 地方公共団体コード as a plan or manifest writes it: quoted text of six digits with its check digit.
LgCode = Annotated[str, BeforeValidator(_lg_code_is_text), AfterValidator(_lg_code_is_valid)]
