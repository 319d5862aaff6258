"""`dataplan a11y-check`: axe-core on the chosen pages at desktop and phone width, and the
checks axe cannot make (the keyboard's focus walk at three widths, the narrow screen;
generator/a11y/keyboard.py), written as data per success criterion.

A tool tests only part of a criterion (image-alt finds a missing alt, not a wrong one; the
focus walk finds a hidden focus, not a confusing order inside the text), so the labels say
exactly what the tool showed and nothing more:
自動検査で不適合なし / 不適合あり / 要確認 (axe "incomplete") / 自動検査の対象外.
4.1.1 is never marked as checked by a tool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.a11y import browser as web
from generator.a11y import keyboard
from generator.a11y.criteria import (
    EDITION,
    STANDARD,
    STANDARD_LABEL,
    Criterion,
    additional_criteria,
    all_criteria,
    rule_criteria,
)
from generator.a11y.sampling import METHOD_LABELS, Selection

FORMAT = 2  # 2: the scripted checks (2.4.3, 2.4.7, and 1.4.10 among additional_criteria)
VIEWPORTS = (1280, 375)
KEYBOARD_VIEWPORTS = (1280, 1024, 375)  # 1024: the navigation is a drawer beside the contents
PHONE = 375
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


# The checks scripted in the browser: a short name for the checklist's notes, and what each
# one tests, as the 試験結果 describes it.
CHECK_NAMES = {
    "focus-order": "Tab キーによる一巡",
    "focus-visible": "Tab キーによる一巡",
    "reflow": "狭い画面での表示",
}
CHECKS = {
    "focus-order": (
        "Tab キーでページを一巡し、閉じたメニューや隠れた要素にフォーカスが入らないこと、"
        "ヘッダー・ナビゲーション・本文・目次・フッターを画面の順に一度ずつたどること"
        "（本文の中の順序が意味に合うかは人が確認）"
    ),
    "focus-visible": (
        "Tab キーで止まるすべての要素が画面内に見えていて、フォーカスの枠（outline など）が"
        "描かれていること（枠の見やすさは人が確認）"
    ),
    "reflow": (
        f"幅 {keyboard.REFLOW_WIDTH} px でページが横にスクロールしないこと、幅 {PHONE} px で"
        "判定の列がある表の各行の KPI・判定・実績が横スクロールなしで見えること、"
        "横にスクロールする領域がキーボードで操作でき名前を持つこと"
    ),
}


@dataclass
class PageResult:
    """The tools' outcome on one page at one width (axe only at VIEWPORTS)."""

    path: str
    width: int
    violations: dict[str, list[str]]  # rule id (or scripted check) → targets
    incomplete: dict[str, list[str]]
    ran: set[str]  # rules and checks that found something to test
    focus_stops: int = 0


def run_axe(
    site_dir: Path, paths: list[str], *, limit: float | None = None
) -> tuple[list[PageResult], dict[str, str]]:
    """Serve the site, open every path at each width (one tab per width), run axe on each,
    then the scripted checks: the focus walk at each keyboard width, the narrow screen.

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
        PageResult(path, width, dict(violations), dict(incomplete), set(ran), focus_stops)
        for path, width, violations, incomplete, ran, focus_stops in raw["results"]
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
            for width in sorted(set(VIEWPORTS) | set(KEYBOARD_VIEWPORTS), reverse=True)
        }
        for path in paths:
            for width, tab in tabs.items():
                tab.goto(base + path, wait_until="load")
                if width in VIEWPORTS:
                    web.start_axe(tab, AXE_TAGS, full=True)
            for width, tab in tabs.items():
                result = PageResult(path, width, {}, {}, set())
                if width in VIEWPORTS:
                    raw: Any = web.axe_result(tab)
                    versions["axe-core"] = raw["version"]
                    result.violations = {rule: targets for rule, targets in raw["violations"]}
                    result.incomplete = {rule: targets for rule, targets in raw["incomplete"]}
                    result.ran = set(raw["passes"]) | set(result.violations)
                    result.ran |= set(result.incomplete)
                if width in KEYBOARD_VIEWPORTS:
                    _focus_checks(tab, result)
                if width == PHONE:
                    _narrow_checks(tab, result)
                results.append(result)
            progress()
        for tab in tabs.values():
            tab.context.close()
    return results, versions


def _focus_checks(tab: Any, result: PageResult) -> None:
    walk = keyboard.walk_focus(tab)
    result.focus_stops = walk.stops
    if not walk.stops:
        return
    result.ran |= {"focus-order", "focus-visible"}
    for check, problems in (
        ("focus-order", walk.hidden + walk.order),
        ("focus-visible", walk.hidden + walk.no_ring),
    ):
        if problems:
            result.violations[check] = problems


def _narrow_checks(tab: Any, result: PageResult) -> None:
    problems = keyboard.key_cells_out_of_view(tab)
    problems += keyboard.scrolling_regions(tab)[1]
    tab.set_viewport_size({"width": keyboard.REFLOW_WIDTH, "height": 900})
    wide = keyboard.page_scrolls_sideways(tab)
    if wide:
        problems.append(f"幅 {keyboard.REFLOW_WIDTH} px でページの幅が {wide} px")
    tab.set_viewport_size({"width": PHONE, "height": 900})
    result.ran.add("reflow")
    if problems:
        result.violations["reflow"] = problems


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
    criteria = [_criterion(c, results, base_uri) for c in all_criteria()]
    additional = [
        {**_criterion(c, results, base_uri), "standard": c.standard} for c in additional_criteria()
    ]
    unmapped = sorted(
        {rule for r in results for rule in r.violations if rule not in by_rule | CHECKS.keys()}
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
        "keyboard_viewports": list(KEYBOARD_VIEWPORTS),
        "checks": [{"id": key, "description": text} for key, text in CHECKS.items()],
        "focus_stops": sum(r.focus_stops for r in results),
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
        "additional_criteria": additional,
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


def _criterion(
    criterion: Criterion, results: list[PageResult], base_uri: str | None
) -> dict[str, Any]:
    """One criterion's outcome over every page and width."""
    rules = set(criterion.axe_rules) | set(criterion.checks) if criterion.automated else set()
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
    return {
        "number": criterion.number,
        "name": criterion.name,
        "level": criterion.level,
        "axe_rules": sorted(set(criterion.axe_rules) & rules),
        "checks": sorted(set(criterion.checks) & rules),
        # None: only a person can say (no rule, or no rule found anything to test)
        "applicable": True if ran else None,
        "automated": outcome,
        "label": AUTOMATED_LABELS[outcome],
        "failures": failures,
        "needs_review": review,
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
