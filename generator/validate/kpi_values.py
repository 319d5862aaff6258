"""Checks of one KPI: targets present, values that fit the kind, direction, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from generator.labels import (
    DIRECTION_LABELS,
    KPI_KIND_LABELS,
    fiscal_year_label,
    period_text,
    when_label,
)
from generator.load import YamlDocument
from generator.model.kpi import Direction, Kpi, KpiKind
from generator.problems import Problem, make_problem
from generator.project import PlanProject
from generator.rules import value_misfit

UNKNOWN_BASELINE_HINT = (
    '基準値が分からない（計画書で「—」や「不明」）ときは、value に null か "—" と書き、'
    "計画書の表記は label に残します（例: label: 現状値(2022年)）。"
)


def check_kpi(
    project: PlanProject, document: YamlDocument, location: tuple, kpi: Kpi, *, today: dt.date
) -> Iterator[Problem]:
    """Every problem of one KPI defined at `location` in `document`."""

    def at(sub: tuple, code: str, *, hint: str = "", **values: object) -> Problem:
        line, column = document.position((*location, *sub))
        return make_problem(code, document.display_path, line, column, hint=hint, **values)

    if not (kpi.targets or kpi.target_text or kpi.target_pending):  # 計画に記載なし counts
        yield at(("id",), "E-kpi-no-target", id=kpi.id)
    if kpi.kind is not KpiKind.MILESTONE and not kpi.unit:
        yield at(("id",), "W-kpi-missing-unit", id=kpi.id)
    kind = KPI_KIND_LABELS[kpi.kind]
    if kpi.baseline is not None and kpi.baseline.value is not None:  # None: stated as 「—」
        why = value_misfit(kpi, kpi.baseline.value)
        if why:
            yield at(
                ("baseline", "value"),
                "E-kpi-value-kind",
                hint=UNKNOWN_BASELINE_HINT,
                id=kpi.id,
                what="基準値",
                found=_shown(kpi.baseline.value),
                kind=kind,
                why=why,
            )

    period = project.meta.known_period
    seen_when: set[str] = set()
    for index, target in enumerate(kpi.target_list):
        here = ("targets", index)
        why = value_misfit(kpi, target.value)
        if why:
            yield at(
                (*here, "value"),
                "E-kpi-value-kind",
                id=kpi.id,
                what="目標値",
                found=_shown(target.value),
                kind=kind,
                why=why,
            )
        due = target.due
        if due is None:
            continue  # its time is not stated in the plan (計画に記載なし): nothing to place
        when = str(due)
        if when in seen_when:
            yield at((*here, "when"), "E-duplicate-target", id=kpi.id, when=when_label(when))
        seen_when.add(when)
        if period is not None:
            values = {
                "what": f"KPI「{kpi.id}」の目標",
                "when": when_label(when),
                "period": period_text(period),
            }
            if due.fiscal_year < period.start_fiscal_year:
                yield at((*here, "when"), "E-before-period", **values)
            elif due.fiscal_year > period.end:
                yield at((*here, "when"), "W-after-period", **values)
        baseline_year = kpi.baseline.fiscal_year if kpi.baseline else None
        if baseline_year is not None and baseline_year > due.fiscal_year:
            yield at(
                (*here, "when"),
                "E-baseline-after-target",
                id=kpi.id,
                baseline=fiscal_year_label(baseline_year),
                target=when_label(when),
            )

    yield from _direction(kpi, at)
    pending = kpi.target_pending
    if pending and not kpi.target_list and pending.decide_by < today:
        yield at(
            ("target_pending", "decide_by"),
            "W-target-pending-overdue",
            id=kpi.id,
            date=pending.decide_by,
        )


def _direction(kpi: Kpi, at: Callable[..., Problem]) -> Iterator[Problem]:
    """Targets that move against the KPI's direction, from the baseline or the previous target."""
    if kpi.direction is Direction.KEEP:
        return
    dated = [(index, t) for index, t in enumerate(kpi.target_list) if t.due is not None]
    ordered = sorted(dated, key=lambda pair: pair[1].due.last_quarter_index if pair[1].due else 0)
    previous = _rank(kpi, kpi.baseline.value) if kpi.baseline else None
    previous_shown = _shown(kpi.baseline.value) if kpi.baseline else None
    for index, target in ordered:
        rank = _rank(kpi, target.value)
        if rank is None:
            continue
        if previous is not None:
            wrong = rank < previous if kpi.direction is Direction.INCREASE else rank > previous
            if wrong:
                yield at(
                    ("targets", index, "value"),
                    "W-target-direction",
                    id=kpi.id,
                    target=_shown(target.value),
                    when=target.due,
                    baseline=previous_shown,
                    direction=DIRECTION_LABELS[kpi.direction],
                )
        previous, previous_shown = rank, _shown(target.value)


def _rank(kpi: Kpi, value: object) -> float | None:
    if kpi.kind is KpiKind.MILESTONE:
        return float(kpi.levels.index(value)) if value in kpi.levels else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
