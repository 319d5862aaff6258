"""What the user reads when things go wrong at scale: Ctrl-C says what happened and what was
written; 10,000 identical problems print as a few and a count (JSON keeps all); a hint fits
the file it talks about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_plan
from typer.testing import CliRunner

from generator.cli import app

BASE = Path(__file__).parent / "fixtures" / "base"
HEADER = "kpi_id,quarter,value,note,recorded_by,recorded_at,source\n"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy_plan(BASE, tmp_path / "plan-folder")
    (tmp_path / "plan-folder" / "kpi").mkdir()
    return tmp_path / "plan-folder"


def _workbook(plan: Path, tmp_path: Path) -> Path:
    incoming = tmp_path / "incoming.csv"
    incoming.write_text("kpi_id,quarter,value\nk-1-01-1,2025Q2,7\n", encoding="utf-8")
    return incoming


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_ctrl_c_before_the_import_writes_says_nothing_changed(plan, tmp_path, monkeypatch):
    actuals = plan / "kpi" / "actuals.csv"
    actuals.write_text(HEADER, encoding="utf-8")
    monkeypatch.setattr("generator.kpi.importer.commit", _interrupt)
    result = CliRunner().invoke(
        app, ["kpi", "import", str(_workbook(plan, tmp_path)), "--path", str(plan)]
    )
    assert result.exit_code == 130
    assert "中断しました（Ctrl+C）。ファイルは何も書き換えていません" in result.output
    assert actuals.read_text(encoding="utf-8") == HEADER
    assert sorted(p.name for p in (plan / "kpi").iterdir() if p.name.endswith(".tmp")) == []


def test_ctrl_c_after_the_import_wrote_names_what_was_written(plan, tmp_path, monkeypatch):
    (plan / "kpi" / "actuals.csv").write_text(HEADER, encoding="utf-8")
    monkeypatch.setattr("generator.kpi.importer.summary_line", _interrupt)
    result = CliRunner().invoke(
        app, ["kpi", "import", str(_workbook(plan, tmp_path)), "--path", str(plan)]
    )
    assert result.exit_code == 130
    assert "中断しました（Ctrl+C）。中断の前に書き終えていたもの:" in result.output
    assert "kpi/actuals.csv" in result.output
    assert "k-1-01-1,2025Q2,7" in (plan / "kpi" / "actuals.csv").read_text(encoding="utf-8")


def test_ten_thousand_duplicate_rows_print_as_a_few_and_a_count(plan):
    rows = "".join(f"k-1-01-1,2025Q2,{n},,,2025-10-01,\n" for n in range(10_001))
    (plan / "kpi" / "actuals.csv").write_text(HEADER + rows, encoding="utf-8")
    text = CliRunner().invoke(app, ["validate", str(plan)])
    assert text.exit_code == 1
    lines = text.output.splitlines()
    assert sum("E-duplicate-actual" in line and "ヒント" not in line for line in lines) == 11
    assert "（E-duplicate-actual はほかに 9,990 件あります。" in text.output
    assert len(lines) < 40
    assert "エラー 10000 件" in text.output
    data = json.loads(CliRunner().invoke(app, ["validate", str(plan), "--format", "json"]).output)
    assert sum(p["code"] == "E-duplicate-actual" for p in data["problems"]) == 10_000


def test_a_few_problems_of_a_kind_are_all_printed(plan):
    rows = "".join(f"k-1-01-1,2025Q2,{n},,,2025-10-01,\n" for n in range(4))
    (plan / "kpi" / "actuals.csv").write_text(HEADER + rows, encoding="utf-8")
    text = CliRunner().invoke(app, ["validate", str(plan)])
    assert text.output.count("E-duplicate-actual:") == 3 and "ほかに" not in text.output


@pytest.mark.parametrize(
    ("relative", "fits", "does_not_fit"),
    [
        ("kpi/notes/2025Q2.yaml", "PDCA 記録は四半期ごとに1つのファイル", "施策ごと"),
        ("kpi/actuals.csv", "古い年度の実績を別のファイルに移す", "施策"),
        ("plan/purpose.yaml", "章の本文を要点にまとめる", "施策ごと"),
        ("measures/m-2-01.yaml", "1つのファイルには1つの施策", "PDCA"),
    ],
)
def test_the_size_hint_fits_the_file(plan, relative, fits, does_not_fit):
    path = plan / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        stream.truncate(80 * 1024 * 1024)  # sparse: over every limit, nothing to read
    result = CliRunner().invoke(app, ["validate", str(plan), "--format", "json"])
    problems = json.loads(result.output)["problems"]
    found = [p for p in problems if p["file"] == relative and p["code"] == "E-file-too-large"]
    assert len(found) == 1, problems
    assert fits in found[0]["hint"] and does_not_fit not in found[0]["hint"]
