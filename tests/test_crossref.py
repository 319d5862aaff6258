"""`dataplan crossref` in the terminal: the plan's own structure, what each measure cites, the matrix."""

from __future__ import annotations

import json
from pathlib import Path

from rich.cells import cell_len
from typer.testing import CliRunner

from generator.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_text_follows_the_plan_and_shows_case_studies_examples_and_totals(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(app, ["crossref", str(ROOT)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.index("基本目標1") < text.index(
        "1-1-1 行政手続の棚卸しとオンライン化の推進（m-1-01）"
    )
    assert "事例集: 1-1 簡単ゆびナビ窓口システム（会津若松市）" in text
    assert "記載例: ex-1-01 行政手続の棚卸し" in text
    assert "■ 使っている事例集" in text and "■ 使っている手引の記載例" in text
    matrix_total = [line for line in text.splitlines() if line.strip().startswith("計 ")]
    assert matrix_total and matrix_total[-1].split()[-1] == "23"  # every measure counted once
    assert max(cell_len(line) for line in text.splitlines()) <= 80


def test_json_is_unchanged_data():
    result = CliRunner().invoke(app, ["crossref", str(ROOT), "--format", "json"])
    data = json.loads(result.output)
    assert data["coverage"]["covered"] == 20 and data["coverage"]["national_measures"] == 33
