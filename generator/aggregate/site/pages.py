"""The aggregate site's pages: one renderer per kind of page, each filling one template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup

from generator import labels
from generator.aggregate.site.data import (
    LEFT_OUT,
    NO_PLAN,
    STATUS_ORDER,
    AggregateData,
    Catalogue,
    Counts,
    Plan,
)
from generator.aggregate.site.structure import (
    body_path,
    catalogue_path,
    prefecture_coverage_path,
    prefecture_key,
    prefecture_path,
)
from generator.aggregate.tables import FICTIONAL_PARTITION
from generator.rollup import verdict_counts
from generator.site import formatting
from generator.site.links import Links
from generator.site.page_context import front_matter
from generator.site.structure import Page, SiteStructure
from generator.templating import render

BODY_STATUSES = (*STATUS_ORDER, LEFT_OUT, NO_PLAN)
RECENT_TIMES = 8  # review times shown per group on the KPI page (all are in the open data)


@dataclass(frozen=True)
class DataFile:
    """A file of data/ offered on the site (relative path under the site, size in bytes)."""

    path: str
    title: str
    size: int

    @property
    def label(self) -> str:
        kind = "CSV形式" if self.path.endswith(".csv") else self.path.rsplit(".", 1)[-1].upper()
        return f"{self.title}（{kind}、{labels.file_size_label(self.size)}）"


@dataclass
class SiteContext:
    """What every renderer gets: the data, the structure, the files offered, the site's title."""

    data: AggregateData
    structure: SiteStructure
    files: list[DataFile]
    title: str


Renderer = Callable[[Page, SiteContext], str]


def period_text(plan: Plan) -> str:
    """The plan's period in words; 計画に記載なし when the plan states none."""
    if plan.period_start is None:
        return labels.period_text(None)
    start: int | str = int(plan.period_start) if plan.period_start.isdigit() else plan.period_start
    return labels.period_text(SimpleNamespace(start=start, end=plan.period_end))


def time_label(time: str) -> Markup:
    """A review time (2025Q2, or a 年度 2024) in `<time>`."""
    return formatting.when_time(time)


def _context(page: Page, site: SiteContext, **extra: Any) -> dict[str, Any]:
    data = site.data
    return {
        "page": page,
        "title": page.title,
        "site_title": site.title,
        "links": Links(page.path),
        "h": formatting,
        "labels": labels,
        "data": data,
        "structure": site.structure,
        "front_matter": front_matter(page.title),
        "status_labels": labels.PLAN_STATUS_LABELS,
        "kpi_labels": labels.STATUS_LABELS,
        "not_judged": labels.NOT_JUDGED,
        "period_text": period_text,
        "verdict_cells": verdict_counts,
        "time_label": time_label,
        "body_path": body_path,
        "prefecture_path": prefecture_path,
        "prefecture_coverage_path": prefecture_coverage_path,
        "catalogue_path": catalogue_path,
        "page_of": lambda kind, key="": site.structure.page(kind, key),
        **extra,
    }


def _status_counts(data: AggregateData, codes: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(BODY_STATUSES, 0)
    for code in codes:
        counts[data.status_of(code)] += 1
    return counts


def render_top(page: Page, site: SiteContext) -> str:
    data = site.data
    codes = [
        code for code, body in data.bodies.items() if body.prefecture_code != FICTIONAL_PARTITION
    ]
    kinds = {
        kind: sum(1 for code in codes if data.bodies[code].kind == kind)
        for kind in ("prefecture", "municipality", "special_ward")
    }
    by_kind = {
        "prefecture": _status_counts(
            data, [c for c in codes if data.bodies[c].kind == "prefecture"]
        ),
        "municipality": _status_counts(
            data, [c for c in codes if data.bodies[c].kind in ("municipality", "special_ward")]
        ),
    }
    return render(
        "aggregate/top.md.j2",
        **_context(
            page,
            site,
            kinds=kinds,
            by_kind=by_kind,
            statuses=BODY_STATUSES,
            fictional=data.fictional_plans(),
            ending=len(_ending(data)),
        ),
    )


def render_prefectures(page: Page, site: SiteContext) -> str:
    data = site.data
    rows = []
    for prefecture in data.prefectures():
        members = data.members(prefecture.prefecture_code)
        rows.append((prefecture, len(members), _status_counts(data, [b.lg_code for b in members])))
    totals = dict.fromkeys(BODY_STATUSES, 0)
    for _, _, counts in rows:
        for status, count in counts.items():
            totals[status] += count
    return render(
        "aggregate/prefectures.md.j2",
        **_context(
            page,
            site,
            rows=rows,
            totals=totals,
            statuses=BODY_STATUSES,
            count=sum(r[1] for r in rows),
        ),
    )


def render_prefecture(page: Page, site: SiteContext) -> str:
    data = site.data
    code = page.key
    if code == FICTIONAL_PARTITION:
        members = sorted(
            (data.bodies[plan.lg_code] for plan in data.fictional_plans()), key=lambda b: b.lg_code
        )
    else:
        members = data.members(code)
    rows = [
        (
            body,
            data.current.get(body.lg_code),
            data.status_of(body.lg_code),
            data.latest_verdict(body.lg_code),
        )
        for body in members
    ]
    counts = _status_counts(data, [body.lg_code for body in members])
    catalogues = [c for c in data.catalogues if c.prefecture_code == code]
    key = prefecture_key(code)
    files = [f for f in site.files if f"/{key}/" in f.path or f"={key}/" in f.path]
    return render(
        "aggregate/prefecture.md.j2",
        **_context(
            page,
            site,
            code=code,
            fictional=code == FICTIONAL_PARTITION,
            rows=rows,
            counts=counts,
            statuses=BODY_STATUSES,
            catalogues=catalogues,
            files=files,
            coverage=site.structure.page("prefecture_coverage", code),
        ),
    )


def render_prefecture_coverage(page: Page, site: SiteContext) -> str:
    """Each municipality of the prefecture × the entries of each catalogue it refers to."""
    data = site.data
    code = page.key
    members = [body for body in data.members(code) if body.lg_code in data.current]
    tables = []
    for catalogue in _catalogues_for(data, code):
        entries = catalogue.entries
        matrix = [
            (body, [body.lg_code in catalogue.users.get(entry.key, set()) for entry in entries])
            for body in members
        ]
        totals = [sum(1 for _, cells in matrix if cells[i]) for i in range(len(entries))]
        tables.append((catalogue, entries, matrix, totals))
    return render(
        "aggregate/prefecture_coverage.md.j2",
        **_context(
            page,
            site,
            code=code,
            members=members,
            tables=tables,
            prefecture_page=prefecture_path(code),
        ),
    )


def _catalogues_for(data: AggregateData, code: str) -> list[Catalogue]:
    """The bundled catalogues and the prefecture's own; not other prefectures'."""
    return [c for c in data.catalogues if c.prefecture_code in (None, code)]


def render_body(page: Page, site: SiteContext) -> str:
    data = site.data
    code = page.key
    body = data.bodies[code]
    current = data.current.get(code)
    references = []
    for catalogue in data.catalogues:
        entries = [e for e in catalogue.entries if code in catalogue.users.get(e.key, set())]
        if entries:
            references.append((catalogue, entries))
    verdicts = data.verdicts.get(code, {})
    return render(
        "aggregate/body.md.j2",
        **_context(
            page,
            site,
            body=body,
            current=current,
            plans=data.plans_of(code),
            status=data.status_of(code),
            left_out=[item for item in data.left_out if item.lg_code == code],
            references=references,
            times=data.ordered_times(verdicts),
            verdicts=verdicts,
            prefecture_page=site.structure.page("prefecture", body.prefecture_code),
        ),
    )


def render_coverage(page: Page, site: SiteContext) -> str:
    data = site.data
    with_plans = len(data.current)
    rows = [
        (c, len(c.bodies()), len(c.entries), sum(1 for e in c.entries if c.users.get(e.key)))
        for c in data.catalogues
    ]
    return render(
        "aggregate/coverage.md.j2", **_context(page, site, rows=rows, with_plans=with_plans)
    )


def render_catalogue(page: Page, site: SiteContext) -> str:
    """A catalogue's entries against the bodies referring to them: nationally and by prefecture."""
    data = site.data
    catalogue = next(c for c in data.catalogues if c.catalogue_id == page.key)
    code = catalogue.prefecture_code
    if code is not None:  # a prefecture's plan: its municipalities are the denominator
        denominator = [b for b in data.members(code) if b.kind != "prefecture"]
        prefectures = []
    else:
        denominator = [b for b in data.bodies.values() if b.prefecture_code != FICTIONAL_PARTITION]
        prefectures = data.prefectures()
    with_plans = [b for b in denominator if b.lg_code in data.current]
    entries = [
        (entry, len(catalogue.users.get(entry.key, set()) & {b.lg_code for b in denominator}))
        for entry in catalogue.entries
    ]
    matrix = []
    for prefecture in prefectures:
        members = {
            b.lg_code for b in data.members(prefecture.prefecture_code) if b.lg_code in data.current
        }
        cells = [
            len(catalogue.users.get(entry.key, set()) & members) for entry in catalogue.entries
        ]
        matrix.append((prefecture, len(members), cells))
    return render(
        "aggregate/catalogue.md.j2",
        **_context(
            page,
            site,
            catalogue=catalogue,
            entries=entries,
            denominator=len(denominator),
            with_plans=len(with_plans),
            matrix=matrix,
            column_totals=[sum(row[2][i] for row in matrix) for i in range(len(catalogue.entries))],
            prefecture=code,
        ),
    )


def render_kpi(page: Page, site: SiteContext) -> str:
    data = site.data
    national: dict[str, Counts] = {}
    for times in data.verdicts.values():
        for time, found in times.items():
            total = national.setdefault(time, {})
            for status, count in found.items():
                total[status] = total.get(status, 0) + count
    pillars = [
        (labels.PILLAR_LABELS.get(pillar, pillar), data.by_pillar[pillar])
        for pillar in labels.PILLAR_LABELS
        if pillar in data.by_pillar
    ]
    dx = next((c for c in data.catalogues if c.catalogue_id == "dx-2.3"), None)
    entries = []
    if dx is not None:
        entries = [
            (entry, data.by_entry[entry.key]) for entry in dx.entries if entry.key in data.by_entry
        ]
    prefectures = []
    for prefecture in data.prefectures():
        counts: Counts = {}
        for body in data.members(prefecture.prefecture_code):
            latest = data.latest_verdict(body.lg_code)
            if latest is not None:
                for status, count in latest[1].items():
                    counts[status] = counts.get(status, 0) + count
        prefectures.append((prefecture, counts))
    return render(
        "aggregate/kpi.md.j2",
        **_context(
            page,
            site,
            national=national,
            national_times=data.ordered_times(national),
            pillars=pillars,
            entries=entries,
            dx=dx,
            recent=RECENT_TIMES,
            prefectures=prefectures,
        ),
    )


def _ending(data: AggregateData) -> list[Plan]:
    """Current plans in force (or about to start) whose period ends within a year of today."""
    limit = data.today + dt.timedelta(days=365)
    return sorted(
        (
            plan
            for plan in data.current.values()
            if plan.status in ("in_force", "upcoming")
            and plan.period_ends_on is not None
            and plan.period_ends_on <= limit
        ),
        key=lambda plan: (plan.period_end or 0, plan.lg_code),
    )


def render_ending(page: Page, site: SiteContext) -> str:
    return render("aggregate/ending.md.j2", **_context(page, site, plans=_ending(site.data)))


def render_left_out(page: Page, site: SiteContext) -> str:
    return render("aggregate/left_out.md.j2", **_context(page, site, items=site.data.left_out))


def render_open_data(page: Page, site: SiteContext) -> str:
    shared = [f for f in site.files if f.path.count("/") == 2 and not f.path.endswith(".parquet")]
    shared += [f for f in site.files if f.path.count("/") == 1]  # the data package
    parquet = [f for f in site.files if f.path.count("/") == 2 and f.path.endswith(".parquet")]
    return render(
        "aggregate/open_data.md.j2", **_context(page, site, shared=shared, parquet=parquet)
    )


def render_search(page: Page, site: SiteContext) -> str:
    context = _context(page, site)
    context["front_matter"] = front_matter(page.title, search_page=True)
    return render("aggregate/search.md.j2", **context)


RENDERERS: dict[str, Renderer] = {
    "top": render_top,
    "prefectures": render_prefectures,
    "prefecture": render_prefecture,
    "prefecture_coverage": render_prefecture_coverage,
    "body": render_body,
    "coverage": render_coverage,
    "catalogue": render_catalogue,
    "kpi": render_kpi,
    "ending": render_ending,
    "left_out": render_left_out,
    "open_data": render_open_data,
    "search": render_search,
}
