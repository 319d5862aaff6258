"""One plan as rows of the aggregate's tables: read from its public view only.

`plan_rows` is given a validated plan, takes `plan_view(…, Audience.PUBLIC)` once and
reads nothing else of the plan: every text marked internal and every field internal
by default is gone before a row is made. Statuses come from the plan's own
evaluation (generator/progress.py), judged at every review time from the plan's
first actual to its latest, the way `dataplan kpi status` judges one of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import labels
from generator.aggregate.tables import (
    ACTUALS,
    FICTIONAL_PARTITION,
    GRADES,
    KPIS,
    MEASURE_REFS,
    MEASURES,
    PLANS,
    STATUSES,
    TARGETS,
)
from generator.catalogue.export import edition_stamp, plan_edition
from generator.catalogue.model import Catalogue, CatalogueInfo
from generator.catalogue.reference import ReferenceCatalogue, split_ref
from generator.kpi.values import stored_number
from generator.model.dates import PartialDate
from generator.model.kpi import KpiKind
from generator.model.measure import MARK_SYMBOLS
from generator.model.plan import PlanMeta
from generator.municipalities import load_code_list
from generator.progress import KpiHistory, evaluate_history, kpi_histories, target_due
from generator.project import Audience, PlanProject
from generator.quarters import Quarter, ReviewPeriod
from generator.visibility import plan_view

DRAFT_REVISION = "draft"


class PlanStatus:
    """Where a plan stands on a day (ids; labels.PLAN_STATUS_LABELS words them)."""

    IN_FORCE = "in_force"
    UPCOMING = "upcoming"
    DRAFT = "draft"
    EXPIRED = "expired"
    PERIOD_NOT_STATED = "period_not_stated"  # adopted, but the plan states no period


def plan_status(
    adopted_on: PartialDate | None,
    start_fiscal_year: int | None,
    end: int | None,
    today: dt.date,
) -> str:
    """in_force, upcoming (adopted, period not begun), draft (not adopted), expired, or
    period_not_stated (adopted, no period in the plan). A date known only to its month or
    年度 counts as adopted once that month or 年度 has begun."""
    fiscal_year = Quarter.containing(today).fiscal_year
    if end is not None and end < fiscal_year:
        return PlanStatus.EXPIRED
    if adopted_on is None or adopted_on.earliest > today:
        return PlanStatus.DRAFT
    if start_fiscal_year is None:
        return PlanStatus.PERIOD_NOT_STATED
    if start_fiscal_year > fiscal_year:
        return PlanStatus.UPCOMING
    return PlanStatus.IN_FORCE


def partition_of(lg_code: str | None) -> str:
    """The files' partition of a body: JP-13 for a code of the list, else `fictional`."""
    if lg_code is None or load_code_list().get(lg_code) is None:
        return FICTIONAL_PARTITION
    return f"JP-{lg_code[:2]}"


@dataclass(frozen=True)
class PlanKey:
    """What every row of a plan carries: its partition and (lg_code, plan_id, revision)."""

    partition: str
    lg_code: str
    plan_id: str
    revision: str

    def row(self, *values: Any) -> tuple:
        return (self.partition, self.lg_code, self.plan_id, self.revision, *values)


def plan_key(meta: PlanMeta) -> PlanKey:
    """The plan's key: the body's code, its period as plan id, and its edition's date."""
    return PlanKey(partition_of(meta.lg_code), meta.lg_code, plan_id(meta), edition_stamp(meta))


def plan_id(meta: PlanMeta) -> str:
    """2025-2029: the plan's period, which tells a body's plans apart (unstated: none given)."""
    period = meta.known_period
    return f"{period.start_fiscal_year}-{period.end}" if period else "unstated"


@dataclass
class PlanRows:
    """Rows of every table for one plan (tuples in the tables' column order)."""

    key: PlanKey
    tables: dict[str, list[tuple]] = field(default_factory=dict)
    catalogues: list[tuple] = field(default_factory=list)
    catalogue_entries: list[tuple] = field(default_factory=list)

    def add(self, table: str, row: tuple) -> None:
        self.tables.setdefault(table, []).append(row)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))


def plan_rows(
    project: PlanProject, *, source: str, site_url: str | None, today: dt.date
) -> PlanRows:
    """Every row the aggregate keeps of a validated plan, from its public view."""
    view = plan_view(project, Audience.PUBLIC)
    key = plan_key(view.meta)
    rows = PlanRows(key)
    kpi_count = sum(len(measure.kpis) for measure in view.measures)
    histories = kpi_histories(view.actuals)
    times = review_times(histories, yearly=view.yearly)
    latest = str(ReviewPeriod.of(times[-1], whole_year=view.yearly)) if times else None
    rows.add(PLANS.name, _plan_row(view, key, kpi_count, latest, source, site_url, today))
    for measure in view.measures:
        rows.add(MEASURES.name, _measure_row(view, key, measure))
        for catalogue_id, entry in _references(view, measure):
            rows.add(MEASURE_REFS.name, key.row(measure.id, catalogue_id, entry))
        for kpi in measure.kpis:
            rows.add(KPIS.name, _kpi_row(key, measure.id, kpi))
            for target in kpi.target_list:
                rows.add(TARGETS.name, _target_row(key, kpi.id, target))
    kinds = {kpi.id: kpi.kind for _, _, kpi in view.iter_kpis()}
    rows.tables[ACTUALS.name] = list(_actual_rows(key, histories, kinds))
    rows.tables[STATUSES.name] = list(_status_rows(view, key, histories, times))
    rows.tables[GRADES.name] = [
        key.row(grade.kpi_id, grade.period, grade.grade, grade.note or None)
        for grade in view.grades
        if grade.grade and grade.kpi_id in kinds
    ]
    _catalogue_rows(view, rows)
    return rows


def review_times(histories: Mapping[str, KpiHistory], *, yearly: bool) -> list[Quarter]:
    """The review times from the first actual to the latest (a yearly plan's: each 年度's Q4)."""
    indexes = [point.index for history in histories.values() for point in history]
    if not indexes:
        return []
    first, last = Quarter.from_index(min(indexes)), Quarter.from_index(max(indexes))
    if yearly:
        first, last = Quarter(first.fiscal_year, 4), Quarter(last.fiscal_year, 4)
    step = labels.review_step(yearly)
    return [Quarter.from_index(index) for index in range(first.index, last.index + 1, step)]


def _plan_row(
    view: PlanProject,
    key: PlanKey,
    kpi_count: int,
    latest: str | None,
    source: str,
    site_url: str | None,
    today: dt.date,
) -> tuple:
    meta = view.meta
    codes = load_code_list()
    body = codes.get(meta.lg_code)
    prefecture_name = codes.prefecture_of(body).name if body else meta.prefecture
    _, version, _ = plan_edition(meta)
    period = meta.known_period
    revised_on = meta.revisions[-1].date.iso if meta.revisions else None
    return key.row(
        meta.lg_code[:2],
        prefecture_name,
        meta.municipality,
        meta.level.value,
        meta.fictional,
        meta.title,
        version,
        str(period.start) if period else None,
        period.start_fiscal_year if period else None,
        period.end if period else None,
        meta.adopted_on.iso if meta.adopted_on else None,
        revised_on,
        plan_status(
            meta.adopted_on,
            period.start_fiscal_year if period else None,
            period.end if period else None,
            today,
        ),
        "yearly" if view.yearly else "quarterly",
        latest,
        len(view.measures),
        kpi_count,
        len(view.actuals),
        site_url,
        source,
    )


def _measure_row(view: PlanProject, key: PlanKey, measure: Any) -> tuple:
    groups = {group.id: group.name for group in view.meta.groups}
    top = view.top_group(measure.group)
    pillar = measure.pillar.value if measure.pillar else None
    field = measure.field.value if measure.field else None  # 計画に記載なし: none made up
    return key.row(
        measure.id,
        measure.number,
        measure.name,
        pillar,
        labels.PILLAR_LABELS.get(pillar) if pillar else None,
        field,
        labels.FIELD_LABELS.get(field) if field else None,
        MARK_SYMBOLS[measure.mark] if measure.mark else None,
        measure.group,
        groups.get(measure.group) if measure.group else None,
        top,
        groups.get(top) if top else None,
        len(measure.kpis),
    )


def _references(view: PlanProject, measure: Any) -> Iterator[tuple[str, str]]:
    """(catalogue id, entry key) of each reference: national measures, then catalogue entries."""
    seen: set[tuple[str, str]] = set()
    national = view.catalogue.catalogue.id
    found = [(national, item) for item in measure.national_measures]
    found += [parts for parts in map(split_ref, measure.catalogue_entries) if parts]
    for item in found:
        if item not in seen:
            seen.add(item)
            yield item


def _kpi_row(key: PlanKey, measure_id: str, kpi: Any) -> tuple:
    baseline = kpi.baseline
    base_value = baseline.value if baseline is not None else None
    dated = kpi.dated_targets
    final = max(dated, key=lambda target: target_due(target).index, default=None)
    if final is None and kpi.target_list:  # the plan states no target time
        final = kpi.target_list[-1]
    final_value = final.value if final is not None else None
    return key.row(
        kpi.id,
        measure_id,
        kpi.name,
        kpi.type.value,
        kpi.kind.value,
        kpi.unit,
        kpi.direction.value,
        kpi.accumulation.value,
        _number(base_value),
        baseline.fiscal_year if baseline is not None else None,
        _number(final_value),
        final_value if isinstance(final_value, str) else None,
        str(final.due) if final is not None and final.due is not None else None,
    )


def _target_row(key: PlanKey, kpi_id: str, target: Any) -> tuple:
    value, due = target.value, target.due
    return key.row(
        kpi_id,
        str(due) if due is not None else None,
        due.fiscal_year if due is not None else None,
        due.quarter if due is not None else None,
        _number(value),
        value if isinstance(value, str) else None,
    )


def _actual_rows(
    key: PlanKey, histories: Mapping[str, KpiHistory], kinds: dict[str, KpiKind]
) -> Iterator[tuple]:
    """The actuals of the plan's KPIs, as evaluation reads them (one per KPI and time)."""
    for kpi_id, history in histories.items():
        if kpi_id not in kinds:
            continue
        milestone = kinds[kpi_id] is KpiKind.MILESTONE
        for point in history:
            quarter = Quarter.from_index(point.index)
            year = ReviewPeriod.parse(point.quarter).is_year
            yield key.row(
                kpi_id,
                point.quarter,
                quarter.fiscal_year,
                None if year else quarter.number,
                None if milestone else point.number,
                (point.value or None) if milestone else None,
                point.note or None,
            )


def _status_rows(
    view: PlanProject, key: PlanKey, histories: Mapping[str, KpiHistory], times: list[Quarter]
) -> Iterator[tuple]:
    """Every KPI judged at every review time (see `review_times`)."""
    meta = view.meta
    plan_start = meta.known_period.first_quarter if meta.known_period else None
    # Each review time as the rows write it, made once for every KPI.
    columns = [
        (
            quarter,
            str(ReviewPeriod.of(quarter, whole_year=view.yearly)),
            quarter.index,
            quarter.fiscal_year,
            None if view.yearly else quarter.number,
        )
        for quarter in times
    ]
    for measure in view.measures:
        for kpi in measure.kpis:
            history = histories.get(kpi.id, ())
            for quarter, review, index, fiscal_year, number in columns:
                judged = evaluate_history(kpi, history, quarter, plan_start, meta.evaluation)
                yield key.row(
                    kpi.id,
                    measure.id,
                    review,
                    index,
                    fiscal_year,
                    number,
                    str(judged.status),
                    str(judged.reason),
                    judged.mark or None,
                    judged.value,
                    _number(judged.target_value),
                    judged.progress,
                    judged.expected,
                    judged.ratio,
                )


def _catalogue_rows(view: PlanProject, rows: PlanRows) -> None:
    """The catalogues the plan refers to: its national list and the reference catalogues in use."""
    info, entries = national_catalogue_rows(view.catalogue)
    rows.catalogues.append(info)
    rows.catalogue_entries += entries
    for catalogue in view.references.in_use(view.catalogue_refs()):
        info, entries = catalogue_rows(catalogue)
        rows.catalogues.append(info)
        rows.catalogue_entries += entries


def national_catalogue_rows(catalogue: Catalogue) -> tuple[tuple, list[tuple]]:
    """A national measure list (the 2017 手引's, or a plan's own file) as rows: info and entries."""
    entries = [
        (catalogue.catalogue.id, item.id, position, item.id, item.name, "国の施策")
        for position, item in enumerate(catalogue.national_measures, start=1)
    ]
    return _info_row(catalogue.catalogue, len(entries)), entries


def catalogue_rows(catalogue: ReferenceCatalogue) -> tuple[tuple, list[tuple]]:
    """A reference catalogue (the DX plan, a prefecture's export) as rows: info and entries."""
    entries: list[tuple] = []
    for section in catalogue.sections:
        for entry in section.entries:
            position = len(entries) + 1
            entries.append(
                (catalogue.id, entry.key, position, entry.number, entry.title, section.title)
            )
    return _info_row(catalogue.catalogue, len(entries)), entries


def _info_row(info: CatalogueInfo, count: int) -> tuple:
    return (
        info.id,
        info.title,
        info.version,
        info.issuer,
        info.issuer_level,
        info.issuer_lg_code,
        str(info.date) if info.date else None,
        info.url,
        count,
    )


def _number(value: Any) -> float | None:
    """A number as a float; text (a level's name), booleans and None give None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return stored_number(str(value))
