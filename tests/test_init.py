"""F20: `dataplan init` makes a plan that validates, from the template and the catalogue's examples."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from generator import scaffold, scaffold_repository
from generator.catalogue import load_bundled_catalogue
from generator.cli import app
from generator.kpi.store import actuals_text
from generator.lg_code import lg_code_problem
from generator.model import CHAPTER_FILES, FIVE_PILLARS, Measure
from generator.problems import Severity
from generator.scaffold import (
    InitOptions,
    ScaffoldError,
    guess_kpi_kind,
    measure_from_example,
    render_plan,
)
from generator.schema_export import file_kinds
from generator.user_guide import GUIDE_DIR, guide_page
from generator.validate import validate_plan

runner = CliRunner()
TODAY = dt.date(2025, 3, 1)  # FY2024, so the plan starts in FY2025


def _init(*args: str):
    return runner.invoke(app, ["init", *args])


def _load(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _errors(root: Path) -> list[str]:
    return [
        p.as_text() for p in validate_plan(root).report.problems if p.severity is Severity.ERROR
    ]


def test_init_then_validate_exits_0(tmp_path: Path) -> None:
    target = tmp_path / "x"
    result = _init(str(target))
    assert result.exit_code == 0, result.output
    validated = runner.invoke(app, ["validate", str(target)])
    assert validated.exit_code == 0, validated.output
    assert "W-empty-text" in validated.output


def test_init_with_examples_then_validate_exits_0(tmp_path: Path) -> None:
    target = tmp_path / "x"
    result = _init(str(target), "--examples", "ex-1-02", "ex-2-01")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (target / "measures").glob("*.yaml")) == [
        "m-1-02.yaml",
        "m-2-01.yaml",
    ]
    validated = runner.invoke(app, ["validate", str(target)])
    assert validated.exit_code == 0, validated.output


def test_examples_may_also_be_repeated_or_comma_separated(tmp_path: Path) -> None:
    result = _init(str(tmp_path / "x"), "--examples", "ex-1-02,ex-2-01", "--examples", "ex-3-01")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "x" / "measures").glob("*.yaml"))) == 3


def test_every_catalogue_example_becomes_a_valid_measure(tmp_path: Path) -> None:
    ids = load_bundled_catalogue().example_ids
    result = _init(str(tmp_path / "x"), "--examples", *ids)
    assert result.exit_code == 0, result.output
    assert _errors(tmp_path / "x") == []


def test_the_tree(tmp_path: Path) -> None:
    target = tmp_path / "x"
    _init(str(target))
    assert sorted(p.name for p in (target / "plan").iterdir()) == sorted(
        ["plan.yaml", *(f"{name}.yaml" for name in CHAPTER_FILES)]
    )
    assert len(list((target / "schemas").glob("*.schema.json"))) == len(file_kinds())
    assert (target / "measures").is_dir()
    assert not list(tmp_path.glob(".dataplan-init-*")), "the staging folder is left behind"
    repository = {
        str(p.relative_to(target))
        for p in target.rglob("*")
        if p.is_file() and p.parts[len(target.parts)] not in ("plan", "measures", "schemas")
    }
    assert repository == {
        "README.md",
        ".gitignore",
        "mkdocs.yml",
        "site/README.md",
        "kpi/actuals.csv",
        ".github/workflows/publish.yml",
        ".pre-commit-config.yaml",
    }


def test_files_point_the_editor_at_their_schema(tmp_path: Path) -> None:
    target = tmp_path / "x"
    _init(str(target), "--examples", "ex-1-02")
    for path in [*(target / "plan").glob("*.yaml"), *(target / "measures").glob("*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = "measure" if path.parent.name == "measures" else path.stem
        assert first == f"# yaml-language-server: $schema=../schemas/{schema}.schema.json"
        assert (path.parent / first.split("=")[1]).resolve().exists()


def test_guidance_comments_survive(tmp_path: Path) -> None:
    target = tmp_path / "x"
    _init(str(target), "--municipality", "架空市")
    policy = (target / "plan" / "policy.yaml").read_text(encoding="utf-8")
    assert "# 1. オンライン化原則（基本法第10条）" in policy
    plan = (target / "plan" / "plan.yaml").read_text(encoding="utf-8")
    assert "# 問い合わせ先。" in plan and "municipality: 架空市" in plan


def test_policy_lists_the_five_pillars(tmp_path: Path) -> None:
    _init(str(tmp_path / "x"))
    pillars = [item["pillar"] for item in _load(tmp_path / "x" / "plan" / "policy.yaml")["pillars"]]
    assert pillars == [p.value for p in FIVE_PILLARS]


def test_plan_placeholders_are_valid_values() -> None:
    files = render_plan(InitOptions(), catalogue=load_bundled_catalogue(), today=TODAY)
    meta = YAML(typ="safe").load(files["plan/plan.yaml"])
    assert (meta["municipality"], meta["prefecture"], meta["level"]) == (
        "〇〇市",
        "〇〇県",
        "municipality",
    )
    assert lg_code_problem(meta["lg_code"]) is None
    assert meta["period"] == {"start": 2025, "end": 2029}
    assert meta["contact"]["department"] == meta["departments"][0]["id"]
    assert meta["contact"]["phone"] and meta["contact"]["url"]


@pytest.mark.parametrize(
    ("today", "start"),
    [(dt.date(2025, 3, 31), 2025), (dt.date(2025, 4, 1), 2026), (dt.date(2026, 1, 5), 2026)],
)
def test_the_period_starts_next_fiscal_year(today: dt.date, start: int) -> None:
    files = render_plan(InitOptions(), catalogue=load_bundled_catalogue(), today=today)
    assert YAML(typ="safe").load(files["plan/plan.yaml"])["period"] == {
        "start": start,
        "end": start + 4,
    }


def test_municipality_and_lg_code(tmp_path: Path) -> None:
    result = _init(str(tmp_path / "x"), "--lg-code", "012025")
    assert result.exit_code == 0, result.output
    meta = _load(tmp_path / "x" / "plan" / "plan.yaml")
    assert (meta["municipality"], meta["lg_code"], meta["prefecture"]) == (
        "函館市",
        "012025",
        "北海道",
    )
    assert meta["title"] == "函館市官民データ活用推進計画"
    assert meta["level"] == "municipality"
    assert "函館市総合計画" in (tmp_path / "x" / "plan" / "positioning.yaml").read_text(
        encoding="utf-8"
    )
    assert _errors(tmp_path / "x") == []


def test_a_name_that_is_not_the_codes_body_is_a_usage_error(tmp_path: Path) -> None:
    result = _init(str(tmp_path / "x"), "--municipality", "架空町", "--lg-code", "012025")
    assert result.exit_code == 2
    assert "012025 は北海道函館市のコードです" in result.output
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("code", "shown"),
    [("139998", "全国地方公共団体コードにありません"), ("221384", "市のコード 221309")],
)
def test_an_unknown_or_ward_code_is_a_usage_error(tmp_path: Path, code: str, shown: str) -> None:
    result = _init(str(tmp_path / "x"), "--lg-code", code)
    assert result.exit_code == 2 and shown in result.output


def test_the_placeholder_code_is_a_warning_that_says_what_to_do(tmp_path: Path) -> None:
    assert _init(str(tmp_path / "x")).exit_code == 0
    [warning] = [
        p
        for p in validate_plan(tmp_path / "x").report.problems
        if p.code == "W-lg-code-placeholder"
    ]
    assert warning.severity is Severity.WARNING and "dataplan lg-code" in warning.hint


@pytest.mark.parametrize(
    ("code", "level", "prefecture"),
    [
        ("131016", "special_ward", "東京都"),
        ("130001", "prefecture", "東京都"),
        ("472018", "municipality", "沖縄県"),
    ],
)
def test_the_lg_code_sets_level_and_prefecture(code: str, level: str, prefecture: str) -> None:
    assert lg_code_problem(code) is None
    files = render_plan(InitOptions(lg_code=code), catalogue=load_bundled_catalogue(), today=TODAY)
    meta = YAML(typ="safe").load(files["plan/plan.yaml"])
    assert (meta["level"], meta["prefecture"]) == (level, prefecture)


def test_an_example_chosen_twice_is_one_measure() -> None:
    files = render_plan(
        InitOptions(["ex-1-02", "ex-1-02"]), catalogue=load_bundled_catalogue(), today=TODAY
    )
    assert [path for path in files if path.startswith("measures/")] == ["measures/m-1-02.yaml"]


def test_a_wrong_lg_code_is_a_usage_error(tmp_path: Path) -> None:
    result = _init(str(tmp_path / "x"), "--lg-code", "131015")
    assert result.exit_code == 2
    assert "検査数字" in result.output and "131015" in result.output
    assert not (tmp_path / "x").exists()


def test_an_existing_plan_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plan").mkdir()
    result = _init(str(tmp_path))
    assert result.exit_code == 2
    assert "すでに計画（plan/）があります" in result.output


def test_an_existing_folder_without_a_plan_is_filled(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("既存のリポジトリ\n", encoding="utf-8")
    result = _init(str(tmp_path), "--examples", "ex-1-02")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "既存のリポジトリ\n"
    assert _errors(tmp_path) == []
    assert not list(tmp_path.glob(".dataplan-init-*"))


def test_an_unknown_example_suggests_the_closest(tmp_path: Path) -> None:
    result = _init(str(tmp_path / "x"), "--examples", "ex-1-2")
    assert result.exit_code == 2
    assert "ex-1-2" in result.output and "もしかして「ex-1-02」" in result.output
    assert not (tmp_path / "x").exists()


def test_extra_arguments_without_examples_are_refused(tmp_path: Path) -> None:
    result = _init(str(tmp_path / "x"), "ex-1-02")
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_a_failure_while_writing_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real_write_text = Path.write_text

    def failing_write_text(self: Path, *args, **kwargs):
        calls.append(self)
        if len(calls) == 5:
            raise OSError("disk full")
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing_write_text)
    with pytest.raises(OSError):
        scaffold.create_plan(tmp_path / "x", InitOptions(["ex-1-02"]))
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_moving_into_an_existing_folder_leaves_it_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "README.md").write_text("既存\n", encoding="utf-8")
    real_rename = Path.rename
    moved = []

    def failing_rename(self: Path, target):
        moved.append(self)
        if len(moved) == 2:
            raise OSError("device busy")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OSError):
        scaffold.create_plan(tmp_path, InitOptions())
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


# --- measures from the catalogue's examples ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "unit"),
    [
        ("住民税の特別徴収税額通知（特別徴収義務者用）の正本の電子化の実現", "milestone", None),
        ("各種証明書類に係るコンビニ交付サービスの導入", "milestone", None),
        ("子育てワンストップサービスを利用した各種申請件数", "quantity", "件"),
        ("マイナンバーカードの普及率", "percentage", "%"),
        ("窓口における平均待ち時間の短縮", "time", "分"),
        ("システム運用経費の削減額", "money", "円"),
        ("クラウド上で…を導入し、情報連携を実施している学校数", "quantity", "校"),
    ],
)
def test_kpi_kind_is_guessed_from_the_name(name: str, kind: str, unit: str | None) -> None:
    assert guess_kpi_kind(name) == (kind, unit)


def test_measure_from_an_example() -> None:
    example = load_bundled_catalogue().example("ex-1-04")
    data = measure_from_example(example, first_year=2025, end_year=2029, today=TODAY)
    measure = Measure.model_validate(data)
    assert (measure.id, measure.catalogue_example, measure.mark.value) == (
        "m-1-04",
        "ex-1-04",
        "local",
    )
    assert measure.case_studies == ["1-1"] and measure.departments == [scaffold.DEPARTMENT_ID]
    assert (
        "、 " not in measure.content.text
    )  # the folded YAML of the catalogue leaves no stray space
    (kpi,) = measure.kpis
    assert (kpi.id, kpi.kind.value, kpi.unit, kpi.direction.value) == (
        "k-1-04-1",
        "time",
        "分",
        "decrease",
    )
    assert kpi.target_pending.decide_by == dt.date(2026, 3, 1)
    assert [str(m.when) for m in measure.schedule] == ["2025"]


def test_a_milestone_kpi_gets_a_target_at_the_end_of_the_period() -> None:
    example = load_bundled_catalogue().example("ex-1-03")
    measure = Measure.model_validate(
        measure_from_example(example, first_year=2025, end_year=2029, today=TODAY)
    )
    (kpi,) = measure.kpis
    assert kpi.kind.value == "milestone"
    assert [(str(t.when), t.value) for t in kpi.targets] == [("2029", "実施")]


def test_one_year_after_29_february() -> None:
    assert scaffold._one_year_after(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


# --- choosing examples interactively ------------------------------------------------------------


def test_no_prompt_when_stdin_is_not_a_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "x")], input="1\n")
    assert result.exit_code == 0, result.output
    assert "記載例" not in result.output.split("\n")[0]
    assert list((tmp_path / "x" / "measures").glob("*.yaml")) == []


def test_interactive_choice_by_number_and_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scaffold, "stdin_is_terminal", lambda: True)
    result = runner.invoke(app, ["init", str(tmp_path / "x")], input="ex-9-99\n1 ex-2-01\n")
    assert result.exit_code == 0, result.output
    assert "1. オンライン化原則" in result.output and "もしかして" in result.output
    assert sorted(p.stem for p in (tmp_path / "x" / "measures").glob("*.yaml")) == [
        "m-1-01",
        "m-2-01",
    ]


def test_interactive_empty_answer_chooses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scaffold, "stdin_is_terminal", lambda: True)
    result = runner.invoke(app, ["init", str(tmp_path / "x")], input="\n")
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "x" / "measures").glob("*.yaml")) == []


def test_menu_numbers_follow_the_pillars() -> None:
    catalogue = load_bundled_catalogue()
    menu = scaffold.example_menu(catalogue)
    assert menu.count(")") >= len(catalogue.template_examples)
    assert scaffold.parse_example_choice("2, 1", catalogue) == ["ex-1-02", "ex-1-01"]
    with pytest.raises(ScaffoldError):
        scaffold.parse_example_choice("999", catalogue)


# --- the repository around the plan ---------------------------------------------------------------


def test_the_repository_files_are_what_a_city_needs(tmp_path: Path) -> None:
    target = tmp_path / "x"
    _init(str(target), "--municipality", "架空市")
    assert (target / "kpi" / "actuals.csv").read_text(encoding="utf-8") == actuals_text([])
    ignored = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    for entry in (".dataplan/", "/site_build/", "/build/", "kpi/.lock", "kpi/.journal"):
        assert entry in ignored
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# 架空市官民データ活用推進計画\n")
    for command in ("validate", "serve", "build", "kpi template", "kpi import"):
        assert f"dataplan {command}" in readme
    assert "site_build/public/index.html" in readme and "GitHub Pages" in readme
    assert (target / ".pre-commit-config.yaml").read_bytes() == (
        GUIDE_DIR / "ci" / "pre-commit-config.yaml"
    ).read_bytes()
    meta = _load(target / "plan" / "plan.yaml")
    assert meta["accessibility"] == {"target_level": "AA", "target_conformance": "準拠"}


def test_every_guide_page_the_written_files_name_exists(tmp_path: Path) -> None:
    target = tmp_path / "x"
    _init(str(target), "--level", "prefecture")
    texts = [p.read_text(encoding="utf-8") for p in target.rglob("*") if p.is_file()]
    texts += [p.read_text(encoding="utf-8") for p in (GUIDE_DIR / "ci").iterdir()]
    named = {
        name for text in texts for name in re.findall(r"dataplan guide ([A-Za-z0-9_./-]+)", text)
    }
    assert {"files", "site", "publishing"} <= named
    for name in named:
        assert guide_page(name).path.is_file()
    assert "guide/files.md" not in "".join(texts)  # a city's repository has no guide/ folder


@pytest.mark.parametrize(
    ("recorded", "spec"),
    [
        (None, "dataplan==0.1.0"),
        (
            {
                "url": "https://github.com/example/dataplan.git",
                "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "v0.1.0"},
            },
            "git+https://github.com/example/dataplan.git@0123abc",
        ),
        (
            {"url": "https://example.org/dataplan-0.1.0.tar.gz", "archive_info": {}},
            "https://example.org/dataplan-0.1.0.tar.gz",
        ),
        ({"url": "file:///home/me/dataplan", "dir_info": {"editable": True}}, None),
        ({"url": "file:///tmp/dataplan-0.1.0-py3-none-any.whl", "archive_info": {}}, None),
    ],
)
def test_the_workflow_is_pinned_to_the_installed_dataplan(
    monkeypatch: pytest.MonkeyPatch, recorded, spec
) -> None:
    class Installed:
        version = "0.1.0"

        def read_text(self, name: str) -> str | None:
            assert name == "direct_url.json"
            return None if recorded is None else json.dumps(recorded)

    monkeypatch.setattr(scaffold_repository.metadata, "distribution", lambda name: Installed())
    assert scaffold_repository.installed_package_spec() == spec
    workflow = YAML(typ="safe").load(scaffold_repository.pinned_workflow(spec))
    assert workflow["env"]["DATAPLAN_PACKAGE"] == (spec or "")
    assert "--strict" in str(workflow["jobs"]["validate"])


def test_init_leaves_a_repositorys_own_readme_and_gitignore_alone(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "other.yml").write_text("name: other\n", "utf-8")
    result = _init(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.bak\n"
    assert ".gitignore はすでにあるため、そのままにしました" in result.output
    assert (tmp_path / ".github" / "workflows" / "other.yml").is_file()
    assert (tmp_path / ".github" / "workflows" / "publish.yml").is_file()


def test_guide_lists_and_shows_its_pages() -> None:
    listed = runner.invoke(app, ["guide"])
    assert listed.exit_code == 0
    assert "files" in listed.output and "ファイルとキー" in listed.output
    assert "ci/github-actions-publish.yml" in listed.output
    shown = runner.invoke(app, ["guide", "publishing"])
    assert shown.exit_code == 0 and shown.output.startswith("# 公開")
    unknown = runner.invoke(app, ["guide", "sites"])
    assert unknown.exit_code == 2 and "もしかして「site」" in unknown.output


def test_init_can_start_from_an_entry_of_the_dx_catalogue(tmp_path: Path) -> None:
    target = tmp_path / "x"
    result = _init(str(target), "--examples", "ex-1-02", "dx-2.3/3.1(2)")
    assert result.exit_code == 0, result.output
    path = target / "measures" / "m-dx-2-3-3-1-2.yaml"
    measure = _load(path)
    assert measure["name"] == "自治体の情報システムの標準化・共通化"
    assert measure["catalogue_entries"] == ["dx-2.3/3.1(2)"]
    assert (measure["pillar"], measure["mark"]) == ("other", "national")
    text = path.read_text(encoding="utf-8")
    assert (
        "# 自治体デジタル・トランスフォーメーション（DX）推進計画 第2.3版の項目 dx-2.3/3.1(2)"
        in text
    )
    assert "どれに当たるか選んでください" in text
    validated = runner.invoke(app, ["validate", str(target)])
    assert validated.exit_code == 0, validated.output
    assert "measures/m-dx-2-3-3-1-2.yaml" in validated.output  # its 〇〇 is a template warning
    Measure.model_validate(measure)


def test_an_unknown_catalogue_entry_is_a_usage_error(tmp_path: Path) -> None:
    result = _init(str(tmp_path / "x"), "--examples", "dx-2.3/3.1(9)")
    assert result.exit_code == 2 and "もしかして" in result.output
    assert not (tmp_path / "x").exists()


def test_the_menu_lists_the_dx_entries_after_the_examples() -> None:
    catalogue = load_bundled_catalogue()
    menu = scaffold.example_menu(catalogue)
    assert (
        "45) dx-2.3/2(1)  組織体制の整備" in menu and "55) dx-2.3/3.1(7)  テレワークの推進" in menu
    )
    assert scaffold.parse_example_choice("1 55 dx-2.3/2(2)", catalogue) == [
        "ex-1-01",
        "dx-2.3/3.1(7)",
        "dx-2.3/2(2)",
    ]
