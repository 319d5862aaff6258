"""Public and internal views (F16): the one place that decides what a reader may see.

`plan_view(plan, Audience.PUBLIC)` is the loaded plan with every text marked
internal and every field internal by default removed; renderers of the site,
the report, the PDF and the open data read only a view, never decide. In the
internal view everything stays, and each internal text keeps its flag
(`Text.is_internal`) so that a renderer can show a 庁内限定 badge beside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel

from generator.model.common import FiscalTime, Text, Visibility
from generator.project import Audience, Chapters, PlanProject


def plan_view(plan: PlanProject, audience: Audience) -> PlanProject:
    """The plan as `audience` may see it (see the module docstring)."""
    if audience is Audience.INTERNAL:
        return dataclasses.replace(plan, audience=audience)
    chapters = Chapters(
        **{name: public_model(chapter) for name, chapter in plan.chapters.present()}
    )
    return dataclasses.replace(
        plan,
        meta=public_model(plan.meta),
        chapters=chapters,
        measures=[public_model(measure) for measure in plan.measures],
        notes={quarter: public_model(notes) for quarter, notes in plan.notes.items()},
        audience=audience,
    )


def public_model(model: Any) -> Any:
    """A copy of a model without its internal fields and internal texts (same types)."""
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if is_internal_field(type(model), name):
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
        return public_model(value)
    if isinstance(value, list):
        return [_public_value(item) for item in value if not _is_internal_text(item)]
    if isinstance(value, dict):
        return {key: _public_value(item) for key, item in value.items()}
    return value


def is_internal_field(model: type[BaseModel], name: str) -> bool:
    """True when the model declares the field internal by default (x-internal)."""
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("x-internal"))


def public_data(value: Any) -> Any:
    """Plain data for the public build: internal fields and internal texts removed.

    A text marked `visibility: internal` disappears (in a list it is dropped; as a
    single field it becomes None), and so does every field internal by default.
    """
    if isinstance(value, Text):
        return None if value.visibility is Visibility.INTERNAL else value.text
    if isinstance(value, FiscalTime):
        return str(value)
    if isinstance(value, BaseModel):
        result = {}
        for name in type(value).model_fields:
            if is_internal_field(type(value), name):
                continue
            result[name] = public_data(getattr(value, name))
        return result
    if isinstance(value, list | tuple):
        items = [public_data(item) for item in value]
        return [
            item
            for item, original in zip(items, value, strict=True)
            if not _is_internal_text(original)
        ]
    if isinstance(value, dict):
        return {key: public_data(item) for key, item in value.items()}
    return _scalar(value)


def internal_data(value: Any) -> Any:
    """Plain data for the internal (庁内) build: everything, texts flattened."""
    if isinstance(value, Text):
        return value.text
    if isinstance(value, FiscalTime):
        return str(value)
    if isinstance(value, BaseModel):
        return {name: internal_data(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list | tuple):
        return [internal_data(item) for item in value]
    if isinstance(value, dict):
        return {key: internal_data(item) for key, item in value.items()}
    return _scalar(value)


def _scalar(value: Any) -> Any:
    """JSON-ready form of a leaf: enums by value, dates in ISO form."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _is_internal_text(value: Any) -> bool:
    return isinstance(value, Text) and value.visibility is Visibility.INTERNAL
