"""Chapter 6 and the pillars: the measures by the plan's own groups, by pillar, and one page each."""

from __future__ import annotations

import re

from markupsafe import Markup

from generator import labels, status_words
from generator.kpi.status import summary_text
from generator.model.kpi import (
    Kpi,
)
from generator.model.measure import (
    Measure,
)
from generator.outline import OutlineNode, plan_outline
from generator.report import department_labels
from generator.rollup import measure_kpi_ids
from generator.site import formatting, kpi_card_data
from generator.site.formatting import review_time
from generator.site.page_context import RenderedPage, base_context, front_matter
from generator.site.pages_national import entry_anchor
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure, measure_title
from generator.templating import render, text_safe


def measure_list(data: SiteData, measures: list[Measure], links) -> Markup:
    """An HTML list of measures, each linked by its number and name, with its pillar."""
    items = "".join(
        render(
            "site/measure_item.html.j2",
            measure=m,
            title=measure_title(m),
            links=links,
            pillar=data.pillar(m.pillar),
        )
        for m in measures
    )
    return Markup(f"<ul>{items}</ul>")


def outline_anchor(node: OutlineNode) -> str:
    """The id of a section of chapter 6: group-1-1, pillar-online."""
    return node.key.replace(":", "-")


def render_measures_index(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """Chapter 6 by the plan's own outline (groups → measures); by pillar when it has none."""
    context = base_context(page, data, structure)
    outline = plan_outline(data.view)
    sections: list[tuple[OutlineNode, int, Markup | None]] = []

    def walk(node: OutlineNode, level: int) -> None:
        items = measure_list(data, node.measures, context["links"]) if node.measures else None
        sections.append((node, min(level, 6), items))
        for child in node.children:
            walk(child, level + 1)

    for node in outline:
        walk(node, 2)
    context.update(
        sections=sections,
        anchor=outline_anchor,
        by_groups=any(node.key.startswith("group:") for node in outline),
        levels="・".join(dict.fromkeys(g.level for g in data.meta.groups)),
        count=len(data.view.measures),
    )
    return RenderedPage(render("site/measures_index.md.j2", **context))


def render_section(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """One section of chapter 6 (a group of the plan, or a pillar): its measures, and those of
    its sub-sections under their titles, each linked to the sub-section's own page."""
    context = base_context(page, data, structure)
    node = structure.sections[page.key]
    sections: list[tuple[OutlineNode, int, str | None, Markup | None]] = []

    def walk(child: OutlineNode, level: int) -> None:
        own = structure.page("section", child.key)
        items = measure_list(data, child.measures, context["links"]) if child.measures else None
        sections.append((child, min(level, 6), own.path if own else None, items))
        for grandchild in child.children:
            walk(grandchild, level + 1)

    for child in node.children:
        walk(child, 2)
    context.update(
        node=node,
        measures=measure_list(data, node.measures, context["links"]) if node.measures else None,
        sections=sections,
        count=len(node.all_measures()),
        chapter_title=labels.CHAPTER_TITLES["measures"],
    )
    return RenderedPage(render("site/section.md.j2", **context))


def render_pillars_index(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """The five pillars, each with its policy text and its measures."""
    context = base_context(page, data, structure)
    policy = data.view.chapters.policy
    texts = {p.pillar.value: p.text for p in policy.pillars} if policy else {}
    rows = []
    for pillar in data.catalogue.pillars:
        if structure.page("pillar", pillar.id) is None:
            continue
        own = [m for m in data.view.measures if m.pillar == pillar.id]
        rows.append(
            (pillar, texts.get(pillar.id), measure_list(data, own, context["links"]), len(own))
        )
    context.update(rows=rows)
    return RenderedPage(render("site/pillars_index.md.j2", **context))


def render_pillar(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """One pillar: its policy, its measures, and the measures that relate to it too."""
    context = base_context(page, data, structure)
    pillar = data.pillar(page.key)
    assert pillar is not None, page.key  # pillar pages exist only for the catalogue's pillars
    policy = data.view.chapters.policy
    text = (
        next((p.text for p in policy.pillars if p.pillar.value == pillar.id), None)
        if policy
        else None
    )
    own = [m for m in data.view.measures if m.pillar == pillar.id]
    related = [
        m for m in data.view.measures if any(p.value == pillar.id for p in m.related_pillars)
    ]
    context.update(
        pillar=pillar,
        policy_text=text,
        measures=measure_list(data, own, context["links"]) if own else None,
        related=measure_list(data, related, context["links"]) if related else None,
        count=len(own),
    )
    return RenderedPage(render("site/pillar.md.j2", **context))


def render_measure(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """One measure: texts, KPI cards with charts and data, schedule, references, PDCA notes."""
    measure = data.measures_by_id[page.key]
    context = base_context(page, data, structure)
    links = context["links"]
    files: dict[str, bytes] = {}
    cards, charts = [], False
    for kpi_id in measure_kpi_ids(measure):
        if kpi_id not in data.kpis:
            continue
        owner, kpi = data.kpis[kpi_id]
        card, chart, card_files = _kpi_card(data, measure, owner, kpi, links)
        cards.append(card)
        charts = charts or chart
        files.update(card_files)
    catalogue = data.catalogue
    context.update(
        front_matter=front_matter(page.title, charts=charts),
        measure=measure,
        groups=data.group_path(measure.group),
        pillar=data.pillar(measure.pillar),
        related_pillars=[data.pillar(p.value) for p in measure.related_pillars],
        field_label=data.field_label(measure.field.value) if measure.field else None,
        mark_text=labels.MARK_LABELS[measure.mark] if measure.mark else None,
        departments=department_labels(measure, data.meta.department_names()),
        listing_status=_measure_status(data, measure),
        latest_label=review_time(data.latest, long=True) if data.latest else "",
        next_plan=labels.NEXT_PLAN_LABELS[measure.next_plan.decision]
        if measure.next_plan
        else None,
        words=labels.review_words(data.yearly),
        partner_types=labels.PARTNER_TYPE_LABELS,
        cards=cards,
        milestone_labels=labels.MILESTONE_STATUS_LABELS,
        nationals=[n for n in catalogue.national_measures if n.id in measure.national_measures],
        cases=[c for c in catalogue.case_studies if c.id in measure.case_studies],
        example=next(
            (e for e in catalogue.template_examples if e.id == measure.catalogue_example), None
        ),
        entries=_catalogue_entries(data, measure),
        data_use=_data_use(data, measure, context) if measure.data_use else None,
        pdca=[
            (quarter, notes.measures[measure.id])
            for quarter, notes in sorted(data.notes.items(), reverse=True)
            if measure.id in notes.measures
        ],
        implementation_labels=labels.IMPLEMENTATION_STATUS_LABELS,
    )
    return RenderedPage(render("site/measure.md.j2", **context), files=files, charts=charts)


def _catalogue_entries(data: SiteData, measure: Measure) -> list[tuple[str, str, str, str]]:
    """(catalogue title and version, entry key, entry title, anchor on the national page)."""
    found = []
    for ref in measure.catalogue_entries:
        resolved = data.view.references.resolve(ref)
        if resolved is not None:
            catalogue, entry = resolved
            info = catalogue.catalogue
            found.append(
                (f"{info.title} {info.version}", entry.key, entry.title, entry_anchor(ref))
            )
    return found


def _measure_status(data: SiteData, measure: Measure) -> str:
    rollup = data.measure_rollups.get(measure.id)
    return summary_text(rollup) if rollup else ""


def chart_id_for(measure: Measure, kpi: Kpi) -> str:
    """An HTML id for a KPI's chart on a measure's page (a letter first, then [A-Za-z0-9_-])."""
    return "chart-" + re.sub(r"[^A-Za-z0-9_-]", "_", f"{measure.id}-{kpi.id}")


def _kpi_card(data: SiteData, measure: Measure, owner: Measure, kpi: Kpi, links):
    actuals = data.actuals_of(kpi.id)
    evaluation = data.evaluations.get(kpi.id)
    progress = evaluation.current if evaluation else None
    chart = kpi_card_data.kpi_chart(kpi, actuals, progress, chart_id_for(measure, kpi))
    csv_path = f"data/kpi/{kpi.id}.csv"
    csv = kpi_card_data.values_csv(kpi, actuals)
    files = {csv_path: csv}
    svg_path = f"charts/{kpi.id}.svg"  # a picture, not data: not listed with the open data
    if chart is not None:
        files[svg_path] = chart.file_svg.encode("utf-8")
    latest = labels.NONE
    if progress and progress.latest_quarter:
        shown = status_words.latest_text(progress, kpi.unit or "")
        latest = Markup(f"{text_safe(shown)}（{review_time(progress.latest_quarter)}）")
    line = data.lines.get(kpi.id)
    relisted = owner.id != measure.id
    last_actual = actuals[-1] if actuals else None  # oldest quarter first
    card = render(
        "site/kpi_card.html.j2",
        kpi=kpi,
        measure=measure,
        links=links,
        h=formatting,
        relisted_from=owner if relisted else None,
        relisted_from_title=measure_title(owner),
        relisted_in=[] if relisted else [(m, measure_title(m)) for m in data.relisted_in(kpi.id)],
        latest_label=review_time(data.latest, long=True) if data.latest else "",
        progress=progress,
        grade=line.grade if line else None,
        reporting_department=_reporting_department(data, owner, kpi),
        municipality=data.meta.municipality,
        status_label=labels.STATUS_LABELS[progress.status] if progress else "",
        explanation=status_words.explain(progress, kpi.unit, data.meta.evaluation)
        if progress
        else "",
        latest=latest,
        updated=last_actual.recorded_on if last_actual else None,
        updated_quarter=last_actual.quarter if last_actual else "",
        type_label=labels.KPI_TYPE_LABELS[kpi.type],
        kind_label=labels.KPI_KIND_LABELS[kpi.kind],
        direction_label=labels.DIRECTION_LABELS[kpi.direction],
        accumulation_label=labels.ACCUMULATION_LABELS[kpi.accumulation],
        chart=chart.to_html() if chart is not None else None,
        table=kpi_card_data.values_table(kpi, actuals),
        csv_href=links.html(csv_path),
        csv_size=labels.file_size_label(len(csv)),
        svg_href=links.html(svg_path) if chart is not None else None,
        svg_size=labels.file_size_label(len(files[svg_path])) if chart is not None else "",
    )
    return Markup(card), chart is not None, files


def _reporting_department(data: SiteData, measure: Measure, kpi: Kpi) -> str:
    department = data.view.kpi_department(measure, kpi)
    return data.department_name(department) if department else labels.NOT_STATED


def _data_use(data: SiteData, measure: Measure, context: dict) -> Markup:
    assert measure.data_use is not None
    checklist = measure.data_use.checklist
    steps = [
        (labels.CHECKLIST_LABELS[name], getattr(checklist, name))
        for name in labels.CHECKLIST_LABELS
    ]
    return Markup(
        render(
            "site/data_use.html.j2",
            data_use=measure.data_use,
            h=context["h"],
            use_type_labels=labels.USE_TYPE_LABELS,
            clause_labels=labels.CLAUSE_LABELS,
            council_labels=labels.COUNCIL_STATUS_LABELS,
            checklist=steps,
            departments=data.meta.department_names(),
        )
    )
