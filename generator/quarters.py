"""Japanese fiscal quarters: `2025Q1` is April–June 2025, `2025Q4` is January–March 2026."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from generator.labels import fiscal_year_label, quarter_label, quarter_short_label

QUARTER_TEXT = re.compile(r"^\s*(\d{4})\s*[Qq]\s*([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    """One quarter of a fiscal year (年度)."""

    fiscal_year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2025Q2' → Quarter(2025, 2); raises ValueError with a Japanese message."""
        match = QUARTER_TEXT.match(str(text))
        if not match:
            raise ValueError(f"四半期は「2025Q2」の形で書いてください: {text}")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        """The fiscal quarter a calendar date falls in."""
        fiscal_year = day.year if day.month >= 4 else day.year - 1
        return cls(fiscal_year, (day.month - 4) % 12 // 3 + 1)

    @property
    def index(self) -> int:
        """Quarters since FY0 Q1: consecutive quarters differ by one."""
        return self.fiscal_year * 4 + self.number - 1

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    def shifted(self, quarters: int) -> Quarter:
        return Quarter.from_index(self.index + quarters)

    @property
    def start(self) -> dt.date:
        month = (self.number - 1) * 3 + 4
        year = self.fiscal_year + (1 if month > 12 else 0)
        return dt.date(year, (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        return self.shifted(1).start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """2025年度第2四半期（令和7年度、7〜9月）."""
        return quarter_label(self.fiscal_year, self.number)

    def __str__(self) -> str:
        return f"{self.fiscal_year}Q{self.number}"


REVIEW_TEXT = re.compile(r"^\s*(\d{4})\s*(?:[Qq]\s*([1-4]))?\s*$")


@dataclass(frozen=True)
class ReviewPeriod:
    """What one review covers: a whole 年度 (a yearly review, written "2024") or one quarter ("2024Q2").

    The one type for a review time: actuals, PDCA notes, grades, reports, charts and
    the site all read a stored time through `ReviewPeriod.parse`. A 年度 is judged at
    its last quarter (its value counts as known by the end of that 年度).
    """

    fiscal_year: int
    number: int | None = None  # the quarter; None for the whole 年度

    @classmethod
    def parse(cls, text: object) -> ReviewPeriod:
        """'2024' → the 年度; '2024Q2' → the quarter; raises ValueError with a Japanese message."""
        match = REVIEW_TEXT.match(str(text))
        if not match:
            raise ValueError(
                f"四半期は「2025Q2」（年1回の確認では年度「2024」）の形で書いてください: {text}"
            )
        return cls(int(match[1]), int(match[2]) if match[2] else None)

    @classmethod
    def of(cls, quarter: Quarter, *, whole_year: bool = False) -> ReviewPeriod:
        """The quarter itself, or (`whole_year`) the 年度 it belongs to."""
        return cls(quarter.fiscal_year, None if whole_year else quarter.number)

    @property
    def is_year(self) -> bool:
        return self.number is None

    @property
    def quarter(self) -> Quarter:
        """The quarter it is judged at: its own, or the last of its 年度."""
        return Quarter(self.fiscal_year, self.number or 4)

    @property
    def first_quarter(self) -> Quarter:
        return Quarter(self.fiscal_year, self.number or 1)

    @property
    def previous(self) -> ReviewPeriod:
        """The review before: the 年度 before, or the quarter before."""
        if self.number is None:
            return ReviewPeriod(self.fiscal_year - 1)
        return ReviewPeriod.of(self.quarter.shifted(-1))

    @property
    def start(self) -> dt.date:
        return self.first_quarter.start

    @property
    def end(self) -> dt.date:
        return self.quarter.end

    @property
    def label(self) -> str:
        """2024年度（令和6年度）, or 2025年度第2四半期（令和7年度、7〜9月）."""
        if self.number is None:
            return fiscal_year_label(self.fiscal_year)
        return quarter_label(self.fiscal_year, self.number)

    @property
    def short_label(self) -> str:
        """2024年度（令和6年度）, or 2025年度第2四半期（令和7年度）: for table cells."""
        return quarter_short_label(str(self))

    @property
    def sort_key(self) -> tuple[int, int]:
        """Time order: by the quarter it is judged at; a quarter before the 年度 that holds it."""
        return (self.quarter.index, 1 if self.number is None else 0)

    def __lt__(self, other: ReviewPeriod) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: ReviewPeriod) -> bool:
        return self.sort_key <= other.sort_key

    def __str__(self) -> str:
        return str(self.fiscal_year) if self.number is None else f"{self.fiscal_year}Q{self.number}"


def read_review_period(text: object) -> ReviewPeriod | None:
    """A stored review time, or None when it cannot be read (validation reports it)."""
    try:
        return ReviewPeriod.parse(text)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def stored_review_period(text: str) -> ReviewPeriod | None:
    """`read_review_period` of a stored cell: a table repeats a few quarters many times."""
    return read_review_period(text)
