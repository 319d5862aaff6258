"""Checks of kpi/grades.csv: each grade names a known KPI, a readable period inside the
plan, a grade the plan allows (when it lists them), and appears once per KPI and period.

Problems point at file:line:column, the column being the field's place in the header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.kpi.grades import GradeRow
from generator.layout import GRADES_FILE
from generator.problems import Problem, make_problem
from generator.project import PlanProject
from generator.quarters import ReviewPeriod
from generator.rules import quarter_time_problems
from generator.suggest import did_you_mean


def check_grades(
    project: PlanProject, columns: dict[str, int], *, today: dt.date
) -> Iterator[Problem]:
    """Every problem of the loaded grades (the reading problems come with the rows)."""
    kpis = project.kpis_by_id()
    allowed = [item.grade for item in project.meta.evaluation.grades]
    first_line: dict[tuple[str, str], int] = {}

    def at(row: GradeRow, column: str, code: str, *, hint: str = "", **values: object) -> Problem:
        return make_problem(
            code, GRADES_FILE, row.line, columns.get(column, 1), hint=hint, **values
        )

    unloaded = project.sources.unloaded_ids  # their files' own problems say what is wrong
    for row in project.grades:
        if row.kpi_id not in kpis and row.kpi_id not in unloaded:
            hint = did_you_mean(row.kpi_id, kpis)
            yield at(row, "kpi_id", "E-unknown-kpi", hint=hint, id=row.kpi_id)
        review = row.review
        if review is None:
            yield at(row, "period", "E-grade-period", found=row.period)
        else:
            yield from _placement(project, row, review, at, today)
            key = (row.kpi_id, row.period)
            if key in first_line:
                yield at(
                    row,
                    "kpi_id",
                    "E-duplicate-grade",
                    id=row.kpi_id,
                    period=row.period,
                    first=first_line[key],
                )
            first_line.setdefault(key, row.line)
        if not row.grade:
            yield at(row, "grade", "E-grade-empty", id=row.kpi_id, period=row.period)
        elif allowed and row.grade not in allowed:
            hint = did_you_mean(row.grade, allowed) or ""
            known = "、".join(
                f"{item.grade}（{item.label}）" if item.label else item.grade
                for item in project.meta.evaluation.grades
            )
            yield at(row, "grade", "E-unknown-grade", hint=hint, found=row.grade, known=known)


def _placement(
    project, row: GradeRow, review: ReviewPeriod, at, today: dt.date
) -> Iterator[Problem]:
    what = f"KPI「{row.kpi_id}」の評価"
    for code, values, hint in quarter_time_problems(project.meta.known_period, review, what, today):
        yield at(row, "period", code, hint=hint, **values)
