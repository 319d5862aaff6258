"""和暦 (Japanese era): the era of a year, and reading 和暦 years and dates (display is in labels)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# (first Gregorian year of the era, era name). A fiscal year takes the era of the
# calendar year it starts in, with the convention that FY2019 is 令和元年度.
ERAS = [(2019, "令和"), (1989, "平成"), (1926, "昭和"), (1912, "大正"), (1868, "明治")]
ERA_START = {name: year for year, name in ERAS}
ERA_ALIASES = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}


def era_year(year: int) -> tuple[str, int]:
    for start, name in ERAS:
        if year >= start:
            return name, year - start + 1
    raise ValueError(f"和暦にできない年です: {year}")


# The first day of each era, newest first (dates; a fiscal year takes its era from ERAS).
ERA_FIRST_DAYS = [
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1868, 10, 23), "明治"),
]


def era_of_date(date: dt.date) -> tuple[str, int]:
    """The era and its year of a day: 2019-04-30 → (平成, 31); 2019-05-01 → (令和, 1)."""
    for first_day, name in ERA_FIRST_DAYS:
        if date >= first_day:
            return name, date.year - first_day.year + 1
    raise ValueError(f"和暦にできない日付です: {date.isoformat()}")


_WAREKI_YEAR = re.compile(
    r"^\s*(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,3})\s*年?\s*度?\s*$", re.IGNORECASE
)


def parse_wareki_year(text: str) -> int | None:
    """令和7年度 / 平成35年度 / R7 → the Gregorian (fiscal) year; None if not 和暦.

    Years written past an era's end (平成35年度, used in plans written before the
    change) are counted on from the era's start: 平成35年度 = 2023.
    """
    match = _WAREKI_YEAR.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    return _gregorian(match[1], match[2])


def gregorian_year(era_text: str, number_text: str) -> int | None:
    """The Gregorian year of an era's year: (令和, 2) → 2020; (R, 元) → 2019; None for year 0."""
    return _gregorian(era_text, number_text)


def _gregorian(era_text: str, number_text: str) -> int | None:
    era = ERA_ALIASES.get(era_text.upper(), era_text)
    number = 1 if number_text == "元" else int(number_text)
    if number < 1:
        return None
    return ERA_START[era] + number - 1


_WAREKI_DATE = re.compile(
    r"^\s*(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,3})\s*"
    r"(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2}))\s*$",
    re.IGNORECASE,
)


def parse_wareki_date(text: str) -> dt.date | None:
    """令和7年10月5日 / R7.10.5 / 令和元年5月1日 → the date; None if not a 和暦 date.

    As with years, a date written past an era's end counts on (平成31年5月1日 = 2019-05-01).
    Full-width digits and the one-character era signs (㋿, ㍻) are accepted (NFKC).
    """
    match = _WAREKI_DATE.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    year = _gregorian(match[1], match[2])
    month = int(match[3] or match[5])
    day = int(match[4] or match[6])
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
