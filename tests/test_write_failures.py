"""Writers on a full disk or a read-only folder (issue 8, item 5): a Japanese problem, exit 1,
and nothing half-written: a report is its Markdown and its CSV together, or neither.

Tests run as root, whom chmod does not stop, so the failures are simulated: os.replace,
os.fsync or os.rename raise OSError(ENOSPC / EROFS), or the folder is under /proc or /sys.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()


@pytest.fixture
def plan(base_copy: Path) -> Path:
    return base_copy


def failing(code: int, *, after: int = 0):
    """A stand-in for os.replace whose call number `after + 1` raises OSError(code).

    The others work, so that what was renamed before the failure can be put back.
    """
    calls = {"count": 0}
    real = {"replace": os.replace}

    def replace(*arguments, **keywords):
        calls["count"] += 1
        if calls["count"] == after + 1:
            raise OSError(code, os.strerror(code))
        return real["replace"](*arguments, **keywords)

    return replace


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def report(plan: Path, folder: Path):
    return runner.invoke(app, ["report", "2025Q2", "--path", str(plan), "-o", str(folder)])


def assert_refused(result, reason: str) -> None:
    assert result.exit_code == 1, result.output
    assert "E-write-failed" in result.output and reason in result.output
    assert "Traceback" not in result.output and "内部エラー" not in result.output
    assert "No space" not in result.output and "Read-only" not in result.output


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "ディスクの空きがありません"), (errno.EROFS, "読み取り専用")],
)
@pytest.mark.parametrize("after", [0, 1])
def test_a_report_is_written_whole_or_not_at_all(plan, tmp_path, monkeypatch, code, reason, after):
    folder = tmp_path / "reports"
    assert report(plan, folder).exit_code == 0
    (folder / "report-2025Q2.md").write_text("前の報告書\n", encoding="utf-8")
    (folder / "report-2025Q2.csv").write_text("前の表\n", encoding="utf-8")
    before = snapshot(folder)

    monkeypatch.setattr(os, "replace", failing(code, after=after))
    result = report(plan, folder)

    assert_refused(result, reason)
    assert "報告書は書き出していません" in result.output
    assert snapshot(folder) == before  # both old files, no temporary file left


def test_a_first_report_on_a_full_disk_leaves_no_file(plan, tmp_path, monkeypatch):
    folder = tmp_path / "reports"

    def no_space(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    result = report(plan, folder)

    assert_refused(result, "ディスクの空きがありません")
    assert snapshot(folder) == {}


@pytest.mark.parametrize("folder", ["/proc/dataplan-test/reports", "/sys/dataplan-test"])
def test_a_report_into_a_folder_that_refuses_writes(plan, folder):
    result = report(plan, Path(folder))
    assert result.exit_code == 1, result.output
    assert "E-write-failed" in result.output and "内部エラー" not in result.output


def test_report_files_are_readable_by_everyone(plan, tmp_path):
    previous = os.umask(0o022)
    try:
        assert report(plan, tmp_path / "reports").exit_code == 0
    finally:
        os.umask(previous)
    written = list((tmp_path / "reports").iterdir())
    assert len(written) == 2  # the report as Markdown and as CSV
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o644


def test_schemas_are_written_all_or_none(tmp_path, monkeypatch):
    folder = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "-o", str(folder)]).exit_code == 0
    (folder / "plan.schema.json").write_text("{}\n", encoding="utf-8")
    before = snapshot(folder)

    monkeypatch.setattr(os, "replace", failing(errno.EROFS, after=3))
    result = runner.invoke(app, ["schema", "-o", str(folder)])

    assert_refused(result, "読み取り専用")
    assert snapshot(folder) == before


def test_init_on_a_full_disk_creates_nothing(tmp_path, monkeypatch):
    target = tmp_path / "new-plan"

    def no_space(*arguments, **keywords):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "rename", no_space)
    result = runner.invoke(app, ["init", str(target), "--examples", "ex-1-02"])

    assert_refused(result, "ディスクの空きがありません")
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_init_into_a_folder_that_refuses_writes():
    result = runner.invoke(app, ["init", "/sys/dataplan-test-plan", "--examples", "ex-1-02"])
    assert result.exit_code == 1, result.output
    assert "E-write-failed" in result.output and "内部エラー" not in result.output
