"""The suite's own settings (tests/conftest.py): the fixed day, what counts as CI, and what a
missing tool does there."""

from __future__ import annotations

import os

import pytest
from conftest import TEST_TODAY, in_ci, missing_tool
from hypothesis import settings

from generator import clock
from generator.clock import TODAY_VARIABLE


@pytest.mark.parametrize("value", ["true", "TRUE", "True", "1", "yes", "on", " true\n"])
def test_the_usual_truthy_values_mean_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert in_ci()
    with pytest.raises(pytest.fail.Exception, match="poppler"):
        missing_tool("poppler がありません")


@pytest.mark.parametrize("value", ["", "0", "false", "no", "off"])
def test_other_values_do_not(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert not in_ci()
    with pytest.raises(pytest.skip.Exception, match="poppler"):
        missing_tool("poppler がありません")


def test_without_ci_set_a_missing_tool_skips(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert not in_ci()
    with pytest.raises(pytest.skip.Exception):
        missing_tool("poppler がありません")


def test_the_day_is_fixed_for_the_test_and_what_it_starts():
    assert os.environ[TODAY_VARIABLE] == TEST_TODAY.isoformat()
    assert clock.today() == TEST_TODAY


def test_hypothesis_draws_the_same_examples_in_ci_only():
    assert settings.default.derandomize is in_ci()
    assert settings.default.deadline is None
