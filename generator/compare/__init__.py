"""The 新旧対照表 (F24): what changed between two versions of a plan, at the character level.

`load_side` reads each side (a plan folder or a git revision) with the same
loader; `compare_projects` compares their views in template order and returns
`Change` items as data; `render` writes them as text, Markdown, CSV or JSON.
For the page of a revision (site and PDF), `pages.load_latest_revision` loads the
edition before the latest revision once, with the plan, and `LatestRevision.table`
makes the page from the two loaded plans.
"""

from __future__ import annotations

from generator.compare.compare import compare_projects, merged_order
from generator.compare.items import Change, ChangeKind, Comparison, SideInfo
from generator.compare.sides import LoadedSide, SideUnavailable, load_side

__all__ = [
    "Change",
    "ChangeKind",
    "Comparison",
    "LoadedSide",
    "SideInfo",
    "SideUnavailable",
    "compare_projects",
    "load_side",
    "merged_order",
]
