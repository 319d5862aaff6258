"""The files of a plan repository besides the plan itself, written by `dataplan init`.

The site's settings (`mkdocs.yml`) and the folder for the site's own additions
(`site/`) come from the templates in generator/scaffold/repository/. They are the
plan's own files: `init` never writes one over a file that is already there
(`KEPT_IF_PRESENT`), it says which it left alone.
"""

from __future__ import annotations

from pathlib import Path

REPOSITORY_TEMPLATES = Path(__file__).parent / "scaffold" / "repository"
SITE_CONFIG = "mkdocs.yml"
SITE_README = "site/README.md"
KEPT_IF_PRESENT = (SITE_CONFIG, SITE_README)


def repository_files() -> dict[str, str]:
    """Relative path → text of the repository's own files (the site's settings, site/)."""
    return {
        name: (REPOSITORY_TEMPLATES / name).read_text(encoding="utf-8") for name in KEPT_IF_PRESENT
    }
