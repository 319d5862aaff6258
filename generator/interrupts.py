"""What to say when the user presses Ctrl-C: what happened, and what was (not) changed.

Every write the tool makes is atomic (a temporary file renamed into place, a site
built beside its folder and swapped in), and an interrupted write removes its
temporary; so an interrupted command has changed exactly the files whose writing
had completed. Writers report those here (`note_written`), and the CLI's last guard
words the message from them.
"""

from __future__ import annotations

from pathlib import Path

_written: list[str] = []


def start() -> None:
    """A command begins: nothing written yet (the CLI may run several in one process, in tests)."""
    _written.clear()


def note_written(what: str | Path) -> None:
    """A file (or folder) this run has finished replacing."""
    if str(what) not in _written:
        _written.append(str(what))


def interrupted_message() -> str:
    """The message after Ctrl-C: nothing changed, or exactly what had been written before it."""
    if not _written:
        return (
            "中断しました（Ctrl+C）。ファイルは何も書き換えていません"
            "（書きかけのファイルも残していません）。"
        )
    listed = "、".join(_written)
    return (
        f"中断しました（Ctrl+C）。中断の前に書き終えていたもの: {listed}。"
        "ほかのファイルは何も書き換えていません（書きかけのファイルも残していません）。"
    )
