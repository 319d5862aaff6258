"""`dataplan a11y-check`: axe-core on the chosen pages at desktop and phone width, written as
data per success criterion.

axe tests only part of a criterion (image-alt finds a missing alt, not a wrong one), so
the labels say exactly what the tool showed and nothing more:
自動検査で不適合なし / 不適合あり / 要確認 (axe "incomplete") / 自動検査の対象外.
4.1.1 is never marked as checked by axe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.a11y import browser as web
from generator.a11y.criteria import EDITION, STANDARD, STANDARD_LABEL, all_criteria, rule_criteria
from generator.a11y.sampling import METHOD_LABELS, Selection

FORMAT = 1
VIEWPORTS = (1280, 375)
AXE_TAGS = ["wcag2a", "wcag2aa"]  # WCAG 2.0 = JIS X 8341-3:2016
TECHNOLOGIES = ["HTML", "CSS", "JavaScript", "SVG", "WAI-ARIA"]

NO_FAILURES = "no_failures"
FAILURES = "failures"
NEEDS_REVIEW = "needs_review"
NOT_AUTOMATED = "not_automated"
AUTOMATED_LABELS = {
    NO_FAILURES: "自動検査で不適合なし",
    FAILURES: "不適合あり",
    NEEDS_REVIEW: "要確認",
    NOT_AUTOMATED: "自動検査の対象外（人による確認が必要）",
}


@dataclass
class PageResult:
    """axe's outcome on one page at one width."""

    path: str
    width: int
    violations: dict[str, list[str]]  # rule id → targets
    incomplete: dict[str, list[str]]
    ran: set[str]  # rules that found something to test (passes, violations, incomplete)


def run_axe(
    site_dir: Path, paths: list[str], *, limit: float | None = None
) -> tuple[list[PageResult], dict[str, str]]:
    """Serve the site, open every path at each width (one tab per width), run axe on each.

    The browser runs in a child process (generator.a11y.axe_job) that is ended, with
    every process it started, when it stays silent for `limit` seconds (or on Ctrl-C).
    """
    from generator.programs import run_job, time_limit

    executable = web.find_browser()
    raw = run_job(
        "generator.a11y.axe_job",
        {"site_dir": str(site_dir), "paths": paths, "browser": str(executable)},
        program=f"アクセシビリティ検査のブラウザ（{executable}）",
        limit=limit or time_limit(),
    )
    results = [
        PageResult(path, width, dict(violations), dict(incomplete), set(ran))
        for path, width, violations, incomplete, ran in raw["results"]
    ]
    return results, raw["versions"]


def axe_in_browser(
    site_dir: Path, paths: list[str], executable: Path, progress: Callable[[], None]
) -> tuple[list[PageResult], dict[str, str]]:
    """The check itself, in this process: `progress` is called after the launch and each page."""
    results: list[PageResult] = []
    versions: dict[str, str] = {}
    with web.serve_folder(site_dir) as base, web.chromium(executable) as browser:
        progress()
        versions.update(web.tool_versions(browser))
        tabs = {
            width: browser.new_context(viewport={"width": width, "height": 900}).new_page()
            for width in VIEWPORTS
        }
        for path in paths:
            for tab in tabs.values():
                tab.goto(base + path, wait_until="load")
                web.start_axe(tab, AXE_TAGS, full=True)
            for width, tab in tabs.items():
                raw: Any = web.axe_result(tab)
                versions["axe-core"] = raw["version"]
                violations = {rule: targets for rule, targets in raw["violations"]}
                incomplete = {rule: targets for rule, targets in raw["incomplete"]}
                ran = set(raw["passes"]) | set(violations) | set(incomplete)
                results.append(PageResult(path, width, violations, incomplete, ran))
            progress()
        for tab in tabs.values():
            tab.context.close()
    return results, versions


def page_uri(path: str, base_uri: str | None) -> str:
    """The page's published address when the site's URL is known, else its path in the site."""
    if base_uri:
        return base_uri.rstrip("/") + "/" + path
    return "/" + path


def summarise(
    results: list[PageResult],
    selection: Selection,
    versions: dict[str, str],
    *,
    base_uri: str | None,
    today: dt.date,
    kinds: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The check as data: what was tested, with which tools, and the outcome per criterion."""
    by_rule = rule_criteria()
    criteria = []
    for criterion in all_criteria():
        rules = set(criterion.axe_rules) if criterion.automated else set()
        failures = _found(results, rules, "violations", base_uri)
        review = _found(results, rules, "incomplete", base_uri)
        ran = any(rules & r.ran for r in results)
        if not criterion.automated:
            outcome = NOT_AUTOMATED
        elif failures:
            outcome = FAILURES
        elif review:
            outcome = NEEDS_REVIEW
        else:
            outcome = NO_FAILURES
        criteria.append(
            {
                "number": criterion.number,
                "name": criterion.name,
                "level": criterion.level,
                "axe_rules": sorted(rules),
                # None: only a person can say (no rule, or no rule found anything to test)
                "applicable": True if ran else None,
                "automated": outcome,
                "label": AUTOMATED_LABELS[outcome],
                "failures": failures,
                "needs_review": review,
            }
        )
    unmapped = sorted(
        {rule for r in results for rule in r.violations if rule not in by_rule}
    )  # e.g. a WCAG 2.0 rule outside the table: kept, never hidden
    chosen = set(selection.representative)
    return {
        "format": FORMAT,
        "date": today.isoformat(),
        "standard": {"number": STANDARD, "edition": EDITION, "label": STANDARD_LABEL},
        "tools": [
            {"name": name, "version": versions.get(name, "")}
            for name in ("axe-core", "Chromium", "Playwright")
        ],
        "axe_tags": AXE_TAGS,
        "viewports": list(VIEWPORTS),
        "technologies": TECHNOLOGIES,
        "selection": {
            "method": selection.method.value,
            "label": METHOD_LABELS[selection.method],
            "seed": selection.seed,
            "pages_in_site": selection.total,
            "pages_tested": len(selection.pages),
        },
        "pages": [
            {
                "uri": page_uri(path, base_uri),
                "path": path,
                "chosen": "representative" if path in chosen else "random",
                **({"kind": kinds[path]} if kinds and path in kinds else {}),
            }
            for path in selection.pages
        ],
        "criteria": criteria,
        "other_violations": [
            {
                "rule": rule,
                "uris": sorted(
                    {page_uri(r.path, base_uri) for r in results if rule in r.violations}
                ),
            }
            for rule in unmapped
        ],
    }


def _found(
    results: list[PageResult], rules: set[str], outcome: str, base_uri: str | None
) -> list[dict[str, Any]]:
    """Per page: the rules of `rules` with that outcome, the widths, and a few targets."""
    pages: dict[str, dict[str, Any]] = {}
    for result in results:
        found: dict[str, list[str]] = getattr(result, outcome)
        hits = sorted(rules & set(found))
        if not hits:
            continue
        entry = pages.setdefault(
            result.path,
            {"uri": page_uri(result.path, base_uri), "rules": [], "widths": [], "targets": []},
        )
        entry["rules"] = sorted(set(entry["rules"]) | set(hits))
        entry["widths"].append(result.width)
        for rule in hits:
            entry["targets"] = sorted(set(entry["targets"]) | set(found[rule]))[:5]
    return list(pages.values())
