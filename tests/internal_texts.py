"""Every text of a loaded plan that is marked internal: what a public output must never contain."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from generator.model.common import Text
from generator.project import PlanProject
from generator.visibility import is_internal_field, public_model


def internal_texts(project: PlanProject) -> list[str]:
    """Texts marked `visibility: internal` and every string under a field internal by default."""
    found: list[str] = []
    roots: list[Any] = [project.meta, *project.measures, *project.notes.values()]
    roots += [chapter for _, chapter in project.chapters.present()]
    for root in roots:
        _collect(root, False, found)
    # A value that is also said publicly (a department named in a register entry) is no secret.
    public: list[str] = []
    for root in roots:
        _collect(public_model(root), True, public)
    said = {text.strip() for text in public}
    return sorted({text.strip() for text in found if text.strip() and text.strip() not in said})


def _collect(value: Any, internal: bool, found: list[str]) -> None:
    if isinstance(value, Text):
        if internal or value.is_internal:
            found.append(value.text)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _collect(getattr(value, name), internal or is_internal_field(type(value), name), found)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, internal, found)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, internal, found)
    elif isinstance(value, str) and internal:
        found.append(value)
