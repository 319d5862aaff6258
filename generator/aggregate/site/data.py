"""What the aggregate site shows, read once from the database (read-only).

Which plan of a body counts: a body may have several plans in the aggregate (the
plan in force and the draft of the next, or an expired one). Each body's *current*
plan is the one in force, else one adopted and about to start, else a draft, else
an expired one; among several of the same kind, the latest period and edition.
Counts of bodies, coverage of catalogues and KPI verdicts are taken over current plans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.aggregate.database import CURRENT_PLANS, reading
from generator.aggregate.rows import PlanStatus
from generator.aggregate.tables import FICTIONAL_PARTITION, PLANS
from generator.model.dates import PartialDate, parse_partial_date

STATUS_ORDER = (
    PlanStatus.IN_FORCE,
    PlanStatus.UPCOMING,
    PlanStatus.PERIOD_NOT_STATED,
    PlanStatus.DRAFT,
    PlanStatus.EXPIRED,
)
LEFT_OUT = "left_out"  # a body whose only source has errors
NO_PLAN = "none"


@dataclass(frozen=True)
class Plan:
    """One plan of the aggregate (a row of the plans table)."""

    prefecture: str
    lg_code: str
    plan_id: str
    revision: str
    prefecture_code: str
    prefecture_name: str
    municipality: str
    level: str
    fictional: bool
    title: str
    revision_label: str
    period_start: str | None  # None: the plan states no period
    period_start_fiscal_year: int | None
    period_end: int | None
    adopted_on: str | None  # as the plan dates it: 2025-03-28, 2019-03, 2022年度
    revised_on: str | None
    status: str
    review_cadence: str
    latest_review: str | None
    measure_count: int
    kpi_count: int
    actual_count: int
    site_url: str | None
    source: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.lg_code, self.plan_id, self.revision)

    @property
    def adopted(self) -> PartialDate | None:
        return parse_partial_date(self.adopted_on) if self.adopted_on else None

    @property
    def revised(self) -> PartialDate | None:
        return parse_partial_date(self.revised_on) if self.revised_on else None

    @property
    def period_ends_on(self) -> dt.date | None:
        """The last day of the period: 31 March after its last 年度 (None: no period stated)."""
        return None if self.period_end is None else dt.date(self.period_end + 1, 3, 31)


@dataclass(frozen=True)
class Body:
    """A body of the code list (or a fictional one that has a plan)."""

    lg_code: str
    kind: str
    name: str
    reading: str
    prefecture_code: str
    prefecture_name: str


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    code: str
    severity: str
    title: str


@dataclass
class LeftOut:
    """A source whose plan is not in the aggregate (errors), with its problems."""

    source: str
    lg_code: str | None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    key: str
    number: str | None
    title: str
    section: str | None


@dataclass
class Catalogue:
    """A catalogue with its entries, and who refers to which entry (current plans)."""

    catalogue_id: str
    title: str
    version: str
    issuer: str | None
    issuer_level: str | None
    issuer_lg_code: str | None
    date: str | None
    url: str | None
    entries: list[Entry] = field(default_factory=list)
    users: dict[str, set[str]] = field(default_factory=dict)  # entry key → body codes

    @property
    def prefecture_code(self) -> str | None:
        """For a prefecture's plan exported as a catalogue: its prefecture's code."""
        if self.issuer_level == "prefecture" and self.issuer_lg_code:
            return self.issuer_lg_code[:2]
        return None

    def bodies(self) -> set[str]:
        return {code for codes in self.users.values() for code in codes}


Counts = dict[str, int]  # status → KPIs


@dataclass
class AggregateData:
    """Everything the pages read."""

    today: dt.date
    bodies: dict[str, Body]
    plans: list[Plan]  # every plan, current or not
    current: dict[str, Plan]  # body code → its current plan
    left_out: list[LeftOut]
    catalogues: list[Catalogue]
    verdicts: dict[str, dict[str, Counts]]  # body code → review time → status counts
    review_order: dict[str, int]  # review time → its quarter index
    by_pillar: dict[str, dict[str, Counts]]  # pillar → review time → counts
    by_entry: dict[str, dict[str, Counts]]  # dx entry key → review time → counts
    pillar_labels: dict[str, str]
    aggregated_at: str | None
    source_count: int

    def prefectures(self) -> list[Body]:
        return sorted(
            (body for body in self.bodies.values() if body.kind == "prefecture"),
            key=lambda body: body.lg_code,
        )

    def members(self, prefecture_code: str) -> list[Body]:
        """The prefecture itself, then its municipalities, in code order."""
        return sorted(
            (b for b in self.bodies.values() if b.prefecture_code == prefecture_code),
            key=lambda body: (body.kind != "prefecture", body.lg_code),
        )

    def fictional_plans(self) -> list[Plan]:
        return [plan for plan in self.current.values() if plan.prefecture == FICTIONAL_PARTITION]

    def status_of(self, code: str) -> str:
        """The body's status: its current plan's, else left out (errors), else no plan."""
        plan = self.current.get(code)
        if plan is not None:
            return plan.status
        if any(item.lg_code == code for item in self.left_out):
            return LEFT_OUT
        return NO_PLAN

    def plans_of(self, code: str) -> list[Plan]:
        return sorted(
            (plan for plan in self.plans if plan.lg_code == code),
            key=lambda plan: (plan.period_start_fiscal_year or 0, plan.revision),
            reverse=True,
        )

    def latest_verdict(self, code: str) -> tuple[str, Counts] | None:
        """The current plan's latest review time and its counts."""
        times = self.verdicts.get(code)
        if not times:
            return None
        latest = max(times, key=lambda time: self.review_order[time])
        return latest, times[latest]

    def ordered_times(self, counts: dict[str, Counts]) -> list[str]:
        """Review times, latest first."""
        return sorted(counts, key=lambda time: (self.review_order[time], time), reverse=True)


def load_site_data(folder: Path, today: dt.date) -> AggregateData:
    """Read the aggregate in `folder` for the site."""
    with reading(folder) as connection:
        connection.execute(f"CREATE TEMP TABLE current_plans AS {CURRENT_PLANS}")
        plans = [Plan(*row) for row in connection.execute(_select_plans("plans")).fetchall()]
        current = {
            plan.lg_code: plan
            for plan in (
                Plan(*row) for row in connection.execute(_select_plans("current_plans")).fetchall()
            )
        }
        bodies = {
            row[0]: Body(*row)
            for row in connection.execute(
                "SELECT lg_code, kind, name, reading, prefecture_code, prefecture_name FROM bodies"
            ).fetchall()
        }
        for plan in current.values():
            if plan.lg_code not in bodies:  # a fictional body: known from its plan only
                bodies[plan.lg_code] = Body(
                    plan.lg_code,
                    plan.level,
                    plan.municipality,
                    "",
                    FICTIONAL_PARTITION,
                    plan.prefecture_name,
                )
        left_out = _left_out(connection)
        verdicts, order = _verdicts(connection)
        by_pillar = _grouped(
            connection,
            "SELECT m.pillar, s.quarter, s.quarter_index, s.status, count(*) FROM statuses s "
            "JOIN current_plans c USING (lg_code, plan_id, revision) "
            "JOIN measures m USING (lg_code, plan_id, revision, measure_id) "
            "WHERE m.pillar IS NOT NULL GROUP BY ALL",
            order,
        )
        by_entry = _grouped(
            connection,
            "SELECT r.entry_key, s.quarter, s.quarter_index, s.status, count(*) FROM statuses s "
            "JOIN current_plans c USING (lg_code, plan_id, revision) "
            "JOIN (SELECT DISTINCT lg_code, plan_id, revision, measure_id, entry_key FROM measure_refs "
            "      WHERE catalogue_id = 'dx-2.3' AND entry_key LIKE '3.1(%') r "
            "USING (lg_code, plan_id, revision, measure_id) GROUP BY ALL",
            order,
        )
        catalogues = _catalogues(connection)
        info = connection.execute(
            "SELECT strftime(max(read_at)::TIMESTAMP, '%Y-%m-%d %H:%M'), count(*) FROM sources"
        ).fetchone()
    from generator.labels import PILLAR_LABELS

    return AggregateData(
        today=today,
        bodies=bodies,
        plans=plans,
        current=current,
        left_out=left_out,
        catalogues=catalogues,
        verdicts=verdicts,
        review_order=order,
        by_pillar=by_pillar,
        by_entry=by_entry,
        pillar_labels=PILLAR_LABELS,
        aggregated_at=info[0] if info else None,
        source_count=info[1] if info else 0,
    )


def _select_plans(table: str) -> str:
    columns = ", ".join(f'"{column.name}"' for column in PLANS.columns)
    return f"SELECT {columns} FROM {table} ORDER BY lg_code, plan_id, revision"


def _left_out(connection) -> list[LeftOut]:
    """Sources whose plan is not in the aggregate, and the manifest's own problems, with their errors."""
    found: dict[str, LeftOut] = {}
    for source, lg_code in connection.execute(
        "SELECT source, lg_code FROM sources WHERE NOT included ORDER BY source"
    ).fetchall():
        found[source] = LeftOut(source, lg_code)
    known = {row[0] for row in connection.execute("SELECT source FROM sources").fetchall()}
    for source, *problem in connection.execute(
        'SELECT source, file, line, "column", code, severity, title FROM problems '
        "WHERE severity = 'error' ORDER BY source, file, line, \"column\", code"
    ).fetchall():
        if source in found:
            found[source].problems.append(Problem(*problem))
        elif source not in known:  # a problem of the manifest itself
            found.setdefault(source, LeftOut(source, None)).problems.append(Problem(*problem))
    return list(found.values())


def _verdicts(connection) -> tuple[dict[str, dict[str, Counts]], dict[str, int]]:
    verdicts: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(dict))
    order: dict[str, int] = {}
    for lg_code, quarter, index, status, count in connection.execute(
        "SELECT s.lg_code, s.quarter, s.quarter_index, s.status, count(*) FROM statuses s "
        "JOIN current_plans c USING (lg_code, plan_id, revision) GROUP BY ALL"
    ).fetchall():
        verdicts[lg_code][quarter][status] = count
        order[quarter] = index
    return {code: dict(times) for code, times in verdicts.items()}, order


def _grouped(connection, sql: str, order: dict[str, int]) -> dict[str, dict[str, Counts]]:
    grouped: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(dict))
    for group, quarter, index, status, count in connection.execute(sql).fetchall():
        grouped[group][quarter][status] = count
        order[quarter] = index
    return {key: dict(times) for key, times in grouped.items()}


def _catalogues(connection) -> list[Catalogue]:
    """Every catalogue: the bundled ones first (the 手引's national measures, then the others), then the plans' own."""
    from generator.catalogue import load_bundled_catalogue, load_bundled_references

    bundled = [load_bundled_catalogue().catalogue.id, *(c.id for c in load_bundled_references())]
    catalogues = {
        row[0]: Catalogue(*row)
        for row in connection.execute(
            "SELECT catalogue_id, title, version, issuer, issuer_level, issuer_lg_code, date, url "
            "FROM catalogues ORDER BY catalogue_id"
        ).fetchall()
    }
    for catalogue_id, key, number, title, section in connection.execute(
        "SELECT catalogue_id, entry_key, number, title, section FROM catalogue_entries "
        "ORDER BY catalogue_id, position"
    ).fetchall():
        if catalogue_id in catalogues:
            catalogues[catalogue_id].entries.append(Entry(key, number, title, section))
    for catalogue_id, key, lg_code in connection.execute(
        "SELECT DISTINCT r.catalogue_id, r.entry_key, r.lg_code FROM measure_refs r "
        "JOIN current_plans c USING (lg_code, plan_id, revision)"
    ).fetchall():
        if catalogue_id in catalogues:
            catalogues[catalogue_id].users.setdefault(key, set()).add(lg_code)
    order = {catalogue_id: index for index, catalogue_id in enumerate(bundled)}
    return sorted(
        catalogues.values(), key=lambda c: (order.get(c.catalogue_id, len(order)), c.catalogue_id)
    )
