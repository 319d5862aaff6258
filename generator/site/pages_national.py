"""The national cross-reference (F7): each catalogue with its provenance (the 手引's national
measures, the national DX plan, a prefecture's plan), the pillar × field matrix, case
studies, examples."""

from __future__ import annotations

import re

from generator.resolve import NO_FIELD, CatalogueCoverage
from generator.site.page_context import RenderedPage, base_context
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure, measure_title
from generator.templating import render


def _linked(data: SiteData, measure_ids: list[str]) -> list[tuple[str, str]]:
    """(source path, title) of each measure, in the plan's order."""
    return [
        (f"measures/{mid}.md", measure_title(data.measures_by_id[mid]))
        for mid in measure_ids
        if mid in data.measures_by_id
    ]


def entry_anchor(ref: str) -> str:
    """The id of a catalogue entry's row on the national page: dx-2.3/3.1(1) → entry-dx-2-3-3-1-1."""
    return "entry-" + re.sub(r"[^A-Za-z0-9]+", "-", ref).strip("-")


def render_national(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """Each catalogue with its provenance and coverage: every entry with the plan's measures that
    answer it, and (for catalogues other than the 手引) the entries against the plan's structure."""
    reference = data.reference
    context = base_context(page, data, structure)
    context.update(
        reference=reference,
        rows=[(link, _linked(data, link.measure_ids)) for link in reference.national_measures],
        coverage=f"{reference.national_coverage:.0%}",
        catalogue_info=data.catalogue.catalogue,
        tebiki=reference.catalogues[0] if reference.catalogues else None,
        catalogues=[_catalogue_view(data, c) for c in reference.catalogues[1:]],
        columns=reference.structure,
    )
    return RenderedPage(render("site/national.md.j2", **context))


def _catalogue_view(data: SiteData, coverage: CatalogueCoverage) -> dict:
    """What the page shows of one catalogue: its sections' entries with linked measures, and the
    count of measures per top section of the plan's own structure."""
    return {
        "coverage": coverage,
        "percent": f"{coverage.coverage:.0%}",
        "sections": [
            (
                section,
                [
                    (entry, entry_anchor(entry.ref), _linked(data, entry.measure_ids))
                    for entry in section.entries
                ],
            )
            for section in coverage.sections
        ],
        "counts": [
            (
                entry,
                [
                    len(coverage.by_structure[entry.ref].get(column.key, []))
                    for column in data.reference.structure
                ],
            )
            for entry in coverage.entries
        ],
    }


def render_matrix(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """Pillars (rows) × priority fields (columns): the measures in each cell."""
    matrix = data.reference.matrix
    columns = [(str(f.id), f.label) for f in data.catalogue.fields]
    columns.append((NO_FIELD, "重点分野の記載なし"))  # measures whose plan names no field
    used = [(key, label) for key, label in columns if any(matrix[p].get(key) for p in matrix)]
    rows = [
        (pillar, [_linked(data, matrix[pillar.id].get(key, [])) for key, _ in used])
        for pillar in data.catalogue.pillars
        if any(matrix[pillar.id].get(key) for key, _ in used)
    ]
    fields = [label for _, label in used]
    context = base_context(page, data, structure)
    context.update(fields=fields, rows=rows)
    return RenderedPage(render("site/matrix.md.j2", **context))


def render_case_studies(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """The case studies (事例集) the plan's measures refer to."""
    by_id = {c.id: c for c in data.catalogue.case_studies}
    used = [
        (by_id[link.id], _linked(data, link.measure_ids))
        for link in data.reference.case_studies
        if link.measure_ids
    ]
    context = base_context(page, data, structure)
    context.update(entries=used, catalogue_info=data.catalogue.catalogue)
    return RenderedPage(render("site/case_studies.md.j2", **context))


def render_examples(page: Page, data: SiteData, structure: SiteStructure) -> RenderedPage:
    """The template's example measures (記載例) the plan's measures started from."""
    by_id = {e.id: e for e in data.catalogue.template_examples}
    used = [
        (by_id[link.id], data.pillar(by_id[link.id].pillar), _linked(data, link.measure_ids))
        for link in data.reference.examples
        if link.measure_ids
    ]
    context = base_context(page, data, structure)
    context.update(entries=used, catalogue_info=data.catalogue.catalogue)
    return RenderedPage(render("site/examples.md.j2", **context))
