"""The site's hand-written files: the tool's theme (package data), the plan's own `site/` on top.

The theme that every plan gets ships inside the package (`generator/theme/`): the
MkDocs defaults, the template overrides, the stylesheet and the scripts. A plan
folder may add its own in `site/`: `site/overrides/` is laid over the package's
template overrides, and every other file there (a logo, a stylesheet of its own)
is copied into the site as it is. Every copy of a file the plan owns goes through
`copy_plan_owned`, so what such a copy accepts is decided in one place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

THEME_DIR = Path(__file__).resolve().parents[1] / "theme"
THEME_OVERRIDES = THEME_DIR / "overrides"
THEME_STATIC = ("stylesheets", "javascripts")  # copied into every site
DEFAULT_CONFIG = THEME_DIR / "mkdocs.yml"

PLAN_SITE_DIR = "site"  # in the plan folder
OVERRIDES_DIR = "overrides"
PLAN_SITE_README = "README.md"  # the folder's explanation for staff, never a page of the site


class SiteFileConflict(Exception):
    """A file in the plan's site/ has the path of a page or data file the tool generates."""


def plan_owned_files(source: Path, *, skip: tuple[str, ...] = ()) -> list[str]:
    """The files under `source` as sorted relative POSIX paths; top-level names in `skip` left out."""
    source = Path(source)
    if not source.is_dir():
        return []
    found = []
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if relative.parts[0] in skip or not path.is_file():
            continue
        found.append(relative.as_posix())
    return sorted(found)


def copy_plan_owned(source: Path, destination: Path, *, skip: tuple[str, ...] = ()) -> list[str]:
    """Copy the plan's files under `source` into `destination`, over any file of the same name.

    Returns the relative paths copied. The only copy of a plan-owned file in the tool.
    """
    copied = plan_owned_files(source, skip=skip)
    for relative in copied:
        target = Path(destination) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(source) / relative, target)
    return copied


def assemble_overrides(plan_root: Path, destination: Path) -> Path:
    """The theme's template overrides in one folder: the package's, then the plan's on top."""
    destination = Path(destination)
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(THEME_OVERRIDES, destination)
    copy_plan_owned(Path(plan_root) / PLAN_SITE_DIR / OVERRIDES_DIR, destination)
    return destination


def copy_static_files(plan_root: Path, docs_dir: Path, generated: set[str]) -> list[str]:
    """The theme's stylesheets and scripts into `docs_dir`, then the plan's own site/ files.

    A plan file may replace a theme file of the same name, never a generated page or data
    file (`generated`, relative paths): that raises SiteFileConflict naming both.
    """
    for name in THEME_STATIC:
        shutil.copytree(THEME_DIR / name, Path(docs_dir) / name, dirs_exist_ok=True)
    own_site = Path(plan_root) / PLAN_SITE_DIR
    skip = (OVERRIDES_DIR, PLAN_SITE_README)
    clashes = [path for path in plan_owned_files(own_site, skip=skip) if path in generated]
    if clashes:
        listed = "、".join(f"{PLAN_SITE_DIR}/{path}" for path in clashes)
        raise SiteFileConflict(
            f"{listed} は dataplan が作るページ・データと同じ名前です。別の名前にしてください。"
        )
    return copy_plan_owned(own_site, docs_dir, skip=skip)
