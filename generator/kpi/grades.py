"""Grades the plan's evaluating body gives: `kpi/grades.csv`, one row per KPI and period.

Many plans are evaluated by a body (推進本部, 外部評価委員会) that assigns a grade to
each KPI: A–D, S/A/B/C, or words such as 「次期計画で継続」. The tool records that
grade beside the status it computes; it never makes one up. The table is tidy and
diff-friendly like kpi/actuals.csv:

    kpi_id,period,grade,note,graded_by,graded_at
    k-1-01,2024,B,目標の8割まで進んだ,DX推進本部,2025-06-20

`period` is a 年度 (2024) or a quarter (2024Q4). A 年度's grade also shows in the
report of that 年度's fourth quarter.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.file_access import MAX_TABLE_BYTES, read_bounded
from generator.kpi.normalise import normalise_fiscal_year, normalise_quarter
from generator.kpi.store import csv_problem
from generator.layout import GRADES_FILE
from generator.problems import Problem, make_problem
from generator.quarters import ReviewPeriod, stored_review_period

COLUMNS = ["kpi_id", "period", "grade", "note", "graded_by", "graded_at"]
REQUIRED = COLUMNS[:3]
PERIOD_TEXT = re.compile(r"^\s*(\d{4})\s*(?:[Qq]\s*([1-4]))?\s*$")


@dataclass(frozen=True)
class GradeRow:
    """One assigned grade: the KPI, the period it judges, the grade, and who gave it when."""

    kpi_id: str
    period: str  # as normalised: "2024" or "2024Q4"; as written when unreadable
    grade: str
    note: str = ""
    graded_by: str = ""
    graded_at: str = ""
    line: int = field(default=0, compare=False)
    # The review the grade judges (a 年度 or a quarter), read once; None when unreadable.
    review: ReviewPeriod | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "review", stored_review_period(self.period))

    def applies_to(self, period: str) -> bool:
        """Whether the grade belongs to the review of `period` ("2024" or "2024Q4").

        A 年度's grade also belongs to the report of that 年度's fourth quarter.
        """
        review = self.review
        if review is None:
            return False
        if str(review) == period:
            return True
        return review.is_year and str(review.quarter) == period


def normalise_period(text: str) -> str | None:
    """2024 or 2024Q4, from a 年度 or a quarter as people write it (令和6年度, R6Q4 …); else None."""
    match = PERIOD_TEXT.match(text)
    if match:
        return f"{match[1]}Q{match[2]}" if match[2] else match[1]
    quarter, _ = normalise_quarter(text)
    if quarter is not None:
        return str(quarter)
    year, _ = normalise_fiscal_year(text)
    return str(year) if year is not None else None


def read_grades(root: Path) -> tuple[list[GradeRow], list[Problem]]:
    """Read kpi/grades.csv; a missing file is no grades, not a problem.

    Read like kpi/actuals.csv: a regular file inside the plan folder, non-blocking and
    bounded (a FIFO or a link to /dev/zero is a problem, never a hang).
    """
    path = Path(root) / GRADES_FILE
    if not os.path.lexists(path):
        return [], []
    raw, problem = read_bounded(path, GRADES_FILE, MAX_TABLE_BYTES, root=root)
    if raw is None:
        return [], [problem] if problem else []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [make_problem("E-encoding", GRADES_FILE, 1, 1, byte="(UTF-8 以外)")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _grade_rows(reader)
    except csv.Error as error:  # an over-long field: the rows read so far are not used
        return [], [csv_problem(GRADES_FILE, reader.line_num + 1, error)]


def _grade_rows(reader: Any) -> tuple[list[GradeRow], list[Problem]]:
    header = [name.strip() for name in next(reader, [])]
    if not header:
        return [], []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problem = make_problem(
            "E-csv-header",
            GRADES_FILE,
            1,
            1,
            missing="、".join(missing),
            expected=",".join(COLUMNS),
        )
        return [], [problem]
    rows: list[GradeRow] = []
    problems: list[Problem] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                make_problem(
                    "E-csv-row",
                    GRADES_FILE,
                    reader.line_num,
                    len(header) + 1,
                    count=len(cells),
                    expected=len(header),
                )
            )
            continue
        record = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
        period = record.get("period", "")
        rows.append(
            GradeRow(
                record.get("kpi_id", ""),
                normalise_period(period) or period,
                record.get("grade", ""),
                record.get("note", ""),
                record.get("graded_by", ""),
                record.get("graded_at", ""),
                line=reader.line_num,
            )
        )
    return rows, problems
