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
    """One success criterion (達成基準): number, Japanese name, level, and axe's rules for it."""

    number: str
    name: str
    level: str
    axe_rules: tuple[str, ...]

    @property
    def automated(self) -> bool:
        return bool(self.axe_rules) and self.number not in NEVER_AUTOMATED

    @property
    def sort_key(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.number.split("."))


@cache
def all_criteria() -> tuple[Criterion, ...]:
    """Every A and AA criterion, in the standard's order."""
    data = YAML(typ="safe").load((Path(__file__).parent / "criteria.yaml").read_text("utf-8"))
    criteria = [
        Criterion(
            number=str(item["number"]),
            name=str(item["name"]),
            level=str(item["level"]),
            axe_rules=tuple(item["axe_rules"] or ()),
        )
        for item in data["criteria"]
    ]
    return tuple(sorted(criteria, key=lambda c: c.sort_key))


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
