"""Text left from the template, and Japanese folded by `>`: warnings at the scalar that says it.

A plan fresh from `dataplan init` validates, but still says 〇〇市, 000-000-0000
and example.com: that is no plan to publish, so each leftover is a warning
(`--strict` refuses to publish). The placeholder code 000001 has its own warning
(generator/municipalities.py), which says where to find the real code. A folded block (`>`) joins its lines
with spaces, which splits Japanese sentences with stray spaces: `|` keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.load import YamlDocument
from generator.problems import Problem, make_problem

# What the template (generator/scaffold/) writes where a real value belongs.
LEFTOVERS = [
    (re.compile(r"〇〇"), "〇〇"),
    (re.compile(r"(平成|令和)〇+年"), "年の〇"),
    (re.compile(r"^0+-0+-0+$"), "仮の電話番号"),
    (re.compile(r"\bexample\.(com|org|net)\b"), "例示用のドメイン example.com"),
]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")

# What a file's text holds wherever one of its values holds a leftover or is folded:
# a value is the text written, lines joined by a space or a line break, unless an
# escape (`\`) writes other characters. A `>` header: the indicator, its digits or
# chomping sign, perhaps a comment, and the line's end.
_MAY_HOLD = re.compile(
    r"〇〇|(?:平成|令和)〇+年|0+-0+-0+|\bexample\.(?:com|org|net)\b|\\"
    r"|(?<!\S)>[-+0-9]*[ \t]*(?:#[^\n\r\x85\u2028\u2029]*)?(?:[\n\r\x85\u2028\u2029]|\Z)"
)
_MARKS = ("〇", "0-0", "example.", "\\", ">")  # one is in every match of _MAY_HOLD


def template_problems(document: YamlDocument) -> Iterator[Problem]:
    """W-template-text and W-folded-japanese for every scalar of one file."""
    text = document.text
    if any(mark in text for mark in _MARKS) and _MAY_HOLD.search(text):
        yield from scalar_problems(document)
    # else the nodes need not be composed to know that there is none


def scalar_problems(document: YamlDocument) -> Iterator[Problem]:
    """The problems of `template_problems`, found in every scalar node (composed if need be)."""
    for node in _scalars(document.root):
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        text = str(node.value)
        for pattern, what in LEFTOVERS:
            match = pattern.search(text)
            if match:
                yield make_problem(
                    "W-template-text",
                    document.display_path,
                    line,
                    column,
                    what=what,
                    found=_short(text),
                )
                break
        if node.style == ">" and _spans_lines(node) and JAPANESE.search(text):
            yield make_problem("W-folded-japanese", document.display_path, line, column)


def _scalars(root: Node) -> Iterator[ScalarNode]:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            yield node
        elif isinstance(node, MappingNode):
            stack.extend(value for _, value in reversed(node.value))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


def _spans_lines(node: ScalarNode) -> bool:
    """A block scalar of two or more lines: its indicator line, the lines, then its end."""
    return node.end_mark.line - node.start_mark.line >= 3


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
