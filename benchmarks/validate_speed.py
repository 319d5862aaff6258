"""Benchmark: `validate_plan` on synthetic plans against merely parsing the files with PyYAML's C loader.

Run by hand:  python benchmarks/validate_speed.py [--sizes 100 1000] [--repeat 3]
(needs the bench extra: pip install -e ".[bench]")
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from generator.validate import validate_plan

BASE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "base"
PILLARS = ["online", "open_data", "mynumber_card", "digital_divide", "standardization", "other"]
KINDS = [
    ("quantity", "件", 100),
    ("percentage", "%", 80),
    ("money", "円", 5000000),
    ("time", "分", 15),
]


def measure_yaml(number: int) -> str:
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


def make_plan(root: Path, measures: int) -> list[Path]:
    shutil.copytree(BASE / "plan", root / "plan")
    (root / "measures").mkdir()
    for number in range(measures):
        (root / "measures" / f"m-{number:04d}.yaml").write_text(
            measure_yaml(number), encoding="utf-8"
        )
    return sorted(root.rglob("*.yaml"))


def parse_only(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def validate(root: Path) -> None:
    result = validate_plan(root)
    assert result.report.is_valid(), result.report.sorted()[:3]


def best_of(repeat: int, action) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print(
        f"{'measures':>8} {'KPIs':>6} {'files':>6} {'PyYAML C parse':>16} {'dataplan validate':>18} {'ratio':>6}"
    )
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            files = make_plan(root, size)

            parse_best, _ = best_of(options.repeat, lambda files=files: parse_only(files))
            validate_best, _ = best_of(options.repeat, lambda root=root: validate(root))
            print(
                f"{size:>8} {size * 3:>6} {len(files):>6} {parse_best:>14.3f} s {validate_best:>16.3f} s {validate_best / parse_best:>5.1f}x"
            )


if __name__ == "__main__":
    main()
