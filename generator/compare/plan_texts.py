"""A plan view as an ordered list of texts, each at a stable place (`measure:m-1-01/content`).

The 新旧対照表 compares texts, not models: every value a reader sees (a chapter's
narrative, a pillar's policy, a measure's field, a KPI's target for one 年度) is
flattened, in template order, into a `PlanText` that carries its location id,
the Japanese labels of its place, and the text as printed (enums by their labels,
times with 和暦, department ids by their names). Items of a list are placed by
what identifies them (an id, a 年度, a pillar, a name), not by their position, so
that inserting one item does not shift every later one. What is not plan text
(the revision history itself, the evaluation settings, the catalogue file) is
left out; actuals and PDCA notes never reach a view's models here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from generator import labels
from generator.compare.items import ChangeKind
from generator.model import Measure
from generator.model.common import FiscalTime, Text
from generator.model.dates import PartialDate
from generator.outline import plan_outline
from generator.project import PlanProject
from generator.visibility import is_internal_field

SEPARATOR = " ＞ "

# Fields that are not the plan's text (model name.field name).
SKIPPED = {
    "PlanMeta.revisions",
    "PlanMeta.evaluation",
    "PlanMeta.catalogue",
    "Department.former_names",
    "Measure.id",
    "Kpi.id",
}
# Changes of these fields are moves or renumberings, not edits of text.
HINTS = {
    "Measure.pillar": ChangeKind.MOVED,
    "Measure.group": ChangeKind.MOVED,
    "Measure.number": ChangeKind.RENUMBERED,
    "Department.name": ChangeKind.RENAMED,
}
# What identifies an item of a list, in order of preference. The first five are
# shown in the item's label, so they are not compared again as a text of their own.
ITEM_KEYS = ("id", "when", "fiscal_year", "pillar", "audience", "name", "title", "label")
LABELLED_KEYS = frozenset(ITEM_KEYS[:5])


@dataclass(frozen=True)
class PlanText:
    """One text of the plan at its place."""

    key: str  # location id
    labels: tuple[str, ...]  # the place, outermost first (章, 施策, KPI, field)
    text: str
    entities: tuple[tuple[str, int], ...] = ()  # enclosing list items: (key, depth in labels)
    hint: ChangeKind | None = None

    @property
    def location(self) -> str:
        return SEPARATOR.join(label for label in self.labels if label)


@dataclass
class Names:
    """Names shared by both sides, so a renamed department is one change, not one per measure."""

    departments: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    national_measures: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, old: PlanProject, new: PlanProject) -> Names:
        """The revised plan's names, with the previous plan's for what the revision removed."""
        names = cls()
        for project in (old, new):
            names.departments |= project.meta.department_names()
            names.groups |= {
                group.id: f"{group.level}{group.id} {group.name}" for group in project.meta.groups
            }
            names.national_measures |= {
                item.id: item.name for item in project.catalogue.national_measures
            }
        return names


def plan_texts(project: PlanProject, names: Names) -> list[PlanText]:
    """Every text of a plan view in template order (metadata, chapters 1–5, measures, chapter 7)."""
    found: list[PlanText] = []
    walker = _Walker(names, found)
    walker.model(project.meta, "meta", (labels.COMPARE_METADATA,), ())
    chapters = dict(project.chapters.present())
    for name in labels.CHAPTER_TITLES:
        if name == "measures":
            for measure in _measures_in_plan_order(project):
                walker.measure(measure)
        elif name in chapters:
            walker.model(chapters[name], f"chapter:{name}", (labels.CHAPTER_TITLES[name],), ())
    return found


def _measures_in_plan_order(project: PlanProject) -> list[Measure]:
    ordered: list[Measure] = []
    for node in plan_outline(project):
        ordered += node.all_measures()
    listed = {id(measure) for measure in ordered}
    return ordered + [measure for measure in project.measures if id(measure) not in listed]


@dataclass
class _Walker:
    names: Names
    found: list[PlanText]

    def measure(self, measure: Measure) -> None:
        key = f"measure:{measure.id}"
        heading = labels.compare_measure_label(measure.number, measure.name)
        place = (labels.CHAPTER_TITLES["measures"], heading)
        self.model(measure, key, place, ((key, len(place) - 1),))

    def model(
        self,
        model: BaseModel,
        key: str,
        place: tuple[str, ...],
        entities: tuple[tuple[str, int], ...],
        key_field: str | None = None,
    ) -> None:
        owner = type(model).__name__
        for name, info in type(model).model_fields.items():
            qualified = f"{owner}.{name}"
            if qualified in SKIPPED or name == key_field:
                continue
            if qualified == "Kpi.levels" and not getattr(model, "is_milestone", False):
                continue  # the default steps of a numeric KPI are no text of the plan
            value = getattr(model, name)
            label = labels.compare_field_label(owner, name, info.description)
            if is_internal_field(type(model), name):
                label = _internal(label)  # only the internal comparison has it at all
            self.value(value, qualified, f"{key}/{name}", (*place, label), entities)

    def value(
        self,
        value: Any,
        qualified: str,
        key: str,
        place: tuple[str, ...],
        entities: tuple[tuple[str, int], ...],
    ) -> None:
        if value is None or value == [] or value == {}:
            return
        if isinstance(value, Text):
            shown = place if not value.is_internal else (*place[:-1], _internal(place[-1]))
            self._add(key, shown, value.text, entities, qualified)
        elif isinstance(value, BaseModel) and not isinstance(value, FiscalTime):
            self.model(value, key, place, entities)
        elif isinstance(value, list) and all(isinstance(item, Text) for item in value):
            for index, item in enumerate(value, start=1):
                label = place[-1] if len(value) == 1 else f"{place[-1]}{index}"
                self.value(item, qualified, f"{key}:{index}", (*place[:-1], label), entities)
        elif isinstance(value, list) and all(isinstance(item, BaseModel) for item in value):
            self.items(value, key, place, entities)
        elif isinstance(value, list):
            texts = [self.scalar(item, qualified) for item in value]
            joiner = "\n" if qualified == "Measure.national_measures" else "、"
            self._add(key, place, joiner.join(texts), entities, qualified)
        elif isinstance(value, dict):
            for name, item in value.items():
                self.value(item, qualified, f"{key}/{name}", (*place, str(name)), entities)
        else:
            self._add(key, place, self.scalar(value, qualified), entities, qualified)

    def items(
        self,
        items: list[BaseModel],
        key: str,
        place: tuple[str, ...],
        entities: tuple[tuple[str, int], ...],
    ) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(items, start=1):
            key_field, ident = _item_key(item, index)
            seen[ident] = seen.get(ident, 0) + 1
            if seen[ident] > 1:
                ident = f"{ident}#{seen[ident]}"
            item_key = f"{key}:{ident}"
            item_place = (*place[:-1], labels.compare_item_label(place[-1], item, index))
            self.model(
                item,
                item_key,
                item_place,
                (*entities, (item_key, len(item_place) - 1)),
                key_field if key_field in LABELLED_KEYS else None,
            )

    def scalar(self, value: Any, qualified: str) -> str:
        if qualified in ("Measure.departments", "Kpi.department", "Contact.department"):
            return self.names.departments.get(str(value), str(value))
        if qualified == "Measure.group":
            return self.names.groups.get(str(value), str(value))
        if qualified == "Measure.national_measures":
            name = self.names.national_measures.get(str(value))
            return f"{value} {name}" if name else str(value)
        if qualified == "BudgetLine.amount":
            return labels.with_unit(value, "円")
        if qualified.endswith(".fiscal_year") and isinstance(value, int):
            return labels.fiscal_year_label(value)
        if isinstance(value, FiscalTime):
            return labels.when_label(value)
        if isinstance(value, Enum):
            return labels.CHOICE_LABELS.get(type(value).__name__, {}).get(value.value, value.value)
        if isinstance(value, bool):
            return labels.YES if value else labels.NO
        if isinstance(value, float):
            return labels.display_number(value)
        if isinstance(value, dt.date):
            return labels.date_label_with_wareki(value)
        if isinstance(value, PartialDate):
            return value.label
        return str(value)

    def _add(
        self,
        key: str,
        place: tuple[str, ...],
        text: str,
        entities: tuple[tuple[str, int], ...],
        qualified: str,
    ) -> None:
        self.found.append(PlanText(key, place, text, entities, HINTS.get(qualified)))


def _internal(label: str) -> str:
    return f"{label}（{labels.INTERNAL_MARK}）"


def _item_key(item: BaseModel, index: int) -> tuple[str | None, str]:
    """(the field that identifies the item, its value), else (None, its position)."""
    for name in ITEM_KEYS:
        value = getattr(item, name, None)
        if isinstance(value, FiscalTime):
            return name, str(value)
        if value is not None and not isinstance(value, BaseModel | list):
            return name, str(value.value if isinstance(value, Enum) else value)
    return None, str(index)
