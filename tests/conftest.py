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


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory):
    """The example city's public and internal sites, built once per test session."""
    from pathlib import Path

    from site_helpers import build_example

    root = Path(__file__).resolve().parents[1]
    work = tmp_path_factory.mktemp("site")
    return {
        "public": build_example(root, work, internal=False),
        "internal": build_example(root, work, internal=True),
    }
