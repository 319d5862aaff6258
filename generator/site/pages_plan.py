"""Pages about the plan as a whole: top, chapters 1–5 and 7, revisions, contact, search."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from generator import labels
from generator.kpi.status import grade_text
from generator.outline import OutlineNode, plan_outline
from generator.site import kpi_card_data
from generator.site.formatting import date_time, fiscal_year_time
from generator.site.links import Links
from generator.site.page_context import RenderedPage, base_context, front_matter
from generator.site.pages_measures import outline_anchor
from generator.site.pages_open_data import DataFile
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure
from generator.templating import render
from generator.wareki import era_year


def period_markup(data: SiteData) -> Markup:
    """計画期間 as two `<time>` elements: its start (a 年度 or a month) and its last 年度;
    計画に記載なし when the plan does not state it."""
    period = data.meta.known_period
    if period is None:
        return Markup(escape(labels.NOT_STATED))
    if isinstance(period.start, int):
        start = fiscal_year_time(period.start)
    else:
        year, month = (int(part) for part in period.start.split("-"))
        era, number = era_year(year)
        wareki = f"{era}{'元' if number == 1 else number}年{month}月"
        start = Markup(
            f'<time datetime="{year:04d}-{month:02d}">{year}年{month}月（{escape(wareki)}）</time>'
        )
    return Markup(f"{start}〜{fiscal_year_time(period.end)}")


def render_top(
    page: Page, data: SiteData, structure: SiteStructure, *, pdf: DataFile | None = None
) -> RenderedPage:
    """The top page: the plan at a glance (and the link to its PDF, when one was written)."""
    pillar_chart = kpi_card_data.pillar_status_chart(data.pillar_status_rows(), "chart-pillars")
    measures = data.view.measures
    pillars = [
        (pillar, sum(1 for m in measures if m.pillar == pillar.id))
        for pillar in data.catalogue.pillars
        if structure.page("pillar", pillar.id)
    ]
    if data.meta.own_structure or any(
        node.key.startswith("group:") for node in plan_outline(data.view)
    ):
        pillars = [(pillar, count) for pillar, count in pillars if count]  # a second view only
    rules = data.meta.evaluation.mark_rules()
    context = base_context(page, data, structure)
    context.update(
        period=period_markup(data),
        listing=data.listing,
        legend=list(dict.fromkeys((rule.mark, rule.label) for rule in rules)),
        pillar_chart=pillar_chart.to_html() if pillar_chart is not None else None,
        counted_by_pillar=sum(sum(marks.values()) for _, marks in data.pillar_status_rows()),
        pillars=pillars,
        groups=any(node.key.startswith("group:") for node in plan_outline(data.view)),
        group_tree=group_tree(data, Links(page.path)),
        contact_line=_contact_line(data),
        pdf=pdf,
        municipality=labels.municipality_line(data.meta),
        basis=labels.basic_act_basis(data.meta.level),
        grades=grade_text(data.listing, [g.grade for g in data.meta.evaluation.grades])
        if data.listing
        else "",
        words=labels.review_words(data.yearly),
        latest_words=data.latest_words,
    )
    # The pillar chart is static small multiples: the page needs no chart script.
    return RenderedPage(render("site/top.md.j2", **context))


def group_tree(data: SiteData, links: Links) -> Markup:
    """The plan's outline as nested lists, each section linking to its place in chapter 6."""

    def items(nodes: list[OutlineNode]) -> str:
        if not nodes:
            return ""
        parts = []
        for node in nodes:
            count = len(node.all_measures())
            href = escape(links.html("measures/index.md", outline_anchor(node)))
            label = escape(node.title)
            parts.append(
                f'<li><a href="{href}">{label}</a>（施策 {count} 件）{items(node.children)}</li>'
            )
        return "<ul>" + "".join(parts) + "</ul>"

    return Markup(items(plan_outline(data.view)))


def _contact_line(data: SiteData) -> str:
    contact = data.meta.contact
    if contact is None:
        return ""
    return f"この計画の担当は{data.department_name(contact.department)}です。"


def render_chapter(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """One chapter (1–5, 7) in the template's order; 計画に記載なし for a chapter the plan lacks."""
    chapter: Any = getattr(data.view.chapters, page.key)
    context = base_context(page, data, structure)
    context.update(name=page.key, chapter=chapter, words=labels.review_words(data.yearly))
    if chapter is None:
        return RenderedPage(render("site/chapter.md.j2", **context))
    if page.key == "purpose":
        grouped: dict = {}
        for benefit in chapter.benefits:
            grouped.setdefault(f"{labels.AUDIENCE_LABELS[benefit.audience]}にとって", []).append(
                benefit.text
            )
        context["benefits"] = list(grouped.items())
    if page.key == "positioning":
        context["pattern"] = labels.PATTERN_LABELS[data.meta.pattern]
        context["other_kinds"] = labels.OTHER_PLAN_KIND_LABELS
    if page.key == "structure":
        context["cadence"] = labels.REVIEW_CADENCE_LABELS[chapter.review_cadence]
    if page.key == "policy":
        policies = {p.pillar.value: p for p in chapter.pillars}
        context["pillar_policies"] = [
            (pillar, policies[pillar.id], _count(data, pillar.id))
            for pillar in data.catalogue.pillars
            if pillar.id in policies
        ]
    if page.key == "security":
        context["security_lists"] = [
            ("遵守する法律", chapter.laws),
            ("情報セキュリティポリシー等の規程", chapter.policies),
            ("条例・規則", chapter.ordinances),
        ]
    return RenderedPage(render("site/chapter.md.j2", **context))


def _count(data: SiteData, pillar_id: str) -> int:
    return sum(1 for m in data.view.measures if m.pillar == pillar_id)


def render_history(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """改定履歴: adoption and every revision (newest first), the revision policy, how the plan
    was drafted (drafts, public comment), renamed departments, the plans before and after."""
    context = base_context(page, data, structure)
    departments = data.meta.departments
    context.update(
        revisions=list(reversed(data.meta.revisions)),
        predecessor=data.meta.predecessor,
        renames=sorted(
            ((d, rename) for d in departments for rename in d.renames),
            key=lambda pair: pair[1].effective_on,
        ),
        formerly=[d for d in departments if d.former_names],
        stages=labels.CHOICE_LABELS["DraftStage"],
        relations=labels.CHOICE_LABELS["PlanRelation"],
    )
    return RenderedPage(render("site/history.md.j2", **context))


def render_revision(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """新旧対照表 of the latest revision (generator.compare), for the audience of this build.

    The page exists only when there is a table (site_structure)."""
    return RenderedPage(str(front_matter(page.title)) + "\n" + (data.revision_table or ""))


def render_contact(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """問い合わせ先 (staff names only in the internal view, where the view keeps them)."""
    contact = data.meta.contact
    context = base_context(page, data, structure)
    context.update(
        contact=contact,
        department=data.department_name(contact.department) if contact else "",
    )
    return RenderedPage(render("site/contact.md.j2", **context))


def render_search(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """The search page: Pagefind's interface, started by theme/javascripts/search-page.js."""
    context = base_context(page, data, structure)
    context.update(front_matter=front_matter(page.title, search_page=True))
    return RenderedPage(render("site/search.md.j2", **context))


__all__ = [
    "date_time",
    "render_chapter",
    "render_contact",
    "render_history",
    "render_revision",
    "render_search",
    "render_top",
]
