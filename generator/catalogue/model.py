"""Models of the national catalogue: pillars, fields, national measures, case studies, examples."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from generator.model.common import ID_PATTERN, Pillar, PriorityField

# The ids come from the glossary; the enums are the plan model's own.
PillarId = Pillar
FieldId = PriorityField
Mark = Literal["national", "local"]

NATIONAL_MEASURE_ID = r"^nm-\d{2,}$"
CASE_STUDY_ID = r"^\d+-\d+$"
EXAMPLE_ID = r"^ex-\d+-\d{2,}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)


IssuerLevel = Literal["national", "prefecture", "municipality", "special_ward"]
DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"


def _date_text(value: Any) -> Any:
    """YAML reads 2024-02-05 as a date; the catalogue keeps the text (2017-10 is a month)."""
    return value.isoformat() if isinstance(value, dt.date) else value


# 発行日: 2024-02-05, or 2017-10 where the source gives only the month.
IssueDate = Annotated[str, BeforeValidator(_date_text), Field(pattern=DATE_PATTERN)]


class CatalogueInfo(_Frozen):
    """Identity and provenance of a catalogue."""

    id: str = Field(
        pattern=ID_PATTERN,
        max_length=64,
        description="カタログの識別子（例: tebiki-2017、dx-2.3）。施策からは「id/項目」で参照します。",
    )
    version: str = Field(description="カタログの版（例: 第2.3版、2017-10）")
    title: str = Field(description="カタログの表題（出典の文書名）")
    source: str = Field(description="出典（発行者・文書名・発行時期）")
    issuer: str | None = Field(None, description="発行者（例: 総務省、静岡県）")
    issuer_level: IssuerLevel | None = Field(
        None,
        description="発行者の種類: national（国）、prefecture（都道府県）、municipality（市町村）、"
        "special_ward（特別区）",
    )
    issuer_lg_code: str | None = Field(
        None,
        pattern=r"^\d{6}$",
        description="発行した団体の地方公共団体コード（県の計画などを書き出したとき）",
    )
    date: IssueDate | None = Field(
        None, description="発行日・策定日・改定日（2024-02-05、月までなら 2017-10）"
    )
    url: str | None = Field(None, description="出典の URL")
    series: str | None = Field(
        None,
        pattern=ID_PATTERN,
        description="同じ計画・一覧の版をまとめる識別子（例: jichitai-dx）。同じ series の新しい版が"
        "同梱されていれば、validate が古い版の参照を知らせます。",
    )
    supersedes: str | None = Field(
        None, pattern=ID_PATTERN, description="この版が改めた前の版のカタログの id"
    )


class PillarEntry(_Frozen):
    """One of the five pillars of the basic act, or the sixth group その他."""

    id: PillarId = Field(description="柱の識別子")
    number: int = Field(ge=1, description="雛型の個別施策における柱の番号（1〜6）")
    label: str = Field(
        description="柱の正式な名称（例: 手続における情報通信の技術の利用等に係る取組）"
    )
    short_label: str = Field(description="柱の略称（例: オンライン化原則）")
    article: int | None = Field(
        description="対応する官民データ活用推進基本法の条（その他の群は null）"
    )


class FieldEntry(_Frozen):
    """A priority field (重点分野) used to tag examples."""

    id: FieldId = Field(description="重点分野の識別子")
    label: str = Field(description="重点分野の名称（例: 電子行政）")


class NationalMeasure(_Frozen):
    """A national measure (国の施策) cited by ◎ examples."""

    id: str = Field(
        pattern=NATIONAL_MEASURE_ID, description="国の施策の識別子（nm-01 など、初出順）"
    )
    name: str = Field(description="国の施策の名称")
    points: list[str] = Field(default_factory=list, description="施策の要点（1項目1文に要約）")
    targets: str | None = Field(
        default=None, description="目標・達成時期の要約（記載がなければ null）"
    )


class CaseStudy(_Frozen):
    """A case study (事例集) cited by ○ examples."""

    id: str = Field(pattern=CASE_STUDY_ID, description="事例集の番号（例: 1-1, 3-6）")
    title: str = Field(description="事例の名称")
    municipality: str = Field(description="事例の地方公共団体（または機関）")


class TemplateExample(_Frozen):
    """An example measure (記載例) of the template."""

    id: str = Field(pattern=EXAMPLE_ID, description="記載例の識別子（ex-<柱番号>-<柱内の連番>）")
    name: str = Field(description="施策の名称")
    pillar: PillarId = Field(description="記載例が掲載されている柱")
    field: FieldId = Field(description="記載例に付された重点分野")
    mark: Mark = Field(
        description="national（◎ 国の施策に対応）または local（○ 事例集の施策に基づく）"
    )
    content: str = Field(description="施策の内容の要約（1〜3文）")
    kpis: list[str] = Field(default_factory=list, description="KPI の各行")
    schedule: list[str] = Field(default_factory=list, description="スケジュールの各行")
    national_measures: list[str] = Field(
        default_factory=list, description="対応する国の施策の識別子"
    )
    case_studies: list[str] = Field(default_factory=list, description="対応する事例集の番号")


class Catalogue(_Frozen):
    """The whole catalogue, checked for internal consistency."""

    catalogue: CatalogueInfo = Field(description="カタログの識別情報と出典")
    pillars: list[PillarEntry] = Field(description="柱の一覧（番号順）")
    fields: list[FieldEntry] = Field(description="重点分野の一覧")
    national_measures: list[NationalMeasure] = Field(description="国の施策の一覧")
    case_studies: list[CaseStudy] = Field(description="事例集の一覧")
    template_examples: list[TemplateExample] = Field(description="記載例の一覧（掲載順）")

    @model_validator(mode="after")
    def _check_consistency(self) -> Catalogue:
        problems = self.consistency_problems()
        if problems:
            raise ValueError("; ".join(f"{_path(loc)}: {msg}" for loc, msg in problems))
        return self

    def consistency_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Return ``(loc, message)`` for every duplicate id and dangling reference."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for key in ("pillars", "fields", "national_measures", "case_studies", "template_examples"):
            seen: set[str] = set()
            for i, item in enumerate(getattr(self, key)):
                if item.id in seen:
                    problems.append(((key, i, "id"), f"識別子 `{item.id}` が重複しています。"))
                seen.add(item.id)
        numbers = {p.id: p.number for p in self.pillars}
        fields = set(self.field_ids)
        measures = set(self.national_measure_ids)
        cases = set(self.case_study_ids)
        for i, ex in enumerate(self.template_examples):
            loc = ("template_examples", i)
            if ex.pillar not in numbers:
                problems.append((loc + ("pillar",), f"柱 `{ex.pillar}` がカタログにありません。"))
            elif not ex.id.startswith(f"ex-{numbers[ex.pillar]}-"):
                problems.append(
                    (
                        loc + ("id",),
                        f"`{ex.id}` は柱 `{ex.pillar}` の番号 {numbers[ex.pillar]} と合いません。",
                    )
                )
            if ex.field not in fields:
                problems.append(
                    (loc + ("field",), f"重点分野 `{ex.field}` がカタログにありません。")
                )
            for j, ref in enumerate(ex.national_measures):
                if ref not in measures:
                    problems.append(
                        (
                            loc + ("national_measures", j),
                            f"国の施策 `{ref}` がカタログにありません。",
                        )
                    )
            for j, ref in enumerate(ex.case_studies):
                if ref not in cases:
                    problems.append(
                        (loc + ("case_studies", j), f"事例集 `{ref}` がカタログにありません。")
                    )
        return problems

    @property
    def pillar_ids(self) -> list[str]:
        return [p.id for p in self.pillars]

    @property
    def field_ids(self) -> list[str]:
        return [f.id for f in self.fields]

    @property
    def national_measure_ids(self) -> list[str]:
        return [m.id for m in self.national_measures]

    @property
    def case_study_ids(self) -> list[str]:
        return [c.id for c in self.case_studies]

    @property
    def example_ids(self) -> list[str]:
        return [e.id for e in self.template_examples]

    def pillar(self, id: str) -> PillarEntry | None:
        return next((p for p in self.pillars if p.id == id), None)

    def field(self, id: str) -> FieldEntry | None:
        return next((f for f in self.fields if f.id == id), None)

    def national_measure(self, id: str) -> NationalMeasure | None:
        return next((m for m in self.national_measures if m.id == id), None)

    def case_study(self, id: str) -> CaseStudy | None:
        return next((c for c in self.case_studies if c.id == id), None)

    def example(self, id: str) -> TemplateExample | None:
        return next((e for e in self.template_examples if e.id == id), None)

    def examples_in_pillar(self, pillar_id: str) -> list[TemplateExample]:
        """Examples listed under one pillar, in document order."""
        return [e for e in self.template_examples if e.pillar == pillar_id]

    def examples_citing_measure(self, measure_id: str) -> list[TemplateExample]:
        """Examples that answer a national measure."""
        return [e for e in self.template_examples if measure_id in e.national_measures]

    def examples_citing_case(self, case_id: str) -> list[TemplateExample]:
        """Examples based on a case study."""
        return [e for e in self.template_examples if case_id in e.case_studies]


def _path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
