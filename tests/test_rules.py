"""The rules of a KPI record (generator/rules.py) on their own: each verdict with its exact
values, and the edges (a quarter that begins today, a whole 年度 that straddles the start).

tests/test_one_rule.py checks that every command gives these verdicts; here they are
pinned one by one. The plan runs from 2024年12月 (in FY2024's third quarter) to FY2029.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model.kpi import Kpi
from generator.model.plan import Period
from generator.quarters import Quarter, ReviewPeriod
from generator.rules import AFTER_PERIOD_HINT, TimeProblem, quarter_time_problems, value_misfit

PERIOD = Period.model_validate({"start": "2024-12", "end": 2029})
SHOWN_PERIOD = "2024年12月〜2029年度（令和6年12月〜令和11年度）"
TODAY = dt.date(2026, 11, 24)


def problems(
    quarter: Quarter, today: dt.date = TODAY, *, whole_year: bool = False
) -> list[TimeProblem]:
    when = ReviewPeriod.of(quarter, whole_year=whole_year)
    return quarter_time_problems(PERIOD, when, "実績", today)


def test_a_quarter_inside_the_period_and_past_has_no_problem():
    assert problems(Quarter(2024, 3)) == []  # the quarter the plan begins in
    assert problems(Quarter(2026, 3)) == []  # the quarter of today


def test_before_the_period_is_an_error_with_the_quarter_and_the_period():
    assert problems(Quarter(2024, 2)) == [
        TimeProblem(
            "E-before-period",
            {"what": "実績", "when": "2024年度第2四半期（令和6年度）", "period": SHOWN_PERIOD},
        )
    ]


def test_after_the_period_is_a_warning_with_its_hint_and_also_in_the_future():
    assert problems(Quarter(2030, 1)) == [
        TimeProblem(
            "W-after-period",
            {"what": "実績", "when": "2030年度第1四半期（令和12年度）", "period": SHOWN_PERIOD},
            AFTER_PERIOD_HINT,
        ),
        TimeProblem(
            "W-future-quarter", {"what": "実績", "quarter": "2030Q1", "today": "2026-11-24"}
        ),
    ]


def test_a_quarter_not_yet_begun_is_a_warning_but_one_that_begins_today_is_not():
    assert problems(Quarter(2027, 1)) == [
        TimeProblem(
            "W-future-quarter", {"what": "実績", "quarter": "2027Q1", "today": "2026-11-24"}
        )
    ]
    assert problems(Quarter(2026, 3), today=dt.date(2026, 10, 1)) == []  # 10月1日 begins Q3
    assert [p.code for p in problems(Quarter(2026, 3), today=dt.date(2026, 9, 30))] == [
        "W-future-quarter"
    ]


def test_a_whole_year_is_judged_from_its_first_to_its_last_quarter():
    # FY2024 ends inside the period (it began in 2024年12月): not before it.
    assert problems(Quarter(2024, 1), whole_year=True) == []
    assert problems(Quarter(2023, 4), whole_year=True) == [
        TimeProblem(
            "E-before-period",
            {"what": "実績", "when": "2023年度（令和5年度）", "period": SHOWN_PERIOD},
        )
    ]
    # FY2030 begins after the period: after it, and not begun on TODAY.
    assert [
        (p.code, p.values.get("quarter")) for p in problems(Quarter(2030, 4), whole_year=True)
    ] == [
        ("W-after-period", None),
        ("W-future-quarter", "2030"),
    ]
    # Against a plan that starts with FY2025, FY2024 ends before it (its last quarter is Q4).
    by_years = Period.model_validate({"start": 2025, "end": 2029})
    assert [p.code for p in quarter_time_problems(by_years, ReviewPeriod(2024), "実績", TODAY)] == [
        "E-before-period"
    ]
    # FY2026 has begun (2026年4月1日) although its last quarter has not.
    assert problems(Quarter(2026, 4), whole_year=True) == []
    assert problems(Quarter(2026, 4), today=dt.date(2026, 4, 1), whole_year=True) == []
    assert [
        p.code for p in problems(Quarter(2026, 4), today=dt.date(2026, 3, 31), whole_year=True)
    ] == ["W-future-quarter"]


MILESTONE = Kpi.model_validate(
    {"id": "k", "name": "段階", "kind": "milestone", "levels": ["未実施", "試行", "実施"]}
)
PERCENT = Kpi.model_validate({"id": "k", "name": "率", "kind": "percentage", "unit": "%"})
COUNT = Kpi.model_validate({"id": "k", "name": "件数", "kind": "quantity", "unit": "件"})
NUMBER_WANTED = "数値を書いてください（単位や % は unit に書きます）"


@pytest.mark.parametrize(
    ("kpi", "value", "misfit"),
    [
        (MILESTONE, "試行", None),
        (MILESTONE, "完了", "段階（未実施・試行・実施）のどれかを書いてください"),
        (MILESTONE, 1, "段階（未実施・試行・実施）のどれかを書いてください"),
        (COUNT, 0, None),
        (COUNT, 12.5, None),
        (COUNT, -1, "負の値は使えません"),
        (COUNT, "12", NUMBER_WANTED),
        (COUNT, True, NUMBER_WANTED),
        (COUNT, None, NUMBER_WANTED),
        (PERCENT, 100, None),
        (PERCENT, 100.5, "割合は 0〜100 で書いてください"),
        (PERCENT, -0.5, "負の値は使えません"),
    ],
)
def test_which_values_fit_a_kpi(kpi, value, misfit):
    assert value_misfit(kpi, value) == misfit
