"""Bridge to the lead's loaded-plan work (issue 6) until it lands on main.

Once `generator.visibility.plan_view` and `PlanProject.actuals/notes/chapters.present()`
exist on main, each function here is one line over them; until then it provides the
same results (the public view drops internal texts and fields, as
`generator.visibility.public_data` defines them). Nothing else in generator/site
decides visibility or reads plan files: only this module, and only while it must.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from generator import visibility
from generator.kpi.store import ActualRow, read_actuals
from generator.model.common import Model, Text
from generator.model.pdca import QuarterNotes
from generator.project import PlanProject
from generator.quarters import Quarter
from generator.validate.pdca_notes import read_notes

CHAPTER_ORDER = ["current_state", "purpose", "positioning", "structure", "policy", "security"]


def plan_view_for(project: PlanProject, internal: bool) -> PlanProject:
    """The public or internal view of the plan (generator.visibility.plan_view when present)."""
    plan_view = getattr(visibility, "plan_view", None)
    if plan_view is not None:
        from generator.project import Audience  # type: ignore[attr-defined]

        return plan_view(project, Audience.INTERNAL if internal else Audience.PUBLIC)
    if internal:
        return project
    import dataclasses

    view = dataclasses.replace(
        project,
        meta=_public_model(project.meta),
        chapters={name: _public_model(chapter) for name, chapter in project.chapters.items()},
        measures=[_public_model(measure) for measure in project.measures],
    )
    view._site_notes = {q: _public_model(n) for q, n in _notes(project).items()}  # type: ignore[attr-defined]
    return view


def chapters_in_order(view: PlanProject) -> list[tuple[str, Model]]:
    """(name, chapter) of each loaded chapter, in template order."""
    chapters = view.chapters
    if hasattr(chapters, "present"):
        return chapters.present()
    return [(name, chapters[name]) for name in CHAPTER_ORDER if name in chapters]


def actuals_of(view: PlanProject) -> list[ActualRow]:
    """The KPI actuals of the plan."""
    rows = getattr(view, "actuals", None)
    if rows is not None:
        return rows
    return read_actuals(view.root)[0]


def notes_of(view: PlanProject) -> dict[Quarter, QuarterNotes]:
    """The PDCA notes by quarter, as the view may show them."""
    notes = getattr(view, "notes", None)
    if notes is not None:
        return notes
    return getattr(view, "_site_notes", None) or _notes(view)


def _notes(project: PlanProject) -> dict[Quarter, QuarterNotes]:
    return read_notes(project.root).by_quarter()


def _public_model(model: Any) -> Any:
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if visibility.is_internal_field(type(model), name):
            shown = type(value)() if isinstance(value, list | dict) else None
        else:
            shown = _public_value(value)
        if shown is not value:
            updates[name] = shown
    return model.model_copy(update=updates) if updates else model


def _public_value(value: Any) -> Any:
    if isinstance(value, Text):
        return None if value.is_internal else value
    if isinstance(value, BaseModel):
        return _public_model(value)
    if isinstance(value, list):
        return [
            _public_value(item)
            for item in value
            if not (isinstance(item, Text) and item.is_internal)
        ]
    if isinstance(value, dict):
        return {key: _public_value(item) for key, item in value.items()}
    return value
