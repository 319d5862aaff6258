"""`compare REV` reads any git tree safely: a symlink in an old revision is data, never a link made
on disk or followed out of the plan; every revision or path error is a Japanese problem (exit 1 or 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_plan
from test_compare import git
from typer.testing import CliRunner

from generator.cli import app
from generator.compare.sides import SideUnavailable, _extract, _resolve

BASE = Path(__file__).parent / "fixtures" / "base"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The base plan in git: `links` holds symlinks of every kind, `escape` one leaving the plan."""
    repo = tmp_path_factory.mktemp("repo")
    copy_plan(BASE, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "tag", "plain")
    # a measure kept once in shared/ and linked from measures/: the link stands for the file
    (repo / "shared").mkdir()
    shutil.move(repo / "measures" / "m-2-01.yaml", repo / "shared" / "m-2-01.yaml")
    (repo / "measures" / "m-2-01.yaml").symlink_to("../shared/m-2-01.yaml")
    (repo / "docs").mkdir()
    (repo / "docs" / "passwd").symlink_to("/etc/passwd")  # absolute (AbsoluteLinkError once)
    (repo / "docs" / "up").symlink_to("../../../../..")  # out of the tree, a folder
    (repo / "docs" / "root").symlink_to("/", target_is_directory=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    git(repo, "tag", "links")
    (repo / "measures" / "m-9-99.yaml").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "escape")
    git(repo, "tag", "escape")
    git(repo, "checkout", "-q", "plain")
    return repo


def test_links_in_an_old_revision_are_read_as_data(repo):
    result = CliRunner().invoke(app, ["compare", "links", "plain", "--path", str(repo)])
    assert result.exit_code == 0, result.output
    assert "改定前と改定後に違いはありません" in result.output  # the linked measure was read


def test_nothing_is_made_a_link_or_read_from_outside(repo, tmp_path):
    into = tmp_path / "extracted"
    into.mkdir()
    root, problems = _extract("links", _resolve("links", repo), repo, into)
    files = [p for p in root.rglob("*")]
    assert not [p for p in files if p.is_symlink()]
    assert (root / "measures" / "m-2-01.yaml").read_bytes() == (
        BASE / "measures" / "m-2-01.yaml"
    ).read_bytes()
    assert not (root / "docs").exists() or not any((root / "docs").iterdir())
    assert problems == []  # links outside plan/, measures/, kpi/ are not the plan's business


def test_a_link_out_of_the_plan_in_an_old_revision_is_a_located_problem(repo):
    result = CliRunner().invoke(app, ["compare", "escape", "--path", str(repo)])
    assert result.exit_code == 1, result.output
    assert "escape:measures/m-9-99.yaml: エラー E-file-outside-plan" in result.output
    assert "root:x:0" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "revision",
    [
        "x" * 5000,
        "--output=/tmp/dataplan-evil",
        "-n",
        "v1\nv2",
        "",
        "../" * 2000 + "plan",
        "\x1b[31mred",
    ],
)
def test_a_revision_that_cannot_be_is_a_usage_error_in_japanese(repo, revision):
    result = CliRunner().invoke(app, ["compare", "--path", str(repo), "--", revision])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("エラー: ")
    assert "Traceback" not in result.output and "Errno" not in result.output
    assert "\x1b" not in result.output
    assert not Path("/tmp/dataplan-evil").exists()


@pytest.mark.parametrize("path", ["/nowhere/plan", "x" * 5000])
def test_a_plan_folder_that_cannot_be_is_a_usage_error(path):
    result = CliRunner().invoke(app, ["compare", "HEAD", "--path", path])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Errno" not in result.output


def test_resolving_refuses_an_option_disguised_as_a_revision(repo):
    with pytest.raises(SideUnavailable, match="リビジョン"):
        _resolve("--all", repo)
