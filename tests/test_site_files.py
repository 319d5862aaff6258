"""Nothing from outside the plan is published: every hand-written file copied into the site
(theme overrides, style sheets, scripts) is a regular file inside the plan folder, read by
the rule of the YAML files; links out and special files are located problems."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, copy_plan
from typer.testing import CliRunner

from generator.cli import app
from generator.file_access import PlanFilesRefused, read_plan_tree

BASE = Path(__file__).parent / "fixtures" / "base"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The base plan with its own mkdocs.yml and site/ (the hand-written parts it publishes)."""
    root = tmp_path / "plan-folder"
    copy_plan(BASE, root)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site", root / "site")
    for folder in ("stylesheets", "javascripts", "overrides/partials"):
        (root / "site" / folder).mkdir(parents=True, exist_ok=True)
    (root / "site" / "stylesheets" / "town.css").write_text("a { color: #005a9c; }", "utf-8")
    return root


def build(plan: Path, out: Path):
    return CliRunner().invoke(app, ["build", str(plan), "--no-pdf", "--out", str(out)])


def _outside(tmp_path: Path) -> Path:
    folder = tmp_path / "another-city"
    folder.mkdir(exist_ok=True)
    (folder / "secret.js").write_text("const token = 'SECRET-OUTSIDE';", encoding="utf-8")
    return folder


def _plant(plan: Path, tmp_path: Path, case: str) -> str:
    """Put one hostile entry under site/; return its path as the problem names it."""
    site = plan / "site"
    if case == "environ":
        (site / "stylesheets" / "environ.css").symlink_to("/proc/self/environ")
        return "site/stylesheets/environ.css"
    if case == "passwd-override":
        (site / "overrides" / "partials" / "copyright.html").symlink_to("/etc/passwd")
        return "site/overrides/partials/copyright.html"
    if case == "outside-folder":
        (site / "javascripts" / "vendor").symlink_to(_outside(tmp_path), target_is_directory=True)
        return "site/javascripts/vendor"
    if case == "dotdot":
        _outside(tmp_path)
        (site / "javascripts" / "up.js").symlink_to("../../../another-city/secret.js")
        return "site/javascripts/up.js"
    if case == "fifo":
        os.mkfifo(site / "stylesheets" / "pipe.css")
        return "site/stylesheets/pipe.css"
    if case == "device":
        (site / "overrides" / "zero.txt").symlink_to("/dev/zero")
        return "site/overrides/zero.txt"
    if case == "site-itself":
        shutil.rmtree(site)
        shutil.copytree(ROOT / "site", tmp_path / "shared-site")
        site.symlink_to(tmp_path / "shared-site", target_is_directory=True)
        return "site"
    raise AssertionError(case)


CASES = {
    "environ": "E-file-outside-plan",
    "passwd-override": "E-file-outside-plan",
    "outside-folder": "E-file-outside-plan",
    "dotdot": "E-file-outside-plan",
    "fifo": "E-file-not-regular",
    "device": "E-file-outside-plan",
    "site-itself": "E-file-outside-plan",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_site_files_are_refused_before_the_build(plan, tmp_path, case):
    where = _plant(plan, tmp_path, case)
    out = tmp_path / "out"
    result = build(plan, out)
    assert result.exit_code == 1, result.output
    assert f"{where}: エラー {CASES[case]}" in result.output
    assert "公開できないファイルがあるため、サイトを作れません" in result.output
    assert not out.exists()
    assert "SECRET-OUTSIDE" not in result.output and "root:x:0" not in result.output


def test_the_environment_never_reaches_the_site_or_the_message(plan, tmp_path, monkeypatch):
    monkeypatch.setenv("DATAPLAN_TEST_SECRET", "CI-TOKEN-4d1f")
    _plant(plan, tmp_path, "environ")
    result = build(plan, tmp_path / "out")
    assert result.exit_code == 1 and "CI-TOKEN-4d1f" not in result.output
    source = plan / ".dataplan" / "site_src" / "public"
    assert not source.exists() or not any(
        b"CI-TOKEN-4d1f" in path.read_bytes() for path in source.rglob("*") if path.is_file()
    )


def test_a_link_inside_the_plan_is_published_as_its_file(plan, tmp_path):
    (plan / "design").mkdir()
    (plan / "design" / "colours.css").write_text(".town-colour { color: #005a9c; }", "utf-8")
    (plan / "site" / "stylesheets" / "colours.css").symlink_to("../../design/colours.css")
    out = tmp_path / "out"
    result = build(plan, out)
    assert result.exit_code == 0, result.output
    published = out / "stylesheets" / "colours.css"
    assert not published.is_symlink() and "town-colour" in published.read_text(encoding="utf-8")


def test_a_theme_folder_named_outside_the_plan_is_refused(plan, tmp_path):
    """The theme's folder is the tool's: a plan's mkdocs.yml cannot point it elsewhere."""
    theme = tmp_path / "borrowed-theme"
    theme.mkdir()
    (theme / "leak.txt").symlink_to("/etc/hostname")
    config = plan / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"theme:\n  custom_dir: {theme}\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = build(plan, out)
    assert result.exit_code == 1, result.output
    assert "custom_dir は dataplan が決めるため書けません" in result.output and not out.exists()


def test_an_environment_variable_in_the_site_settings_is_refused(plan, tmp_path, monkeypatch):
    """MkDocs' !ENV would put a CI secret on the public site: the plan's mkdocs.yml is plain YAML."""
    monkeypatch.setenv("DATAPLAN_TEST_SECRET", "CI-TOKEN-77aa")
    config = plan / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "copyright: !ENV DATAPLAN_TEST_SECRET\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = build(plan, out)
    assert result.exit_code == 1, result.output
    assert "!ENV" in result.output and "CI-TOKEN-77aa" not in result.output
    assert not out.exists()


def test_every_refused_file_is_listed_and_nothing_is_read_half(tmp_path):
    root = tmp_path / "plan"
    folder = root / "site" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "ok.css").write_text("a {}", encoding="utf-8")
    (folder / "a.css").symlink_to("/etc/passwd")
    os.mkfifo(folder / "b.css")
    (folder / "loop").symlink_to(".", target_is_directory=True)  # a folder linked twice: once
    with pytest.raises(PlanFilesRefused) as refused:
        read_plan_tree(folder, root, "site/stylesheets")
    found = [(p.file, p.code) for p in refused.value.problems]
    assert found == [
        ("site/stylesheets/a.css", "E-file-outside-plan"),
        ("site/stylesheets/b.css", "E-file-not-regular"),
    ]
    assert "site/ に置けるのは通常のファイルだけです" in refused.value.problems[1].hint
    (folder / "a.css").unlink()
    (folder / "b.css").unlink()
    assert read_plan_tree(folder, root, "site/stylesheets") == {"ok.css": b"a {}"}


def test_a_fifo_as_grades_is_a_problem_not_a_hang(tmp_path):
    root = tmp_path / "plan-folder"
    copy_plan(BASE, root)
    (root / "kpi").mkdir(exist_ok=True)
    os.mkfifo(root / "kpi" / "grades.csv")
    code = "import sys; from generator.cli import main; sys.argv[0] = 'dataplan'; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "validate", str(root)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "kpi/grades.csv: エラー E-file-not-regular" in done.stdout
    assert "kpi/ の表はふつうの CSV ファイルにしてください" in done.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "/proc/self/environ"])
def test_grades_linked_out_of_the_plan_are_refused_unread(tmp_path, target):
    root = tmp_path / "plan-folder"
    copy_plan(BASE, root)
    (root / "kpi").mkdir(exist_ok=True)
    (root / "kpi" / "grades.csv").symlink_to(target)
    result = CliRunner().invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert "kpi/grades.csv: エラー E-file-outside-plan" in result.output


@pytest.mark.parametrize("kind", ["outside", "fifo"])
def test_published_test_results_must_be_a_plain_file_of_the_plan(tmp_path, kind):
    root = tmp_path / "city"
    copy_plan(EXAMPLE, root, folders=("plan", "measures", "kpi", "accessibility"))
    results = root / "accessibility" / "test-results.json"
    results.unlink()
    if kind == "outside":
        other = tmp_path / "another-city-results.json"
        other.write_text('{"criteria": [], "secret": "SECRET-OUTSIDE"}', encoding="utf-8")
        results.symlink_to(other)
    else:
        os.mkfifo(results)
    out = tmp_path / "out"
    result = build(root, out)
    assert result.exit_code == 1, result.output
    code = "E-file-outside-plan" if kind == "outside" else "E-file-not-regular"
    assert f"accessibility/test-results.json: エラー {code}" in result.output
    assert "SECRET-OUTSIDE" not in result.output and not out.exists()


def test_a_repository_link_that_makes_browsers_call_another_host_is_refused(plan, tmp_path):
    """Material asks GitHub for a repository's facts from every visitor's browser."""
    config = plan / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "repo_url: https://github.com/example/plan\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = build(plan, out)
    assert result.exit_code == 1, result.output
    assert "mkdocs.yml: repo_url は書けません" in result.output and not out.exists()
