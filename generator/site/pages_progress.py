"""Progress pages: the KPI dashboard and the quarterly reports (the archive of every quarter)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.kpi.status import KpiLine
from generator.labels import review_words
from generator.report import build_report
from generator.site import kpi_card_data
from generator.site.page_context import RenderedPage, base_context, front_matter
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure, measure_title
from generator.templating import render


@dataclass(frozen=True)
class DashboardRow:
    line: KpiLine
    measure_title: str
    measure_path: str
    pillar: str
    groups: str
    field: str
    filters: dict[str, str]  # data-* attribute → space-separated values


def dashboard_rows(data: SiteData) -> list[DashboardRow]:
    """One row per KPI (where it is defined), with the values the filters match on."""
    if data.listing is None:
        return []
    rows = []
    for line in data.listing.lines:
        measure = data.measures_by_id[line.measure_id]
        owner, kpi = data.kpis[line.kpi_id]
        groups = data.group_path(measure.group)
        pillar = data.pillar(measure.pillar)
        rows.append(
            DashboardRow(
                line=line,
                measure_title=measure_title(measure),
                measure_path=f"measures/{measure.id}.md",
                pillar=f"{pillar.number}. {pillar.short_label}" if pillar else "—",
                groups=" › ".join(f"{g.level}{g.id}" for g in groups),
                field=data.field_label(measure.field.value) if measure.field else "—",
                filters={
                    "pillar": pillar.id if pillar else "",
                    "group": " ".join(f"g{g.id}" for g in groups),
                    "field": measure.field.value if measure.field else "",
                    "department": data.view.kpi_department(owner, kpi) or "",
                    "status": f"s{_mark_index(data, line.current.mark)}",
                },
            )
        )
    return rows


def dashboard_columns(data: SiteData, rows: list[DashboardRow]) -> dict[str, bool]:
    """Which optional columns the dashboard has: only what the plan says (no column of 「—」)."""
    return {
        "pillar": any(row.filters["pillar"] for row in rows),
        "groups": any(row.groups for row in rows),
        "field": any(row.filters["field"] for row in rows),
        "grade": any(row.line.grade for row in rows),
    }


def _mark_index(data: SiteData, mark: str) -> int:
    marks = [rule.mark for rule in data.meta.evaluation.mark_rules()]
    return marks.index(mark) if mark in marks else len(marks)


def filter_options(data: SiteData, rows: list[DashboardRow]) -> list[tuple[str, str, list]]:
    """(filter key, label, [(value, text)]) for each filter, with only values that occur."""
    used = {key: {v for r in rows for v in r.filters[key].split()} for key in rows[0].filters}
    marks = list(dict.fromkeys(rule.mark for rule in data.meta.evaluation.mark_rules()))
    marks += sorted({r.line.current.mark for r in rows} - set(marks))
    options: list[tuple[str, str, list]] = [
        (
            "pillar",
            "5つの柱",
            [
                (p.id, f"{p.number}. {p.short_label}")
                for p in data.catalogue.pillars
                if p.id in used["pillar"]
            ],
        ),
        (
            "group",
            "計画の体系",
            [
                (f"g{g.id}", f"{g.level}{g.id} {g.name}")
                for g in data.meta.groups
                if f"g{g.id}" in used["group"]
            ],
        ),
        (
            "field",
            "重点分野",
            [(f.id, f.label) for f in data.catalogue.fields if f.id in used["field"]],
        ),
        (
            "department",
            "担当",
            [(d.id, d.name) for d in data.meta.departments if d.id in used["department"]],
        ),
        (
            "status",
            "判定",
            [(f"s{i}", mark) for i, mark in enumerate(marks) if f"s{i}" in used["status"]],
        ),
    ]
    return [option for option in options if option[2]]  # a filter with no values is no filter


def render_dashboard(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """All KPIs in one plain table (works without JavaScript), with filters as an enhancement."""
    pillar_chart = kpi_card_data.pillar_status_chart(data.pillar_status_rows(), "chart-pillars")
    rows = dashboard_rows(data)
    context = base_context(page, data, structure)
    rules = data.meta.evaluation.mark_rules()
    context.update(
        front_matter=front_matter(page.title, filters=bool(rows)),
        listing=data.listing,
        rows=rows,
        shown=dashboard_columns(data, rows),
        grade_legend=[(g.grade, g.label) for g in data.meta.evaluation.grades],
        words=data.latest_words,
        options=filter_options(data, rows) if rows else [],
        legend=list(dict.fromkeys((rule.mark, rule.label) for rule in rules)),
        pillar_chart=pillar_chart.to_html() if pillar_chart is not None else None,
        counted_by_pillar=sum(sum(marks.values()) for _, marks in data.pillar_status_rows()),
    )
    # The pillar chart is static small multiples: the page needs no chart script.
    return RenderedPage(render("site/dashboard.md.j2", **context))


def render_reports_index(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """The archive: every review period (quarter, or 年度 of a yearly review) with data, newest first."""
    context = base_context(page, data, structure)
    entries = []
    for period in reversed(data.periods):
        notes = data.notes.get(period)
        entries.append(
            (period, structure.page("report", str(period)), notes.summary if notes else None)
        )
    context.update(entries=entries, words=review_words(data.yearly))
    return RenderedPage(render("site/reports_index.md.j2", **context))


def markdown_heading(level: int) -> Markup:
    """The `#` marks of a Markdown heading (at most six), as markup the escaping leaves alone."""
    return Markup("#" * min(max(level, 1), 6))


def render_report(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """One review's report: the roll-ups, then each measure's KPIs and the team's notes."""
    period = next(p for p in data.periods if str(p) == page.key)
    report = build_report(data.view, period, analysis=data.analysis)
    context = base_context(page, data, structure)
    context.update(
        report=report,
        by_groups=any(section.key.startswith("group:") for section in report.sections),
        titles={m.id: measure_title(m) for m in data.view.measures},
        heading=markdown_heading,
        words=review_words(report.yearly),
    )
    return RenderedPage(render("site/report.md.j2", **context))
