"""Synthetic plans for the aggregate: deterministic, valid unless asked to be broken.

Used by benchmarks/aggregate.py (1,788 plans) and by the aggregate's tests (a few).
Each plan is a plan folder (plan/, measures/, kpi/) of a body of the code list, with
its chapters from tests/fixtures/base, `measures` measures of 1–4 KPIs each, and
actuals for the quarters from its period's start up to `quarters` of them.
The data are made up: they stand for no body's real plan.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.quarters import Quarter

BASE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "base"
PILLARS = ["online", "open_data", "mynumber_card", "digital_divide", "standardization"]
FIELDS = ["e_government", "health", "tourism", "agriculture", "infrastructure", "mobility"]
DX_ENTRIES = [f"dx-2.3/2({n})" for n in range(1, 5)] + [f"dx-2.3/3.1({n})" for n in range(1, 8)]
KINDS = [("quantity", "件", 100.0), ("percentage", "%", 80.0), ("time", "分", 15.0)]
# 北方領土の6村: in the code list, but with no municipal government to write a plan.
NORTHERN_TERRITORIES = {"016951", "016969", "016977", "016985", "016993", "017001"}


@dataclass(frozen=True)
class PlanSpec:
    """What one synthetic plan holds."""

    lg_code: str
    name: str
    prefecture: str
    level: str  # municipality, special_ward or prefecture
    measures: int
    quarters: int  # quarters of actuals, from the period's first
    start: int = 2025  # the period's first 年度 (five years)
    adopted: bool = True
    broken: bool = False  # one measure with an unknown pillar (an error)
    internal_note: str | None = None  # a 庁内限定 note on the first measure
    catalogue_file: str | None = None  # a catalogue file to copy into plan/ and refer to
    seed: int = 0


def write_plan(root: Path, spec: PlanSpec) -> Path:
    """Write the plan folder `root` for `spec` and return it."""
    rng = random.Random(f"{spec.seed}-{spec.lg_code}")
    plan = root / "plan"
    plan.mkdir(parents=True, exist_ok=True)
    for path in (BASE / "plan").glob("*.yaml"):
        if path.name != "plan.yaml":
            shutil.copyfile(path, plan / path.name)
    catalogue_id = None
    if spec.catalogue_file is not None:
        source = Path(spec.catalogue_file)
        shutil.copyfile(source, plan / source.name)
        catalogue_id = _catalogue_id(source)
    (plan / "plan.yaml").write_text(_plan_yaml(spec, source_name(spec)), encoding="utf-8")
    measures = root / "measures"
    measures.mkdir(exist_ok=True)
    kpis: list[tuple[str, str, float, float]] = []
    for number in range(1, spec.measures + 1):
        text, measure_kpis = _measure_yaml(spec, number, rng, catalogue_id)
        (measures / f"m-{number:03d}.yaml").write_text(text, encoding="utf-8")
        kpis += measure_kpis
    kpi = root / "kpi"
    kpi.mkdir(exist_ok=True)
    (kpi / "actuals.csv").write_text(_actuals_csv(spec, kpis, rng), encoding="utf-8")
    if spec.quarters >= 4:  # the first 年度 is over: the evaluating body graded the first KPI
        (kpi / "grades.csv").write_text(
            "kpi_id,period,grade,note,graded_by,graded_at\n"
            f"{kpis[0][0]},{spec.start},{rng.choice('ABC')},合成の評価,推進本部,{spec.start + 1}-06-01\n",
            encoding="utf-8",
        )
    return root


def source_name(spec: PlanSpec) -> str | None:
    return Path(spec.catalogue_file).name if spec.catalogue_file else None


def _catalogue_id(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("id:"):
            return line.split(":", 1)[1].strip().strip('"')
    raise ValueError(f"no catalogue id in {path}")


def _plan_yaml(spec: PlanSpec, catalogue: str | None) -> str:
    lines = [
        f"municipality: {spec.name}",
        f"level: {spec.level}",
        f'lg_code: "{spec.lg_code}"',
        f"prefecture: {spec.prefecture}",
        f"title: {spec.name}官民データ活用推進計画",
        "period:",
        f"  start: {spec.start}",
        f"  end: {spec.start + 4}",
    ]
    if spec.adopted:
        lines.append(f"adopted_on: {spec.start}-03-27")
    lines += [
        "contact:",
        "  department: somu",
        "  phone: 012-345-6789",
    ]
    if spec.internal_note:
        lines.append(f"  staff: [{spec.internal_note}]")
    lines += [
        "departments:",
        "  - id: somu",
        "    name: 総務課",
        "groups:",
        '  - id: "1"',
        "    name: 便利な行政",
        "    level: 基本目標",
        '  - id: "2"',
        "    name: 暮らしとデータ",
        "    level: 基本目標",
    ]
    if catalogue:
        lines += ["catalogues:", f"  - {catalogue}"]
    return "\n".join(lines) + "\n"


def _measure_yaml(
    spec: PlanSpec, number: int, rng: random.Random, catalogue_id: str | None
) -> tuple[str, list[tuple[str, str, float, float]]]:
    pillar = "no_such_pillar" if spec.broken and number == 1 else rng.choice(PILLARS)
    national = sorted({f"nm-{rng.randint(1, 33):02d}" for _ in range(rng.randint(0, 2))})
    entries = sorted({rng.choice(DX_ENTRIES) for _ in range(rng.randint(0, 2))})
    if catalogue_id is not None and rng.random() < 0.5:
        entries.append(f"{catalogue_id}/m-{rng.randint(1, 3):03d}")
    lines = [
        f"id: m-{number:03d}",
        f"name: 合成の施策{number}",
        f"pillar: {pillar}",
        f"field: {rng.choice(FIELDS)}",
        f'group: "{1 + number % 2}"',
        "departments: [somu]",
        f"content: 合成した施策{number}の内容。",
    ]
    if national:
        lines += ["mark: national", f"national_measures: [{', '.join(national)}]"]
    if entries:
        lines.append("catalogue_entries: [" + ", ".join(f'"{e}"' for e in entries) + "]")
    if spec.internal_note and number == 1:
        lines += ["notes:", f"  - text: {spec.internal_note}", "    visibility: internal"]
    lines.append("kpis:")
    kpis = []
    for index in range(1, rng.randint(1, 4) + 1):
        kind, unit, target = KINDS[(number + index) % len(KINDS)]
        direction = "decrease" if kind == "time" else "increase"
        baseline = target * 2 if direction == "decrease" else target / 2
        kpi_id = f"k-{number:03d}-{index}"
        lines += [
            f"  - id: {kpi_id}",
            f"    name: 合成の指標{number}-{index}",
            f"    kind: {kind}",
            f'    unit: "{unit}"',
            f"    direction: {direction}",
            "    baseline:",
            f"      value: {baseline:g}",
            f"      fiscal_year: {spec.start - 1}",
            "    targets:",
            f"      - when: {spec.start + 2}",
            f"        value: {(baseline + target) / 2:g}",
            f"      - when: {spec.start + 4}",
            f"        value: {target:g}",
        ]
        kpis.append((kpi_id, direction, baseline, target))
    lines += [
        "schedule:",
        f"  - when: {spec.start}",
        "    text: 準備",
        f'  - when: "{spec.start + 1}Q3"',
        "    text: 開始",
    ]
    return "\n".join(lines) + "\n", kpis


def _actuals_csv(
    spec: PlanSpec, kpis: list[tuple[str, str, float, float]], rng: random.Random
) -> str:
    lines = ["kpi_id,quarter,value,note,recorded_by,recorded_at,source"]
    first = Quarter(spec.start, 1)
    for kpi_id, _direction, baseline, target in kpis:
        pace = rng.uniform(0.3, 1.3)
        for step in range(spec.quarters):
            quarter = first.shifted(step)
            share = min(1.0, pace * (step + 1) / 20)
            value = baseline + (target - baseline) * share
            recorded = quarter.end.isoformat()
            lines.append(f"{kpi_id},{quarter},{value:.1f},,総務課,{recorded},")
    return "\n".join(lines) + "\n"
