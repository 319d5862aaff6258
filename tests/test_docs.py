"""The user guide is tested: every code and command documented, generated pages up to date,
and every hand-written example of guide/problems.md really shows its problem and its fix."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import typer
from conftest import copy_plan
from ruamel.yaml import YAML

from generator.catalogue import load_bundled_catalogue
from generator.kpi.importer import prepare_import
from generator.load import PlanConstructor
from generator.problem_codes import PROBLEM_CODES
from generator.problems import Severity
from generator.scaffold import InitOptions, render_plan, write_tree
from generator.validate import validate_plan
from tools.guide_reference import (
    GUIDE_DIR,
    REGENERATE,
    command_paths,
    commands,
    commands_page,
    generated_pages,
    load_examples,
)

EXAMPLES = load_examples()
CHECKED = {
    code: example for code, example in EXAMPLES.items() if example.get("check", "merge") != "none"
}
# The sample plan of the examples: 2025〜2029年度, checked in January 2026 (FY2025 Q4).
BASE_TODAY = dt.date(2025, 3, 1)
CHECK_TODAY = dt.date(2026, 1, 15)


def _page(name: str) -> str:
    return (GUIDE_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return generated_pages()


@pytest.mark.parametrize("name", ["files.md", "problems.md", "commands.md"])
def test_generated_pages_are_up_to_date(name: str, pages: dict[str, str]) -> None:
    expected = pages[name]
    assert (GUIDE_DIR / name).exists(), (
        f"guide/{name} がありません。`{REGENERATE}` を実行してください。"
    )
    assert _page(name) == expected, (
        f"guide/{name} が古くなっています。`{REGENERATE}` を実行してください。"
    )


def test_generated_pages_are_exactly_these(pages: dict[str, str]) -> None:
    assert sorted(pages) == ["commands.md", "files.md", "problems.md"]


@pytest.mark.parametrize("name", ["files.md", "problems.md", "commands.md"])
def test_generated_pages_say_they_are_generated(name: str, pages: dict[str, str]) -> None:
    assert pages[name].startswith(f"<!-- このページは `{REGENERATE}`")


@pytest.mark.parametrize("code", list(PROBLEM_CODES))
def test_every_problem_code_is_in_the_guide(code: str) -> None:
    assert f"\n## {code}\n" in _page("problems.md"), (
        f"guide/problems.md に {code} がありません。`{REGENERATE}` を実行してください。"
    )


@pytest.mark.parametrize("code", list(PROBLEM_CODES))
def test_every_problem_code_has_an_example(code: str) -> None:
    assert code in EXAMPLES, (
        f"問題コード {code} の例がありません。tools/guide_examples.yaml に誤りの例と直し方を書き、"
        f"`{REGENERATE}` を実行してください。"
    )


def test_examples_are_only_for_known_codes() -> None:
    assert sorted(set(EXAMPLES) - set(PROBLEM_CODES)) == []


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_examples_have_the_required_keys(code: str) -> None:
    example = EXAMPLES[code]
    assert {"file", "bad", "fixed"} <= set(example)
    assert example.get("check", "merge") in {"merge", "replace", "missing", "import", "none"}


def test_every_command_is_in_the_guide() -> None:
    page = _page("commands.md")
    for path in command_paths():
        assert f"\n## {' '.join(['dataplan', *path])}\n" in page, (
            f"guide/commands.md に {path} がありません。"
        )


@pytest.mark.parametrize("path", [" ".join(p) or "(dataplan)" for p in command_paths()])
def test_every_command_has_help(path: str) -> None:
    command = dict((" ".join(p) or "(dataplan)", c) for p, c in commands())[path]
    assert (command.help or "").strip(), f"コマンド {path} に説明（docstring / help）がありません。"


def test_command_reference_recurses_into_groups() -> None:
    app = typer.Typer(help="ルート。")
    kpi = typer.Typer(help="KPI の操作。")

    @app.command()
    def first() -> None:
        """一つ目。"""

    @kpi.command()
    def record() -> None:
        """記録する。"""

    app.add_typer(kpi, name="kpi")
    assert command_paths(app) == [[], ["first"], ["kpi"], ["kpi", "record"]]
    page = commands_page(app)
    assert "## dataplan kpi record" in page and "記録する。" in page


def test_files_page_marks_internal_fields() -> None:
    staff = next(line for line in _page("files.md").splitlines() if line.startswith("| `staff` |"))
    assert "庁内限定" in staff


# --- the examples of guide/problems.md are real --------------------------------------------------


@pytest.fixture(scope="module")
def sample_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample") / "plan"
    write_tree(
        root,
        render_plan(InitOptions(["ex-1-02"]), catalogue=load_bundled_catalogue(), today=BASE_TODAY),
    )
    return root


def _problems(root: Path, example: dict, which: str) -> list:
    """The problems of the plan at `root`; for an import example, those of importing its file."""
    if example.get("check") != "import":
        return validate_plan(root, today=CHECK_TODAY).report.problems
    project = validate_plan(root, today=CHECK_TODAY).project
    options = example.get("fixed_options", {}) if which == "fixed" else {}
    files = [root.parent / "incoming" / _file(example, which)]
    return prepare_import(project, files, today=CHECK_TODAY, **options).problems


def _file(example: dict, which: str) -> str:
    return example.get("fixed_file", example["file"]) if which == "fixed" else example["file"]


def _apply(root: Path, example: dict, which: str) -> None:
    """Make the sample plan at `root` show the example's bad or fixed state."""
    check = example.get("check", "merge")
    for relative, text in example.get("setup", {}).items():
        _write(
            root / relative, text, merge=relative.endswith(".yaml") and (root / relative).exists()
        )
    path = (root.parent / "incoming" if check == "import" else root) / _file(example, which)
    if check == "missing" and which == "bad":
        path.unlink()
        return
    encoding = example.get("encoding", "utf-8") if which == "bad" else "utf-8"
    _write(path, example[which], merge=check == "merge", encoding=encoding)


def _write(path: Path, text: str, *, merge: bool, encoding: str = "utf-8") -> None:
    """Write `text` to `path`; with `merge`, its top-level keys replace those of the YAML file there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if merge:
        yaml = YAML(typ="safe")
        yaml.Constructor = PlanConstructor  # keeps a date not on the calendar as text
        data = yaml.load(path.read_text(encoding="utf-8"))
        data.update(yaml.load(text) or {})
        stream = io.StringIO()
        yaml.dump(data, stream)
        text = stream.getvalue()
    path.write_bytes(text.encode(encoding))


@pytest.mark.parametrize("code", sorted(CHECKED))
def test_example_shows_the_problem_and_its_fix(
    code: str, sample_plan: Path, tmp_path: Path
) -> None:
    example = CHECKED[code]
    where = f"tools/guide_examples.yaml の {code}"
    copy_plan(sample_plan, tmp_path / "bad" / "plan")
    _apply(tmp_path / "bad" / "plan", example, "bad")
    bad = [p for p in _problems(tmp_path / "bad" / "plan", example, "bad") if p.code == code]
    assert bad, f"{where}: 誤りの例で {code} が出ません。"

    copy_plan(sample_plan, tmp_path / "fixed" / "plan")
    _apply(tmp_path / "fixed" / "plan", example, "fixed")
    problems = _problems(tmp_path / "fixed" / "plan", example, "fixed")
    fixed = [p for p in problems if p.code == code]
    assert len(fixed) < len(bad) and not [p for p in fixed if p.file == _file(example, "fixed")], (
        f"{where}: 直し方でも {code} が残ります。"
    )
    assert [p.as_text() for p in problems if p.severity is Severity.ERROR] == [], (
        f"{where}: 直し方でもエラーが残ります。"
    )


def test_sample_plan_of_the_examples_is_clean(sample_plan: Path) -> None:
    problems = validate_plan(sample_plan, today=CHECK_TODAY).report.problems
    assert [p.as_text() for p in problems if p.severity is Severity.ERROR] == []


def test_links_of_the_index_point_to_pages() -> None:
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", _page("index.md"))
    assert targets and all((GUIDE_DIR / target).exists() for target in targets)
