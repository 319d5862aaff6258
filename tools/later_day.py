"""Run the test suite on a later day: no test may depend on the calendar.

DATAPLAN_TODAY is removed from the environment and this process's clock is moved
forward (time-machine: `date.today()`, `datetime.now()` and `time.time()` tell the
later day, and keep ticking). The suite must pass all the same, because
tests/conftest.py fixes the day for the whole session, session fixtures and the
commands the tests start included (those run in child processes, whose clock is
not moved, and read the fixed day from DATAPLAN_TODAY).

    pip install -e ".[test,audit]"
    python -m tools.later_day                  # a year from now, the whole suite
    python -m tools.later_day --days 800 -- tests/test_site_build.py -x
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

import pytest
import time_machine

from generator.clock import TODAY_VARIABLE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="how far ahead (default 365)")
    parser.add_argument("pytest_arguments", nargs="*", help="passed to pytest (after --)")
    arguments = parser.parse_args()
    os.environ.pop(TODAY_VARIABLE, None)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=arguments.days)
    with time_machine.travel(later, tick=True):
        print(f"today is {dt.date.today()} for this run ({TODAY_VARIABLE} unset)", flush=True)
        return pytest.main(
            [
                "-p",
                "no:cacheprovider",
                "-W",
                "ignore::pytest.PytestAssertRewriteWarning",  # time_machine, imported above
                *arguments.pytest_arguments,
            ]
        )


if __name__ == "__main__":
    sys.exit(main())
