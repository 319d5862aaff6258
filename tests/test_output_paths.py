"""`-o PATH` of every writer: a folder, FIFO, device or a symlink out of the plan is refused
before any work; a symlink inside the plan folder is written through, and the command says so."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_plan
from typer.testing import CliRunner

from generator.atomic import atomic_write_bytes
from generator.atomic_set import write_together
from generator.cli import app
from generator.output_target import OutputRefused

BASE = Path(__file__).parent / "fixtures" / "base"

# command line (PLAN is replaced by the plan folder) and the function doing the work
WRITERS = {
    "pdf": (["pdf", "PLAN"], "generator.publish.pdf.write_plan_pdf"),
    "compare": (["compare", "PLAN", "--path", "PLAN"], "generator.compare.command.run_compare"),
    "kpi template": (
        ["kpi", "template", "2025Q2", "--path", "PLAN"],
        "generator.kpi.workbook_writer.write_template",
    ),
    "a11y-check": (["a11y-check", "PLAN", "--site", "SITE"], "generator.a11y.run.check_site"),
    "catalog export": (
        ["catalog", "export", "PLAN"],
        "generator.catalogue.export.plan_as_catalogue",
    ),
}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy_plan(BASE, tmp_path / "plan-folder")
    return tmp_path / "plan-folder"


def _place(kind: str, plan: Path, tmp_path: Path) -> Path:
    if kind == "folder":
        (tmp_path / "a-folder").mkdir()
        return tmp_path / "a-folder"
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe")
        return tmp_path / "pipe"
    if kind == "device":
        return Path("/dev/null")
    if kind == "link-out":
        (tmp_path / "target-outside.txt").write_text("keep", encoding="utf-8")
        (plan / "out.file").symlink_to(tmp_path / "target-outside.txt")
        return plan / "out.file"
    if kind == "dangling-link-out":
        (plan / "out.file").symlink_to("/etc/dataplan-nowhere")
        return plan / "out.file"
    if kind == "under-a-file":
        (tmp_path / "a-file").write_text("keep", encoding="utf-8")
        return tmp_path / "a-file" / "out"
    raise AssertionError(kind)


REASONS = {
    "folder": "フォルダです",
    "fifo": "名前付きパイプ（FIFO）",
    "device": "装置ファイル",
    "link-out": "リンク先が計画のフォルダの外",
    "dangling-link-out": "リンク先が計画のフォルダの外",
    "under-a-file": "フォルダではありません",
}


@pytest.mark.parametrize("kind", sorted(REASONS))
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_bad_output_is_refused_before_any_work(writer, kind, plan, tmp_path, monkeypatch):
    command, worker = WRITERS[writer]
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html></html>", encoding="utf-8")

    def never(*args, **kwargs):
        raise AssertionError(f"{worker} ran before -o was checked")

    monkeypatch.setattr(worker, never)
    target = _place(kind, plan, tmp_path)
    arguments = [{"PLAN": str(plan), "SITE": str(site)}.get(a, a) for a in command]
    result = CliRunner().invoke(app, [*arguments, "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "E-output-refused" in result.output and REASONS[kind] in result.output
    assert "Traceback" not in result.output and "Errno" not in result.output
    assert (
        not target.is_symlink()
        or kind not in ("link-out",)
        or ((tmp_path / "target-outside.txt").read_text(encoding="utf-8") == "keep")
    )
    if kind == "fifo":
        assert Path(target).exists() and not Path(target).is_file()  # still the FIFO


def test_a_link_inside_the_plan_is_written_through_and_said(plan):
    (plan / "exports").mkdir()
    link = plan / "latest.csv"
    link.symlink_to("exports/shinkyu.csv")
    result = CliRunner().invoke(
        app, ["compare", str(plan), "--path", str(plan), "--format", "csv", "-o", str(link)]
    )
    assert result.exit_code == 0, result.output
    assert "シンボリックリンクなので、リンク先の" in result.output
    assert link.is_symlink() and (plan / "exports" / "shinkyu.csv").read_bytes().startswith(
        b"\xef\xbb\xbf"
    )


@pytest.mark.parametrize("kind", ["link", "fifo", "folder"])
def test_the_atomic_writers_never_replace_what_is_no_plain_file(tmp_path, kind):
    path = tmp_path / "report.md"
    if kind == "link":
        (tmp_path / "elsewhere.md").write_text("keep", encoding="utf-8")
        path.symlink_to(tmp_path / "elsewhere.md")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    with pytest.raises(OutputRefused):
        atomic_write_bytes(path, b"new")
    with pytest.raises(OutputRefused):
        write_together({tmp_path / "report.csv": b"a", path: b"b"})
    assert not (tmp_path / "report.csv").exists()  # refused before anything was written
    if kind == "link":
        assert path.is_symlink() and (tmp_path / "elsewhere.md").read_text("utf-8") == "keep"


def test_a_report_into_a_folder_holding_a_link_names_the_file(plan, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "report-2025Q2.md").symlink_to("/etc/hostname")
    result = CliRunner().invoke(app, ["report", "2025Q2", "--path", str(plan), "-o", str(reports)])
    assert result.exit_code == 1, result.output
    assert (
        "report-2025Q2.md に書き込めません（シンボリックリンクなので書き換えません" in result.output
    )
    assert (reports / "report-2025Q2.md").is_symlink()
    assert not (reports / "report-2025Q2.csv").exists()


@pytest.mark.parametrize("kind", ["fifo", "file", "device"])
@pytest.mark.parametrize("command", [["report", "2025Q2", "--path", "PLAN"], ["schema"]])
def test_a_folder_output_that_is_no_folder_is_refused_before_any_work(
    plan, tmp_path, command, kind
):
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "file":
        target = tmp_path / "notes.txt"
        target.write_text("keep", encoding="utf-8")
    else:
        target = Path("/dev/null")
    arguments = [str(plan) if a == "PLAN" else a for a in command]
    result = CliRunner().invoke(app, [*arguments, "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "E-output-refused" in result.output and "フォルダではありません" in result.output
    if kind == "file":
        assert target.read_text(encoding="utf-8") == "keep"
