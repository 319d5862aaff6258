"""Every broken fixture gives exactly its expected problems, through the real CLI."""

from __future__ import annotations

import json
import re

import pytest
from fixture_cases import BASE, build_case, case_names, read_case
from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()


def run_validate(root, *options: str):
    return runner.invoke(app, ["validate", str(root), *options])


@pytest.mark.parametrize("name", case_names())
def test_broken_case_reports_expected_problems(name, tmp_path):
    root = build_case(name, tmp_path / "plan")
    case = read_case(name)

    result = run_validate(root, "--format", "json")

    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    found = [
        f"{p['file']}:{p['line']}:{p['column']} {p['code']}"
        for p in json.loads(result.output)["problems"]
    ]
    assert found == case["expect"]
    assert result.exit_code == case["exit"]


@pytest.mark.parametrize("name", case_names())
def test_broken_case_fails_under_strict_with_text_output(name, tmp_path):
    root = build_case(name, tmp_path / "plan")

    result = run_validate(root, "--strict")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for expected in read_case(name)["expect"]:
        location, code = expected.split(" ")
        shown = location.removesuffix(":0:0")
        assert f"{shown}: " in result.output and code in result.output


def test_there_are_at_least_thirty_broken_cases():
    assert len(case_names()) >= 30


def test_base_fixture_is_clean():
    result = run_validate(BASE, "--strict")
    assert result.exit_code == 0, result.output
    assert "公開できます" in result.output


def test_messages_name_value_and_fix(tmp_path):
    root = build_case("unknown-department", tmp_path / "plan")
    result = run_validate(root)
    assert (
        "measures/m-2-01.yaml:6:5: エラー E-unknown-department: 部署「kenkou」は plan/plan.yaml の departments にありません。"
        in result.output
    )
    assert "ヒント: もしかして「kenko」ですか？" in result.output


def test_lg_code_message_gives_expected_check_digit(tmp_path):
    root = build_case("lg-code-check-digit", tmp_path / "plan")
    result = run_validate(root)
    assert "地方公共団体コード 999998 の検査数字（6桁目）は 7 のはずです。" in result.output


def test_not_a_plan_folder_is_a_usage_error(tmp_path):
    result = run_validate(tmp_path)
    assert result.exit_code == 2
    assert "計画のフォルダではありません" in result.output


def test_a_fixed_today_changes_date_dependent_warnings(monkeypatch, tmp_path):
    root = build_case("target-pending-overdue", tmp_path / "plan")
    monkeypatch.setenv("DATAPLAN_TODAY", "2025-03-01")
    assert run_validate(root, "--strict").exit_code == 0
    monkeypatch.setenv("DATAPLAN_TODAY", "2025-04-01")
    assert "W-target-pending-overdue" in run_validate(root, "--strict").output


def test_malformed_dataplan_today_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("DATAPLAN_TODAY", "2026/11/24")
    result = run_validate(BASE)
    assert result.exit_code == 2
    assert "DATAPLAN_TODAY" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", case_names())
def test_summary_counts_are_the_listed_problems(name, tmp_path):
    root = build_case(name, tmp_path / "plan")
    text = run_validate(root).output
    listed = [line for line in text.splitlines() if re.match(r"^\S+: (エラー|警告) [EW]-", line)]
    summary = re.search(r"エラー (\d+) 件、警告 (\d+) 件。", text)
    assert summary, text
    errors, warnings = int(summary[1]), int(summary[2])
    assert errors == sum(": エラー " in line for line in listed)
    assert warnings == sum(": 警告 " in line for line in listed)
    report = json.loads(run_validate(root, "--format", "json").output)
    assert (report["errors"], report["warnings"]) == (errors, warnings)
    assert report["publishable"] == (errors == 0)
    assert report["publishable_strict"] == (errors == 0 and warnings == 0)


@pytest.mark.parametrize("number", ["①", "3", "1-2"])
def test_numbering_that_restarts_inside_a_group_is_valid(number, base_copy):
    root = base_copy
    measure = root / "measures" / "m-1-01.yaml"
    text = measure.read_text(encoding="utf-8").replace(
        'group: "1"\n', f'group: "1"\nnumber: "{number}"\n'
    )
    measure.write_text(text, encoding="utf-8")
    result = run_validate(root, "--strict")
    assert result.exit_code == 0, result.output
