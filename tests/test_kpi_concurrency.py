"""Two writers at once, and a writer killed at any moment: nothing recorded is lost.

Writers are forked from the test process (the modules are imported once, so a run
costs tens of milliseconds, not a second), and each runs the real CLI command.

- Concurrency: two `kpi import` of different files and two `kpi record` of different
  KPIs start together (a barrier), repeated; every row of all four ends up recorded.
- Crash: a `kpi import --replace` is killed with SIGKILL at a random moment, repeated;
  the next run finds actuals and history both old or both new (every history row of a
  replacement matches a value that was replaced), and no temporary file remains.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest
from conftest import copy_plan
from kpi_plan_fixture import make_plan
from typer.testing import CliRunner

import generator.kpi.importer  # noqa: F401 - imported once here, not in every forked writer
import generator.kpi.record  # noqa: F401
from generator.cli import app
from generator.clock import TODAY_VARIABLE
from generator.kpi.store import ActualRow, read_actuals, read_history, write_actuals

FORK = multiprocessing.get_context("fork")
TODAY = "2025-10-10"
MANY = 60  # KPIs in the extra measure, so the tables are not trivially small
CONCURRENCY_TRIALS = 3
CRASH_TRIALS = 6
HANG = 120  # seconds: only bounds a hang of a writer


def extra_measure(count: int) -> str:
    kpis = "".join(
        f"  - id: k-9-01-{number}\n    name: 件数{number}\n    kind: quantity\n    unit: 件\n"
        f"    targets:\n      - {{when: 2029, value: 1000}}\n"
        for number in range(1, count + 1)
    )
    return (
        "id: m-9-01\nname: 多くの指標を持つ施策\npillar: online\ndepartments: [digital]\n"
        "content: 負荷の試験。\nschedule:\n  - when: 2025\n    text: 開始\nkpis:\n" + kpis
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = make_plan(tmp_path_factory.mktemp("template") / "city")
    (root / "measures" / "m-9-01.yaml").write_text(extra_measure(MANY), encoding="utf-8")
    write_actuals(
        root,
        [
            ActualRow(f"k-9-01-{n}", "2025Q1", str(n), "", "seed", "2025-07-01", "seed")
            for n in range(1, MANY + 1)
        ],
    )
    assert _cli("validate", root) == 0
    return root


def fresh(template: Path, where: Path) -> Path:
    return copy_plan(template, where)


def _cli(*args: object) -> int:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env={TODAY_VARIABLE: TODAY})
    return result.exit_code


def _child(barrier, args: list[str]) -> None:
    barrier.wait()
    os._exit(_cli(*args))


# Two writers at once ----------------------------------------------------------------------------


def test_two_imports_and_two_records_at_once_lose_nothing(template, tmp_path):
    started = time.monotonic()
    for trial in range(CONCURRENCY_TRIALS):
        root = fresh(template, tmp_path / f"trial{trial}")
        first, second = tmp_path / f"a{trial}.csv", tmp_path / f"b{trial}.csv"
        half = MANY // 2
        first.write_text(
            "kpi_id,quarter,value\n"
            + "".join(f"k-9-01-{n},2025Q2,{n * 2}\n" for n in range(1, half + 1)),
            encoding="utf-8",
        )
        second.write_text(
            "kpi_id,quarter,value\n"
            + "".join(f"k-9-01-{n},2025Q2,{n * 2}\n" for n in range(half + 1, MANY + 1)),
            encoding="utf-8",
        )
        commands = [
            ["kpi", "import", str(first), "--path", str(root)],
            ["kpi", "import", str(second), "--path", str(root)],
            ["kpi", "record", "k-1-01-1", "2025Q2", "41", "--path", str(root)],
            ["kpi", "record", "k-4-01-1", "2025Q2", "17", "--path", str(root)],
        ]
        barrier = FORK.Barrier(len(commands))
        children = [FORK.Process(target=_child, args=(barrier, command)) for command in commands]
        for child in children:
            child.start()
        for child in children:
            child.join(HANG)
        assert [child.exitcode for child in children] == [0, 0, 0, 0], trial
        recorded = {(row.kpi_id, row.quarter): row.value for row in read_actuals(root)[0]}
        expected = {(f"k-9-01-{n}", "2025Q2"): str(n * 2) for n in range(1, MANY + 1)}
        expected |= {("k-1-01-1", "2025Q2"): "41", ("k-4-01-1", "2025Q2"): "17"}
        assert {key: recorded.get(key) for key in expected} == expected, trial
        assert len(recorded) == MANY * 2 + 2
    print(f"concurrency: {CONCURRENCY_TRIALS} trials in {time.monotonic() - started:.1f} s")


def test_two_replacements_of_one_value_at_once_keep_a_chain_in_history(template, tmp_path):
    """Two `kpi record --replace` of the same KPI and quarter: one wins, and history holds
    the value each of them replaced (the seed, then the first writer's), never a claim
    about a replacement that did not happen."""
    for trial in range(3):
        root = fresh(template, tmp_path / f"same{trial}")
        commands = [
            [
                "kpi",
                "record",
                "k-9-01-1",
                "2025Q1",
                value,
                "--replace",
                "--by",
                who,
                "--path",
                str(root),
            ]
            for value, who in (("500", "甲"), ("600", "乙"))
        ]
        barrier = FORK.Barrier(len(commands))
        children = [FORK.Process(target=_child, args=(barrier, command)) for command in commands]
        for child in children:
            child.start()
        for child in children:
            child.join(HANG)
        assert [child.exitcode for child in children] == [0, 0], trial
        final = {r.key: r.value for r in read_actuals(root)[0]}[("k-9-01-1", "2025Q1")]
        chain = [(row.actual.value, row.replaced_by) for row in read_history(root)[0]]
        first = "600" if final == "500" else "500"
        winner_by = {"500": "甲", "600": "乙"}
        assert chain == [("1", winner_by[first]), (first, winner_by[final])], trial


# A writer killed at any moment ------------------------------------------------------------------


def _slow_commit_child(barrier, args: list[str], steps=None) -> None:
    """The import, with each flush and rename slowed a little, so that random kills land
    inside the commit as often as before it; `steps` (a shared counter) counts them."""
    real_fsync, real_replace = os.fsync, os.replace

    def counted(operation):
        def slow(*arguments):
            time.sleep(0.01)
            operation(*arguments)
            if steps is not None:
                with steps.get_lock():
                    steps.value += 1

        return slow

    os.fsync, os.replace = counted(real_fsync), counted(real_replace)
    _child(barrier, args)


def _tables(root: Path) -> tuple[bytes, bytes]:
    folder = root / "kpi"
    history = folder / "history.csv"
    return (folder / "actuals.csv").read_bytes(), history.read_bytes() if history.exists() else b""


def _leftovers(root: Path) -> list[str]:
    return sorted(
        p.name for p in (root / "kpi").iterdir() if p.name.endswith(".tmp") or p.name == ".journal"
    )


def test_a_replace_import_killed_at_any_moment_leaves_both_old_or_both_new(template, tmp_path):
    """Killed at random moments, and once after each flush or rename of a complete run (so
    some kills surely land inside the commit, before and after the journal appears)."""
    incoming = tmp_path / "replace.csv"
    incoming.write_text(
        "kpi_id,quarter,value\n"
        + "".join(f"k-9-01-{n},2025Q1,{n + 1000}\n" for n in range(1, MANY + 1)),
        encoding="utf-8",
    )
    command = ["kpi", "import", str(incoming), "--replace", "--by", "試験", "--path"]
    # What a run that is not killed does, how long it takes and how many steps it has.
    complete = fresh(template, tmp_path / "complete")
    old = _tables(complete)
    steps = FORK.Value("i", 0)
    child = FORK.Process(
        target=_slow_commit_child, args=(FORK.Barrier(1), [*command, str(complete)], steps)
    )
    started = time.monotonic()
    child.start()
    child.join(HANG)
    duration = time.monotonic() - started
    assert child.exitcode == 0
    new = _tables(complete)
    assert new != old and new[1].count(b"\n") == MANY + 1
    assert steps.value >= 4  # two tables and the journal flushed, the journal renamed

    random.seed(8)
    moments = [("random", random.uniform(0, duration * 1.1)) for _ in range(CRASH_TRIALS)]
    moments += [("after step", step) for step in range(1, steps.value)]
    outcomes = {"old": 0, "new": 0, "journal found": 0}
    for trial, (kind, moment) in enumerate(moments):
        root = fresh(template, tmp_path / f"crash{trial}")
        done = FORK.Value("i", 0)
        child = FORK.Process(
            target=_slow_commit_child, args=(FORK.Barrier(1), [*command, str(root)], done)
        )
        child.start()
        if kind == "random":
            time.sleep(moment)
        else:
            deadline = time.monotonic() + HANG
            while done.value < moment and child.exitcode is None and time.monotonic() < deadline:
                time.sleep(0.001)
        if child.pid is not None and child.exitcode is None:
            os.kill(child.pid, signal.SIGKILL)
        child.join(HANG)
        if (root / "kpi" / ".journal").exists():
            outcomes["journal found"] += 1
        # The next run, here a reader, completes a journal it finds and removes temporaries.
        assert _cli("validate", root) == 0
        assert _leftovers(root) == []
        state = _tables(root)
        assert state in (old, new), (kind, moment)
        outcomes["old" if state == old else "new"] += 1
        # History holds exactly the replaced values, once each.
        replaced = {(row.actual.kpi_id, row.actual.value) for row in read_history(root)[0]}
        assert replaced == (
            set() if state == old else {(f"k-9-01-{n}", str(n)) for n in range(1, MANY + 1)}
        )
        # A retry completes the change without duplicating history.
        assert _cli(*command, root) == 0
        assert _tables(root) == new
    # Kills landed before the commit point, inside the commit, and after it.
    assert outcomes["old"] and outcomes["new"] and outcomes["journal found"], outcomes
