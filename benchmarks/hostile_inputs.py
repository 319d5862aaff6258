"""Benchmark: how long the tool takes to refuse a hostile input (the tests only bound a hang).

Each case runs the real command in a child under a 1 GiB address-space limit, as the
tests in tests/test_hostile_files.py and tests/test_kpi_hostile_workbooks.py do, and
prints the best and worst wall time of a few runs. Every refusal should take about
as long as the interpreter's start-up (a second or two), never minutes.

Run by hand:  python benchmarks/hostile_inputs.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the hostile files are made as the tests make them

from conftest import BASE, copy_plan  # noqa: E402
from hostile_run import run_cli  # noqa: E402
from kpi_plan_fixture import make_plan  # noqa: E402
from test_kpi_hostile_workbooks import good_csv, workbook, zip_bomb  # noqa: E402

from generator.load import MAX_DEPTH  # noqa: E402


def cases(work: Path) -> dict[str, list[str]]:
    """Each hostile input, laid out under `work`, and the command that must refuse it."""
    deep = copy_plan(BASE, work / "deep")
    (deep / "measures" / "m-9-99.yaml").write_text(
        "".join("  " * level + "-\n" for level in range(MAX_DEPTH + 50)), encoding="utf-8"
    )
    device = copy_plan(BASE, work / "device")
    (device / "measures" / "m-9-99.yaml").symlink_to("/dev/zero")
    fifo = copy_plan(BASE, work / "fifo")
    os.mkfifo(fifo / "measures" / "m-9-99.yaml")
    city = make_plan(work / "city")
    bomb = zip_bomb(work / "bomb.xlsx", workbook(work / "plain.xlsx", [["k-1-01-1", "2025Q1", 30]]))
    return {
        "validate: YAML nested past the limit": ["validate", str(deep)],
        "validate: a measure linked to /dev/zero": ["validate", str(device)],
        "validate: a measure that is a FIFO": ["validate", str(fifo)],
        "kpi import: a 1 GB zip bomb": [
            "kpi",
            "import",
            str(bomb),
            str(good_csv(work)),
            "--dry-run",
            "--path",
            str(city),
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    os.environ.setdefault("DATAPLAN_TODAY", "2025-10-10")
    with tempfile.TemporaryDirectory() as folder:
        for name, command in cases(Path(folder)).items():
            runs = [run_cli(*command) for _ in range(arguments.repeat)]
            refused = all(run.returncode == 1 for run in runs)
            seconds = sorted(run.seconds for run in runs)
            print(
                f"{name:42} {seconds[0]:6.2f} s best {seconds[-1]:6.2f} s worst"
                + ("" if refused else "  (NOT refused)")
            )


if __name__ == "__main__":
    main()
