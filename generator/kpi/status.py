"""KPI statuses as people read them: one line per KPI with formatted figures (F10).

The same lines feed `dataplan kpi status` (a table or JSON), the quarterly report
and, later, the site. Figures stay available raw beside their display text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.kpi.store import ActualRow
from generator.kpi.values import display_number
from generator.model.common import Text
from generator.model.evaluation import KpiStatus
from generator.model.kpi import Kpi
from generator.model.measure import Measure
from generator.progress import (
    KpiEvaluation,
    KpiProgress,
    actuals_frame,
    evaluate_kpis,
    latest_quarter,
    plan_start_quarter,
)
from generator.project import PlanProject
from generator.quarters import Quarter
from generator.rollup import Rollup, rollups
from generator.suggest import did_you_mean
from generator.time_labels import quarter_short_label, when_label

NONE = "—"


class StatusRequestError(ValueError):
    """A request that cannot be answered (unknown department, no actuals yet); the message is Japanese."""


@dataclass(frozen=True)
class KpiLine:
    """One KPI under one measure, judged at a quarter, with display text for each figure."""

    kpi_id: str
    name: str
    unit: str
    measure_id: str
    measure_name: str
    department: str
    relisted: bool
    evaluation: KpiEvaluation
    target_text: str = ""  # a target in words, shown when there is no numeric target

    @property
    def current(self) -> KpiProgress:
        return self.evaluation.current

    @property
    def latest(self) -> str:
        progress = self.current
        if progress.latest_quarter is None:
            return NONE
        if progress.latest_value is None:
            return "（文章のみ）"
        return with_unit(progress.latest_value, self.unit)

    @property
    def latest_when(self) -> str:
        quarter = self.current.latest_quarter
        return quarter_short_label(quarter) if quarter else NONE

    @property
    def target(self) -> str:
        progress = self.current
        if progress.status is KpiStatus.NO_TARGET:
            return "目標未設定"
        if progress.target_value is None:
            return self.target_text or NONE
        return with_unit(progress.target_value, self.unit)

    @property
    def target_when(self) -> str:
        when = self.current.target_when
        return when_label(when) if when else NONE

    @property
    def progress(self) -> str:
        return percent(self.current.progress)

    @property
    def expected(self) -> str:
        return percent(self.current.expected)

    @property
    def change(self) -> str:
        """Value change and status change since the previous quarter, in a few words."""
        evaluation = self.evaluation
        parts = []
        if (
            self.current.latest_quarter
            and self.current.latest_quarter == evaluation.previous.latest_quarter
        ):
            parts.append("新しい実績なし")
        elif evaluation.value_delta is not None:
            parts.append(signed(evaluation.value_delta, self.unit))
        if evaluation.trend == "変化なし":
            parts.append("判定は変化なし")
        else:
            parts.append(
                f"{evaluation.previous.mark} → {evaluation.current.mark}（{evaluation.trend}）"
            )
        return "、".join(parts)

    def as_dict(self) -> dict:
        return {
            "kpi_id": self.kpi_id,
            "name": self.name,
            "unit": self.unit,
            "measure_id": self.measure_id,
            "measure_name": self.measure_name,
            "department": self.department,
            "relisted": self.relisted,
            **self.evaluation.as_dict(),
            "display": {
                "latest": self.latest,
                "latest_when": self.latest_when,
                "target": self.target,
                "target_when": self.target_when,
                "progress": self.progress,
                "expected": self.expected,
                "change": self.change,
            },
        }


@dataclass(frozen=True)
class StatusListing:
    quarter: Quarter
    lines: list[KpiLine]
    rollup: Rollup

    def as_dict(self) -> dict:
        return {
            "quarter": str(self.quarter),
            "quarter_label": self.quarter.label,
            "summary": self.rollup.as_dict(),
            "kpis": [line.as_dict() for line in self.lines],
        }


def evaluate_project(
    project: PlanProject, rows: Iterable[ActualRow], quarter: Quarter
) -> dict[str, KpiEvaluation]:
    """Every KPI of the plan judged at `quarter`, by the plan's evaluation settings."""
    meta = project.meta
    kpis = [kpi for _, _, kpi in project.iter_kpis()]
    frame = actuals_frame(rows)
    return evaluate_kpis(
        kpis, frame, quarter, plan_start_quarter(meta.period.start), meta.evaluation
    )


def default_quarter(rows: Iterable[ActualRow]) -> Quarter:
    """The latest quarter with any actual."""
    quarter = latest_quarter(actuals_frame(rows))
    if quarter is None:
        raise StatusRequestError(
            "実績がまだありません。--quarter で四半期を指定してください（例: --quarter 2025Q2）。"
        )
    return quarter


def status_listing(
    project: PlanProject,
    rows: list[ActualRow],
    quarter: Quarter | None = None,
    department: str | None = None,
) -> StatusListing:
    """Every KPI (where it is defined) at `quarter` (default: the latest with actuals), optionally of one department."""
    quarter = quarter or default_quarter(rows)
    evaluations = evaluate_project(project, rows, quarter)
    wanted = _department_id(project, department) if department else None
    lines = [
        kpi_line(project, measure, kpi, evaluations[kpi.id])
        for measure, _, kpi in project.iter_kpis()
        if wanted is None or project.kpi_department(measure, kpi) == wanted
    ]
    marks = [rule.mark for rule in project.meta.evaluation.mark_rules()]
    summary = rollups({"all": [line.kpi_id for line in lines]}, evaluations, marks)["all"]
    return StatusListing(quarter, lines, summary)


def kpi_line(
    project: PlanProject,
    measure: Measure,
    kpi: Kpi,
    evaluation: KpiEvaluation,
    *,
    relisted: bool = False,
) -> KpiLine:
    names = project.meta.department_names()
    department = project.kpi_department(measure, kpi)
    return KpiLine(
        kpi.id,
        kpi.name,
        kpi.unit or "",
        measure.id,
        measure.name,
        names.get(department, department),
        relisted,
        evaluation,
        public_text(kpi.target_text),
    )


def _department_id(project: PlanProject, wanted: str) -> str:
    found = project.meta.find_department(wanted)
    if found is not None:
        return found.id
    known = [d.id for d in project.meta.departments]
    hint = did_you_mean(wanted, known) or f"部署の id: {', '.join(known)}"
    raise StatusRequestError(
        f"部署「{wanted}」は plan/plan.yaml の departments にありません。{hint}"
    )


def summary_text(rollup: Rollup) -> str:
    """One line: counts per mark and the share on track among the KPIs that could be judged."""
    counts = "、".join(f"{mark} {count}" for mark, count in rollup.marks.items() if count)
    share = ""
    if rollup.on_track_share is not None:
        share = (
            f"。判定できた {rollup.judged} 件のうち達成・順調は {percent(rollup.on_track_share)}"
        )
    return f"KPI {rollup.total} 件: {counts or 'なし'}{share}。"


def with_unit(value: float | str, unit: str) -> str:
    """A value for display: 1,234件, 45.5%, 実施中."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
    else:
        number = value
    return f"{display_number(number)}{unit}"


def signed(value: float, unit: str) -> str:
    unit = "ポイント" if unit == "%" else unit
    return f"{'+' if value > 0 else '±' if value == 0 else '−'}{display_number(abs(value))}{unit}"


def percent(share: float | None) -> str:
    return NONE if share is None else f"{share:.0%}"


def public_text(text: Text | None) -> str:
    """A text as the public may read it: empty when missing or marked internal."""
    return "" if text is None or text.is_internal else text.text
