"""The print document (F19): the whole plan as ONE HTML document, in the template's order.

Method: the loaded plan → `plan_view` for the audience (public: every 庁内限定
text and x-internal field removed; internal: kept, each shown with a 庁内限定
badge) → a few grouped values for the templates (chapter 6's measures by pillar,
the catalogue's names by id, the words from generator/labels.py) →
`generator/templates/print/document.html.j2` in the shared escaping environment
(generator/templating.py), so every text from YAML prints as text.

Order: cover (団体、計画名、計画期間 in 西暦 and 和暦、策定日、問い合わせ先),
table of contents, 計画の概要, chapters 1–7 (CHAPTER_TITLES), 国の計画などとの対応
(each catalogue with its provenance and coverage), 改定履歴. The
print CSS beside the templates sets A4, Noto Sans CJK JP (margin boxes too),
page numbers and repeating table headers; `generator.publish.pdf` turns the
document into a tagged PDF.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from generator import labels
from generator.catalogue.model import PillarEntry as CataloguePillar
from generator.model import Measure, PlanMeta, Text
from generator.outline import plan_outline
from generator.project import Audience, PlanProject
from generator.resolve import CatalogueCoverage, cross_reference
from generator.templating import environment as shared_environment
from generator.visibility import plan_view

TEMPLATES = Path(__file__).parent.parent / "templates" / "print"
TEMPLATE = "print/document.html.j2"
INTERNAL_BADGE = labels.INTERNAL_MARK

# The label tables the templates read, by what they label (values of different
# enums share strings such as "other", so one merged table would mix them up).
LABELS: dict[str, dict[str, str]] = {
    "audience": labels.AUDIENCE_LABELS,
    "cadence": labels.REVIEW_CADENCE_LABELS,
    "kpi_kind": labels.KPI_KIND_LABELS,
    "kpi_type": labels.KPI_TYPE_LABELS,
    "direction": labels.DIRECTION_LABELS,
    "accumulation": labels.ACCUMULATION_LABELS,
    "milestone_status": labels.MILESTONE_STATUS_LABELS,
    "mark": labels.MARK_LABELS,
    "partner_type": labels.PARTNER_TYPE_LABELS,
    "pattern": labels.PATTERN_LABELS,
    "other_plan_kind": labels.OTHER_PLAN_KIND_LABELS,
    "use_type": labels.USE_TYPE_LABELS,
    "clause": labels.CLAUSE_LABELS,
    "council_status": labels.COUNCIL_STATUS_LABELS,
    "checklist": labels.CHECKLIST_LABELS,
}


@dataclass(frozen=True)
class MeasureSection:
    """A section of chapter 6: a top group of the plan's own structure, or a pillar (when the
    plan has no groups), with its measures in the plan's order."""

    key: str
    title: str
    measures: list[Measure]

    @property
    def anchor(self) -> str:
        return "section-" + re.sub(r"[^A-Za-z0-9-]", "-", self.key)


@dataclass(frozen=True)
class PrintPlan:
    """What the templates read: the plan as one audience sees it, grouped for chapter 6."""

    meta: PlanMeta
    chapters: dict[str, Any]
    sections: list[MeasureSection]
    internal: bool
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    pillar_info: dict[str, CataloguePillar] = field(default_factory=dict)
    catalogues: list[CatalogueCoverage] = field(default_factory=list)  # the appendix, 手引 first
    measure_numbers: dict[str, str] = field(default_factory=dict)  # id → the plan's own number

    @property
    def measures(self) -> list[Measure]:
        return [measure for section in self.sections for measure in section.measures]

    @property
    def kpi_count(self) -> int:
        return sum(len(measure.kpis) for measure in self.measures)


def print_plan(project: PlanProject, *, internal: bool = False) -> PrintPlan:
    """The plan for print: public view by default, internal view (texts flagged) when asked."""
    project = plan_view(project, Audience.INTERNAL if internal else Audience.PUBLIC)
    meta = project.meta
    sections = [
        MeasureSection(node.key, node.title, node.all_measures()) for node in plan_outline(project)
    ]
    catalogue = project.catalogue
    names = {
        "departments": meta.department_names(),
        "national_measures": {item.id: item.name for item in catalogue.national_measures},
        "case_studies": {
            item.id: f"{item.title}（{item.municipality}）" for item in catalogue.case_studies
        },
        "examples": {item.id: item.name for item in catalogue.template_examples},
        "fields": {str(item.id): item.label for item in catalogue.fields},
        "pillars": {str(item.id): item.short_label for item in catalogue.pillars} | {"None": "—"},
        "groups": {group.id: f"{group.level} {group.id} {group.name}" for group in meta.groups},
        "kpis": {kpi.id: f"{kpi.name}（{m.id} で定義）" for m, _, kpi in project.iter_kpis()},
        "catalogue_entries": {
            catalogue.ref(entry): f"{catalogue.catalogue.title} {catalogue.catalogue.version}"
            f" {entry.key} {entry.title}"
            for catalogue in project.references.catalogues
            for entry in catalogue.entries
        },
    }
    return PrintPlan(
        meta=meta,
        chapters=dict(project.chapters.present()),
        sections=[section for section in sections if section.measures],
        internal=internal,
        names=names,
        pillar_info={str(pillar.id): pillar for pillar in catalogue.pillars},
        catalogues=cross_reference(project).catalogues,
        measure_numbers={m.id: m.number or m.id for m in project.measures},
    )


def render_print_html(
    project: PlanProject, *, internal: bool = False, charts: Mapping[str, Any] | None = None
) -> str:
    """The whole plan as one HTML document for print (A4, page numbers, table of contents).

    `charts`: static KPI charts by KPI id (generator.publish.pdf_charts), printed
    below each measure's KPI table; without them the document has the tables only.
    """
    plan = print_plan(project, internal=internal)
    comparison = revision_comparison_html(project, internal=internal)
    departments, pillars = plan.names["departments"], plan.names["pillars"]
    environment = _environment(
        department=lambda key: departments.get(key, key),
        pillar_name=lambda key: pillars.get(str(key), str(key)),
    )
    return environment.get_template(TEMPLATE).render(
        plan=plan,
        meta=plan.meta,
        chapter_titles=labels.CHAPTER_TITLES,
        labels=LABELS,
        charts=charts or {},
        comparison=comparison,
        badge=INTERNAL_BADGE,
        css=Markup((TEMPLATES / "print.css").read_text(encoding="utf-8")),
    )


def revision_comparison_html(project: PlanProject, *, internal: bool) -> Markup | None:
    """The latest revision's 新旧対照表 (generator.compare) as HTML for a landscape section;
    None when there is no earlier edition to compare with, or a side cannot be read."""
    import markdown

    from generator.compare.pages import revision_page_markdown
    from generator.compare.sides import SideUnavailable

    if not project.meta.revisions:
        return None
    audience = Audience.INTERNAL if internal else Audience.PUBLIC
    try:
        table = revision_page_markdown(project.root, audience=audience)
    except SideUnavailable:
        return None
    if table is None:
        return None
    body = table.split("\n", 1)[1] if table.startswith("# ") else table  # the section has its h1
    # The comparison's Markdown escapes every user text (generator.templating), so the
    # HTML made from it carries only the tool's own markup.
    return Markup(
        markdown.markdown(body, extensions=["tables"]).replace("<h2>", '<h2 class="compare">')
    )


def _environment(**filters: Any) -> Environment:
    """The shared escaping environment, overlaid with the print document's own HTML filters.

    The overlay gets its own filter table, so the shared environment stays as it is.
    """
    environment = shared_environment().overlay(trim_blocks=True, lstrip_blocks=True)
    environment.filters = {
        **environment.filters,
        **filters,
        "html_paragraphs": paragraphs,
        "html_inline": inline,
        "number": number,
        "fiscal_year": labels.fiscal_year_label,
        "when": labels.when_label,
        "date": labels.date_label_with_wareki,
        "period": labels.period_text,
    }
    return environment


def _badge() -> Markup:
    return Markup('<span class="badge-internal">{}</span>').format(INTERNAL_BADGE)


def paragraphs(text: Text | str | None) -> Markup:
    """A text as paragraphs (blank line = new paragraph, newline = line break), escaped.

    An internal text (shown only in the internal view) is wrapped in a marked block
    that starts with the 庁内限定 badge.
    """
    if text is None:
        return Markup("")
    body = str(text)
    blocks = [block for block in body.replace("\r\n", "\n").split("\n\n") if block.strip()]
    html = Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in block.split("\n")))
        for block in blocks
    )
    if isinstance(text, Text) and text.is_internal:
        return Markup('<div class="internal">{}{}</div>').format(_badge(), html)
    return html


def inline(text: Text | str | None) -> Markup:
    """A short text inside a table cell or list item, escaped; internal ones get the badge."""
    if text is None:
        return Markup("")
    html = escape(str(text)).replace("\n", Markup("<br>"))
    if isinstance(text, Text) and text.is_internal:
        return Markup('{} <span class="internal">{}</span>').format(_badge(), html)
    return html


def number(value: float | int | str | None) -> str:
    """A KPI value for people: numbers with thousands separators, texts (段階) as they are."""
    if value is None:
        return labels.NONE
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return labels.display_number(value)
