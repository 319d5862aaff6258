"""The one rule for the time of a KPI record: inside the plan period, and not in the future.

validate, `kpi import`, `kpi record` and `kpi status` all place a quarter with
this function, so they give the same verdict with the same problem code:
before the period is an error (E-before-period); after the end is a warning
(W-after-period: the record is judged against the final target); a quarter that
has not begun is a warning (W-future-quarter), which `--strict` refuses.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from generator.model.plan import Period, Placement
from generator.quarters import Quarter
from generator.time_labels import period_text, when_label

AFTER_PERIOD_HINT = "計画期間後の記録は、計画期間の最終目標に照らして判定します。次期計画への引き継ぎを確認してください。"


class TimeProblem(NamedTuple):
    """A problem code with the values for its message, and the hint to show."""

    code: str
    values: dict[str, object]
    hint: str = ""


def quarter_time_problems(
    period: Period, quarter: Quarter, what: str, today: dt.date
) -> list[TimeProblem]:
    """The problems of a record of `what` at `quarter`; empty when it fits."""
    values: dict[str, object] = {
        "what": what,
        "when": when_label(str(quarter)),
        "period": period_text(period),
    }
    found: list[TimeProblem] = []
    placement = period.place(quarter)
    if placement is Placement.BEFORE:
        found.append(TimeProblem("E-before-period", values))
    elif placement is Placement.AFTER:
        found.append(TimeProblem("W-after-period", values, AFTER_PERIOD_HINT))
    if quarter.start > today:
        future = {"what": what, "quarter": quarter, "today": today.isoformat()}
        found.append(TimeProblem("W-future-quarter", future))
    return found
