"""Reading a plan's file safely (generator/file_access.py), each refusal with its own words.

tests/test_hostile_files.py runs the commands on hostile files in a child process;
here each case of `read_bounded` is called directly, with the exact problem it gives.
"""

from __future__ import annotations

import errno
import os
import re
import socket
import stat
import threading
from pathlib import Path

import pytest

from generator import file_access
from generator.file_access import (
    OS_ERROR_REASONS,
    file_kind,
    is_inside,
    os_error_reason,
    read_bounded,
)

LIMIT = 10
HANG_OPEN = 30  # seconds: only bounds a hang (open() of a FIFO returns at once or never)


def read(path: Path, root: Path | None = None, limit: int = LIMIT):
    data, problem = read_bounded(path, "kpi/actuals.csv", limit, root=root)
    shown = None if problem is None else (problem.file, problem.code, problem.message)
    return data, shown


def test_a_regular_file_up_to_the_limit_is_read_whole(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"0123456789")  # exactly the limit
    assert read(path) == (b"0123456789", None)
    assert read(path, root=tmp_path) == (b"0123456789", None)
    path.write_bytes(b"")
    assert read(path) == (b"", None)


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"01234567890")
    assert read(path) == (
        None,
        (
            "kpi/actuals.csv",
            "E-file-too-large",
            "ファイルが大きすぎます（11 バイト。上限 10 バイト）。",
        ),
    )


def test_a_file_that_grows_while_it_is_read_stops_at_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * 100)
    real_fstat = os.fstat

    def small_when_opened(descriptor):  # the size it had when it was opened
        status = real_fstat(descriptor)
        return os.stat_result((*status[:6], 3, *status[7:]))

    monkeypatch.setattr(file_access.os, "fstat", small_when_opened)
    assert read(path) == (
        None,
        (
            "kpi/actuals.csv",
            "E-file-too-large",
            "ファイルが大きすぎます（11 バイト。上限 10 バイト）。",  # limit + 1 bytes read, no more
        ),
    )


def test_a_large_file_is_read_in_pieces_to_its_end(tmp_path):
    path = tmp_path / "big.csv"
    data = os.urandom(3 * (1 << 20) + 5)
    path.write_bytes(data)
    assert read(path, limit=len(data)) == (data, None)


def test_growth_past_the_limit_is_seen_in_the_last_piece(tmp_path, monkeypatch):
    """Read in 1 MiB pieces: the one byte past a 2 MiB limit is read, and refused."""
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * ((2 << 20) + 1))
    real_fstat = os.fstat
    monkeypatch.setattr(
        file_access.os,
        "fstat",
        lambda descriptor: os.stat_result(
            (*real_fstat(descriptor)[:6], 0, *real_fstat(descriptor)[7:])
        ),
    )
    assert read(path, limit=2 << 20)[1][1] == "E-file-too-large"


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda path: path.mkdir(), "フォルダ"),
        (lambda path: os.mkfifo(path), "名前付きパイプ（FIFO）"),
        (lambda path: path.symlink_to("/dev/null"), "装置ファイル（/dev/… など）"),
    ],
    ids=["folder", "fifo", "device"],
)
def test_what_is_not_a_regular_file_is_named_and_never_opened(tmp_path, make, kind):
    path = tmp_path / "a.csv"
    make(path)
    assert read(path) == (
        None,
        (
            "kpi/actuals.csv",
            "E-file-not-regular",
            f"通常のファイルではないので読み込みません（{kind}）。",
        ),
    )


def test_a_socket_is_named_too(tmp_path):
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
        assert read(path)[1][2] == "通常のファイルではないので読み込みません（ソケット）。"


@pytest.mark.parametrize(
    ("mode", "kind"),
    [(stat.S_IFIFO, "名前付きパイプ（FIFO）"), (stat.S_IFLNK, "通常のファイル以外")],
)
def test_the_file_opened_is_checked_again(tmp_path, monkeypatch, mode, kind):
    """A file swapped between stat() and open() is refused from what was opened."""
    path = tmp_path / "a.csv"
    path.write_bytes(b"1")
    real_fstat = os.fstat

    def swapped(descriptor):
        status = real_fstat(descriptor)
        return os.stat_result((mode | 0o644, *status[1:]))

    monkeypatch.setattr(file_access.os, "fstat", swapped)
    assert read(path) == (
        None,
        (
            "kpi/actuals.csv",
            "E-file-not-regular",
            f"通常のファイルではないので読み込みません（{kind}）。",
        ),
    )


def test_a_fifo_swapped_in_after_stat_is_opened_without_blocking(tmp_path, monkeypatch):
    """open() of a FIFO with no writer blocks for ever unless it is non-blocking."""
    regular = tmp_path / "regular.csv"
    regular.write_bytes(b"1")
    fifo = tmp_path / "a.csv"
    os.mkfifo(fifo)
    real_stat = os.stat

    def regular_at_first(path, *arguments, **keywords):  # os is patched for every caller
        return real_stat(regular if path == fifo else path, *arguments, **keywords)

    monkeypatch.setattr(file_access.os, "stat", regular_at_first)
    found: dict = {}
    reader = threading.Thread(target=lambda: found.update(problem=read(fifo)[1]), daemon=True)
    reader.start()
    reader.join(HANG_OPEN)
    if reader.is_alive():  # blocked in open(): a writer's end lets it go, then the test fails
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(HANG_OPEN)
        pytest.fail("read_bounded blocked on a FIFO")
    assert found["problem"][1] == "E-file-not-regular"


def test_each_kind_of_file_has_its_japanese_name():
    kinds = {
        stat.S_IFREG: "ファイル",
        stat.S_IFDIR: "フォルダ",
        stat.S_IFIFO: "名前付きパイプ（FIFO）",
        stat.S_IFCHR: "装置ファイル（/dev/… など）",
        stat.S_IFBLK: "装置ファイル（/dev/… など）",
        stat.S_IFSOCK: "ソケット",
        stat.S_IFLNK: "通常のファイル以外",
    }
    assert {mode: file_kind(mode | 0o644) for mode in kinds} == kinds


@pytest.mark.parametrize(
    ("shown", "hint"),
    [
        ("kpi/notes/2025Q1.yaml", "PDCA 記録は四半期ごとに1つのファイルです。"),  # before kpi/
        ("kpi/actuals.csv", "古い年度の実績を別のファイルに移すなどして"),
        ("measures/m-1-01.yaml", "1つのファイルには1つの施策を書きます。"),
        ("plan/plan.yaml", "章の本文を要点にまとめるか"),
        ("site/images/photo.png", "公開するファイルとして大きすぎます。"),
        ("catalogue.yaml", "同じ内容が繰り返されていないか確かめ"),  # the code's own hint
    ],
)
def test_the_hint_of_a_file_problem_fits_the_folder(tmp_path, shown, hint):
    path = tmp_path / "big"
    path.write_bytes(b"x" * (LIMIT + 1))
    _, problem = read_bounded(path, shown, LIMIT)
    assert (problem.file, problem.line, problem.column) == (shown, 0, 0)
    assert problem.hint.startswith(hint), problem.hint


def test_a_folder_without_its_own_hint_for_a_code_keeps_the_codes_hint(tmp_path):
    (tmp_path / "m.yaml").mkdir()
    _, problem = read_bounded(tmp_path / "m.yaml", "measures/m-1-01.yaml", LIMIT)
    assert problem.code == "E-file-not-regular"
    assert problem.hint.startswith("この名前で YAML のファイルを置いてください")


def test_a_link_out_of_the_plan_is_refused_before_it_is_opened(tmp_path):
    root = tmp_path / "plan"
    root.mkdir()
    outside = tmp_path / "other.csv"
    outside.write_bytes(b"1")
    (root / "a.csv").symlink_to(outside)
    (root / "b.csv").symlink_to(root / "a.csv")
    message = "このファイルは計画のフォルダの外を指しているので読み込みません（シンボリックリンクか「../」）。"
    assert read(root / "a.csv", root=root) == (
        None,
        ("kpi/actuals.csv", "E-file-outside-plan", message),
    )
    assert read(root / "b.csv", root=root)[1][1] == "E-file-outside-plan"
    assert read(root / "a.csv") == (b"1", None)  # no root given: links are followed


def test_inside_means_inside_after_every_link_and_dot_dot(tmp_path):
    root = tmp_path / "plan"
    (root / "kpi").mkdir(parents=True)
    (root / "in").symlink_to(root / "kpi")
    (root / "out").symlink_to(tmp_path)
    (root / "loop").symlink_to(root / "loop")
    assert is_inside(root / "kpi" / "a.csv", root)
    assert is_inside(root / "in" / "a.csv", root)
    assert is_inside(root, root)
    assert not is_inside(root / ".." / "a.csv", root)
    assert not is_inside(root / "out" / "a.csv", root)
    assert not is_inside(tmp_path / "planet", root)  # a sibling whose name begins the same
    assert not is_inside(root / "loop" / "a.csv", root)


def test_a_file_that_cannot_be_read_says_why_in_japanese(tmp_path, monkeypatch):
    assert read(tmp_path / "missing.csv") == (
        None,
        (
            "kpi/actuals.csv",
            "E-file-unreadable",
            "ファイルを読めません（ファイルやフォルダがありません）。",
        ),
    )
    locked = tmp_path / "locked.csv"
    locked.write_bytes(b"1")

    def refused(*arguments, **keywords):  # what open() does without the permission, even as root
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(file_access.os, "open", refused)
    assert read(locked)[1][2] == "ファイルを読めません（読み書きする権限がありません）。"


def test_every_os_error_reason_is_japanese():
    for number, reason in OS_ERROR_REASONS.items():
        assert os_error_reason(OSError(number, "English text")) == reason
        assert re.search(r"[぀-ヿ一-鿿]", reason) and not re.search(r"[A-Za-z]", reason), reason
    assert os_error_reason(OSError(errno.ENOENT, "x")) == "ファイルやフォルダがありません"
    assert os_error_reason(OSError(errno.EROFS, "x")) == "読み取り専用の場所です"
    assert os_error_reason(OSError(9999, "x")) == "OS のエラー（番号 9999）"
    assert os_error_reason(OSError("x")) == "OS のエラー"
