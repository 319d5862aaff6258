"""A built site in a real browser: served on 127.0.0.1, opened in Debian's chromium through
playwright, checked by axe-core (the copy bundled with axe-playwright-python).

Shared by `dataplan a11y-check` and the browser tests. playwright and axe-playwright-python
are optional: `BrowserMissing` says what to install when they or chromium are absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.programs import CHROMIUM as CHROMIUM  # where the tests look for the browser
from generator.programs import BrowserMissing, find_browser
from generator.publish.local_server import serve_folder as serve_folder  # shared with the tests

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def axe_script() -> Path:
    """axe.min.js as bundled with axe-playwright-python."""
    try:
        import axe_playwright_python
    except ImportError as error:
        raise BrowserMissing(
            "axe-playwright-python がありません（pip install axe-playwright-python）。"
        ) from error
    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


@contextmanager
def chromium(executable: Path | None = None) -> Iterator[Any]:
    """Debian's chromium (or BROWSER_PATH), launched by playwright (which cannot download browsers here)."""
    executable = executable or find_browser()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserMissing("playwright がありません（pip install playwright）。") from error
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def inject_axe(page: Any) -> None:
    page.add_script_tag(path=str(axe_script()))


def start_axe(page: Any, tags: list[str], *, full: bool = False) -> None:
    """Start axe in the page without waiting, so pages in other tabs run at the same time.

    Without `full`, the result is [rule id, node count, first targets] per violation;
    with it, each rule id per outcome (violations, incomplete, passes, inapplicable) with the
    affected targets, and axe's version.
    """
    inject_axe(page)
    page.evaluate(
        """([tags, full]) => {
            const nodes = r => r.nodes.slice(0, 5).map(n => n.target.join(' '));
            window.__axe = axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: full ? ['violations', 'incomplete'] : ['violations'],
            }).then(result => full ? {
                version: axe.version,
                violations: result.violations.map(r => [r.id, nodes(r)]),
                incomplete: result.incomplete.map(r => [r.id, nodes(r)]),
                passes: result.passes.map(r => r.id),
                inapplicable: result.inapplicable.map(r => r.id),
            } : result.violations.map(v => [v.id, v.nodes.length, nodes(v).slice(0, 3)]));
        }""",
        [tags, full],
    )


def axe_result(page: Any) -> Any:
    # An async function, not a polled string: the site's CSP forbids eval.
    return page.evaluate("async () => await window.__axe")


def tool_versions(browser: Any) -> dict[str, str]:
    """Chromium's and playwright's versions (axe-core's comes from the injected script)."""
    return {"Chromium": browser.version, "Playwright": metadata.version("playwright")}
