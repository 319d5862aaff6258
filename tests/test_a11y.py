"""Accessibility statement without a browser: the criteria table, the choice of pages, the
対応度 derived from the tool's data and people's judgements, and the two pages' text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import TEST_TODAY

from generator.a11y.check import FAILURES, NO_FAILURES, NOT_AUTOMATED, PageResult, summarise
from generator.a11y.criteria import all_criteria, criteria_for
from generator.a11y.sampling import Method, select_pages
from generator.a11y.statement import build_statement, load_judgements
from generator.site import pages_accessibility
from generator.site.site_data import collect_site_data
from generator.site.structure import site_structure
from generator.validate import validate_plan

ROOT = Path(__file__).resolve().parents[1]
ALL_PASS = Path(__file__).parent / "fixtures" / "a11y" / "judgements-all-pass.yaml"


def test_the_criteria_table_has_25_a_and_13_aa_criteria_and_411_is_never_automated():
    criteria = all_criteria()
    assert len(criteria) == 38
    assert [c.level for c in criteria].count("A") == 25
    assert len(criteria_for("A")) == 25 and len(criteria_for("AA")) == 38
    assert {c.number for c in criteria if c.automated} >= {"1.1.1", "1.4.3", "4.1.2"}
    four_one_one = next(c for c in criteria if c.number == "4.1.1")
    assert not four_one_one.automated and four_one_one.name == "構文解析"


def test_pages_are_all_pages_on_a_small_site_else_representatives_plus_a_seeded_sample():
    pages = ["index.html", "history.html", *(f"measures/m-{i:02d}.html" for i in range(30))]
    assert select_pages(pages, count=40).method is Method.ALL
    chosen = select_pages(pages, count=8, seed=3)
    assert chosen.representative == ["history.html", "index.html", "measures/m-00.html"]
    assert len(chosen.pages) == 8 and chosen.seed == 3
    assert chosen.pages == select_pages(pages, count=8, seed=3).pages  # the seed repeats it
    assert chosen.random != select_pages(pages, count=8, seed=4).random


def _summary(violations: dict[str, list[str]]) -> dict:
    results = [
        PageResult("index.html", 1280, {}, {}, {"image-alt", "color-contrast"}),
        PageResult("bad.html", 375, violations, {}, {"image-alt", "color-contrast"}),
    ]
    selection = select_pages(["index.html", "bad.html"], count=40)
    versions = {"axe-core": "4.12.1", "Chromium": "156", "Playwright": "1.65"}
    return summarise(
        results, selection, versions, base_uri="https://city.example/", today=TEST_TODAY
    )


def test_summary_lists_38_criteria_with_failures_by_page_and_rule():
    data = _summary({"image-alt": ["img"], "color-contrast": ["p"]})
    by_number = {c["number"]: c for c in data["criteria"]}
    assert len(by_number) == 38
    assert (
        by_number["4.1.1"]["automated"] == NOT_AUTOMATED and by_number["4.1.1"]["axe_rules"] == []
    )
    for number, rule in (("1.1.1", "image-alt"), ("1.4.3", "color-contrast")):
        assert by_number[number]["automated"] == FAILURES
        assert by_number[number]["failures"][0]["uri"] == "https://city.example/bad.html"
        assert by_number[number]["failures"][0]["rules"] == [rule]
    assert [t["name"] for t in data["tools"]] == ["axe-core", "Chromium", "Playwright"]
    assert data["standard"]["label"] == "JIS X 8341-3:2016"


def test_conformance_is_derived_never_compliant_without_people():
    clean = _summary({})
    alone = build_statement("AA", clean, [])
    assert alone.conformance == "一部準拠" and alone.remaining == 38
    judged = build_statement("AA", clean, load_judgements(ALL_PASS))
    assert judged.conformance == "準拠" and judged.remaining == 0
    broken = build_statement("AA", _summary({"image-alt": ["img"]}), load_judgements(ALL_PASS))
    assert broken.conformance == "一部準拠" and broken.remaining == 1  # the tool contradicts 1.1.1
    assert build_statement("AA", None, []).conformance is None


@pytest.fixture(scope="module")
def example():
    result = validate_plan(ROOT, today=TEST_TODAY)
    assert result.project is not None
    data = collect_site_data(result.project, internal=False)
    return data, site_structure(data)


def _claim(markdown: str) -> str:
    match = re.search(r"<dt>満たしている適合レベル及び対応度</dt><dd>(.*?)</dd>", markdown)
    assert match
    return match[1]


def test_results_page_says_compliant_only_when_people_judged_every_criterion(example):
    data, structure = example
    page = structure.page("a11y_results")
    assert page is not None
    clean = _summary({})
    without = pages_accessibility.render_results_with(
        page, data, structure, build_statement("AA", clean, [])
    ).markdown
    assert _claim(without).startswith("適合レベル AA に一部準拠") and "38 件中 38 件" in _claim(
        without
    )
    assert "自動検査は、各達成基準のうちツールで確かめられる一部だけ" in without.replace(
        "（axe-core）", ""
    )
    judged = pages_accessibility.render_results_with(
        page, data, structure, build_statement("AA", clean, load_judgements(ALL_PASS))
    ).markdown
    assert _claim(judged) == "適合レベル AA に準拠"
    assert "人による確認（AF（ツールで抽出し人が判定）、デジタル推進課 試験担当" in judged
    assert "https://city.example/bad.html" in judged  # every URI tested is listed


def test_policy_page_from_a_few_lines_of_settings(example):
    data, structure = example
    page = structure.page("a11y_policy")
    assert page is not None
    text = pages_accessibility.render_policy(page, data, structure).markdown
    assert "適合レベル AA に準拠することを目標とします" in text
    assert "企画部デジタル推進課" in text  # the plan's contact by default
    assert "2027年3月31日" in text


def test_every_page_links_the_policy_the_results_and_the_contact_in_its_footer(built_sites):
    site = built_sites["public"].site_dir
    for path in ("index.html", "measures/m-6-02.html", "reports/2026Q2.html"):
        html = (site / path).read_text(encoding="utf-8")
        footer = html[html.index('class="dataplan-footer-links"') :]
        prefix = "../" if "/" in path else ""
        for target, title in (
            ("accessibility.html", "ウェブアクセシビリティ方針"),
            ("accessibility-results.html", "ウェブアクセシビリティ試験結果"),
            ("contact.html", "問い合わせ先"),
        ):
            assert f'<a href="{prefix}{target}">{title}</a>' in footer, (path, target)


def test_a_judgement_file_that_does_not_fit_names_itself(tmp_path):
    from generator.a11y.statement import StatementError

    path = tmp_path / "judgements.yaml"
    path.write_text('judgements:\n  - criterion: "1.1.1"\n    result: たぶん適合\n', "utf-8")
    with pytest.raises(StatementError, match="judgements.yaml: 人による確認の結果を読めません"):
        load_judgements(path)


def test_a11y_check_usage_errors_exit_2_before_any_browser(built_sites, tmp_path):
    from typer.testing import CliRunner

    from generator.cli import app

    site = str(built_sites["public"].site_dir)
    out = tmp_path / "r.json"
    wrong_sample = CliRunner().invoke(app, ["a11y-check", str(ROOT), "--sample", "some"])
    assert wrong_sample.exit_code == 2 and "representative+random" in wrong_sample.output
    no_site = CliRunner().invoke(app, ["a11y-check", str(ROOT), "--site", str(tmp_path)])
    assert no_site.exit_code == 2 and "index.html がありません" in no_site.output
    unknown = CliRunner().invoke(
        app, ["a11y-check", str(ROOT), "--site", site, "--page", "nowhere.html", "-o", str(out)]
    )
    assert unknown.exit_code == 2 and "サイトにないページです: nowhere.html" in unknown.output
    assert not out.exists()


def test_results_older_than_a_year_say_so(example, monkeypatch):
    from generator.clock import TODAY_VARIABLE

    data, structure = example
    page = structure.page("a11y_results")
    statement = build_statement("AA", _summary({}), [])  # tested on TEST_TODAY
    fresh = pages_accessibility.render_results_with(page, data, structure, statement).markdown
    assert "1年以上前" not in fresh
    monkeypatch.setenv(TODAY_VARIABLE, "2027-12-01")
    old = pages_accessibility.render_results_with(page, data, structure, statement).markdown
    assert "この試験結果は1年以上前のものです。" in old


def _scripted_summary(violations: dict[str, list[str]]) -> dict:
    ran = {"focus-order", "focus-visible", "reflow"}
    results = [
        PageResult("index.html", 1280, {}, {}, {"image-alt"} | ran, focus_stops=40),
        PageResult("bad.html", 375, violations, {}, set(ran), focus_stops=30),
    ]
    selection = select_pages(["index.html", "bad.html"], count=40)
    versions = {"axe-core": "4.12.1", "Chromium": "156", "Playwright": "1.65"}
    return summarise(
        results, selection, versions, base_uri="https://city.example/", today=TEST_TODAY
    )


def test_the_scripted_checks_report_on_their_own_criteria_with_their_evidence(example):
    hidden = ["a トップ（画面の外）"]
    data = _scripted_summary(
        {"focus-visible": hidden, "reflow": ["幅 320 px でページの幅が 600 px"]}
    )
    by_number = {c["number"]: c for c in data["criteria"]}
    assert by_number["2.4.7"]["automated"] == FAILURES
    assert by_number["2.4.7"]["failures"] == [
        {
            "uri": "https://city.example/bad.html",
            "rules": ["focus-visible"],
            "widths": [375],
            "targets": hidden,
        }
    ]
    assert by_number["2.4.3"]["automated"] == NO_FAILURES
    assert data["other_violations"] == []  # a scripted check is no unknown axe rule
    [reflow] = data["additional_criteria"]
    assert (reflow["number"], reflow["automated"]) == ("1.4.10", FAILURES)
    assert data["focus_stops"] == 70
    # 1.4.10 is not one of JIS X 8341-3:2016's 38: it never counts for 対応度
    statement = build_statement("AA", data, load_judgements(ALL_PASS))
    assert len(statement.rows) == 38 and statement.conformance == "一部準拠"
    row = next(row for row in statement.rows if row.criterion.number == "2.4.3")
    assert row.automated == (
        "自動検査で不適合なし（ブラウザーでの検査: Tab キーによる一巡（Chromium 156））"
    )
    datas, structure = example
    page = structure.page("a11y_results")
    assert page is not None
    text = pages_accessibility.render_results_with(page, datas, structure, statement).markdown
    assert "## ブラウザーで行った検査" in text and "合わせて 70 か所のフォーカス" in text
    assert '.4.10</th><td data-label="達成基準">リフロー' in text and "WCAG 2.1" in text
    assert "幅 320 px でページの幅が 600 px" in text
    assert "focus-visible: a トップ（画面の外）" in text  # the checklist's note names it
