"""Render a QuarterReport as Markdown (jinja2, generator/templates/) and CSV, and write both."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from markupsafe import Markup

from generator.atomic_set import write_together
from generator.kpi.values import format_number
from generator.labels import NONE, percent
from generator.model.common import Text
from generator.report import MeasureReport, QuarterReport, SectionReport
from generator.rollup import Rollup
from generator.templating import render, table_cell, text_safe

CSV_COLUMNS = [
    "四半期",
    "体系",
    "柱",
    "番号",
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


def counts(rollup: Rollup) -> str:
    """達成 1、順調 2 … (marks that occur)."""
    return "、".join(f"{mark} {count}" for mark, count in rollup.marks.items() if count) or "なし"


def rollup_row(label: str, rollup: Rollup) -> Markup:
    cells = [label, rollup.total, *rollup.marks.values()]
    cells += [percent(rollup.on_track_share), rollup.improved, rollup.worsened]
    return Markup("| ") + Markup(" | ").join(table_cell(value) for value in cells) + Markup(" |")


def shown(text: Text | str | None) -> Markup:
    """A text of the view: internal ones get the 庁内限定 marker in front."""
    if isinstance(text, Text) and text.is_internal:
        return Markup("［庁内限定］") + text_safe(text.text)
    return text_safe(text)


def render_markdown(report: QuarterReport) -> str:
    by_groups = any(section.key.startswith("group:") for section in report.sections)
    text = render(
        "report.md.j2",
        report=report,
        by_groups=by_groups,
        rollup_row=rollup_row,
        counts=counts,
        shown=shown,
        heading=lambda level: Markup("#" * min(level, 6)),
    )
    return text.rstrip("\n") + "\n"


def render_csv(report: QuarterReport) -> str:
    """One row per (measure, KPI); a measure without KPIs has one row with the KPI columns empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    pillar_of = {m.id: section.title for section in report.pillars for m in section.measures}
    for path, measure in _measures_with_path(report.sections, []):
        head = [
            str(report.quarter),
            " > ".join(path),
            pillar_of.get(measure.id, ""),
            measure.number or "",
            *_measure_cells(measure),
        ]
        tail = [
            _plain(measure.evaluation),
            "\n".join(_plain(text) for text in measure.issues),
            "\n".join(_plain(text) for text in measure.next_actions),
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
                    _figure(current.target_value) or ("" if line.target == NONE else line.target),
                    current.target_when or "",
                    _number(current.progress, 100),
                    _number(current.expected, 100),
                    current.mark,
                    current.mark_label,
                    line.evaluation.previous.mark,
                    line.change,
                    line.explanation,
                    current.latest_note,
                    *tail,
                ]
            )
    return buffer.getvalue()


def _measures_with_path(
    sections: list[SectionReport], above: list[str]
) -> list[tuple[list[str], MeasureReport]]:
    """Every measure in the plan's order, with the titles of the sections it sits in."""
    found = []
    for section in sections:
        path = [*above, section.title]
        found += [(path, measure) for measure in section.measures]
        found += _measures_with_path(section.children, path)
    return found


def _figure(value: float | str | None) -> str:
    """A figure as stored: 150 (not 150.0), or a level's name."""
    if value is None:
        return ""
    return format_number(value) if isinstance(value, float) else value


def _plain(text: Text | None) -> str:
    if text is None:
        return ""
    return f"［庁内限定］{text.text}" if text.is_internal else text.text


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
    """Write report-<quarter>.md and .csv (UTF-8 with BOM, which Excel needs) into `folder`.

    The two are written together: both new, or (on a full disk, a read-only folder)
    neither, so a Markdown report never stands without its table.
    """
    stem = f"report-{report.quarter}" + ("-internal" if report.internal else "")
    markdown, table = Path(folder) / f"{stem}.md", Path(folder) / f"{stem}.csv"
    write_together(
        {
            markdown: render_markdown(report).encode("utf-8"),
            table: ("\ufeff" + render_csv(report)).encode("utf-8"),
        }
    )
    return [markdown, table]
