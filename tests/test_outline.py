"""The plan's own structure (groups and numbers), with the pillars as a second view."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.outline import number_key, pillar_outline, plan_outline
from generator.validate import validate_plan

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def city():
    return validate_plan(ROOT).project


def test_the_example_reads_by_its_goals_then_measures_in_number_order(city):
    outline = plan_outline(city)
    assert [node.title for node in outline] == [
        "基本目標1 誰もが便利で迷わない行政サービス",
        "基本目標2 データでつくる安心で活力あるまち",
        "基本目標3 変化に強く持続可能な行政運営",
    ]
    first = outline[0].children[0]
    assert first.title == "施策1-1 行かなくてよい・書かなくてよい手続の実現"
    assert [m.number for m in first.measures] == ["1-1-1", "1-1-2", "1-1-3", "1-1-4"]
    every = [m.id for node in outline for m in node.all_measures()]
    assert sorted(every) == sorted(m.id for m in city.measures)


def test_pillars_stay_a_second_view_of_the_same_measures(city):
    pillars = pillar_outline(city)
    assert pillars[0].title == "柱1 オンライン化原則"
    assert sum(len(node.measures) for node in pillars) == len(city.measures)


def test_numbers_sort_as_plans_write_them():
    numbers = ["1-2-10", "1-2-9", "②", "①", None, "1-10", "1-2"]
    assert sorted(numbers, key=number_key) == ["1-2", "1-2-9", "1-2-10", "1-10", "①", "②", None]
