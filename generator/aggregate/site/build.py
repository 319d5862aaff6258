"""`dataplan aggregate site`: the aggregate's pages → HTML (MkDocs, the plan site's theme) → search.

Built like a plan's site: the same mkdocs.yml, theme overrides and styles, strict
MkDocs, Pagefind for Japanese search. The open data (data/ of the aggregate) is
linked into the built site as it is, with its data package.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from generator.aggregate.exports import DATA_DIR, DESCRIPTOR
from generator.aggregate.site.data import AggregateData, load_site_data
from generator.aggregate.site.pages import RENDERERS, DataFile, SiteContext
from generator.aggregate.site.structure import NOT_IN_NAV, aggregate_structure
from generator.aggregate.tables import PARTITION, TABLES
from generator.publish.mkdocs_builder import BuildSettings, build_html, mkdocs_nav
from generator.publish.output_folder import building_site
from generator.publish.search_index import index_site
from generator.publish.site_files import copy_static_files
from generator.site.structure import SiteStructure

DEFAULT_TITLE = "官民データ活用推進計画の集計"
SOURCE_DIR = Path(".dataplan") / "site_src"  # the pages in docs/, the settings MkDocs used
DOCS_DIR = "docs"
SITE_DIR = Path("site_build")  # as a plan's built site (its site/ holds its own overrides)


@dataclass(frozen=True)
class BuiltAggregateSite:
    site_dir: Path
    structure: SiteStructure
    seconds: float

    @property
    def entry(self) -> Path:
        return self.site_dir / "index.html"


def build_aggregate_site(
    folder: Path,
    *,
    today: dt.date,
    out: Path | None = None,
    title: str = DEFAULT_TITLE,
    with_search: bool = True,
) -> BuiltAggregateSite:
    """Build the site of the aggregate in `folder` into `out` (default `folder`/site).

    As a plan's site: `out` must be the tool's own folder; the site is built beside it
    and swapped in when complete, one build at a time.
    """
    started = time.perf_counter()
    folder = Path(folder)
    data = load_site_data(folder, today)
    structure = aggregate_structure(data)
    site_dir = Path(out) if out else folder / SITE_DIR
    work_dir = folder / SOURCE_DIR
    files = _data_files(folder / DATA_DIR)
    with building_site(site_dir, work_dir, folder) as staging:
        docs = work_dir / DOCS_DIR
        write_sources(data, structure, files, title, docs)
        copy_static_files(folder, docs, {page.path for page in structure.pages})
        build_html(
            folder,
            BuildSettings(
                site_name=str(escape(title)),
                nav=mkdocs_nav(structure),
                docs_dir=docs.resolve(),
                site_dir=staging,
                copyright=str(escape("集計: dataplan aggregate")),
                extra={"internal_edition": False, "fictional_plan": False, "footer_links": []},
                not_in_nav=NOT_IN_NAV,
            ),
            work_dir,
        )
        _link_data(folder / DATA_DIR, staging / DATA_DIR)
        if with_search:
            index_site(staging)
    return BuiltAggregateSite(site_dir, structure, time.perf_counter() - started)


def write_sources(
    data: AggregateData,
    structure: SiteStructure,
    files: list[DataFile],
    title: str,
    folder: Path,
) -> None:
    """Every page's Markdown into `folder` (emptied first)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    context = SiteContext(data, structure, files, title)
    for page in structure.pages:
        path = folder / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RENDERERS[page.kind](page, context), encoding="utf-8")


def _data_files(data: Path) -> list[DataFile]:
    """The files of data/ the site offers (the schemas are reached through the data package)."""
    titles = {table.name: table.title for table in TABLES}
    found = []
    for path in sorted(data.rglob("*")):
        relative = path.relative_to(data).as_posix()
        if not path.is_file() or relative.startswith("schemas/"):
            continue
        if path.name == DESCRIPTOR:
            title = "データの説明（データパッケージ）"
        elif path.parent.name.startswith(f"{PARTITION}="):  # parquet/plans/prefecture=JP-13/…
            name = path.parent.parent.name
            title = f"{titles.get(name, name)}（{path.parent.name.split('=', 1)[1]}）"
        elif path.parent.name != path.parent.parent.name and path.parent.name not in (
            "csv",
            "parquet",
        ):  # csv/JP-13/plans.csv
            title = f"{titles.get(path.stem, path.stem)}（{path.parent.name}）"
        else:
            title = titles.get(path.stem, path.stem)
        found.append(DataFile(f"{DATA_DIR}/{relative}", title, path.stat().st_size))
    return found


def _link_data(source: Path, target: Path) -> None:
    """The aggregate's data/ into the built site (hard links where the file system allows)."""
    if target.exists():
        shutil.rmtree(target)
    if not source.is_dir():
        return

    def link(old: str, new: str) -> None:
        try:
            os.link(old, new)
        except OSError:
            shutil.copy2(old, new)

    shutil.copytree(source, target, copy_function=link)
