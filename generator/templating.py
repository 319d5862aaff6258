"""The one template environment: every value a template prints is escaped for HTML and Markdown.

Pages of the site are written as Markdown that may carry raw HTML, and the
report is Markdown that people open anywhere; the same escaping serves both.
A printed value has `& < > " '` replaced by HTML entities, and the characters
that start Markdown syntax (links, emphasis, code, tables, attribute lists,
headings, lists and quotes at the start of a line) replaced by numeric
character references. Entities display as the characters they stand for in
HTML and in every Markdown renderer, and no renderer reads them as syntax, so
user text always shows as the text it is: `<script>` stays visible text,
`[x](javascript:…)` is no link, `|` does not split a table cell, and `#` at the
start of a line is no heading.

Trusted fragments (HTML the code builds, such as a chart) are marked with
`markupsafe.Markup` before they reach a template and are printed as they are.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from generator.line_breaks import phrase_html

TEMPLATES = Path(__file__).parent / "templates"

# Markdown's inline syntax characters, wherever they stand.
_INLINE = {
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "~": "&#126;",
}
_INLINE_PATTERN = re.compile("|".join(re.escape(char) for char in _INLINE))
# Block syntax that only counts at the start of a line: headings, lists, quotes,
# setext underlines, numbered lists ("1." / "1)").
_LINE_START = re.compile(r"^([ \t]*)(#|-|\+|=|&gt;|\d+(?=[.)]))", re.MULTILINE)


def text_safe(value: Any) -> Markup:
    """`value` as text that HTML and Markdown both show verbatim (see the module docstring)."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Markup(value)  # a number is no markup, wherever it stands
    return Markup(_LINE_START.sub(_escape_line_start, _inline_safe(value)))


def _inline_safe(value: Any) -> str:
    escaped = str(escape("" if value is None else value))
    return _INLINE_PATTERN.sub(lambda match: _INLINE[match[0]], escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    # Leading blanks would make an indented code block; the marker itself is
    # written as a character reference so it cannot open a block.
    marker = match[2]
    if marker.isdigit():
        return f"&#{ord(marker[0])};{marker[1:]}"
    if marker == "&gt;":
        return "&#62;"
    return f"&#{ord(marker)};"


def table_cell(value: Any) -> Markup:
    """A value inside a Markdown table cell: escaped, and its line breaks kept as `<br>`."""
    if isinstance(value, Markup):
        return value
    # Inside a row nothing stands at the start of a line, so only inline syntax matters.
    lines = str("" if value is None else value).splitlines() or [""]
    return Markup("<br>").join(Markup(_inline_safe(line.strip())) for line in lines)


def cell_fragment(value: Any) -> Markup:
    """Part of a table cell built from pieces: escaped, line breaks as `<br>`, spaces kept."""
    if isinstance(value, Markup):
        return value
    lines = str("" if value is None else value).split("\n")
    return Markup("<br>").join(Markup(_inline_safe(line)) for line in lines)


def paragraphs(value: Any) -> Markup:
    """A multi-line text as Markdown paragraphs: a blank line between paragraphs, breaks kept."""
    blocks = re.split(r"\n\s*\n", str("" if value is None else value).strip())
    rendered = [
        Markup("<br>\n").join(text_safe(line.strip()) for line in block.splitlines())
        for block in blocks
        if block.strip()
    ]
    return Markup("\n\n").join(rendered)


def _finalize(value: Any) -> Any:
    return text_safe(value)


@cache
def environment() -> Environment:
    """The shared environment over generator/templates/: strict, escaping every printed value."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=True,
        finalize=_finalize,
    )
    env.filters.update(
        cell=table_cell, paragraphs=paragraphs, text=text_safe, phrases=phrase_breaks
    )
    return env


@pass_context
def phrase_breaks(context: Context, value: Any) -> Markup:
    """A title that breaks lines only between phrases (generator/line_breaks.py), the plan's
    municipality kept whole; escaped for HTML and Markdown like any printed value."""
    meta = context.get("meta")
    names = (getattr(meta, "municipality", ""),) if meta is not None else ()
    return phrase_html(str(value), names, lambda piece: Markup(_inline_safe(piece)))


def render(template: str, **context: Any) -> str:
    """Render a template of generator/templates/ with `context`."""
    return environment().get_template(template).render(**context)
