"""地方公共団体コード check digits, 和暦 and fiscal quarters."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.labels import (
    date_label_with_wareki,
    fiscal_year_label,
    period_label,
    wareki_date,
    wareki_fiscal_year,
)
from generator.lg_code import check_digit, lg_code_problem
from generator.quarters import Quarter
from generator.wareki import parse_wareki_date, parse_wareki_year


@pytest.mark.parametrize("code", ["011002", "131016", "271004", "130001", "401307"])
def test_real_codes_have_valid_check_digits(code):
    assert lg_code_problem(code) is None


def test_wrong_check_digit_names_the_expected_one():
    assert (
        lg_code_problem("131017") == "地方公共団体コード 131017 の検査数字（6桁目）は 6 のはずです"
    )


@pytest.mark.parametrize("code", ["13101", "1310166", "１３１０１６", "13101a"])
def test_malformed_codes(code):
    assert "半角数字6桁" in lg_code_problem(code)


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_exactly_one_check_digit_is_valid(first_five):
    valid = [digit for digit in range(10) if lg_code_problem(f"{first_five}{digit}") is None]
    assert valid == [check_digit(first_five)]


@pytest.mark.parametrize(
    ("fiscal_year", "label"),
    [
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (2025, "令和7年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_wareki_fiscal_years(fiscal_year, label):
    assert wareki_fiscal_year(fiscal_year) == label


def test_labels_show_seireki_with_wareki_beside():
    assert fiscal_year_label(2025) == "2025年度（令和7年度）"
    assert period_label(2025, 2029) == "2025〜2029年度（令和7〜11年度）"
    assert period_label(2018, 2022) == "2018〜2022年度（平成30年度〜令和4年度）"


@pytest.mark.parametrize(
    ("date", "label"),
    [
        (dt.date(2024, 11, 27), "令和6年11月27日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
    ],
)
def test_wareki_dates_change_era_on_the_day(date, label):
    assert wareki_date(date) == label


def test_date_label_shows_seireki_with_wareki_beside():
    assert date_label_with_wareki(dt.date(2024, 11, 27)) == "2024年11月27日（令和6年11月27日）"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_wareki_dates_parse_back(date):
    assert parse_wareki_date(wareki_date(date)) == date


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和7年度", 2025),
        ("平成35年度", 2023),
        ("平成31年", 2019),
        ("令和元年度", 2019),
        ("R7", 2025),
        ("H30年度", 2018),
        ("2025", None),
    ],
)
def test_parse_wareki_years_including_past_an_eras_end(text, year):
    assert parse_wareki_year(text) == year


def test_quarters_follow_the_japanese_fiscal_year():
    assert Quarter.parse("2025Q1").start == dt.date(2025, 4, 1)
    assert Quarter.parse("2025Q4").end == dt.date(2026, 3, 31)
    assert Quarter.containing(dt.date(2026, 2, 1)) == Quarter(2025, 4)
    assert Quarter.parse("2025Q2").label == "2025年度第2四半期（令和7年度、7〜9月）"
    with pytest.raises(ValueError, match="2025Q2"):
        Quarter.parse("2025Q5")


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_date_falls_inside_its_quarter(day):
    quarter = Quarter.containing(day)
    assert quarter.start <= day <= quarter.end
    assert quarter.shifted(1).start == quarter.end + dt.timedelta(days=1)


@given(st.integers(1927, 2200))
def test_wareki_label_parses_back_to_its_fiscal_year(fiscal_year):
    assert parse_wareki_year(wareki_fiscal_year(fiscal_year)) == fiscal_year
