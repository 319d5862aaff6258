"""What a build meant to make and did not, and why: one line each at the end of `dataplan build`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LeftOut:
    """Something the site was meant to have and does not, and why (a Japanese sentence)."""

    what: str  # e.g. 計画の PDF
    reason: str  # what is missing and what to do about it

    def as_text(self) -> str:
        return f"「{self.what}」を作っていません。{self.reason.rstrip('。')}。"
