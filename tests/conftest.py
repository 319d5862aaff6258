"""Shared by every test: one fixed day, CI's strictness, copies of plans, the example's builds.

- The day: DATAPLAN_TODAY is set for the whole session (session fixtures and the
  commands the tests start included) and again before and after each test, so no
  result depends on the calendar or on another test. A test may set another day.
- CI: with CI set (true, 1, yes or on), a missing tool fails instead of skipping,
  and hypothesis draws the same examples on every run.
- Copies: `example_copy` and `base_copy` are copies of a plan a test may change;
  `copy_plan` makes one anywhere (module fixtures, other plans).
- Builds: `built_sites` is the example city's public and internal site (the public
  one with the PDF it publishes); `secret_builds` is the example with hand-written
  secrets (tests/secret_plan.py) built by `dataplan build`. Each is made once per
  session, in the background from the moment collection shows a test needs it, and
  the modules that read them run last (tests/early_builds.py).
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
def fixed_today():
    """Again before and after each test: a test or a module's fixture that changed the day
    without putting it back changes no other test (a test may change it with monkeypatch)."""
    os.environ[TODAY_VARIABLE] = TEST_TODAY.isoformat()
    yield
    os.environ[TODAY_VARIABLE] = TEST_TODAY.isoformat()


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


# The session's slow builds -------------------------------------------------------------------


class _Builds:
    """The slow builds of the session, each made once and only when a selected test needs it."""

    def __init__(self) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="dataplan-tests-"))
        self._example = None
        self._secrets = None

    def example(self):
        if self._example is None:
            from early_builds import ForkedBuilds
            from site_helpers import build_example

            def edition(internal: bool):
                return lambda: build_example(
                    EXAMPLE, self.work, internal=internal, pdf=not internal
                )

            self._example = ForkedBuilds({"public": edition(False), "internal": edition(True)})
        return self._example

    def secrets(self):
        if self._secrets is None:
            from secret_plan import SecretBuilds

            self._secrets = SecretBuilds(self.work / "secrets")
        return self._secrets

    def stop(self) -> None:
        for builds in (self._example, self._secrets):
            if builds is not None:
                builds.stop()
        shutil.rmtree(self.work, ignore_errors=True)


_builds: _Builds | None = None
SLOW_FIXTURES = {"built_sites": _Builds.example, "secret_builds": _Builds.secrets}


def _session_builds() -> _Builds:
    global _builds
    if _builds is None:
        _builds = _Builds()
    return _builds


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules that read a slow build run last, so that it is made while the others run."""

    def module(item: pytest.Item) -> object:
        return getattr(item, "module", None)

    slow = {module(i) for i in items if SLOW_FIXTURES.keys() & set(getattr(i, "fixturenames", ()))}
    items[:] = [i for i in items if module(i) not in slow] + [i for i in items if module(i) in slow]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start each slow build a selected test will read (before any test starts a thread)."""
    if session.config.option.collectonly:
        return
    needed = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    for name, builds in SLOW_FIXTURES.items():
        if name in needed:
            builds(_session_builds()).start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _builds is not None:
        _builds.stop()


@pytest.fixture(scope="session")
def built_sites():
    """The example city's public and internal sites, built once per test session.

    The public site has the PDF it publishes at downloads/plan.pdf (test_pdf.py reads it).
    """
    builds = _session_builds().example()
    return {name: builds.result(name) for name in ("public", "internal")}


@pytest.fixture(scope="session")
def secret_builds():
    """The example with hand-written secrets and its builds (tests/secret_plan.py)."""
    return _session_builds().secrets()
