"""`dataplan serve` (and the browser of a11y-check) serve this machine only: the Host header must
name 127.0.0.1 or localhost with the port, no folder is listed, no symlink is followed."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_plan

from generator.publish.local_server import local_server

BASE = Path(__file__).parent / "fixtures" / "base"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    site = tmp_path / "site"
    (site / "measures").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "index.html").write_text("<p>トップ</p>", encoding="utf-8")
    (site / "measures" / "index.html").write_text("<p>施策の一覧</p>", encoding="utf-8")
    (site / "assets" / "app.js").write_text("// script", encoding="utf-8")
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.txt").write_text("SECRET-OUTSIDE", encoding="utf-8")
    (site / "leak.txt").symlink_to(secret / "secret.txt")
    (site / "linked").symlink_to(secret, target_is_directory=True)
    (site / "passwd.html").symlink_to("/etc/passwd")
    server = local_server(site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], site
    finally:
        server.shutdown()
        server.server_close()


def get(port: int, path: str, host: str | None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_the_site_is_served_to_this_machine(served, host):
    port, _ = served
    assert get(port, "/", host.format(port=port)) == (200, "<p>トップ</p>")
    assert get(port, "/measures/", host.format(port=port))[0] == 200
    assert get(port, "/assets/app.js", host.format(port=port)) == (200, "// script")


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1",
        "127.0.0.1:1",
        "localhost.evil.example:{port}",
        "",
        None,
    ],
)
def test_any_other_host_is_refused(served, host):
    port, _ = served
    status, body = get(port, "/index.html", None if host is None else host.format(port=port))
    assert status == 421 and "トップ" not in body


def test_no_folder_is_listed(served):
    port, _ = served
    here = f"127.0.0.1:{port}"
    for path in ("/assets/", "/assets", "/measures"):
        status, body = get(port, path, here)
        assert status == 404 and "app.js" not in body, path


@pytest.mark.parametrize(
    "path", ["/leak.txt", "/linked/secret.txt", "/passwd.html", "/../outside/secret.txt"]
)
def test_no_symlink_is_followed(served, path):
    port, _ = served
    status, body = get(port, path, f"127.0.0.1:{port}")
    assert status == 404
    assert "SECRET-OUTSIDE" not in body and "root:" not in body


def test_serve_internal_refuses_a_rebinding_host(tmp_path):
    copy_plan(BASE, tmp_path / "plan-folder")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = "import sys; from generator.cli import main; sys.argv[0] = 'dataplan'; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "serve", str(tmp_path / "plan-folder"), "--internal"]
        + ["--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, page = get(port, "/index.html", f"localhost:{port}")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.5)
        assert "庁内版" in page
        status, page = get(port, "/index.html", "rebind.evil.example")
        assert status == 421 and "庁内版" not in page
    finally:
        process.terminate()
        process.wait(timeout=10)
