"""`dataplan serve`: what its watcher sees change, and a broken plan never replaces the served site."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.publish.preview import rebuild, snapshot

ROOT = Path(__file__).resolve().parents[1]
HANG = 120  # seconds: only bounds a hang (the base plan builds in a few seconds)


def test_snapshot_changes_when_a_watched_file_changes_and_only_then(base_copy):
    root = base_copy
    before = snapshot(root)
    measure = root / "measures" / "m-1-01.yaml"
    assert str(measure) in before and str(root / "plan" / "plan.yaml") in before

    (root / "notes.txt").write_text("not watched", encoding="utf-8")
    (root / "reports").mkdir()
    (root / "reports" / "report-2026Q1.md").write_text("not watched", encoding="utf-8")
    assert snapshot(root) == before

    later = measure.stat().st_mtime + 5
    os.utime(measure, (later, later))
    touched = snapshot(root)
    assert touched == {**before, str(measure): later}

    added = root / "site" / "stylesheets" / "extra.css"
    added.parent.mkdir(parents=True)
    added.write_text("p {}", encoding="utf-8")
    assert set(snapshot(root)) == {*touched, str(added)}
    measure.unlink()
    assert set(snapshot(root)) == {*touched, str(added)} - {str(measure)}


def test_a_plan_with_errors_keeps_the_last_site(base_copy, tmp_path):
    root = base_copy
    (root / "plan" / "plan.yaml").write_text("municipality: 架空市\n", encoding="utf-8")
    served = tmp_path / "served"
    served.mkdir()
    (served / "index.html").write_text("前回のサイト", encoding="utf-8")
    said: list[str] = []
    rebuild(root, served, False, said.append)
    assert (served / "index.html").read_text(encoding="utf-8") == "前回のサイト"
    assert said[-1] == "計画にエラーがあるため、前回のサイトを表示したままにします。"
    assert any("plan/plan.yaml" in line for line in said)


def test_serve_answers_on_127_0_0_1_and_listens_nowhere_else(base_copy):
    """Served on the loopback address only: another loopback address (127.0.0.2, which
    reaches this machine as every address of it would) finds nothing listening."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.2", 0))  # Linux routes all of 127.0.0.0/8 to this machine
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from generator.cli import main; main()", "serve"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [*command, str(base_copy), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + HANG
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html") as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.5)
        assert "試験町官民データ活用推進計画" in page
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.2", port), timeout=10).close()
    finally:
        process.terminate()
        process.wait(timeout=HANG)
