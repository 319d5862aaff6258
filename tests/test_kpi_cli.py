"""`dataplan kpi record` and `dataplan kpi status` on the base fixture plan, on a fixed day."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app

TODAY = dt.date(2026, 11, 24)
ACTUALS = """\
kpi_id,quarter,value,note,recorded_by,recorded_at,source
k-1-01-1,2025Q4,30,,総務課,2026-01-10,
k-1-01-1,2026Q1,34,,総務課,2026-04-08,
k-2-01-2,2026Q1,実施中,,健康福祉課,2026-04-09,
"""


@pytest.fixture
def plan(base_copy) -> Path:
    root = base_copy
    (root / "kpi").mkdir()
    (root / "kpi" / "actuals.csv").write_text(ACTUALS, encoding="utf-8")
    return root


def run(*args: object):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def actuals(root: Path) -> bytes:
    return (root / "kpi" / "actuals.csv").read_bytes()


def test_record_adds_a_row_sorted_with_who_and_when(plan):
    result = run(
        "kpi",
        "record",
        "k-1-01-1",
        "2026Q2",
        "38",
        "--note",
        "窓口で集計",
        "--by",
        "総務課",
        "--path",
        plan,
    )
    assert result.exit_code == 0, result.output
    assert "2026年度第2四半期（令和8年度、7〜9月）に 38 を記録しました" in result.output
    rows = actuals(plan).decode().splitlines()
    assert rows[3] == "k-1-01-1,2026Q2,38,窓口で集計,総務課,2026-11-24,dataplan kpi record"
    assert run("validate", plan).exit_code == 0


def test_record_refuses_to_overwrite(plan):
    before = actuals(plan)
    result = run("kpi", "record", "k-1-01-1", "2026Q1", "35", "--path", plan)
    assert result.exit_code == 1
    assert "すでに実績 34 があります（総務課、2026-04-08 記録）" in result.output
    assert "--replace" in result.output
    assert actuals(plan) == before
    assert not (plan / "kpi" / "history.csv").exists()


def test_replace_keeps_the_old_value_in_history(plan):
    result = run(
        "kpi", "record", "k-1-01-1", "2026Q1", "35", "--replace", "--by", "企画課", "--path", plan
    )
    assert result.exit_code == 0, result.output
    assert "34 から 35 に置き換えました" in result.output
    assert "k-1-01-1,2026Q1,35,,企画課,2026-11-24,dataplan kpi record" in actuals(plan).decode()
    history = (plan / "kpi" / "history.csv").read_text(encoding="utf-8").splitlines()
    assert history == [
        "kpi_id,quarter,value,note,recorded_by,recorded_at,source,replaced_at,replaced_by",
        "k-1-01-1,2026Q1,34,,総務課,2026-04-08,,2026-11-24,企画課",
    ]
    second = run("kpi", "record", "k-1-01-1", "2026Q1", "36", "--replace", "--path", plan)
    assert second.exit_code == 0
    assert len((plan / "kpi" / "history.csv").read_text(encoding="utf-8").splitlines()) == 3


def test_same_value_again_changes_nothing(plan):
    before = actuals(plan)
    result = run("kpi", "record", "k-1-01-1", "2026Q1", "34.0", "--path", plan)
    assert result.exit_code == 0
    assert "変更はありません" in result.output
    assert actuals(plan) == before


def test_narrative_actual_needs_a_note(plan):
    assert run("kpi", "record", "k-1-01-1", "2026Q2", "", "--path", plan).exit_code == 1
    result = run(
        "kpi", "record", "k-1-01-1", "2026Q2", "", "--note", "集計は年度末", "--path", plan
    )
    assert result.exit_code == 0
    assert "（文章のみ）" in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["k-1-01-9", "2026Q1", "3"],
            "E-unknown-kpi: KPI「k-1-01-9」はどの施策にも定義されていません。\n"
            "    ヒント: もしかして「k-1-01-1」ですか？",
        ),
        (["k-1-01-1", "2026-1", "3"], "E-quarter-format: 四半期「2026-1」の形式が違います。"),
        (["k-1-01-1", "2024Q4", "3"], "E-before-period"),
        (["k-1-01-1", "2026Q2", "3件"], "数値を書いてください"),
        (["k-1-01-1", "2026Q2", "-3"], "負の値は使えません"),
        (["k-2-01-2", "2026Q2", "完了"], "段階（未実施・実施中・実施）のどれか"),
    ],
)
def test_bad_input_is_a_japanese_message_and_exit_1(plan, args, words):
    before = actuals(plan)
    result = run(
        "kpi", "record", "--path", plan, "--", *args
    )  # "--": so that -3 is a value, not an option
    assert result.exit_code == 1
    assert words in result.output
    assert "Traceback" not in result.output
    assert actuals(plan) == before


def test_a_quarter_not_yet_begun_is_recorded_with_the_warning_validate_gives(plan):
    result = run("kpi", "record", "k-1-01-1", "2027Q1", "3", "--path", plan)
    assert result.exit_code == 0
    assert "W-future-quarter" in result.output and "今日は 2026-11-24" in result.output


def test_usage_errors_exit_2(plan, tmp_path):
    assert run("kpi", "record", "k-1-01-1", "--path", plan).exit_code == 2
    result = run("kpi", "record", "k-1-01-1", "2026Q2", "3", "--path", tmp_path / "elsewhere")
    assert result.exit_code == 2
    assert "が見つかりません。計画のフォルダ" in result.output


def test_record_refuses_when_the_table_has_unreadable_rows(plan):
    (plan / "kpi" / "actuals.csv").write_text(
        ACTUALS + "k-1-01-1,2026Q2,1,234,,,,\n", encoding="utf-8"
    )
    before = actuals(plan)
    result = run("kpi", "record", "k-1-01-1", "2026Q3", "40", "--path", plan)
    assert result.exit_code == 1
    assert "kpi/actuals.csv:5:8" in result.output
    assert actuals(plan) == before


def _tables(root: Path) -> list[str]:
    """The files of kpi/ other than the lock and its .gitignore (temporaries included)."""
    return sorted(p.name for p in (root / "kpi").iterdir() if p.name not in {".lock", ".gitignore"})


@pytest.mark.parametrize("fail_on_call", [1, 2, 3])
def test_failure_between_write_and_rename_leaves_both_old_or_both_new(
    plan, monkeypatch, fail_on_call
):
    """os.replace fails (as a crash would stop it) at the journal (1) or at a table (2, 3):
    before the journal both files stay byte for byte; after it, the next run completes both."""
    run("validate", plan)  # creates nothing, but settles kpi/
    (plan / "kpi" / ".gitignore").write_text(".lock\n", encoding="utf-8")
    before = actuals(plan)
    calls = []
    real_replace = os.replace

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == fail_on_call:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run("kpi", "record", "k-1-01-1", "2026Q1", "35", "--replace", "--path", plan)
    monkeypatch.setattr(os, "replace", real_replace)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    if fail_on_call == 1:
        assert "元のファイルは変わっていません" in result.output
        assert actuals(plan) == before
        assert _tables(plan) == ["actuals.csv"]
        return
    assert "次に dataplan を実行したときに" in result.output
    assert ".journal" in _tables(plan)
    assert run("kpi", "status", "--path", plan).exit_code == 0  # any run completes the change
    assert _tables(plan) == ["actuals.csv", "history.csv"]
    assert "k-1-01-1,2026Q1,35," in actuals(plan).decode()
    assert "k-1-01-1,2026Q1,34," in (plan / "kpi" / "history.csv").read_text(encoding="utf-8")


def test_status_text_defaults_to_latest_quarter(plan):
    result = run("kpi", "status", "--path", plan)
    assert result.exit_code == 0, result.output
    assert "KPI の状況 2026年度第1四半期（令和8年度、4〜6月）" in result.output
    assert "k-1-01-1" in result.output and "k-2-01-2" in result.output
    assert "KPI 3 件:" in result.output


def test_status_json_is_the_same_data(plan):
    result = run("kpi", "status", "--format", "json", "--quarter", "2026Q1", "--path", plan)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["quarter"] == "2026Q1"
    by_id = {row["kpi_id"]: row for row in data["kpis"]}
    # k-1-01-1: baseline 10 (FY2024) → target 50 (FY2027): 12 quarters, 2026Q1 is the 5th;
    # progress (34−10)/40 = 0.6 against 5/12 → ratio 1.44 → on track; 30 → 34 since 2025Q4.
    assert by_id["k-1-01-1"]["status"] == "on_track"
    assert by_id["k-1-01-1"]["progress"] == pytest.approx(0.6)
    assert by_id["k-1-01-1"]["expected"] == pytest.approx(5 / 12)
    assert by_id["k-1-01-1"]["value_delta"] == 4
    assert by_id["k-2-01-1"]["status"] == "no_data"
    assert by_id["k-2-01-2"]["status_label"] == "順調"
    assert by_id["k-2-01-2"]["display"]["target_when"] == "2026年度第3四半期（令和8年度）"
    assert data["summary"]["statuses"]["on_track"] == 2


def test_status_filters_by_department_id_or_name(plan):
    by_id = json.loads(
        run("kpi", "status", "--format", "json", "--department", "kenko", "--path", plan).output
    )
    by_name = json.loads(
        run(
            "kpi", "status", "--format", "json", "--department", "健康福祉課", "--path", plan
        ).output
    )
    assert (
        [row["kpi_id"] for row in by_id["kpis"]]
        == ["k-2-01-1", "k-2-01-2"]
        == [row["kpi_id"] for row in by_name["kpis"]]
    )
    unknown = run("kpi", "status", "--department", "kenkou", "--path", plan)
    assert unknown.exit_code == 1
    assert "もしかして「kenko」ですか？" in unknown.output


def test_status_without_actuals_asks_for_a_quarter(plan):
    (plan / "kpi" / "actuals.csv").unlink()
    result = run("kpi", "status", "--path", plan)
    assert result.exit_code == 1
    assert "--quarter" in result.output
    assert run("kpi", "status", "--quarter", "2025Q3", "--path", plan).exit_code == 0
    assert run("kpi", "status", "--quarter", "2025-3", "--path", plan).exit_code == 2


def test_status_refuses_a_plan_with_errors(plan):
    (plan / "kpi" / "actuals.csv").write_text(ACTUALS + "k-9,2026Q1,1,,,,\n", encoding="utf-8")
    result = run("kpi", "status", "--path", plan)
    assert result.exit_code == 1
    assert "E-unknown-kpi" in result.output
    assert "dataplan validate" in result.output


def test_every_kpi_command_has_help():
    for command in ("record", "status"):
        result = run("kpi", command, "--help")
        assert result.exit_code == 0
        assert "Usage" in result.output


@pytest.mark.parametrize("columns", ["80", "100"])
def test_status_fits_the_terminal_and_never_cuts_an_id(columns, monkeypatch):
    from pathlib import Path

    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", columns)
    root = Path(__file__).resolve().parents[1]
    result = run("kpi", "status", "--path", root)
    assert result.exit_code == 0, result.output
    assert max(cell_len(line) for line in result.output.splitlines()) <= int(columns)
    for kpi_id in ("k-1-01-1", "k-6-02-1", "k-3-01-2"):
        assert kpi_id in result.output
    assert "R8 Q2" in result.output  # compact quarter labels in the table
