"""README's two commands are what CI runs, and each works where the system python refuses installs.

Debian's and Ubuntu's `python3` refuse `pip install` outside a virtual environment
(PEP 668), so each command makes or reuses `.venv/` and runs pip, dataplan and pytest
from it. `.ci/run` reads the commands from README.md itself, so the two cannot drift.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```sh\n(.*?)\n```$", readme, re.M | re.S)[:2]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash がありません")
def test_ci_runs_exactly_the_readme_commands():
    printed = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run"), "--commands"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert printed == _readme_commands()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash がありません")
def test_ci_holds_the_commands_verbatim_and_refuses_a_readme_that_differs(tmp_path):
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in _readme_commands():
        assert command in script  # written out, not only read from README.md
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "run").write_text(script, encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    changed = readme.replace(".venv/bin/python -m pytest\n", ".venv/bin/python -m pytest -x\n", 1)
    assert changed != readme
    (tmp_path / "README.md").write_text(changed, encoding="utf-8")
    run = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run"), "--commands"], capture_output=True, text=True
    )
    assert run.returncode == 2 and run.stdout == ""
    assert (
        "README.md の最初の2つの sh のブロックが、.ci/run の2つのコマンドと違います" in run.stderr
    )


def test_each_command_makes_and_uses_a_virtual_environment():
    build, test = _readme_commands()
    for command in (build, test):
        first, *rest = [part.strip() for part in command.split("&&")]
        assert first == "python3 -m venv .venv"
        assert rest and all(part.startswith(".venv/bin/") for part in rest), command
    assert build.endswith(".venv/bin/dataplan build")
    assert test.endswith(".venv/bin/python -m pytest")
    assert '.venv/bin/pip install -e ".[test]"' in test
