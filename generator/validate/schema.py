"""Turn pydantic validation errors into problems at the YAML node's line and column."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml.nodes import MappingNode, ScalarNode

from generator.labels import choices_with_labels
from generator.load import YamlDocument, node_at
from generator.model.common import NOT_STATED, NOT_STATED_HINT
from generator.problems import Problem, make_problem
from generator.suggest import did_you_mean

TYPE_WORDS = {
    "int": "整数",
    "float": "数値",
    "str": "文字列",
    "bool": "true または false",
    "list": "リスト（- で始まる行）",
    "dict": "「キー: 値」の組",
    "model": "「キー: 値」の組",
    "date": "日付（例: 2025-03-28）",
    "datetime": "日時",
}

RANGE_WORDS = {
    "greater_than_equal": "{ge} 以上",
    "greater_than": "{gt} より大きい値",
    "less_than_equal": "{le} 以下",
    "less_than": "{lt} より小さい値",
    "too_short": "{min_length} 個以上",
    "string_too_short": "{min_length} 文字以上",
    "string_too_long": "{max_length} 文字以下",
    "too_long": "{max_length} 個以下",
}


def validate_document(model: type[BaseModel], document: YamlDocument) -> tuple[Any, list[Problem]]:
    """Validate a document against a model; return the instance (or None) and the problems."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, errors_to_problems(model, document, error)


def errors_to_problems(
    model: type[BaseModel], document: YamlDocument, error: ValidationError
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple] = set()
    details = error.errors(include_url=False)
    colons = _sentences_read_as_pairs(document, details)
    for detail in details:
        location = _data_location(document.data, detail["loc"], detail["type"])
        if location in seen or any(location[: len(where)] == where for where in colons):
            continue  # a union reports once per member; the first says enough
        seen.add(location)
        problems.append(_problem_for(model, document, detail, location))
    for line, column in colons.values():
        problems.append(make_problem("E-colon-in-text", document.display_path, line, column))
    return problems


def _quote_hint(document: YamlDocument, location: tuple, value: Any) -> str:
    """For a number, date or true/false where text (an id, a name) was meant: quote it.

    YAML reads `123`, `1.10`, `2026-02-27` and `yes` as a number, a date or a truth
    value; quoted, they stay the characters written (`"1.10"` keeps its zero).
    """
    if isinstance(value, str) or not isinstance(value, int | float | dt.date):
        return ""
    nodes = node_at(document.root, location)
    written = nodes[1].value if nodes and isinstance(nodes[1], ScalarNode) else str(value)
    return f'数字や日付だけの値を文字として書くときは、引用符で囲んでください（例: "{written}"）。'


def _sentences_read_as_pairs(
    document: YamlDocument, details: list[ErrorDetails]
) -> dict[tuple, tuple[int, int]]:
    """Where a text was expected and YAML read a sentence with `: ` as a key and its value.

    `- 課題: 予算が足りない` in a list of texts is the mapping {課題: 予算が足りない}:
    pydantic says the text is missing and 課題 is an unknown key (or, for a plain
    string, that a pair was found). Reported once, at the colon. Returns the
    location of each such pair → (line, column) of its colon.
    """
    found: dict[tuple, tuple[int, int]] = {}
    for detail in details:
        location = _data_location(document.data, detail["loc"], detail["type"])
        if detail["type"] == "missing" and location and location[-1] == "text":
            candidate = location[:-1]
        elif detail["type"] == "string_type" and isinstance(detail.get("input"), dict):
            candidate = location
        else:
            continue
        colon = _sentence_colon(document, candidate)
        if colon:
            found[candidate] = colon
    return found


def _sentence_colon(document: YamlDocument, location: tuple) -> tuple[int, int] | None:
    """The colon of a one-pair mapping whose plain key reads as prose (Japanese or spaced)."""
    nodes = node_at(document.root, location)
    if nodes is None or not isinstance(nodes[1], MappingNode) or len(nodes[1].value) != 1:
        return None
    key, value = nodes[1].value[0]
    if (
        not isinstance(key, ScalarNode)
        or key.style not in (None, "")
        or not isinstance(key.value, str)
    ):
        return None
    prose = any(ord(character) > 0x7F or character.isspace() for character in key.value)
    if not prose or value.start_mark.line != key.end_mark.line:
        return None
    return key.end_mark.line + 1, key.end_mark.column + 1


def _data_location(data: Any, loc: tuple, error_type: str) -> tuple:
    """The error's location without pydantic's union member tags (steps absent from the data)."""
    cleaned: list = []
    node = data
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and step in node:
            cleaned.append(step)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            cleaned.append(step)
            node = node[step]
        elif last and error_type in ("missing", "extra_forbidden"):
            cleaned.append(step)
        # else: a union tag such as 'float' or 'function-after[…]': not in the YAML
    return tuple(cleaned)


def _problem_for(
    model: type[BaseModel], document: YamlDocument, detail: ErrorDetails, location: tuple
) -> Problem:
    error_type = detail["type"]
    context = detail.get("ctx", {})
    shown = document.display_path
    path = _dotted(location)
    if error_type == "missing":
        line, column = document.position(location[:-1])
        field_model = _model_at(model, location[:-1])
        description = _field_description(field_model, location[-1])
        if _accepts_not_stated(field_model, location[-1]):
            description = f"{description}{NOT_STATED_HINT}"
        where = _dotted(location[:-1]) or "ファイルの最上位"
        return make_problem(
            "E-missing-field",
            shown,
            line,
            column,
            key=location[-1],
            where=where,
            description=description,
        )
    if error_type == "extra_forbidden":
        line, column = document.position(location, key=True)
        parent = _model_at(model, location[:-1])
        known = list(parent.model_fields) if parent else []
        hint = did_you_mean(str(location[-1]), known) or _known_keys_hint(known)
        return make_problem("E-unknown-key", shown, line, column, hint=hint, key=location[-1])

    line, column = document.position(location)
    found = _found(detail.get("input"))
    if error_type == "enum":
        enum_name, allowed = _enum_values(model, location)
        hint = did_you_mean(str(detail.get("input")), allowed)
        hint = hint or f"使える値: {choices_with_labels(enum_name, allowed)}"
        code = _enum_code(location)
        return make_problem(code, shown, line, column, hint=hint, path=path, found=found)
    why = _impossible_date(detail.get("input"))
    if (error_type.startswith("date") or error_type == "value_error") and why:
        return make_problem(
            "E-impossible-date", shown, line, column, path=path, found=found, why=why
        )
    if error_type == "value_error":
        message = str(context.get("error", detail["msg"]))
        if location and location[-1] == "lg_code":
            return make_problem("E-lg-code", shown, line, column, detail=message)
        hint = _quote_hint(document, location, detail.get("input"))
        return make_problem(
            "E-invalid-value", shown, line, column, hint=hint, path=path, detail=message
        )
    if error_type in ("string_too_short", "too_short") and context.get("min_length") == 1:
        return make_problem(
            "E-empty", shown, line, column, hint=_empty_hint(model, location), path=path
        )
    if error_type in RANGE_WORDS:
        expected = RANGE_WORDS[error_type].format(**{k: v for k, v in context.items()})
        return make_problem(
            "E-out-of-range", shown, line, column, path=path, found=found, expected=expected
        )
    if error_type == "string_pattern_mismatch":
        expected = "半角英数字・ハイフン・ドット・下線（先頭は英数字）"
        return make_problem(
            "E-invalid-format", shown, line, column, path=path, found=found, expected=expected
        )
    expected = _type_word(error_type)
    hint = (
        _quote_hint(document, location, detail.get("input")) if error_type == "string_type" else ""
    )
    if not hint and location and _accepts_not_stated(_model_at(model, location[:-1]), location[-1]):
        hint = NOT_STATED_HINT
    return make_problem(
        "E-wrong-type", shown, line, column, hint=hint, path=path, found=found, expected=expected
    )


DATE_SHAPE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ].*)?$")


def _impossible_date(value: Any) -> str:
    """Why a date-shaped text is not on the calendar ("" when it is, or is not date-shaped).

    The loader keeps such a timestamp as its text (see load.PlanConstructor).
    """
    match = DATE_SHAPE.match(value) if isinstance(value, str) else None
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return "月は 1〜12 です"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{year}年{month}月は {days} 日までです"
    return ""


def _enum_code(location: tuple) -> str:
    names = {str(step) for step in location}
    if names & {"pillar", "related_pillars"}:
        return "E-unknown-pillar"
    if "field" in names and location[-1] == "field":
        return "E-unknown-field"
    return "E-invalid-value-choice"


def _type_word(error_type: str) -> str:
    for prefix, word in TYPE_WORDS.items():
        if error_type.startswith(prefix):
            return word
    return "正しい形式"


def _found(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()  # as written, not datetime.date(2026, 2, 27)
    if isinstance(value, dict):
        return "「キー: 値」の組"
    if isinstance(value, list):
        return "リスト"
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:37] + "…"


def _dotted(location: tuple) -> str:
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _known_keys_hint(known: list[str]) -> str:
    return f"使えるキー: {', '.join(known)}" if known else ""


def _model_at(model: type[BaseModel] | None, location: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at `location`."""
    current: Any = model
    for step in location:
        if isinstance(step, int):
            current = _item_type(current)
            continue
        if typing.get_origin(current) is dict:  # a mapping keyed by id: the step is a key
            current = _unwrap(typing.get_args(current)[1])
            continue
        if (
            not (isinstance(current, type) and issubclass(current, BaseModel))
            or step not in current.model_fields
        ):
            return None
        current = _unwrap(current.model_fields[step].annotation)
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _empty_hint(model: type[BaseModel], location: tuple) -> str:
    """What to do with an empty value: a required key cannot simply be deleted."""
    if not location or not isinstance(location[-1], str):
        return ""  # an empty item of a list: the default hint (write it, or delete it) fits
    parent = _model_at(model, location[:-1])
    if parent is None or location[-1] not in parent.model_fields:
        return ""
    if not parent.model_fields[location[-1]].is_required():
        return ""
    if _accepts_not_stated(parent, location[-1]):
        return f"この項目は省略できません。値を書いてください。{NOT_STATED_HINT}"
    return "この項目は省略できません。値を書いてください。"


def _accepts_not_stated(model: type[BaseModel] | None, key: Any) -> bool:
    """Whether the field may be written as 「計画に記載なし」."""
    if model is None or not isinstance(key, str) or key not in model.model_fields:
        return False
    return NOT_STATED in repr(model.model_fields[key].annotation)


def _field_description(model: type[BaseModel] | None, key: Any) -> str:
    if model and key in model.model_fields:
        return model.model_fields[key].description or ""
    return ""


def _enum_values(model: type[BaseModel], location: tuple) -> tuple[str, list[str]]:
    """The enum's class name and its values, for the field at `location`."""
    parent = _model_at(model, location[:-1])
    step = location[-1]
    if isinstance(step, int):  # a list of enums
        parent = _model_at(model, location[:-2])
        step = location[-2]
    if parent is None or step not in parent.model_fields:
        return "", []
    annotation = _unwrap(parent.model_fields[step].annotation)
    annotation = (
        _unwrap(_item_type(annotation)) if typing.get_origin(annotation) is list else annotation
    )
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation.__name__, [str(member.value) for member in annotation]
    return "", []


def _item_type(annotation: Any) -> Any:
    annotation = _unwrap(annotation)
    args = typing.get_args(annotation)
    return _unwrap(args[0]) if typing.get_origin(annotation) is list and args else annotation


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] down to the one meaningful type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [
                a
                for a in typing.get_args(annotation)
                if a is not type(None) and NOT_STATED not in repr(a)  # 計画に記載なし beside it
            ]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation
