"""One command, one pass: each edition of the plan is loaded once and each KPI is judged at
each quarter at most once, however many pages, downloads and editions read the result."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import generator.analysis
import generator.compare.sides
import generator.progress
import generator.validate
from generator.cli import app
from generator.publish.pdf import pdf_unavailable_reason
from generator.validate import validate_plan as uncounted_validate_plan

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def counted(monkeypatch):
    """Count every call of `validate_plan` (by folder) and of the rule that judges a KPI."""
    loaded: Counter[Path] = Counter()
    judged: Counter[tuple[str, str]] = Counter()
    validate_plan, evaluate_history = (
        generator.validate.validate_plan,
        generator.progress.evaluate_history,
    )

    def counting_validate(root, **options):
        loaded[Path(root).resolve()] += 1
        return validate_plan(root, **options)

    def counting_evaluate(kpi, history, quarter, *rest):
        judged[(kpi.id, str(quarter))] += 1
        return evaluate_history(kpi, history, quarter, *rest)

    for module in (generator.validate, generator.compare.sides):
        monkeypatch.setattr(module, "validate_plan", counting_validate)
    for module in (generator.progress, generator.analysis):
        monkeypatch.setattr(module, "evaluate_history", counting_evaluate)
    return loaded, judged


@pytest.mark.slow
def test_a_build_loads_each_edition_once_and_judges_each_kpi_once_per_quarter(tmp_path, counted):
    loaded, judged = counted
    city = tmp_path / "city"
    for name in ("plan", "measures", "kpi", "examples"):  # examples/: the previous edition
        shutil.copytree(ROOT / name, city / name)
    result = CliRunner().invoke(app, ["build", str(city), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    if pdf_unavailable_reason() is None:  # the PDF's charts and progress read the analysis too
        assert (tmp_path / "site" / "downloads" / "plan.pdf").is_file()
    assert (tmp_path / "site" / "revision.html").is_file()  # the 新旧対照表 of two editions
    assert dict(loaded) == {city.resolve(): 1, (city / "examples/previous-edition").resolve(): 1}
    # Every KPI at every review period with actuals (each has its report page) and at the
    # review before each: all of them judged, none twice.
    project = uncounted_validate_plan(city).project
    assert project is not None
    periods = project.review_periods()
    assert len(periods) >= 6
    needed = {str(q) for period in periods for q in (period.quarter, period.previous.quarter)}
    kpi_ids = {kpi.id for _, _, kpi in project.iter_kpis()}
    assert set(judged) == {(kpi_id, quarter) for kpi_id in kpi_ids for quarter in needed}
    assert [key for key, count in judged.items() if count > 1] == []


def test_kpi_status_and_report_judge_only_the_review_they_show(tmp_path, counted):
    loaded, judged = counted
    runner = CliRunner()
    status = runner.invoke(app, ["kpi", "status", "--quarter", "2026Q2", "--path", str(ROOT)])
    assert status.exit_code == 0, status.output
    assert {quarter for _, quarter in judged} == {"2026Q2", "2026Q1"}
    assert max(judged.values()) == 1
    judged.clear()
    report = runner.invoke(app, ["report", "2026Q2", "--path", str(ROOT), "-o", str(tmp_path)])
    assert report.exit_code == 0, report.output
    assert {quarter for _, quarter in judged} == {"2026Q2", "2026Q1"}
    assert max(judged.values()) == 1
    assert loaded == Counter({ROOT: 2})  # one load per command
