"""A prefecture's plan and its municipalities: the aggregate of their plans, loaded with the plan.

plan.yaml of a prefecture lists its municipalities (`municipalities`) and may name the
folder of a `dataplan aggregate` over their plans (`municipal_aggregate`). When the plan
is loaded, this module reads from that aggregate, read-only, what the prefecture's site
shows about each listed municipality (its current plan, the prefecture's measures it
refers to, its latest KPI verdicts) and how many of them refer to each of the
prefecture's measures. Later stages read only this value, never the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.load import YamlDocument
from generator.model.plan import Level, PlanMeta
from generator.municipalities import load_code_list
from generator.problems import Problem, make_problem


@dataclass(frozen=True)
class MunicipalPlan:
    """One listed municipality and, when the aggregate has it, its current plan."""

    lg_code: str
    name: str
    site: str | None  # plan.yaml's link, else the aggregate's
    status: str  # a plan status (in_force …), left_out, or none (not in the aggregate)
    title: str | None = None
    period_start: str | None = None
    period_end: int | None = None
    measure_count: int | None = None
    latest_review: str | None = None
    verdicts: dict[str, int] = field(default_factory=dict)  # status → KPIs at latest_review
    prefecture_refs: int = 0  # the prefecture's measures its plan refers to


@dataclass(frozen=True)
class MunicipalAggregate:
    """What the prefecture's site shows about its municipalities' plans."""

    folder: str  # as plan.yaml writes it ("" when none is named)
    available: bool  # whether the aggregate could be read
    read_at: str | None
    municipalities: list[MunicipalPlan]  # in plan.yaml's order
    measure_users: dict[str, int] = field(
        default_factory=dict
    )  # prefecture's measure → municipalities


def load_municipal(
    root: Path, meta: PlanMeta | None, meta_doc: YamlDocument | None
) -> tuple[MunicipalAggregate | None, list[Problem]]:
    """The listed municipalities with what the aggregate says of them (None when none are listed)."""
    if meta is None or not meta.municipalities or meta.level is not Level.PREFECTURE:
        return None, []
    codes = load_code_list()
    listed = []
    for item in meta.municipalities:
        body = codes.get(item.lg_code)
        name = item.name or (body.name if body else item.lg_code)
        listed.append(MunicipalPlan(item.lg_code, name, item.site, "none"))
    if not meta.municipal_aggregate:
        return MunicipalAggregate("", False, None, listed), []
    folder = Path(root) / meta.municipal_aggregate
    try:
        return _read(folder, meta, listed), []
    except (OSError, _Unreadable) as error:
        line, column = meta_doc.position(("municipal_aggregate",)) if meta_doc else (0, 0)
        problem = make_problem(
            "W-municipal-aggregate-missing",
            meta_doc.display_path if meta_doc else "plan/plan.yaml",
            line,
            column,
            path=meta.municipal_aggregate,
            reason=str(error) or type(error).__name__,
        )
        return MunicipalAggregate(meta.municipal_aggregate, False, None, listed), [problem]


class _Unreadable(Exception):
    """The aggregate cannot be read; the message says why, in Japanese."""


def _read(folder: Path, meta: PlanMeta, listed: list[MunicipalPlan]) -> MunicipalAggregate:
    from generator.aggregate.database import CURRENT_PLANS, AggregateBusy, NoDatabase, reading

    codes = [item.lg_code for item in listed]
    try:
        with reading(folder) as connection:
            connection.execute(f"CREATE TEMP TABLE current_plans AS {CURRENT_PLANS}")
            connection.execute("CREATE TEMP TABLE listed (lg_code VARCHAR)")
            connection.executemany("INSERT INTO listed VALUES (?)", [[code] for code in codes])
            plans = {
                row[0]: row[1:]
                for row in connection.execute(
                    "SELECT c.lg_code, c.status, c.title, c.period_start, c.period_end, "
                    "c.measure_count, c.latest_review, c.site_url FROM current_plans c "
                    "JOIN listed USING (lg_code)"
                ).fetchall()
            }
            left_out = {
                row[0]
                for row in connection.execute(
                    "SELECT lg_code FROM sources JOIN listed USING (lg_code) WHERE NOT included"
                ).fetchall()
            }
            verdicts: dict[str, dict[str, int]] = {}
            for lg_code, status, count in connection.execute(
                "SELECT s.lg_code, s.status, count(*) FROM statuses s "
                "JOIN current_plans c USING (lg_code, plan_id, revision) "
                "JOIN listed USING (lg_code) WHERE s.quarter = c.latest_review GROUP BY ALL"
            ).fetchall():
                verdicts.setdefault(lg_code, {})[status] = count
            own = (
                "SELECT r.lg_code, r.entry_key FROM measure_refs r "
                "JOIN current_plans c USING (lg_code, plan_id, revision) "
                "JOIN listed USING (lg_code) "
                "JOIN catalogues k ON k.catalogue_id = r.catalogue_id AND k.issuer_lg_code = ?"
            )
            refs: dict[str, set[str]] = {}
            for lg_code, entry in connection.execute(own, [meta.lg_code]).fetchall():
                refs.setdefault(lg_code, set()).add(entry)
            read_at = connection.execute(
                "SELECT strftime(max(read_at)::TIMESTAMP, '%Y-%m-%d %H:%M') FROM sources"
            ).fetchone()
    except NoDatabase as error:
        raise _Unreadable("aggregate.duckdb がありません") from error
    except AggregateBusy as error:
        raise _Unreadable("集計を書き込み中です") from error
    municipalities = []
    for item in listed:
        found = plans.get(item.lg_code)
        if found is None:
            status = "left_out" if item.lg_code in left_out else "none"
            municipalities.append(MunicipalPlan(item.lg_code, item.name, item.site, status))
            continue
        status, title, start, end, measures, latest, site = found
        municipalities.append(
            MunicipalPlan(
                item.lg_code,
                item.name,
                item.site or site,
                status,
                title,
                start,
                end,
                measures,
                latest,
                verdicts.get(item.lg_code, {}),
                len(refs.get(item.lg_code, set())),
            )
        )
    users: dict[str, int] = {}
    for entries in refs.values():
        for entry in entries:
            users[entry] = users.get(entry, 0) + 1
    return MunicipalAggregate(
        meta.municipal_aggregate or "",
        True,
        read_at[0] if read_at else None,
        municipalities,
        users,
    )
