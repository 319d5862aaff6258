"""Which plans to aggregate: a manifest (a YAML list) or a folder of plan folders.

A manifest lists one plan per item:

    - lg_code: "221309"
      path: plans/hamamatsu          # a plan folder, relative to the manifest
      site: https://example.jp/plan/  # the plan's published site (optional)
    - lg_code: "222135"
      repository: https://example.jp/city.git   # or file:///…, or a local path
      revision: v2                   # tag, branch or commit (default: HEAD)
      path: plan-folder              # the plan folder inside the repository (optional)

Each item becomes a `PlanSource`; an item that cannot be used is a located problem
and is left out, never stopping the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pydantic import Field, field_validator, model_validator

from generator.layout import PLAN_DIR
from generator.load import YamlDocument, node_at, read_yaml
from generator.model.common import LgCode, Model
from generator.problems import Problem, make_problem
from generator.validate.schema import validate_document


class ManifestEntry(Model):
    """One plan of the aggregate: its body's code and where the plan is."""

    schema_description: ClassVar[str] = "集計する計画の1件。"

    lg_code: LgCode = Field(
        description="団体の地方公共団体コード（6桁）。計画の plan.yaml と同じもの。"
    )
    path: str | None = Field(
        None,
        description="計画のフォルダ（plan/ のあるところ）。一覧のファイルからの相対パス。"
        "repository と一緒に書くと、リポジトリの中のフォルダ。",
    )
    repository: str | None = Field(
        None, description="計画の git リポジトリ（URL、file:// またはフォルダ）。"
    )
    revision: str | None = Field(
        None, description="リポジトリのリビジョン（タグ・ブランチ・コミット）。省略時は HEAD。"
    )
    site: str | None = Field(None, description="計画を公開しているサイトの URL。")

    @field_validator("repository", "revision")
    @classmethod
    def _no_option(cls, value: str | None) -> str | None:
        if value is not None and value.startswith("-"):
            raise ValueError(f"「-」で始まる値は使えません: {value}")
        return value

    @model_validator(mode="after")
    def _where(self) -> ManifestEntry:
        if self.path is None and self.repository is None:
            raise ValueError("計画の場所を path（フォルダ）か repository（git）で書いてください")
        if self.revision is not None and self.repository is None:
            raise ValueError("revision は repository と一緒に書きます")
        return self


@dataclass(frozen=True)
class PlanSource:
    """Where one plan is read from, as the manifest (or the folder) says."""

    source: str  # as written: the folder, or repository@revision[:path]
    lg_code: str | None  # the manifest's code (None for a folder of plan folders)
    folder: Path | None = None  # a plan folder on disk
    repository: str | None = None
    revision: str | None = None
    path_in_repository: str | None = None
    site: str | None = None
    line: int = 0  # where the manifest lists it
    column: int = 0
    manifest: str = ""

    @property
    def kind(self) -> str:
        return "git" if self.repository is not None else "folder"


def read_sources(location: Path) -> tuple[list[PlanSource], list[Problem]]:
    """The plans to aggregate from a manifest file or a folder of plan folders, and the problems.

    Raises FileNotFoundError when `location` does not exist, NotADirectoryError when
    it is a folder without plan folders.
    """
    location = Path(location)
    if location.is_dir():
        return folder_sources(location), []
    if not location.exists():
        raise FileNotFoundError(location)
    return manifest_sources(location)


def folder_sources(folder: Path) -> list[PlanSource]:
    """Every subfolder with a plan/ folder, in name order (their codes come from the plans)."""
    found = [
        child
        for child in sorted(folder.iterdir())
        if child.is_dir() and not child.name.startswith(".") and (child / PLAN_DIR).is_dir()
    ]
    if not found:
        raise NotADirectoryError(folder)
    return [PlanSource(child.name, None, folder=child) for child in found]


def manifest_sources(path: Path) -> tuple[list[PlanSource], list[Problem]]:
    """The manifest's items as sources; the items that cannot be used are problems instead."""
    shown = path.name
    document, problems = read_yaml(path, shown)
    if document is None:
        return [], problems
    if not isinstance(document.data, list):
        found = "空のファイル" if document.data is None else type(document.data).__name__
        return [], [make_problem("E-manifest-not-list", shown, 1, 1, found=found)]
    sources = []
    for index, item in enumerate(document.data):
        entry, entry_problems = _entry(document, index, item)
        problems += entry_problems
        if entry is None:
            continue
        line, column = document.position((index,))
        sources.append(_source(entry, path.parent, (line, column), shown))
    return sources, problems


def _entry(
    document: YamlDocument, index: int, item: object
) -> tuple[ManifestEntry | None, list[Problem]]:
    """One item validated alone; its problems are located in the manifest (the item's own nodes)."""
    found = node_at(document.root, (index,))
    if found is None:  # not reached: every item of the data has its node
        return None, []
    part = YamlDocument(document.path, document.display_path, item, document.text, found[1])
    return validate_document(ManifestEntry, part)


def _source(
    entry: ManifestEntry, base: Path, position: tuple[int, int], manifest: str
) -> PlanSource:
    if entry.repository is None:
        folder = base / (entry.path or ".")
        return PlanSource(
            entry.path or ".",
            entry.lg_code,
            folder=folder,
            site=entry.site,
            line=position[0],
            column=position[1],
            manifest=manifest,
        )
    repository = entry.repository
    local = base / repository
    if "://" not in repository and local.exists():
        repository = str(local.resolve())
    shown = f"{entry.repository}@{entry.revision or 'HEAD'}"
    if entry.path:
        shown += f":{entry.path}"
    return PlanSource(
        shown,
        entry.lg_code,
        repository=repository,
        revision=entry.revision or "HEAD",
        path_in_repository=entry.path,
        site=entry.site,
        line=position[0],
        column=position[1],
        manifest=manifest,
    )
