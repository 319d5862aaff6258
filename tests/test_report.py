"""The quarterly PDCA report (F11): its data, its Markdown and CSV, and the example city's golden report.

The golden files under tests/golden/ are the reviewed report of the example city's
latest quarter. After a deliberate change, regenerate them with
`UPDATE_GOLDEN=1 pytest tests/test_report.py` and review the diff.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from conftest import BASE, copy_plan
from typer.testing import CliRunner

from generator.cli import app
from generator.kpi.status import default_period
from generator.kpi.store import ActualRow, read_actuals
from generator.model.pdca import QuarterNotes
from generator.project import Audience
from generator.quarters import ReviewPeriod
from generator.report import build_report
from generator.report_render import CSV_COLUMNS, render_csv, render_markdown
from generator.validate import validate_plan
from generator.visibility import plan_view

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def city():
    result = validate_plan(ROOT, today=TODAY)
    assert result.report.is_valid(strict=True), [p.as_text() for p in result.report.problems]
    return result.project


def build_report_for(project, quarter, *, internal=False):
    audience = Audience.INTERNAL if internal else Audience.PUBLIC
    return build_report(plan_view(project, audience), quarter)


def with_records(project, rows, notes=None):
    """The loaded plan with other actuals and notes, as if kpi/ held them."""
    return dataclasses.replace(project, actuals=list(rows), notes=notes or {})


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} がありません。UPDATE_GOLDEN=1 で作ってください。"
    assert text == path.read_text(encoding="utf-8")


def test_example_city_latest_quarter_matches_the_golden_report(city):
    quarter = default_period(read_actuals(ROOT)[0])
    assert quarter == ReviewPeriod(2026, 2)
    report = build_report_for(city, quarter)
    golden("report-2026Q2.md", render_markdown(report))
    golden("report-2026Q2.csv", render_csv(report))


def test_report_command_writes_the_same_files(tmp_path):
    result = CliRunner().invoke(app, ["report", "2026Q2", "--path", str(ROOT), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "report-2026Q2.md").read_text(encoding="utf-8")
    table = (tmp_path / "report-2026Q2.csv").read_bytes()
    assert markdown == (GOLDEN / "report-2026Q2.md").read_text(encoding="utf-8")
    assert table.startswith(b"\xef\xbb\xbf")  # BOM, so that Excel reads UTF-8
    assert table[3:].decode("utf-8") == (GOLDEN / "report-2026Q2.csv").read_text(encoding="utf-8")


def test_every_year_and_quarter_shown_has_wareki_beside_it(city):
    text = render_markdown(build_report_for(city, ReviewPeriod(2026, 2)))
    shown = re.findall(r"\d{4}年度(?:第\d四半期)?(.)", text)
    assert shown and all(after == "（" for after in shown)
    assert "令和8年度" in text


def test_example_city_has_every_status(city):
    report = build_report_for(city, ReviewPeriod(2026, 2))
    statuses = report.rollup.statuses
    assert all(count > 0 for count in statuses.values()), statuses
    lines = {
        line.kpi_id: line
        for pillar in report.pillars
        for measure in pillar.measures
        for line in measure.kpis
    }
    assert "遅れて達成" in lines["k-1-01-3"].explanation  # a milestone done late
    assert "期限より早く達成" in lines["k-3-01-2"].explanation  # achieved early
    assert lines["k-4-01-3"].status_label == "未計測"
    assert lines["k-1-04-1"].evaluation.trend == "worsened"


def test_internal_notes_only_in_the_internal_report(city):
    public = render_markdown(build_report_for(city, ReviewPeriod(2026, 2)))
    internal = render_markdown(build_report_for(city, ReviewPeriod(2026, 2), internal=True))
    secret = "判定モデルの精度が仕様書の基準"
    assert secret not in public and secret not in render_csv(
        build_report_for(city, ReviewPeriod(2026, 2))
    )
    assert f"［庁内限定］委託事業者の{secret}" in internal
    assert "庁内限定の記録を含みます" in internal


def test_internal_report_has_its_own_file_name(tmp_path):
    result = CliRunner().invoke(
        app, ["report", "2026Q2", "--path", str(ROOT), "-o", str(tmp_path), "--internal"]
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "report-2026Q2-internal.csv",
        "report-2026Q2-internal.md",
    ]


def base_report(tmp_path, rows, notes=None, quarter=None):
    root = copy_plan(BASE, tmp_path / "plan")
    project = validate_plan(root, today=TODAY).project
    return build_report_for(with_records(project, rows, notes), quarter or ReviewPeriod(2026, 1))


def test_relisted_kpi_counts_under_each_measure_but_once_in_the_plan(tmp_path):
    rows = [ActualRow("k-1-01-1", "2026Q1", "34"), ActualRow("k-2-01-2", "2026Q1", "実施中")]
    report = base_report(tmp_path, rows)
    measures = {m.id: m for pillar in report.pillars for m in pillar.measures}
    assert measures["m-1-01"].rollup.total == 1
    assert measures["m-2-01"].rollup.total == 3  # its two KPIs and the re-listed k-1-01-1
    assert [line.relisted for line in measures["m-2-01"].kpis] == [False, False, True]
    assert report.rollup.total == 3
    assert report.rollup.statuses["on_track"] == 2 and report.rollup.statuses["no_data"] == 1
    assert report.rollup.on_track_share == 1.0


def test_notes_give_implementation_status_and_change(tmp_path):
    notes = {
        ReviewPeriod(2025, 4): QuarterNotes.model_validate(
            {"quarter": "2025Q4", "measures": {"m-1-01": {"status": "not_started"}}}
        ),
        ReviewPeriod(2026, 1): QuarterNotes.model_validate(
            {
                "quarter": "2026Q1",
                "measures": {
                    "m-1-01": {
                        "status": "delayed",
                        "issues": ["人手不足", {"text": "内部の事情", "visibility": "internal"}],
                    }
                },
            }
        ),
    }
    report = base_report(tmp_path, [], notes)
    measure = report.pillars[0].measures[0]
    assert (measure.implementation, measure.previous_implementation) == ("遅延", "未着手")
    assert [issue.text for issue in measure.issues] == ["人手不足"]
    other = report.pillars[1].measures[0]
    assert (other.implementation, other.evaluation, other.issues) == ("記録なし", None, [])


def test_csv_has_one_row_per_measure_and_kpi(tmp_path):
    report = base_report(tmp_path, [ActualRow("k-1-01-1", "2026Q1", "34")])
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert rows[0] == CSV_COLUMNS
    assert [(row[4], row[9]) for row in rows[1:]] == [
        ("m-1-01", "k-1-01-1"),
        ("m-2-01", "k-2-01-1"),
        ("m-2-01", "k-2-01-2"),
        ("m-2-01", "k-1-01-1"),
    ]
    first = dict(zip(rows[0], rows[1], strict=True))
    # baseline 10 (FY2024) → 50 (FY2027): progress 24/40 = 60 %, 5 of 12 quarters = 41.7 %
    assert (first["実績"], first["進捗率(%)"], first["期間経過率(%)"], first["判定"]) == (
        "34",
        "60",
        "41.7",
        "順調",
    )


def test_scale_changes_marks_in_the_report(base_copy):
    root = base_copy
    meta = root / "plan" / "plan.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8") + "evaluation:\n  scale: national\n", encoding="utf-8"
    )
    project = validate_plan(root, today=TODAY).project
    rows = [ActualRow("k-1-01-1", "2026Q1", "34"), ActualRow("k-2-01-2", "2026Q1", "実施中")]
    report = build_report_for(with_records(project, rows), ReviewPeriod(2026, 1))
    assert report.marks == [
        "N",
        "F",
        "A",
        "B",
    ]  # k-2-01-1 has no data (N), k-2-01-2 is a milestone (F)
    assert report.rollup.marks == {"N": 1, "F": 1, "A": 1, "B": 0}
    assert "国のフォローアップ（A・B・F・N）" in render_markdown(report)


def test_report_goes_to_the_plans_reports_folder_by_default(base_copy):
    root = base_copy
    result = CliRunner().invoke(app, ["report", "2026Q1", "--path", str(root)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "reports").iterdir()) == [
        "report-2026Q1.csv",
        "report-2026Q1.md",
    ]
    assert "（記録なし）" not in (root / "reports" / "report-2026Q1.md").read_text(encoding="utf-8")
    assert CliRunner().invoke(app, ["report", "2026-1", "--path", str(root)]).exit_code == 2


def test_internal_report_shows_every_internal_note_with_its_marker(city):
    quarter = ReviewPeriod(2026, 2)
    notes = city.notes[quarter]
    texts = [notes.summary] if notes.summary else []
    for note in notes.measures.values():
        texts += [note.evaluation] if note.evaluation else []
        texts += [*note.issues, *note.next_actions]
    secrets = [text.text for text in texts if text.is_internal]
    assert secrets, "the example's latest quarter should hold internal notes"
    internal = render_markdown(build_report_for(city, quarter, internal=True))
    public = render_markdown(build_report_for(city, quarter))
    for secret in secrets:
        assert f"［庁内限定］{secret}" in internal
        assert secret not in public


def test_internal_target_text_shows_with_its_marker_only_in_the_internal_report(base_copy):
    root = base_copy
    measure = root / "measures" / "m-1-01.yaml"
    text = measure.read_text(encoding="utf-8").replace(
        "schedule:\n",
        "  - id: k-1-01-9\n"
        "    name: 窓口の待ち時間\n"
        "    kind: time\n"
        "    unit: 分\n"
        "    target_text:\n"
        "      text: 庁内で協議中の水準（秘）\n"
        "      visibility: internal\n"
        "schedule:\n",
    )
    measure.write_text(text, encoding="utf-8")
    project = validate_plan(root, today=TODAY).project
    rows = [ActualRow("k-1-01-9", "2026Q1", "30")]
    internal = render_markdown(
        build_report_for(with_records(project, rows), ReviewPeriod(2026, 1), internal=True)
    )
    public = render_markdown(build_report_for(with_records(project, rows), ReviewPeriod(2026, 1)))
    assert "［庁内限定］庁内で協議中の水準（秘）" in internal
    assert "（秘）" not in public


def test_report_refuses_a_quarter_after_the_plan_or_not_yet_begun(tmp_path):
    for quarter in ("2030Q1", "2027Q1"):
        result = CliRunner().invoke(
            app, ["report", quarter, "--path", str(ROOT), "-o", str(tmp_path)]
        )
        assert result.exit_code == 1, result.output
        assert "計画期間の中の、始まった四半期についてだけ作れます" in result.output
    assert not list(tmp_path.iterdir())


def test_report_of_a_quarter_not_yet_ended_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("DATAPLAN_TODAY", "2026-09-15")
    result = CliRunner().invoke(app, ["report", "2026Q2", "--path", str(ROOT), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "まだ終わっていません" in result.output
    text = (tmp_path / "report-2026Q2.md").read_text(encoding="utf-8")
    assert "この四半期はまだ終わっていません（2026年9月30日まで）" in text
