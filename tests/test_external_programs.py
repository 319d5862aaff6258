"""Every external program is bounded: a browser that never answers is ended, with every process
it started, after the time limit or on Ctrl-C, and the message names it in Japanese."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_plan
from typer.testing import CliRunner

from generator.cli import app
from generator.programs import ProgramTimedOut, run_program, set_time_limit, time_limit

BASE = Path(__file__).parent / "fixtures" / "base"
ROOT = Path(__file__).resolve().parents[1]


def fake_browser(folder: Path) -> tuple[Path, Path]:
    """A "browser" that never answers: it sleeps, with a child in its group and one that left it."""
    pids = folder / "browser.pids"
    script = folder / "fake-chromium"
    script.write_text(
        "#!/bin/sh\n"
        f'echo $$ >> "{pids}"\n'
        "sleep 600 &\n"
        f'echo $! >> "{pids}"\n'
        "setsid sleep 600 &\n"
        f'echo $! >> "{pids}"\n'
        "trap '' TERM INT\n"  # deaf to a polite request
        "while :; do sleep 1; done\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script, pids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its parent has not noticed yet


def assert_all_ended(pids: Path) -> None:
    started = [int(line) for line in pids.read_text().split()]
    assert len(started) >= 3, started
    deadline = time.monotonic() + 60  # only bounds the wait for processes already killed
    while any(alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in started if alive(pid)] == []


@pytest.fixture
def plan_and_site(tmp_path: Path) -> tuple[Path, Path]:
    copy_plan(BASE, tmp_path / "plan-folder")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html lang='ja'><title>t</title></html>", encoding="utf-8")
    return tmp_path / "plan-folder", site


def dataplan(*arguments: str, env: dict[str, str]) -> subprocess.Popen:
    code = "import sys; from generator.cli import main; sys.argv[0] = 'dataplan'; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, *arguments],
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a11y_check_ends_a_sleeping_browser_after_its_time_limit(plan_and_site, tmp_path):
    pytest.importorskip("playwright")
    plan, site = plan_and_site
    browser, pids = fake_browser(tmp_path)
    out = tmp_path / "results.json"
    check = dataplan(
        "a11y-check", str(plan), "--site", str(site), "--timeout", "5", "-o", str(out),
        env={"BROWSER_PATH": str(browser)},
    )  # fmt: skip
    _, stderr = check.communicate(timeout=120)  # bounds a hang; the message says the limit fired
    assert check.returncode == 1, stderr
    assert (
        f"アクセシビリティ検査のブラウザ（{browser}）が5 秒のあいだ応答しなかったので止めました"
        in stderr
    )
    assert "Traceback" not in stderr and not out.exists()
    assert_all_ended(pids)


def test_ctrl_c_ends_the_browser_and_says_nothing_changed(plan_and_site, tmp_path):
    pytest.importorskip("playwright")
    plan, site = plan_and_site
    browser, pids = fake_browser(tmp_path)
    out = tmp_path / "results.json"
    check = dataplan(
        "a11y-check", str(plan), "--site", str(site), "--timeout", "300", "-o", str(out),
        env={"BROWSER_PATH": str(browser)},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not (pids.exists() and len(pids.read_text().split()) >= 3):
        assert time.monotonic() < deadline and check.poll() is None, check.stderr
        time.sleep(0.1)
    check.send_signal(signal.SIGINT)
    _, stderr = check.communicate(timeout=60)
    assert check.returncode == 130
    assert "中断しました（Ctrl+C）。ファイルは何も書き換えていません" in stderr
    assert not out.exists()
    assert_all_ended(pids)


@pytest.mark.parametrize("value", ["/nowhere/chromium", "DIR"])
def test_a_wrong_browser_path_is_named_in_japanese(plan_and_site, tmp_path, monkeypatch, value):
    named = str(tmp_path) if value == "DIR" else value
    monkeypatch.setenv("BROWSER_PATH", named)
    plan, site = plan_and_site
    result = CliRunner().invoke(app, ["a11y-check", str(plan), "--site", str(site)])
    assert result.exit_code == 1
    assert f"環境変数 BROWSER_PATH のブラウザ {named} が" in result.output
    assert "Error" not in result.output


def test_a_program_that_reports_progress_may_run_past_the_limit():
    script = "for i in 1 2 3 4 5 6; do echo step $i; sleep 0.5; done"
    done = run_program(["sh", "-c", script], program="テスト", limit=2, progress=True)
    assert done.returncode == 0 and done.stdout.count(b"step") == 6
    with pytest.raises(ProgramTimedOut, match="テストが2 秒のあいだ応答しなかった"):
        run_program(["sh", "-c", script], program="テスト", limit=2)  # without progress: 3 s


def test_the_limit_comes_from_the_option_else_the_environment(monkeypatch, plan_and_site):
    monkeypatch.setenv("DATAPLAN_TIMEOUT", "7")
    assert time_limit() == 7
    set_time_limit(3)
    try:
        assert time_limit() == 3
    finally:
        set_time_limit(None)
    monkeypatch.setenv("DATAPLAN_TIMEOUT", "soon")
    plan, site = plan_and_site
    result = CliRunner().invoke(app, ["a11y-check", str(plan), "--site", str(site)])
    assert result.exit_code == 2 and "環境変数 DATAPLAN_TIMEOUT は秒数" in result.output
