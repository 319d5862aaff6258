"""Stage 1: read the plan's YAML files safely, keeping the position of every node.

The loader never raises for bad input: every problem (unreadable bytes, YAML
syntax, hostile structures) comes back as a `Problem` with file:line:column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator.problems import Problem, make_problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
# Nodes after expanding aliases: an alias bomb is small on disk but huge here.
MAX_EXPANDED_NODES = 200_000

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    """One parsed YAML file: plain Python data plus the position of each node."""

    path: Path
    display_path: str
    tree: Any  # the ruamel round-trip tree, which knows line and column of each node
    data: Any  # the same content as plain dicts, lists and scalars

    def position(self, location: Location, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `location`, or of its key if `key`.

        Walks as far as the location exists and returns the deepest known position,
        so a missing field is reported at the mapping that should hold it.
        """
        return locate(self.tree, location, key=key)


def locate(tree: Any, location: Location, *, key: bool = False) -> tuple[int, int]:
    """Position of `location` inside a ruamel tree (see `YamlDocument.position`)."""
    node = tree
    line, column = _start_of(tree)
    for depth, step in enumerate(location):
        last = depth == len(location) - 1
        if isinstance(node, CommentedMap) and step in node:
            key_pos = node.lc.key(step)
            value_pos = node.lc.value(step)
            line, column = key_pos if (key and last) or value_pos is None else value_pos
            node = node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            line, column = node.lc.item(step)
            node = node[step]
        else:
            break
    return line + 1, column + 1


def _start_of(node: Any) -> tuple[int, int]:
    if isinstance(node, CommentedMap | CommentedSeq) and node.lc.line is not None:
        return node.lc.line, node.lc.col
    return 0, 0


def read_yaml(path: Path, display_path: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file; return the document, or None with the problems that stopped it."""
    shown = display_path or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                make_problem("E-file-too-large", shown, size=size, limit=MAX_FILE_BYTES)
            ]
        raw = path.read_bytes()
    except OSError as error:
        return None, [make_problem("E-file-unreadable", shown, reason=error.strerror or str(error))]

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


def parse_yaml_text(text: str, path: Path, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text with ruamel's round-trip loader, within the safety limits."""
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        code = "E-yaml-duplicate-key" if "duplicate key" in str(error.problem) else "E-yaml-syntax"
        detail = _translate_yaml_error(error.problem or str(error))
        return None, [make_problem(code, shown, line, column, detail=detail)]
    except RecursionError:
        return None, [make_problem("E-yaml-too-deep", shown, limit=MAX_DEPTH)]
    except YAMLError as error:
        return None, [make_problem("E-yaml-syntax", shown, detail=str(error).splitlines()[0])]

    limit_problem = _limit_problem(tree, shown)
    if limit_problem:
        return None, [limit_problem]
    return YamlDocument(path, shown, tree, to_plain(tree)), []


_YAML_ERROR_WORDS = {
    "found character '\\t' that cannot start any token": "タブ文字は字下げに使えません（半角スペースを使ってください）",
    "mapping values are not allowed here": "ここに「キー: 値」は書けません（コロンの後の空白や字下げを確認してください）",
    "could not find expected ':'": "「:」が見つかりません",
    "found unexpected end of stream": "ファイルが途中で終わっています（引用符や括弧の閉じ忘れ）",
    "expected <block end>, but found": "字下げが揃っていません",
    "found undefined alias": "定義されていない別名（*alias）を参照しています",
}


def _translate_yaml_error(problem: str) -> str:
    for english, japanese in _YAML_ERROR_WORDS.items():
        if english in problem:
            return japanese
    duplicate = re.search(r'found duplicate key "(.*?)"', problem)
    if duplicate:
        return f"キー「{duplicate[1]}」が2回書かれています"
    return problem


def _limit_problem(tree: Any, shown: str) -> Problem | None:
    """Too deep, or too many nodes once aliases are expanded, reported at the node concerned.

    Works without expanding: aliased nodes are shared objects, sized once by id and
    counted again for each reference, which is what expansion would cost.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, int, bool]] = [(tree, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if depth > MAX_DEPTH:  # also ends a recursive alias, which is infinitely deep
            line, column = _start_of(node)
            return make_problem("E-yaml-too-deep", shown, line + 1, column + 1, limit=MAX_DEPTH)
        children = list(_children(node))
        if id(node) in sizes:
            continue
        if not children_done and children:
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children)
            continue
        sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
        if sizes[id(node)] > MAX_EXPANDED_NODES:
            line, column = _start_of(node)
            return make_problem("E-yaml-too-many-nodes", shown, line + 1, column + 1, limit=MAX_EXPANDED_NODES)
    return None


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        yield from node.values()
    elif isinstance(node, list):
        yield from node


def to_plain(node: Any) -> Any:
    """ruamel's round-trip types → plain dict, list, str, int, float, bool, date."""
    if isinstance(node, dict):
        return {str(key) if not isinstance(key, int | bool) else key: to_plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return dt.datetime(*node.timetuple()[:6])
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    return node
