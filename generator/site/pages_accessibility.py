"""ウェブアクセシビリティ方針 and 試験結果 (JIS X 8341-3:2016): two pages, when the plan has an
`accessibility:` section. The 試験結果 page is built from the data `dataplan a11y-check`
writes and the judgements people record; its 対応度 is derived (generator/a11y/statement.py).
"""

from __future__ import annotations

import datetime as dt

from generator.a11y.criteria import STANDARD_LABEL
from generator.a11y.statement import (
    TEST_CLASS_LABELS,
    Statement,
    build_statement,
    load_judgements,
    load_results,
)
from generator.clock import today
from generator.model.accessibility import Accessibility
from generator.site.page_context import RenderedPage, base_context
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure
from generator.templating import render

STALE_AFTER_DAYS = 365  # 総務省のガイドライン: 試験は毎年
POLICY_PATH = "accessibility.md"
RESULTS_PATH = "accessibility-results.md"
POLICY_TITLE = "ウェブアクセシビリティ方針"
RESULTS_TITLE = "ウェブアクセシビリティ試験結果"
# The edition of WAIC's guideline whose wording (準拠, 一部準拠, 配慮) the pages use.
WORDING_GUIDELINE = (
    "ウェブアクセシビリティ基盤委員会「ウェブコンテンツの JIS X 8341-3:2016 "
    "対応度表記ガイドライン」（2021年4月版）"
)


def settings(data: SiteData) -> Accessibility:
    return data.meta.accessibility or Accessibility()


def statement_for(data: SiteData) -> Statement:
    """The tool's latest data and people's judgements, read from the files the settings name."""
    config = settings(data)
    root = data.view.root
    return build_statement(
        config.target_level.value,
        load_results(root / config.test_results, root),
        load_judgements(root / config.judgements, root),
    )


def render_policy(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """The policy: scope, target and deadline, exceptions, the state reached, problems, contact."""
    config = settings(data)
    context = base_context(page, data, structure)
    contact = data.meta.contact
    context.update(
        a11y=config,
        standard=STANDARD_LABEL,
        wording=WORDING_GUIDELINE,
        statement=statement_for(data),
        contact=contact,
        department=data.department_name(contact.department) if contact else "",
        results_path=RESULTS_PATH,
    )
    return RenderedPage(render("site/a11y_policy.md.j2", **context))


def render_results(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    return render_results_with(page, data, structure, statement_for(data))


def render_results_with(
    page: Page, data: SiteData, structure: SiteStructure, statement: Statement
) -> RenderedPage:
    """The 試験結果 in the order of JB.3.1, then the 達成基準チェックリスト."""
    config = settings(data)
    results = statement.results or {}
    judged = [row.judgement for row in statement.rows if row.judgement is not None]
    days = [dt.date.fromisoformat(results["date"])] if results.get("date") else []
    days += [j.on for j in judged]
    context = base_context(page, data, structure)
    context.update(
        a11y=config,
        standard=STANDARD_LABEL,
        wording=WORDING_GUIDELINE,
        statement=statement,
        results=results,
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        testers=sorted({j.by for j in judged}),
        class_labels=TEST_CLASS_LABELS,
        policy_path=POLICY_PATH,
        stale=bool(days) and (today() - max(days)).days > STALE_AFTER_DAYS,
    )
    return RenderedPage(render("site/a11y_results.md.j2", **context))
