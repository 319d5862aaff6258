"""Every test runs on a fixed day, so that results do not change with the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import settings

from generator.clock import TODAY_VARIABLE

# Property tests check behaviour, not speed (benchmarks/ measures speed): on a shared
# two-core machine a per-example deadline only makes them flaky.
settings.register_profile("dataplan", deadline=None)
settings.load_profile("dataplan")

TEST_TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """DATAPLAN_TODAY fixes the CLI's today; a test may set another day itself."""
    monkeypatch.setenv(TODAY_VARIABLE, TEST_TODAY.isoformat())
