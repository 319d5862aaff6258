"""One rule per fact: every command places a quarter in the plan period alike and reads it alike."""

from __future__ import annotations

import re

import pytest
from kpi_plan_fixture import make_plan, run_dataplan

from generator.layout import ACTUALS_FILE

HEADER = "kpi_id,quarter,value,note,recorded_by,recorded_at,source\n"
# The period starts in December 2022, so its first quarter is 2022Q3 (Oct–Dec 2022),
# and it ends with FY2024. Today (the fixture's) is 2025-10-10.
VERDICTS = {
    "2022Q2": {"E-before-period"},  # the quarter before the start month's quarter
    "2022Q3": set(),  # the first quarter of the period
    "2025Q1": {"W-after-period"},  # after the end, already begun
}
CODE = re.compile(r"\b([EW]-[a-z-]+)\b")


@pytest.fixture
def plan(tmp_path):
    root = make_plan(tmp_path / "city")
    meta = root / "plan" / "plan.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "  start: 2025\n  end: 2029\n", '  start: "2022-12"\n  end: 2024\n'
        ),
        encoding="utf-8",
    )
    return root


def period_codes(output: str) -> set[str]:
    return {code for code in CODE.findall(output) if code.endswith("-period")}


def test_validate_import_record_and_status_give_the_same_verdict(plan, monkeypatch, tmp_path):
    rows = "".join(f"k-4-01-1,{quarter},10,,,,\n" for quarter in VERDICTS)
    (plan / "kpi").mkdir()
    (plan / ACTUALS_FILE).write_text(HEADER + rows, encoding="utf-8")
    validated = run_dataplan(monkeypatch, "validate", plan)
    by_line = {
        quarter: {
            code
            for line, code in re.findall(
                r"kpi/actuals\.csv:(\d+):\d+: \S+ ([EW]-[a-z-]+)", validated.output
            )
            if int(line) == index + 2 and code.endswith("-period")
        }
        for index, quarter in enumerate(VERDICTS)
    }
    assert by_line == VERDICTS, validated.output
    (plan / ACTUALS_FILE).unlink()

    for quarter, expected in VERDICTS.items():
        sheet = tmp_path / f"import-{quarter}.csv"
        sheet.write_text(HEADER + f"k-4-01-1,{quarter},10,,,,\n", encoding="utf-8")
        imported = run_dataplan(monkeypatch, "kpi", "import", sheet, "--dry-run", "--path", plan)
        recorded = run_dataplan(
            monkeypatch, "kpi", "record", "k-4-01-1", quarter, "10", "--path", plan
        )
        status = run_dataplan(monkeypatch, "kpi", "status", "--quarter", quarter, "--path", plan)
        for command, result in (("import", imported), ("record", recorded), ("status", status)):
            assert period_codes(result.output) == expected, (command, quarter, result.output)
            refused = "E-before-period" in expected
            assert (result.exit_code == 1) == refused, (command, quarter, result.output)
            assert "Traceback" not in result.output


SPELLINGS = ["2025Q2", "R7Q2", "令和7年度第2四半期", "2025年度第2四半期"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_command_that_takes_a_quarter_reads_how_people_write_it(
    spelling, tmp_path, monkeypatch
):
    root = make_plan(tmp_path / "city")
    recorded = run_dataplan(
        monkeypatch, "kpi", "record", "k-4-01-1", spelling, "12", "--path", root
    )
    assert recorded.exit_code == 0, recorded.output
    assert "k-4-01-1,2025Q2,12," in (root / ACTUALS_FILE).read_text(encoding="utf-8")
    status = run_dataplan(monkeypatch, "kpi", "status", "--quarter", spelling, "--path", root)
    assert status.exit_code == 0 and "2025年度第2四半期" in status.output, status.output
    report = run_dataplan(monkeypatch, "report", spelling, "--path", root, "-o", tmp_path / "r")
    assert report.exit_code == 0 and (tmp_path / "r" / "report-2025Q2.md").exists(), report.output
    workbook = tmp_path / "kpi.xlsx"
    template = run_dataplan(
        monkeypatch, "kpi", "template", spelling, "--path", root, "-o", workbook
    )
    assert template.exit_code == 0 and workbook.exists(), template.output
