"""Character-level differences of Japanese text, and the 「（略）」 of long unchanged passages.

Japanese has no spaces between words, so a word diff cannot work; a plain
character diff scatters a changed phrase into single characters (令和7年度 →
令和9年度 shares 令和 and 年度, which is right, but 研修 → 講習会 shares nothing
useful). diff-match-patch's semantic clean-up merges such fragments into one
changed phrase, as a person marking a printed table would. Differences are
returned as character spans (start, end) of each side, never as formatted text;
the renderers mark them.
"""

from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

Span = tuple[int, int]

OMITTED = "（略）"
DEFAULT_CONTEXT = 30  # characters of unchanged text kept on each side of a change
MIN_OMITTED = 10  # shorter passages stay: 「（略）」 must save more than it costs


def changed_spans(old: str, new: str) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """(deleted spans of `old`, inserted spans of `new`), after semantic clean-up.

    Where one side has nothing for a change of the other (a pure insertion or
    deletion), that side gets an empty span (at, at) at the place, so that a
    shortened text keeps the passage around it.
    """
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # exact: a plan's texts are short, and the table must be reproducible
    diffs = engine.diff_main(old, new)
    engine.diff_cleanupSemantic(diffs)
    deleted: list[Span] = []
    inserted: list[Span] = []
    old_at = new_at = 0
    for operation, text in diffs:
        if operation == diff_match_patch.DIFF_DELETE:
            deleted.append((old_at, old_at + len(text)))
            old_at += len(text)
        elif operation == diff_match_patch.DIFF_INSERT:
            inserted.append((new_at, new_at + len(text)))
            new_at += len(text)
        else:
            _anchor(deleted, old_at, inserted, new_at)
            old_at += len(text)
            new_at += len(text)
    _anchor(deleted, old_at, inserted, new_at)
    return tuple(deleted), tuple(inserted)


def _anchor(deleted: list[Span], old_at: int, inserted: list[Span], new_at: int) -> None:
    """After a run of changes: an empty span on the side that had none in that run."""
    old_ends, new_ends = (
        bool(deleted) and deleted[-1][1] == old_at,
        bool(inserted) and inserted[-1][1] == new_at,
    )
    if old_ends and not new_ends:
        inserted.append((new_at, new_at))
    elif new_ends and not old_ends:
        deleted.append((old_at, old_at))


@dataclass(frozen=True)
class Piece:
    """A run of one side's text: marked (changed), plain, or an omission 「（略）」."""

    text: str
    marked: bool = False
    omitted: bool = False


def pieces(
    text: str, spans: tuple[Span, ...], context: int | None = DEFAULT_CONTEXT
) -> list[Piece]:
    """`text` cut into plain and marked runs; unchanged runs longer than 2×`context` shortened.

    An unchanged run keeps `context` characters next to each change (the start and
    the end of the text need none) and the rest becomes 「（略）」. `context=None`
    keeps every character. A text with no span at all is shown whole.
    """
    found: list[Piece] = []
    at = 0
    for start, end in spans:
        if start > at:
            found += _plain(text[at:start], context, first=at == 0, last=False)
        if end > start:
            found.append(Piece(text[start:end], marked=True))
        at = end
    if at < len(text):
        found += _plain(text[at:], context, first=at == 0, last=True)
    return found


def _plain(run: str, context: int | None, *, first: bool, last: bool) -> list[Piece]:
    if context is None or (first and last):
        return [Piece(run)]
    keep_before = 0 if first else context  # after the previous change
    keep_after = 0 if last else context  # before the next change
    if len(run) - keep_before - keep_after < MIN_OMITTED:
        return [Piece(run)]
    found = []
    if keep_before:
        found.append(Piece(run[:keep_before]))
    found.append(Piece(OMITTED, omitted=True))
    if keep_after:
        found.append(Piece(run[len(run) - keep_after :]))
    return found
