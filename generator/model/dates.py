"""Dates of past events at the precision the source gives: a day, a month, or a 年度.

Real plans say 「令和2年6月に策定」, 「2019年3月」 or 「令和4年度に組織改正」; a full date
would be an invented fact. A `PartialDate` keeps the precision and, when the source
wrote the 和暦, the era as written (平成31年4月 stays 平成31年4月), so that the site and
the PDF show it as the plan does with the Western year beside it.

Accepted in YAML (full-width digits too):

- a day: `2025-03-28`, `2025年3月28日`, `令和7年3月28日`, `R7.3.28`
- a month: `2019-03`, `2019年3月`, `令和2年6月`
- a 年度: `2022年度`, `令和4年度`, `R4年度`
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from generator.labels import date_label, wareki_date, wareki_fiscal_year
from generator.wareki import ERA_FIRST_DAYS, era_of_date, gregorian_year

ERA_NAMES = "令和|平成|昭和|大正|明治"
_ERA = rf"(?P<era>{ERA_NAMES}|[RHSTMrhstm])\s*(?P<era_year>元|\d{{1,3}})"
_DAY = re.compile(
    r"^(?P<year>\d{4})\s*(?:-|/|年)\s*(?P<month>\d{1,2})\s*(?:-|/|月)\s*(?P<day>\d{1,2})\s*日?$"
)
_MONTH = re.compile(r"^(?P<year>\d{4})\s*(?:-|/|年)\s*(?P<month>\d{1,2})\s*月?$")
_FISCAL_YEAR = re.compile(r"^(?P<year>\d{4})\s*年度$")
_ERA_DAY = re.compile(
    rf"^{_ERA}\s*(?:年|[./-])\s*(?P<month>\d{{1,2}})\s*(?:月|[./-])\s*(?P<day>\d{{1,2}})\s*日?$"
)
_ERA_MONTH = re.compile(rf"^{_ERA}\s*(?:年|[./-])\s*(?P<month>\d{{1,2}})\s*月?$")
_ERA_FISCAL_YEAR = re.compile(rf"^{_ERA}\s*年度$")

ERA_FIRST_DAY = {name: day for day, name in ERA_FIRST_DAYS}
EXAMPLES = "2025-03-28、2019-03、2019年3月、令和2年6月、2022年度、令和4年度"


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    FISCAL_YEAR = "fiscal_year"


@dataclass(frozen=True)
class PartialDate:
    """A day, a month or a 年度; `written` keeps a 和暦 text as the source wrote it."""

    year: int  # the calendar year, or the 年度 for a fiscal-year date
    month: int | None = None
    day: int | None = None
    written: str | None = None  # the 和暦 as written (令和2年6月); None for a Western date

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.FISCAL_YEAR

    @property
    def earliest(self) -> dt.date:
        """The first day it may mean (the day itself, the month's 1st, 1 April of the 年度)."""
        if self.month is None:
            return dt.date(self.year, 4, 1)
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day it may mean (the day itself, the month's last day, 31 March after the 年度)."""
        if self.month is None:
            return dt.date(self.year + 1, 3, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def __lt__(self, other: PartialDate) -> bool:
        """Time order: by the first day it may mean, then by the last."""
        return (self.earliest, self.latest) < (other.earliest, other.latest)

    def certainly_before(self, other: PartialDate) -> bool:
        """True when every day this may mean is before every day `other` may mean."""
        return self.latest < other.earliest

    @property
    def iso(self) -> str:
        """2025-03-28, 2019-03, or 2022年度 (a 年度 has no ISO form)."""
        if self.month is None:
            return f"{self.year}年度"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def western(self) -> str:
        """2025年3月28日, 2019年3月, 2022年度."""
        if self.month is None:
            return f"{self.year}年度"
        if self.day is None:
            return f"{self.year}年{self.month}月"
        return date_label(dt.date(self.year, self.month, self.day))

    @property
    def wareki(self) -> str:
        """The 和暦: as written when the source used it, else 令和7年3月28日, 平成31年3月, 令和4年度."""
        if self.written:
            return self.written
        if self.month is None:
            return wareki_fiscal_year(self.year)
        if self.day is None:
            era, number = era_of_date(dt.date(self.year, self.month, 1))
            return f"{era}{'元' if number == 1 else number}年{self.month}月"
        return wareki_date(dt.date(self.year, self.month, self.day))

    @property
    def label(self) -> str:
        """As a document states it: 2025年3月28日（令和7年3月28日）; a 和暦 source first: 令和2年6月（2020年6月）."""
        if self.written:
            return f"{self.written}（{self.western}）"
        return f"{self.western}（{self.wareki}）"

    @property
    def datetime_attribute(self) -> str:
        """The value of `<time datetime>`: 2025-03-28, 2019-03, or the 年度's first year (2022)."""
        return self.iso if self.month is not None else f"{self.year:04d}"

    def __str__(self) -> str:
        """As stored: the 和暦 as written, else the ISO form."""
        return self.written or self.iso


def parse_partial_date(value: Any) -> PartialDate:
    """A PartialDate from YAML (a date, or a text in one of the accepted forms); ValueError else."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        return PartialDate.of(value.date())
    if isinstance(value, dt.date):
        return PartialDate.of(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"日付・年月・年度で書いてください（例: {EXAMPLES}）")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    found = _western(text) or _era(text)
    if found is None:
        if text.isdigit():
            raise ValueError(
                f"{text} は暦年か年度かがわかりません。{text}年度 か {text}-04 のように書いてください"
            )
        raise ValueError(f"日付・年月・年度で書いてください（例: {EXAMPLES}）: {text}")
    _check(found, text)
    return found


def _western(text: str) -> PartialDate | None:
    if match := _DAY.match(text):
        return PartialDate(int(match["year"]), int(match["month"]), int(match["day"]))
    if match := _MONTH.match(text):
        return PartialDate(int(match["year"]), int(match["month"]))
    if match := _FISCAL_YEAR.match(text):
        return PartialDate(int(match["year"]))
    return None


def _era(text: str) -> PartialDate | None:
    for pattern in (_ERA_DAY, _ERA_MONTH, _ERA_FISCAL_YEAR):
        match = pattern.match(text)
        if match is None:
            continue
        year = gregorian_year(match["era"], match["era_year"])
        if year is None:
            return None
        groups = match.groupdict()
        month = int(groups["month"]) if groups.get("month") else None
        day = int(groups["day"]) if groups.get("day") else None
        return PartialDate(year, month, day, written=_era_as_written(text))
    return None


def _era_as_written(text: str) -> str:
    """令和2年6月 as written, with a one-letter era (R2.6) spelled out and spaces removed."""
    compact = re.sub(r"\s+", "", text)
    letter = re.match(r"^[RHSTMrhstm]", compact)
    if letter:
        name = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}[letter[0].upper()]
        rest = re.sub(r"[./-]", "年", compact[1:], count=1)
        rest = re.sub(r"[./-]", "月", rest, count=1)
        if re.search(r"年\d{1,2}$", rest):
            rest += "月"
        elif re.search(r"月\d{1,2}$", rest):
            rest += "日"
        compact = name + rest
    return compact


def _check(found: PartialDate, text: str) -> None:
    if not 1900 <= found.year <= 2200:
        raise ValueError(f"{text} の年が範囲外です（1900〜2200年）")
    if found.month is not None and not 1 <= found.month <= 12:
        raise ValueError(f"{text} の月は 1〜12 です")
    if found.day is not None and found.month is not None:
        last = calendar.monthrange(found.year, found.month)[1]
        if not 1 <= found.day <= last:
            raise ValueError(
                f"{text} は暦にありません（{found.year}年{found.month}月は {last} 日まで）"
            )
    if found.written is not None:
        _check_era(found, text)


def _check_era(found: PartialDate, text: str) -> None:
    """A day or month wholly before its era began (令和元年4月 was 平成31年4月) is refused."""
    if found.month is None or not found.written:
        return  # a 年度 takes its era from the year it starts in (令和元年度 = FY2019)
    era = next((name for name in ERA_FIRST_DAY if found.written.startswith(name)), None)
    if era is not None and found.latest < ERA_FIRST_DAY[era]:
        raise ValueError(f"{text} は{era}が始まる前です（{ERA_FIRST_DAY[era].isoformat()} から）")


def _serialise(value: PartialDate) -> str:
    return str(value)


# In YAML: a day (2025-03-28), a month (2019-03, 令和2年6月) or a 年度 (令和4年度).
PartialDateField = Annotated[
    PartialDate,
    PlainValidator(parse_partial_date),
    PlainSerializer(_serialise, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "日付・年月・年度（計画書に書かれた精度で）。",
            "examples": ["2025-03-28", "2019-03", "令和2年6月", "令和4年度"],
        }
    ),
]
