"""Reading the plan's files safely, and saying in Japanese why a file could not be used.

A path in a plan folder may be a symlink to `/dev/zero`, a FIFO that never ends,
a folder named like a file, or a link out of the plan folder (to `/etc/…` or
another municipality's data). So a file is read only when it is a regular file
inside the plan folder, without blocking (O_NONBLOCK) and never more than the
limit plus one byte; what it is, not what it says, goes into the problem.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.problems import Problem, make_problem

# kpi/actuals.csv and kpi/history.csv grow by a few rows a quarter; this is far beyond any plan.
MAX_TABLE_BYTES = 64 * 1024 * 1024

# The errors people meet when reading or writing files, in the words of the guide.
OS_ERROR_REASONS = {
    errno.ENOENT: "ファイルやフォルダがありません",
    errno.EACCES: "読み書きする権限がありません",
    errno.EPERM: "この操作は許されていません",
    errno.EISDIR: "ファイルではなくフォルダです",
    errno.ENOTDIR: "途中のフォルダがフォルダではありません",
    errno.ELOOP: "シンボリックリンクが循環しているか、深すぎます",
    errno.ENAMETOOLONG: "名前が長すぎます",
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EDQUOT: "ディスクの割り当て容量を超えました",
    errno.EROFS: "読み取り専用の場所です",
    errno.EIO: "装置の読み書きでエラーが起きました",
    errno.EMFILE: "開いているファイルが多すぎます",
    errno.ENFILE: "開いているファイルが多すぎます",
    errno.EBUSY: "ほかのプログラムが使用中です",
    errno.EEXIST: "同じ名前のものがすでにあります",
    errno.ETXTBSY: "ほかのプログラムが使用中です",
    errno.EFBIG: "ファイルが大きすぎます",
    errno.EAGAIN: "いまは読み書きできません（しばらくして試してください）",
    errno.EXDEV: "別の装置をまたいで移せません",
}


def os_error_reason(error: OSError) -> str:
    """Why an OS call failed, in Japanese (never the OS's English text)."""
    reason = OS_ERROR_REASONS.get(error.errno or 0)
    if reason:
        return reason
    return f"OS のエラー（番号 {error.errno}）" if error.errno else "OS のエラー"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "フォルダ"
    if stat.S_ISFIFO(mode):
        return "名前付きパイプ（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "装置ファイル（/dev/… など）"
    if stat.S_ISSOCK(mode):
        return "ソケット"
    return "通常のファイル以外"


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink and `..` resolved, lies inside `root`."""
    try:
        return Path(path).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def read_bounded(
    path: Path, shown: str, limit: int, *, root: Path | None = None
) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file of at most `limit` bytes, or None with the problem.

    With `root`, a path that resolves outside `root` is refused before it is opened.
    Only a regular file is opened, non-blocking, and at most `limit + 1` bytes are
    read, so a FIFO, a device or a file that grows while it is read cannot hang or
    exhaust memory.
    """
    if root is not None and not is_inside(path, root):
        return None, make_problem("E-file-outside-plan", shown, what="このファイル")
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            return None, make_problem("E-file-not-regular", shown, kind=_kind(mode))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        flags |= getattr(os, "O_BINARY", 0)  # Windows: no newline translation, no O_NONBLOCK
        descriptor = os.open(path, flags)
        try:
            status = os.fstat(descriptor)  # the file opened, not the one stat() saw
            if not stat.S_ISREG(status.st_mode):
                return None, make_problem("E-file-not-regular", shown, kind=_kind(status.st_mode))
            if status.st_size > limit:
                return None, make_problem(
                    "E-file-too-large", shown, size=status.st_size, limit=limit
                )
            data = _read_at_most(descriptor, limit + 1, first=status.st_size + 1)
        finally:
            os.close(descriptor)
    except OSError as error:
        return None, make_problem("E-file-unreadable", shown, reason=os_error_reason(error))
    if len(data) > limit:
        # it grew while being read: what was read is already over the limit
        return None, make_problem("E-file-too-large", shown, size=len(data), limit=limit)
    return data, None


def _read_at_most(descriptor: int, size: int, *, first: int) -> bytes:
    """At most `size` bytes; the first read asks for `first` (the whole file, not copied again)."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = os.read(descriptor, min(left, first if not chunks else 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
