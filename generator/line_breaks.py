"""Japanese line breaks between phrases, not inside words (BudouX, at build time).

Browsers and WeasyPrint may break Japanese between any two characters, so a heading can
end a line after 「青葉」 of 「青葉野市」, and a breadcrumb after 「ト」 of 「トップ」.
BudouX, Google's maintained phrase segmenter, splits a text into phrases; a proper name
the plan gives (the municipality's name) is also kept whole when BudouX joins it to the
words around it. The result is markup, for the places where a title is shown as HTML:

- on the site, `<span class="phrases">` with `<wbr>` between phrases; the site's CSS
  (`word-break: keep-all`) then breaks only there, and inside a phrase only when the phrase
  alone is wider than the line;
- in the PDF (WeasyPrint ignores `keep-all`), each phrase in a `<span class="phrase">`
  that does not wrap.

Plain titles stay plain: `<title>`, the search index, file names and the PDF's outline
never get this markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

import budoux
from markupsafe import Markup, escape

OPENING = "（「『【〔［｛〈《(["
CLOSING = "）」』】〕］｝〉》、。，．・：；？！…)]},.:;?!"


@cache
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


def phrases(text: str, names: Iterable[str] = ()) -> list[str]:
    """The text as BudouX's phrases, each name in `names` kept whole and on its own."""
    result = _parser().parse(text) if text else []
    kept = [name for name in names if name]
    if not kept:
        return result
    pattern = re.compile("|".join(re.escape(name) for name in sorted(kept, key=len, reverse=True)))
    joined = "".join(result)
    # Where a name lies across phrases, join those phrases; then cut around the name.
    bounds = {0, len(joined)}
    position = 0
    for phrase in result:
        position += len(phrase)
        bounds.add(position)
    for match in pattern.finditer(joined):
        bounds = {b for b in bounds if not match.start() < b < match.end()}
        bounds |= {match.start(), match.end()}
    edges = sorted(bounds)
    pieces = [joined[a:b] for a, b in zip(edges, edges[1:], strict=False) if a < b]
    # A cut never leaves an opening bracket at a line's end or a closing one at its start.
    merged: list[str] = []
    for piece in pieces:
        if merged and (merged[-1][-1] in OPENING or piece[0] in CLOSING):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def phrase_html(
    text: str, names: Iterable[str] = (), escape_text: Callable[[str], Markup] = escape
) -> Markup:
    """The text, escaped (by `escape_text`), with a line break allowed only between phrases
    (for the site)."""
    return Markup('<span class="phrases">{}</span>').format(
        Markup("<wbr>").join(escape_text(phrase) for phrase in phrases(text, names))
    )


def phrase_html_print(text: str, names: Iterable[str] = ()) -> Markup:
    """The text, escaped, each phrase kept on one line (for WeasyPrint)."""
    return Markup("").join(
        Markup('<span class="phrase">{}</span>').format(phrase) for phrase in phrases(text, names)
    )
