"""Did-you-mean hints for ids, keys and enum values."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The known candidate closest to `word`, or None when nothing is close.

    A candidate that differs only in zero padding (nm-1 for nm-01) wins outright.
    """
    options = [c for c in candidates if c != word]
    unpadded = _without_zero_padding(word)
    for option in options:
        if _without_zero_padding(option) == unpadded:
            return option
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in options}
        matches = [
            lowered[m]
            for m in difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        ]
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A Japanese hint 「もしかして: x」, or an empty string."""
    match = closest(word, candidates)
    return f"もしかして「{match}」ですか？" if match else ""


def _without_zero_padding(text: str) -> str:
    return re.sub(r"\d+", lambda number: str(int(number[0])), text.lower())
