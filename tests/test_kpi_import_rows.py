"""`kpi import` row by row (generator/kpi/importer.py): each problem at its cell with its values,
the merge's verdicts, the diff and the summary, the defaults, and an import that cannot
take the lock of kpi/. tests/test_kpi_import.py covers files, encodings and headers.
"""

from __future__ import annotations

import pytest
from kpi_plan_fixture import TODAY, make_plan
from openpyxl import Workbook

from generator.kpi import transaction
from generator.kpi.importer import (
    describe,
    diff_lines,
    prepare_import,
    recorded_key,
    run_import,
    summary_line,
)
from generator.kpi.store import TEXT_LIMIT, ActualRow, read_actuals, read_history, write_actuals
from generator.kpi.transaction import kpi_lock
from generator.rules import AFTER_PERIOD_HINT
from generator.validate import validate_plan

# kpi_id last: the column of each problem tells which cell it is about.
HEADER = "quarter,value,note,recorded_by,recorded_at,kpi_id\n"
LONG = "あ" * (TEXT_LIMIT + 1)


@pytest.fixture
def root(tmp_path):
    return make_plan(tmp_path / "city")


@pytest.fixture
def project(root):
    return validate_plan(root, today=TODAY).project


def incoming(root, *lines: str, name: str = "in.csv"):
    path = root.parent / name
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def recorded(root) -> list[tuple[str, str, str, str, str]]:
    rows, problems = read_actuals(root)
    assert problems == []
    return [(r.kpi_id, r.quarter, r.value, r.note, r.recorded_by) for r in rows]


def test_each_problem_is_at_its_cell_with_its_values(root, project):
    path = incoming(
        root,
        ",5,,,,",
        "2025Q1,5,,,,k-1-01-9",
        f"2025Q1,5,{LONG},,,k-1-01-2",
        f"2025Q2,5,{LONG[:-1]},,,k-1-01-2",  # exactly the limit: taken
        f"2025Q3,5,,{LONG},,k-1-01-2",
        "いつか,5,,,,k-1-01-2",
        "2024Q4,5,,,,k-1-01-2",
        "2030Q1,5,,,,k-1-01-2",
        "2025Q2,5,,,2025/13/40,k-1-01-1",
        "2025Q1,30,,,,k-1-01-1",
        "2025Q1,31,,,,k-1-01-1",
    )
    plan = prepare_import(project, [path], today=TODAY)
    found = [(p.line, p.column, p.code, p.message, p.hint) for p in plan.problems]
    assert [row[:3] for row in found] == [
        (2, 6, "E-import-no-kpi-id"),
        (3, 6, "E-import-unknown-kpi"),
        (4, 3, "E-text-too-long"),
        (6, 4, "E-text-too-long"),
        (7, 1, "E-import-quarter"),
        (8, 1, "E-before-period"),
        (9, 1, "W-after-period"),
        (9, 1, "W-future-quarter"),
        (10, 5, "E-import-date"),
        (12, 2, "E-import-duplicate"),
    ]
    messages = [row[3] for row in found]
    assert messages[1] == "KPI「k-1-01-9」はこの計画にありません。"
    assert found[1][4] == "もしかして「k-1-01-3」ですか？"
    assert messages[2].startswith("実績の説明が 32,768 文字あります（上限 32,767 文字。")
    assert messages[3].startswith("記入者が 32,768 文字あります（上限 32,767 文字。")
    assert messages[4].startswith("四半期を読めません（「いつか」）。")
    assert messages[5].startswith("KPI「k-1-01-2」の実績の時期 2024年度第4四半期")
    assert found[6][4] == AFTER_PERIOD_HINT
    assert messages[8].startswith("日付を読めません（「2025/13/40」）。")
    assert "（もう一方は 30 [in.csv:11]）" in messages[9]
    assert [(i.row.kpi_id, i.row.quarter) for i in plan.added] == [
        ("k-1-01-2", "2025Q2"),
        ("k-1-01-2", "2030Q1"),  # warnings only: taken
    ]


def test_defaults_record_who_typed_it_keep_conflicts_and_write(root, project):
    write_actuals(root, [ActualRow("k-1-01-1", "2025Q1", "30", "", "総務課", "2025-07-01", "")])
    path = incoming(root, "2025Q1,35,,,,k-1-01-1", "2025Q2,120,,,,k-1-01-2")
    plan = run_import(project, [path], today=TODAY)
    assert [p.code for p in plan.problems] == ["E-import-conflict"]
    assert recorded(root) == [
        ("k-1-01-1", "2025Q1", "30", "", "総務課"),  # not replaced without replace=True
        ("k-1-01-2", "2025Q2", "120", "", ""),  # nobody named: nobody recorded
    ]


def test_the_same_value_in_another_spelling_is_unchanged_not_a_conflict(root, project):
    write_actuals(root, [ActualRow("k-1-01-1", "2025q1", "30", "前の説明")])
    path = incoming(root, "2025Q1,30.0,,,,k-1-01-1", "2025Q1,1234,,,,k-1-01-2")
    plan = prepare_import(project, [path], today=TODAY)
    assert plan.conflicts == [] and plan.problems == []
    assert [(i.row.kpi_id, i.row.value) for i in plan.unchanged] == [("k-1-01-1", "30")]
    assert [(i.row.kpi_id, i.row.value) for i in plan.added] == [("k-1-01-2", "1234")]
    assert recorded_key(ActualRow("k", " 2025 q1 ", "1")) == ("k", "2025Q1")
    assert recorded_key(ActualRow("k", "いつか", "1")) == ("k", "いつか")


def test_a_replacement_keeps_the_old_rows_other_columns_and_records_who_replaced_it(root, project):
    actuals = root / "kpi" / "actuals.csv"
    actuals.parent.mkdir(exist_ok=True)
    actuals.write_text(
        "kpi_id,quarter,value,note,recorded_by,recorded_at,source,担当メモ\n"
        "k-1-01-1,2025Q1,30,,総務課,2025-07-01,,確認済み\n",
        encoding="utf-8",
    )
    path = incoming(root, "2025Q1,35,,鈴木,,k-1-01-1")
    plan = run_import(project, [path], replace=True, today=TODAY)
    assert plan.problems == []
    rows, _ = read_actuals(root)
    assert [(r.value, r.recorded_by, r.extra) for r in rows] == [
        ("35", "鈴木", (("担当メモ", "確認済み"),))
    ]
    history, _ = read_history(root)
    assert [(h.actual.value, h.replaced_at, h.replaced_by) for h in history] == [
        ("30", TODAY.isoformat(), "鈴木")  # no --by: the one who typed the new value
    ]


def test_the_diff_names_each_cell_and_the_summary_counts(root, project, tmp_path):
    write_actuals(
        root, [ActualRow("k-1-01-1", "2025Q1", "30"), ActualRow("k-1-01-2", "2025Q1", "9")]
    )
    book = Workbook()
    sheet = book.active
    sheet.title = "実績"
    sheet.append(["kpi_id", "quarter", "note", "value"])
    sheet.append(["k-1-01-1", "2025Q1", "窓口\n集計", 35])
    sheet.append(["k-1-01-2", "2025Q2", "", 120])
    sheet.append(["k-1-01-2", "2025Q1", "", 9])
    path = tmp_path / "実績.xlsx"
    book.save(path)
    held = prepare_import(project, [path], today=TODAY)
    assert diff_lines(held) == [
        "+ k-1-01-2 2025Q2: 120  [実績.xlsx!実績!D3]",
        "! k-1-01-1 2025Q1: 30 → 35「窓口 集計」  [実績.xlsx!実績!D2]",
    ]
    assert summary_line(held, dry_run=False) == (
        "追加 1 件、置き換え 0 件、変更なし 1 件、取り込まない食い違い 1 件"
    )
    assert summary_line(held, dry_run=True).endswith("（--dry-run のため何も書き込んでいません）")
    replacing = prepare_import(project, [path], replace=True, today=TODAY)
    assert diff_lines(replacing)[1].startswith("~ k-1-01-1 2025Q1: 30 → 35")
    assert summary_line(replacing, dry_run=False) == (
        "追加 1 件、置き換え 1 件、変更なし 1 件、取り込まない食い違い 0 件"
    )
    replacing.writable = False
    assert summary_line(replacing, dry_run=False).endswith("何も書き込んでいません）")
    assert "kpi/ の actuals.csv か history.csv" in summary_line(replacing, dry_run=False)


def test_duplicates_in_a_workbook_name_the_other_cell(root, project, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "実績"
    sheet.append(["kpi_id", "quarter", "value"])
    sheet.append(["k-1-01-1", "2025Q1", 30])
    sheet.append(["k-1-01-1", "2025Q1", 31])
    path = tmp_path / "two.xlsx"
    book.save(path)
    [problem] = prepare_import(project, [path], today=TODAY).problems
    assert problem.file == "two.xlsx!実績!C3"
    assert problem.message == (
        "KPI「k-1-01-1」の 2025Q1 の実績が取り込むファイルの中に2回あり、内容が違います"
        "（もう一方は 30 [two.xlsx!実績!C2]）。"
    )


def test_a_value_is_described_with_its_comment_cut_to_fit():
    assert describe(ActualRow("k", "2025Q1", "85")) == "85"
    assert describe(ActualRow("k", "2025Q1", "", "協議中")) == "（数値なし）「協議中」"
    assert describe(ActualRow("k", "2025Q1", "1", "一行目\n二行目")) == "1「一行目 二行目」"
    exactly = "あ" * 24
    assert describe(ActualRow("k", "2025Q1", "1", exactly)) == f"1「{exactly}」"
    assert describe(ActualRow("k", "2025Q1", "1", exactly + "い")) == f"1「{'あ' * 23}…」"


@pytest.fixture
def busy(monkeypatch):
    monkeypatch.setattr(transaction, "LOCK_WAIT_SECONDS", 0.05)


def test_an_import_that_cannot_take_the_lock_writes_nothing_and_says_so(root, project, busy):
    write_actuals(root, [ActualRow("k-1-01-1", "2025Q1", "30")])
    path = incoming(root, "2025Q1,35,,,,k-1-01-1", "2025Q2,120,,,,k-1-01-2")
    with kpi_lock(root):
        plan = run_import(project, [path], by="取りまとめ", replace=True, today=TODAY)
    assert [(p.file, p.code) for p in plan.problems] == [("kpi/actuals.csv", "E-kpi-busy")]
    assert not plan.writable and not plan.changes_anything
    assert [(c.new.row.value, c.new.row.recorded_by) for c in plan.replaced] == [
        ("35", "取りまとめ")
    ]
    assert [i.row.recorded_by for i in plan.added] == ["取りまとめ"]
    assert recorded(root) == [("k-1-01-1", "2025Q1", "30", "", "")]


def test_an_import_that_finds_a_foreign_journal_writes_nothing_and_names_it(root, project):
    write_actuals(root, [ActualRow("k-1-01-1", "2025Q1", "30")])
    before = (root / "kpi" / "actuals.csv").read_bytes()
    (root / "kpi" / ".journal").write_text("{", encoding="utf-8")
    path = incoming(root, "2025Q2,120,,,,k-1-01-2")
    plan = run_import(project, [path], today=TODAY)
    assert {(p.file, p.code) for p in plan.problems} == {("kpi/.journal", "E-kpi-journal")}
    problem = plan.problems[0]
    assert problem.message.startswith(
        "前回途中で止まった書き込みの記録（kpi/.journal）を復旧できません（"
    )
    assert not plan.writable
    assert (root / "kpi" / "actuals.csv").read_bytes() == before  # reading it is refused too


def test_a_dry_run_writes_nothing(root, project):
    path = incoming(root, "2025Q2,120,,,,k-1-01-2")
    plan = run_import(project, [path], dry_run=True, today=TODAY)
    assert [i.row.value for i in plan.added] == ["120"]
    assert not (root / "kpi" / "actuals.csv").exists()
