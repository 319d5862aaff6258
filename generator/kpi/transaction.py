"""One writer at a time, and actuals and history changed together (kpi/.lock, kpi/.journal).

Every read-modify-write of kpi/ (`kpi record`, `kpi import`) holds an OS file lock
on `kpi/.lock` (fcntl.flock: released by the OS when the process ends, even by
kill -9), waiting a short while for another writer before giving up with a problem.

The two tables change in one step, by a small redo journal:

1. each new file is written to a temporary file beside it (`.actuals.csv.<random>.tmp`)
   and flushed to disk;
2. `kpi/.journal` names the temporaries and their targets; it is itself written to a
   temporary and renamed, so it is either whole or absent: its appearance is the
   commit point;
3. each temporary is renamed over its target, then the journal is removed.

A crash before step 2 leaves both old files (and temporaries, which the next run
removes); a crash after it leaves a journal, which the next run, reader or writer,
completes by doing the renames that are left. So actuals and history are either both
old or both new, never one of each. A full disk fails in step 1, before anything is
replaced. The lock, the journal and the temporaries are listed in kpi/.gitignore.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.atomic import TEMP_SUFFIX, atomic_write_bytes, sync_directory, write_temporary
from generator.interrupts import note_written
from generator.layout import KPI_DIR

LOCK_NAME = ".lock"
JOURNAL_NAME = ".journal"
GITIGNORE = "# dataplan の作業用ファイル（書き込み中の排他・途中で止まったときの復旧）\n.lock\n.journal\n.*.tmp\n"
LOCK_WAIT_SECONDS = 10.0
LOCK_POLL_SECONDS = 0.02
TABLES = ("actuals.csv", "history.csv")
# Temporaries are named `.<file name>.<random>.tmp` (atomic.write_temporary).
_TEMPORARY = re.compile(
    rf"^\.(?:{'|'.join(re.escape(name) for name in (*TABLES, JOURNAL_NAME, '.gitignore'))})"
    rf"\.[A-Za-z0-9_]+{re.escape(TEMP_SUFFIX)}$"
)


class KpiBusy(Exception):
    """Another `dataplan` run held kpi/.lock for longer than the wait."""


class IncompleteCommit(OSError):
    """The journal was written but a rename failed: the next run completes the change."""


class JournalError(Exception):
    """kpi/.journal exists but cannot be completed (unreadable, or not written by dataplan)."""


def kpi_folder(root: Path) -> Path:
    return Path(root) / KPI_DIR


@contextmanager
def kpi_lock(root: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock on kpi/ (waiting up to `wait`, default LOCK_WAIT_SECONDS), then settle a crashed run.

    Raises KpiBusy when another writer keeps the lock, JournalError when a journal
    left by a crash cannot be completed, OSError when kpi/ cannot be written.
    """
    folder = kpi_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() >= deadline:
                    raise KpiBusy from error
                time.sleep(LOCK_POLL_SECONDS)
        recover(root)
        _ensure_gitignore(folder)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def journal_pending(root: Path) -> bool:
    return (kpi_folder(root) / JOURNAL_NAME).exists()


def settle(root: Path, *, wait: float | None = None) -> None:
    """Before reading kpi/: complete the journal a crashed writer left, and remove its temporaries.

    A journal must be completed before reading (wait for the lock); stale temporaries
    are only litter, removed when the lock is free at once (a live writer's are not stale).
    """
    if journal_pending(root):
        with kpi_lock(root, wait=wait):
            pass  # kpi_lock recovers
    elif _has_temporaries(kpi_folder(root)):
        try:
            with kpi_lock(root, wait=0):
                pass
        except (KpiBusy, OSError):
            pass  # a writer is at work, or kpi/ is read-only: leave them to the next writer


def _has_temporaries(folder: Path) -> bool:
    try:
        return any(_TEMPORARY.match(entry.name) for entry in os.scandir(folder))
    except OSError:
        return False


def recover(root: Path) -> None:
    """Complete a journal left by a crash and remove stale temporaries (call with the lock held)."""
    folder = kpi_folder(root)
    journal = folder / JOURNAL_NAME
    if journal.exists():
        for temporary, target in _journal_entries(journal):
            if (folder / temporary).exists():
                os.replace(folder / temporary, folder / target)
        sync_directory(folder)
        journal.unlink()
        sync_directory(folder)
    for stale in folder.iterdir():
        if _TEMPORARY.match(stale.name):
            stale.unlink(missing_ok=True)


def commit(root: Path, files: dict[str, bytes]) -> None:
    """Replace the named tables of kpi/ (`actuals.csv`, `history.csv`) together (call with the lock held)."""
    folder = kpi_folder(root)
    temporaries: dict[str, Path] = {}
    try:
        for name, data in files.items():
            if name not in TABLES:
                raise ValueError(name)
            temporaries[name] = write_temporary(folder / name, data)
        entries = [[temporary.name, name] for name, temporary in temporaries.items()]
        atomic_write_bytes(folder / JOURNAL_NAME, json.dumps({"renames": entries}).encode())
        for name in files:  # committed: a crash from here on is completed by the next run
            note_written(folder / name)
    except BaseException:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    try:
        recover(root)  # from here on, a crash is completed by the next run
    except OSError as error:
        raise IncompleteCommit(error.errno, error.strerror or str(error)) from error


def _journal_entries(journal: Path) -> list[tuple[str, str]]:
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        entries = [(str(temporary), str(target)) for temporary, target in data["renames"]]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise JournalError(str(error)) from error
    for temporary, target in entries:
        if target not in TABLES or not (
            _TEMPORARY.match(temporary) and temporary.startswith(f".{target}.")
        ):
            raise JournalError(f"{temporary} → {target}")
    return entries


def _ensure_gitignore(folder: Path) -> None:
    path = folder / ".gitignore"
    if not path.exists():
        atomic_write_bytes(path, GITIGNORE.encode("utf-8"))
