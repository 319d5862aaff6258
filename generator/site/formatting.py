"""Display helpers of the site: dates and 年度 in `<time>` with 和暦, numbers with units.

Every value here is escaped before it is wrapped in markup, so templates may
print the result as it is. Dates read 西暦（和暦）; never 「R7」.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from generator.labels import (
    date_label_with_wareki,
    display_number,
    fiscal_year_label,
    quarter_short_label,
)
from generator.model.common import FiscalTime
from generator.quarters import Quarter
from generator.wareki import era_year


def date_time(day: dt.date) -> Markup:
    """A date as `<time datetime="2025-06-30">2025年6月30日（令和7年6月30日）</time>`."""
    return Markup(
        f'<time datetime="{day.isoformat()}">{escape(date_label_with_wareki(day))}</time>'
    )


def issue_date_time(text: str) -> Markup:
    """A catalogue's date as written, 2024-02-05 or 2017-10 (a month), in `<time>` with 和暦."""
    if len(text) == 10:
        return date_time(dt.date.fromisoformat(text))
    year, month = (int(part) for part in text.split("-"))
    era, number = era_year(year)
    wareki = f"{era}{'元' if number == 1 else number}年{month}月"
    return Markup(
        f'<time datetime="{year:04d}-{month:02d}">{year}年{month}月（{escape(wareki)}）</time>'
    )


def fiscal_year_time(fiscal_year: int) -> Markup:
    """A 年度 as `<time datetime="2025">2025年度（令和7年度）</time>`."""
    return Markup(
        f'<time datetime="{fiscal_year:04d}">{escape(fiscal_year_label(fiscal_year))}</time>'
    )


def quarter_time(quarter: Quarter | str, *, long: bool = False) -> Markup:
    """A quarter as `<time datetime="2025-07">…</time>` (the month it starts)."""
    if isinstance(quarter, str):
        quarter = Quarter.parse(quarter)
    label = quarter.label if long else quarter_short_label(str(quarter))
    start = quarter.start
    return Markup(f'<time datetime="{start.year:04d}-{start.month:02d}">{escape(label)}</time>')


def when_time(when: FiscalTime | str) -> Markup:
    """A target's or milestone's time (a 年度 or a quarter) in `<time>`."""
    text = str(when)
    if text.isdigit():
        return fiscal_year_time(int(text))
    return quarter_time(text)


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
