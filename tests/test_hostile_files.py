"""Hostile files (issue 8, items 1–4): each is a located problem, never a crash or a hang.

The hostile files are generated here; the commands run in a child process under
a 1 GiB address-space limit (tests/hostile_run.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fixture_cases import BASE
from hostile_run import run_cli

from generator.load import MAX_DEPTH, parse_yaml_text


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    root = tmp_path / "plan"
    shutil.copytree(BASE, root)
    return root


def problems_of(run) -> list[str]:
    return [
        f"{p['file']}:{p['line']}:{p['column']} {p['code']}"
        for p in json.loads(run.stdout)["problems"]
    ]


DEEP = {
    "dash": "- " * 28_000 + "x\n",
    "question": "? " * 28_000 + "x\n",
}


@pytest.mark.parametrize("kind", sorted(DEEP))
@pytest.mark.parametrize(
    "relative", ["measures/m-9-99.yaml", "plan/current_state.yaml", "kpi/notes/2025Q2.yaml"]
)
def test_deep_block_nesting_is_a_located_problem_not_a_crash(plan, kind, relative):
    path = plan / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DEEP[kind], encoding="utf-8")

    run = run_cli("validate", str(plan), "--format", "json")

    assert run.returncode == 1, run.output
    column = 2 * MAX_DEPTH + 1  # the first `-` past the limit
    assert problems_of(run) == [f"{relative}:1:{column} E-yaml-too-deep"]
    assert run.seconds < 20


def test_deep_indented_mappings_are_refused_at_the_level_past_the_limit():
    text = "".join(" " * level + f"k{level}:\n" for level in range(300)) + " " * 300 + "x\n"
    document, problems = parse_yaml_text(text, Path("x.yaml"), "x.yaml")
    assert document is None
    assert [(p.line, p.column, p.code) for p in problems] == [
        (MAX_DEPTH + 1, MAX_DEPTH + 1, "E-yaml-too-deep")
    ]
