"""Ids are safe file names: no id takes a page of the site or a name Windows reserves, and no two
files of the built site collide, not even where upper and lower case are one (Windows, macOS)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_plan
from typer.testing import CliRunner

from generator.cli import app
from generator.safe_names import RESERVED_PAGE_NAMES, unsafe_name_reason
from generator.site.site_data import collect_site_data
from generator.site.structure import site_structure
from generator.validate import validate_plan

BASE = Path(__file__).parent / "fixtures" / "base"
ROOT = Path(__file__).resolve().parents[1]
WINDOWS = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])$", re.IGNORECASE)

REFUSED = ["index", "INDEX", "404", "search", "contact", "history", "Open-Data", "sitemap"]
REFUSED += ["con", "CON", "aux", "Prn.yaml", "nul.txt", "com1", "LPT9", "lpt3.csv", "m-1."]
ALLOWED = ["index2", "con-1", "com10", "lpt0", "m-1.1", "k-1-01-1", "aux-services", "search2"]


@pytest.mark.parametrize("identifier", REFUSED)
def test_unsafe_names_are_refused(identifier):
    assert unsafe_name_reason(identifier)


@pytest.mark.parametrize("identifier", ALLOWED)
def test_ordinary_names_are_kept(identifier):
    assert unsafe_name_reason(identifier) is None


def _plan(tmp_path: Path) -> Path:
    copy_plan(BASE, tmp_path / "plan-folder")
    return tmp_path / "plan-folder"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("identifier", ["index", "404", "search", "CON", "aux.md"])
def test_validate_locates_a_measure_id_that_would_replace_a_file(tmp_path, identifier):
    root = _plan(tmp_path)
    _replace(root / "measures/m-2-01.yaml", "id: m-2-01\n", f'id: "{identifier}"\n')
    result = validate_plan(root)
    found = [(p.file, p.line, p.column, p.code) for p in result.report.errors]
    assert found == [("measures/m-2-01.yaml", 1, 5, "E-reserved-id")]
    assert f"施策の id「{identifier}」は" in result.report.errors[0].message


@pytest.mark.parametrize(
    ("where", "old"), [("departments", "  - id: kenko\n"), ("groups", '  - id: "1"\n')]
)
def test_department_and_group_ids_follow_the_same_rule(tmp_path, where, old):
    root = _plan(tmp_path)
    plan_file = root / "plan/plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    start = text.index(f"{where}:\n")
    line = text[:start].count("\n") + 1
    _replace(plan_file, old, old.replace(old.split("id: ")[1].strip(), "NUL"))
    codes = {(p.file, p.code) for p in validate_plan(root).report.errors}
    assert ("plan/plan.yaml", "E-reserved-id") in codes
    problem = next(p for p in validate_plan(root).report.errors if p.code == "E-reserved-id")
    assert problem.line > line


def test_build_refuses_a_measure_named_index(tmp_path):
    root = _plan(tmp_path)
    _replace(root / "measures/m-2-01.yaml", "id: m-2-01\n", "id: index\n")
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["build", str(root), "--no-pdf", "--out", str(out)])
    assert result.exit_code == 1
    assert "measures/m-2-01.yaml:1:5: エラー E-reserved-id" in result.output
    assert not out.exists()


def test_the_tools_own_pages_are_reserved():
    project = validate_plan(ROOT).project
    assert project is not None
    for internal in (False, True):
        structure = site_structure(collect_site_data(project, internal=internal))
        keys = {page.key for page in structure.pages}
        own = {
            Path(page.path).stem
            for page in structure.pages
            if Path(page.path).stem not in keys  # pages named after an id are not the tool's own
        }
        assert own <= RESERVED_PAGE_NAMES, own - RESERVED_PAGE_NAMES


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_no_two_generated_files_collide_and_none_has_a_reserved_name(built_sites, audience):
    built = built_sites[audience]
    for folder in (built.site_dir, built.source.folder):
        paths = [p.relative_to(folder).as_posix() for p in folder.rglob("*")]
        assert paths
        folded: dict[str, str] = {}
        for path in paths:
            assert path.casefold() not in folded, (path, folded.get(path.casefold()))
            folded[path.casefold()] = path
            for part in Path(path).parts:
                assert not WINDOWS.match(part.split(".", 1)[0]), path
                assert not part.endswith((".", " ")), path
