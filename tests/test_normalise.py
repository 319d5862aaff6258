"""Normalising what people type into Excel and CSV (F13), and the 和暦 parsing it relies on."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.kpi.normalise import (
    Normalised,
    format_number,
    is_blank,
    normalise_date,
    normalise_fiscal_year,
    normalise_quarter,
    normalise_timestamp,
    normalise_value,
    parse_number,
    same_value,
)
from generator.model.kpi import Kpi
from generator.quarters import Quarter
from generator.wareki import parse_wareki_date, parse_wareki_year

PERCENT = Kpi(id="k-1", name="オンライン申請率", kind="percentage", unit="%")
COUNT = Kpi(id="k-2", name="申請件数", kind="quantity", unit="件")
MONEY = Kpi(id="k-3", name="運営費", kind="money", unit="円")
MILESTONE = Kpi(id="k-4", name="システム導入", kind="milestone")
CUSTOM_LEVELS = Kpi(id="k-5", name="条例", kind="milestone", levels=["検討", "ＡＩ導入", "運用"])
KPIS = [PERCENT, COUNT, MONEY, MILESTONE, CUSTOM_LEVELS]

FULL_WIDTH = str.maketrans("0123456789.,%-+", "０１２３４５６７８９．，％－＋")


@pytest.mark.parametrize(
    ("kpi", "typed", "expected"),
    [
        (PERCENT, "85", "85"),
        (PERCENT, "８５％", "85"),
        (PERCENT, "85 %", "85"),
        (PERCENT, "８５．０", "85"),
        (PERCENT, " 85\u00a0", "85"),
        (PERCENT, "\u300085.5\u3000", "85.5"),
        (PERCENT, 84.99999999, "85"),
        (PERCENT, 0.1 + 0.2, "0.3"),
        (PERCENT, "100", "100"),
        (COUNT, "1,234", "1234"),
        (COUNT, "１，２３４", "1234"),
        (COUNT, "1,234件", "1234"),
        (COUNT, "1,234 件", "1234"),
        (COUNT, "12,345,678", "12345678"),
        (COUNT, "+3", "3"),
        (COUNT, ".5", "0.5"),
        (COUNT, 1234, "1234"),
        (COUNT, "1234.50", "1234.5"),
        (MONEY, "1,000,000円", "1000000"),
        (MONEY, "0", "0"),
        (MILESTONE, "実施中", "実施中"),
        (MILESTONE, " 実施 ", "実施"),
        (MILESTONE, "\u3000未実施\u3000", "未実施"),
        (CUSTOM_LEVELS, "AI導入", "ＡＩ導入"),
        (CUSTOM_LEVELS, "ＡＩ 導入", "ＡＩ導入"),
    ],
)
def test_typed_values_are_normalised(kpi, typed, expected):
    assert normalise_value(kpi, typed) == Normalised(expected, None)


@pytest.mark.parametrize("typed", [None, "", "   ", "\u3000", "-", "－", "ー", "―", "—", "ｰ", "--"])
def test_empty_cells_and_lone_dashes_are_blank(typed):
    assert is_blank(typed)
    assert normalise_value(COUNT, typed) == Normalised(None, None)
    assert normalise_value(MILESTONE, typed) == Normalised(None, None)


@pytest.mark.parametrize("sign", ["-", "−", "‐", "–", "—", "―", "ー", "▲", "△", "－"])
def test_every_minus_sign_means_negative(sign):
    assert parse_number(f"{sign}5") == (-5.0, None)
    value, problem = normalise_value(COUNT, f"{sign}5")
    assert value is None and "負の値" in problem


@pytest.mark.parametrize(
    ("kpi", "typed", "fragment"),
    [
        (COUNT, "85%", "割合ではありません"),
        (COUNT, "順調に推移", "文章は「実績の説明・コメント」列に書き"),
        (COUNT, "約120", "数値ではありません"),
        (COUNT, "120人", "「人」"),
        (COUNT, "12,34", "カンマの位置"),
        (COUNT, "1e5", "e5"),
        (COUNT, "nan", "数値ではありません"),
        (COUNT, "9" * 40, "大きすぎ"),
        (COUNT, True, "TRUE/FALSE"),
        (COUNT, dt.datetime(2025, 7, 1), "日付"),
        (PERCENT, "101", "0〜100"),
        (PERCENT, "120%", "0〜100"),
        (MILESTONE, "実施済", "もしかして「実施」"),
        (MILESTONE, 3, "段階"),
    ],
)
def test_unreadable_values_give_a_japanese_problem(kpi, typed, fragment):
    value, problem = normalise_value(kpi, typed)
    assert value is None
    assert fragment in problem


def test_percent_formatted_excel_cell_is_scaled_for_percentage_kpis_only():
    # Typing 85% into an Excel cell stores 0.85 shown with the format "0%".
    assert normalise_value(PERCENT, 0.85, percent_formatted=True) == Normalised("85", None)
    assert normalise_value(PERCENT, 0.855, percent_formatted=True) == Normalised("85.5", None)
    assert normalise_value(COUNT, 0.85, percent_formatted=True).problem


def test_same_value_compares_meanings():
    assert same_value(COUNT, "85", "85.0")
    assert same_value(COUNT, "1234", "1,234")
    assert not same_value(COUNT, "85", "86")
    assert same_value(None, "x", "x") and not same_value(None, "85", "85.0")
    assert same_value(COUNT, "", "")


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (85.0, "85"),
        (84.5, "84.5"),
        (0.1 + 0.2, "0.3"),
        (-0.0, "0"),
        (1e14, "100000000000000"),
        (1 / 3, "0.333333"),
    ],
)
def test_format_number(number, text):
    assert format_number(number) == text


@pytest.mark.parametrize(
    "typed",
    [
        "2025Q2",
        "2025q2",
        "2025 Q2",
        "2025-Q2",
        "FY2025Q2",
        "ＦＹ２０２５ Ｑ２",
        "2025年度第2四半期",
        "2025年度 第２四半期",
        "2025年度第二四半期",
        "2025年度Q2",
        "令和7年度第2四半期",
        "令和７年度第２四半期",
        "R7 Q2",
        "r7q2",
        "R7年度Q2",
        "㋿7年度第2四半期",
        "2025年度第2四半期（令和7年度、7〜9月）",
        " 2025Q2\u00a0",
    ],
)
def test_quarters_in_every_usual_spelling(typed):
    assert normalise_quarter(typed) == (Quarter(2025, 2), None)


def test_quarters_past_an_eras_end_count_on():
    assert normalise_quarter("平成35年度第1四半期") == (Quarter(2023, 1), None)
    assert normalise_quarter("令和元年度第4四半期") == (Quarter(2019, 4), None)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("2025Q5", "読めません"),
        ("第2四半期", "読めません"),
        ("2025年第2四半期", "年度"),
        ("", "読めません"),
        (dt.date(2025, 7, 1), "日付"),
    ],
)
def test_bad_quarters(typed, fragment):
    quarter, problem = normalise_quarter(typed)
    assert quarter is None and fragment in problem


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        (2025, 2025),
        ("2025", 2025),
        ("2025年度", 2025),
        ("FY2025", 2025),
        ("令和7年度", 2025),
        ("R7", 2025),
        ("令和元年度", 2019),
        ("平成35年度", 2023),
        ("平成31年度", 2019),
        ("㍻30年度", 2018),
        ("Ｈ３０", 2018),
    ],
)
def test_fiscal_years(typed, year):
    assert normalise_fiscal_year(typed) == (year, None)


def test_bad_fiscal_years():
    assert normalise_fiscal_year("来年度")[0] is None
    assert normalise_fiscal_year(1800)[1] == "年度 1800 は範囲外です"


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2025-10-05", dt.date(2025, 10, 5)),
        ("2025/10/5", dt.date(2025, 10, 5)),
        ("２０２５／１０／５", dt.date(2025, 10, 5)),
        ("2025年10月5日", dt.date(2025, 10, 5)),
        ("令和7年10月5日", dt.date(2025, 10, 5)),
        ("R7.10.5", dt.date(2025, 10, 5)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("平成31年5月1日", dt.date(2019, 5, 1)),
        (dt.datetime(2025, 10, 5, 9), dt.date(2025, 10, 5)),
    ],
)
def test_dates(typed, day):
    assert normalise_date(typed) == (day, None)


def test_bad_dates():
    assert normalise_date("令和7年2月30日")[0] is None
    assert normalise_date("2025-13-01")[0] is None
    assert normalise_date("きのう")[1].startswith("日付を読めません")


def test_timestamps_keep_iso_date_times_and_turn_dates_into_iso():
    assert normalise_timestamp("2025-10-05T09:30:00+09:00") == ("2025-10-05T09:30:00+09:00", None)
    assert normalise_timestamp("令和7年10月5日") == ("2025-10-05", None)
    assert normalise_timestamp(dt.datetime(2025, 10, 5, 9, 30)) == ("2025-10-05T09:30:00", None)
    assert normalise_timestamp("") == (None, None)
    assert normalise_timestamp("いつか")[0] is None


def test_parse_wareki_year_accepts_full_width_and_era_signs():
    assert parse_wareki_year("令和７年度") == 2025
    assert parse_wareki_year("㍻35年度") == 2023
    assert parse_wareki_year("Ｒ７") == 2025
    assert parse_wareki_year("令和0年度") is None
    assert parse_wareki_year("2025") is None


def test_parse_wareki_date():
    assert parse_wareki_date("令和7年10月5日") == dt.date(2025, 10, 5)
    assert parse_wareki_date("Ｒ７．１０．５") == dt.date(2025, 10, 5)
    assert parse_wareki_date("H31/4/30") == dt.date(2019, 4, 30)
    assert parse_wareki_date("平成31年5月1日") == dt.date(2019, 5, 1)
    assert parse_wareki_date("令和7年13月1日") is None
    assert parse_wareki_date("2025-10-05") is None


# Properties ---------------------------------------------------------------------------------

NORMALISERS = [
    *(lambda text, kpi=kpi: normalise_value(kpi, text) for kpi in KPIS),
    normalise_quarter,
    normalise_fiscal_year,
    normalise_date,
    normalise_timestamp,
]


@given(st.text())
def test_normalising_never_raises_on_any_text(text):
    for normalise in NORMALISERS:
        normalise(text)
    parse_wareki_year(text)
    parse_wareki_date(text)


@given(st.one_of(st.text(), st.floats(), st.integers(), st.datetimes(), st.booleans(), st.none()))
def test_normalising_never_raises_on_any_cell_value(value):
    for kpi in KPIS:
        normalise_value(kpi, value, percent_formatted=True)
        normalise_value(kpi, value)
    normalise_quarter(value)
    normalise_timestamp(value)


_TYPED_PIECES = st.sampled_from(
    [
        "85",
        "８５",
        "％",
        "%",
        "1,234",
        "．",
        ".",
        " ",
        "\u3000",
        "\u00a0",
        "令和",
        "７",
        "年度",
        "第",
        "２",
        "四半期",
        "Q",
        "ｑ",
        "R",
        "Ｒ",
        "実施",
        "中",
        "件",
        "▲",
        "－",
        "ー",
        "㋿",
        "㍻",
        "ＡＩ導入",
    ]
)


@given(st.one_of(st.text(), st.lists(_TYPED_PIECES, max_size=8).map("".join)))
def test_nfkc_equivalent_inputs_give_equal_results(text):
    for form in ("NFKC", "NFKD", "NFC", "NFD"):
        variant = unicodedata.normalize(form, text)
        for normalise in NORMALISERS:
            assert normalise(variant) == normalise(text)


_DECIMALS = st.decimals(
    min_value=Decimal(0),
    max_value=Decimal("999999999999"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
)


@given(
    _DECIMALS,
    st.sampled_from(["plain", "grouped", "full_width", "grouped_full_width", "spaced", "unit"]),
)
def test_formatting_a_number_then_normalising_gives_it_back(number, style):
    expected = format_number(float(number))
    plain = f"{number:f}"
    grouped = f"{number:,f}"
    typed = {
        "plain": plain,
        "grouped": grouped,
        "full_width": plain.translate(FULL_WIDTH),
        "grouped_full_width": grouped.translate(FULL_WIDTH),
        "spaced": f"\u00a0{plain}\u3000",
        "unit": f"{grouped} 件",
    }[style]
    assert normalise_value(COUNT, typed) == Normalised(expected, None)
    assert normalise_value(COUNT, float(number)) == Normalised(expected, None)
    assert normalise_value(COUNT, expected) == Normalised(expected, None)


@given(
    st.decimals(
        min_value=Decimal(0),
        max_value=Decimal(100),
        places=4,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_percentages_with_or_without_the_sign_give_the_same_number(number):
    expected = format_number(float(number))
    assert normalise_value(PERCENT, f"{number:f}%") == Normalised(expected, None)
    assert normalise_value(PERCENT, f"{number:f}".translate(FULL_WIDTH) + "％") == Normalised(
        expected, None
    )
    assert normalise_value(PERCENT, float(number) / 100, percent_formatted=True) == Normalised(
        expected, None
    )
