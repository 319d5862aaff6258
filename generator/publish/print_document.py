"""The print document (F19): the whole plan as ONE HTML document, in the template's order.

Method: the loaded plan → the audience's view (public: every 庁内限定 text and
x-internal field removed; internal: kept, each shown with a 庁内限定 badge) →
a few grouped values for the templates (chapter 6's measures by pillar, the
catalogue's names by id) → `generator/templates/print/document.html.j2`, an
autoescaping jinja environment, so every text from YAML prints as text.

Order: cover (団体、計画名、計画期間 in 西暦 and 和暦、策定日、問い合わせ先),
table of contents, 計画の概要, chapters 1–7 (CHAPTER_TITLES), 改定履歴. The
print CSS beside the templates sets A4, Noto Sans CJK JP (margin boxes too),
page numbers and repeating table headers; `generator.publish.pdf` turns the
document into a tagged PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from generator.catalogue.model import PillarEntry as CataloguePillar
from generator.kpi.values import display_number
from generator.model import CHAPTER_TITLES, Measure, PlanMeta, Text
from generator.model.chapters import Audience as BenefitAudience
from generator.model.chapters import ReviewCadence
from generator.model.data_use import CLAUSE_LABELS, CouncilStatus, UseType
from generator.model.kpi import KPI_KIND_LABELS, KPI_TYPE_LABELS, Accumulation, Direction
from generator.model.measure import MARK_SYMBOLS, MILESTONE_STATUS_LABELS, Mark, PartnerType
from generator.model.plan import OtherPlanKind, Pattern
from generator.project import Audience, PlanProject
from generator.templating import environment as shared_environment
from generator.time_labels import period_text, when_label
from generator.visibility import plan_view
from generator.wareki import date_label, fiscal_year_label

TEMPLATES = Path(__file__).parent.parent / "templates" / "print"
TEMPLATE = "print/document.html.j2"
INTERNAL_BADGE = "庁内限定"

# Labels the print document needs that no model module names yet.
LABELS: dict[Any, str] = {
    BenefitAudience.RESIDENTS: "住民",
    BenefitAudience.BUSINESSES: "事業者",
    BenefitAudience.STAFF: "職員",
    BenefitAudience.COMMUNITY: "地域",
    ReviewCadence.QUARTERLY: "四半期ごと",
    ReviewCadence.HALF_YEARLY: "半年ごと",
    ReviewCadence.YEARLY: "毎年度",
    Direction.INCREASE: "増やす",
    Direction.DECREASE: "減らす",
    Direction.KEEP: "維持",
    Accumulation.CUMULATIVE: "累計",
    Accumulation.PER_PERIOD: "各年度の値",
    Mark.NATIONAL: f"{MARK_SYMBOLS[Mark.NATIONAL]} 国の施策と整合",
    Mark.LOCAL: f"{MARK_SYMBOLS[Mark.LOCAL]} 他団体の事例に基づく",
    PartnerType.COMPANY: "民間事業者",
    PartnerType.NPO: "NPO",
    PartnerType.UNIVERSITY: "大学",
    PartnerType.GOVERNMENT: "行政機関",
    PartnerType.OTHER: "その他",
    UseType.IN_PURPOSE: "目的内利用",
    UseType.BEYOND_PURPOSE: "目的外利用",
    CouncilStatus.NOT_NEEDED: "諮問不要",
    CouncilStatus.PLANNED: "諮問予定",
    CouncilStatus.CONSULTED: "諮問済",
    CouncilStatus.APPROVED: "了承",
    CouncilStatus.REJECTED: "不承認",
    Pattern.STANDALONE: "パターン1（単独の計画）",
    Pattern.EMBEDDED: "パターン2（既存の計画に盛り込む）",
    OtherPlanKind.DX_PLAN: "自治体DX推進計画",
    OtherPlanKind.COMPREHENSIVE_PLAN_SECTOR: "総合計画の分野別計画",
    OtherPlanKind.ORDINANCE_PLAN: "条例に基づく計画",
    OtherPlanKind.INFORMATION_PLAN: "情報化計画",
    OtherPlanKind.OTHER: "その他の計画",
    **KPI_KIND_LABELS,
    **KPI_TYPE_LABELS,
    **MILESTONE_STATUS_LABELS,
    **CLAUSE_LABELS,
}

CHECKLIST_LABELS = {
    "purpose_defined": "目的を明確にした",
    "kpi_defined": "サービスと KPI を定めた",
    "data_identified": "必要なデータを洗い出した",
    "legal_basis_checked": "法令・条例上の根拠を確認した",
    "council_consulted": "必要な審議会への諮問を済ませた",
    "acquisition_arranged": "データの取得方法を決めた",
    "after_use_decided": "利用後の取扱いを決めた",
}


@dataclass(frozen=True)
class PillarSection:
    """A section of chapter 6: one pillar of the catalogue and the plan's measures under it."""

    pillar: CataloguePillar
    measures: list[Measure]

    @property
    def anchor(self) -> str:
        return f"pillar-{self.pillar.number}"


@dataclass(frozen=True)
class PrintPlan:
    """What the templates read: the plan as one audience sees it, grouped for chapter 6."""

    meta: PlanMeta
    chapters: dict[str, Any]
    pillars: list[PillarSection]
    internal: bool
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    pillar_info: dict[str, CataloguePillar] = field(default_factory=dict)

    @property
    def measures(self) -> list[Measure]:
        return [measure for section in self.pillars for measure in section.measures]

    @property
    def kpi_count(self) -> int:
        return sum(len(measure.kpis) for measure in self.measures)


def print_plan(project: PlanProject, *, internal: bool = False) -> PrintPlan:
    """The plan for print: public view by default, internal view (texts flagged) when asked."""
    project = plan_view(project, Audience.INTERNAL if internal else Audience.PUBLIC)
    meta, measures = project.meta, project.measures
    sections = [
        PillarSection(pillar, [m for m in measures if m.pillar == pillar.id])
        for pillar in project.catalogue.pillars
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
        "pillars": {str(item.id): item.short_label for item in catalogue.pillars},
        "groups": {group.id: f"{group.level} {group.id} {group.name}" for group in meta.groups},
        "kpis": {kpi.id: f"{kpi.name}（{m.id} で定義）" for m, _, kpi in project.iter_kpis()},
    }
    return PrintPlan(
        meta=meta,
        chapters=dict(project.chapters.present()),
        pillars=[section for section in sections if section.measures],
        internal=internal,
        names=names,
        pillar_info={str(pillar.id): pillar for pillar in catalogue.pillars},
    )


def render_print_html(project: PlanProject, *, internal: bool = False) -> str:
    """The whole plan as one HTML document for print (A4, page numbers, table of contents)."""
    plan = print_plan(project, internal=internal)
    departments, pillars = plan.names["departments"], plan.names["pillars"]
    environment = _environment(
        department=lambda key: departments.get(key, key),
        pillar_name=lambda key: pillars.get(str(key), str(key)),
    )
    return environment.get_template(TEMPLATE).render(
        plan=plan,
        meta=plan.meta,
        chapter_titles=CHAPTER_TITLES,
        labels=LABELS,
        symbols=MARK_SYMBOLS,
        checklist_labels=CHECKLIST_LABELS,
        badge=INTERNAL_BADGE,
        css=Markup((TEMPLATES / "print.css").read_text(encoding="utf-8")),
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
        "fiscal_year": fiscal_year_label,
        "when": when_label,
        "date": date_label,
        "period": period_text,
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
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return display_number(value)
