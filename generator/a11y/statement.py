"""The 試験結果 as the page states it: the tool's data merged with people's judgements.

対応度 is derived, never typed: 準拠 only when every criterion of the target level was
judged 適合 or 非適用 by a person (and the latest automated check found no failure
for it); otherwise 一部準拠, with the number of criteria still to check. Without any
test data the page says that no test has been made, and claims nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.a11y.check import (
    AUTOMATED_LABELS,
    CHECK_NAMES,
    FAILURES,
    NO_FAILURES,
    NOT_AUTOMATED,
)
from generator.a11y.criteria import Criterion, criteria_for
from generator.model.common import Model


class StatementError(ValueError):
    """The test results or the judgements cannot be read (the message names the file)."""


NOT_RUN_LABEL = "自動検査はまだ行っていません"


class Result(StrEnum):
    PASS = "適合"
    FAIL = "不適合"
    NOT_APPLICABLE = "非適用"


class TestClass(StrEnum):
    AC = "AC"  # a tool decides
    AF = "AF"  # a tool finds, a person decides
    HC = "HC"  # a person finds and decides


TEST_CLASS_LABELS = {
    TestClass.AC: "AC（ツールで判定）",
    TestClass.AF: "AF（ツールで抽出し人が判定）",
    TestClass.HC: "HC（人が抽出し判定）",
}


class Judgement(Model):
    """人による確認の結果（達成基準ごと）。"""

    schema_description: ClassVar[str] = "達成基準ごとの、人による確認の結果。"

    criterion: str = Field(description='達成基準番号（例: "1.1.1"）。', pattern=r"^\d\.\d\.\d+$")
    result: Result = Field(description="結果: 適合、不適合、非適用。")
    by: str = Field(description="確認した人（または部署・事業者）。")
    on: dt.date = Field(description="確認した日（例: 2026-11-20）。")
    test_class: TestClass = Field(
        TestClass.HC, description="試験の種別: AC（ツール）、AF（ツールと人）、HC（人）。"
    )
    note: str | None = Field(None, description="注記（確かめた方法、対象外とした理由など）。")


class Judgements(Model):
    """accessibility/judgements.yaml の全体。"""

    schema_description: ClassVar[str] = "人による確認の結果の一覧。"

    judgements: list[Judgement] = Field(default_factory=list, description="確認の結果。")


@dataclass(frozen=True)
class Row:
    """One line of the 達成基準チェックリスト."""

    criterion: Criterion
    applicable: str  # 適用 / 非適用 / 未確認
    result: str  # 適合 / 不適合 / 未確認
    source: str  # "person" or "tool"
    automated: str  # the tool's label
    failures: list[dict[str, Any]]
    judgement: Judgement | None
    review_pages: int = 0  # pages where axe could not decide (要確認)

    @property
    def met(self) -> bool:
        return self.source == "person" and self.result in (Result.PASS, "—")


@dataclass(frozen=True)
class Statement:
    """What the 試験結果 page shows."""

    level: str
    results: dict[str, Any] | None
    rows: list[Row]

    @property
    def tested(self) -> bool:
        return self.results is not None

    @property
    def remaining(self) -> int:
        """Criteria of the level not yet shown to be met (by a person, or not applicable)."""
        return sum(1 for row in self.rows if not row.met)

    @property
    def conformance(self) -> str | None:
        """準拠 or 一部準拠 (None when nothing was tested)."""
        if not self.tested:
            return None
        return "準拠" if self.remaining == 0 else "一部準拠"

    @property
    def by_person(self) -> int:
        return sum(1 for row in self.rows if row.source == "person")


def build_statement(
    level: str, results: dict[str, Any] | None, judgements: list[Judgement]
) -> Statement:
    """Merge the tool's data and people's judgements, criterion by criterion."""
    tool = {c["number"]: c for c in (results or {}).get("criteria", [])}
    people = {j.criterion: j for j in judgements}  # the last one recorded wins
    tools = {t["name"]: t["version"] for t in (results or {}).get("tools", [])}
    rows = []
    for criterion in criteria_for(level):
        found = tool.get(criterion.number, {})
        outcome = found.get("automated", NOT_AUTOMATED)
        label = AUTOMATED_LABELS[outcome] if results is not None else NOT_RUN_LABEL
        if outcome == NO_FAILURES:
            found_any = "" if found.get("applicable") else "、検査の対象となる箇所なし"
            label += f"（{tool_words(found, tools)}{found_any}）"
        failures = found.get("failures", []) if outcome == FAILURES else []
        review_pages = len(found.get("needs_review", []))
        judgement = people.get(criterion.number)
        if judgement is not None:
            not_applicable = judgement.result is Result.NOT_APPLICABLE
            result = "—" if not_applicable else judgement.result.value
            if failures and result != Result.FAIL:
                result = Result.FAIL.value  # the latest automated check contradicts it
                source = "tool"
            else:
                source = "person"
            rows.append(
                Row(
                    criterion,
                    "非適用" if not_applicable else "適用",
                    result,
                    source,
                    label,
                    failures,
                    judgement,
                    review_pages,
                )
            )
            continue
        rows.append(
            Row(
                criterion,
                "適用" if found.get("applicable") else "未確認",
                Result.FAIL.value if failures else "未確認",
                "tool",
                label,
                failures,
                None,
                review_pages,
            )
        )
    return Statement(level, results, rows)


def tool_words(found: dict[str, Any], tools: dict[str, str]) -> str:
    """Which tools checked a criterion: axe-core's rules, the checks scripted in the browser."""
    words = []
    if found.get("axe_rules", True):  # results of format 1 name axe's rules only
        words.append(f"axe-core {tools.get('axe-core', '')}")
    names = dict.fromkeys(CHECK_NAMES[check] for check in found.get("checks", []))
    if names:
        words.append(
            f"ブラウザーでの検査: {'、'.join(names)}（Chromium {tools.get('Chromium', '')}）"
        )
    return "、".join(words)


def _read(path: Path, root: Path | None) -> str | None:
    """The text of `path`, read by the rule of every published file (file_access.read_bounded):
    a regular file inside the plan folder `root`; None when nothing is there."""
    from generator.file_access import MAX_PUBLISHED_BYTES, read_bounded

    if not os.path.lexists(path):
        return None
    shown = _shown(path, root)
    raw, problem = read_bounded(path, shown, MAX_PUBLISHED_BYTES, root=root)
    if raw is None:
        raise StatementError(problem.as_text() if problem else f"{shown}: 読めません。")
    return raw.decode("utf-8")


def _shown(path: Path, root: Path | None) -> str:
    try:
        return Path(path).relative_to(root).as_posix() if root else str(path)
    except ValueError:
        return str(path)


def load_results(path: Path, root: Path | None = None) -> dict[str, Any] | None:
    """The JSON written by `dataplan a11y-check` (None when it does not exist yet).

    With `root` (the plan folder), a link out of it, a FIFO or a device is refused
    (StatementError naming the file): the results are published on the site.
    """
    try:
        text = _read(path, root)
        if text is None:
            return None
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StatementError(f"{path}: 試験結果の JSON を読めません（{error}）。") from error
    if not isinstance(data, dict) or not isinstance(data.get("criteria"), list):
        raise StatementError(
            f"{path}: dataplan a11y-check が書いた試験結果ではありません。書き直してください。"
        )
    return data


def load_judgements(path: Path, root: Path | None = None) -> list[Judgement]:
    """People's judgements (an empty list when the file does not exist).

    Raises StatementError with the file's name when the file does not fit the model, or
    (with `root`) is no regular file inside the plan folder.
    """
    try:
        text = _read(path, root)
        if text is None:
            return []
        raw = YAML(typ="safe").load(text) or {}
        return Judgements.model_validate(raw).judgements
    except (YAMLError, UnicodeDecodeError, ValidationError) as error:
        raise StatementError(f"{path}: 人による確認の結果を読めません。\n{error}") from error
