"""Messages met while encoding real plans (issue 16): each says what to do, and does not mislead.

Fixture plans are copied from tests/fixtures/plans/ and changed in one place each.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.validate import validate_plan

PLANS = Path(__file__).parent / "fixtures" / "plans"
TODAY = "2026-11-20"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAPLAN_TODAY", TODAY)


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "240"})


def copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(PLANS / name, tmp_path / name))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def found(root: Path) -> list:
    report = validate_plan(root, today=dt.date.fromisoformat(TODAY)).report
    return report.sorted()


def test_empty_departments_are_not_told_to_be_deleted(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    edit(root / "measures" / "m-3-01.yaml", "departments: [shimin]", "departments: []")
    [problem] = found(root)
    assert (problem.file, problem.line, problem.code) == ("measures/m-3-01.yaml", 5, "E-empty")
    assert "消して" not in problem.hint
    assert "省略できません" in problem.hint and "「計画に記載なし」と書けます" in problem.hint
    edit(root / "measures" / "m-3-01.yaml", "departments: []\n", "")
    [missing] = found(root)
    assert missing.code == "E-missing-field" and "「計画に記載なし」と書けます" in missing.hint


def test_not_stated_is_accepted_by_strict_and_counted(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    edit(root / "measures" / "m-3-01.yaml", "departments: [shimin]", "departments: 計画に記載なし")
    result = run("validate", str(root), "--strict")
    assert result.exit_code == 0, result.output
    assert "計画に記載なし: 施策の担当部署 1 件" in result.output


def test_content_left_out_or_empty_is_the_same_error(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    measure = root / "measures" / "m-2-01.yaml"
    edit(measure, "content: 推奨データセットを公開します。", 'content: ""')
    empty = [(p.code, p.severity.value) for p in found(root)]
    edit(measure, 'content: ""\n', "")
    left_out = [(p.code, p.severity.value) for p in found(root)]
    assert empty == left_out == [("E-missing-content", "error")]


def test_a_plan_whose_kpi_table_is_the_schedule_passes_strict() -> None:
    codes = [p.code for p in found(PLANS / "own-structure")]
    assert "W-measure-without-schedule" not in codes  # m-02 and m-04 have none of their own


def test_a_measure_without_schedule_or_schedule_like_kpi_is_still_warned(tmp_path: Path) -> None:
    root = copy("own-structure", tmp_path)
    edit(root / "measures" / "m-02.yaml", "目標値(2026年)又は実施スケジュール", "目標値(2026年)")
    assert [(p.file, p.code) for p in found(root)] == [
        ("measures/m-02.yaml", "W-measure-without-schedule")
    ]


def test_kpi_status_of_a_yearly_plan_without_actuals_suggests_a_fiscal_year(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    (root / "kpi" / "actuals.csv").write_text(
        "kpi_id,quarter,value,note,recorded_by,recorded_at,source\n", encoding="utf-8"
    )
    (root / "kpi" / "grades.csv").unlink()
    result = run("kpi", "status", "--path", str(root))
    assert result.exit_code == 1
    assert "--quarter 2024" in result.output and "2025Q2" not in result.output


def test_the_no_measures_hint_does_not_suggest_init(tmp_path: Path) -> None:
    root = copy("prefecture", tmp_path)
    shutil.rmtree(root / "measures")
    (root / "measures").mkdir()
    (root / "kpi" / "actuals.csv").unlink()
    [problem] = [p for p in found(root) if p.code == "W-no-measures"]
    assert "init" not in problem.hint and "measures/m-1-01.yaml" in problem.hint


def test_schema_errors_say_that_later_checks_were_skipped(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    edit(root / "plan" / "plan.yaml", "lg_code:", "lg_kode:")
    result = run("validate", str(root))
    assert result.exit_code == 1
    assert "警告 0 件。" in result.output
    assert (
        "plan/plan.yaml を読めないため、施策・KPI・実績の対応の点検はしていません" in result.output
    )
    other = copy("own-structure", tmp_path / "b")
    edit(other / "measures" / "m-01.yaml", "kind: quantity", "kind: quantities")
    output = run("validate", str(other)).output
    assert "形式の誤りがある施策のファイル（measures/m-01.yaml）は、中身の点検" in output


def test_an_unknown_baseline_is_told_about_null_and_the_dash(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    edit(root / "measures" / "m-3-01.yaml", "      value: 5\n", "      value: 不明\n")
    [problem] = found(root)
    assert problem.code == "E-kpi-value-kind"
    assert "null" in problem.hint and "—" in problem.hint and "label" in problem.hint


def test_a_schema_error_in_a_measure_spares_its_grades_the_unknown_kpi(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    edit(root / "measures" / "m-3-01.yaml", "kind: percentage", "kind: percent")
    codes = [(p.file, p.code) for p in found(root)]
    assert ("kpi/grades.csv", "E-unknown-kpi") not in codes
    assert ("kpi/actuals.csv", "E-unknown-kpi") not in codes
    assert ("measures/m-3-01.yaml", "E-invalid-value-choice") in codes


def test_the_summary_has_no_empty_structure_line_and_names_a_prefecture_once(
    tmp_path: Path,
) -> None:
    root = copy("own-structure", tmp_path)
    meta = root / "plan" / "plan.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text[: text.index("groups:")], encoding="utf-8")
    for measure in (root / "measures").glob("*.yaml"):
        lines = measure.read_text(encoding="utf-8").splitlines(keepends=True)
        measure.write_text(
            "".join(x for x in lines if not x.startswith("group:")), encoding="utf-8"
        )
    output = run("validate", str(root)).output
    assert "体系ごとの施策" not in output
    prefecture = run("validate", str(PLANS / "prefecture")).output
    assert prefecture.splitlines()[0] == "架空県（団体コード 490008、都道府県）"


def test_dates_keep_the_precision_the_plan_gives() -> None:
    project = validate_plan(PLANS / "prefecture").project
    assert project is not None
    assert project.meta.drafting is not None and project.meta.drafting.public_comment is not None
    assert project.meta.drafting.public_comment.start.label == "令和7年1月（2025年1月）"
    rename = project.meta.departments[0].renames[0]
    assert rename.effective_on.label == "令和4年度（2022年度）"
    assert project.meta.departments[0].name_on(dt.date(2022, 3, 31)) == "総務部情報政策課"
    assert project.meta.departments[0].name_on(dt.date(2022, 4, 1)) == "総務部デジタル推進課"


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("2022", "2022年度 か 2022-04 のように書いてください"),
        ("令和元年4月", "令和が始まる前です"),
        ("2019-13", "月は 1〜12 です"),
    ],
)
def test_an_unreadable_date_says_how_to_write_it(
    tmp_path: Path, written: str, problem: str
) -> None:
    root = copy("prefecture", tmp_path)
    edit(root / "plan" / "plan.yaml", "adopted_on: 2025-03-21", f'adopted_on: "{written}"')
    [found_problem] = found(root)
    assert found_problem.code == "E-invalid-value" and problem in found_problem.message


def test_the_json_schema_of_a_chapter_accepts_not_stated() -> None:
    import jsonschema

    from generator.schema_export import all_schema_texts

    schema = json.loads(all_schema_texts()["security.schema.json"])
    jsonschema.validate("計画に記載なし", schema)
    jsonschema.validate({"narrative": "方針です。"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("記載なし", schema)


def test_a_kpi_card_without_any_result_has_no_empty_parentheses(tmp_path: Path) -> None:
    from generator.site.pages_measures import render_measure
    from generator.site.site_data import collect_site_data
    from generator.site.structure import site_structure

    root = copy("prefecture", tmp_path)
    (root / "kpi" / "actuals.csv").unlink()
    project = validate_plan(root, today=dt.date.fromisoformat(TODAY)).project
    assert project is not None
    data = collect_site_data(project, internal=False)
    structure = site_structure(data)
    page = structure.page("measure", "m-5-01")
    assert page is not None
    markdown = render_measure(page, data, structure).markdown
    assert "<dt>判定</dt><dd>実績がまだありません</dd>" in markdown
    assert "判定（）" not in markdown


def test_measures_without_a_field_are_counted_as_such_not_as_other() -> None:
    output = run("crossref", str(PLANS / "partial")).output
    rows = {line.split()[0]: line.split()[1:] for line in output.splitlines() if line.strip()}
    assert rows["オンライン化原則"][-3:] == ["0", "1", "1"]  # その他 0, 記載なし 1, 計 1
    assert rows["計"][-3:] == ["0", "2", "2"]
    assert any(line.split()[-2:] == ["なし", "計"] for line in output.splitlines() if line.strip())
