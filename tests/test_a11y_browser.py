"""`dataplan a11y-check` in a real browser: the data it writes for the example city, and a
deliberately broken page turning the matching criteria to 不適合あり with its URI.
Without /usr/bin/chromium these tests skip, except in CI (CI set), where they fail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import TEST_TODAY, in_ci
from typer.testing import CliRunner

from generator.a11y.browser import CHROMIUM
from generator.a11y.check import FAILURES, NO_FAILURES, NOT_AUTOMATED
from generator.a11y.run import check_site
from generator.cli import app
from generator.validate import validate_plan

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://www.city.aobano.example/dx/keikaku/"
BROKEN = """
<img src="assets/missing-chart.png">
<p style="color:#c8c8c8;background-color:#ffffff">薄い色の文字は読みにくい</p>
"""

pytestmark = pytest.mark.slow
if not CHROMIUM.exists():
    if in_ci():
        raise RuntimeError(f"CI is set but {CHROMIUM} is missing: install Debian's chromium")
    pytestmark = [pytest.mark.slow, pytest.mark.skip(reason=f"{CHROMIUM} is not installed")]


def test_a11y_check_writes_every_a_and_aa_criterion_uris_and_tool_versions(built_sites, tmp_path):
    out = tmp_path / "accessibility" / "test-results.json"
    pages = ["accessibility.html", "accessibility-results.html"]
    args = ["a11y-check", str(ROOT), "--site", str(built_sites["public"].site_dir), "-o", str(out)]
    result = CliRunner().invoke(app, args + [arg for page in pages for arg in ("--page", page)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["date"] == TEST_TODAY.isoformat()
    assert data["standard"] == {
        "number": "JIS X 8341-3",
        "edition": "2016",
        "label": "JIS X 8341-3:2016",
    }
    criteria = {c["number"]: c for c in data["criteria"]}
    assert len(criteria) == 38 and {c["level"] for c in criteria.values()} == {"A", "AA"}
    assert criteria["4.1.1"]["automated"] == NOT_AUTOMATED
    assert [page["uri"] for page in data["pages"]] == [SITE_URL + page for page in pages]
    assert [tool["name"] for tool in data["tools"]] == ["axe-core", "Chromium", "Playwright"]
    assert all(tool["version"] for tool in data["tools"])
    assert data["technologies"] == ["HTML", "CSS", "JavaScript", "SVG", "WAI-ARIA"]
    # the two statement pages themselves: axe finds no failure on them
    assert [n for n, c in criteria.items() if c["automated"] == FAILURES] == []
    assert data["other_violations"] == []
    # the checks axe cannot make: the keyboard's walk at three widths, the narrow screen
    assert data["keyboard_viewports"] == [1280, 1024, 375] and data["focus_stops"] > 20
    assert criteria["2.4.3"]["checks"] == ["focus-order"]
    assert criteria["2.4.7"]["checks"] == ["focus-visible"]
    assert {criteria[n]["automated"] for n in ("2.4.3", "2.4.7")} == {NO_FAILURES}
    [reflow] = data["additional_criteria"]
    assert (reflow["number"], reflow["standard"], reflow["automated"]) == (
        "1.4.10",
        "WCAG 2.1",
        NO_FAILURES,
    )
    assert {check["id"] for check in data["checks"]} == {"focus-order", "focus-visible", "reflow"}


def test_a_broken_page_turns_its_criteria_to_failures_with_its_uri(built_sites, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_sites["public"].site_dir, site, ignore=shutil.ignore_patterns("pagefind"))
    history = (site / "history.html").read_text(encoding="utf-8")
    broken = history.replace("<h1", BROKEN + "<h1", 1)
    assert broken != history
    (site / "broken.html").write_text(broken, encoding="utf-8")
    project = validate_plan(ROOT, today=TEST_TODAY).project
    assert project is not None
    run = check_site(project, site_dir=site, today=TEST_TODAY, only=["broken.html", "history.html"])
    criteria = {c["number"]: c for c in run.data["criteria"]}
    failing = {n: c["failures"] for n, c in criteria.items() if c["automated"] == FAILURES}
    assert set(failing) == {"1.1.1", "1.4.3"}
    assert [f["uri"] for f in failing["1.1.1"]] == [SITE_URL + "broken.html"]
    assert failing["1.1.1"][0]["rules"] == ["image-alt"]
    assert failing["1.4.3"][0]["rules"] == ["color-contrast"]
    assert sorted(failing["1.4.3"][0]["widths"]) == [375, 1280]


def test_a_hidden_focus_and_a_page_too_wide_fail_their_criteria_with_evidence(
    built_sites, tmp_path
):
    """Planted faults: the closed drawer focusable again (as Material ships it), and a
    fixed-width block wider than a phone."""
    site = tmp_path / "site"
    shutil.copytree(built_sites["public"].site_dir, site, ignore=shutil.ignore_patterns("pagefind"))
    history = (site / "history.html").read_text(encoding="utf-8")
    fault = (
        "<style>.md-sidebar--primary, .md-sidebar--primary * "
        "{ visibility: visible !important; }</style>"
        '<div style="width: 600px">幅の決まった箱</div>'
    )
    (site / "broken.html").write_text(history.replace("<h1", fault + "<h1", 1), encoding="utf-8")
    project = validate_plan(ROOT, today=TEST_TODAY).project
    assert project is not None
    run = check_site(project, site_dir=site, today=TEST_TODAY, only=["broken.html", "history.html"])
    criteria = {c["number"]: c for c in run.data["criteria"]}
    for number in ("2.4.3", "2.4.7"):
        [failure] = criteria[number]["failures"]
        assert failure["uri"] == SITE_URL + "broken.html"
        assert {375, 1024} <= set(failure["widths"])  # the drawer (and, at 1280, closed sections)
        assert any("画面の外" in target for target in failure["targets"])
    [reflow] = run.data["additional_criteria"]
    assert reflow["automated"] == FAILURES
    assert [f["uri"] for f in reflow["failures"]] == [SITE_URL + "broken.html"]
    assert any("320 px" in target for target in reflow["failures"][0]["targets"])
    assert run.data["other_violations"] == []
