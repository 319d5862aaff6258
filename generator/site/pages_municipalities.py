"""A prefecture's page about its municipalities' plans: links to their sites and the aggregate of them."""

from __future__ import annotations

from types import SimpleNamespace

from generator import labels
from generator.rollup import verdict_counts
from generator.site.page_context import RenderedPage, base_context
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure, measure_path, measure_title
from generator.templating import render


def render_municipalities(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """The listed municipalities: their plans' status and links, and the prefecture's measures they use."""
    municipal = data.view.municipal
    assert municipal is not None  # the page exists only for a plan that lists municipalities
    statuses: dict[str, int] = {}
    for item in municipal.municipalities:
        statuses[item.status] = statuses.get(item.status, 0) + 1
    measures = [
        (
            measure,
            measure_path(measure.id),
            measure_title(measure),
            municipal.measure_users.get(measure.id, 0),
        )
        for measure in data.view.measures
    ]
    context = base_context(page, data, structure)
    context.update(
        municipal=municipal,
        statuses=[
            (status, statuses[status]) for status in labels.PLAN_STATUS_LABELS if status in statuses
        ],
        status_labels=labels.PLAN_STATUS_LABELS,
        kpi_labels=labels.STATUS_LABELS,
        not_judged=labels.NOT_JUDGED,
        verdict_cells=verdict_counts,
        period=lambda item: labels.period_text(
            SimpleNamespace(
                start=int(item.period_start) if item.period_start.isdigit() else item.period_start,
                end=item.period_end,
            )
        ),
        measures=measures,
        labels=labels,
    )
    return RenderedPage(render("site/municipalities.md.j2", **context))
