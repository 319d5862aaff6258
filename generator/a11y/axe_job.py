"""The browser part of `dataplan a11y-check`, run as a bounded child process (generator.programs).

`python -m generator.a11y.axe_job PAYLOAD RESULT`: the payload names the built site,
the pages and the browser; a line is printed after the launch and after each page,
so the parent knows the browser still answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.programs import JobError, job_main, report_progress


def check(payload: dict[str, Any]) -> dict[str, Any]:
    from generator.a11y.browser import BrowserMissing
    from generator.a11y.check import axe_in_browser

    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError as error:
        raise JobError("playwright がありません（pip install playwright）。") from error
    try:
        results, versions = axe_in_browser(
            Path(payload["site_dir"]), payload["paths"], Path(payload["browser"]), report_progress
        )
    except BrowserMissing as error:
        raise JobError(str(error)) from error
    except PlaywrightError as error:
        # playwright's own words are English: say what failed, not how it put it
        raise JobError("起動できないか、検査の途中で応答しなくなりました。") from error
    return {
        "results": [
            [r.path, r.width, r.violations, r.incomplete, sorted(r.ran), r.focus_stops]
            for r in results
        ],
        "versions": versions,
    }


if __name__ == "__main__":
    job_main(check)
