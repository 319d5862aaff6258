"""Japanese full-text search: Pagefind indexes the built HTML (whatever built it).

The extended Pagefind build segments Japanese, so a compound typed without spaces
(「包括ケア」) finds 「地域包括ケアシステム」. Only each page's article is indexed
(`data-pagefind-body` in theme/overrides/main.html), not the navigation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


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
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError((done.stderr or done.stdout).strip())
    return Path(site_dir) / "pagefind"
