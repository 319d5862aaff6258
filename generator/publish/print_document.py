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

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from generator import labels
from generator.analysis import PlanAnalysis
from generator.catalogue.model import PillarEntry as CataloguePillar
from generator.kpi.status import KpiLine, StatusListing, status_listing
from generator.line_breaks import phrase_html_print
from generator.model import Measure, PlanMeta, Text
from generator.model.common import is_not_stated
from generator.model.dates import PartialDate
from generator.model.pdca import QuarterNotes
from generator.outline import OutlineNode, plan_outline
from generator.project import Audience, PlanProject
from generator.report import department_labels
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
    "draft_stage": labels.CHOICE_LABELS["DraftStage"],
    "relation": labels.CHOICE_LABELS["PlanRelation"],
    "next_plan": labels.NEXT_PLAN_LABELS,
    "kind": labels.MUNICIPALITY_KIND_LABELS,
    "implementation": labels.IMPLEMENTATION_STATUS_LABELS,
}


@dataclass(frozen=True)
class MeasureSection:
    """A section of chapter 6: a group of the plan's own structure (with its sub-groups), or a
    pillar (when the plan has no groups), with its own measures in the plan's order."""

    key: str
    title: str
    measures: list[Measure]
    children: list[MeasureSection] = field(default_factory=list)
    depth: int = 0  # 0 for a top section: its heading is h2, a sub-group's h3 …

    @property
    def anchor(self) -> str:
        return "section-" + re.sub(r"[^A-Za-z0-9-]", "-", self.key)

    @property
    def level(self) -> int:
        return min(2 + self.depth, 5)

    def all_measures(self) -> list[Measure]:
        found = list(self.measures)
        for child in self.children:
            found += child.all_measures()
        return found


@dataclass(frozen=True)
class PrintProgress:
    """The latest review for print: every KPI's line (figures, status, grade) and the PDCA notes."""

    listing: StatusListing
    notes: QuarterNotes | None
    words: labels.ReviewWords

    def lines_of(self, measure: Measure) -> list[KpiLine]:
        return [line for line in self.listing.lines if line.measure_id == measure.id]


@dataclass(frozen=True)
class PrintPlan:
    """What the templates read: the plan as one audience sees it, grouped for chapter 6."""

    meta: PlanMeta
    chapters: dict[str, Any]
    sections: list[MeasureSection]
    internal: bool
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    pillar_info: dict[str, CataloguePillar] = field(default_factory=dict)
    not_stated_chapters: frozenset[str] = frozenset()
    progress: PrintProgress | None = None
    municipality: str = ""  # 「架空県 架空市（中核市）」, a prefecture named once
    catalogues: list[CatalogueCoverage] = field(default_factory=list)  # the appendix, 手引 first
    measure_numbers: dict[str, str] = field(default_factory=dict)  # id → the plan's own number

    @property
    def measures(self) -> list[Measure]:
        return [measure for section in self.sections for measure in section.all_measures()]

    @property
    def kpi_count(self) -> int:
        return sum(len(measure.kpis) for measure in self.measures)

    @property
    def by_groups(self) -> bool:
        """The plan sorts chapter 6 by its own structure (groups), not by the pillars."""
        return any(section.key.startswith("group:") for section in self.sections)

    @property
    def shows_pillars(self) -> bool:
        return any(measure.pillar is not None for measure in self.measures)

    @property
    def shows_marks(self) -> bool:
        return any(measure.mark is not None for measure in self.measures)

    @property
    def shows_fields(self) -> bool:
        return any(measure.field is not None for measure in self.measures)


def _section(node: OutlineNode, depth: int = 0) -> MeasureSection:
    children = [_section(child, depth + 1) for child in node.children]
    return MeasureSection(node.key, node.title, node.measures, children, depth)


def print_plan(
    project: PlanProject, *, internal: bool = False, analysis: PlanAnalysis | None = None
) -> PrintPlan:
    """The plan for print: public view by default, internal view (texts flagged) when asked.

    `analysis` is the command's analysis of that view (generator.analysis), made here for
    the latest review when not given.
    """
    project = plan_view(project, Audience.INTERNAL if internal else Audience.PUBLIC)
    meta = project.meta
    sections = [_section(node) for node in plan_outline(project)]
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
    names["measure_departments"] = {
        measure.id: "、".join(department_labels(measure, names["departments"]))
        for measure in project.measures
    }
    return PrintPlan(
        meta=meta,
        chapters=dict(project.chapters.present()),
        sections=[section for section in sections if section.all_measures()],
        internal=internal,
        names=names,
        pillar_info={str(pillar.id): pillar for pillar in catalogue.pillars},
        not_stated_chapters=project.chapters.not_stated,
        progress=_progress(project, analysis),
        municipality=labels.municipality_line(meta),
        catalogues=cross_reference(project).catalogues,
        measure_numbers={m.id: m.number or m.id for m in project.measures},
    )


def _progress(view: PlanProject, analysis: PlanAnalysis | None) -> PrintProgress | None:
    """The latest review with any actual (None before the first), for the progress appendix."""
    periods = view.review_periods()
    if not periods:
        return None
    latest = periods[-1]
    listing = status_listing(view, view.actuals, latest, latest_grades=True, analysis=analysis)
    return PrintProgress(listing, view.notes.get(latest), labels.review_words(latest.is_year))


def render_print_html(
    project: PlanProject,
    *,
    internal: bool = False,
    charts: Mapping[str, Any] | None = None,
    analysis: PlanAnalysis | None = None,
    revision_table: str | None = None,
) -> str:
    """The whole plan as one HTML document for print (A4, page numbers, table of contents).

    `charts`: static KPI charts by KPI id (generator.publish.pdf_charts), printed
    below each measure's KPI table; without them the document has the tables only.
    `analysis`: the command's analysis of the view printed (see `print_plan`).
    `revision_table`: the latest revision's 新旧対照表 as Markdown for this audience
    (generator.compare.pages.LatestRevision.table), printed as the last section when given.
    """
    plan = print_plan(project, internal=internal, analysis=analysis)
    comparison = revision_comparison_html(revision_table) if revision_table else None
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
        basis=labels.basic_act_basis(plan.meta.level),
        badge=INTERNAL_BADGE,
        css=Markup((TEMPLATES / "print.css").read_text(encoding="utf-8")),
    )


def revision_comparison_html(table: str) -> Markup:
    """The latest revision's 新旧対照表 (Markdown from generator.compare) as HTML for a
    landscape section."""
    import markdown

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
        "when": when_text,
        "date": date_text,
        "period": labels.period_text,
        "phrases": _print_phrases,
    }
    return environment


@pass_context
def _print_phrases(context: Context, value: Any) -> Markup:
    """A title whose lines break only between phrases (WeasyPrint: each phrase unbroken)."""
    meta = context.get("meta")
    return phrase_html_print(str(value), (getattr(meta, "municipality", ""),))


def when_text(when: Any) -> str:
    """A target's or milestone's time: 2029年度（令和11年度）; 計画に記載なし as written."""
    return labels.NOT_STATED if is_not_stated(when) else labels.when_label(when)


def date_text(day: dt.date | PartialDate) -> str:
    """A date as the plan gives it: a day, a month or a 年度, with 和暦 (or 西暦) beside it."""
    if isinstance(day, PartialDate):
        return day.label
    return labels.date_label_with_wareki(day)


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
