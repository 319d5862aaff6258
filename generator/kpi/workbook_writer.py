"""The quarterly Excel workbook (F13): one sheet per department with the KPIs it reports.

Each department sheet has a hidden first row that names the columns the importer
reads (`kpi_id`, `value`, `note`, `recorded_by`, `quarter`, the column names of
kpi/actuals.csv) and a hidden `quarter` column, so `dataplan kpi import` maps every
row back to its KPI and quarter however the rows are sorted. Everything but the
input cells is locked (sheet protection without a password: it prevents slips,
it is not security).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.atomic import atomic_write_bytes
from generator.kpi.normalise import parse_number
from generator.kpi.store import ActualRow
from generator.kpi.workbook_layout import INSTRUCTIONS_SHEET, META_SHEET
from generator.labels import (
    INTERNAL_MARK,
    KPI_KIND_LABELS,
    NOT_STATED,
    review_words,
    wareki_fiscal_year,
)
from generator.model import Kpi, KpiKind, Measure
from generator.project import PlanProject
from generator.quarters import ReviewPeriod

TEMPLATE_FORMAT = "dataplan-kpi-template"
TEMPLATE_VERSION = 1
PREVIOUS_QUARTERS = 4

MACHINE_ROW = 1  # hidden: the actuals-table column names the importer looks for
TITLE_ROW = 2
QUARTER_ROW = 3
HEADER_ROW = 4
FIRST_DATA_ROW = 5

# (machine name or "", visible header, width)
FIXED_COLUMNS = [
    ("kpi_id", "KPI ID", 12),
    ("", "施策", 28),
    ("", "指標名", 32),
    ("", "単位", 8),
    ("", "種類", 16),
    ("", "目標", 26),
]
INPUT_COLUMNS = [
    ("value", "実績値", 14),
    ("note", "実績の説明・コメント", 40),
    ("recorded_by", "記入者", 14),
]
EXCEL_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LIMIT = 31

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REFERENCE_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

CellValue = str | int | float | None  # what this writer puts in a cell


@dataclass(frozen=True)
class TemplateSheet:
    """One department sheet of the workbook."""

    name: str
    department_id: str
    department_name: str
    kpis: list[tuple[Measure, Kpi]]


class TemplateError(ValueError):
    """No workbook can be made: --department names no department that reports a KPI, or there are no KPIs."""


NO_DEPARTMENT = ""  # KPIs of measures whose plan names no department (計画に記載なし)
NO_DEPARTMENT_NAME = "担当の記載なし"


def department_name(project: PlanProject, department_id: str) -> str:
    if department_id == NO_DEPARTMENT:
        return NO_DEPARTMENT_NAME
    return project.meta.department_names().get(department_id, department_id)


def kpis_by_department(project: PlanProject) -> dict[str, list[tuple[Measure, Kpi]]]:
    """The KPIs each department reports (PlanProject.kpi_department), in plan order; the KPIs
    of measures without a stated department come last, on a sheet of their own."""
    rank = {department.id: index for index, department in enumerate(project.meta.departments)}
    grouped: dict[str, list[tuple[Measure, Kpi]]] = {}
    for measure, _, kpi in project.iter_kpis():
        department = project.kpi_department(measure, kpi) or NO_DEPARTMENT
        grouped.setdefault(department, []).append((measure, kpi))
    return dict(sorted(grouped.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


def find_department(project: PlanProject, text: str) -> str:
    """The department id meant by `text` (an id or a name, 全角/半角 alike); raises TemplateError."""
    reporting = kpis_by_department(project)
    found = project.meta.find_department(text)
    if found is not None and found.id in reporting:
        return found.id
    known = "、".join(f"{department_name(project, d)}（{d}）" for d in reporting)
    raise TemplateError(
        f"部署「{text}」が報告する KPI はありません。指定できる部署: {known or 'なし'}"
    )


def template_sheets(project: PlanProject, department: str | None = None) -> list[TemplateSheet]:
    """The department sheets, with Excel-safe unique names (≤31 characters)."""
    chosen = find_department(project, department) if department else None
    used = {INSTRUCTIONS_SHEET.casefold(), META_SHEET.casefold(), "history"}
    sheets = []
    for department_id, kpis in kpis_by_department(project).items():
        if chosen and department_id != chosen:
            continue
        name = sheet_name(department_name(project, department_id) or department_id, used)
        sheets.append(
            TemplateSheet(name, department_id, department_name(project, department_id), kpis)
        )
    if not sheets:
        raise TemplateError(
            "この計画には KPI がありません。measures/ の施策に kpis を書いてください。"
        )
    return sheets


def sheet_name(wanted: str, used: set[str]) -> str:
    """An Excel-safe sheet name not in `used` (compared case-insensitively); adds it to `used`."""
    base = EXCEL_FORBIDDEN.sub("_", wanted).strip().strip("'")[:SHEET_NAME_LIMIT] or "部署"
    name, number = base, 1
    while name.casefold() in used:
        number += 1
        suffix = f"({number})"
        name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
    used.add(name.casefold())
    return name


def build_workbook(
    project: PlanProject,
    period: ReviewPeriod,
    actuals: Iterable[ActualRow],
    *,
    department: str | None = None,
    generated_at: dt.datetime | None = None,
    include_internal: bool = False,
) -> tuple[Workbook, list[TemplateSheet]]:
    """The workbook for `period` (a quarter, or a 年度 of a yearly review: 記入方法, one sheet per
    department, the hidden metadata) and its sheets.

    The workbook goes to departments: a 庁内限定 text (an internal target_text) is
    left out unless `include_internal`, and then shown with its marker. Every text
    cell is a text cell, whatever it starts with (a note `=HYPERLINK(…)` stays text).
    """
    sheets = template_sheets(project, department)
    recorded = {row.key: row for row in actuals}
    workbook = Workbook()
    instructions = workbook.active  # a new workbook starts with one worksheet
    assert isinstance(instructions, Worksheet)
    _instructions(instructions, project, period)
    metadata = workbook.create_sheet(META_SHEET)
    _metadata(metadata, project, period, sheets, generated_at or dt.datetime.now())
    level_lists = _LevelLists(metadata)
    for sheet in sheets:
        _department_sheet(
            workbook.create_sheet(sheet.name),
            project,
            sheet,
            period,
            recorded,
            level_lists,
            include_internal=include_internal,
        )
    workbook.move_sheet(metadata, offset=len(sheets))  # last, out of the way
    workbook.security = WorkbookProtection(lockStructure=True)
    text_cells(workbook)
    return workbook, sheets


def text_cells(workbook: Workbook) -> None:
    """Make every text cell a text cell: openpyxl turns a string starting with `=` into a formula.

    The writer itself writes no formula, so any `=…` (a note, a name, a level) is
    user text, which must reach the next department as text, not as a live formula.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type != "s":
                    cell.data_type = "s"


def write_template(
    project: PlanProject,
    period: ReviewPeriod,
    actuals: Iterable[ActualRow],
    output: Path,
    *,
    department: str | None = None,
    generated_at: dt.datetime | None = None,
    include_internal: bool = False,
) -> list[TemplateSheet]:
    """Build the workbook and write it atomically to `output`; returns the department sheets."""
    workbook, sheets = build_workbook(
        project,
        period,
        actuals,
        department=department,
        generated_at=generated_at,
        include_internal=include_internal,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write_bytes(Path(output), buffer.getvalue())
    return sheets


def default_output(
    project: PlanProject, period: ReviewPeriod, department: str | None = None
) -> Path:
    """kpi-2025Q2.xlsx (kpi-2024.xlsx for a 年度), or kpi-2025Q2-digital.xlsx for one department
    (raises TemplateError)."""
    if department:
        return Path(f"kpi-{period}-{find_department(project, department)}.xlsx")
    return Path(f"kpi-{period}.xlsx")


def written_message(output: Path, period: ReviewPeriod, sheets: list[TemplateSheet]) -> str:
    """What `kpi template` wrote, in Japanese."""
    counts = "、".join(f"{sheet.name} {len(sheet.kpis)}" for sheet in sheets)
    total = sum(len(sheet.kpis) for sheet in sheets)
    return (
        f"書き出しました: {output}\n"
        f"  {period}（{period.label}）、{len(sheets)} シート、KPI {total} 件（{counts}）\n"
        f"  記入後に `dataplan kpi import {shlex.quote(str(output))} --dry-run` で確認してから取り込んでください。"
    )


def previous_periods(period: ReviewPeriod) -> list[ReviewPeriod]:
    """The reference periods shown beside the input column (quarters, or 年度), oldest first."""
    found = [period]
    for _ in range(PREVIOUS_QUARTERS):
        found.insert(0, found[0].previous)
    return found[:-1]


def target_summary(kpi: Kpi, *, include_internal: bool = False) -> str:
    """目標 as one line: 2027年度: 80%、2029年度: 100%; or the text target; or 未設定.

    An internal (庁内限定) text target is shown only with `include_internal`, and then
    with the ［庁内限定］ marker in front; otherwise the cell stays empty.
    """
    unit = "" if kpi.is_milestone else (kpi.unit or "")
    if kpi.targets_not_stated:
        return f"目標: {NOT_STATED}"
    if kpi.target_list:
        parts = []
        for target in kpi.target_list:
            due = target.due
            if due is None:
                when = "時期の記載なし"
            else:
                when = str(due) if due.quarter else f"{due.fiscal_year}年度"
            parts.append(f"{when}: {_shown(target.value)}{unit}")
        return "、".join(parts)
    if kpi.target_text:
        if not kpi.target_text.is_internal:
            return kpi.target_text.text
        return f"［{INTERNAL_MARK}］{kpi.target_text.text}" if include_internal else ""
    if kpi.target_pending:
        return f"未設定（{kpi.target_pending.decide_by.isoformat()} までに設定）"
    return ""


def kind_label(kpi: Kpi) -> str:
    label = KPI_KIND_LABELS[kpi.kind]
    return f"{label}: {'・'.join(kpi.levels)}" if kpi.is_milestone else label


def _department_sheet(
    sheet: Worksheet,
    project: PlanProject,
    spec: TemplateSheet,
    period: ReviewPeriod,
    recorded: dict[tuple[str, str], ActualRow],
    level_lists: _LevelLists,
    *,
    include_internal: bool,
) -> None:
    references = previous_periods(period)
    columns = [
        *FIXED_COLUMNS,
        *((f"ref:{q}", f"{q}\n{_short_label(q)}\n（参考）", 12) for q in references),
        *(
            (name, f"{period} {label}" if name == "value" else label, width)
            for name, label, width in INPUT_COLUMNS
        ),
        ("quarter", review_words(period.is_year).unit, 10),
    ]
    sheet.append([name for name, _, _ in columns])
    sheet.row_dimensions[MACHINE_ROW].hidden = True
    sheet.cell(
        TITLE_ROW, 1, f"{project.meta.municipality} KPI 実績の報告（{spec.department_name}）"
    ).font = Font(bold=True, size=14)
    sheet.cell(
        QUARTER_ROW,
        1,
        f"対象: {period} ＝ {period.label}。黄色のセルに入力してください（記入方法のシートを参照）。",
    )
    for index, (_, label, width) in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, index, label)
        cell.font, cell.fill, cell.alignment, cell.border = Font(bold=True), HEADER_FILL, WRAP, BOX
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[HEADER_ROW].height = 48
    value_column = len(FIXED_COLUMNS) + len(references) + 1
    quarter_column = len(columns)
    sheet.column_dimensions[get_column_letter(quarter_column)].hidden = True

    validations = _Validations(sheet, level_lists)
    for row, (measure, kpi) in enumerate(spec.kpis, start=FIRST_DATA_ROW):
        fixed = [
            kpi.id,
            measure.name,
            kpi.name,
            "" if kpi.is_milestone else (kpi.unit or ""),
            kind_label(kpi),
            target_summary(kpi, include_internal=include_internal),
        ]
        previous = [_reference_value(recorded.get((kpi.id, str(q)))) for q in references]
        current = recorded.get((kpi.id, str(period)))
        inputs = [
            _typed(current.value) if current else None,
            current.note if current else None,
            current.recorded_by if current else None,
        ]
        for column, value in enumerate([*fixed, *previous, *inputs, str(period)], start=1):
            cell = sheet.cell(row, column, value if value != "" else None)
            cell.alignment, cell.border = WRAP, BOX
            if value_column <= column < value_column + len(INPUT_COLUMNS):
                cell.protection, cell.fill = Protection(locked=False), INPUT_FILL
            elif len(FIXED_COLUMNS) < column < value_column:
                cell.fill = REFERENCE_FILL
        validations.add(kpi, f"{get_column_letter(value_column)}{row}")
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 2).coordinate
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


class _Validations:
    """Excel data validation on the input cells: one rule per distinct kind of input."""

    def __init__(self, sheet: Worksheet, level_lists: _LevelLists) -> None:
        self.sheet = sheet
        self.level_lists = level_lists
        self.rules: dict[tuple, DataValidation] = {}

    def add(self, kpi: Kpi, cell: str) -> None:
        key = ("list", *kpi.levels) if kpi.is_milestone else (str(kpi.kind),)
        if key not in self.rules:
            self.rules[key] = self._rule(kpi)
            self.sheet.add_data_validation(self.rules[key])
        self.rules[key].add(cell)

    def _rule(self, kpi: Kpi) -> DataValidation:
        rule = partial(
            DataValidation,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop",
        )
        if kpi.is_milestone:
            choices = ",".join(kpi.levels)
            return rule(
                type="list",
                formula1=self.level_lists.formula(kpi.levels),
                errorTitle="段階を選んでください",
                error=f"{choices} のどれかを選んでください。",
                promptTitle="段階",
                prompt=f"{choices} から選ぶ",
            )
        if kpi.kind is KpiKind.PERCENTAGE:
            return rule(
                type="decimal",
                operator="between",
                formula1="0",
                formula2="100",
                errorTitle="割合は 0〜100",
                error="割合は 0〜100 の数値で入力してください（85% なら 85）。文章はコメント列へ。",
                promptTitle="割合（%）",
                prompt="0〜100 の数値。単位は不要です。",
            )
        return rule(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            errorTitle="数値を入力してください",
            error="0 以上の数値を入力してください。文章はコメント列へ。",
            promptTitle="数値",
            prompt="数値だけを入力（単位・カンマ不要）。",
        )


class _LevelLists:
    """Milestone levels for list validation: inline ("a,b,c") when Excel allows it, else
    written to a column of the hidden sheet and referenced (Excel caps an inline list at
    255 characters and cannot quote a comma inside one)."""

    FIRST_COLUMN = 5  # E: columns A–C hold the metadata

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.ranges: dict[tuple[str, ...], str] = {}

    def formula(self, levels: list[str]) -> str:
        inline = ",".join(levels)
        if len(inline) <= 250 and not any("," in level or '"' in level for level in levels):
            return f'"{inline}"'
        key = tuple(levels)
        if key not in self.ranges:
            letter = get_column_letter(self.FIRST_COLUMN + len(self.ranges))
            for row, level in enumerate(levels, start=1):
                self.sheet[f"{letter}{row}"] = level
            self.ranges[key] = f"{quote_sheetname(META_SHEET)}!${letter}$1:${letter}${len(levels)}"
        return self.ranges[key]


def _instructions(sheet: Worksheet, project: PlanProject, period: ReviewPeriod) -> None:
    sheet.title = INSTRUCTIONS_SHEET
    lines = [
        ("title", f"{project.meta.municipality} {project.meta.title}"),
        ("", f"KPI 実績の報告: {period}（{period.label}）"),
        ("", ""),
        ("heading", "記入のしかた"),
        (
            "",
            "1. 部署ごとのシートに、その部署が報告する KPI が並んでいます。黄色のセル（実績値・実績の説明・コメント・記入者）だけに入力できます。",
        ),
        (
            "",
            f"2. 実績値には {period.label}の値を入れます。数値の KPI は数値だけ（「約」や単位は付けない）。全角数字や桁区切りのカンマ（1,234）も読み取ります。",
        ),
        (
            "",
            "3. 割合の KPI は 0〜100 の数で入れます（85% なら 85。「85%」と入力しても 85 として読み取ります）。",
        ),
        (
            "",
            "4. 定性（段階）の KPI は、セルのリストから段階（例: 未実施・実施中・実施）を選びます。",
        ),
        (
            "",
            "5. 数値で表せない実績（例: 調査中のため未確定）は、実績値を空けて「実績の説明・コメント」に文章で書きます。",
        ),
        ("", "6. 未計測の KPI は空欄のままにします。「－」だけのセルも空欄として扱います。"),
        (
            "",
            f"7. 灰色の列は前の{PREVIOUS_QUARTERS}{review_words(period.is_year).unit}の実績（参考）で、変更できません。"
            "誤りに気づいたら取りまとめ担当に連絡してください。",
        ),
        (
            "",
            f"8. 行の並べ替えは構いません（非表示の列で KPI と{review_words(period.is_year).unit}を識別します）。"
            "シート名・列・見出しは変えないでください。",
        ),
        ("", "9. 保存して（.xlsx のまま）取りまとめ担当に返してください。"),
        ("", ""),
        ("heading", "取りまとめ担当の方へ"),
        (
            "",
            "dataplan kpi import ファイル名.xlsx --dry-run で確認し、問題がなければ --dry-run を外して取り込みます。",
        ),
        (
            "",
            "読めないセルは「ファイル名!シート名!セル」（例: kpi.xlsx!総務課!K5）で示されます。"
            "記録済みの値と違う値は --replace を付けたときだけ置き換わり、前の値は kpi/history.csv に残ります。",
        ),
    ]
    fonts = {"title": Font(bold=True, size=14), "heading": Font(bold=True)}
    for row, (style, text) in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if style:
            cell.font = fonts[style]
    sheet.column_dimensions["A"].width = 110
    sheet.protection.sheet = True


def _metadata(
    sheet: Worksheet,
    project: PlanProject,
    period: ReviewPeriod,
    sheets: list[TemplateSheet],
    generated_at: dt.datetime,
) -> None:
    """The hidden sheet: what this file is, for which quarter, and which sheet is which department."""
    sheet.sheet_state = "veryHidden"
    rows = [
        ("format", TEMPLATE_FORMAT),
        ("version", TEMPLATE_VERSION),
        ("quarter", str(period)),
        ("municipality", project.meta.municipality),
        ("generated_at", generated_at.isoformat(timespec="seconds")),
        *(("sheet", s.name, s.department_id) for s in sheets),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.protection.sheet = True


def _reference_value(row: ActualRow | None) -> CellValue:
    if row is None:
        return None
    if row.value:
        return _typed(row.value)
    return "（説明のみ）" if row.note else None


def _typed(value: str) -> CellValue:
    """A stored value as an Excel cell value: numbers as numbers, level names as text."""
    if not value:
        return None
    number, problem = parse_number(value, percentage=True)
    if problem or number is None:
        return value
    return int(number) if number.is_integer() else number


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _short_label(period: ReviewPeriod) -> str:
    if period.number is None:
        return wareki_fiscal_year(period.fiscal_year)
    return f"{wareki_fiscal_year(period.fiscal_year)}\n第{period.number}四半期"
