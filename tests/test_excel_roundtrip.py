"""The quarterly Excel round trip (F13): `kpi template` → fill in with openpyxl → `kpi import`."""

from __future__ import annotations

import pytest
from kpi_plan_fixture import TODAY, make_plan, run_dataplan
from openpyxl import load_workbook

from generator.kpi.store import ActualRow, write_actuals
from generator.kpi.workbook_writer import (
    INSTRUCTIONS_SHEET,
    META_SHEET,
    build_workbook,
    previous_periods,
    sheet_name,
    target_summary,
)
from generator.layout import ACTUALS_FILE, HISTORY_FILE
from generator.model.common import Text
from generator.quarters import ReviewPeriod
from generator.validate import validate_plan

DIGITAL = "総務部デジタル推進課"
WELFARE = "福祉部高齢福祉課"
SEED = [
    ActualRow("k-1-01-1", "2025Q1", "22", "", "seed", "2025-07-05", "seed"),
    ActualRow("k-1-01-3", "2025Q1", "実施中", "", "seed", "2025-07-05", "seed"),
    ActualRow("k-4-01-1", "2025Q1", "", "集計中", "seed", "2025-07-05", "seed"),
]


@pytest.fixture
def root(tmp_path):
    root = make_plan(tmp_path / "city")
    write_actuals(root, SEED)
    return root


@pytest.fixture
def workbook_path(root, monkeypatch):
    path = root / "kpi-2025Q2.xlsx"
    result = run_dataplan(monkeypatch, "kpi", "template", "2025Q2", "-o", path, "--path", root)
    assert result.exit_code == 0, result.output
    assert "2 シート、KPI 5 件" in result.output
    return path


def rows_by_kpi(sheet) -> dict[str, int]:
    return {
        sheet.cell(row, 1).value: row
        for row in range(5, sheet.max_row + 1)
        if sheet.cell(row, 1).value
    }


def test_template_has_one_protected_sheet_per_department(workbook_path):
    workbook = load_workbook(workbook_path)
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, DIGITAL, WELFARE, META_SHEET]
    assert workbook[META_SHEET].sheet_state == "veryHidden"
    assert workbook.security.lockStructure
    sheet = workbook[DIGITAL]
    assert sheet.protection.sheet
    assert sheet.freeze_panes == "B5"
    assert list(rows_by_kpi(sheet)) == ["k-1-01-1", "k-1-01-2", "k-1-01-3"]
    assert list(rows_by_kpi(workbook[WELFARE])) == ["k-4-01-1", "k-4-01-2"]
    # The quarter as 2025Q2 and as the 和暦 label.
    assert "2025Q2 ＝ 2025年度第2四半期（令和7年度、7〜9月）" in sheet["A3"].value
    headers = [cell.value for cell in sheet[4]]
    assert headers[:6] == ["KPI ID", "施策", "指標名", "単位", "種類", "目標"]
    assert headers[6].startswith("2024Q2\n令和6年度") and headers[9].startswith("2025Q1\n令和7年度")
    assert headers[10:13] == ["2025Q2 実績値", "実績の説明・コメント", "記入者"]
    # The hidden machine row and quarter column let import map rows back.
    assert sheet.row_dimensions[1].hidden
    assert [cell.value for cell in sheet[1]][10:] == ["value", "note", "recorded_by", "quarter"]
    assert sheet.column_dimensions["N"].hidden
    assert sheet["N5"].value == "2025Q2"


def test_only_the_input_cells_are_unlocked(workbook_path):
    sheet = load_workbook(workbook_path)[DIGITAL]
    unlocked = {
        cell.coordinate for row in sheet.iter_rows() for cell in row if not cell.protection.locked
    }
    assert unlocked == {f"{column}{row}" for column in "KLM" for row in (5, 6, 7)}


def test_reference_columns_show_the_previous_four_quarters(workbook_path):
    workbook = load_workbook(workbook_path)
    assert [str(q) for q in previous_periods(ReviewPeriod(2025, 2))] == [
        "2024Q2",
        "2024Q3",
        "2024Q4",
        "2025Q1",
    ]
    digital, welfare = workbook[DIGITAL], workbook[WELFARE]
    assert [digital[f"J{row}"].value for row in (5, 6, 7)] == [22, None, "実施中"]
    assert welfare["J5"].value == "（説明のみ）"
    assert digital["F5"].value == "2029年度: 60%"
    assert digital["E7"].value == "定性（段階）: 未実施・実施中・実施"


def test_input_cells_have_data_validation(workbook_path):
    sheet = load_workbook(workbook_path)[DIGITAL]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert (rules["K5"].type, rules["K5"].operator, rules["K5"].formula1, rules["K5"].formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    assert (rules["K6"].type, rules["K6"].operator, rules["K6"].formula1) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
    )
    assert (rules["K7"].type, rules["K7"].formula1) == ("list", '"未実施,実施中,実施"')
    assert all(rule.showErrorMessage and rule.error for rule in rules.values())


def test_instructions_are_in_japanese(workbook_path):
    sheet = load_workbook(workbook_path)[INSTRUCTIONS_SHEET]
    text = "\n".join(str(cell.value) for cell in sheet["A"] if cell.value)
    assert "2025年度第2四半期（令和7年度、7〜9月）" in text
    assert "実績の説明・コメント" in text and "--replace" in text


def _fill(path):
    """What people type: 全角 digits and %, a comma, a milestone word with spaces, prose in the wrong cell."""
    workbook = load_workbook(path)
    digital = workbook[DIGITAL]
    # Sort the rows the other way round, as a person may: the mapping must survive.
    rows = [[cell.value for cell in digital[row]] for row in (5, 6, 7)]
    for row, values in zip((5, 6, 7), reversed(rows), strict=True):
        for column, value in enumerate(values, start=1):
            digital.cell(row, column, value)
    at = rows_by_kpi(digital)
    digital[f"K{at['k-1-01-1']}"] = "８５％"
    digital[f"L{at['k-1-01-1']}"] = " 窓口からの移行が進んだ "
    digital[f"M{at['k-1-01-1']}"] = "田中"
    digital[f"K{at['k-1-01-2']}"] = "１，２３４"
    digital[f"K{at['k-1-01-3']}"] = " 実施 "
    welfare = workbook[WELFARE]
    welfare["K5"] = "多数"  # k-4-01-1: prose in the value cell
    welfare["L6"] = "年度末に集計予定"  # k-4-01-2: a narrative 実績 with no number
    workbook.save(path)
    return at


EXPECTED_AFTER_IMPORT = """\
kpi_id,quarter,value,note,recorded_by,recorded_at,source
k-1-01-1,2025Q1,22,,seed,2025-07-05,seed
k-1-01-1,2025Q2,85,窓口からの移行が進んだ,田中,2025-10-10,import:kpi-2025Q2.xlsx
k-1-01-2,2025Q2,1234,,企画係,2025-10-10,import:kpi-2025Q2.xlsx
k-1-01-3,2025Q1,実施中,,seed,2025-07-05,seed
k-1-01-3,2025Q2,実施,,企画係,2025-10-10,import:kpi-2025Q2.xlsx
k-4-01-1,2025Q1,,集計中,seed,2025-07-05,seed
k-4-01-2,2025Q2,,年度末に集計予定,企画係,2025-10-10,import:kpi-2025Q2.xlsx
"""


def test_round_trip(root, workbook_path, monkeypatch):
    at = _fill(workbook_path)
    assert at["k-1-01-1"] == 7  # the rows really were reordered

    first = run_dataplan(
        monkeypatch, "kpi", "import", workbook_path, "--by", "企画係", "--path", root
    )
    assert first.exit_code == 1
    assert (
        f"kpi-2025Q2.xlsx!{WELFARE}!K5: エラー E-import-value: KPI「k-4-01-1」（スマホ教室の参加者数）の実績値: 数値ではありません（「多数」）"
        in first.output
    )
    assert (
        f"+ k-1-01-1 2025Q2: 85「窓口からの移行が進んだ」  [kpi-2025Q2.xlsx!{DIGITAL}!K7]"
        in first.output
    )
    assert "追加 4 件、置き換え 0 件、変更なし 0 件、取り込まない食い違い 0 件" in first.output
    assert (root / ACTUALS_FILE).read_text(encoding="utf-8") == EXPECTED_AFTER_IMPORT

    before = (root / ACTUALS_FILE).read_bytes()
    second = run_dataplan(
        monkeypatch, "kpi", "import", workbook_path, "--by", "企画係", "--path", root
    )
    assert "追加 0 件、置き換え 0 件、変更なし 4 件" in second.output
    assert (root / ACTUALS_FILE).read_bytes() == before
    assert not (root / HISTORY_FILE).exists()

    workbook = load_workbook(workbook_path)
    workbook[WELFARE]["K5"] = "４８"
    workbook.save(workbook_path)
    third = run_dataplan(
        monkeypatch, "kpi", "import", workbook_path, "--by", "企画係", "--path", root
    )
    assert third.exit_code == 0, third.output
    assert "追加 1 件、置き換え 0 件、変更なし 4 件" in third.output
    assert "k-4-01-1,2025Q2,48,,企画係,2025-10-10,import:kpi-2025Q2.xlsx" in (
        root / ACTUALS_FILE
    ).read_text(encoding="utf-8")


def test_dry_run_writes_nothing(root, workbook_path, monkeypatch):
    _fill(workbook_path)
    before = (root / ACTUALS_FILE).read_bytes()
    result = run_dataplan(monkeypatch, "kpi", "import", workbook_path, "--dry-run", "--path", root)
    assert (
        "追加 4 件" in result.output and "--dry-run のため何も書き込んでいません" in result.output
    )
    assert (root / ACTUALS_FILE).read_bytes() == before


def test_next_template_prefills_what_was_recorded_and_reimports_as_a_no_op(
    root, workbook_path, monkeypatch
):
    _fill(workbook_path)
    run_dataplan(monkeypatch, "kpi", "import", workbook_path, "--path", root)
    again = root / "again.xlsx"
    assert (
        run_dataplan(
            monkeypatch, "kpi", "template", "令和7年度第2四半期", "-o", again, "--path", root
        ).exit_code
        == 0
    )
    sheet = load_workbook(again)[DIGITAL]
    assert (sheet["K5"].value, sheet["L5"].value, sheet["M5"].value) == (
        85,
        "窓口からの移行が進んだ",
        "田中",
    )
    before = (root / ACTUALS_FILE).read_bytes()
    result = run_dataplan(monkeypatch, "kpi", "import", again, "--path", root)
    assert result.exit_code == 0, result.output
    assert "追加 0 件、置き換え 0 件、変更なし 4 件" in result.output
    assert (root / ACTUALS_FILE).read_bytes() == before


def test_changed_cell_is_a_conflict_until_replace(root, workbook_path, monkeypatch):
    _fill(workbook_path)
    run_dataplan(monkeypatch, "kpi", "import", workbook_path, "--path", root)
    workbook = load_workbook(workbook_path)
    sheet = workbook[DIGITAL]
    sheet[f"K{rows_by_kpi(sheet)['k-1-01-2']}"] = "1,300"
    workbook.save(workbook_path)
    before = (root / ACTUALS_FILE).read_bytes()
    held = run_dataplan(monkeypatch, "kpi", "import", workbook_path, "--path", root)
    assert held.exit_code == 1
    assert (
        "E-import-conflict: KPI「k-1-01-2」の 2025Q2 には実績 1234 が記録済みです（取り込もうとした値は 1300）"
        in held.output
    )
    assert (root / ACTUALS_FILE).read_bytes() == before
    replaced = run_dataplan(
        monkeypatch, "kpi", "import", workbook_path, "--replace", "--by", "企画係", "--path", root
    )
    assert "~ k-1-01-2 2025Q2: 1234 → 1300" in replaced.output
    assert "k-1-01-2,2025Q2,1300," in (root / ACTUALS_FILE).read_text(encoding="utf-8")
    history = (root / HISTORY_FILE).read_text(encoding="utf-8").splitlines()
    assert (
        history[1]
        == f"k-1-01-2,2025Q2,1234,,,{TODAY.isoformat()},import:kpi-2025Q2.xlsx,{TODAY.isoformat()},企画係"
    )


def test_department_option_makes_one_sheet(root, monkeypatch, tmp_path):
    result = run_dataplan(
        monkeypatch,
        "kpi",
        "template",
        "R7 Q2",
        "--department",
        "welfare",
        "-o",
        tmp_path / "w.xlsx",
        "--path",
        root,
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "w.xlsx").sheetnames == [
        INSTRUCTIONS_SHEET,
        WELFARE,
        META_SHEET,
    ]
    unknown = run_dataplan(
        monkeypatch, "kpi", "template", "2025Q2", "--department", "財政課", "--path", root
    )
    assert unknown.exit_code == 2
    assert (
        "指定できる部署: 総務部デジタル推進課（digital）、福祉部高齢福祉課（welfare）"
        in unknown.output
    )
    bad_quarter = run_dataplan(monkeypatch, "kpi", "template", "2025Q5", "--path", root)
    assert bad_quarter.exit_code == 2


def test_sheet_names_are_excel_safe_and_unique():
    used = {"記入方法"}
    long_name = "総務部/デジタル:推進課[本庁]*とても長い部署の名前がここに続きます"
    first = sheet_name(long_name, used)
    second = sheet_name(long_name, used)
    assert len(first) <= 31 and len(second) <= 31
    assert not set("[]:*?/\\") & set(first + second)
    assert second.endswith("(2)") and first != second
    assert sheet_name("記入方法", used) == "記入方法(2)"
    assert sheet_name("'引用'", set()) == "引用"


def test_levels_that_cannot_be_inline_go_to_the_hidden_sheet(root):
    measure = root / "measures" / "m-1-01.yaml"
    text = measure.read_text(encoding="utf-8").replace(
        "    kind: milestone\n",
        '    kind: milestone\n    levels: ["未着手", "検討中（庁内, 外部）", "実施"]\n',
    )
    measure.write_text(text.replace("value: 未実施", "value: 未着手"), encoding="utf-8")
    project = validate_plan(root).project
    workbook, _ = build_workbook(project, ReviewPeriod(2025, 2), [])
    rule = next(r for r in workbook[DIGITAL].data_validations.dataValidation if r.type == "list")
    assert rule.formula1 == "'_dataplan'!$E$1:$E$3"
    assert [workbook[META_SHEET][f"E{row}"].value for row in (1, 2, 3)] == [
        "未着手",
        "検討中（庁内, 外部）",
        "実施",
    ]


def test_target_summary_covers_text_and_pending_targets(root):
    project = validate_plan(root).project
    kpis = {kpi.id: kpi for _, _, kpi in project.iter_kpis()}
    assert target_summary(kpis["k-1-01-2"]) == "2027年度: 5000件、2029年度: 10000件"
    assert target_summary(kpis["k-1-01-3"]) == "2026Q2: 実施"
    assert (
        target_summary(
            kpis["k-1-01-2"].model_copy(
                update={"targets": [], "target_text": Text(text="全庁展開")}
            )
        )
        == "全庁展開"
    )


def test_template_prints_an_import_command_with_the_same_path(tmp_path, monkeypatch):
    root = make_plan(tmp_path / "city")
    output = tmp_path / "配布用" / "kpi 2025Q2.xlsx"
    output.parent.mkdir()
    result = run_dataplan(monkeypatch, "kpi", "template", "2025Q2", "--path", root, "-o", output)
    assert result.exit_code == 0, result.output
    assert f"`dataplan kpi import '{output}' --dry-run`" in result.output
