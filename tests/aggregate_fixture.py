"""A small aggregate for the tests: a few synthetic plans of real bodies' codes, one broken.

The plans are made up (benchmarks/synthetic_plans.py); the codes and names are the
code list's so that prefectures and denominators are real. One plan carries a
sentinel in every kind of internal text; the prefecture's plan is exported as a
catalogue that two municipalities refer to.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic_plans import PlanSpec, write_plan
from generator.catalogue.export import catalogue_yaml, plan_as_catalogue
from generator.validate import validate_plan

TODAY = dt.date(2026, 11, 24)
SENTINEL = "庁内秘匿センチネル7Q"
PUBLIC_MARK = "合成の施策"  # every synthetic measure's name starts so (it is public)
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class SmallAggregate:
    manifest: Path
    out: Path
    plans: dict[str, Path]  # name → plan folder


SPECS = {
    "shizuoka-pref": PlanSpec("220001", "静岡県", "静岡県", "prefecture", 3, 6, start=2025),
    "hamamatsu": PlanSpec(
        "221309", "浜松市", "静岡県", "municipality", 6, 6, start=2025, internal_note=SENTINEL
    ),
    "numazu": PlanSpec("222038", "沼津市", "静岡県", "municipality", 4, 6, start=2025),
    "atami": PlanSpec(
        "222054", "熱海市", "静岡県", "municipality", 3, 0, start=2026, adopted=False
    ),
    "chiyoda": PlanSpec("131016", "千代田区", "東京都", "special_ward", 5, 16, start=2021),
    "shizuoka-city": PlanSpec(
        "221007", "静岡市", "静岡県", "municipality", 2, 2, start=2025, broken=True
    ),
}
USES_PREFECTURE = ("hamamatsu", "numazu")


def make_small_aggregate(work: Path) -> SmallAggregate:
    """The plans, the prefecture's exported catalogue, and a manifest listing them all."""
    plans = {}
    pref = write_plan(work / "plans" / "shizuoka-pref", SPECS["shizuoka-pref"])
    plans["shizuoka-pref"] = pref
    catalogue = work / "pref-plan.yaml"
    project = validate_plan(pref, today=TODAY).project
    assert project is not None
    catalogue.write_text(catalogue_yaml(plan_as_catalogue(project)), encoding="utf-8")
    for name, spec in SPECS.items():
        if name == "shizuoka-pref":
            continue
        if name in USES_PREFECTURE:
            spec = PlanSpec(**{**spec.__dict__, "catalogue_file": str(catalogue)})
        plans[name] = write_plan(work / "plans" / name, spec)
    manifest = work / "manifest.yaml"
    lines = []
    for name, folder in plans.items():
        lines += [f'- lg_code: "{SPECS[name].lg_code}"', f"  path: plans/{folder.name}"]
        if name == "hamamatsu":
            lines.append("  site: https://example.jp/hamamatsu/")
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return SmallAggregate(manifest, work / "aggregate", plans)


if __name__ == "__main__":  # python -m tests.aggregate_fixture FOLDER: make one to look at
    print(make_small_aggregate(Path(sys.argv[1])))
