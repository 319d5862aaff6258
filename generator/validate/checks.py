"""Cross-checks that need the whole plan: ids, references, periods, KPI values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from generator.catalogue import Catalogue
from generator.catalogue.catalogues import ReferenceCatalogues
from generator.labels import LEVEL_LABELS, period_text, when_label
from generator.layout import PLAN_DIR
from generator.layout import PLAN_FILE as PLAN_FILE_NAME
from generator.load import YamlDocument
from generator.model import FIVE_PILLARS, Measure
from generator.model.common import Text
from generator.model.measure import MARK_SYMBOLS, Mark
from generator.problems import Problem, make_problem
from generator.project import PlanProject
from generator.safe_names import file_name_key, unsafe_name_reason
from generator.suggest import did_you_mean
from generator.validate.catalogues import catalogue_list_problems, check_ref, reference_problems
from generator.validate.kpi_values import check_kpi
from generator.validate.lg_codes import lg_code_problems, municipality_problems

PLAN_FILE = f"{PLAN_DIR}/{PLAN_FILE_NAME}"


def run_checks(
    project: PlanProject, meta_doc: YamlDocument | None, *, today: dt.date
) -> list[Problem]:
    """Every cross-check over an assembled plan."""
    problems = check_measures_alone(
        project.measures,
        project.document_of,
        project.catalogue,
        project.sources.unloaded_ids,
        references=project.references,
    )
    if meta_doc is not None:
        problems.extend(catalogue_list_problems(project.meta, meta_doc, project.references))
    for check in (_plan_ids, _plan_references, _chapters, _measures, _unloaded_references):
        problems.extend(check(project))
    problems.extend(_plan_meta(project, meta_doc))
    problems.extend(lg_code_problems(project.meta, meta_doc))
    problems.extend(municipality_problems(project.meta, meta_doc))
    period = project.meta.known_period
    if period is not None and period.start_fiscal_year > period.end:
        return problems  # every date would be "outside" an inverted period: one problem is enough
    for measure in project.measures:
        document = project.document_of(measure)
        for index, kpi in enumerate(measure.kpis):
            problems.extend(check_kpi(project, document, ("kpis", index), kpi, today=today))
        problems.extend(_schedule(project, measure, document))
    return problems


def check_measures_alone(
    measures: list[Measure],
    document_of: Callable[[Measure], YamlDocument],
    catalogue: Catalogue,
    unloaded_ids: frozenset[str] = frozenset(),
    *,
    references: ReferenceCatalogues | None = None,
) -> list[Problem]:
    """The checks that need only the measures and the catalogues, not plan/plan.yaml.

    They run even when plan.yaml itself is broken, so one run still lists them all.
    """
    return [
        *_measure_ids(measures, document_of),
        *_catalogue_references(measures, document_of, catalogue, unloaded_ids),
        *reference_problems(measures, document_of, references or ReferenceCatalogues.bundled()),
    ]


def _measure_ids(
    measures: list[Measure], document_of: Callable[[Measure], YamlDocument]
) -> Iterator[Problem]:
    """Each measure and KPI id once (also when only upper and lower case differ), and safe as a
    file name: they name measures/<id>.html and data/kpi/<id>.csv."""
    first_measure: dict[str, tuple[str, str]] = {}
    first_kpi: dict[str, tuple[str, str]] = {}
    for measure in measures:
        document = document_of(measure)
        yield from _id_problems(document, ("id",), "施策", measure.id, first_measure)
        for index, kpi in enumerate(measure.kpis):
            yield from _id_problems(document, ("kpis", index, "id"), "KPI", kpi.id, first_kpi)


def _id_problems(
    document: YamlDocument,
    location: tuple,
    kind: str,
    identifier: str,
    first: dict[str, tuple[str, str]],
) -> Iterator[Problem]:
    """E-reserved-id for an unsafe name, E-duplicate-id for an id seen before (`first`)."""
    why = unsafe_name_reason(identifier)
    if why:
        yield _at(document, location, "E-reserved-id", kind=kind, id=identifier, why=why)
    key = file_name_key(identifier)
    if key not in first:
        first[key] = (identifier, document.display_path)
        return
    seen, where = first[key]
    hint = (
        ""
        if seen == identifier
        else f"「{seen}」と大文字・小文字だけが違います。Windows や macOS では同じファイル名になります。"
    )
    yield _at(
        document, location, "E-duplicate-id", hint=hint, kind=kind, id=identifier, first=where
    )


def _plan_ids(project: PlanProject) -> Iterator[Problem]:
    meta_doc = project.sources.documents.get(PLAN_FILE)
    if meta_doc is None:
        return
    for list_name, kind in (("departments", "部署"), ("groups", "体系")):
        first: dict[str, tuple[str, str]] = {}
        for index, item in enumerate(getattr(project.meta, list_name)):
            yield from _id_problems(meta_doc, (list_name, index, "id"), kind, item.id, first)


def _catalogue_references(
    measures: list[Measure],
    document_of: Callable[[Measure], YamlDocument],
    catalogue: Catalogue,
    unloaded_ids: frozenset[str],
) -> Iterator[Problem]:
    national = [m.id for m in catalogue.national_measures]
    cases = [c.id for c in catalogue.case_studies]
    examples = [e.id for e in catalogue.template_examples]
    kpi_ids = [kpi.id for measure in measures for kpi in measure.kpis]
    for measure in measures:
        document = document_of(measure)
        yield from _unknown(
            document,
            ("national_measures",),
            measure.national_measures,
            national,
            "E-unknown-national-measure",
        )
        yield from _unknown(
            document, ("case_studies",), measure.case_studies, cases, "E-unknown-case-study"
        )
        if measure.catalogue_example and measure.catalogue_example not in examples:
            yield _at(
                document,
                ("catalogue_example",),
                "E-unknown-example",
                hint=did_you_mean(measure.catalogue_example, examples),
                id=measure.catalogue_example,
            )
        own = {kpi.id for kpi in measure.kpis}
        for index, kpi_id in enumerate(measure.relisted_kpis):
            if kpi_id in own:
                yield _at(document, ("relisted_kpis", index), "E-relisted-own-kpi", id=kpi_id)
            elif kpi_id not in kpi_ids and kpi_id not in unloaded_ids:
                yield _at(
                    document,
                    ("relisted_kpis", index),
                    "E-unknown-kpi",
                    hint=did_you_mean(kpi_id, kpi_ids),
                    id=kpi_id,
                )


def _plan_references(project: PlanProject) -> Iterator[Problem]:
    departments = [d.id for d in project.meta.departments]
    groups = [g.id for g in project.meta.groups]
    for measure in project.measures:
        document = project.document_of(measure)
        yield from _unknown(
            document, ("departments",), measure.department_ids, departments, "E-unknown-department"
        )
        if measure.group is not None and measure.group not in groups:
            yield _at(
                document,
                ("group",),
                "E-unknown-group",
                hint=did_you_mean(measure.group, groups),
                id=measure.group,
            )
        elif _number_outside_group(measure.group, measure.number):
            yield _at(
                document,
                ("number",),
                "W-number-outside-group",
                number=measure.number,
                group=measure.group,
            )
        for index, kpi in enumerate(measure.kpis):
            if kpi.department and kpi.department not in departments:
                yield _at(
                    document,
                    ("kpis", index, "department"),
                    "E-unknown-department",
                    hint=did_you_mean(kpi.department, departments),
                    id=kpi.department,
                )

    meta_doc = project.sources.documents.get(PLAN_FILE)
    if meta_doc is None:
        return
    contact = project.meta.contact
    if contact and contact.department not in departments:
        yield _at(
            meta_doc,
            ("contact", "department"),
            "E-unknown-department",
            hint=did_you_mean(contact.department, departments),
            id=contact.department,
        )
    for index, group in enumerate(project.meta.groups):
        if group.parent is not None and group.parent not in groups:
            yield _at(
                meta_doc,
                ("groups", index, "parent"),
                "E-unknown-group",
                hint=did_you_mean(group.parent, groups),
                id=group.parent,
            )


def _number_outside_group(group: str | None, number: str | None) -> bool:
    """A hierarchical number (1-2-3) that does not start with its group's number.

    A plan may also number measures afresh inside each group (①②…, or 1–6 again under
    the second group): such a number has no group part and is never a problem.
    """
    if not group or not number or "-" not in number:
        return False
    return not number.startswith(f"{group}-")


def _unloaded_references(project: PlanProject) -> Iterator[Problem]:
    """References in a measure file that failed the schema, checked where their values can be read."""
    known = {
        "departments": ([d.id for d in project.meta.departments], "E-unknown-department"),
        "national_measures": (
            [m.id for m in project.catalogue.national_measures],
            "E-unknown-national-measure",
        ),
        "case_studies": ([c.id for c in project.catalogue.case_studies], "E-unknown-case-study"),
    }
    for item in project.sources.unloaded:
        document = project.sources.documents[item.file]
        for key, (ids, code) in known.items():
            values = document.data.get(key)
            if isinstance(values, list) and all(isinstance(value, str) for value in values):
                yield from _unknown(document, (key,), values, ids, code)
        refs = document.data.get("catalogue_entries")
        if isinstance(refs, list):
            for index, ref in enumerate(refs):
                if isinstance(ref, str):
                    location = ("catalogue_entries", index)
                    yield from check_ref(document, location, ref, project.references)
        group = document.data.get("group")
        groups = [g.id for g in project.meta.groups]
        if isinstance(group, str) and group not in groups:
            yield _at(
                document, ("group",), "E-unknown-group", hint=did_you_mean(group, groups), id=group
            )


def _unknown(
    document: YamlDocument, location: tuple, values: list[str], known: list[str], code: str
) -> Iterator[Problem]:
    for index, value in enumerate(values):
        if value not in known:
            yield _at(document, (*location, index), code, hint=did_you_mean(value, known), id=value)


def _plan_meta(project: PlanProject, meta_doc: YamlDocument | None) -> Iterator[Problem]:
    if meta_doc is None:
        return
    meta = project.meta
    if meta.pattern.value == "embedded" and not meta.embedded_in:
        yield _at(meta_doc, ("pattern",), "E-embedded-without-host")
    period = meta.known_period
    if period is not None and period.start_fiscal_year > period.end:
        yield _at(
            meta_doc,
            ("period", "end"),
            "E-period-order",
            start=period.start_fiscal_year,
            end=period.end,
        )
    contact = meta.contact
    if contact is None or not (contact.phone or contact.email or contact.url):
        location = ("contact",) if contact else ()
        yield _at(meta_doc, location, "E-missing-contact")
    if meta.municipality_kind is not None and meta.level.value != "municipality":
        yield _at(
            meta_doc,
            ("municipality_kind",),
            "E-municipality-kind-level",
            kind=meta.municipality_kind.value,
            level=meta.level.value,
        )
    comment = meta.drafting.public_comment if meta.drafting else None
    if comment and comment.end.certainly_before(comment.start):
        yield _at(
            meta_doc,
            ("drafting", "public_comment", "end"),
            "E-date-order",
            what="パブリックコメントの期間",
            start=comment.start,
            end=comment.end,
        )
    for index, department in enumerate(meta.departments):
        if department.renames:
            last = max(department.renames, key=lambda rename: rename.effective_on.earliest)
            if last.new_name != department.name:
                yield _at(
                    meta_doc,
                    ("departments", index, "renames"),
                    "W-rename-not-current",
                    id=department.id,
                    new=last.new_name,
                    name=department.name,
                )
    if meta.adopted_on:
        for index, revision in enumerate(meta.revisions):
            if revision.date.certainly_before(meta.adopted_on):
                yield _at(
                    meta_doc,
                    ("revisions", index, "date"),
                    "E-revision-before-adoption",
                    date=revision.date,
                    adopted=meta.adopted_on,
                )


def _basic_act_clause(project: PlanProject) -> Iterator[Problem]:
    """A prefecture's plan rests on article 9(1), a municipality's on 9(3): flag the other one."""
    positioning = project.chapters.positioning
    if positioning is None:
        return
    document = project.sources.documents[f"{PLAN_DIR}/positioning.yaml"]
    prefecture = project.meta.level.value == "prefecture"
    wrong, expected = ("第9条第3項", "第1項") if prefecture else ("第9条第1項", "第3項")
    kind = LEVEL_LABELS[project.meta.level]
    texts: list[tuple[tuple, str]] = [(("narrative",), positioning.narrative.text)]
    texts += [
        (("related_plans", index, "relation"), plan.relation.text)
        for index, plan in enumerate(positioning.related_plans)
    ]
    for location, text in texts:
        if wrong in text:
            yield _at(
                document, location, "W-basic-act-clause", found=wrong, kind=kind, expected=expected
            )


def _chapters(project: PlanProject) -> Iterator[Problem]:
    yield from _basic_act_clause(project)
    for name, chapter in project.chapters.present():
        document = project.sources.documents[f"{PLAN_DIR}/{name}.yaml"]
        narrative = getattr(chapter, "narrative", None)
        if isinstance(narrative, Text) and not narrative.text.strip():
            yield _at(document, ("narrative",), "W-empty-text", what="本文（narrative）")
    policy = project.chapters.policy
    if policy is None:
        return
    document = project.sources.documents[f"{PLAN_DIR}/policy.yaml"]
    seen = set()
    for index, item in enumerate(policy.pillars):
        entry = project.catalogue.pillar(item.pillar.value)
        label = entry.short_label if entry else item.pillar.value
        if item.pillar in seen:
            yield _at(
                document, ("pillars", index, "pillar"), "E-duplicate-pillar-policy", pillar=label
            )
        seen.add(item.pillar)
        if not item.text.text.strip():
            yield _at(
                document, ("pillars", index, "text"), "W-empty-text", what=f"柱「{label}」の方針"
            )
    if project.meta.own_structure:
        return  # the plan classifies by its own groups: a missing pillar policy is no gap
    for pillar in FIVE_PILLARS:
        if pillar not in seen:
            entry = project.catalogue.pillar(pillar.value)
            yield _at(
                document,
                ("pillars",),
                "W-missing-pillar-policy",
                pillar=entry.short_label if entry else pillar.value,
            )


def _measures(project: PlanProject) -> Iterator[Problem]:
    if not project.measures:
        yield make_problem("W-no-measures", "measures/")
    for measure in project.measures:
        document = project.document_of(measure)
        if not measure.kpis and not measure.relisted_kpis:
            yield _at(document, ("id",), "W-measure-without-kpi", id=measure.id)
        if not measure.schedule and not any(kpi.target_is_schedule for kpi in measure.kpis):
            yield _at(document, ("id",), "W-measure-without-schedule", id=measure.id)
        yield from _measure_structure(project, measure, document)
        if not measure.has_content:  # left out or written empty: the same gap
            yield _at(document, ("content",), "E-missing-content", id=measure.id)
        if measure.mark is Mark.NATIONAL and not _cites_national(project, measure):
            yield _at(
                document,
                ("mark",),
                "W-mark-without-reference",
                id=measure.id,
                mark=MARK_SYMBOLS[Mark.NATIONAL],
                needed="対応する国の施策（national_measures か、国の計画の catalogue_entries）",
            )
        if measure.mark is Mark.LOCAL and not measure.case_studies:
            yield _at(
                document,
                ("mark",),
                "W-mark-without-reference",
                id=measure.id,
                mark=MARK_SYMBOLS[Mark.LOCAL],
                needed="対応する事例集の施策（case_studies）",
            )
        articles = measure.basic_act_articles
        if articles:
            for key in ("main", "related"):
                for index, article in enumerate(getattr(articles, key)):
                    if not 10 <= article <= 19:
                        yield _at(
                            document,
                            ("basic_act_articles", key, index),
                            "E-articles-out-of-range",
                            article=article,
                        )
        yield from _data_use(measure, document)


def _cites_national(project: PlanProject, measure: Measure) -> bool:
    """◎ rests on a national measure of the 手引 or an entry of a national catalogue (DX plan)."""
    if measure.national_measures:
        return True
    resolved = [project.references.resolve(ref) for ref in measure.catalogue_entries]
    return any(found and found[0].is_national for found in resolved)


def _measure_structure(
    project: PlanProject, measure: Measure, document: YamlDocument
) -> Iterator[Problem]:
    """A pillar where the plan classifies by pillars, a group where by its own structure."""
    if measure.pillar is None and not project.meta.own_structure:
        yield _at(document, ("pillar",), "E-missing-pillar", id=measure.id)
    if project.meta.own_structure and measure.group is None:
        yield _at(document, ("id",), "W-measure-without-group", id=measure.id)
    for index, assignment in enumerate(measure.department_roles):
        if assignment.department not in measure.department_ids:
            yield _at(
                document,
                ("department_roles", index, "department"),
                "E-role-department-not-listed",
                id=assignment.department,
            )


def _data_use(measure: Measure, document: YamlDocument) -> Iterator[Problem]:
    worksheet = measure.data_use
    if worksheet is None:
        return
    uses_personal = worksheet.personal_information or any(
        i.personal_information for i in worksheet.data_items
    )
    if uses_personal and not worksheet.personal_info_register:
        yield _at(document, ("data_use",), "W-personal-info-without-register", id=measure.id)
    if (
        worksheet.use_type
        and worksheet.use_type.value == "beyond_purpose"
        and worksheet.clause is None
    ):
        yield _at(
            document, ("data_use", "use_type"), "E-beyond-purpose-without-clause", id=measure.id
        )


def _schedule(project: PlanProject, measure: Measure, document: YamlDocument) -> Iterator[Problem]:
    for index, milestone in enumerate(measure.schedule):
        yield from period_problems(
            project,
            document,
            ("schedule", index, "when"),
            milestone.when.fiscal_year,
            str(milestone.when),
            "スケジュール",
        )
    for index, line in enumerate(measure.budget):
        yield from period_problems(
            project,
            document,
            ("budget", index, "fiscal_year"),
            line.fiscal_year,
            str(line.fiscal_year),
            "予算",
        )


def period_problems(
    project: PlanProject,
    document: YamlDocument,
    location: tuple,
    fiscal_year: int,
    when: str,
    what: str,
) -> Iterator[Problem]:
    """Before the plan period is an error; after it, a warning (targets may look beyond).

    A plan whose period is not stated (計画に記載なし) has nothing to place a time in.
    """
    period = project.meta.known_period
    if period is None:
        return
    values = {"what": what, "when": when_label(when), "period": period_text(period)}
    if fiscal_year < period.start_fiscal_year:
        yield _at(document, location, "E-before-period", **values)
    elif fiscal_year > period.end:
        yield _at(document, location, "W-after-period", **values)


def _at(
    document: YamlDocument, location: tuple, code: str, *, hint: str = "", **values: object
) -> Problem:
    """A problem at the YAML node found at `location` in `document`."""
    line, column = document.position(location)
    return make_problem(code, document.display_path, line, column, hint=hint, **values)
