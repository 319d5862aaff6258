"""The performance table of the project, side by side in one run (CPU time, not wall time).

Run by hand (needs the bench extra: pip install -e ".[bench]"):

    python benchmarks/table.py                    # 100 and 1,000 measures, everything
    python benchmarks/table.py --large            # also 10,000 measures (validate rows only)
    python benchmarks/table.py --only validate    # the validate rows alone (a minute or two)

Synthetic plans have N measures with 3 KPIs each and, where said, 20 quarters of
actuals (benchmarks/plans.py); every one validates with no problem. Each figure is
taken in a fresh process (benchmarks/probe.py, or the `dataplan` command itself),
the two sides of a ratio in turn, A B A B …, and the ratio is the median of the
ratios of each round, with their range: the machine may be shared, and a ratio
taken pair by pair holds when its speed drifts.

Rows (the first table puts each row's figures side by side with its goal; the
second gives every figure with the range of its rounds and the CPU seconds):
- validate ÷ PyYAML's C loader on the same YAML files (plans without actuals), both
  timed in-process after their imports;
- the same with actuals ÷ (C loader + pandas.read_csv of kpi/actuals.csv);
- validate's peak memory per measure: the growth of the resident set during
  validate_plan (its peak less what the process held before), divided by N;
- `kpi status` and `report` ÷ `validate`, whole commands (startup included);
- `build --no-pdf` ÷ plain MkDocs over the same generated pages (example city, N);
  the MkDocs side builds the Markdown the build left, with the same mkdocs.yml and nav;
- the heaviest measure page, and the whole site, in bytes;
- the share of the PDF's CPU time that its charts take (with vs. without charts).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from plans import TODAY, make_plan

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROBE = HERE / "probe.py"
DATAPLAN = Path(sys.executable).parent / "dataplan"
ENVIRONMENT = {**os.environ, "DATAPLAN_TODAY": TODAY.isoformat()}
SECTIONS = ("validate", "commands", "build", "pdf")

VALIDATE = "`validate` ÷ PyYAML's C loader"
WITH_ACTUALS = "with actuals ÷ (C loader + `pandas.read_csv`)"
MEMORY = "validate peak memory per measure, with actuals"
MEMORY_BARE = "validate peak memory per measure, without actuals"
STATUS = "`kpi status` ÷ `validate` (whole commands)"
REPORT = "`report` ÷ `validate` (whole commands)"
BUILD = "`build --no-pdf` ÷ plain MkDocs of the same pages"
PAGE = "heaviest measure page"
SITE = "whole site"
CHARTS = "`pdf`: CPU share of the charts"


def run_probe(task: str, plan: Path, out: Path | None = None) -> dict:
    """One probe.py run in a fresh process: its JSON figures."""
    command = [sys.executable, str(PROBE), task, str(plan), *([str(out)] if out else [])]
    done = subprocess.run(
        command, env=ENVIRONMENT, capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        raise SystemExit(f"{task} on {plan} failed:\n{done.stderr[-3000:]}{done.stdout[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_command(arguments: Sequence[str]) -> dict:
    """A whole `dataplan` command in a fresh process: its user + system seconds."""
    process = subprocess.Popen(
        [str(DATAPLAN), *arguments],
        env=ENVIRONMENT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"dataplan {' '.join(arguments)} exited with {process.returncode}")
    return {"cpu": usage.ru_utime + usage.ru_stime}


@dataclass
class Pair:
    """Rounds of A against B: each side's figures, and the ratio A/B round by round."""

    a: list[dict] = field(default_factory=list)
    b: list[dict] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [x["cpu"] / y["cpu"] for x, y in zip(self.a, self.b, strict=True)]

    def ratio(self) -> str:
        ratios = self.ratios
        median = statistics.median(ratios)
        if len(ratios) == 1:
            return f"{median:.2f}×"
        return f"{median:.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"

    def seconds(self) -> str:
        a = statistics.median(item["cpu"] for item in self.a)
        b = statistics.median(item["cpu"] for item in self.b)
        return f"{a:.2f} s / {b:.2f} s"


def interleaved(rounds: int, first: Callable[[], dict], second: Callable[[], dict]) -> Pair:
    pair = Pair()
    for _ in range(rounds):
        pair.a.append(first())
        pair.b.append(second())
    return pair


# The goals of the plan of work, by row.
GOALS = {
    VALIDATE: "≤ 2×",
    WITH_ACTUALS: "≤ 2.5×",
    MEMORY: "≤ 25 KB",
    MEMORY_BARE: "",
    STATUS: "≤ 1.3×",
    REPORT: "≤ 1.3×",
    BUILD: "≤ 1.5×",
    PAGE: "independent of N",
    SITE: "≤ 60 MB at 1,000",
    CHARTS: "≤ 10 %",
}


@dataclass
class Table:
    """Figures by row (in the order of GOALS), each with the plan it was taken on."""

    rows: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def add(self, what: str, where: str, figure: str, detail: str = "") -> None:
        self.rows.setdefault(what, []).append((where, figure, detail))
        print(f"  {what} [{where}]: {figure}  {detail}", file=sys.stderr, flush=True)

    def markdown(self) -> str:
        """The figures side by side, one row each, then every figure with its detail."""
        lines = ["| measure | plans | figures | goal |", "|---|---|---|---|"]
        for what in [name for name in GOALS if name in self.rows]:
            found = self.rows[what]
            plans = " / ".join(where for where, _, _ in found)
            figures = " / ".join(figure.split(" (")[0] for _, figure, _ in found)
            lines.append(f"| {what} | {plans} | {figures} | {GOALS[what]} |")
        lines += ["", "| measure | plan | figure (range of the rounds) | detail |"]
        lines.append("|---|---|---|---|")
        for what in [name for name in GOALS if name in self.rows]:
            lines += [f"| {what} | {w} | {f} | {d} |" for w, f, d in self.rows[what]]
        return "\n".join(lines)


def memory_per_measure(runs: list[dict], size: int) -> tuple[str, str]:
    """(growth of the resident set during the task, per measure; the process's peak)."""
    growth = [(run["peak_kb"] - run["rss_before_kb"]) * 1024 / size / 1000 for run in runs]
    peak = statistics.median(run["peak_kb"] for run in runs) / 1024
    return f"{statistics.median(growth):.1f} KB", f"process peak {peak:,.0f} MiB"


def validate_rows(table: Table, plans: dict[str, Path], sizes: list[int], rounds: int) -> None:
    for size in sizes:
        bare = plans[f"{size}"]
        pair = interleaved(
            rounds, lambda p=bare: run_probe("validate", p), lambda p=bare: run_probe("cloader", p)
        )
        table.add(VALIDATE, f"{size:,}", pair.ratio(), pair.seconds())
        table.add(MEMORY_BARE, f"{size:,}", *memory_per_measure(pair.a, size))
    for size in sizes:
        full = plans[f"{size}+actuals"]
        pair = interleaved(
            rounds,
            lambda p=full: run_probe("validate", p),
            lambda p=full: run_probe("cloader-csv", p),
        )
        table.add(WITH_ACTUALS, f"{size:,}", pair.ratio(), pair.seconds())
        table.add(MEMORY, f"{size:,}", *memory_per_measure(pair.a, size))


def command_rows(table: Table, plans: dict[str, Path], size: int, rounds: int, work: Path) -> None:
    plan = str(plans[f"{size}+actuals"])
    commands = {
        STATUS: ["kpi", "status", "--path", plan],
        REPORT: ["report", "2029Q4", "--path", plan, "--output", str(work / "reports")],
    }
    validate = ["validate", plan]
    for row, arguments in commands.items():
        pair = interleaved(
            rounds,
            lambda a=arguments: run_command(a),
            lambda: run_command(validate),
        )
        table.add(row, f"{size:,}+actuals", pair.ratio(), pair.seconds())


def build_rows(table: Table, cases: dict[str, Path], rounds: int, work: Path) -> None:
    for name, plan in cases.items():
        out = work / f"build-{name}"
        pair = interleaved(
            rounds,
            lambda p=plan, o=out: run_probe("build", p, o),
            lambda p=plan, o=out: run_probe("mkdocs", p, o),
        )
        table.add(BUILD, name, pair.ratio(), pair.seconds())
        built = pair.a[-1]
        table.add(
            PAGE,
            name,
            f"{built['measure_page_bytes'] / 1024:,.0f} KB",
            f"{built['pages']:,} pages",
        )
        table.add(
            SITE,
            name,
            f"{built['site_bytes'] / 2**20:,.1f} MB",
            f"{built['site_files']:,} files",
        )


def pdf_rows(table: Table, cases: dict[str, Path], rounds: int, work: Path) -> None:
    for name, plan in cases.items():
        out = work / f"pdf-{name}"
        pair = interleaved(
            rounds,
            lambda p=plan, o=out: run_probe("pdf", p, o),
            lambda p=plan, o=out: run_probe("pdf-nocharts", p, o),
        )
        shares = [1 - 1 / ratio for ratio in pair.ratios]
        table.add(
            CHARTS,
            name,
            f"{statistics.median(shares):.0%}",
            f"{pair.seconds()} with / without charts, {pair.a[-1]['charts']} charts",
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument(
        "--large", action="store_true", help="add 10,000 measures to the validate rows"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds of the validate and command pairs (5)"
    )
    parser.add_argument(
        "--build-rounds", type=int, default=1, help="rounds of the build and PDF pairs (1)"
    )
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument(
        "--pdf-sizes", type=int, nargs="*", default=[100], help="synthetic plans for the PDF row"
    )
    options = parser.parse_args()
    sizes = sorted(set(options.sizes + ([10_000] if options.large else [])))
    table = Table()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plans: dict[str, Path] = {}
        for size in sizes:
            plans[f"{size}"] = make_plan(work / f"plan-{size}", size, actuals=False)
            plans[f"{size}+actuals"] = make_plan(work / f"plan-{size}-actuals", size, actuals=True)
        if "validate" in options.only:
            validate_rows(table, plans, sizes, options.rounds)
        if "commands" in options.only:
            command_rows(table, plans, max(options.sizes), options.rounds, work)
        site_cases = {
            "example": ROOT,
            **{f"{s:,}+actuals": plans[f"{s}+actuals"] for s in options.sizes},
        }
        if "build" in options.only:
            build_rows(table, site_cases, options.build_rounds, work)
        if "pdf" in options.only:
            pdf_cases = {"example": ROOT}
            for size in options.pdf_sizes:
                pdf_cases[f"{size:,}+actuals"] = plans.get(f"{size}+actuals") or make_plan(
                    work / f"plan-{size}-pdf", size, actuals=True
                )
            pdf_rows(table, pdf_cases, options.build_rounds, work)
    print(table.markdown())


if __name__ == "__main__":
    main()
