"""Public and internal views (F16): what a field marked 庁内限定 must never reach."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel

from generator.model.common import FiscalTime, Text, Visibility


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
