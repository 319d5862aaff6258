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

from generator.problems import Problem, make_problem, problem_lines

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
    from generator.output_target import OutputRefused  # it words its own reason

    if isinstance(error, OutputRefused):
        return error.reason
    reason = OS_ERROR_REASONS.get(error.errno or 0)
    if reason:
        return reason
    return f"OS のエラー（番号 {error.errno}）" if error.errno else "OS のエラー"


def file_kind(mode: int) -> str:
    """What a path that is no regular file is, in Japanese (フォルダ, 名前付きパイプ …)."""
    if stat.S_ISDIR(mode):
        return "フォルダ"
    if stat.S_ISFIFO(mode):
        return "名前付きパイプ（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "装置ファイル（/dev/… など）"
    if stat.S_ISSOCK(mode):
        return "ソケット"
    if stat.S_ISREG(mode):
        return "ファイル"
    return "通常のファイル以外"


# The hint of a file problem fits the file: (folder prefix, {code: hint}); the first folder
# that holds the file decides (a code it does not list keeps the code's own hint).
LOCATION_HINTS: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "site/",
        {
            "E-file-outside-plan": "公開するファイルは、計画のフォルダの中に置いてください"
            "（外を指すシンボリックリンクは、その先の内容を公開してしまうので使えません）。",
            "E-file-not-regular": "site/ に置けるのは通常のファイルだけです（名前付きパイプや装置ファイルは公開しません）。"
            "シンボリックリンクなら、その先を確かめてください。",
            "E-file-too-large": "公開するファイルとして大きすぎます。画像なら縮小してください。",
        },
    ),
    (
        "kpi/notes/",
        {
            "E-file-too-large": "PDCA 記録は四半期ごとに1つのファイルです。記録には要点を書き、"
            "長い説明や資料は別のファイル（庁内の文書）にしてください。",
            "E-file-outside-plan": "PDCA 記録は、計画のフォルダの kpi/notes/ にファイルそのものを置いてください。",
        },
    ),
    (
        "kpi/",
        {
            "E-file-not-regular": "kpi/ の表はふつうの CSV ファイルにしてください（シンボリックリンクならその先を確かめてください）。",
            "E-file-outside-plan": "kpi/ のファイルは、計画のフォルダの中にファイルそのものを置いてください。",
            "E-file-too-large": "古い年度の実績を別のファイルに移すなどして、小さくしてください。",
        },
    ),
    (
        "measures/",
        {
            "E-file-too-large": "1つのファイルには1つの施策を書きます。長い説明は要点にまとめてください。",
        },
    ),
    (
        "plan/",
        {
            "E-file-too-large": "章の本文を要点にまとめるか、長い資料は別の文書にして、計画からは参照してください。",
        },
    ),
)


def location_hint(code: str, shown: str) -> str:
    """The hint of `code` for the file `shown` (plan-relative), or "" for the code's own hint."""
    for prefix, hints in LOCATION_HINTS:
        if shown.startswith(prefix):
            return hints.get(code, "")
    return ""


def _problem(code: str, shown: str, **values: object) -> Problem:
    return make_problem(code, shown, 0, 0, hint=location_hint(code, shown), **values)


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
        return None, _problem("E-file-outside-plan", shown, what="このファイル")
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            return None, _problem("E-file-not-regular", shown, kind=file_kind(mode))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        flags |= getattr(os, "O_BINARY", 0)  # Windows: no newline translation, no O_NONBLOCK
        descriptor = os.open(path, flags)
        try:
            status = os.fstat(descriptor)  # the file opened, not the one stat() saw
            if not stat.S_ISREG(status.st_mode):
                return None, _problem("E-file-not-regular", shown, kind=file_kind(status.st_mode))
            if status.st_size > limit:
                return None, _problem("E-file-too-large", shown, size=status.st_size, limit=limit)
            data = _read_at_most(descriptor, limit + 1, first=status.st_size + 1)
        finally:
            os.close(descriptor)
    except OSError as error:
        return None, _problem("E-file-unreadable", shown, reason=os_error_reason(error))
    if len(data) > limit:
        # it grew while being read: what was read is already over the limit
        return None, _problem("E-file-too-large", shown, size=len(data), limit=limit)
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


# A file published as it is (a style sheet, a script, a theme template, an image).
MAX_PUBLISHED_BYTES = MAX_TABLE_BYTES


class PlanFilesRefused(Exception):
    """Files that may not be published (links out of the plan, special files): located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(problem_lines(problems)))
        self.problems = problems


def read_plan_tree(folder: Path, root: Path, shown: str) -> dict[str, bytes]:
    """Every file under `folder` by its path relative to it, read by the rule of the YAML files.

    Each must be a regular file inside `root` (a symlink may point to a file or folder
    inside `root`; a folder linked twice is read once), read non-blocking and bounded.
    Raises PlanFilesRefused with every file that is not, so nothing is published
    half-checked. `shown` is how `folder` is named in problems (site/stylesheets).
    """
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    seen: set[Path] = set()

    def walk(here: Path, relative: str) -> None:
        try:
            entries = sorted(os.scandir(here), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(
                _problem(
                    "E-file-unreadable",
                    f"{shown}/{relative}".rstrip("/"),
                    reason=os_error_reason(error),
                )
            )
            return
        for entry in entries:
            name = f"{relative}{entry.name}"
            path = Path(entry.path)
            if not is_inside(path, root):
                problems.append(
                    _problem("E-file-outside-plan", f"{shown}/{name}", what="このファイル")
                )
            elif path.is_dir():
                real = path.resolve()
                if real not in seen:
                    seen.add(real)
                    walk(path, f"{name}/")
            else:
                data, problem = read_bounded(
                    path, f"{shown}/{name}", MAX_PUBLISHED_BYTES, root=root
                )
                if problem is not None:
                    problems.append(problem)
                elif data is not None:
                    files[name] = data

    if folder.exists() or folder.is_symlink():
        if not is_inside(folder, root):
            problems.append(_problem("E-file-outside-plan", shown, what="このフォルダ"))
        elif folder.is_dir():
            seen.add(folder.resolve())
            walk(folder, "")
    if problems:
        raise PlanFilesRefused(problems)
    return files
