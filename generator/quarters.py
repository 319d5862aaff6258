"""Japanese fiscal quarters: `2025Q1` is April–June 2025, `2025Q4` is January–March 2026."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.labels import quarter_label

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


YEAR_TEXT = re.compile(r"^\s*(\d{4})\s*$")


def is_year_text(text: str) -> bool:
    """Whether a stored review time is a whole 年度 ("2024"), as a yearly review writes it."""
    return bool(YEAR_TEXT.match(str(text)))


def review_quarter(text: str) -> Quarter:
    """A stored review time as a quarter: "2024Q2" as written; a 年度 "2024" as its last quarter.

    A yearly review records one value per 年度; judged against targets, it counts as
    known by the end of that 年度. Raises ValueError (Japanese) for anything else.
    """
    match = YEAR_TEXT.match(str(text))
    if match:
        return Quarter(int(match[1]), 4)
    return Quarter.parse(text)
