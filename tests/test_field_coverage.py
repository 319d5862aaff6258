"""No field is dropped silently: every key a plan may write reaches the outputs where it belongs.

How it works:

- `leaf_fields()` walks every pydantic model a plan file is checked against (plan.yaml,
  the chapters, a measure, PDCA notes), recursively through lists, mappings and unions.
  A field holding further models is covered through their fields; a field holding values
  (text, numbers, choices, dates, a 年度 or quarter) is a leaf.
- Every leaf is either in SENTINELS, with the text it must show, or in DATA_ONLY with the
  reason it is shown nowhere as such. A new field in neither fails `test_every_field_is_accounted_for`.
- tests/fixtures/sentinel/ is a plan written by hand in which every such field is set to a
  value found nowhere else (mostly texts with `ZQ` and a number). The public and the internal
  site are built once, each with its PDF; a public sentinel must appear in both sites and
  both PDFs (and in the open data where marked), an internal one only in the internal site
  and PDF, never in any public output.

The expected text is what a reader finds with the whitespace taken out (PDF lines break
anywhere). Where the site and the PDF word a value differently, both are given.
"""

from __future__ import annotations

import shutil
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from published_plan import Published, publish, require_pdf_tools, squeeze
from pydantic import BaseModel

from generator.model import CHAPTER_FILES, Measure, PlanMeta
from generator.model.common import FiscalTime, Text
from generator.model.pdca import QuarterNotes
from generator.validate import validate_plan

FIXTURE = Path(__file__).parent / "fixtures" / "sentinel"
ROOTS: list[type[BaseModel]] = [PlanMeta, *CHAPTER_FILES.values(), Measure, QuarterNotes]
VALUE_MODELS = (Text, FiscalTime)  # models that are one value each (a text, a 年度 or quarter)

SITE, PDF = "site", "pdf"


@dataclass(frozen=True)
class Sentinel:
    """What a field's sentinel shows: `text` in every output unless the site or PDF words it
    otherwise; `open_data` when the open data carries it too; `where` the outputs it belongs in."""

    text: str = ""
    site: str | None = None
    pdf: str | None = None
    open_data: str | None = None
    where: frozenset[str] = frozenset({SITE, PDF})
    internal: bool = False  # only in the internal (庁内) outputs

    def expected(self, output: str) -> str:
        shown = {SITE: self.site, PDF: self.pdf}.get(output)
        return squeeze(shown if shown is not None else self.text)


def S(text: str = "", **kwargs: Any) -> Sentinel:  # noqa: N802 - a table of short entries
    return Sentinel(text, **kwargs)


def O(text: str, **kwargs: Any) -> Sentinel:  # noqa: N802, E743
    """Shown on the site and in the PDF, and published in the open data as written."""
    return Sentinel(text, open_data=text, **kwargs)


SITE_ONLY = frozenset({SITE})
PDF_ONLY = frozenset({PDF})

SENTINELS: dict[str, Sentinel] = {
    # plan/plan.yaml
    "PlanMeta.municipality": O("検証ZQ001市"),
    "PlanMeta.level": S("第9条第3項（市町村官民データ活用推進計画）", open_data="市町村"),
    "PlanMeta.municipality_kind": O("中核市"),
    # the code is for machines and the printed plan; the site names the city
    "PlanMeta.lg_code": S("493031", where=PDF_ONLY, open_data="493031"),
    "PlanMeta.prefecture": O("検証ZQ002県"),
    "PlanMeta.fictional": S(
        site="架空の団体。この計画は記載例で、実在の団体のものではありません",
        pdf="架空の団体の計画です",
        open_data="true",
    ),
    "PlanMeta.catalogues": S("自治体デジタル・トランスフォーメーション（DX）推進計画第2.3版"),
    "PlanMeta.title": O("ZQ003計画"),
    "PlanMeta.short_name": O("ZQ004プラン"),
    "PlanMeta.edition": S("第7期"),
    "PlanMeta.pattern": S("パターン2（既存の計画に盛り込む）"),
    "PlanMeta.embedded_in": S("ZQ005総合計画"),
    "PlanMeta.adopted_on": S("2024年9月（令和6年9月）", open_data="2024-09"),
    "PlanMeta.revision_policy": O("ZQ018見直しの方針"),
    "PlanMeta.summary": O("ZQ030計画の概要"),
    "OtherPlan.kind": S("条例に基づく計画"),
    "OtherPlan.name": S("ZQ006条例計画"),
    "OtherPlan.basis": S("ZQ007条例第3条"),
    "Predecessor.title": O("ZQ008前計画"),
    "Predecessor.period": O("ZQ009期間"),
    "Predecessor.url": S("https://zq010.example/before/"),
    "Predecessor.relation": O("一部改定"),
    "Successor.title": O("ZQ011次期計画"),
    "Successor.period": O("ZQ012期間"),
    "Successor.adopted_on": S("令和8年2月（2026年2月）"),
    "Successor.url": S("https://zq013.example/next/"),
    "Vision.statement": O("ZQ014めざす姿"),
    "Vision.principles": O("ZQ015基本理念"),
    "Period.start": S("2024年10月", open_data="2024-10"),
    "Period.end": S("2031年度", open_data="2031"),
    "Revision.date": S("令和7年5月（2025年5月）", open_data="2025-05"),
    "Revision.summary": S("ZQ016改定の概要"),
    "Revision.version": O("第ZQ017版"),
    "Draft.stage": S("最終案"),
    "Draft.published_on": S("令和6年7月（2024年7月）"),
    "Draft.published_by": S("ZQ019審議会"),
    "Draft.url": S("https://zq133.example/draft/"),
    "Draft.note": S("ZQ020案の補足"),
    "PublicComment.start": S("2024年8月1日（令和6年8月1日）", open_data="2024-08-01"),
    "PublicComment.end": S("2024年8月31日（令和6年8月31日）", open_data="2024-08-31"),
    "PublicComment.opinions": S("4321件", open_data="4321"),
    "PublicComment.submitters": S("1234人・団体", open_data="1234"),
    "PublicComment.url": S("https://zq134.example/comment/"),
    "PublicComment.note": S("ZQ021意見の補足"),
    "Contact.department": S("検証ZQ001市ZQ024課"),
    "Contact.phone": O("0999-12-3456"),
    "Contact.email": O("zq135@city.example.jp"),
    "Contact.url": O("https://zq136.example/form/"),
    "Contact.staff": S("ZQ023職員（内線1234）", internal=True),
    "Department.name": S("ZQ024課"),
    "Department.former_names": S("ZQ025旧課"),
    "Rename.old_name": S("ZQ026課"),
    "Rename.new_name": S("ZQ026課→ZQ027課"),
    "Rename.effective_on": S("令和3年度（2021年度）"),
    "Group.id": S("ZQ028目標8"),
    "Group.name": S("ZQ029体系"),
    "Group.level": S("ZQ028目標"),
    "Evaluation.on_track_ratio": S("期間経過率が87%以上なら順調"),
    "Evaluation.keep_tolerance": S("目標値から23%以内なら達成"),
    "MarkRule.mark": S("ZQ032:ZQ031記号の意味"),
    "MarkRule.label": S("ZQ031記号の意味"),
    "GradeDefinition.grade": S("ZQ033:ZQ034評価の意味"),
    "GradeDefinition.label": S("ZQ034評価の意味"),
    # the terms of the site's downloads: the open-data page and the data package say them
    "OpenData.licence": S("ZQ035利用条件", where=SITE_ONLY, open_data="ZQ035利用条件"),
    "OpenData.licence_url": S(
        "https://zq139.example/licence/",
        where=SITE_ONLY,
        open_data="https://zq139.example/licence/",
    ),
    "OpenData.attribution": S("ZQ036出典", where=SITE_ONLY, open_data="ZQ036出典"),
    # the web accessibility policy is about the site: its page says it, the PDF does not
    "Accessibility.scope": S("ZQ037対象範囲", where=SITE_ONLY),
    "Accessibility.out_of_scope": S("ZQ038対象外", where=SITE_ONLY),
    "Accessibility.target_level": S("適合レベルAに", where=SITE_ONLY),
    "Accessibility.target_conformance": S("一部準拠することを目標", where=SITE_ONLY),
    "Accessibility.deadline": S("2027年2月28日", where=SITE_ONLY),
    "Accessibility.exceptions": S("ZQ039例外", where=SITE_ONLY),
    "Accessibility.known_problems": S("ZQ040問題", where=SITE_ONLY),
    "Accessibility.plans": S("ZQ041予定", where=SITE_ONLY),
    "Accessibility.contact": S("ZQ042窓口", where=SITE_ONLY),
    "Accessibility.statement_date": S("2026年4月1日", where=SITE_ONLY),
    # chapters 1–5 and 7
    "CurrentState.narrative": S("ZQ043現状"),
    "Issue.title": S("ZQ044課題の見出し"),
    "Issue.text": S("ZQ045課題の説明"),
    "Figure.label": S("ZQ046指標"),
    "Figure.value": S("98,765"),
    "Figure.unit": S("ZQ047単位"),
    "Figure.as_of": S("ZQ048時点"),
    "Figure.source": S("ZQ049出典"),
    "Purpose.narrative": S("ZQ050目的"),
    "Benefit.audience": S("事業者"),
    "Benefit.text": S("ZQ051効果"),
    "Positioning.narrative": S("ZQ052位置付け"),
    "RelatedPlan.name": S("ZQ053関連計画"),
    "RelatedPlan.relation": S("ZQ054関係"),
    "RelatedPlan.period": S("ZQ055期間"),
    "Structure.narrative": S("ZQ056推進体制"),
    "Structure.review_cadence": S("半年ごと"),
    "Body.name": S("ZQ057本部"),
    "Body.role": S("ZQ058役割"),
    "Body.chair": S("ZQ059長"),
    "Body.members": S("ZQ060構成員"),
    "Policy.narrative": S("ZQ061方針"),
    "PillarPolicy.pillar": S("デジタルデバイド対策"),
    "PillarPolicy.text": S("ZQ062柱の方針"),
    "Security.narrative": S("ZQ063基本的な考え方"),
    "Security.laws": S("ZQ064法"),
    "Security.policies": S("ZQ065規程"),
    "Security.ordinances": S("ZQ066条例"),
    "SecurityMeasure.title": S("ZQ067対策"),
    "SecurityMeasure.text": S("ZQ068対策の内容"),
    # a measure
    "Measure.number": O("ZQ069"),
    "Measure.group": S("ZQ130施策群", open_data="ZQ130施策群"),
    "Measure.name": O("ZQ070施策"),
    "Measure.pillar": S("マイナンバーカードの普及・活用", open_data="mynumber_card"),
    "Measure.related_pillars": S("標準化・デジタル化・システム改革・BPR"),
    "Measure.field": S("農林水産", open_data="農林水産"),
    "Measure.mark": S("区分◎国の施策と整合", open_data="◎"),
    "Measure.catalogue_example": S("ex-6-06"),
    "Measure.departments": S("ZQ024課、ZQ071室（ページの担当）", open_data="ZQ024課;ZQ071室"),
    "DepartmentAssignment.department": S("ZQ071室（ページの担当）"),
    "DepartmentAssignment.role": S("（ページの担当）"),
    "Measure.summary": O("ZQ072要約"),
    "Measure.aim": O("ZQ073めざす姿"),
    "Measure.background": O("ZQ074背景"),
    "Measure.overview": O("ZQ075概要"),
    "Measure.content": O("ZQ076内容"),
    "Measure.actions": O("ZQ077取組"),
    "MeasureRelatedPlan.name": O("ZQ078個別計画"),
    "MeasureRelatedPlan.relation": O("ZQ079再掲"),
    "Measure.related_laws": O("ZQ080法令"),
    "BasicActArticles.main": S("第19条"),
    "BasicActArticles.related": S("第18条"),
    "Partner.name": S("ZQ081学園"),
    "Partner.type": S("大学"),
    "Partner.role": S("ZQ082役割"),
    "BudgetLine.fiscal_year": S("2030年度（令和12年度）"),
    "BudgetLine.amount": S("7,654,321"),
    "BudgetLine.note": S("ZQ083補足"),
    "Measure.relisted_kpis": S(
        site="ZQ102指標（再掲）", pdf="ZQ102指標（m-zq-1で定義）", open_data="k-zq-1"
    ),
    "Milestone.when": S("2028年度第3四半期"),
    "Milestone.text": S("ZQ084予定"),
    "Milestone.status": S("遅延"),
    "Measure.national_measures": S("シェアリングエコノミーサービスの普及", open_data="nm-33"),
    "Measure.case_studies": S("ゲリラ豪雨による内水氾濫に対するIoTを活用した取組"),
    "Measure.catalogue_entries": S("公金収納におけるeLTAXの活用", open_data="dx-2.3/3.1(3)"),
    "NextPlan.decision": O("他の施策に統合"),
    "NextPlan.note": O("ZQ098統合の理由"),
    "Measure.notes": O("ZQ099補足"),
    "Measure.internal_notes": S("ZQ101庁内メモ", internal=True),
    # the data-use worksheet
    "DataUse.purpose": S("ZQ085目的"),
    "DataItem.name": S("ZQ086データ"),
    "DataItem.holder": S("ZQ087課"),
    "DataItem.personal_information": S(site="【個人情報を含む】", pdf="ZQ087課含む"),
    "DataItem.description": S("ZQ088内容"),
    "DataUse.personal_information": S(site="個人情報の取扱い扱う", pdf="個人情報の取扱いあり"),
    "RegisterEntry.register_entry": S("ZQ089事務", internal=True),
    "RegisterEntry.purpose_of_use": S("ZQ091利用目的", internal=True),
    "RegisterEntry.owner_department": S("ZQ092所管", internal=True),
    "DataUse.legal_basis": S("ZQ093根拠"),
    "DataUse.use_type": S("目的外利用"),
    "DataUse.clause": S("専ら学術研究又は統計の作成のため"),
    "PrivacyCouncil.status": S("了承"),
    "PrivacyCouncil.consulted_on": S("令和6年10月（2024年10月）"),
    "PrivacyCouncil.answered_on": S("令和6年11月（2024年11月）"),
    "PrivacyCouncil.summary": S("ZQ094答申の概要"),
    "DataUse.abstraction": S("ZQ095抽象化"),
    "AfterUse.handling": S("ZQ096利用後"),
    "AfterUse.deletion_recorded": S("削除の記録を残します"),
    **{
        f"ProcedureChecklist.{name}": S(site=f"{label}:済", pdf=f"済:{label}")
        for name, label in {
            "purpose_defined": "目的を明確にした",
            "kpi_defined": "サービスとKPIを定めた",
            "data_identified": "必要なデータを洗い出した",
            "legal_basis_checked": "法令・条例上の根拠を確認した",
            "council_consulted": "必要な審議会への諮問を済ませた",
            "acquisition_arranged": "データの取得方法を決めた",
            "after_use_decided": "利用後の取扱いを決めた",
        }.items()
    },
    "DataUse.internal_notes": S("ZQ097ワークシートの庁内メモ", internal=True),
    # a KPI
    "Kpi.name": O("ZQ102指標"),
    "Kpi.type": S(site="効果の指標", pdf="・効果・", open_data="outcome"),
    "Kpi.kind": S(site="金額（単位:ZQ103円）", pdf="・金額・", open_data="money"),
    "Kpi.unit": O("ZQ103円"),
    "Kpi.direction": S(site="望ましい方向は「減らす」", pdf="・減らす", open_data="decrease"),
    "Kpi.accumulation": S(site="、累計", pdf="・累計・", open_data="cumulative"),
    "Kpi.department": S(site="実績を報告する部署ZQ071室", pdf="実績を報告する部署:ZQ071室"),
    "Baseline.value": S("4,444", open_data="4444"),
    "Baseline.fiscal_year": S("2023年度（令和5年度）", open_data="2023"),
    "Baseline.label": O("ZQ104表記"),
    "Baseline.measured": S("ZQ105測定時点"),
    "Baseline.source": O("ZQ106出典"),
    "Target.when": S("2029年度（令和11年度）", open_data="2029"),
    "Target.value": S("1,111", open_data="1111"),
    "Kpi.target_label": O("ZQ107目標の見出し"),
    "Kpi.target_text": O("ZQ108文章の目標"),
    "PendingTarget.decide_by": S("2027年1月31日", open_data="2027-01-31"),
    "PendingTarget.reason": S("ZQ109未設定の理由"),
    "Kpi.levels": S("完了ZQ111"),
    "Kpi.measurement": O("ZQ112測り方"),
    "Kpi.data_source": O("ZQ113出所"),
    "Kpi.notes": O("ZQ114補足"),
    # PDCA notes of a quarter
    "QuarterNotes.summary": S("ZQ115所見"),
    "MeasureNote.status": S("休止"),
    "MeasureNote.evaluation": S("ZQ116評価"),
    "MeasureNote.issues": S("ZQ117課題"),
    "MeasureNote.next_actions": S("ZQ118改善策"),
}

# Texts written as `visibility: internal`: like internal fields, only the internal outputs show them.
INTERNAL_TEXTS = ["ZQ100庁内の補足", "ZQ119庁内の課題"]

# Fields shown nowhere as such, and why (a new entry here needs a reason a reviewer accepts).
DATA_ONLY: dict[str, str] = {
    # Identifiers: they name things for references, links and file names; where a reader
    # needs one it is shown as the reference it is, never as the thing's content.
    "Department.id": "an identifier: departments are shown by name",
    "Measure.id": "an identifier (page addresses, references); the plan's own number is shown",
    "Kpi.id": "an identifier (references, file names of the KPI's data)",
    "Group.parent": "the nesting of the plan's groups: shown as the order and depth of headings",
    "QuarterNotes.quarter": "the review the notes belong to: shown as the report's title",
    # Settings of the tool, not statements of the plan
    "PlanMeta.classification": "how chapter 6 is organised (the plan's groups or the pillars): "
    "shown as that order, not as a value",
    "PlanMeta.catalogue": "a path: which catalogue file of national measures to read",
    "PlanMeta.catalogue_outside_plan": "permission to read a catalogue outside the plan folder",
    "Evaluation.scale": "chooses preset marks; a plan that writes its own marks (as this one "
    "does) shows those; without them the scale's marks and its name are shown",
    "MarkRule.statuses": "when a mark applies: its effect is the mark shown, its meaning `label`",
    "MarkRule.kinds": "when a mark applies: its effect is the mark shown, its meaning `label`",
    "MarkRule.min_ratio": "when a mark applies: its effect is the mark shown, its meaning `label`",
    "Accessibility.site_url": "the site's address, used for the tested pages' URIs in the "
    "試験結果 (shown there once `dataplan a11y-check` has results)",
    "Accessibility.test_results": "a path: where `dataplan a11y-check` writes its results",
    "Accessibility.judgements": "a path: where people record their checks",
    "Revision.git_revision": "the commit the 新旧対照表 compares with (dataplan compare)",
    "Revision.folder": "a folder holding that edition of the plan, which the 新旧対照表 compares "
    "with when there is no git_revision",
    "Revision.notes": "備考 of the 新旧対照表, shown there once git history gives an earlier "
    "edition to compare with (tested in test_compare.py)",
    # A prefecture's list of its municipalities (this fixture is a city's plan, which has none)
    "ListedMunicipality.name": "a prefecture's plan only: shown on its 県内市町村の計画 page "
    "(tested in test_aggregate_site.py)",
    "ListedMunicipality.site": "a prefecture's plan only: the link of the municipality's name "
    "on its 県内市町村の計画 page (tested in test_aggregate_site.py)",
    "ListedMunicipality.lg_code": "an identifier: keys the municipality to the aggregate and the "
    "code list; shown by name",
    "PlanMeta.municipal_aggregate": "a path: the folder of the aggregate of the municipalities' "
    "plans, read when the plan is loaded",
}


def leaf_fields() -> dict[str, type[BaseModel]]:
    """'Model.field' → model of every field that holds values, in every model a plan file uses."""
    found: dict[str, type[BaseModel]] = {}
    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            nested = [m for m in _models_in(info.annotation) if m not in VALUE_MODELS]
            if nested:
                for item in nested:
                    walk(item)
            else:
                found[f"{model.__name__}.{name}"] = model

    for root in ROOTS:
        walk(root)
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    origin = typing.get_origin(annotation)
    if origin is not None:
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            args = args[:1]
        return [model for arg in args for model in _models_in(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def test_every_field_is_accounted_for() -> None:
    fields = set(leaf_fields())
    unaccounted = sorted(fields - set(SENTINELS) - set(DATA_ONLY))
    assert not unaccounted, (
        "このフィールドはどこにも表示されず、表示しない理由もありません。サイト・PDF に表示し、"
        f"tests/fixtures/sentinel/ と SENTINELS に目印を書いてください: {unaccounted}"
    )
    assert not sorted((set(SENTINELS) | set(DATA_ONLY)) - fields), "表に古い項目が残っています"
    assert not set(SENTINELS) & set(DATA_ONLY)


def _instances(value: Any) -> list[BaseModel]:
    """Every model instance inside a loaded value (models, lists, mappings)."""
    if isinstance(value, BaseModel):
        found = [value]
        for name in type(value).model_fields:
            found += _instances(getattr(value, name))
        return found
    if isinstance(value, list | tuple):
        return [item for element in value for item in _instances(element)]
    if isinstance(value, dict):
        return [item for element in value.values() for item in _instances(element)]
    return []


def test_the_sentinel_plan_sets_every_field_it_checks() -> None:
    result = validate_plan(FIXTURE)
    assert result.project is not None and result.report.is_valid(True), [
        p.as_text() for p in result.report.sorted()
    ]
    project = result.project
    roots = [project.meta, *(c for _, c in project.chapters.present()), *project.measures]
    roots += list(project.notes.values())
    written = {
        f"{type(instance).__name__}.{name}"
        for instance in _instances(roots)
        for name in instance.model_fields_set
    }
    not_written = sorted(set(SENTINELS) - written)
    assert not not_written, f"目印を書いていないフィールド: {not_written}"
    files = "".join(
        path.read_text(encoding="utf-8") for path in FIXTURE.rglob("*.*") if path.suffix != ".md"
    )
    for sentinel in SENTINELS.values():
        for text in {sentinel.text, sentinel.site or "", sentinel.pdf or ""}:
            if "ZQ" in text:  # a written sentinel: the plan's files hold its token
                assert text[text.index("ZQ") : text.index("ZQ") + 5] in files, text


@pytest.fixture(scope="session")
def sentinel_outputs(tmp_path_factory) -> dict[str, Published]:
    """The sentinel plan's public and internal sites, each with its PDF, built once."""
    require_pdf_tools()
    work = tmp_path_factory.mktemp("sentinel")
    root = Path(shutil.copytree(FIXTURE, work / "plan"))  # outside any git repository
    return {
        "public": publish(root, work / "public"),
        "internal": publish(root, work / "internal", internal=True),
    }


def _texts(outputs: dict[str, Published]) -> dict[tuple[str, str], str]:
    return {
        (edition, output): getattr(outputs[edition], f"{output}_text")
        for edition in ("public", "internal")
        for output in (SITE, PDF, "open_data")
    }


@pytest.mark.slow
def test_every_public_sentinel_reaches_the_site_the_pdf_and_the_open_data(sentinel_outputs):
    texts = _texts(sentinel_outputs)
    missing = []
    for field, sentinel in SENTINELS.items():
        if sentinel.internal:
            continue
        for edition in ("public", "internal"):
            for output in sorted(sentinel.where):
                if sentinel.expected(output) not in texts[edition, output]:
                    missing.append(f"{field}: {edition} {output} 「{sentinel.expected(output)}」")
            if (
                sentinel.open_data
                and squeeze(sentinel.open_data) not in texts[edition, "open_data"]
            ):
                missing.append(f"{field}: {edition} open data 「{sentinel.open_data}」")
    assert not missing, "\n".join(missing)


@pytest.mark.slow
def test_internal_sentinels_reach_only_the_internal_outputs(sentinel_outputs):
    texts = _texts(sentinel_outputs)
    internal = {field: s.expected(SITE) for field, s in SENTINELS.items() if s.internal}
    internal |= {text: squeeze(text) for text in INTERNAL_TEXTS}
    assert internal
    missing, leaked = [], []
    for name, text in internal.items():
        for output in (SITE, PDF):
            if text not in texts["internal", output]:
                missing.append(f"{name}: internal {output}")
        for output in (SITE, PDF, "open_data"):
            if text in texts["public", output]:
                leaked.append(f"{name}: public {output}")
    assert not leaked, leaked
    assert not missing, missing
