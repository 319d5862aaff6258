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

from generator.file_access import read_plan_tree

THEME_DIR = Path(__file__).resolve().parents[1] / "theme"
THEME_OVERRIDES = THEME_DIR / "overrides"
THEME_STATIC = ("stylesheets", "javascripts")  # copied into every site
DEFAULT_CONFIG = THEME_DIR / "mkdocs.yml"

PLAN_SITE_DIR = "site"  # in the plan folder
OVERRIDES_DIR = "overrides"
PLAN_SITE_README = "README.md"  # the folder's explanation for staff, never a page of the site


class SiteFileConflict(Exception):
    """A file in the plan's site/ has the path of a page or data file the tool generates."""


def plan_owned_files(
    plan_root: Path, folder: str, *, skip: tuple[str, ...] = ()
) -> dict[str, bytes]:
    """The files under the plan's `folder` (e.g. "site") by relative POSIX path, sorted.

    Read by the rule of the plan's YAML files (file_access.read_plan_tree): regular
    files inside the plan folder only, bounded; a link out of the plan, a FIFO or a
    device raises PlanFilesRefused naming it. Top-level names in `skip` are left out.
    """
    found = read_plan_tree(Path(plan_root) / folder, Path(plan_root), folder)
    return {
        relative: found[relative]
        for relative in sorted(found)
        if relative.split("/", 1)[0] not in skip
    }


def copy_plan_owned(files: dict[str, bytes], destination: Path) -> list[str]:
    """Write the plan's files (from `plan_owned_files`) into `destination`, over any file
    of the same name; return their relative paths. The only copy of plan-owned files."""
    for relative, content in files.items():
        target = Path(destination) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return list(files)


def assemble_overrides(plan_root: Path, destination: Path) -> Path:
    """The theme's template overrides in one folder: the package's, then the plan's on top."""
    destination = Path(destination)
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(THEME_OVERRIDES, destination)
    own = plan_owned_files(plan_root, f"{PLAN_SITE_DIR}/{OVERRIDES_DIR}")
    copy_plan_owned(own, destination)
    return destination


def copy_static_files(plan_root: Path, docs_dir: Path, generated: set[str]) -> list[str]:
    """The theme's stylesheets and scripts into `docs_dir`, then the plan's own site/ files.

    A plan file may replace a theme file of the same name, never a generated page or data
    file (`generated`, relative paths): that raises SiteFileConflict naming both.
    """
    for name in THEME_STATIC:
        shutil.copytree(THEME_DIR / name, Path(docs_dir) / name, dirs_exist_ok=True)
    own = plan_owned_files(plan_root, PLAN_SITE_DIR, skip=(OVERRIDES_DIR, PLAN_SITE_README))
    clashes = [path for path in own if path in generated]
    if clashes:
        listed = "、".join(f"{PLAN_SITE_DIR}/{path}" for path in clashes)
        raise SiteFileConflict(
            f"{listed} は dataplan が作るページ・データと同じ名前です。別の名前にしてください。"
        )
    return copy_plan_owned(own, docs_dir)
