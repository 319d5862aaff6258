"""The folder a site is built into is the tool's own: built beside it, swapped in whole, one build at a time.

`dataplan build --out DIR` must never empty a folder it did not make (a typo such as
`--out plan` once deleted every plan/*.yaml), and a build stopped half-way (kill -9,
a full disk) must leave the previous site whole. So:

- the target is refused when it is the plan folder, holds it, or lies inside plan/,
  measures/, kpi/ or site/; and when it is a non-empty folder without the marker file
  `.dataplan-site` that every built site carries;
- the site is built into a new hidden folder beside the target
  (`.<name>.building-<random>`) and swapped in by one rename when complete (Linux:
  renameat2 RENAME_EXCHANGE, so the target path always names a whole site); the old
  site is removed only afterwards;
- a lock file beside the target (`.<name>.lock`, fcntl.flock: released by the OS when
  the process ends, even by kill -9) lets one build at a time write it; the other
  build is named (process id and start time) in the message;
- leftovers of a killed build are removed by the next build of the same target.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.atomic import current_umask, sync_directory
from generator.interrupts import note_written
from generator.layout import KPI_DIR, MEASURES_DIR, PLAN_DIR

MARKER = ".dataplan-site"
MARKER_TEXT = (
    "このフォルダは dataplan build が作ったものです。"
    "次の dataplan build がフォルダごと置き換えます（手で書いたファイルを置かないでください）。\n"
)
WORK_DIR = ".dataplan"  # the tool's working space in a plan folder (git-ignored)
PROTECTED = (PLAN_DIR, MEASURES_DIR, KPI_DIR, "site")  # the plan's data and hand-written parts
_RENAME_EXCHANGE = 2
_WRITE_ERRORS = (errno.EFBIG, errno.ENOSPC, errno.EDQUOT, errno.EROFS)
_AT_FDCWD = -100


class OutputFolderRefused(Exception):
    """The folder cannot be (re)built: the message says why and what to do, in Japanese."""


class BuildBusy(OutputFolderRefused):
    """Another build holds the lock on the same output folder."""


def check_output_folder(target: Path, plan_root: Path, *, what: str = "サイトの書き出し先") -> Path:
    """The folder to build into, resolved; raise OutputFolderRefused before any work.

    `what` names the folder in messages.
    """
    try:
        folder = Path(target).resolve()
        root = Path(plan_root).resolve()
    except (OSError, RuntimeError) as error:
        raise OutputFolderRefused(f"{what} {target} を確かめられません（{error}）。") from error
    if folder == root or root.is_relative_to(folder):
        raise OutputFolderRefused(
            f"{what} {target} は計画のフォルダ（またはそれを含むフォルダ）です。"
            "中身を消してしまうので使えません。`--out site_build/public` のように、"
            "計画のデータと別のフォルダを指定してください。"
        )
    for name in PROTECTED:
        protected = (root / name).resolve()
        if folder == protected or folder.is_relative_to(protected):
            raise OutputFolderRefused(
                f"{what} {target} は計画の {name}/ の中です。"
                f"{name}/ のファイルを消してしまうので使えません。計画のデータと別のフォルダを指定してください。"
            )
    try:
        status = os.lstat(folder)
    except FileNotFoundError:
        return folder
    except OSError as error:
        raise OutputFolderRefused(
            f"{what} {target} を確かめられません（{_reason(error)}）。"
        ) from error
    if not stat.S_ISDIR(status.st_mode):
        raise OutputFolderRefused(
            f"{what} {target} はフォルダではありません。新しいフォルダの名前を指定してください。"
        )
    if not is_own_folder(folder):
        raise OutputFolderRefused(
            f"{what} {target} は dataplan が作ったフォルダではありません（印のファイル {MARKER} がなく、"
            "空でもありません）。中のファイルを消さないように、このフォルダには書き出しません。"
            "空のフォルダか新しいフォルダを指定してください。"
        )
    return folder


def check_work_folder(folder: Path, plan_root: Path) -> Path:
    """A folder the build empties and refills (the generated Markdown): the same rule, except
    that everything under the plan's `.dataplan/` is the tool's working space."""
    work = (Path(plan_root) / WORK_DIR).resolve()
    try:
        if Path(folder).resolve().is_relative_to(work):
            return Path(folder)
    except (OSError, RuntimeError):
        pass
    return check_output_folder(folder, plan_root, what="サイトの元ファイルの作業フォルダ")


def is_own_folder(folder: Path) -> bool:
    """Empty, or marked as made by dataplan (a regular file MARKER inside)."""
    try:
        with os.scandir(folder) as entries:
            names = {entry.name: entry for entry in entries}
    except OSError:
        return False
    marker = names.get(MARKER)
    return not names or (marker is not None and marker.is_file(follow_symlinks=False))


def mark_as_own(folder: Path) -> None:
    (Path(folder) / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


@contextmanager
def building_site(site_dir: Path, work_dir: Path, root: Path) -> Iterator[Path]:
    """Build a site safely: yield the staging folder to build into, swap it in at the end.

    Before any work, `site_dir` (the built site) and `work_dir` (the generated source,
    made and marked here) must be the tool's own folders under or beside `root`; one build
    at a time holds each. `site_dir` holds the old site or the new one, never a part; an
    OSError names the user's folder, not the staging one.
    """
    target = check_output_folder(site_dir, root)
    check_work_folder(work_dir, root)
    with (
        build_lock(target),
        build_lock(work_dir, what="作業フォルダ"),
        staging_folder(target) as staging,
    ):
        try:
            work_dir.mkdir(parents=True, exist_ok=True)
            mark_as_own(work_dir)
            yield staging
            swap_in(staging, target)
        except OSError as error:
            raise name_the_file(error, {staging: site_dir, work_dir: work_dir}) from None


@contextmanager
def build_lock(folder: Path, *, what: str = "書き出し先") -> Iterator[None]:
    """Hold the lock of `folder`'s builds; BuildBusy, naming the other build, when it is held.

    `what` names the folder in the message."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    lock = folder.parent / f".{folder.name}.lock"
    handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            raise BuildBusy(
                f"ほかの dataplan build（{_holder(handle)}）が同じ{what} {folder} を使ってサイトを作っています。"
                "終わるのを待ってから、もう一度実行してください。今のサイトはそのままです。"
            ) from error
        started = dt.datetime.now().isoformat(sep=" ", timespec="seconds")
        os.ftruncate(handle, 0)
        os.write(handle, json.dumps({"pid": os.getpid(), "started": started}).encode())
        _remove_leftovers(folder)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _holder(handle: int) -> str:
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        holder = json.loads(os.read(handle, 4096) or b"{}")
        return f"プロセス {int(holder['pid'])}、{str(holder['started'])[:19]} に開始"
    except (OSError, ValueError, KeyError, TypeError):
        return "始めたばかりのもの"


def _leftover(folder: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(folder.name)}\.(building|old)-[A-Za-z0-9_]+$")


def _remove_leftovers(folder: Path) -> None:
    """Remove what a killed build left beside `folder` (call with the lock held).

    When a build was killed between the two renames of the fallback swap, the old
    site is put back first.
    """
    pattern = _leftover(folder)
    found = []
    with contextlib.suppress(OSError), os.scandir(folder.parent) as entries:
        found = [
            Path(e.path)
            for e in entries
            if pattern.match(e.name) and e.is_dir(follow_symlinks=False)
        ]
    for path in found:
        if ".old-" in path.name and not os.path.lexists(folder):
            with contextlib.suppress(OSError):
                os.rename(path, folder)
                continue
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def staging_folder(folder: Path) -> Iterator[Path]:
    """A new empty folder beside `folder` to build into; removed unless it was swapped in."""
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        os.chmod(staging, 0o777 & ~current_umask())  # mkdtemp makes it owner-only
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, folder: Path) -> None:
    """Mark `staging` as the tool's own and put it in place of `folder` (whole, or not at all)."""
    mark_as_own(staging)
    note_written(folder)  # from the first rename on, the site may be the new one
    if os.path.lexists(folder):
        if not any(Path(folder).iterdir()):
            os.rmdir(folder)
        elif _exchange(staging, folder):
            shutil.rmtree(staging, ignore_errors=True)  # it holds the old site now
            sync_directory(folder.parent)
            return
        else:
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
            os.replace(folder, old)
            os.rename(staging, folder)
            shutil.rmtree(old, ignore_errors=True)
            sync_directory(folder.parent)
            return
    os.rename(staging, folder)
    sync_directory(folder.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        rename = libc.renameat2
    except (OSError, AttributeError):
        return False
    rename.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = rename(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _reason(error: OSError) -> str:
    from generator.file_access import os_error_reason

    return os_error_reason(error)


def name_the_file(error: OSError, folders: dict[Path, Path]) -> OSError:
    """`error` naming the file it is about, as the user knows it.

    A file-size limit (RLIMIT_FSIZE) stops a write with EFBIG and no file name: the
    file is the one that reached the limit. A failed copy names the file read first:
    for a full disk or a size limit, the file written is the one to name. A file in the build's staging folder is
    named by its place in the output folder. `folders` maps each working folder to
    the name shown.
    """
    if error.filename2 and error.errno in _WRITE_ERRORS:
        error.filename = error.filename2  # a copy: the file being written, not the one read
    if not error.filename and error.errno == errno.EFBIG:
        error.filename = _file_at_size_limit(list(folders))
    if error.filename:
        written = Path(os.fsdecode(error.filename))
        for working, shown in folders.items():
            if written.is_relative_to(working):
                error.filename = str(shown / written.relative_to(working))
                break
    return error


def _file_at_size_limit(folders: list[Path]) -> str | None:
    import resource

    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY:
        return None
    for folder in folders:
        for path in Path(folder).rglob("*"):
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_size >= limit:
                    return str(path)
    return None
