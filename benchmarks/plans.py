"""Synthetic plans for the benchmarks: N measures, 3 KPIs each, optionally 20 quarters of actuals.

The plan folder, its chapters and two hand-written measures come from the tests'
base fixture (period 2025〜2029年度); the synthetic measures are added beside them.
With actuals, every KPI has a value for each of the 20 quarters of the period, so
the plan validates with no problem on any day after the period (TODAY below).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.quarters import Quarter

BASE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "base"
# Every quarter of the period has begun, so no actual is a W-future-quarter.
TODAY = dt.date(2030, 6, 1)
QUARTERS = [Quarter(year, number) for year in range(2025, 2030) for number in range(1, 5)]
PILLARS = ["online", "open_data", "mynumber_card", "digital_divide", "standardization", "other"]
KINDS = [
    ("quantity", "件", 100),
    ("percentage", "%", 80),
    ("money", "円", 5000000),
    ("time", "分", 15),
]
ACTUALS_HEADER = "kpi_id,quarter,value,note,recorded_by,recorded_at,source\n"


def measure_yaml(number: int) -> str:
    """One measure file with three KPIs (an output and two outcomes) and a schedule."""
    pillar = PILLARS[number % len(PILLARS)]
    kpis = []
    for index in range(3):
        kind, unit, target = KINDS[(number + index) % len(KINDS)]
        direction = "decrease" if kind == "time" else "increase"
        baseline = target * 2 if direction == "decrease" else target // 2
        kpis.append(
            f"""  - id: k-{number:04d}-{index}
    name: 指標{number}-{index}
    type: {"outcome" if index else "output"}
    kind: {kind}
    unit: "{unit}"
    direction: {direction}
    baseline:
      value: {baseline}
      fiscal_year: 2024
    targets:
      - when: 2027
        value: {(baseline + target) // 2}
      - when: 2029
        value: {target}
"""
        )
    return f"""id: m-{number:04d}
name: 合成施策{number}
pillar: {pillar}
field: e_government
mark: national
national_measures: [nm-{number % 33 + 1:02d}]
departments: [somu]
content: 合成した施策 {number} の内容。データを活用して業務を改善する。
kpis:
{"".join(kpis)}schedule:
  - when: 2025
    text: 準備
  - when: 2026Q3
    text: 開始
"""


def actuals_rows(number: int) -> list[str]:
    """The 20 quarterly actuals of each KPI of measure `number`, moving towards its target."""
    rows = []
    for index in range(3):
        kind, _, target = KINDS[(number + index) % len(KINDS)]
        start = target * 2 if kind == "time" else target // 2
        for step, quarter in enumerate(QUARTERS):
            value = start + (target - start) * step // (len(QUARTERS) - 1)
            reported = quarter.end + dt.timedelta(days=17)
            rows.append(f"k-{number:04d}-{index},{quarter},{value},,総務課,{reported},\n")
    return rows


def make_plan(root: Path, measures: int, *, actuals: bool) -> Path:
    """Write a plan of `measures` synthetic measures under `root` (created); return `root`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(BASE / "plan", root / "plan")
    shutil.copytree(BASE / "measures", root / "measures")
    for number in range(measures):
        (root / "measures" / f"m-{number:04d}.yaml").write_text(
            measure_yaml(number), encoding="utf-8"
        )
    if actuals:
        (root / "kpi").mkdir()
        rows = [row for number in range(measures) for row in actuals_rows(number)]
        (root / "kpi" / "actuals.csv").write_text(ACTUALS_HEADER + "".join(rows), encoding="utf-8")
    return root


def yaml_files(root: Path) -> list[Path]:
    """The YAML files `validate` reads from a plan folder (its chapters, measures and notes)."""
    return sorted(
        path
        for folder in ("plan", "measures", "kpi/notes")
        for path in (root / folder).glob("*.y*ml")
    )
