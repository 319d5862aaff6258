"""Relative links between the site's pages, from the page being written.

Markdown links point at the `.md` source (MkDocs checks and rewrites them in
strict mode); links inside raw HTML point at the built `.html` file, because no
builder rewrites raw HTML (use_directory_urls is off, so the two match).
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup


class Links:
    """Links from one page (its source path, e.g. `measures/m-1-01.md`)."""

    def __init__(self, page_path: str) -> None:
        self.page_path = page_path

    def md(self, target: str, anchor: str = "") -> Markup:
        """A Markdown link target to another page's source (site paths: ids and fixed names)."""
        return Markup(self._relative(target) + (f"#{anchor}" if anchor else ""))

    def html(self, target: str, anchor: str = "") -> str:
        """A raw-HTML link target to another page (`.html`) or file."""
        relative = self._relative(target)
        if relative.endswith(".md"):
            relative = relative[:-3] + ".html"
        return relative + (f"#{anchor}" if anchor else "")

    def _relative(self, target: str) -> str:
        start = posixpath.dirname(self.page_path) or "."
        return posixpath.relpath(target, start)
