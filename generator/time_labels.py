"""Short Japanese labels for the times a KPI speaks of, with 和暦 beside 西暦."""

from __future__ import annotations

from generator.model.common import FiscalTime
from generator.model.plan import Period
from generator.quarters import Quarter
from generator.wareki import era_year, fiscal_year_label, period_label, wareki_fiscal_year


def quarter_short_label(quarter: Quarter | str) -> str:
    """2026Q2 → 2026年度第2四半期（令和8年度）: for table cells, where the months would crowd."""
    if isinstance(quarter, str):
        quarter = Quarter.parse(quarter)
    return f"{quarter.fiscal_year}年度第{quarter.number}四半期（{wareki_fiscal_year(quarter.fiscal_year)}）"


def when_label(when: FiscalTime | str) -> str:
    """A target's or milestone's time: 2029 → 2029年度（令和11年度）; 2026Q2 → as a quarter."""
    text = str(when)
    if text.isdigit():
        return fiscal_year_label(int(text))
    return quarter_short_label(text)


def period_text(period: Period) -> str:
    """2025〜2029年度（令和7〜11年度）, or 2024年12月〜2029年度（令和6年12月〜令和11年度） when it starts in a month."""
    if isinstance(period.start, int):
        return period_label(period.start, period.end)
    year, month = (int(part) for part in period.start.split("-"))
    era, number = era_year(year)
    end_era, end_number = era_year(period.end)
    start_wareki = f"{era}{'元' if number == 1 else number}年{month}月"
    return f"{year}年{month}月〜{period.end}年度（{start_wareki}〜{end_era}{end_number}年度）"
