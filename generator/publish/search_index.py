"""Japanese full-text search: Pagefind indexes the built HTML (whatever built it).

The extended Pagefind build segments Japanese, so a compound typed without spaces
(「包括ケア」) finds 「地域包括ケアシステム」. Only each page's article is indexed
(`data-pagefind-body` in theme/overrides/main.html), not the navigation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.programs import ProgramFailed, run_program

# Pagefind prints nothing while it works: a whole-run limit, far beyond a municipal site.
PAGEFIND_LIMIT = 600.0


class SearchIndexError(Exception):
    """Pagefind failed; the message is its own output."""


def index_site(site_dir: Path) -> Path:
    """Write the search index into `site_dir`/pagefind and return that folder."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--keep-index-url",  # pages are …/index.html files, also opened without a server
        "--quiet",
    ]
    try:
        done = run_program(command, program="全文検索の索引を作る Pagefind", limit=PAGEFIND_LIMIT)
    except ProgramFailed as error:
        raise SearchIndexError(str(error)) from error
    if done.returncode != 0:
        output = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
        raise SearchIndexError(
            f"全文検索の索引を作る Pagefind が失敗しました（終了コード {done.returncode}）。\n{output}"
        )
    return Path(site_dir) / "pagefind"
