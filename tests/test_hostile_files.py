"""Hostile files (issue 8, items 1–4): each is a located problem, never a crash or a hang.

The hostile files are generated here; the commands run in a child process under
a 1 GiB address-space limit (tests/hostile_run.py).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from fixture_cases import build_case
from hostile_run import Run, run_cli
from typer.testing import CliRunner

from generator.catalogue import BUNDLED_CATALOGUE_PATH
from generator.cli import app
from generator.control_characters import visible
from generator.file_access import read_bounded
from generator.load import MAX_DEPTH, parse_yaml_text
from generator.problems import make_problem


@pytest.fixture
def plan(base_copy: Path) -> Path:
    return base_copy


def validate_here(plan: Path):
    """validate in this process: for refusals that cannot crash or hang it."""
    result = CliRunner().invoke(app, ["validate", str(plan), "--format", "json"])
    return Run(result.exit_code, result.stdout, "", 0.0, 0)


def problems_of(run) -> list[str]:
    return [
        f"{p['file']}:{p['line']}:{p['column']} {p['code']}"
        for p in json.loads(run.stdout)["problems"]
    ]


DEEP = {
    "dash": "- " * 28_000 + "x\n",
    "question": "? " * 28_000 + "x\n",
}


@pytest.mark.parametrize(
    ("kind", "relative"),
    [
        ("dash", "measures/m-9-99.yaml"),
        ("dash", "plan/current_state.yaml"),
        ("dash", "kpi/notes/2025Q2.yaml"),
        ("question", "measures/m-9-99.yaml"),
    ],
)
def test_deep_block_nesting_is_a_located_problem_not_a_crash(plan, kind, relative):
    path = plan / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DEEP[kind], encoding="utf-8")

    run = run_cli("validate", str(plan), "--format", "json")

    assert run.returncode == 1, run.output
    column = 2 * MAX_DEPTH + 1  # the first `-` past the limit
    assert problems_of(run) == [f"{relative}:1:{column} E-yaml-too-deep"]


def test_deep_indented_mappings_are_refused_at_the_level_past_the_limit():
    text = "".join(" " * level + f"k{level}:\n" for level in range(300)) + " " * 300 + "x\n"
    document, problems = parse_yaml_text(text, Path("x.yaml"), "x.yaml")
    assert document is None
    assert [(p.line, p.column, p.code) for p in problems] == [
        (MAX_DEPTH + 1, MAX_DEPTH + 1, "E-yaml-too-deep")
    ]


SECRET = "極秘の値-7f3a"


@pytest.mark.parametrize(
    ("device", "relative"),
    [
        ("/dev/zero", "measures/m-9-99.yaml"),
        ("/dev/zero", "kpi/notes/2025Q2.yaml"),
        ("/dev/urandom", "measures/m-9-99.yaml"),
    ],
)
def test_a_link_to_an_endless_device_is_refused_unread(plan, device, relative):
    path = plan / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(device)

    run = run_cli("validate", str(plan), "--format", "json")

    assert run.returncode == 1, run.output
    assert problems_of(run) == [f"{relative}:0:0 E-file-outside-plan"]


def test_a_fifo_is_refused_without_blocking(plan):
    os.mkfifo(plan / "measures" / "m-9-99.yaml")

    run = run_cli("validate", str(plan), "--format", "json")

    assert problems_of(run) == ["measures/m-9-99.yaml:0:0 E-file-not-regular"]
    assert "名前付きパイプ" in run.stdout


def test_a_folder_named_like_a_measure_is_not_a_file(plan):
    (plan / "measures" / "m-9-99.yaml").mkdir()
    run = validate_here(plan)
    assert problems_of(run) == ["measures/m-9-99.yaml:0:0 E-file-not-regular"]


def test_a_chapter_linked_outside_the_plan_is_refused_and_not_echoed(plan, tmp_path):
    outside = tmp_path / "other-city" / "current_state.yaml"
    outside.parent.mkdir()
    outside.write_text(f"narrative: {SECRET}\nsecret: [{SECRET}]\n", encoding="utf-8")
    (plan / "plan" / "current_state.yaml").unlink()
    (plan / "plan" / "current_state.yaml").symlink_to(outside)

    run = validate_here(plan)

    assert problems_of(run) == ["plan/current_state.yaml:0:0 E-file-outside-plan"]
    assert SECRET not in run.output


def test_a_link_inside_the_plan_folder_is_read(plan):
    shared = plan / "shared"
    shared.mkdir()
    (plan / "measures" / "m-2-01.yaml").rename(shared / "m-2-01.yaml")
    (plan / "measures" / "m-2-01.yaml").symlink_to(Path("..") / "shared" / "m-2-01.yaml")
    result = CliRunner().invoke(app, ["validate", str(plan), "--strict"])
    assert result.exit_code == 0, result.output


def _set_catalogue(plan: Path, line: str) -> None:
    path = plan / "plan" / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


def test_a_catalogue_outside_the_plan_is_refused_and_not_echoed(plan, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"pillars: [{SECRET}]\n", encoding="utf-8")
    _set_catalogue(plan, "catalogue: ../../secret.yaml\n")

    run = validate_here(plan)

    problems = json.loads(run.stdout)["problems"]
    assert [(p["file"], p["code"]) for p in problems] == [("plan/plan.yaml", "E-file-outside-plan")]
    assert problems[0]["line"] > 0
    assert SECRET not in run.output


def test_a_catalogue_outside_the_plan_is_read_when_the_plan_allows_it(plan, tmp_path):
    outside = tmp_path / "catalogue.yaml"
    shutil.copy(BUNDLED_CATALOGUE_PATH, outside)
    _set_catalogue(plan, "catalogue: ../../catalogue.yaml\ncatalogue_outside_plan: true\n")
    result = CliRunner().invoke(app, ["validate", str(plan), "--strict"])
    assert result.exit_code == 0, result.output


def test_an_allowed_catalogue_must_still_be_a_regular_file(plan):
    _set_catalogue(plan, "catalogue: /dev/zero\ncatalogue_outside_plan: true\n")
    run = run_cli("validate", str(plan), "--format", "json")
    assert problems_of(run) == [
        "/dev/zero:0:0 E-file-not-regular",
        "plan/plan.yaml:22:12 E-catalogue",
    ]
    assert "装置ファイル" in run.stdout


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * 100)
    data, problem = read_bounded(path, "x.yaml", 99)
    assert data is None and problem is not None and problem.code == "E-file-too-large"
    data, problem = read_bounded(path, "x.yaml", 100)
    assert data == b"a" * 100 and problem is None


def test_a_file_whose_size_says_nothing_is_read_only_to_the_limit_plus_one():
    # /proc files are regular but report size 0: only the bounded read can stop them
    data, problem = read_bounded(Path("/proc/self/status"), "status", 16)
    assert data is None and problem is not None and problem.code == "E-file-too-large"
    assert "17 バイト" in problem.message


def test_an_impossible_date_stops_kpi_record_with_its_place_not_an_internal_error(tmp_path):
    root = build_case("impossible-date", tmp_path / "plan")
    result = CliRunner().invoke(
        app, ["kpi", "record", "k-2-01-1", "2025Q2", "3", "--path", str(root)]
    )
    assert result.exit_code == 1
    assert "plan/plan.yaml:8:13: エラー E-impossible-date" in result.output
    assert "2024年2月は 29 日までです" in result.output
    assert "out of range" not in result.output


@pytest.mark.parametrize(
    "written", ["2024-02-30", "2025-06-31", "2025-13-01", "2025-02-29 10:00:00", "2025-00-10"]
)
def test_the_loader_keeps_an_impossible_timestamp_as_its_text(written):
    document, problems = parse_yaml_text(f"a: {written}\n", Path("x.yaml"), "x.yaml")
    assert problems == [] and document is not None
    assert document.data == {"a": written}


def test_values_echoed_in_problems_lose_escape_sequences_and_show_controls():
    problem = make_problem(
        "E-import-unknown-kpi",
        "in.csv",
        2,
        1,
        id="k\x1b[31m-1\x1b]8;;https://evil.example/\x07x\u202e",
    )
    assert "\x1b" not in problem.message and "\u202e" not in problem.message
    assert "k-1x<U+202E>" in problem.message
    assert "\x07" not in problem.as_text()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J\x1b[1;1H消す", "消す"),
        ("a\x1b]0;title\x07b", "ab"),
        ("a\x00b\tc\nd", "a<U+0000>b\tc\nd"),
        ("ab\u202ecd", "ab<U+202E>cd"),
    ],
)
def test_visible_removes_escape_sequences_and_marks_other_controls(text, shown):
    assert visible(text) == shown


def test_kpi_names_with_rich_markup_are_printed_as_written(plan):
    path = plan / "measures" / "m-2-01.yaml"
    name = "公開数[/][link=https://evil.example/]ここ[/link] :warning: [bold]太字"
    text = path.read_text(encoding="utf-8").replace("公開データセット数", f"'{name}'")
    path.write_text(text, encoding="utf-8")
    (plan / "kpi").mkdir()
    (plan / "kpi" / "actuals.csv").write_text(
        "kpi_id,quarter,value,note,recorded_at,recorded_by\nk-2-01-1,2025Q2,3,,,\n",
        encoding="utf-8",
    )

    result = CliRunner().invoke(app, ["kpi", "status", "--path", str(plan)], env={"COLUMNS": "400"})

    assert result.exit_code == 0, result.output
    assert name in result.output
    assert "\x1b]8;" not in result.output and "⚠" not in result.output


def test_a_broken_catalogue_is_reported_in_its_own_file(plan):
    (plan / "plan" / "catalogue.yaml").write_text("pillars:\n\t- x\n", encoding="utf-8")
    _set_catalogue(plan, "catalogue: catalogue.yaml\n")
    assert problems_of(validate_here(plan)) == [
        "plan/catalogue.yaml:2:1 E-yaml-tab",
        "plan/plan.yaml:22:12 E-catalogue",
    ]
