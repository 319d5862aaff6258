"""`dataplan compare` without the CLI library: load both sides, compare, render one format."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from generator.compare.compare import compare_projects
from generator.compare.render import (
    comparison_csv,
    comparison_json,
    comparison_markdown,
    comparison_text,
)
from generator.compare.sides import LoadedSide, load_side
from generator.compare.text_diff import DEFAULT_CONTEXT
from generator.project import Audience


class CompareFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    CSV = "csv"
    JSON = "json"


@dataclass
class CompareOutcome:
    """The rendered table, or the sides that did not validate (then `text` is None)."""

    text: str | None
    change_count: int
    unusable: list[tuple[str, LoadedSide]]


def run_compare(
    old: str,
    new: str | None,
    root: Path,
    output_format: CompareFormat,
    *,
    internal: bool = False,
    context: int | None = DEFAULT_CONTEXT,
) -> CompareOutcome:
    """Compare `old` with `new` (None: the working tree) of the plan at `root`.

    Raises `SideUnavailable` when a side names neither a plan folder nor a revision.
    """
    sides = [("改定前", load_side(old, root)), ("改定後", load_side(new, root))]
    unusable = [(label, side) for label, side in sides if not side.usable]
    if unusable:
        return CompareOutcome(None, 0, unusable)
    (_, before), (_, after) = sides
    assert before.project is not None and after.project is not None
    comparison = compare_projects(
        before.project,
        after.project,
        audience=Audience.INTERNAL if internal else Audience.PUBLIC,
        old_info=before.info,
        new_info=after.info,
    )
    renderers = {
        CompareFormat.TEXT: lambda: comparison_text(comparison, context=context),
        CompareFormat.MD: lambda: comparison_markdown(comparison, context=context),
        CompareFormat.CSV: lambda: comparison_csv(comparison),
        CompareFormat.JSON: lambda: comparison_json(comparison),
    }
    return CompareOutcome(renderers[output_format](), len(comparison.changes), [])
