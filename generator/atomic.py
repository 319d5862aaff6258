"""Atomic file writes: a crash or Ctrl-C mid-write leaves the previous file intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
