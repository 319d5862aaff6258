"""The CI templates a city copies (generator/guide/ci/): they parse, their jobs hang together, and their
`dataplan` commands, run as the templates write them in a plan's folder, do what the
comments promise. Installing packages (pip, apt-get) is left to a real CI run.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPOSITORY, TEST_TODAY, missing_tool
from ruamel.yaml import YAML

CI = REPOSITORY / "generator" / "guide" / "ci"
WORKFLOW = CI / "github-actions-publish.yml"
PRE_COMMIT = CI / "pre-commit-config.yaml"
HANG = 600  # seconds: only bounds a hang


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load(WORKFLOW)


def run_template_line(line: str, plan: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """One `run:` line, in the plan's folder, with the `dataplan` of this Python on PATH."""
    scripts = Path(sys.executable).parent
    if not (scripts / "dataplan").exists():
        missing_tool(f"{scripts} に dataplan がありません（pip install -e . で入ります）")
    environment = {
        **os.environ,
        **env,
        "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
        "DATAPLAN_TODAY": TEST_TODAY.isoformat(),  # the template leaves it empty: today
    }
    return subprocess.run(
        ["bash", "-c", line],
        cwd=plan,
        env=environment,
        capture_output=True,
        text=True,
        timeout=HANG,
    )


def dataplan_lines(job: dict) -> list[str]:
    lines = [line for step in job["steps"] for line in str(step.get("run", "")).splitlines()]
    return [line.strip() for line in lines if line.strip().startswith("dataplan ")]


def test_the_workflow_validates_then_builds_then_deploys_only_from_main(workflow):
    on = workflow["on"]
    assert on["push"]["branches"] == ["main"] and "pull_request" in on
    jobs = workflow["jobs"]
    assert list(jobs) == ["validate", "build", "deploy"]
    assert jobs["build"]["needs"] == "validate" and jobs["deploy"]["needs"] == "build"
    assert "pull_request" in jobs["build"]["if"]  # no site is built for a pull request
    assert "refs/heads/main" in jobs["deploy"]["if"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    uses = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", use) for use in uses), uses
    assert workflow["env"]["DATAPLAN_PACKAGE"] == "."
    assert workflow["env"]["DATAPLAN_TODAY"] == ""


def test_the_workflow_uploads_the_folder_its_build_writes(workflow):
    build = workflow["jobs"]["build"]
    [command] = [line for line in dataplan_lines(build) if line.startswith("dataplan build")]
    arguments = shlex.split(command)
    assert "--internal" not in arguments  # only the public edition is published
    out = arguments[arguments.index("--out") + 1]
    [upload] = [step for step in build["steps"] if "upload-pages-artifact" in step.get("uses", "")]
    assert upload["with"]["path"] == out


def test_the_workflow_commands_validate_strictly_and_publish_the_site_and_pdf(workflow, base_copy):
    validate = dataplan_lines(workflow["jobs"]["validate"])
    build = dataplan_lines(workflow["jobs"]["build"])
    assert validate == ["dataplan validate --strict"]
    assert len(build) == 1
    env = {key: str(value) for key, value in workflow["env"].items()}
    checked = run_template_line(validate[0], base_copy, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run_template_line(build[0], base_copy, env)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "「計画の PDF」を作っていません" not in built.stdout + built.stderr  # it has its tools
    site = base_copy / shlex.split(build[0])[shlex.split(build[0]).index("--out") + 1]
    assert (site / "index.html").exists()
    assert (site / "downloads" / "plan.pdf").read_bytes().startswith(b"%PDF-")
    assert 'href="downloads/plan.pdf"' in (site / "index.html").read_text(encoding="utf-8")


def test_the_workflow_stops_at_validation_when_the_plan_has_a_warning(workflow, base_copy):
    measure = base_copy / "measures" / "m-1-01.yaml"
    measure.write_text(measure.read_text(encoding="utf-8") + "unknown_key: 1\n", "utf-8")
    [validate] = dataplan_lines(workflow["jobs"]["validate"])
    checked = run_template_line(validate, base_copy, {})
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "measures/m-1-01.yaml" in checked.stdout


def test_the_pre_commit_hook_validates_the_plan_files_only(base_copy):
    [repository] = load(PRE_COMMIT)["repos"]
    [hook] = repository["hooks"]
    assert repository["repo"] == "local" and hook["language"] == "system"
    assert hook["pass_filenames"] is False
    watched = re.compile(hook["files"])
    for path in (
        "plan/plan.yaml",
        "measures/m-1-01.yaml",
        "kpi/actuals.csv",
        "kpi/notes/2025Q1.yaml",
    ):
        assert watched.search(path), path
    for path in ("README.md", "site/stylesheets/extra.css", "reports/report-2025Q1.md"):
        assert not watched.search(path), path
    passed = run_template_line(hook["entry"], base_copy, {})
    assert passed.returncode == 0, passed.stdout + passed.stderr
    (base_copy / "measures" / "m-1-01.yaml").write_text("id: m-1-01\n", encoding="utf-8")
    stopped = run_template_line(hook["entry"], base_copy, {})
    assert stopped.returncode == 1 and "measures/m-1-01.yaml" in stopped.stdout
