"""Read the PDCA notes under kpi/notes/: one YAML file per quarter, positions kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.layout import NOTES_DIR
from generator.load import YamlDocument, read_yaml
from generator.model.pdca import MeasureNote, QuarterNotes
from generator.problems import Problem, make_problem
from generator.quarters import ReviewPeriod
from generator.validate.schema import validate_document

NOTES_FILE_NAME = re.compile(r"^(\d{4})(?:Q([1-4]))?\.ya?ml$")  # 2025Q2.yaml, or 2024.yaml (年度)


@dataclass(frozen=True)
class NotesFile:
    """One valid notes file: the review its name gives (a quarter, or a 年度), the notes, the YAML."""

    period: ReviewPeriod
    notes: QuarterNotes
    document: YamlDocument


@dataclass
class NotesLoad:
    files: list[NotesFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def by_period(self) -> dict[ReviewPeriod, QuarterNotes]:
        return {item.period: item.notes for item in self.files}


def read_notes(root: Path) -> NotesLoad:
    """Every kpi/notes/*.yaml; files with a malformed name or content become problems."""
    result = NotesLoad()
    folder = Path(root) / NOTES_DIR
    paths = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    for path in paths:
        shown = f"{NOTES_DIR}/{path.name}"
        match = NOTES_FILE_NAME.match(path.name)
        if not match:
            result.problems.append(make_problem("E-notes-file-name", shown, name=path.name))
            continue
        period = ReviewPeriod(int(match[1]), int(match[2]) if match[2] else None)
        loaded = _read_one(root, path, shown, period, result.problems)
        if loaded:
            result.files.append(loaded)
    return result


def _read_one(
    root: Path, path: Path, shown: str, period: ReviewPeriod, problems: list[Problem]
) -> NotesFile | None:
    document, read_problems = read_yaml(path, shown, root=root)
    problems.extend(read_problems)
    if document is None:
        return None
    if not isinstance(document.data, dict):
        found = "空のファイル" if document.data is None else type(document.data).__name__
        problems.append(make_problem("E-yaml-not-mapping", shown, 1, 1, found=found))
        return None
    notes, schema_problems = validate_document(QuarterNotes, document)
    problems.extend(schema_problems)
    if notes is None:
        return None
    if notes.period != period:
        line, column = document.position(("quarter",))
        problems.append(
            make_problem(
                "E-notes-quarter-mismatch",
                shown,
                line,
                column,
                found=notes.quarter,
                expected=str(period),
            )
        )
    return NotesFile(period, notes, document)


def note_for(notes: QuarterNotes | None, measure_id: str) -> MeasureNote | None:
    return notes.measures.get(measure_id) if notes else None
