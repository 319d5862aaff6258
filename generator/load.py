"""Stage 1: read the plan's YAML files safely, keeping the position of every node.

The loader never raises for bad input: every problem (unreadable bytes, YAML
syntax, hostile structures) comes back as a `Problem` with file:line:column.

The steps, each stopping the file with a located problem:

1. bytes only from a regular file inside the plan folder, at most the limit plus
   one byte (generator/file_access.py: no /dev/zero, FIFO or link out of the plan);
2. UTF-8, with the first bad byte located;
3. no control character in the text itself (a NUL byte, ESC, U+202E);
4. nesting bounded before composing: the C composer recurses once per level and
   crashes on `- - - …` 28,000 deep (a bound read from the text clears a plainly
   indented file; any other is measured from libyaml's events);
5. the node graph composed, then bounded once aliases are expanded, and every
   scalar checked for controls written as escapes ("\x1b") and for !!binary
   (skipped where the text has no anchor, tag or escape to cause them);
6. plain data built from YAML's safe types only; a date not on the calendar
   stays the text written, for the model to report at its place.

Positions are not kept: a file that passed is composed again, from the text it
was read with, only when a problem in it must be located (`YamlDocument.root`).
A YAML error is worded in Japanese by generator/yaml_errors.py.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.control_characters import character_name, first_forbidden
from generator.file_access import read_bounded
from generator.plain_yaml import NotPlain, compose, plain_data
from generator.problems import Problem, make_problem
from generator.yaml_errors import other_yaml_error_problem, yaml_error_problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
# Nodes after expanding aliases: an alias bomb is small on disk but huge here.
MAX_EXPANDED_NODES = 200_000

Location = tuple[str | int, ...]


class YamlDocument:
    """One parsed YAML file: plain Python data, and the position of each node when asked.

    Only the text is sure to be kept. The nodes are composed from it when a position
    is first asked for; the data, once a model was built from it, may be let go
    (`release_data`) and is then built again from the text if it is asked for.
    A file that needed ruamel's constructor keeps its nodes and data as built.
    """

    __slots__ = ("path", "display_path", "text", "_data", "_root", "_plain")

    def __init__(
        self, path: Path, display_path: str, data: Any, text: str, root: Node | None = None
    ) -> None:
        self.path = path
        self.display_path = display_path
        self.text = text  # as read: the file is read once
        self._data = data
        self._root = root
        self._plain = root is None  # built by plain_data: the same again from the text

    @property
    def data(self) -> Any:
        """The content as plain dicts, lists and scalars."""
        if self._data is _RELEASED:
            self._data = plain_data(self.root)[0]
        return self._data

    @property
    def root(self) -> Node:
        """The composed node graph, which knows the line and column of each node."""
        if self._root is None:
            self._root = compose(self.text) or _EMPTY
        return self._root

    def release_data(self) -> None:
        """Let the plain data go (a model holds what it says); built again if asked for."""
        if self._plain and self._data is not None:
            self._data = _RELEASED

    def position(self, location: Location, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `location`, or of its key if `key`.

        Walks as far as the location exists and returns the deepest known position,
        so a missing field is reported at the mapping that should hold it.
        """
        return locate(self.root, location, key=key)

    def __repr__(self) -> str:
        return f"YamlDocument({self.display_path!r})"


_RELEASED = object()
_EMPTY = ScalarNode("tag:yaml.org,2002:null", "")


def node_at(root: Node, location: Location) -> tuple[Node | None, Node] | None:
    """(key node, node) at exactly `location`, or None where the location is not in the graph."""
    key_node: Node | None = None
    node = root
    for step in location:
        child = _child(node, step)
        if child is None:
            return None
        key_node, node = child
    return key_node, node


def locate(root: Node, location: Location, *, key: bool = False) -> tuple[int, int]:
    """Position of `location` inside a node graph (see `YamlDocument.position`)."""
    node = root
    mark = root.start_mark
    for depth, step in enumerate(location):
        last = depth == len(location) - 1
        child = _child(node, step)
        if child is None:
            break
        key_node, node = child
        mark = key_node.start_mark if key and last and key_node is not None else node.start_mark
    return mark.line + 1, mark.column + 1


def _child(node: Node, step: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(step):
                return key_node, value_node
    elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a plan is loaded.

    Loading makes hundreds of thousands of objects that all stay alive (values,
    models, rows); the collector would walk them again and again, a quarter of the
    time, to find no garbage: they form no cycles, and are freed by reference counts.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_yaml(
    path: Path, display_path: str | None = None, *, root: Path | None = None
) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file; return the document, or None with the problems that stopped it.

    With `root` (the plan folder), a file that resolves outside it is refused unread.
    Only a regular file is read, and never more than MAX_FILE_BYTES + 1 bytes.
    """
    shown = display_path or str(path)
    raw, problem = read_bounded(path, shown, MAX_FILE_BYTES, root=root)
    if raw is None:
        return None, [problem] if problem else []
    text, problem = decode_utf8(raw, shown)
    if problem:
        return None, [problem]
    return parse_yaml_text(text, path, shown)


def decode_utf8(raw: bytes, shown: str) -> tuple[str, Problem | None]:
    """Decode UTF-8 (with or without BOM); report the first bad byte by line and column."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        good = raw[: error.start].decode("utf-8-sig", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        return "", make_problem("E-encoding", shown, line, column, byte=f"0x{raw[error.start]:02X}")


class PlanConstructor(SafeConstructor):
    """YAML's safe types, except that a timestamp not on the calendar, or a "number" that
    is none, stays text.

    `2024-02-30` matches YAML's timestamp pattern, and building it raised
    ValueError ("day is out of range for month") from deep in the constructor,
    which stopped every command; `._` matches YAML 1.1's float pattern and `0x_`
    its integer pattern, and raised the same way. Kept as the text written, such a
    value is reported at its place by the model (a date or number field) or kept as
    written (a text).
    """

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError, ConstructorError):
            return str(node.value)

    def construct_yaml_float(self, node: Any) -> Any:
        try:
            return super().construct_yaml_float(node)
        except (ValueError, OverflowError):
            return str(node.value)

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # `0x_` or `+_` match YAML's integer pattern but hold no digit
            return str(node.value)


PlanConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", PlanConstructor.construct_yaml_timestamp
)
PlanConstructor.add_constructor("tag:yaml.org,2002:float", PlanConstructor.construct_yaml_float)
PlanConstructor.add_constructor("tag:yaml.org,2002:int", PlanConstructor.construct_yaml_int)


def parse_yaml_text(text: str, path: Path, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Compose YAML text into nodes, check the safety limits, then build plain data.

    Only YAML's safe types are constructed: tags such as !!python/object are refused.
    """
    control = _control_in_file(text, shown)
    if control:
        return None, [control]
    try:
        shallow = _surely_shallow(text)
        if not shallow:
            depth_problem = _nesting_problem(text, shown)
            if depth_problem:
                return None, [depth_problem]
        try:
            root = compose(text)
        except YAMLError:
            if shallow:  # the events were not read: a syntax error in them is the one to report,
                _nesting_problem(text, shown)  # before the composer's (an undefined alias…)
            raise
        if root is None:
            return YamlDocument(path, shown, None, text), []
        if _plainly_written(text):
            try:
                data, count = plain_data(root)
            except NotPlain:
                pass
            else:
                if count <= MAX_EXPANDED_NODES:  # without aliases, nothing expands
                    return YamlDocument(path, shown, data, text), []
        return _checked_and_constructed(root, text, path, shown)
    except MarkedYAMLError as error:
        return None, [yaml_error_problem(error, text, shown)]
    except YAMLError:
        return None, [other_yaml_error_problem(shown)]


def _checked_and_constructed(
    root: Node, text: str, path: Path, shown: str
) -> tuple[YamlDocument | None, list[Problem]]:
    """Every check on the nodes, then ruamel's constructor: for what `plain_data` leaves.

    The nodes are kept: the constructor may change them (a merge key `<<` folds the
    merged pairs in), and positions are read from them as they are.
    """
    limit_problem = _limit_problem(root, shown)
    if limit_problem:
        return None, [limit_problem]
    scalar_problems = _scalar_problems(root, shown)
    if scalar_problems:
        return None, scalar_problems
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = PlanConstructor
    data = yaml.constructor.construct_document(root)
    return YamlDocument(path, shown, data, text, root), []


def _plainly_written(text: str) -> bool:
    """Whether the text has no anchor (so no alias), tag or escape.

    Then the checks of `_checked_and_constructed` find nothing but too many nodes:
    there is no alias to expand, no !!binary, no control character written as an escape.
    """
    return "&" not in text and "!" not in text and "\\" not in text


def _control_in_file(text: str, shown: str) -> Problem | None:
    """The first control character written into the file itself (NUL, ESC, RLO, …), located."""
    match = first_forbidden(text, in_file=True)
    if not match:
        return None
    index = match.start()
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return make_problem("E-control-character", shown, line, column, name=character_name(match[0]))


BINARY_TAG = "tag:yaml.org,2002:binary"
MAX_SCALAR_PROBLEMS = 20


def _scalar_problems(root: Node, shown: str) -> list[Problem]:
    """Keys and values that are !!binary, or hold a control character once escapes are read.

    `"\x1b"` or `"\u202e"` in double quotes pass the file scan above; every scalar is
    checked again here, at its own position. No field of a plan holds bytes, so
    !!binary (which would turn into text of any bytes) is refused wherever it is.
    """
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [root]
    while stack and len(problems) < MAX_SCALAR_PROBLEMS:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if not isinstance(node, ScalarNode):
            stack.extend(reversed(list(_children(node))))
            continue
        mark = node.start_mark
        if node.tag == BINARY_TAG:
            problems.append(make_problem("E-yaml-binary", shown, mark.line + 1, mark.column + 1))
            continue
        match = first_forbidden(node.value) if isinstance(node.value, str) else None
        if match:
            name = character_name(match[0])
            problems.append(
                make_problem(
                    "E-control-character", shown, mark.line + 1, mark.column + 1, name=name
                )
            )
    return problems


# Characters that may come before a block collection's first token on its line:
# indentation, the indicators `- `, `? `, `: `, and a byte order mark (libyaml skips one).
_BLOCK_LEAD = r"[ \t\ufeff?:-]"
_LINE_BREAK = r"[\n\r\x85\u2028\u2029]"  # YAML 1.1's line breaks, as libyaml reads them


@lru_cache(maxsize=MAX_DEPTH)
def _lead_of_at_least(columns: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the first line's lead, any other line's lead) of `columns` characters or more."""
    return (
        re.compile(f"{_BLOCK_LEAD}{{{columns}}}"),
        re.compile(f"{_LINE_BREAK}{_BLOCK_LEAD}{{{columns}}}"),
    )


def _surely_shallow(text: str) -> bool:
    """Whether the text cannot nest deeper than MAX_DEPTH, read without parsing.

    A block collection starts after its line's indentation and indicators, and one
    nested inside starts further right, except a sequence directly under a mapping
    key (at the key's column): so block nesting is at most two levels a column, up
    to the widest such lead of any line (C). A flow collection starts at `[` or `{`,
    at most one level each. So the depth is at most 2 * (C + 1) + their count.
    """
    brackets = text.count("[") + text.count("{")
    widest = (MAX_DEPTH - brackets) // 2 - 1  # the widest lead that keeps the bound
    if widest < 0:
        return False
    first_line, other_lines = _lead_of_at_least(widest + 1)
    return not first_line.match(text) and not other_lines.search(text)


def _nesting_problem(text: str, shown: str) -> Problem | None:
    """Nesting deeper than MAX_DEPTH, found from the parser's events before composing.

    ruamel's C composer recurses once per level and overflows the C stack on about
    28,000 levels of `- - - …` or `? ? ? …` (a crash with no output). libyaml's
    parser keeps its own stack, so counting collection starts and ends in its events
    bounds block and flow nesting alike, and stops at the first level too many.
    """
    depth = 0
    events = YAML(typ="safe", pure=False).parse(text)
    try:
        for event in events:
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return make_problem(
                        "E-yaml-too-deep", shown, mark.line + 1, mark.column + 1, limit=MAX_DEPTH
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        events.close()
    return None


def _limit_problem(root: Node, shown: str) -> Problem | None:
    """Too deep, or too many nodes once aliases are expanded, reported at the node concerned.

    Works without expanding: an alias is the same node object used again, so each
    node is sized once by id and counted again for each reference, which is what
    expansion would cost.
    """
    sizes: dict[int, int] = {}
    # (node, depth, its children once expanded); scalars are leaves of size 1
    stack: list[tuple[Node, int, list[Node] | None]] = [(root, 1, None)]
    while stack:
        node, depth, children = stack.pop()
        if children is None:
            if depth > MAX_DEPTH:
                mark = node.start_mark
                return make_problem(
                    "E-yaml-too-deep", shown, mark.line + 1, mark.column + 1, limit=MAX_DEPTH
                )
            if id(node) in sizes or isinstance(node, ScalarNode):
                continue
            children = list(_children(node))
            stack.append((node, depth, children))
            stack.extend(
                (child, depth + 1, None) for child in children if not isinstance(child, ScalarNode)
            )
            continue
        total = 1
        for child in children:
            total += sizes.get(id(child), 1)
        sizes[id(node)] = total
        if total > MAX_EXPANDED_NODES:
            mark = node.start_mark
            return make_problem(
                "E-yaml-too-many-nodes",
                shown,
                mark.line + 1,
                mark.column + 1,
                limit=MAX_EXPANDED_NODES,
            )
    return None


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            yield key_node
            yield value_node
    elif isinstance(node, SequenceNode):
        yield from node.value
