"""Render a QuarterReport as Markdown (jinja2, generator/templates/) and CSV, and write both."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.atomic import atomic_write_text
from generator.kpi.status import NONE, percent
from generator.report import MeasureReport, QuarterReport
from generator.rollup import Rollup

TEMPLATES = Path(__file__).parent / "templates"

CSV_COLUMNS = [
    "四半期",
    "柱",
    "施策ID",
    "施策名",
    "担当",
    "実施状況",
    "前期の実施状況",
    "KPI ID",
    "指標名",
    "再掲",
    "単位",
    "実績",
    "実績の時期",
    "目標",
    "目標の時期",
    "進捗率(%)",
    "期間経過率(%)",
    "判定",
    "判定の意味",
    "前期の判定",
    "前期からの変化",
    "判定の説明",
    "実績の説明",
    "評価",
    "課題",
    "改善策",
]


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def counts(rollup: Rollup) -> str:
    """達成 1、順調 2 … (marks that occur)."""
    return "、".join(f"{mark} {count}" for mark, count in rollup.marks.items() if count) or "なし"


def rollup_row(label: str, rollup: Rollup) -> str:
    cells = [cell(label), str(rollup.total), *(str(count) for count in rollup.marks.values())]
    cells += [percent(rollup.on_track_share), str(rollup.improved), str(rollup.worsened)]
    return "| " + " | ".join(cells) + " |"


def render_markdown(report: QuarterReport) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["cell"] = cell
    environment.globals.update(rollup_row=rollup_row, counts=counts)
    text = environment.get_template("report.md.j2").render(report=report)
    return text.rstrip("\n") + "\n"


def render_csv(report: QuarterReport) -> str:
    """One row per (measure, KPI); a measure without KPIs has one row with the KPI columns empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for pillar in report.pillars:
        for measure in pillar.measures:
            head = [str(report.quarter), pillar.label, *_measure_cells(measure)]
            tail = [
                measure.evaluation or "",
                "\n".join(measure.issues),
                "\n".join(measure.next_actions),
            ]
            if not measure.kpis:
                writer.writerow([*head, *[""] * 16, *tail])
            for line in measure.kpis:
                current = line.current
                writer.writerow(
                    [
                        *head,
                        line.kpi_id,
                        line.name,
                        "再掲" if line.relisted else "",
                        line.unit,
                        current.latest_value or "",
                        current.latest_quarter or "",
                        current.target_value or ("" if line.target == NONE else line.target),
                        current.target_when or "",
                        _number(current.progress, 100),
                        _number(current.expected, 100),
                        current.mark,
                        current.mark_label,
                        line.evaluation.previous.mark,
                        line.change,
                        current.explanation,
                        current.latest_note,
                        *tail,
                    ]
                )
    return buffer.getvalue()


def _measure_cells(measure: MeasureReport) -> list[str]:
    return [
        measure.id,
        measure.name,
        "、".join(measure.departments),
        measure.implementation,
        measure.previous_implementation,
    ]


def _number(value: float | None, scale: float = 1) -> str:
    if value is None:
        return ""
    return f"{value * scale:.1f}".removesuffix(".0")


def write_report(report: QuarterReport, folder: Path) -> list[Path]:
    """Write report-<quarter>.md and .csv (UTF-8 with BOM, which Excel needs) into `folder`, atomically."""
    stem = f"report-{report.quarter}" + ("-internal" if report.internal else "")
    markdown, table = Path(folder) / f"{stem}.md", Path(folder) / f"{stem}.csv"
    atomic_write_text(markdown, render_markdown(report))
    atomic_write_text(table, "\ufeff" + render_csv(report))
    return [markdown, table]
