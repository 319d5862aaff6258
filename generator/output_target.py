"""Where a command writes (`-o`, `--output`): checked before any work, never a place it must not replace.

A file is written by renaming a new file over the old one (generator.atomic), which
would turn a symbolic link into a plain file (its target never written), a FIFO into
a file, and, as root, replace a device node. So a path that is a folder, a FIFO, a
device, a socket or a symlink is refused, with one exception: a symlink whose target
stays inside the plan folder is written through (the target is replaced) and the
command says so. The same check guards every atomic write as a last net.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.file_access import file_kind, is_inside, os_error_reason


class OutputRefused(OSError):
    """The place to write is no file the tool may replace; `reason` says why in Japanese."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EEXIST, reason, str(path))
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class OutputFile:
    """Where the bytes go: `path`, which is `given` unless `given` is a symlink written through."""

    given: Path
    path: Path

    @property
    def note(self) -> str | None:
        """What to tell the user when the file is written through a symlink."""
        if self.path == self.given:
            return None
        return f"{self.given} はシンボリックリンクなので、リンク先の {self.path} に書き込みます。"


def output_file(given: Path, *, root: Path | None = None, example: str = "") -> OutputFile:
    """Check `given` as a file to (re)write; raise OutputRefused before anything is made.

    `root` is the plan folder a symlink may point into; `example` a file name for the
    message when `given` is a folder (「DIR/plan.pdf のように」).
    """
    given = Path(given)
    try:
        status = os.lstat(given)
    except FileNotFoundError:
        _check_parent(given)
        return OutputFile(given, given)
    except OSError as error:
        raise OutputRefused(given, os_error_reason(error)) from error
    if stat.S_ISLNK(status.st_mode):
        return OutputFile(given, _through_link(given, root))
    if stat.S_ISDIR(status.st_mode):
        name = f"（例: {given / example}）" if example else ""
        raise OutputRefused(
            given, f"フォルダです。書き出すファイルの名前まで指定してください{name}"
        )
    if not stat.S_ISREG(status.st_mode):
        raise OutputRefused(given, f"{file_kind(status.st_mode)}なので書き出し先にできません")
    return OutputFile(given, given)


def output_folder(given: Path) -> Path:
    """Check `given` as a folder to write files into (report, schema): absent or a folder.

    Each file written into it is checked again by the atomic writers (no link, FIFO or
    device is replaced). Raises OutputRefused.
    """
    given = Path(given)
    try:
        status = os.stat(given)  # a link to a folder is that folder
    except FileNotFoundError:
        _check_parent(given)
        return given
    except OSError as error:
        raise OutputRefused(given, os_error_reason(error)) from error
    if not stat.S_ISDIR(status.st_mode):
        raise OutputRefused(given, f"{file_kind(status.st_mode)}で、フォルダではありません")
    return given


def refuse_unless_plain_file(path: Path) -> None:
    """The last net before an atomic write: the path is absent or a regular file, or OutputRefused."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputRefused(path, os_error_reason(error)) from error
    if stat.S_ISLNK(status.st_mode):
        raise OutputRefused(path, "シンボリックリンクなので書き換えません")
    if not stat.S_ISREG(status.st_mode):
        raise OutputRefused(path, f"{file_kind(status.st_mode)}なので書き換えません")


def _through_link(given: Path, root: Path | None) -> Path:
    try:
        target = given.resolve()
    except (OSError, RuntimeError) as error:  # a loop
        raise OutputRefused(given, "シンボリックリンクが循環しています") from error
    if root is None or not is_inside(target, root):
        raise OutputRefused(
            given,
            "シンボリックリンクで、リンク先が計画のフォルダの外です"
            "（書き出すファイルの場所を直接指定してください）",
        )
    return output_file(target, root=None).path


def _check_parent(given: Path) -> None:
    """A new file's nearest existing ancestor must be a folder."""
    for parent in given.parents:
        try:
            status = os.stat(parent)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise OutputRefused(given, os_error_reason(error)) from error
        if not stat.S_ISDIR(status.st_mode):
            raise OutputRefused(given, f"途中の {parent} がフォルダではありません")
        return
