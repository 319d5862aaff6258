"""The rules every command applies to a KPI record: when it may be, and what value fits.

validate, `kpi import`, `kpi record`, `kpi status` and `report` use these, so they
give the same verdict with the same problem code:

- Time: before the plan period is an error (E-before-period); after the end a
  warning (W-after-period: the record is judged against the final target); a
  quarter that has not begun a warning (W-future-quarter), which `--strict` refuses.
- Value: a milestone KPI takes one of its levels; any other KPI a number that is
  not negative, and a percentage at most 100.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from generator.labels import period_text, when_label
from generator.model.kpi import Kpi, KpiKind
from generator.model.plan import Period, Placement
from generator.quarters import ReviewPeriod

AFTER_PERIOD_HINT = "計画期間後の記録は、計画期間の最終目標に照らして判定します。次期計画への引き継ぎを確認してください。"


class TimeProblem(NamedTuple):
    """A problem code with the values for its message, and the hint to show."""

    code: str
    values: dict[str, object]
    hint: str = ""


def quarter_time_problems(
    period: Period | None, when: ReviewPeriod, what: str, today: dt.date
) -> list[TimeProblem]:
    """The problems of a record of `what` for the review `when`; empty when it fits.

    A 年度 (a yearly review) is before the period when the 年度 ends before it, after
    when it begins after it, and in the future when the 年度 has not begun. A plan whose
    period is not stated (計画に記載なし) is checked for the future only.
    """
    first, last = when.first_quarter, when.quarter
    shown = str(when)
    found: list[TimeProblem] = []
    if period is not None:
        values: dict[str, object] = {
            "what": what,
            "when": when_label(shown),
            "period": period_text(period),
        }
        if period.place(last) is Placement.BEFORE:
            found.append(TimeProblem("E-before-period", values))
        elif period.place(first) is Placement.AFTER:
            found.append(TimeProblem("W-after-period", values, AFTER_PERIOD_HINT))
    if first.start > today:
        future: dict[str, object] = {"what": what, "quarter": shown, "today": today.isoformat()}
        found.append(TimeProblem("W-future-quarter", future))
    return found


def value_misfit(kpi: Kpi, value: object) -> str | None:
    """Why `value` cannot be a value of this KPI's kind, in Japanese; None when it fits."""
    if kpi.kind is KpiKind.MILESTONE:
        if value not in kpi.levels:
            return f"段階（{'・'.join(kpi.levels)}）のどれかを書いてください"
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "数値を書いてください（単位や % は unit に書きます）"
    if value < 0:
        return "負の値は使えません"
    if kpi.kind is KpiKind.PERCENTAGE and value > 100:
        return "割合は 0〜100 で書いてください"
    return None
