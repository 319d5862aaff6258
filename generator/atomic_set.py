"""Writing a set of files as one: afterwards all are new, or all as they were.

A report is a Markdown file and its CSV; the JSON Schemas are nine files. A full
disk or a read-only folder half-way must not leave a Markdown report without its
table, so every file is written to a temporary name first and renamed only when
all were written.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator.interrupts import note_written


def write_together(files: Mapping[Path, bytes]) -> list[Path]:
    """Write several files as one: afterwards all are new, or (on any failure) all as before.

    Every file is first written in full to a temporary name beside it and flushed;
    only then are they renamed into place. If a rename fails, those already renamed
    are put back from a hard-linked copy of the old file (or removed when there was
    none), and every temporary file is removed. New files get the usual permissions
    (0644 under umask 022), replaced files keep theirs.
    """
    from generator.output_target import refuse_unless_plain_file

    for path in files:
        refuse_unless_plain_file(Path(path))  # a link, a FIFO, a device is never replaced
    temporaries: dict[Path, str] = {}
    backups: dict[Path, str] = {}
    replaced: list[Path] = []
    try:
        for path, data in files.items():
            temporaries[path] = _write_temporary(Path(path), data)
        for path in files:
            path = Path(path)
            if path.exists():
                backups[path] = _hard_link_copy(path)
            os.replace(temporaries[path], path)
            del temporaries[path]
            replaced.append(path)
    except BaseException:
        for path in reversed(replaced):
            _put_back(path, backups.pop(path, None))
        raise
    finally:
        for leftover in [*temporaries.values(), *backups.values()]:
            Path(leftover).unlink(missing_ok=True)
    for path in replaced:
        note_written(path)
    return replaced


def _write_temporary(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        error.filename = error.filename or str(path)  # a write error names no file by itself
        raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def _hard_link_copy(path: Path) -> str:
    """A second name for the old file, to put it back with; a copy where links are not allowed."""
    backup = path.with_name(f".{path.name}.{secrets.token_hex(6)}.old")
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return str(backup)


def _put_back(path: Path, backup: str | None) -> None:
    try:
        if backup is None:
            path.unlink(missing_ok=True)
        else:
            os.replace(backup, path)
    except OSError:
        pass  # best effort: the error that stopped the write is the one to report


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
