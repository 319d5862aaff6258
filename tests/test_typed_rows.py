"""Stored rows are read once: an actual's review period and number, a grade's review (issue 18 §1)."""

from __future__ import annotations

import dataclasses

from generator.kpi.grades import GradeRow
from generator.kpi.store import ActualRow
from generator.quarters import ReviewPeriod


def test_an_actual_carries_its_period_and_number_as_read():
    row = ActualRow("k-1", "2025Q2", "1234.5")
    assert row.period == ReviewPeriod(2025, 2) and row.number == 1234.5
    assert ActualRow("k-1", "2024", "実施中").period == ReviewPeriod(2024)  # a yearly review's 年度
    assert ActualRow("k-1", "2024", "実施中").number is None  # a level's name is no number


def test_what_cannot_be_read_is_none_and_left_to_validation():
    assert ActualRow("k-1", "2025年度第2四半期", "1").period is None
    for value in ("", "1,234", "nan", "inf", "12%"):
        assert ActualRow("k-1", "2025Q2", value).number is None, value


def test_a_changed_row_is_read_again_and_the_derived_values_do_not_make_rows_differ():
    row = ActualRow("k-1", "2025Q2", "10")
    changed = dataclasses.replace(row, quarter="2025Q3", value="12")
    assert changed.period == ReviewPeriod(2025, 3) and changed.number == 12
    assert row == ActualRow("k-1", "2025Q2", "10", line=7)


def test_a_grade_carries_its_review():
    assert GradeRow("k-1", "2024", "A").review == ReviewPeriod(2024)
    assert GradeRow("k-1", "2024Q4", "A").review == ReviewPeriod(2024, 4)
    assert GradeRow("k-1", "令和6年度", "A").review is None
