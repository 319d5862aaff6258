"""`dataplan build --out`: the output folder is the tool's own, replaced whole, one build at a time.

A typo such as `--out plan` must delete nothing; a build killed with -9 during the
MkDocs phase must leave the old site whole; two builds of one folder must not mix;
a file-size limit must name the file.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_plan
from typer.testing import CliRunner

from generator.cli import app
from generator.publish.output_folder import MARKER, build_lock

BASE = Path(__file__).parent / "fixtures" / "base"
ROOT = Path(__file__).resolve().parents[1]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def build_command(plan: Path, out: Path) -> list[str]:
    code = "import sys; from generator.cli import main; sys.argv[0] = 'dataplan'; main()"
    return [sys.executable, "-c", code, "build", str(plan), "--no-pdf", "--out", str(out)]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The base plan and its site, built once; tests work on copies of the site."""
    work = tmp_path_factory.mktemp("built")
    plan = work / "plan-folder"
    copy_plan(BASE, plan)
    done = subprocess.run(
        build_command(plan, work / "site"), env=environment(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return plan, work / "site"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy_plan(BASE, tmp_path / "plan-folder")
    return tmp_path / "plan-folder"


@pytest.mark.parametrize(
    "out",
    ["plan", "measures", "plan/site", "kpi/site", "site/built", ".", "..", "plan/../measures"],
)
def test_build_never_writes_into_the_plans_own_folders(plan, out):
    (plan / "site").mkdir()
    (plan / "site" / "dataplan.css").write_text("/* hand-written */", encoding="utf-8")
    before = snapshot(plan)
    target = str(plan / out) if out != ".." else str(plan.parent)
    result = CliRunner().invoke(app, ["build", str(plan), "--no-pdf", "--out", target])
    assert result.exit_code == 2, result.output
    assert "使えません" in result.output and "Traceback" not in result.output
    assert snapshot(plan) == before  # nothing deleted, nothing added


def test_build_refuses_a_folder_it_did_not_make(plan, tmp_path):
    mine = tmp_path / "my-documents"
    mine.mkdir()
    (mine / "大事な資料.docx").write_bytes(b"keep me")
    result = CliRunner().invoke(app, ["build", str(plan), "--no-pdf", "--out", str(mine)])
    assert result.exit_code == 2
    assert "dataplan が作ったフォルダではありません" in result.output and MARKER in result.output
    assert snapshot(mine) == {"大事な資料.docx": b"keep me"}
    a_file = tmp_path / "site.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(plan), "--no-pdf", "--out", str(a_file)])
    assert result.exit_code == 2 and a_file.read_text(encoding="utf-8") == "not a folder"


def test_a_rebuild_replaces_its_own_site_whole(built, tmp_path):
    plan, site = built
    assert (site / MARKER).is_file() and (site / "index.html").is_file()
    out = tmp_path / "public"
    shutil.copytree(site, out)
    (out / "stale.html").write_text("a page the plan no longer has", encoding="utf-8")
    done = subprocess.run(
        build_command(plan, out), env=environment(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert (out / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.lock", "public"]
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_a_second_build_of_the_same_folder_names_the_first(built, tmp_path):
    plan, site = built
    out = tmp_path / "public"
    shutil.copytree(site, out)
    lock = tmp_path / ".public.lock"
    first = subprocess.Popen(
        build_command(plan, out), env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_for(lambda: lock.exists() and b"pid" in lock.read_bytes(), "the first build locks")
        second = subprocess.run(
            build_command(plan, out), env=environment(), capture_output=True, text=True
        )
        holder = json.loads(lock.read_text(encoding="utf-8"))
    finally:
        first_out, first_err = first.communicate(timeout=300)
    assert second.returncode == 1, second.stderr
    assert (
        f"ほかの dataplan build（プロセス {first.pid}、{holder['started']} に開始）"
        in second.stderr
    )
    assert "今のサイトはそのままです" in second.stderr and "Errno" not in second.stderr
    assert first.returncode == 0, first_err.decode()
    assert (out / "index.html").is_file() and (out / MARKER).is_file()


def test_kill_9_during_mkdocs_leaves_the_old_site_whole(built, tmp_path):
    plan, site = built
    out = tmp_path / "public"
    shutil.copytree(site, out)
    before = snapshot(out)
    build = subprocess.Popen(
        build_command(plan, out),
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def mkdocs_is_writing() -> bool:
        staged = list(tmp_path.glob(".public.building-*"))
        return bool(staged) and any(staged[0].rglob("*.html"))

    try:
        _wait_for(mkdocs_is_writing, "MkDocs starts writing pages")
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
    assert snapshot(out) == before  # the old site, every file of it
    assert list(tmp_path.glob(".public.building-*"))  # the half-built one beside it
    with build_lock(out):  # the next build of the folder removes what the killed one left
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.lock", "public"]
    assert snapshot(out) == before


def test_a_file_size_limit_names_the_file_and_keeps_the_site(built, tmp_path):
    plan, site = built
    out = tmp_path / "public"
    shutil.copytree(site, out)
    before = snapshot(out)
    limit = 64 * 1024  # pages fit, Material's scripts do not

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        build_command(plan, out),
        env=environment(),
        capture_output=True,
        text=True,
        preexec_fn=limited,
        timeout=300,
    )
    assert done.returncode == 1
    first_line = done.stderr.splitlines()[0]
    assert "E-write-failed" in first_line and "ファイルが大きすぎます" in first_line
    named = first_line.split(": ", 1)[0]
    assert named.startswith((str(out) + "/", str(plan) + "/")), first_line
    assert "Errno" not in done.stderr and "今あるサイトはそのままです" in done.stderr
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".public.building-*"))
