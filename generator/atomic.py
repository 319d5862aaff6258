"""Atomic file writes: a crash or Ctrl-C mid-write leaves the previous file intact.

A new file gets the permissions any program would give it (0666 less the umask,
so 0644 under the usual umask 022): reports, workbooks and the kpi/ tables are
meant to be shared, and `mkstemp` alone would leave them owner-only (0600). A
file that already exists keeps its mode.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.interrupts import note_written

TEMP_SUFFIX = ".tmp"


def current_umask() -> int:
    """The process umask (read by setting it and setting it back; there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_temporary(path: Path, data: bytes) -> Path:
    """Write `data` to a new hidden temporary file beside `path`, flushed to disk; return its path.

    The name is `.<name>.<random>.tmp`, so a crash leaves something recognisable
    (cleaned up by the next writer, ignored by git).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), _mode_for(path))
            os.fsync(stream.fileno())
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        error.filename = error.filename or str(path)  # a write error names no file by itself
        raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def sync_directory(directory: Path) -> None:
    """Flush a directory's entries (renames, removals) to disk; a no-op where unsupported."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename over `path`.

    A path that is a symlink, a folder, a FIFO or a device is refused (OutputRefused), never
    replaced: a command that may write through a link resolves it first (output_target).
    """
    from generator.output_target import refuse_unless_plain_file

    path = Path(path)
    refuse_unless_plain_file(path)
    temporary = write_temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_directory(path.parent)
    if not path.name.startswith("."):  # the tool's own work files (.journal) are no news
        note_written(path)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Atomically write text (UTF-8 by default, "\\n" line endings)."""
    atomic_write_bytes(path, text.encode(encoding))


def write_text_files(directory: Path, texts: dict[str, str]) -> list[Path]:
    """Atomically write each named text into `directory` (created if needed); return the paths."""
    directory = Path(directory)
    written = []
    for name, text in texts.items():
        atomic_write_text(directory / name, text)
        written.append(directory / name)
    return written


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~current_umask()
