"""Mutation score of the modules that guard the tool's promises, each against its own tests.

A mutant is a small deliberate fault (a `<` made `<=`, a `True` made `False`, a
string changed); a test suite that stays green with it cannot see that fault.
mutmut 3 makes the mutants of one module and runs only the tests below against
each, in a copy of the repository (the working tree is never changed).

Run by hand, one module or all (minutes per module; the runs are niced and use
one test process, since the machine is shared):

    pip install -e ".[test,audit]"
    python -m tools.mutation_score                       # every module below
    python -m tools.mutation_score generator/rules.py    # one module

Each module's copy stays in `<temp>/dataplan-mutation/<module>/` so that a rerun
tests only what changed (`--fresh` forgets earlier results, as after changing tests); there, `mutmut browse` shows each mutant and
`mutmut show <name>` its diff. The score is killed ÷ all mutants (a mutant that
no test reaches counts as surviving); the survivors are written, with their
diffs, to `survivors.txt` in the copy (mutmut's own output to `mutmut-run.log`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Module → the tests that state its promises (kept short: each mutant runs them).
MODULES: dict[str, list[str]] = {
    "generator/visibility.py": ["tests/test_visibility.py", "tests/test_leaks.py"],
    "generator/rules.py": ["tests/test_one_rule.py", "tests/test_rules.py"],
    "generator/progress.py": ["tests/test_progress.py", "tests/test_progress_reasons.py"],
    "generator/kpi/importer.py": ["tests/test_kpi_import.py", "tests/test_kpi_import_rows.py"],
    "generator/kpi/transaction.py": [
        "tests/test_kpi_transaction.py",
        "tests/test_kpi_store_safety.py",
        "tests/test_kpi_concurrency.py",
    ],
    "generator/file_access.py": [
        "tests/test_file_access.py",
        "tests/test_hostile_files.py",
        "tests/test_site_files.py",
    ],
}
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
RESULT_LINE = re.compile(r"^\s+(\S+): (.+)$")
# Each survivor's diff, in one process (`mutmut show` would start one per mutant).
SHOW_DIFFS = """
import sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
for line in sys.stdin.read().splitlines():
    name, status = line.split(" ", 1)
    print(f"# {name}: {status}", get_diff_for_mutant(name), sep="\\n", end="\\n\\n")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES), help="e.g. generator/rules.py")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "dataplan-mutation"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="forget earlier results (after the tests changed)"
    )
    arguments = parser.parse_args()
    unknown = [module for module in arguments.modules if module not in MODULES]
    if unknown:
        parser.error(f"unknown module {unknown}; choose from {list(MODULES)}")
    rows = []
    for module in arguments.modules:
        workspace = arguments.work / Path(module).stem
        if arguments.fresh:
            shutil.rmtree(workspace / "mutants", ignore_errors=True)
        counts = score(module, workspace)
        killed = sum(n for status, n in counts.items() if status in KILLED)
        total = sum(counts.values())
        rows.append((module, killed, total, dict(counts)))
        print(f"{module}: {killed}/{total} killed; see {workspace / 'survivors.txt'}", flush=True)
    print()
    print(f"{'module':32} {'killed':>7} {'all':>5} {'score':>6}  statuses")
    for module, killed, total, counts in rows:
        percent = f"{100 * killed / total:.1f}%" if total else "-"
        print(f"{module:32} {killed:7} {total:5} {percent:>6}  {counts}")
    return 0


def score(module: str, workspace: Path) -> Counter[str]:
    """Run mutmut on `module` in a copy of the repository; return the count of each status."""
    copy_repository(workspace)
    (workspace / "pyproject.toml").write_text(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8") + mutmut_settings(module, workspace),
        encoding="utf-8",
    )
    mutmut = [sys.executable, "-m", "mutmut"]
    with (workspace / "mutmut-run.log").open("w", encoding="utf-8") as log:
        subprocess.run(
            ["nice", "-n", "19", *mutmut, "run", "--max-children", "1"],
            cwd=workspace,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    listed = subprocess.run(
        [*mutmut, "results", "--all", "true"],
        cwd=workspace,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    statuses = {m[1]: m[2] for line in listed.splitlines() if (m := RESULT_LINE.match(line))}
    survivors = [f"{name} {status}" for name, status in statuses.items() if status not in KILLED]
    with (workspace / "survivors.txt").open("w", encoding="utf-8") as report:
        subprocess.run(
            [sys.executable, "-c", SHOW_DIFFS],
            cwd=workspace,
            input="\n".join(survivors),
            stdout=report,
            text=True,
            check=True,
        )
    return Counter(statuses.values())


def copy_repository(workspace: Path) -> None:
    """The files git knows (tracked, or new and not ignored), over the previous copy."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode("utf-8").split("\0")):
        source = ROOT / name
        if source.is_file():
            target = workspace / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_bytes() != source.read_bytes():
                shutil.copy2(source, target)


def mutmut_settings(module: str, workspace: Path) -> str:
    """The [tool.mutmut] table: mutate `module` only, run its tests only."""
    tests = [test for test in MODULES[module] if (ROOT / test).exists()]
    # The tests read the example plan and the site's files at the top of the copy.
    own = {"generator", "tests", "mutants", "pyproject.toml", "survivors.txt", "mutmut-run.log"}
    copied = [p.name for p in workspace.iterdir() if p.name not in own]
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["generator"]\n'
        f'only_mutate = ["{module}"]\n'
        f"pytest_add_cli_args_test_selection = {tests!r}\n"
        # The slow tests read whole builds, which would be made again for every mutant.
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-m", "not slow"]\n'
        f"also_copy = {sorted(copied)!r}\n"
    )


if __name__ == "__main__":
    sys.exit(main())
