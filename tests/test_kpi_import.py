"""`dataplan kpi import` of CSV files and plain sheets: encodings, headers, problems, merging."""

from __future__ import annotations

import codecs

import pytest
from kpi_plan_fixture import TODAY, make_plan, run_dataplan
from openpyxl import Workbook

from generator.kpi.importer import apply_import, prepare_import
from generator.kpi.store import ActualRow, read_actuals, read_history, write_actuals
from generator.kpi.table_reader import decode_csv, find_header, read_table_file
from generator.layout import ACTUALS_FILE, HISTORY_FILE
from generator.quarters import Quarter
from generator.validate import validate_plan

JAPANESE_CSV = """\
KPI ID,四半期,実績値,備考,記入者
ｋ－１－０１－１,令和7年度第1四半期,"８５．０ ％",,鈴木
k-1-01-2,2025年度第1四半期,"1,234",窓口とオンラインの合計,鈴木
k-1-01-3,R7 Q1,実施中 ,,
k-4-01-1,2025Q1,－,,
k-4-01-2,2025Q1,,業者と協議中,
"""
EXPECTED_ROWS = [
    ("k-1-01-1", "2025Q1", "85", "", "鈴木"),
    ("k-1-01-2", "2025Q1", "1234", "窓口とオンラインの合計", "鈴木"),
    ("k-1-01-3", "2025Q1", "実施中", "", "取りまとめ"),
    ("k-4-01-2", "2025Q1", "", "業者と協議中", "取りまとめ"),
]


@pytest.fixture
def root(tmp_path):
    return make_plan(tmp_path / "city")


@pytest.fixture
def project(root):
    return validate_plan(root).project


def recorded(root) -> list[tuple[str, ...]]:
    rows, problems = read_actuals(root)
    assert problems == []
    return [(r.kpi_id, r.quarter, r.value, r.note, r.recorded_by) for r in rows]


def located(problems) -> list[tuple[str, int, int, str]]:
    return [(p.file, p.line, p.column, p.code) for p in problems]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cp932.csv", JAPANESE_CSV.replace("\n", "\r\n").encode("cp932")),
        ("bom.csv", codecs.BOM_UTF8 + JAPANESE_CSV.encode("utf-8")),
        ("plain.csv", JAPANESE_CSV.encode("utf-8")),
        (
            "unicode.txt",
            JAPANESE_CSV.replace(",", "\t")
            .replace('"1\t234"', "1,234")
            .replace('"８５．０ ％"', "８５．０ ％")
            .encode("utf-16"),
        ),
    ],
)
def test_csv_in_every_encoding_excel_saves(root, monkeypatch, name, data):
    path = root / name
    path.write_bytes(data)
    result = run_dataplan(monkeypatch, "kpi", "import", path, "--by", "取りまとめ", "--path", root)
    assert result.exit_code == 0, result.output
    assert recorded(root) == EXPECTED_ROWS
    rows, _ = read_actuals(root)
    assert {(r.recorded_at, r.source) for r in rows} == {(TODAY.isoformat(), f"import:{name}")}


def test_undecodable_csv_points_at_the_line(root, project):
    path = root / "broken.csv"
    path.write_bytes(b"kpi_id,quarter,value\nk-1-01-2,2025Q1,12\n" + b"k-1-01-2,2025Q2,\x82\n")
    plan = prepare_import(project, [path], today=TODAY)
    assert located(plan.problems) == [("broken.csv", 3, 17, "E-import-encoding")]
    assert "0x82" in plan.problems[0].message


def test_decode_prefers_utf8_then_cp932():
    assert decode_csv("実績値".encode(), "x.csv") == ("実績値", None)
    assert decode_csv("実績値".encode("cp932"), "x.csv") == ("実績値", None)
    assert decode_csv(codecs.BOM_UTF8 + b"a,b", "x.csv") == ("a,b", None)


def test_actuals_csv_itself_reimports_as_a_no_op(root, monkeypatch):
    write_actuals(
        root,
        [
            ActualRow("k-1-01-1", "2025Q1", "30", "", "鈴木", "2025-07-03", "dataplan kpi record"),
            ActualRow(
                "k-1-01-1", "2025Q2", "33.5", "速報値", "鈴木", "2025-10-02", "import:a.xlsx"
            ),
            ActualRow("k-1-01-3", "2025Q1", "実施中", "", "", "2025-07-03", ""),
            ActualRow("k-4-01-2", "2025Q1", "", "業者と協議中", "佐藤", "2025-07-03", ""),
        ],
    )
    before = (root / ACTUALS_FILE).read_bytes()
    exported = root / "exported.csv"
    exported.write_bytes(before)
    result = run_dataplan(monkeypatch, "kpi", "import", exported, "--path", root)
    assert result.exit_code == 0, result.output
    assert "追加 0 件、置き換え 0 件、変更なし 4 件、取り込まない食い違い 0 件" in result.output
    assert (root / ACTUALS_FILE).read_bytes() == before
    # Saved back by Excel: CP932, CRLF, and the number reformatted (33.5 → 33.50).
    exported.write_bytes(
        before.decode().replace("33.5", "33.50").replace("\n", "\r\n").encode("cp932")
    )
    again = run_dataplan(monkeypatch, "kpi", "import", exported, "--path", root)
    assert "変更なし 4 件" in again.output
    assert (root / ACTUALS_FILE).read_bytes() == before


def test_conflict_without_replace_leaves_the_file_byte_identical(root, monkeypatch):
    write_actuals(
        root,
        [ActualRow("k-4-01-1", "2025Q2", "40", "", "佐藤", "2025-10-01", "dataplan kpi record")],
    )
    before = (root / ACTUALS_FILE).read_bytes()
    path = root / "new.csv"
    path.write_text(
        "kpi_id,quarter,value\nk-4-01-1,2025Q2,45\nk-4-01-2,2025Q2,80000\n", encoding="utf-8"
    )
    result = run_dataplan(monkeypatch, "kpi", "import", path, "--path", root, "--dry-run")
    assert result.exit_code == 1
    assert (
        "new.csv:2:3: エラー E-import-conflict: KPI「k-4-01-1」の 2025Q2 には実績 40 が記録済みです（取り込もうとした値は 45）。"
        in result.output
    )
    assert "! k-4-01-1 2025Q2: 40 → 45  [new.csv:2]" in result.output
    held = run_dataplan(monkeypatch, "kpi", "import", path, "--path", root)
    assert held.exit_code == 1
    assert "追加 1 件、置き換え 0 件、変更なし 0 件、取り込まない食い違い 1 件" in held.output
    assert [row[:3] for row in recorded(root)] == [
        ("k-4-01-1", "2025Q2", "40"),
        ("k-4-01-2", "2025Q2", "80000"),
    ]
    # Only the new KPI was added; the recorded value is untouched, byte for byte.
    assert (
        (root / ACTUALS_FILE).read_text(encoding="utf-8").startswith(before.decode() + "k-4-01-2,")
    )
    assert not (root / HISTORY_FILE).exists()


def test_replace_keeps_the_old_value_in_history(root, monkeypatch):
    old = ActualRow("k-4-01-1", "2025Q2", "40", "速報", "佐藤", "2025-10-01", "dataplan kpi record")
    write_actuals(root, [old])
    path = root / "fix.csv"
    path.write_text("kpi_id,quarter,value,note\nk-4-01-1,2025Q2,45,確定値\n", encoding="utf-8")
    result = run_dataplan(
        monkeypatch, "kpi", "import", path, "--replace", "--by", "企画係", "--path", root
    )
    assert result.exit_code == 0, result.output
    assert "~ k-4-01-1 2025Q2: 40「速報」 → 45「確定値」  [fix.csv:2]" in result.output
    assert recorded(root) == [("k-4-01-1", "2025Q2", "45", "確定値", "企画係")]
    history, problems = read_history(root)
    assert problems == []
    assert [(h.actual, h.replaced_at, h.replaced_by) for h in history] == [
        (old, TODAY.isoformat(), "企画係")
    ]
    again = run_dataplan(
        monkeypatch, "kpi", "import", path, "--replace", "--by", "企画係", "--path", root
    )
    assert "追加 0 件、置き換え 0 件、変更なし 1 件" in again.output
    assert len(read_history(root)[0]) == 1


def test_a_blank_comment_keeps_the_recorded_one(root, project):
    write_actuals(root, [ActualRow("k-4-01-1", "2025Q2", "40", "速報", "佐藤", "2025-10-01", "")])
    path = root / "same.csv"
    path.write_text("kpi_id,quarter,value\nk-4-01-1,2025Q2,40.0\n", encoding="utf-8")
    plan = prepare_import(project, [path], today=TODAY)
    assert (len(plan.unchanged), plan.conflicts, plan.problems) == (1, [], [])


def test_every_bad_row_is_reported_and_left_out(root, project):
    path = root / "bad.csv"
    path.write_text(
        "kpi_id,quarter,value,note,recorded_at\n"
        "k-1-01-9,2025Q1,10,,\n"  # 2 unknown KPI (did you mean k-1-01-1?)
        "k-1-01-1,2024Q4,10,,\n"  # 3 before the plan period
        "k-1-01-1,2030Q1,10,,\n"  # 4 after the plan period
        "k-1-01-1,2026Q1,10,,\n"  # 5 not started yet on 2025-10-10
        "k-1-01-1,2025Q5,10,,\n"  # 6 not a quarter
        "k-1-01-1,2025Q1,101,,\n"  # 7 a percentage above 100
        "k-1-01-3,2025Q1,完了,,\n"  # 8 not a level
        "k-4-01-2,2025Q1,12万,,\n"  # 9 not a number
        ",2025Q1,12,,\n"  # 10 no KPI id
        "k-4-01-1,2025Q1,12,,きのう\n"  # 11 unreadable date
        "k-4-01-1,2025Q2,12,,\n"  # 12 } the same KPI and quarter twice, differing
        "k-4-01-1,2025Q2,13,,\n"  # 13 }
        "k-1-01-2,2025Q1,5,,\n"  # 14 fine
        "k-1-01-2,2025Q1,5.0,,\n",  # 15 the same again: collapses
        encoding="utf-8",
    )
    plan = prepare_import(project, [path], today=TODAY)
    assert located(plan.problems) == [
        ("bad.csv", 2, 1, "E-import-unknown-kpi"),
        ("bad.csv", 3, 2, "E-before-period"),
        ("bad.csv", 4, 2, "W-after-period"),  # the same verdict as validate: warned, kept
        ("bad.csv", 4, 2, "W-future-quarter"),
        ("bad.csv", 5, 2, "W-future-quarter"),
        ("bad.csv", 6, 2, "E-import-quarter"),
        ("bad.csv", 7, 3, "E-import-value"),
        ("bad.csv", 8, 3, "E-import-value"),
        ("bad.csv", 9, 3, "E-import-value"),
        ("bad.csv", 10, 1, "E-import-no-kpi-id"),
        ("bad.csv", 11, 5, "E-import-date"),
        ("bad.csv", 13, 3, "E-import-duplicate"),
    ]
    assert plan.problems[0].hint.startswith("もしかして「k-1-01-")
    assert [item.row.key for item in plan.added] == [
        ("k-1-01-1", "2030Q1"),
        ("k-1-01-1", "2026Q1"),
        ("k-1-01-2", "2025Q1"),
    ]


def test_plain_workbook_with_actuals_columns(root, monkeypatch):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "実績"
    sheet.append(["令和7年度 第1四半期の実績"])
    sheet.append(["KPI ID", "四半期", "実績値（%・件）", "コメント", "記入日"])
    sheet.append(["k-1-01-1", "2025Q1", 0.85, "率は%書式", "令和7年7月10日"])
    sheet["C3"].number_format = "0%"  # what Excel stores when someone types 85%
    sheet.append(["k-1-01-2", "2025年度第1四半期", 1234, None, None])
    sheet.append(["k-4-01-2", "2025Q1", 50000, None, None])
    sheet["C5"].number_format = "0.0%"  # a money KPI shown as a percentage: refused
    path = root / "plain.xlsx"
    workbook.save(path)
    result = run_dataplan(monkeypatch, "kpi", "import", path, "--path", root)
    assert result.exit_code == 1
    assert (
        "plain.xlsx!実績!C5: エラー E-import-value: KPI「k-4-01-2」（教室の運営費）の実績値: % が付いていますが"
        in result.output
    )
    rows, _ = read_actuals(root)
    assert [(r.kpi_id, r.value, r.note, r.recorded_at) for r in rows] == [
        ("k-1-01-1", "85", "率は%書式", "2025-07-10"),
        ("k-1-01-2", "1234", "", TODAY.isoformat()),
    ]


def test_files_without_a_table(root, project):
    (root / "notes.csv").write_text("メモ\nなにもない\n", encoding="utf-8")
    (root / "half.csv").write_text("KPI ID,実績値\nk-1-01-1,5\n", encoding="utf-8")
    (root / "data.json").write_text("{}", encoding="utf-8")
    (root / "fake.xlsx").write_bytes(b"not a zip")
    empty = Workbook()
    empty.active["A1"] = "説明だけのシート"
    empty.save(root / "empty.xlsx")
    plan = prepare_import(
        project,
        [
            root / name
            for name in (
                "notes.csv",
                "half.csv",
                "data.json",
                "fake.xlsx",
                "empty.xlsx",
                "gone.csv",
            )
        ],
        today=TODAY,
    )
    assert located(plan.problems) == [
        ("notes.csv", 0, 0, "E-import-no-table"),
        ("half.csv", 1, 1, "E-import-columns"),
        ("data.json", 0, 0, "E-import-file-type"),
        ("fake.xlsx", 0, 0, "E-file-unreadable"),
        ("empty.xlsx", 0, 0, "E-import-no-table"),
        ("gone.csv", 0, 0, "E-file-unreadable"),
    ]
    assert "四半期（quarter）" in plan.problems[1].message


def test_unreadable_actuals_table_blocks_writing(root, project):
    (root / "kpi").mkdir()
    (root / ACTUALS_FILE).write_bytes("kpi_id,quarter,value\nk-1-01-1,2025Q1,５\n".encode("cp932"))
    before = (root / ACTUALS_FILE).read_bytes()
    path = root / "new.csv"
    path.write_text("kpi_id,quarter,value\nk-1-01-2,2025Q1,5\n", encoding="utf-8")
    plan = prepare_import(project, [path], today=TODAY)
    assert not plan.writable and plan.problems[0].file == ACTUALS_FILE
    apply_import(root, plan, today=TODAY)
    assert (root / ACTUALS_FILE).read_bytes() == before


def test_header_names_are_matched_loosely():
    assert find_header([["タイトル"], ["ＫＰＩ　ＩＤ", " 四半期 ", "実績値(単位)", "備考"]]) == (
        1,
        {"kpi_id": 1, "quarter": 2, "value": 3, "note": 4},
    )
    assert find_header([["a", "b"]]) is None


def test_csv_rows_keep_their_starting_line(root):
    path = root / "multi.csv"
    path.write_text(
        'kpi_id,quarter,value,note\nk-1-01-1,2025Q1,5,"二行の\n説明"\nk-1-01-2,2025Q1,x,\n',
        encoding="utf-8",
    )
    rows, problems = read_table_file(path)
    assert problems == []
    assert [(row.line, row.cells["note"]) for row in rows] == [(2, "二行の\n説明"), (4, "")]


def test_plan_period_starting_mid_year(project):
    period = project.meta.period
    assert (period.first_quarter, period.last_quarter) == (Quarter(2025, 1), Quarter(2029, 4))
    assert period.model_copy(update={"start": "2022-12"}).first_quarter == Quarter(2022, 3)


def test_recorded_quarters_are_matched_in_any_spelling(root, project):
    write_actuals(root, [ActualRow("k-4-01-1", "2025q2", "40", "", "", "", "")])
    path = root / "same.csv"
    path.write_text("kpi_id,quarter,value\nk-4-01-1,令和7年度第2四半期,41\n", encoding="utf-8")
    plan = prepare_import(project, [path], replace=True, today=TODAY)
    assert (plan.added, len(plan.conflicts)) == ([], 1)
    apply_import(root, plan, today=TODAY)
    assert [row[:3] for row in recorded(root)] == [("k-4-01-1", "2025Q2", "41")]
    assert [h.actual.quarter for h in read_history(root)[0]] == ["2025q2"]


def test_a_dry_run_with_replace_shows_the_replacement_and_writes_nothing(root, monkeypatch):
    write_actuals(root, [ActualRow("k-4-01-1", "2025Q2", "40", "速報", "佐藤", "2025-10-01", "")])
    before = (root / ACTUALS_FILE).read_bytes()
    path = root / "fix.csv"
    path.write_text("kpi_id,quarter,value,note\nk-4-01-1,2025Q2,45,確定値\n", encoding="utf-8")
    result = run_dataplan(
        monkeypatch, "kpi", "import", path, "--replace", "--dry-run", "--path", root
    )
    assert result.exit_code == 0, result.output
    assert "~ k-4-01-1 2025Q2: 40「速報」 → 45「確定値」  [fix.csv:2]" in result.output
    assert result.output.endswith(
        "追加 0 件、置き換え 1 件、変更なし 0 件、取り込まない食い違い 0 件"
        "（--dry-run のため何も書き込んでいません）\n"
    )
    assert (root / ACTUALS_FILE).read_bytes() == before and not (root / HISTORY_FILE).exists()


def test_a_recorded_value_in_another_spelling_is_unchanged_not_a_conflict(root, project):
    """kpi/actuals.csv edited by hand (40.0, ４０): the same number imported again changes nothing."""
    write_actuals(
        root,
        [
            ActualRow("k-4-01-1", "2025Q2", "40.0", "", "佐藤", "2025-10-01", ""),
            ActualRow("k-4-01-2", "2025Q2", "８００００", "", "佐藤", "2025-10-01", ""),
        ],
    )
    path = root / "same.csv"
    path.write_text(
        'kpi_id,quarter,value\nk-4-01-1,2025Q2,40\nk-4-01-2,2025Q2,"80,000"\n', encoding="utf-8"
    )
    plan = prepare_import(project, [path], today=TODAY)
    assert (len(plan.unchanged), plan.conflicts, plan.added, plan.problems) == (2, [], [], [])


def test_a_plan_reviewed_once_a_year_imports_a_fiscal_year(root):
    structure = root / "plan" / "structure.yaml"
    structure.write_text(
        structure.read_text(encoding="utf-8") + "review_cadence: yearly\n", encoding="utf-8"
    )
    project = validate_plan(root).project
    assert project.yearly
    path = root / "yearly.csv"
    path.write_text("kpi_id,quarter,value\nk-4-01-1,令和7年度,40\n", encoding="utf-8")
    plan = prepare_import(project, [path], today=TODAY)
    assert plan.problems == []
    assert [(item.row.kpi_id, item.row.quarter, item.row.value) for item in plan.added] == [
        ("k-4-01-1", "2025", "40")
    ]
