"""Reference catalogues: a plan or list that measures are aligned with, entry by entry.

The 2017 手引 (model.py) is the template: pillars, fields, examples, national
measures and case studies. A reference catalogue is simpler: its provenance and
its entries in sections, each with a stable key — the national DX plan's items
(`dx-2.3/3.1(1)`), or a prefecture's measures exported with `dataplan catalog export`
(`220001-2025-03-21/m-1-01`). A measure refers to an entry as `<catalogue id>/<key>`.
"""

from __future__ import annotations

from pydantic import Field

from generator.catalogue.model import CatalogueInfo, FieldId, PillarId, _Frozen

KEY_PATTERN = r"^[^\s/]+$"
REF_PATTERN = r"^[^\s/]+/[^\s/]+$"


def split_ref(ref: str) -> tuple[str, str] | None:
    """(catalogue id, entry key) of `dx-2.3/3.1(1)`, or None when it is not of that form."""
    catalogue_id, slash, key = ref.partition("/")
    if not slash or not catalogue_id or not key or "/" in key or ref != ref.strip():
        return None
    return catalogue_id, key


class CatalogueEntry(_Frozen):
    """One item of a reference catalogue (an item of the national plan, a prefecture's measure)."""

    key: str = Field(
        pattern=KEY_PATTERN,
        description="項目のキー（カタログの中で一意。空白と / は使えません。例: 3.1(1)、m-1-01）",
    )
    number: str | None = Field(None, description="出典での番号（例: (1)、1-1-1）")
    title: str = Field(min_length=1, description="項目の名称（出典の見出し）")
    summary: str | None = Field(None, description="項目の要約（出典にあるものだけ）")
    page: int | None = Field(None, ge=1, description="出典での頁")
    pillar: PillarId | None = Field(None, description="出典が示す柱（県の計画の施策など）")
    field: FieldId | None = Field(None, description="出典が示す重点分野")
    continues: list[str] = Field(
        default_factory=list,
        description="前の版で引き継ぐ項目（「前の版の id/キー」。例: 220001-2024-03-22/m-1-01）",
    )


class CatalogueSection(_Frozen):
    """A chapter or section of the source, holding its entries in order."""

    key: str | None = Field(None, description="節の番号（例: 3.1）")
    title: str = Field(min_length=1, description="節の見出し")
    entries: list[CatalogueEntry] = Field(min_length=1, description="節の項目（出典の順）")


class ReferenceCatalogue(_Frozen):
    """A catalogue file: its provenance and its sections of entries."""

    catalogue: CatalogueInfo = Field(description="カタログの識別情報と出典")
    sections: list[CatalogueSection] = Field(min_length=1, description="節の一覧（出典の順）")

    @property
    def id(self) -> str:
        return self.catalogue.id

    @property
    def entries(self) -> list[CatalogueEntry]:
        return [entry for section in self.sections for entry in section.entries]

    def entry(self, key: str) -> CatalogueEntry | None:
        return next((entry for entry in self.entries if entry.key == key), None)

    def ref(self, entry: CatalogueEntry) -> str:
        """The reference a measure writes: `dx-2.3/3.1(1)`."""
        return f"{self.id}/{entry.key}"

    @property
    def refs(self) -> list[str]:
        return [self.ref(entry) for entry in self.entries]

    def section_of(self, entry: CatalogueEntry) -> CatalogueSection:
        return next(section for section in self.sections if entry in section.entries)

    @property
    def is_national(self) -> bool:
        return self.catalogue.issuer_level == "national"
