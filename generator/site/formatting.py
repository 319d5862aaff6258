"""Display helpers of the site: dates and 年度 in `<time>` with 和暦, numbers with units.

Every value here is escaped before it is wrapped in markup, so templates may
print the result as it is. Dates read 西暦（和暦）; never 「R7」.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from generator.labels import (
    NOT_STATED,
    date_label_with_wareki,
    display_number,
    fiscal_year_label,
)
from generator.model.common import FiscalTime, is_not_stated
from generator.model.dates import PartialDate, parse_partial_date
from generator.quarters import Quarter, ReviewPeriod


def date_time(day: dt.date | PartialDate) -> Markup:
    """A date as `<time datetime="2025-06-30">2025年6月30日（令和7年6月30日）</time>`.

    A date known to a month or a 年度 reads as the plan gives it: 2019年3月（平成31年3月）,
    or, written in 和暦, 令和2年6月（2020年6月）.
    """
    if isinstance(day, PartialDate):
        return Markup(f'<time datetime="{day.datetime_attribute}">{escape(day.label)}</time>')
    return Markup(
        f'<time datetime="{day.isoformat()}">{escape(date_label_with_wareki(day))}</time>'
    )


def issue_date_time(text: str) -> Markup:
    """A catalogue's date as written, 2024-02-05 or 2017-10 (a month), in `<time>` with 和暦."""
    return date_time(parse_partial_date(text))


def fiscal_year_time(fiscal_year: int) -> Markup:
    """A 年度 as `<time datetime="2025">2025年度（令和7年度）</time>`."""
    return Markup(
        f'<time datetime="{fiscal_year:04d}">{escape(fiscal_year_label(fiscal_year))}</time>'
    )


def review_time(period: ReviewPeriod | Quarter | str, *, long: bool = False) -> Markup:
    """A review period in `<time>`: a quarter as `<time datetime="2025-07">…</time>` (the
    month it starts), a 年度 (a yearly review) as `fiscal_year_time`. Text is read as stored
    ("2025Q2" or "2024")."""
    if isinstance(period, str):
        period = ReviewPeriod.parse(period)
    elif isinstance(period, Quarter):
        period = ReviewPeriod.of(period)
    if period.is_year:
        return fiscal_year_time(period.fiscal_year)
    label = period.label if long else period.short_label
    start = period.start
    return Markup(f'<time datetime="{start.year:04d}-{start.month:02d}">{escape(label)}</time>')


def when_time(when: FiscalTime | str) -> Markup:
    """A target's or milestone's time (a 年度 or a quarter) in `<time>`; 計画に記載なし as text."""
    if is_not_stated(when):
        return Markup(escape(NOT_STATED))
    return review_time(str(when))


def value_text(value: float | str | None, unit: str | None) -> str:
    """A value with its unit for people: 1,234件, 45.5%, 実施中; — when missing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return f"{display_number(number)}{unit or ''}"
    return f"{display_number(value)}{unit or ''}"


def yen(amount: int) -> str:
    """12800000 → 12,800,000円."""
    return f"{amount:,}円"


def safe_url(url: str | None) -> str | None:
    """A URL from the plan that may become a link: http(s) only, else None (shown as text)."""
    if not url:
        return None
    text = url.strip()
    return text if text.lower().startswith(("https://", "http://")) else None
