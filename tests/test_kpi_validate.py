"""Validation of kpi/ (actuals, history, PDCA notes) inside `dataplan validate`.

Each case under tests/fixtures/kpi_broken/ lays `files/` over the base plan of
tests/fixtures/base/ and lists every problem expected as "file:line:column code".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import BASE, copy_plan
from ruamel.yaml import YAML

from generator.problem_codes import PROBLEM_CODES
from generator.validate import validate_plan

TODAY = dt.date(2026, 11, 24)
CASES = Path(__file__).parent / "fixtures" / "kpi_broken"
CLEAN_ACTUALS = """\
kpi_id,quarter,value,note,recorded_by,recorded_at,source
k-1-01-1,2025Q1,14,,総務課,2025-07-03,
k-1-01-1,2025Q2,19,,総務課,2025-10-02,
k-2-01-1,2025Q2,,公開の準備中,健康福祉課,2025-10-05,
k-2-01-2,2025Q2,実施中,,健康福祉課,2025-10-05,
"""
CLEAN_NOTES = """\
quarter: 2025Q2
summary: 全体として計画どおり。
measures:
  m-1-01:
    status: in_progress
    evaluation: 予定どおり。
    issues:
      - 窓口との調整
      - text: 担当者の異動
        visibility: internal
    next_actions:
      - 説明会を開く
  m-2-01:
    status: delayed
"""


def case_names() -> list[str]:
    return sorted(path.name for path in CASES.iterdir() if path.is_dir())


def build(target: Path, files: dict[str, str] | None = None, case: str | None = None) -> Path:
    copy_plan(BASE, target, overlay=CASES / case / "files" if case else None)
    for relative, text in (files or {}).items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(text, encoding="utf-8")
    return target


def found(root: Path) -> list[str]:
    report = validate_plan(root, today=TODAY).report
    return [f"{p.location} {p.code}" for p in report.sorted()]


@pytest.mark.parametrize("name", case_names())
def test_broken_kpi_case(name, tmp_path):
    expected = YAML(typ="safe").load((CASES / name / "case.yaml").read_text(encoding="utf-8"))[
        "expect"
    ]
    assert found(build(tmp_path / "plan", case=name)) == expected


def test_clean_actuals_and_notes_have_no_problems(tmp_path):
    root = build(
        tmp_path / "plan", {"kpi/actuals.csv": CLEAN_ACTUALS, "kpi/notes/2025Q2.yaml": CLEAN_NOTES}
    )
    assert found(root) == []


def test_no_kpi_folder_is_fine(tmp_path):
    assert found(build(tmp_path / "plan")) == []


def test_unknown_kpi_message_suggests_the_close_id(tmp_path):
    root = build(tmp_path / "plan", case="unknown-kpi")
    problem = validate_plan(root, today=TODAY).report.problems[0]
    assert problem.message == "KPI「k-1-01-7」はどの施策にも定義されていません。"
    assert problem.hint == "もしかして「k-1-01-1」ですか？"


def test_value_kind_message_names_value_and_fix(tmp_path):
    root = build(tmp_path / "plan", case="value-kind")
    messages = [p.message for p in validate_plan(root, today=TODAY).report.sorted()]
    assert (
        messages[0]
        == "KPI「k-1-01-1」の実績値 12件 は数量の値として使えません: 数値を書いてください（単位や % は unit に書きます）。"
    )
    assert "段階（未実施・実施中・実施）のどれか" in messages[2]


def test_future_quarter_depends_on_today_only(tmp_path):
    root = build(tmp_path / "plan", case="future-quarter")
    assert validate_plan(root, today=dt.date(2027, 4, 1)).report.problems == []


def test_unknown_measure_in_notes_suggests_close_id(tmp_path):
    root = build(tmp_path / "plan", case="notes-unknown-measure")
    problem = validate_plan(root, today=TODAY).report.problems[0]
    assert problem.hint == "もしかして「m-2-01」ですか？"


def test_every_new_code_is_catalogued_with_japanese_message():
    for code in (
        "E-quarter-format",
        "E-duplicate-actual",
        "E-actual-empty",
        "W-future-quarter",
        "E-unknown-measure",
        "E-notes-file-name",
        "E-notes-quarter-mismatch",
    ):
        spec = PROBLEM_CODES[code]
        assert spec.message and spec.hint or code == "E-unknown-measure"
        assert any("\u3040" <= char <= "\u30ff" for char in spec.message)


def test_an_overlong_header_of_actuals_is_one_located_problem(example_copy):
    """A header field over csv's limit stopped validate with an internal error before."""
    root = example_copy
    actuals = root / "kpi" / "actuals.csv"
    actuals.write_text("x" * 140_000 + actuals.read_text(encoding="utf-8"), encoding="utf-8")
    problems = validate_plan(root).report.problems
    assert [(p.file, p.line, p.code) for p in problems] == [
        ("kpi/actuals.csv", 1, "E-csv-field-too-long")
    ]
