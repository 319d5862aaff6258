"""Stage 2: validate a plan folder and assemble it into a `PlanProject`.

Every problem is collected (never raised) so that one run lists them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator import clock
from generator.aggregate.prefecture import load_municipal
from generator.catalogue import Catalogue, load_bundled_catalogue
from generator.kpi.grades import read_grades
from generator.kpi.store import read_actuals, read_history
from generator.layout import ACTUALS_FILE, GRADES_FILE, MEASURES_DIR, PLAN_DIR, PLAN_FILE
from generator.load import YamlDocument, gc_paused, read_yaml
from generator.model import CHAPTER_FILES, Measure, PlanMeta
from generator.model.common import is_not_stated
from generator.problems import Problem, Report, make_problem
from generator.project import Chapters, PlanProject, SourceMap, UnloadedMeasure
from generator.validate.catalogues import is_catalogue_file, load_references
from generator.validate.checks import check_measures_alone, run_checks
from generator.validate.grades import check_grades
from generator.validate.kpi_records import KpiRecords, check_kpi_records, csv_columns
from generator.validate.leftovers import template_problems
from generator.validate.pdca_notes import read_notes
from generator.validate.schema import validate_document


class NotAPlanFolder(Exception):
    """The folder has no plan/ at all: a usage error, not a problem in the plan."""


@dataclass
class ValidationResult:
    project: PlanProject | None
    report: Report


def validate_plan(root: Path, *, today: dt.date | None = None) -> ValidationResult:
    """Load and check every file of the plan under `root`; report every problem found."""
    root = Path(root)
    if not (root / PLAN_DIR).is_dir():
        raise NotAPlanFolder(root)
    with gc_paused():
        return _validated(root, today)


def _validated(root: Path, today: dt.date | None) -> ValidationResult:
    report = Report()
    documents: dict[str, YamlDocument] = {}

    meta_doc = _read_mapping(root, f"{PLAN_DIR}/{PLAN_FILE}", report, required=True)
    meta = _validate(PlanMeta, meta_doc, report)
    if meta_doc:
        documents[meta_doc.display_path] = meta_doc

    catalogue = _catalogue(root, meta, meta_doc, report)
    references = load_references(root, meta, meta_doc, report)
    chapters = {}
    not_stated: set[str] = set()
    for name, model in CHAPTER_FILES.items():
        relative = f"{PLAN_DIR}/{name}.yaml"
        document = _read_mapping(root, relative, report, required=False, may_be_not_stated=True)
        if document and is_not_stated(document.data):
            documents[document.display_path] = document
            not_stated.add(name)  # the source plan has no such chapter: recorded, not invented
        elif document:
            documents[document.display_path] = document
            chapter = _validate(model, document, report)
            if chapter is not None:
                chapters[name] = chapter
    report.extend(_unknown_plan_files(root, meta))

    measures: list[Measure] = []
    measure_files: list[str] = []
    unloaded: list[UnloadedMeasure] = []
    for path in sorted((root / MEASURES_DIR).glob("*.yaml")) + sorted(
        (root / MEASURES_DIR).glob("*.yml")
    ):
        document = _read_mapping(root, path.relative_to(root).as_posix(), report, required=True)
        measure = _validate(Measure, document, report)
        if document and measure is not None:
            document.release_data()  # the model says it all; the data is built again if asked
            documents[document.display_path] = document
            measures.append(measure)
            measure_files.append(document.display_path)
        elif document is not None:
            documents[document.display_path] = document
            unloaded.append(_salvaged(document, path.stem))

    if meta is None:
        # Without plan.yaml no plan can be assembled, but the measures can still be checked.
        by_file = dict(zip(map(id, measures), measure_files, strict=True))
        report.extend(
            check_measures_alone(
                measures, lambda m: documents[by_file[id(m)]], catalogue, references=references
            )
        )
        return ValidationResult(None, report)
    records = _read_kpi_records(root)
    grades, grade_problems = read_grades(root)
    report.extend(grade_problems)
    municipal, municipal_problems = load_municipal(root, meta, meta_doc)
    report.extend(municipal_problems)
    sources = SourceMap(documents, measure_files, unloaded)
    project = PlanProject(
        root,
        meta,
        catalogue,
        Chapters(**chapters, not_stated=frozenset(not_stated)),
        measures,
        records.actuals,
        records.notes.by_period(),
        sources,
        grades=grades,
        references=references,
        municipal=municipal,
    )
    today = today or clock.today()
    for document in [*documents.values(), *(item.document for item in records.notes.files)]:
        report.extend(template_problems(document))
    report.extend(run_checks(project, meta_doc, today=today))
    report.extend(check_kpi_records(project, records, today=today))
    report.extend(check_grades(project, csv_columns(root / GRADES_FILE, root), today=today))
    return ValidationResult(project, report)


def _salvaged(document: YamlDocument, stem: str) -> UnloadedMeasure:
    """The ids a measure file that failed the schema still defines (its name gives the id else)."""
    data = document.data
    measure_id = data.get("id") if isinstance(data.get("id"), str) else stem
    kpis = data.get("kpis") if isinstance(data.get("kpis"), list) else []
    kpi_ids = {
        item["id"] for item in kpis if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    return UnloadedMeasure(document.display_path, measure_id, frozenset(kpi_ids))


def _read_kpi_records(root: Path) -> KpiRecords:
    """Everything under kpi/, read once: actuals, history (for its problems) and PDCA notes."""
    actuals, problems = read_actuals(root)
    problems.extend(read_history(root)[1])
    return KpiRecords(actuals, problems, csv_columns(root / ACTUALS_FILE, root), read_notes(root))


def _read_mapping(
    root: Path, relative: str, report: Report, *, required: bool, may_be_not_stated: bool = False
) -> YamlDocument | None:
    """The parsed file; with `may_be_not_stated`, also a file holding only 「計画に記載なし」."""
    path = root / relative
    if not path.exists():
        if required:
            report.extend(
                [
                    make_problem(
                        "E-missing-file",
                        relative,
                        what=relative,
                        fix="`dataplan init` で雛型を作れます。",
                    )
                ]
            )
        else:
            report.extend(
                [
                    make_problem(
                        "E-missing-file",
                        relative,
                        what=f"章のファイル {relative} ",
                        fix="雛型の章をすべて書いてください。",
                    )
                ]
            )
        return None
    document, problems = read_yaml(path, relative, root=root)
    report.extend(problems)
    if document is not None and may_be_not_stated and is_not_stated(document.data):
        return document
    if document is not None and not isinstance(document.data, dict):
        found = "空のファイル" if document.data is None else type(document.data).__name__
        report.extend([make_problem("E-yaml-not-mapping", relative, 1, 1, found=found)])
        return None
    return document


def _validate(model, document: YamlDocument | None, report: Report):
    if document is None:
        return None
    instance, problems = validate_document(model, document)
    report.extend(problems)
    return instance


def _catalogue(
    root: Path, meta: PlanMeta | None, meta_doc: YamlDocument | None, report: Report
) -> Catalogue:
    """The plan's own catalogue file, or the bundled one (also when the plan's cannot be used).

    A catalogue outside the plan folder is read only with `catalogue_outside_plan: true`;
    otherwise it is refused unread, so nothing from it is shown.
    """
    bundled = load_bundled_catalogue()
    if meta is None or not meta.catalogue:
        return bundled
    path = root / PLAN_DIR / meta.catalogue  # an absolute path stays absolute
    relative = (
        meta.catalogue if Path(meta.catalogue).is_absolute() else f"{PLAN_DIR}/{meta.catalogue}"
    )
    line, column = meta_doc.position(("catalogue",)) if meta_doc else (0, 0)
    where = f"{PLAN_DIR}/{PLAN_FILE}"
    inside = None if meta.catalogue_outside_plan else root
    document, problems = read_yaml(path, relative, root=inside)
    if any(problem.code == "E-file-outside-plan" for problem in problems):
        what = f"施策一覧のファイル「{relative}」"
        report.extend([make_problem("E-file-outside-plan", where, line, column, what=what)])
        return bundled
    if document is not None:
        catalogue, schema_problems = validate_document(Catalogue, document)
        if catalogue is not None:
            return catalogue
        report.extend(schema_problems)
        detail = f"形式の誤りが {len(schema_problems)} か所あります"
    elif not path.exists():
        detail = "ファイルがありません"
    else:
        report.extend(problems)  # located in the catalogue file itself
        detail = f"問題が {len(problems)} 件あります"
    report.extend([make_problem("E-catalogue", where, line, column, path=relative, detail=detail)])
    return bundled


def _unknown_plan_files(root: Path, meta: PlanMeta | None) -> list[Problem]:
    known = {PLAN_FILE, *(f"{name}.yaml" for name in CHAPTER_FILES)}
    if meta and meta.catalogue:
        known.add(meta.catalogue)
    if meta:
        known |= {item for item in meta.catalogues if is_catalogue_file(item)}
    names = "、".join(sorted(known))
    return [
        make_problem("W-unknown-file", f"{PLAN_DIR}/{path.name}", known=names)
        for path in sorted((root / PLAN_DIR).glob("*.y*ml"))
        if path.name not in known
    ]
