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
import functools
from enum import Enum
from typing import Any

from pydantic import BaseModel

from generator.model.common import FiscalTime, Text, Visibility
from generator.model.dates import PartialDate
from generator.project import Audience, Chapters, PlanProject


def plan_view(plan: PlanProject, audience: Audience) -> PlanProject:
    """The plan as `audience` may see it (see the module docstring)."""
    if audience is Audience.INTERNAL:
        return dataclasses.replace(plan, audience=audience)
    chapters = Chapters(
        **{name: public_model(chapter) for name, chapter in plan.chapters.present()},
        not_stated=plan.chapters.not_stated,
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
        shown = [(item, _public_value(item)) for item in value if not _is_internal_text(item)]
        return [new for old, new in shown if not _lost_a_required_text(old, new)]
    if isinstance(value, dict):
        return {key: _public_value(item) for key, item in value.items()}
    return value


def is_internal_field(model: type[BaseModel], name: str) -> bool:
    """True when the model declares the field internal by default (x-internal)."""
    return name in _internal_fields(model)


@functools.cache  # a model's declarations do not change; the public view asks for every field
def _internal_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("x-internal")
    )


def public_data(value: Any) -> Any:
    """Plain (JSON-ready) data of the public view of `value`: see `public_model`."""
    return plain_data(_public_value(value))


def internal_data(value: Any) -> Any:
    """Plain (JSON-ready) data for the internal (庁内) build: everything, texts flattened."""
    return plain_data(value)


def plain_data(value: Any) -> Any:
    """Models, texts, times, enums and dates as JSON-ready data (texts flattened)."""
    if isinstance(value, Text):
        return value.text
    if isinstance(value, FiscalTime | PartialDate):
        return str(value)
    if isinstance(value, BaseModel):
        return {name: plain_data(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list | tuple):
        return [plain_data(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_data(item) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _is_internal_text(value: Any) -> bool:
    return isinstance(value, Text) and value.visibility is Visibility.INTERNAL


def _lost_a_required_text(original: Any, shown: Any) -> bool:
    """A list item whose required text was internal: the whole item is internal then."""
    if not isinstance(original, BaseModel) or shown is None:
        return False
    fields = type(original).model_fields
    return any(
        fields[name].is_required()
        and isinstance(getattr(original, name), Text)
        and getattr(shown, name) is None
        for name in fields
    )
