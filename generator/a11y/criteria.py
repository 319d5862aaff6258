"""The 38 success criteria of JIS X 8341-3:2016 levels A and AA, with the axe-core rules that
test part of each (data in criteria.yaml, beside this module)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

STANDARD = "JIS X 8341-3"
EDITION = "2016"
STANDARD_LABEL = f"{STANDARD}:{EDITION}"
LEVELS = {"A": ("A",), "AA": ("A", "AA")}
NEVER_AUTOMATED = frozenset({"4.1.1"})  # axe's 4.1.1 rules are obsolete: a validator or a person


@dataclass(frozen=True)
class Criterion:
    """One success criterion (達成基準): number, Japanese name, level, axe's rules for it, and
    the checks scripted in the browser for it (generator/a11y/keyboard.py)."""

    number: str
    name: str
    level: str
    axe_rules: tuple[str, ...]
    checks: tuple[str, ...] = ()
    standard: str = STANDARD_LABEL

    @property
    def automated(self) -> bool:
        return bool(self.axe_rules or self.checks) and self.number not in NEVER_AUTOMATED

    @property
    def sort_key(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.number.split("."))


def _load(key: str) -> tuple[Criterion, ...]:
    data = YAML(typ="safe").load((Path(__file__).parent / "criteria.yaml").read_text("utf-8"))
    criteria = [
        Criterion(
            number=str(item["number"]),
            name=str(item["name"]),
            level=str(item["level"]),
            axe_rules=tuple(item["axe_rules"] or ()),
            checks=tuple(item.get("checks") or ()),
            standard=str(item.get("standard", STANDARD_LABEL)),
        )
        for item in data[key]
    ]
    return tuple(sorted(criteria, key=lambda c: c.sort_key))


@cache
def all_criteria() -> tuple[Criterion, ...]:
    """Every A and AA criterion, in the standard's order."""
    return _load("criteria")


@cache
def additional_criteria() -> tuple[Criterion, ...]:
    """Criteria of later WCAG editions that are tested too (never counted for 対応度)."""
    return _load("additional")


def criteria_for(level: str) -> tuple[Criterion, ...]:
    """The criteria a target level asks for: A → 25, AA → 38 (A and AA)."""
    return tuple(c for c in all_criteria() if c.level in LEVELS[level])


def rule_criteria() -> dict[str, list[str]]:
    """axe rule id → the criteria (numbers) it tests part of."""
    mapping: dict[str, list[str]] = {}
    for criterion in all_criteria():
        if criterion.automated:
            for rule in criterion.axe_rules:
                mapping.setdefault(rule, []).append(criterion.number)
    return mapping
