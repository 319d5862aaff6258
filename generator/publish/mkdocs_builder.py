"""The one module that knows MkDocs: build the generated Markdown into HTML.

Settings live in `mkdocs.yml` at the repository root, limited to what both Material
for MkDocs and its successor Zensical read (no hooks, no plugins). What depends on
the plan (the site's name, the navigation, the folders of this build) is passed to
MkDocs as overrides of that file, so no second configuration is written.
Strict mode is on: every MkDocs warning becomes a problem and the build fails.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from generator.site.structure import NavSection, Page, SiteStructure

CONFIG_FILE = "mkdocs.yml"


class SiteBuildError(Exception):
    """MkDocs refused to build; `warnings` holds what it reported (in its own words)."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("\n".join(warnings) or "MkDocs のビルドに失敗しました。")
        self.warnings = warnings


@dataclass(frozen=True)
class BuildSettings:
    """What this build adds to mkdocs.yml: names, navigation and the two folders."""

    site_name: str
    nav: list
    docs_dir: Path
    site_dir: Path
    copyright: str = ""
    extra: dict = field(default_factory=dict)
    not_in_nav: str = ""  # pages built but not listed in the navigation (gitignore patterns)


class _Collector(logging.Handler):
    """Keeps every warning and error MkDocs logs, so the CLI can print them as a list."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def config_file_for(plan_root: Path) -> Path:
    """The plan's own mkdocs.yml, else the one shipped beside the tool (with site/)."""
    own = Path(plan_root) / CONFIG_FILE
    if own.is_file():
        return own
    return Path(__file__).resolve().parents[2] / CONFIG_FILE


def build_html(config_file: Path, settings: BuildSettings) -> None:
    """Run MkDocs in strict mode; raise SiteBuildError with its warnings if it fails."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(
            config_file=str(config_file),
            site_name=settings.site_name,
            nav=settings.nav,
            docs_dir=str(settings.docs_dir),
            site_dir=str(settings.site_dir),
            copyright=settings.copyright,
            not_in_nav=settings.not_in_nav or None,
            strict=True,
        )
        config.extra.update(settings.extra)
        build(config)
    except (MkDocsException, SystemExit) as error:
        raise SiteBuildError(collector.messages or [str(error)]) from error
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise SiteBuildError(collector.messages)


def mkdocs_nav(structure: SiteStructure) -> list:
    """The navigation in MkDocs' form; titles HTML-escaped, as the theme prints them raw."""

    def entry(node: Page | NavSection) -> dict:
        if isinstance(node, Page):
            return {str(escape(node.title)): node.path}
        return {str(escape(node.title)): [entry(child) for child in node.children]}

    return [entry(node) for node in structure.nav]
