"""The open data tables (F17): plan, measures, KPIs, targets, actuals and statuses as typed rows.

Every text of the plan is read from the *published data* of `published_data`,
the one place that asks generator/visibility.py (`plan_view`) what the audience
may see; the rows are built from that plain data, never from the models' texts
directly, so a 庁内限定 text cannot slip into a public file. Values keep their
types here (a number is a float, a missing value None); writing them is
open_data.py's work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.kpi.store import ActualRow
from generator.kpi.values import stored_number
from generator.labels import (
    CHOICE_LABELS,
    DIRECTION_LABELS,
    KPI_KIND_LABELS,
    KPI_TYPE_LABELS,
    LEVEL_LABELS,
    MUNICIPALITY_KIND_LABELS,
    NEXT_PLAN_LABELS,
    NO,
    NOT_STATED,
    STATUS_LABELS,
    TREND_LABELS,
    YES,
    period_text,
    quarter_short_label,
    when_label,
)
from generator.model.common import is_not_stated
from generator.model.dates import PartialDate
from generator.model.kpi import KpiKind
from generator.model.measure import MARK_SYMBOLS, Mark
from generator.model.plan import OpenData
from generator.progress import KpiEvaluation
from generator.project import Audience, PlanProject
from generator.quarters import ReviewPeriod
from generator.report import department_labels
from generator.status_words import explain
from generator.visibility import internal_data, plan_view

LIST_SEPARATOR = ";"
DATE_NOTE = "計画書に書かれた精度で: 日付（2025-03-28）、年月（2019-03）または年度（2022年度）。"
PERIOD_NOTE = "計画書に計画期間がないときは「計画に記載なし」。"
RELATION_LABELS = CHOICE_LABELS["PlanRelation"]
ACCUMULATION_LABELS = {"cumulative": "累計", "per_period": "各年度の値"}
LISTED = f"複数あるときは「{LIST_SEPARATOR}」で区切ります。"


@dataclass(frozen=True)
class Column:
    """A column: its name (English, as in the glossary), Frictionless type and Japanese title."""

    name: str
    type: str  # string, integer, number, date, boolean
    title: str
    description: str = ""


@dataclass(frozen=True)
class Table:
    """One published table: the file stem, what it holds, its columns and its rows."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    primary_key: tuple[str, ...] = ()


def published_data(project: PlanProject, *, internal: bool) -> dict[str, Any]:
    """The plan as plain data for the audience; the one place that decides what is published.

    `plan_view` removes, for the public, every field marked x-internal and every
    text marked `visibility: internal`; `internal_data` then only flattens the
    view's models into plain values (it removes nothing, and needs not to).
    """
    view = plan_view(project, Audience.INTERNAL if internal else Audience.PUBLIC)
    return internal_data({"meta": view.meta, "measures": view.measures})


def open_data_tables(
    project: PlanProject,
    evaluations: dict[str, KpiEvaluation],
    *,
    internal: bool = False,
    actuals: Iterable[ActualRow] | None = None,
    period: ReviewPeriod | None = None,
) -> list[Table]:
    """Every table, in the order a reader meets them (actuals: the plan's own by default).

    `period` is the review the evaluations judge (a quarter, or a 年度 of a yearly review);
    without it, the quarter the evaluations were made at.
    """
    data = published_data(project, internal=internal)
    kinds = {kpi.id: kpi.kind for _, _, kpi in project.iter_kpis()}
    return [
        plan_table(project, data["meta"], internal),
        measures_table(project, data, internal),
        kpis_table(project, data),
        targets_table(data),
        actuals_table(project.actuals if actuals is None else actuals, kinds),
        statuses_table(project, evaluations, period),
        grades_table(project),
    ]


def plan_table(project: PlanProject, meta: dict[str, Any], internal: bool) -> Table:
    """One row: the plan's name, period, contact and the licence of this data."""
    contact = meta.get("contact") or {}
    department = contact.get("department")
    names = project.meta.department_names()
    licence = meta.get("open_data") or OpenData().model_dump(mode="json")
    revisions = meta.get("revisions") or []
    period = project.meta.known_period
    vision = meta.get("vision") or {}
    predecessor = meta.get("predecessor") or {}
    successor = meta.get("successor") or {}
    drafting = meta.get("drafting") or {}
    comment = drafting.get("public_comment") or {}
    kind = meta.get("municipality_kind")
    row = {
        "municipality": meta["municipality"],
        "lg_code": meta["lg_code"],
        "prefecture": meta["prefecture"],
        "fictional": meta.get("fictional", False),
        "level": meta["level"],
        "level_label": LEVEL_LABELS[meta["level"]],
        "municipality_kind": kind,
        "municipality_kind_label": MUNICIPALITY_KIND_LABELS[kind] if kind else None,
        "title": meta["title"],
        "short_name": meta.get("short_name"),
        "edition": meta.get("edition"),
        "period_start": str(period.start) if period else None,
        "period_end": period.end if period else None,
        "period_label": period_text(period),
        "adopted_on": _date(project.meta.adopted_on),
        "revised_on": _date(project.meta.revisions[-1].date) if revisions else None,
        "revision": revisions[-1].get("version") if revisions else None,
        "vision": vision.get("statement"),
        "principles": _lines(vision.get("principles")),
        "revision_policy": meta.get("revision_policy"),
        "predecessor": predecessor.get("title"),
        "predecessor_period": predecessor.get("period"),
        "predecessor_relation": RELATION_LABELS.get(predecessor.get("relation") or ""),
        "successor": successor.get("title"),
        "successor_period": successor.get("period"),
        "public_comment_start": _date(_comment(project, "start")),
        "public_comment_end": _date(_comment(project, "end")),
        "public_comment_opinions": comment.get("opinions"),
        "public_comment_submitters": comment.get("submitters"),
        "contact_department": names.get(department, department) if department else None,
        "contact_phone": contact.get("phone"),
        "contact_email": contact.get("email"),
        "contact_url": contact.get("url"),
        "summary": meta.get("summary"),
        "licence": licence.get("licence"),
        "licence_url": licence.get("licence_url"),
        "attribution": licence.get("attribution"),
    }
    columns = [
        Column("municipality", "string", "団体名"),
        Column("lg_code", "string", "地方公共団体コード", "6桁（6桁目は検査数字）。"),
        Column("prefecture", "string", "都道府県名"),
        Column(
            "fictional",
            "boolean",
            "架空の団体の計画",
            "true なら記載例・研修用の架空の計画で、実在の団体のものではありません。",
        ),
        Column("level", "string", "団体の種類のID"),
        Column("level_label", "string", "団体の種類"),
        Column("municipality_kind", "string", "市町村の区分のID"),
        Column("municipality_kind_label", "string", "市町村の区分"),
        Column("title", "string", "計画の名称"),
        Column("short_name", "string", "計画の通称"),
        Column("edition", "integer", "期"),
        Column("period_start", "string", "計画期間の開始", "年度（2025）または年月（2024-12）。"),
        Column("period_end", "integer", "計画期間の終了年度"),
        Column("period_label", "string", "計画期間（表記）", PERIOD_NOTE),
        Column("adopted_on", "string", "策定日", DATE_NOTE),
        Column("revised_on", "string", "最終改定日", DATE_NOTE),
        Column("revision", "string", "最新の版"),
        Column("vision", "string", "めざす姿"),
        Column("principles", "string", "基本理念", "複数あるときは改行で区切ります。"),
        Column("revision_policy", "string", "計画の見直しの方針"),
        Column("predecessor", "string", "前計画"),
        Column("predecessor_period", "string", "前計画の期間"),
        Column("predecessor_relation", "string", "前計画との関係"),
        Column("successor", "string", "次期計画"),
        Column("successor_period", "string", "次期計画の期間"),
        Column("public_comment_start", "string", "パブリックコメントの開始日", DATE_NOTE),
        Column("public_comment_end", "string", "パブリックコメントの終了日", DATE_NOTE),
        Column("public_comment_opinions", "integer", "パブリックコメントの意見の件数"),
        Column(
            "public_comment_submitters", "integer", "パブリックコメントの意見を寄せた人・団体の数"
        ),
        Column("contact_department", "string", "問い合わせ先の部署"),
        Column("contact_phone", "string", "問い合わせ先の電話番号"),
        Column("contact_email", "string", "問い合わせ先のメールアドレス"),
        Column("contact_url", "string", "問い合わせ先の URL"),
        Column("summary", "string", "計画の概要"),
        Column("licence", "string", "利用条件"),
        Column("licence_url", "string", "利用条件の URL"),
        Column("attribution", "string", "出典の記載例"),
    ]
    if internal:
        columns.append(Column("contact_staff", "string", "担当職員（庁内限定）", LISTED))
        row["contact_staff"] = _joined(contact.get("staff"))
    return Table(
        "plan",
        "計画の基本情報",
        "計画の名称、期間、問い合わせ先と、このデータの利用条件。",
        tuple(columns),
        [row],
        ("lg_code",),
    )


def measures_table(project: PlanProject, data: dict[str, Any], internal: bool) -> Table:
    """One row per measure, with pillar, field and department names beside their ids."""
    catalogue = project.catalogue
    pillars = {pillar.id: pillar.short_label for pillar in catalogue.pillars}
    fields = {field.id: field.label for field in catalogue.fields}
    groups = {group["id"]: group["name"] for group in data["meta"].get("groups") or []}
    names = project.meta.department_names()
    models = {measure.id: measure for measure in project.measures}
    rows = []
    for measure in data["measures"]:
        mark = measure.get("mark")
        model = models[measure["id"]]
        next_plan = measure.get("next_plan") or {}
        row = {
            "measure_id": measure["id"],
            "number": measure.get("number"),
            "group": measure.get("group"),
            "group_name": groups.get(measure.get("group") or ""),
            "name": measure["name"],
            "pillar": measure["pillar"],
            "pillar_label": pillars.get(measure["pillar"]),
            "field": measure.get("field"),
            "field_label": fields.get(measure.get("field")),
            "mark": MARK_SYMBOLS[Mark(mark)] if mark else None,
            "departments": LIST_SEPARATOR.join(department_labels(model, names)),
            "summary": measure.get("summary"),
            "aim": measure.get("aim"),
            "background": measure.get("background"),
            "overview": measure.get("overview"),
            "content": measure.get("content"),
            "actions": _lines(measure.get("actions")),
            "related_plans": _joined(
                f"{plan['name']}（{plan['relation']}）" if plan.get("relation") else plan["name"]
                for plan in measure.get("related_plans") or []
            ),
            "related_laws": _joined(measure.get("related_laws")),
            "next_plan": NEXT_PLAN_LABELS.get(next_plan.get("decision") or ""),
            "next_plan_note": next_plan.get("note"),
            "national_measures": _joined(measure.get("national_measures")),
            "catalogue_entries": _joined(measure.get("catalogue_entries")),
            "kpi_ids": _joined(kpi["id"] for kpi in measure.get("kpis") or []),
            "relisted_kpi_ids": _joined(measure.get("relisted_kpis")),
            "notes": _lines(measure.get("notes")),
        }
        if internal:
            row["internal_notes"] = _lines(measure.get("internal_notes"))
        rows.append(row)
    columns = [
        Column("measure_id", "string", "施策ID"),
        Column("number", "string", "施策番号", "計画独自の番号。"),
        Column("group", "string", "体系の番号"),
        Column("group_name", "string", "体系の名称"),
        Column("name", "string", "施策名"),
        Column("pillar", "string", "柱のID"),
        Column("pillar_label", "string", "柱"),
        Column("field", "string", "重点分野のID"),
        Column("field_label", "string", "重点分野"),
        Column("mark", "string", "国の施策との対応", "◎ 国の施策と整合、○ 他団体の事例に基づく。"),
        Column("departments", "string", "担当部署", f"役割（主管・連携など）を添えます。{LISTED}"),
        Column("summary", "string", "要約"),
        Column("aim", "string", "めざす姿"),
        Column("background", "string", "背景・課題"),
        Column("overview", "string", "取組の概要"),
        Column("content", "string", "取組の内容"),
        Column("actions", "string", "具体的な取組", "複数あるときは改行で区切ります。"),
        Column("related_plans", "string", "関連する計画", LISTED),
        Column("related_laws", "string", "関係する法令・条例", LISTED),
        Column("next_plan", "string", "次期計画での扱い"),
        Column("next_plan_note", "string", "次期計画での扱いの理由"),
        Column("national_measures", "string", "対応する国の施策のID", LISTED),
        Column(
            "catalogue_entries",
            "string",
            "対応するカタログの項目",
            "「カタログの id/項目のキー」（例: dx-2.3/3.1(1) は自治体DX推進計画【第2.3版】の項目）。"
            + LISTED,
        ),
        Column("kpi_ids", "string", "KPIのID", LISTED),
        Column("relisted_kpi_ids", "string", "再掲するKPIのID", LISTED),
        Column("notes", "string", "補足", "複数あるときは改行で区切ります。"),
    ]
    if internal:
        columns.append(Column("internal_notes", "string", "庁内メモ（庁内限定）"))
    return Table(
        "measures",
        "施策の一覧",
        "個別施策の名称、柱、担当部署、内容。",
        tuple(columns),
        rows,
        ("measure_id",),
    )


def kpis_table(project: PlanProject, data: dict[str, Any]) -> Table:
    """One row per KPI where it is defined (a relisted KPI is listed once)."""
    names = project.meta.department_names()
    rows = []
    for measure in data["measures"]:
        for kpi in measure.get("kpis") or []:
            baseline = kpi.get("baseline") or {}
            value = baseline.get("value")
            pending = kpi.get("target_pending") or {}
            owner = project.measure(measure["id"])
            department = kpi.get("department") or (owner.lead_department if owner else None)
            rows.append(
                {
                    "kpi_id": kpi["id"],
                    "measure_id": measure["id"],
                    "name": kpi["name"],
                    "type": kpi["type"],
                    "type_label": KPI_TYPE_LABELS[kpi["type"]],
                    "kind": kpi["kind"],
                    "kind_label": KPI_KIND_LABELS[kpi["kind"]],
                    "unit": kpi.get("unit"),
                    "direction": kpi["direction"],
                    "direction_label": DIRECTION_LABELS[kpi["direction"]],
                    "accumulation": kpi["accumulation"],
                    "accumulation_label": ACCUMULATION_LABELS[kpi["accumulation"]],
                    "department": names.get(department, department) if department else NOT_STATED,
                    "baseline_value": _number(value),
                    "baseline_level": value if isinstance(value, str) else None,
                    "baseline_fiscal_year": baseline.get("fiscal_year"),
                    "baseline_label": baseline.get("label"),
                    "baseline_source": baseline.get("source"),
                    "target_label": kpi.get("target_label"),
                    "targets_stated": NO if is_not_stated(kpi.get("targets")) else YES,
                    "target_text": kpi.get("target_text"),
                    "target_decide_by": pending.get("decide_by"),
                    "measurement": kpi.get("measurement"),
                    "data_source": kpi.get("data_source"),
                    "notes": _lines(kpi.get("notes")),
                }
            )
    columns = (
        Column("kpi_id", "string", "KPIのID"),
        Column("measure_id", "string", "施策ID"),
        Column("name", "string", "指標名"),
        Column("type", "string", "指標の区分のID", "output（進捗）または outcome（効果）。"),
        Column("type_label", "string", "指標の区分"),
        Column("kind", "string", "指標の種類のID"),
        Column("kind_label", "string", "指標の種類"),
        Column("unit", "string", "単位"),
        Column("direction", "string", "望ましい方向のID"),
        Column("direction_label", "string", "望ましい方向"),
        Column("accumulation", "string", "集計の方法のID"),
        Column("accumulation_label", "string", "集計の方法"),
        Column("department", "string", "実績を報告する部署"),
        Column("baseline_value", "number", "基準値"),
        Column("baseline_level", "string", "基準値（段階）", "定性の KPI の段階の名前。"),
        Column("baseline_fiscal_year", "integer", "基準値の年度"),
        Column("baseline_label", "string", "基準値の表記"),
        Column("baseline_source", "string", "基準値の出典"),
        Column("target_label", "string", "計画書での目標の列の見出し"),
        Column(
            "targets_stated",
            "string",
            "目標の記載",
            "「いいえ」は計画書に目標がない（計画に記載なし）ことを示します。",
        ),
        Column("target_text", "string", "文章で示す目標"),
        Column("target_decide_by", "date", "目標値を設定する期限"),
        Column("measurement", "string", "測り方"),
        Column("data_source", "string", "データの出所"),
        Column("notes", "string", "補足", "複数あるときは改行で区切ります。"),
    )
    return Table(
        "kpis", "KPIの一覧", "KPI（重要業績評価指標）の定義と基準値。", columns, rows, ("kpi_id",)
    )


def targets_table(data: dict[str, Any]) -> Table:
    """One row per KPI and target time; a milestone's target is a level, not a number."""
    rows = []
    for measure in data["measures"]:
        for kpi in measure.get("kpis") or []:
            targets = kpi.get("targets")
            for target in targets if isinstance(targets, list) else []:
                when = str(target["when"])
                fiscal_year, _, quarter = when.partition("Q")
                value = target["value"]
                stated = fiscal_year.isdigit()
                rows.append(
                    {
                        "kpi_id": kpi["id"],
                        "when": when,
                        "when_label": when_label(when) if stated else when,
                        "fiscal_year": int(fiscal_year) if stated else None,
                        "quarter": int(quarter) if quarter else None,
                        "value": _number(value),
                        "level": value if isinstance(value, str) else None,
                    }
                )
    columns = (
        Column("kpi_id", "string", "KPIのID"),
        Column(
            "when",
            "string",
            "目標の時期",
            "年度（2027）または四半期（2026Q2）。計画書に時期がなければ「計画に記載なし」。",
        ),
        Column("when_label", "string", "目標の時期（表記）"),
        Column("fiscal_year", "integer", "年度"),
        Column("quarter", "integer", "四半期", "年度の目標では空。"),
        Column("value", "number", "目標値"),
        Column("level", "string", "目標の段階", "定性の KPI の段階の名前。"),
    )
    return Table("targets", "KPIの目標値", "KPIごと・時期ごとの目標値。", columns, rows)


def actuals_table(actuals: Iterable[ActualRow], kinds: dict[str, KpiKind]) -> Table:
    """Recorded actuals of the plan's KPIs (who recorded them and from which file stays inside)."""
    rows = []
    readable = [(row.period, row) for row in actuals]
    for period, actual in sorted(
        ((period, row) for period, row in readable if period is not None),
        key=lambda pair: (pair[1].kpi_id, pair[0].sort_key),
    ):
        if actual.kpi_id not in kinds:
            continue
        milestone = kinds[actual.kpi_id] is KpiKind.MILESTONE
        rows.append(
            {
                "kpi_id": actual.kpi_id,
                "quarter": str(period),  # a yearly review records a 年度 ("2024")
                "quarter_label": period.short_label,
                "fiscal_year": period.fiscal_year,
                "quarter_number": period.number,
                "value": None if milestone else actual.number,
                "level": (actual.value or None) if milestone else None,
                "note": actual.note or None,
            }
        )
    columns = (
        Column("kpi_id", "string", "KPIのID"),
        Column(
            "quarter",
            "string",
            "四半期",
            "2025Q1 は2025年度の4〜6月。年1回の確認の計画では年度（2024）。",
        ),
        Column("quarter_label", "string", "四半期（表記）"),
        Column("fiscal_year", "integer", "年度"),
        Column(
            "quarter_number",
            "integer",
            "四半期の番号",
            "1（4〜6月）〜4（1〜3月）。年1回の確認の計画で年度の実績なら空。",
        ),
        Column("value", "number", "実績値"),
        Column("level", "string", "実績の段階", "定性の KPI の段階の名前。"),
        Column("note", "string", "実績の補足", "数値のない実績はここに文章で記します。"),
    )
    return Table(
        "actuals",
        "KPIの実績値",
        "KPIごと・四半期ごとの実績値。",
        columns,
        rows,
        ("kpi_id", "quarter"),
    )


def statuses_table(
    project: PlanProject,
    evaluations: dict[str, KpiEvaluation],
    period: ReviewPeriod | None = None,
) -> Table:
    """One row per KPI: its status at the evaluated review, the figures it rests on, and the
    grade the plan's evaluating body gave for that review (never a computed one)."""
    rows = []
    grades = project.grades_for(str(period)) if period else {}
    for _, _, kpi in project.iter_kpis():
        evaluation = evaluations.get(kpi.id)
        if evaluation is None:
            continue
        current, previous = evaluation.current, evaluation.previous
        target = current.target_value
        review = str(period) if period else current.quarter
        grade = grades.get(kpi.id)
        rows.append(
            {
                "kpi_id": kpi.id,
                "quarter": review,
                "quarter_label": quarter_short_label(review),
                "status": str(current.status),
                "status_label": STATUS_LABELS[current.status],
                "mark": current.mark,
                "mark_label": current.mark_label,
                "explanation": explain(current, kpi.unit, project.meta.evaluation),
                "latest_quarter": current.latest_quarter,
                "value": current.value,
                "baseline": current.baseline,
                "target_value": _number(target),
                "target_level": target if _number(target) is None else None,
                "target_when": current.target_when,
                "progress": current.progress,
                "expected": current.expected,
                "ratio": current.ratio,
                "previous_status": str(previous.status),
                "previous_mark": previous.mark,
                "trend": str(evaluation.trend),
                "trend_label": TREND_LABELS[evaluation.trend],
                "assigned_grade": grade.grade if grade else None,
                "assigned_grade_note": (grade.note or None) if grade else None,
            }
        )
    columns = (
        Column("kpi_id", "string", "KPIのID"),
        Column("quarter", "string", "評価した四半期", "年1回の確認の計画では年度（2024）。"),
        Column("quarter_label", "string", "評価した四半期（表記）"),
        Column("status", "string", "判定のID"),
        Column("status_label", "string", "判定"),
        Column("mark", "string", "評価", "計画の評価の尺度による表示。"),
        Column("mark_label", "string", "評価の意味"),
        Column("explanation", "string", "判定の理由"),
        Column("latest_quarter", "string", "最新の実績の四半期"),
        Column("value", "number", "判定に使った実績値"),
        Column("baseline", "number", "判定に使った基準値"),
        Column("target_value", "number", "判定に使った目標値"),
        Column("target_level", "string", "判定に使った目標の段階"),
        Column("target_when", "string", "判定に使った目標の時期"),
        Column(
            "progress", "number", "進捗率", "（実績 − 基準値）÷（目標値 − 基準値）。1 が 100%。"
        ),
        Column("expected", "number", "期間経過率", "1 が 100%。"),
        Column("ratio", "number", "進捗率 ÷ 期間経過率"),
        Column("previous_status", "string", "前の四半期の判定のID"),
        Column("previous_mark", "string", "前の四半期の評価"),
        Column("trend", "string", "前の四半期からの変化のID"),
        Column("trend_label", "string", "前の四半期からの変化"),
        Column(
            "assigned_grade",
            "string",
            "団体が付けた評価",
            "計画の評価組織が付けた評価（kpi/grades.csv）。付けていなければ空。上の判定とは別のもの。",
        ),
        Column("assigned_grade_note", "string", "団体が付けた評価の理由"),
    )
    return Table(
        "statuses",
        "KPIの進捗の判定",
        "最新の四半期におけるKPIごとの進捗の判定と、その根拠の数値。",
        columns,
        rows,
        ("kpi_id",),
    )


def grades_table(project: PlanProject) -> Table:
    """Every grade the plan's evaluating body gave (kpi/grades.csv), as recorded."""
    kpi_ids = {kpi.id for _, _, kpi in project.iter_kpis()}
    labels = {item.grade: item.label for item in project.meta.evaluation.grades}
    rows = []
    for row in project.grades:
        review = row.review
        if review is None or row.kpi_id not in kpi_ids or not row.grade:
            continue  # validation reports such rows; nothing unreadable is published
        rows.append(
            {
                "kpi_id": row.kpi_id,
                "period": str(review),
                "period_label": review.short_label,
                "grade": row.grade,
                "grade_label": labels.get(row.grade),
                "note": row.note or None,
                "graded_by": row.graded_by or None,
                "graded_at": row.graded_at or None,
            }
        )
    columns = (
        Column("kpi_id", "string", "KPIのID"),
        Column("period", "string", "評価の対象の時期", "年度（2024）または四半期（2024Q4）。"),
        Column("period_label", "string", "評価の対象の時期（表記）"),
        Column("grade", "string", "評価"),
        Column("grade_label", "string", "評価の意味", "計画に定めた評価の一覧による。"),
        Column("note", "string", "評価の理由"),
        Column("graded_by", "string", "評価した組織"),
        Column("graded_at", "string", "評価した日"),
    )
    return Table(
        "grades",
        "KPIの評価（団体が付けたもの）",
        "計画の評価組織が KPI ごとに付けた評価。ツールが計算する判定とは別のもの。",
        columns,
        rows,
    )


def _date(day: PartialDate | None) -> str | None:
    """A date as published: 2025-03-28, 2019-03 or 2022年度 (the precision the plan gives)."""
    return day.iso if day else None


def _comment(project: PlanProject, end: str) -> PartialDate | None:
    drafting = project.meta.drafting
    comment = drafting.public_comment if drafting else None
    return getattr(comment, end) if comment else None


def _number(value: Any) -> float | None:
    """A number as a number; text (a level name) and None give None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return value
    return stored_number(str(value))


def _joined(values: Iterable[str] | None) -> str | None:
    items = [str(value) for value in values or [] if value]
    return LIST_SEPARATOR.join(items) or None


def _lines(values: Iterable[str | None] | None) -> str | None:
    items = [str(value) for value in values or [] if value]
    return "\n".join(items) or None
