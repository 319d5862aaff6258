"""Benchmark: `dataplan aggregate` over 1,788 synthetic plans (47 prefectures and 1,741 municipalities).

Goals (issue 21): first run ≤ 60 s on a 2-core machine, a re-run with 20 plans changed
≤ 10 s, peak memory ≤ 1 GB. Each run is a fresh `dataplan aggregate` process; the
figures are its wall time, its CPU time (user + system of it and its worker processes;
on a shared machine wall time follows the load, CPU time much less), and the peak of
the resident memory of the process and its workers together (sampled from /proc).

The plans (benchmarks/synthetic_plans.py, seed --seed): 5–60 measures of 1–4 KPIs each,
periods starting 2021–2025, up to 20 quarters of actuals (as many as have ended by the
day of the run), a few not yet adopted, and --broken plans with an error.

Run by hand:  python benchmarks/aggregate.py [--work DIR] [--jobs 2] [--plans 1788] [--keep]
Add --profile N to profile reading N plans in this process (cProfile, top functions).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic_plans import NORTHERN_TERRITORIES, PlanSpec, write_plan  # noqa: E402
from generator.municipalities import load_code_list  # noqa: E402
from generator.quarters import Quarter  # noqa: E402

TODAY = "2026-11-24"
CHANGED = 20


def specs(count: int, broken: int, seed: int) -> list[PlanSpec]:
    """Every prefecture and municipality of the code list (less the northern territories' villages)."""
    codes = load_code_list()
    bodies = [
        body
        for body in codes.bodies.values()
        if body.kind in ("prefecture", "municipality", "special_ward")
        and body.code not in NORTHERN_TERRITORIES
    ]
    rng = random.Random(seed)
    chosen = bodies if count >= len(bodies) else rng.sample(bodies, count)
    broken_codes = {body.code for body in rng.sample(chosen, broken)}
    today = Quarter.containing(__import__("datetime").date.fromisoformat(TODAY))
    found = []
    for body in chosen:
        start = rng.randint(2021, 2025)
        ended = today.index - Quarter(start, 1).index  # quarters of the period over by today
        found.append(
            PlanSpec(
                body.code,
                body.name,
                codes.prefecture_of(body).name,
                body.kind,
                measures=rng.randint(5, 60),
                quarters=rng.randint(0, min(20, ended)),
                start=start,
                adopted=rng.random() > 0.05,
                broken=body.code in broken_codes,
                seed=seed,
            )
        )
    return found


def write_plans(work: Path, plans: list[PlanSpec]) -> Path:
    manifest = work / "manifest.yaml"
    lines = []
    for spec in plans:
        write_plan(work / "plans" / spec.lg_code, spec)
        lines += [f'- lg_code: "{spec.lg_code}"', f"  path: plans/{spec.lg_code}"]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    output: str


def process_tree(root: int) -> dict[int, tuple[int, int]]:
    """`root` and its descendants now: pid → (resident KB, CPU clock ticks so far)."""
    parents: dict[int, int] = {}
    figures: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after the command's name
        parents[int(entry)] = int(fields[1])
        rss = next(
            (line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), "0"
        )
        figures[int(entry)] = (int(rss), int(fields[11]) + int(fields[12]))
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in figures:
            found[pid] = figures[pid]
        stack += [child for child, parent in parents.items() if parent == pid]
    return found


def run(manifest: Path, out: Path, jobs: int) -> Run:
    """One `dataplan aggregate` process, sampled every 0.2 s: CPU of every process of its tree
    (workers included, whoever reaps them) and the peak of their resident memory together."""
    command = [sys.executable, "-c", "from generator.cli import main; main()"]
    command += ["aggregate", str(manifest), "-o", str(out), "--jobs", str(jobs)]
    environment = {**os.environ, "DATAPLAN_TODAY": TODAY}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment
    )
    peak, main_peak = 0, 0
    ticks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, main_peak
        while not done.is_set():
            tree = process_tree(process.pid)
            peak = max(peak, sum(rss for rss, _ in tree.values()))
            main_peak = max(main_peak, tree.get(process.pid, (0, 0))[0])
            for pid, (_, used) in tree.items():
                ticks[pid] = max(ticks.get(pid, 0), used)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    before = os.times()
    output, _ = process.communicate()
    after = os.times()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    main_cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    # Workers are the forkserver's children: the main process's rusage may or may not
    # include them (as they are reaped); the sampled ticks of the whole tree always do.
    cpu = max(main_cpu, sum(ticks.values()) / os.sysconf("SC_CLK_TCK"))
    text = output.decode("utf-8", "replace")
    return Run(wall, cpu, peak / 1024, text + f"\n(main process peak {main_peak / 1024:.0f} MB)")


def change_plans(work: Path, plans: list[PlanSpec], count: int, seed: int) -> None:
    """Rename the first measure of `count` plans (a new name at every call)."""
    rng = random.Random(seed + 1)
    stamp = time.strftime("%H%M%S")
    for spec in rng.sample([p for p in plans if not p.broken], count):
        path = work / "plans" / spec.lg_code / "measures" / "m-001.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [
            f"name: 合成の施策1（改定 {stamp}）" if line.startswith("name:") else line
            for line in lines
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def profile(manifest: Path, count: int) -> None:
    """Read `count` plans in this process under cProfile: where the time goes."""
    import datetime as dt

    from generator.aggregate.manifest import read_sources
    from generator.aggregate.run import load_source
    from generator.aggregate.sources import source_state

    sources, _ = read_sources(manifest)
    cache = manifest.parent / ".profile-cache"
    today = dt.date.fromisoformat(TODAY)
    work = [(s, source_state(s, cache)) for s in sources[:count]]
    profiler = cProfile.Profile()
    profiler.enable()
    for source, state in work:
        load_source(source, state, cache, today)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="where the plans and the aggregate go (default: a temporary folder)",
    )
    parser.add_argument("--plans", type=int, default=1788)
    parser.add_argument("--broken", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--profile", type=int, default=0, help="profile reading this many plans instead"
    )
    options = parser.parse_args()
    work = options.work or Path(tempfile.mkdtemp(prefix="dataplan-aggregate-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    plans = specs(options.plans, options.broken, options.seed)
    manifest = work / "manifest.yaml"
    if not manifest.exists():
        started = time.perf_counter()
        manifest = write_plans(work, plans)
        print(f"{len(plans)} plans written in {time.perf_counter() - started:.0f} s into {work}")
    measures = sum(p.measures for p in plans)
    print(f"plans {len(plans)} (broken {options.broken}), measures {measures}, seed {options.seed}")
    if options.profile:
        profile(manifest, options.profile)
        return
    out = work / "aggregate"
    shutil.rmtree(out, ignore_errors=True)
    first = run(manifest, out, options.jobs)
    print(first.output.strip().splitlines()[-4:])
    change_plans(work, plans, CHANGED, options.seed)
    again = run(manifest, out, options.jobs)
    print(again.output.strip().splitlines()[-4:])
    database = size_mb(out / "aggregate.duckdb")
    parquet = size_mb(out / "data" / "parquet")
    csv = size_mb(out / "data" / "csv")
    print()
    print(f"{'run':<28}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}   goal")
    print(
        f"{'first run':<28}{first.wall:>8.1f}{first.cpu:>8.1f}{first.peak_mb:>9.0f}   ≤ 60 s, ≤ 1024 MB"
    )
    print(
        f"{f're-run, {CHANGED} plans changed':<28}{again.wall:>8.1f}{again.cpu:>8.1f}{again.peak_mb:>9.0f}   ≤ 10 s"
    )
    print(
        f"jobs {options.jobs}; database {database:.1f} MB, Parquet {parquet:.1f} MB, CSV {csv:.1f} MB"
    )
    print(f"load average now: {os.getloadavg()[0]:.1f} (CPUs: {os.cpu_count()})")
    if not options.keep and options.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
