"""Ids become file names (measures/<id>.html, data/kpi/<id>.csv): the rule that keeps them safe.

An id must not take the name of one of the site's own pages (a measure `index` would
replace the measure list, `404` the error page) and must be a name every system can
check out: Windows reserves CON, PRN, AUX, NUL, COM1–9 and LPT1–9 (in any case, with
any extension) and drops a trailing dot, and Windows and macOS do not tell upper
from lower case. `validate` applies this rule (E-reserved-id, E-duplicate-id).
"""

from __future__ import annotations

import re

# Every page name the tool itself writes (site/structure.py; MkDocs' 404 and sitemap).
RESERVED_PAGE_NAMES = frozenset(
    {
        "index",
        "404",
        "search",
        "sitemap",
        "history",
        "revision",
        "open-data",
        "contact",
        "accessibility",
        "accessibility-results",
        "matrix",
        "case-studies",
        "examples",
    }
)
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])$")


def unsafe_name_reason(identifier: str) -> str | None:
    """Why `identifier` cannot name a file of the site, in Japanese; None when it can."""
    folded = identifier.casefold()
    if folded in RESERVED_PAGE_NAMES:
        return f"サイトの既存のページ名（{folded}）と同じ"
    if WINDOWS_RESERVED.match(folded.split(".", 1)[0]):
        return "Windows で使えないファイル名（CON・PRN・AUX・NUL・COM1〜9・LPT1〜9）"
    if identifier.endswith("."):
        return "末尾がドット（Windows では末尾のドットが消え、別の id と同じ名前になります）"
    return None


def file_name_key(identifier: str) -> str:
    """The key under which two ids name the same file on Windows and macOS."""
    return identifier.casefold()
