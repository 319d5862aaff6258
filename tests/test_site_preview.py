"""`dataplan serve`: what its watcher sees change, and a broken plan never replaces the served site."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from generator.publish.preview import rebuild, snapshot

BASE = Path(__file__).parent / "fixtures" / "base"
ROOT = Path(__file__).resolve().parents[1]


def test_snapshot_changes_when_a_watched_file_changes(tmp_path):
    shutil.copytree(BASE, tmp_path / "plan-folder")
    root = tmp_path / "plan-folder"
    before = snapshot(root)
    assert any(path.endswith("plan.yaml") for path in before)
    measure = root / "measures" / "m-1-01.yaml"
    os.utime(measure, (time.time() + 5, time.time() + 5))
    assert snapshot(root) != before
    (root / "notes.txt").write_text("not watched", encoding="utf-8")
    after = snapshot(root)
    assert snapshot(root) == after


def test_a_plan_with_errors_keeps_the_last_site(tmp_path):
    shutil.copytree(BASE, tmp_path / "plan-folder")
    root = tmp_path / "plan-folder"
    (root / "plan" / "plan.yaml").write_text("municipality: 架空市\n", encoding="utf-8")
    served = tmp_path / "served"
    served.mkdir()
    (served / "index.html").write_text("前回のサイト", encoding="utf-8")
    said: list[str] = []
    rebuild(root, served, False, said.append)
    assert (served / "index.html").read_text(encoding="utf-8") == "前回のサイト"
    assert said[-1] == "計画にエラーがあるため、前回のサイトを表示したままにします。"
    assert any("plan/plan.yaml" in line for line in said)


def test_serve_answers_on_127_0_0_1(tmp_path):
    shutil.copytree(BASE, tmp_path / "plan-folder")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from generator.cli import main; main()", "serve"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [*command, str(tmp_path / "plan-folder"), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html") as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.5)
        assert "試験町官民データ活用推進計画" in page
    finally:
        process.terminate()
        process.wait(timeout=10)
