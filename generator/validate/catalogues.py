"""Reference catalogues: the plan's own catalogue files, and every measure's references to entries.

plan.yaml's `catalogues` lists bundled catalogues by id and the plan's own files by
name (in plan/). Each file is read and checked like a plan file (located problems in
the file itself, E-catalogue at the list item when it cannot be used). Then every
`catalogue_entries` reference of a measure must name a known catalogue and entry;
one to a catalogue that a bundled later version supersedes is a warning that names
the entries continuing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from generator.catalogue import ReferenceCatalogue, load_bundled_catalogue, split_ref
from generator.catalogue.catalogues import ReferenceCatalogues
from generator.layout import PLAN_DIR, PLAN_FILE
from generator.load import YamlDocument, read_yaml
from generator.model import Measure, PlanMeta
from generator.problems import Problem, Report, make_problem
from generator.suggest import did_you_mean
from generator.validate.schema import validate_document

CATALOGUE_FILE_SUFFIXES = (".yaml", ".yml")
TEMPLATE_FIELDS = (
    "national_measures（国の施策）・case_studies（事例集）・catalogue_example（記載例）"
)


def is_catalogue_file(item: str) -> bool:
    """Whether an item of plan.yaml's `catalogues` names a file (else a bundled id)."""
    return item.lower().endswith(CATALOGUE_FILE_SUFFIXES)


def load_references(
    root: Path, meta: PlanMeta | None, meta_doc: YamlDocument | None, report: Report
) -> ReferenceCatalogues:
    """The bundled catalogues and the plan's own files, with the ids plan.yaml lists."""
    known = ReferenceCatalogues.bundled()
    if meta is None or meta_doc is None:
        return known
    catalogues = list(known.catalogues)
    listed: list[str] = []
    files: dict[str, str] = {}
    documents: dict[str, YamlDocument] = {}
    for index, item in enumerate(meta.catalogues):
        line, column = meta_doc.position(("catalogues", index))
        if not is_catalogue_file(item):
            if known.get(item) is None:
                ids = [c.id for c in catalogues]
                report.extend(
                    [
                        make_problem(
                            "E-unknown-catalogue",
                            meta_doc.display_path,
                            line,
                            column,
                            hint=did_you_mean(item, ids),
                            id=item,
                            known="、".join(ids),
                        )
                    ]
                )
            else:
                listed.append(item)
            continue
        catalogue, document = _catalogue_file(root, meta, item, (line, column), report)
        if catalogue is None or document is None:
            continue
        first = files.get(catalogue.id) or ("同梱のカタログ" if known.get(catalogue.id) else None)
        if first:
            report.extend(
                [
                    _at(
                        document,
                        ("catalogue", "id"),
                        "E-duplicate-id",
                        kind="カタログ",
                        id=catalogue.id,
                        first=first,
                    )
                ]
            )
            continue
        catalogues.append(catalogue)
        files[catalogue.id] = document.display_path
        documents[catalogue.id] = document
        listed.append(catalogue.id)
    references = replace(known, catalogues=tuple(catalogues), listed=tuple(listed), files=files)
    for catalogue_id, document in documents.items():
        report.extend(_continues_problems(references.get(catalogue_id), document, references))
    return references


def _catalogue_file(
    root: Path, meta: PlanMeta, item: str, where: tuple[int, int], report: Report
) -> tuple[ReferenceCatalogue | None, YamlDocument | None]:
    """Read and check one of the plan's catalogue files; report why it cannot be used."""
    path = root / PLAN_DIR / item
    relative = item if Path(item).is_absolute() else f"{PLAN_DIR}/{item}"
    plan_file = f"{PLAN_DIR}/{PLAN_FILE}"
    inside = None if meta.catalogue_outside_plan else root
    catalogue, document, problems = read_catalogue_file(path, relative, root=inside)
    if any(problem.code == "E-file-outside-plan" for problem in problems):
        what = f"カタログのファイル「{relative}」"
        report.extend([make_problem("E-file-outside-plan", plan_file, *where, what=what)])
        return None, None
    if catalogue is not None:
        return catalogue, document
    report.extend(problems)  # located in the catalogue file itself
    if not path.exists():
        detail = "ファイルがありません"
    elif document is not None:
        detail = f"形式の誤りが {len(problems)} か所あります"
    else:
        detail = f"問題が {len(problems)} 件あります"
    report.extend([make_problem("E-catalogue", plan_file, *where, path=relative, detail=detail)])
    return None, None


def read_catalogue_file(
    path: Path, shown: str, *, root: Path | None = None
) -> tuple[ReferenceCatalogue | None, YamlDocument | None, list[Problem]]:
    """One catalogue file read and checked like a plan file: (catalogue, document, problems).

    The catalogue is None when anything is wrong; every problem is located in the file.
    """
    document, problems = read_yaml(path, shown, root=root)
    if document is None:
        return None, None, problems
    if not isinstance(document.data, dict):
        found = "空のファイル" if document.data is None else type(document.data).__name__
        return None, document, [make_problem("E-yaml-not-mapping", shown, 1, 1, found=found)]
    catalogue, problems = validate_document(ReferenceCatalogue, document)
    if catalogue is None:
        return None, document, problems
    duplicates = list(_duplicate_keys(catalogue, document))
    return (None if duplicates else catalogue), document, duplicates


def _duplicate_keys(catalogue: ReferenceCatalogue, document: YamlDocument) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for s, section in enumerate(catalogue.sections):
        for e, entry in enumerate(section.entries):
            location = ("sections", s, "entries", e, "key")
            if entry.key in first:
                yield _at(
                    document,
                    location,
                    "E-duplicate-id",
                    kind="項目",
                    id=entry.key,
                    first=first[entry.key],
                )
            else:
                line, _ = document.position(location)
                first[entry.key] = f"{line} 行目"


def _continues_problems(
    catalogue: ReferenceCatalogue | None, document: YamlDocument, references: ReferenceCatalogues
) -> Iterator[Problem]:
    """An entry's `continues` must name an entry of the earlier version, when that is loaded."""
    if catalogue is None:
        return
    for s, section in enumerate(catalogue.sections):
        for e, entry in enumerate(section.entries):
            for c, ref in enumerate(entry.continues):
                location = ("sections", s, "entries", e, "continues", c)
                parts = split_ref(ref)
                if parts is None:
                    yield _at(
                        document,
                        location,
                        "E-catalogue-ref-format",
                        ref=ref,
                        fix="前の版のカタログの id と項目のキーを / でつないで書いてください。",
                    )
                    continue
                earlier = references.get(parts[0])
                if earlier is not None and earlier.entry(parts[1]) is None:
                    yield _unknown_entry(document, location, ref, earlier)


def reference_problems(
    measures: list[Measure],
    document_of: Callable[[Measure], YamlDocument],
    references: ReferenceCatalogues,
) -> Iterator[Problem]:
    """Every `catalogue_entries` reference resolves; one to a superseded catalogue is warned."""
    for measure in measures:
        document = document_of(measure)
        for index, ref in enumerate(measure.catalogue_entries):
            yield from check_ref(document, ("catalogue_entries", index), ref, references)


def catalogue_list_problems(
    meta: PlanMeta, meta_doc: YamlDocument, references: ReferenceCatalogues
) -> Iterator[Problem]:
    """A catalogue plan.yaml lists that a bundled later version supersedes."""
    for index, item in enumerate(meta.catalogues):
        catalogue = references.get(item) if not is_catalogue_file(item) else None
        if catalogue is None and is_catalogue_file(item):
            catalogue = next(
                (
                    references.get(cid)
                    for cid, path in references.files.items()
                    if path == f"{PLAN_DIR}/{item}"
                ),
                None,
            )
        newer = references.newer_bundled(catalogue) if catalogue else None
        if catalogue and newer:
            yield _at(
                meta_doc,
                ("catalogues", index),
                "W-catalogue-superseded",
                what="カタログ",
                ref=item,
                catalogue=_name(catalogue),
                newer=_name(newer),
                fix=f"plan.yaml の catalogues を {newer.id} にし、施策の catalogue_entries を"
                f"新しい版の項目に改めてください（`dataplan catalog show {newer.id}`）。",
            )


def check_ref(
    document: YamlDocument, location: tuple, ref: str, references: ReferenceCatalogues
) -> Iterator[Problem]:
    """One reference `<catalogue id>/<key>`: its form, its catalogue, its entry, its version."""
    parts = split_ref(ref)
    if parts is None:
        yield _at(
            document, location, "E-catalogue-ref-format", ref=ref, fix=_format_fix(ref, references)
        )
        return
    catalogue_id, key = parts
    catalogue = references.get(catalogue_id)
    if catalogue is None:
        template = load_bundled_catalogue().catalogue.id
        hint = (
            f"手引（{template}）の項目は {TEMPLATE_FIELDS} に書きます。"
            if catalogue_id == template
            else did_you_mean(catalogue_id, references.ids)
        )
        yield _at(
            document,
            location,
            "E-unknown-catalogue",
            hint=hint,
            id=catalogue_id,
            known="、".join(references.ids),
        )
        return
    if catalogue.entry(key) is None:
        yield _unknown_entry(document, location, ref, catalogue)
        return
    newer = references.newer_bundled(catalogue)
    if newer is not None:
        continuing = references.continuing(newer, ref)
        fix = (
            f"{newer.catalogue.version}で引き継ぐ項目: {'、'.join(continuing)}。"
            if continuing
            else f"`dataplan catalog show {newer.id}` で対応する項目を確かめてください。"
        )
        yield _at(
            document,
            location,
            "W-catalogue-superseded",
            what="項目",
            ref=ref,
            catalogue=_name(catalogue),
            newer=_name(newer),
            fix=fix,
        )


def _format_fix(ref: str, references: ReferenceCatalogues) -> str:
    """Where a bare key was written, the catalogues that have it."""
    owners = [
        c.ref(entry) for c in references.catalogues for entry in c.entries if entry.key == ref
    ]
    if owners:
        return f"「{'」か「'.join(owners)}」のように、カタログの id を付けて書いてください。"
    if ref.startswith(("nm-", "ex-")):
        return f"手引の国の施策・記載例は {TEMPLATE_FIELDS} に書きます。"
    return "カタログの id と項目のキーを / でつないで書いてください（例: dx-2.3/3.1(1)）。"


def _unknown_entry(
    document: YamlDocument, location: tuple, ref: str, catalogue: ReferenceCatalogue
) -> Problem:
    return _at(
        document,
        location,
        "E-unknown-catalogue-entry",
        hint=did_you_mean(ref, catalogue.refs),
        ref=ref,
        catalogue=_name(catalogue),
        id=catalogue.id,
    )


def _name(catalogue: ReferenceCatalogue) -> str:
    """「自治体デジタル・トランスフォーメーション（DX）推進計画【第2.3版】（dx-2.3）」."""
    info = catalogue.catalogue
    return f"「{info.title}」{info.version}（{info.id}）"


def _at(
    document: YamlDocument, location: tuple, code: str, *, hint: str = "", **values: object
) -> Problem:
    line, column = document.position(location)
    return make_problem(code, document.display_path, line, column, hint=hint, **values)
