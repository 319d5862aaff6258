"""The plan's own structure (its groups, e.g. 基本目標 → 施策 → measure 1-1-1), and the pillars beside it.

Reports, `kpi status`, `crossref` and the site list measures the way the plan
itself does: by its groups, in the order of its numbers. A plan without groups
(or measures outside every group) is listed by the five pillars, so it still
reads naturally. The pillars stay available as a second view either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.model import Measure
from generator.model.plan import Group
from generator.project import PlanProject


@dataclass(frozen=True)
class OutlineNode:
    """One section: a group of the plan (or a pillar), its measures and its sub-sections."""

    key: str  # "group:1-1", "pillar:online", or "ungrouped"
    number: str  # the plan's own number ("1-1"), or the pillar's (1 … 5)
    level: str  # 基本目標, 施策 … or 柱
    name: str
    measures: list[Measure] = field(default_factory=list)
    children: list[OutlineNode] = field(default_factory=list)

    @property
    def title(self) -> str:
        """「基本目標1 誰もが便利で迷わない行政サービス」."""
        return f"{self.level}{self.number} {self.name}".strip()

    def all_measures(self) -> list[Measure]:
        """Its measures and those of every sub-section, in order."""
        found = list(self.measures)
        for child in self.children:
            found += child.all_measures()
        return found


def number_key(text: str | None) -> tuple:
    """Sort key for numbers as plans write them: 1-2-10 after 1-2-9; ① ② in order; none last."""
    if not text:
        return ((2, 0, ""),)
    parts = re.split(r"[-‐－ー.．]", text)
    return tuple((0, int(part), "") if part.isdecimal() else (1, 0, part) for part in parts)


def in_plan_order(measures: list[Measure]) -> list[Measure]:
    """Measures by the plan's own numbers (those without a number keep their order, last)."""
    return sorted(measures, key=lambda measure: number_key(measure.number))


def plan_outline(project: PlanProject) -> list[OutlineNode]:
    """The plan's groups as a tree holding their measures; the pillars when it has no groups.

    Measures that name no known group follow, under their pillars.
    """
    groups = project.meta.groups
    known = {group.id for group in groups}
    grouped = [m for m in project.measures if m.group in known]
    rest = [m for m in project.measures if m.group not in known]
    tree = [
        _group_node(group, groups, grouped, frozenset())
        for group in groups
        if group.parent not in known
    ]
    tree = [node for node in tree if node.all_measures()]
    return tree + pillar_outline(project, rest)


def pillar_outline(
    project: PlanProject, measures: list[Measure] | None = None
) -> list[OutlineNode]:
    """The five pillars (and その他) with their measures, in the catalogue's order."""
    chosen = project.measures if measures is None else measures
    nodes = []
    for pillar in project.catalogue.pillars:
        members = [m for m in chosen if m.pillar is not None and m.pillar.value == pillar.id]
        if members:
            nodes.append(
                OutlineNode(
                    f"pillar:{pillar.id}",
                    str(pillar.number),
                    "柱",
                    pillar.short_label,
                    in_plan_order(members),
                )
            )
    return nodes


def _group_node(
    group: Group, groups: list[Group], measures: list[Measure], above: frozenset[str]
) -> OutlineNode:
    seen = above | {group.id}  # a parent loop in the plan must not loop here
    children = [
        _group_node(child, groups, measures, seen)
        for child in sorted(groups, key=lambda g: number_key(g.id))
        if child.parent == group.id and child.id not in seen
    ]
    own = in_plan_order([m for m in measures if m.group == group.id])
    return OutlineNode(
        f"group:{group.id}",
        group.id,
        group.level,
        group.name,
        own,
        [child for child in children if child.all_measures()],
    )
