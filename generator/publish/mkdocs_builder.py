"""The one module that knows MkDocs: build the generated Markdown into HTML.

The settings come in three layers: the defaults shipped with the tool
(`generator/theme/mkdocs.yml`, limited to what both Material for MkDocs and its
successor Zensical read: no hooks, no plugins), the plan's own `mkdocs.yml` (its
site's address, logo, colours, extra stylesheets), and what depends on the plan and
this build (the site's name, the navigation, the folders). The result is written
beside the generated pages as the `mkdocs.yml` this build used, with the theme's
template overrides assembled next to it (site_files.assemble_overrides).
Strict mode is on: every MkDocs warning becomes a problem and the build fails.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.line_breaks import phrase_html
from generator.publish.site_files import DEFAULT_CONFIG, assemble_overrides
from generator.site.structure import NavSection, Page, SiteStructure

CONFIG_FILE = "mkdocs.yml"  # the plan's own site settings, in the plan folder
# What dataplan decides (the generated pages rely on it): a plan's mkdocs.yml may not set it.
TOOL_KEYS = (
    "site_name",
    "docs_dir",
    "site_dir",
    "nav",
    "plugins",
    "hooks",
    "strict",
    "use_directory_urls",
    "markdown_extensions",
    "validation",
    "exclude_docs",
    "not_in_nav",
    "draft_docs",
    "INHERIT",  # would read settings from outside the plan
)
# Keys that make every visitor's browser call another host (Material's repository facts).
OUTSIDE_REQUEST_KEYS = ("repo_url", "repo_name", "edit_uri")
TOOL_THEME_KEYS = ("name", "custom_dir", "language", "font")
MAX_SETTINGS_BYTES = 256 * 1024
ADDED_LISTS = ("extra_css", "extra_javascript")  # the plan's entries come after the tool's


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
    # Each page's navigation holds its own sections' entries and one link to every other
    # section (Material's navigation.prune; with it, theme/overrides/partials/nav-item.html
    # shows a long section as a window around the page).
    pruned_nav: bool = False


class _Collector(logging.Handler):
    """Keeps every warning and error MkDocs logs, so the CLI can print them as a list."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def site_config(plan_root: Path, settings: BuildSettings, overrides: Path) -> dict[str, Any]:
    """The settings of this build: the tool's defaults, the plan's mkdocs.yml, then this build's.

    Raises SiteBuildError (in Japanese) when the plan's file cannot be read or sets
    what the tool decides.
    """
    config = _read_yaml(DEFAULT_CONFIG)
    own = plan_settings(Path(plan_root) / CONFIG_FILE)
    for key, value in own.items():
        if key in ADDED_LISTS:
            config[key] = [
                *config.get(key, []),
                *(v for v in value if v not in config.get(key, [])),
            ]
        elif key in ("theme", "extra"):
            config[key] = {**config.get(key, {}), **value}
        else:
            config[key] = value
    config.update(
        site_name=settings.site_name,
        nav=settings.nav,
        docs_dir=str(settings.docs_dir),
        site_dir=str(settings.site_dir),
    )
    if settings.not_in_nav:
        config["not_in_nav"] = settings.not_in_nav
    config["theme"]["custom_dir"] = str(overrides)
    features = config["theme"].setdefault("features", [])
    if settings.pruned_nav and "navigation.prune" not in features:
        features.append("navigation.prune")
    config.setdefault("copyright", settings.copyright)
    config["extra"] = {**config.get("extra", {}), **settings.extra}
    return config


def plan_settings(path: Path) -> dict[str, Any]:
    """The plan's own mkdocs.yml ({} when it has none), checked for what the tool decides.

    Read like every plan file (a regular file inside the plan folder, bounded) and as
    plain YAML: MkDocs' `!ENV` tag and `INHERIT` are refused, since they would put an
    environment variable (in CI, a secret) or a file from outside the plan on the site.
    """
    if not (path.is_file() or path.is_symlink()):
        return {}
    own = _read_plan_yaml(path)
    if own is None:  # only comments, as `dataplan init` writes it
        return {}
    if not isinstance(own, dict):
        raise SiteBuildError(
            [f"{path}: サイトの設定はキーと値（例: site_url: https://…）で書きます。"]
        )
    problems = [
        f"{path}: {key} は dataplan が決めるため書けません。この行を消してください。"
        for key in own
        if key in TOOL_KEYS
    ]
    problems += [
        f"{path}: {key} は書けません。Material for MkDocs がリポジトリの情報を住民のブラウザーから"
        "外部のサーバー（GitHub など）に問い合わせるためです（サイトはほかのサーバーに接続しません）。"
        "リポジトリへのリンクは copyright や問い合わせ先に書いてください。"
        for key in own
        if key in OUTSIDE_REQUEST_KEYS
    ]
    theme = own.get("theme", {})
    if not isinstance(theme, dict):
        problems.append(f"{path}: theme はキーと値（例: logo: images/logo.svg）で書きます。")
    else:
        problems += [
            f"{path}: theme の {key} は dataplan が決めるため書けません。この行を消してください。"
            for key in theme
            if key in TOOL_THEME_KEYS
        ]
    if not isinstance(own.get("extra", {}), dict):
        problems.append(f"{path}: extra はキーと値で書きます。")
    problems += [
        f"{path}: {key} は一覧（「- 」で始まる行）で書きます。"
        for key in ADDED_LISTS
        if not isinstance(own.get(key, []), list)
    ]
    if problems:
        raise SiteBuildError(problems)
    return own


def _read_plan_yaml(path: Path) -> Any:
    """The plan's mkdocs.yml as plain YAML (no tags); problems named by file:line:column."""
    import yaml

    from generator.file_access import read_bounded

    data, problem = read_bounded(path, path.name, MAX_SETTINGS_BYTES, root=path.parent)
    if problem is not None or data is None:
        raise SiteBuildError([problem.as_text() if problem else f"{path}: 読めません。"])
    try:
        return yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise SiteBuildError([f"{path}: UTF-8 で保存してください。"]) from error
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SiteBuildError(
            [
                f"{where}: サイトの設定に「!」で始まるタグ（!ENV など）は書けません。"
                "環境変数の値がサイトに載るのを防ぐためです。値をそのまま書いてください。"
            ]
        ) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SiteBuildError(
            [f"{where}: サイトの設定を YAML として読めません。字下げと「: 」を確かめてください。"]
        ) from error


def _read_yaml(path: Path) -> Any:
    """A YAML file as MkDocs reads it (its !ENV tag, INHERIT); a syntax error named by position."""
    import yaml
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(path, "rb") as file:
            return yaml_load(file)
    except ConfigurationError as error:
        cause = error.__context__
        mark = getattr(cause, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        if isinstance(cause, yaml.YAMLError):
            message = (
                f"{where}: サイトの設定を YAML として読めません。字下げと「: 」を確かめてください。"
            )
        else:
            message = f"{where}: サイトの設定を読めません（{error}）。"
        raise SiteBuildError([message]) from error


def build_html(plan_root: Path, settings: BuildSettings, work_dir: Path) -> Path:
    """Run MkDocs in strict mode over `settings.docs_dir`; return the settings file it used.

    The theme's overrides and the settings are written into `work_dir`. Raises
    SiteBuildError with MkDocs' warnings if the build fails.
    """
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    work_dir = Path(work_dir).resolve()  # MkDocs reads relative paths from the settings' folder
    overrides = assemble_overrides(plan_root, work_dir / "overrides")
    config_file = work_dir / CONFIG_FILE
    try:
        text = yaml.safe_dump(
            site_config(plan_root, settings, overrides), allow_unicode=True, sort_keys=False
        )
    except yaml.YAMLError as error:
        raise SiteBuildError(
            [f"{Path(plan_root) / CONFIG_FILE}: 使えない値があります（{error}）。"]
        ) from error
    config_file.write_text(text, encoding="utf-8")
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        build(load_config(config_file=str(config_file)))
    except (MkDocsException, SystemExit) as error:
        raise SiteBuildError(collector.messages or [str(error)]) from error
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise SiteBuildError(collector.messages)
    return config_file


def mkdocs_nav(structure: SiteStructure, names: Iterable[str] = ()) -> list:
    """The navigation in MkDocs' form. The theme prints these titles raw (in the navigation
    and the breadcrumb, never in `<title>`, which comes from each page's front matter), so
    they are HTML-escaped and break lines only between phrases, `names` kept whole.

    A section whose first page is an `index.md` (chapter 6's sections) has it as its own
    page (the theme's navigation.indexes): a pruned navigation links the section there."""
    kept = tuple(names)

    def entry(node: Page | NavSection) -> dict:
        title = str(phrase_html(node.title, kept))
        if isinstance(node, Page):
            return {title: node.path}
        return {title: [entry(child) for child in node.children]}

    return [entry(node) for node in structure.nav]
