"""Composing YAML with libyaml, and plain data from the nodes of a plainly written file.

ruamel's safe loader spends most of its time in Python: it asks which YAML
version applies for every scalar and builds every value through a generic
machinery of generators. A plan's files are written plainly (no tags, anchors or
escapes), so the loader composes nodes with ruamel's C parser and this module's
resolver (ruamel's own YAML 1.2 table, looked up directly), then builds the
values with `plain_data` in one pass. Anything it does not build exactly as ruamel
does (a merge key `<<`, a repeated key, a key that is a list or a mapping, any
other tag) raises `NotPlain`, and the loader hands the nodes to ruamel's
constructor instead, so the data and the problems are always ruamel's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from _ruamel_yaml import CParser  # type: ignore[import-not-found]  # ships no types
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import implicit_resolvers
from ruamel.yaml.tag import Tag
from ruamel.yaml.util import create_timestamp


def _shared_tag(name: str) -> Tag:
    """One Tag object for every node of this tag (ruamel would make, and decode, one a node)."""
    tag = Tag(suffix=name)
    assert tag.trval == name  # decoded once, here
    return tag


_TAGS: dict[str, Tag] = {}
# First character → (tag, pattern) of YAML 1.2, as ruamel's VersionedResolver builds it.
# ruamel resolves with 1.2 whatever a %YAML directive says when its C parser is used.
_RESOLVERS: dict[str, list[tuple[Tag, Any]]] = {}
for _versions, _name, _pattern, _first in implicit_resolvers:
    if (1, 2) in _versions:
        _tag = _TAGS.setdefault(_name, _shared_tag(_name))
        for _character in _first:
            _RESOLVERS.setdefault(_character, []).append((_tag, _pattern))
STR = _shared_tag("tag:yaml.org,2002:str")
SEQ = _shared_tag("tag:yaml.org,2002:seq")
MAP = _shared_tag("tag:yaml.org,2002:map")


class NodeComposer(CParser):
    """libyaml's parser and composer (ruamel's build), resolving plain scalars by YAML 1.2."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> Tag:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, pattern in _RESOLVERS.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return STR
        return SEQ if kind is SequenceNode else MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""


def compose(text: str) -> Node | None:
    """The node graph of the single document in `text` (None when it is empty).

    Raises ruamel's MarkedYAMLError for a syntax error, as ruamel's `compose` does.
    """
    composer = NodeComposer(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


class NotPlain(Exception):
    """A node that `plain_data` leaves to ruamel's constructor."""


def _integer(text: str) -> int | str:
    """ruamel's construct_yaml_int for YAML 1.2; text when it holds no digit (load.PlanConstructor)."""
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == "0":
        return 0
    try:
        for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
            if digits.startswith(prefix):
                return sign * int(digits[2:], base)
        return sign * int(digits)
    except ValueError:
        return text


def _float(text: str) -> float | str:
    """ruamel's construct_yaml_float for YAML 1.2; text when it is no number (load.PlanConstructor)."""
    digits = text.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == ".inf":
        return sign * SafeConstructor.inf_value
    if digits == ".nan":
        return SafeConstructor.nan_value
    try:
        return sign * float(digits)
    except (ValueError, OverflowError):
        return text


def _timestamp(text: str) -> dt.date | dt.datetime | str:
    """ruamel's construct_yaml_timestamp; text when it is not on the calendar (load.PlanConstructor)."""
    match = SafeConstructor.timestamp_regexp.match(text)
    if match is None:
        return text
    try:
        return create_timestamp(**match.groupdict())
    except (ValueError, OverflowError):
        return text


# By the shared Tag object itself: a tag written in the file is another object (and
# `plain_data` is only used where no tag is written).
_SCALARS: dict[int, Callable[[str], Any]] = {
    id(STR): str,
    id(_TAGS["tag:yaml.org,2002:null"]): lambda _: None,
    id(_TAGS["tag:yaml.org,2002:bool"]): lambda text: text.lower() == "true",  # 1.2: true/false
    id(_TAGS["tag:yaml.org,2002:int"]): _integer,
    id(_TAGS["tag:yaml.org,2002:float"]): _float,
    id(_TAGS["tag:yaml.org,2002:timestamp"]): _timestamp,
}


def plain_data(root: Node) -> tuple[Any, int]:
    """(the value of `root`, the number of nodes) for a graph without aliases or explicit tags.

    Raises NotPlain where ruamel's constructor must decide (see the module's docstring).
    The caller bounds the nesting, so the recursion is shallow.
    """
    count = 0

    def build(node: Node) -> Any:
        nonlocal count
        count += 1
        tag = node.ctag
        if type(node) is ScalarNode:
            convert = _SCALARS.get(id(tag))
            if convert is None:
                raise NotPlain(tag)
            return convert(node.value)
        if type(node) is SequenceNode and tag is SEQ:
            return [build(child) for child in node.value]
        if type(node) is MappingNode and tag is MAP:
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode:
                    raise NotPlain("key")
                key = build(key_node)
                if key in mapping:
                    raise NotPlain("duplicate key")  # ruamel reports it at its place
                mapping[key] = build(value_node)
            return mapping
        raise NotPlain(tag)

    return build(root), count
