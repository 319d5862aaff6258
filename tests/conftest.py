"""Shared by every test: one fixed day, CI's strictness, copies of plans, the example's builds.

- The day: DATAPLAN_TODAY is set for the whole session (session fixtures and the
  commands the tests start included) and again before each test, so no result
  depends on the calendar. A test may set another day itself.
- CI: with CI set (true, 1, yes or on), a missing tool fails instead of skipping,
  and hypothesis draws the same examples on every run.
- Copies: `example_copy` and `base_copy` are copies of a plan a test may change;
  `copy_plan` makes one anywhere (module fixtures, other plans).
- Builds: `built_sites` is the example city's public and internal site, built once
  per session (the public one with the PDF it publishes); `secret_builds` is the
  example with hand-written secrets (tests/secret_plan.py), built by `dataplan
  build` in the background from the moment collection shows a test needs it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import settings

from generator.clock import TODAY_VARIABLE

TEST_TODAY = dt.date(2026, 11, 24)
REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE = REPOSITORY  # the example city's plan is the repository's own plan/, measures/, kpi/
FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "base"  # a small valid plan: two measures, no actuals
PLAN_FOLDERS = ("plan", "measures", "kpi")
TRUTHY = {"1", "true", "yes", "on"}


def in_ci() -> bool:
    """True when the CI variable holds a usual truthy value (true, 1, yes, on; any case)."""
    return os.environ.get("CI", "").strip().lower() in TRUTHY


def missing_tool(reason: str) -> NoReturn:
    """Skip a test whose tool is missing; in CI, where every tool is installed, fail it."""
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


# Property tests check behaviour, not speed (benchmarks/ measures speed): on a shared
# two-core machine a per-example deadline only makes them flaky. In CI every run draws
# the same examples, so a red build is a fault in the change, not a new random draw.
settings.register_profile("dataplan", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if in_ci() else "dataplan")


def pytest_configure(config: pytest.Config) -> None:
    """Fix today for the whole session, before any fixture is made."""
    os.environ[TODAY_VARIABLE] = TEST_TODAY.isoformat()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Again before each test, in case an earlier one changed it without putting it back."""
    monkeypatch.setenv(TODAY_VARIABLE, TEST_TODAY.isoformat())


def copy_plan(
    source: Path,
    target: Path,
    *,
    folders: tuple[str, ...] = PLAN_FOLDERS,
    overlay: Path | None = None,
) -> Path:
    """Copy a plan's folders (plan/, measures/, kpi/ where present) to `target`; return it.

    `overlay` is a folder of files laid over the copy (replacing or adding files).
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in folders:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    if overlay is not None and overlay.exists():
        shutil.copytree(overlay, target, dirs_exist_ok=True)
    return target


@pytest.fixture
def example_copy(tmp_path) -> Path:
    """A copy of the example city's plan (plan/, measures/, kpi/) that the test may change."""
    return copy_plan(EXAMPLE, tmp_path / "example")


@pytest.fixture
def base_copy(tmp_path) -> Path:
    """A copy of the small base plan (tests/fixtures/base) that the test may change."""
    return copy_plan(BASE, tmp_path / "plan")


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory):
    """The example city's public and internal sites, built once per test session.

    The public site has the PDF it publishes at downloads/plan.pdf (test_pdf.py reads it).
    """
    from site_helpers import build_example

    work = tmp_path_factory.mktemp("site")
    return {
        "public": build_example(EXAMPLE, work, internal=False, pdf=True),
        "internal": build_example(EXAMPLE, work, internal=True),
    }


_secret_builds = None


def _the_secret_builds():
    global _secret_builds
    if _secret_builds is None:
        from secret_plan import SecretBuilds

        _secret_builds = SecretBuilds(Path(tempfile.mkdtemp(prefix="dataplan-secrets-")))
    return _secret_builds


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the secret plan's builds at once when a selected test will read them."""
    if any("secret_builds" in getattr(item, "fixturenames", ()) for item in session.items):
        _the_secret_builds().start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _secret_builds is not None:
        _secret_builds.stop()
        shutil.rmtree(_secret_builds.work, ignore_errors=True)


@pytest.fixture(scope="session")
def secret_builds():
    """The example with hand-written secrets and its builds (tests/secret_plan.py)."""
    return _the_secret_builds()
