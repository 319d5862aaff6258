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
from generator.publish.mkdocs_builder import BuildSettings, build_html, config_file_for, mkdocs_nav
from generator.publish.search_index import index_site
from generator.site.structure import SiteStructure
from generator.site.writer import STATIC_FOLDERS

DEFAULT_TITLE = "官民データ活用推進計画の集計"
SOURCE_DIR = Path(".site_src")
SITE_DIR = Path("site")


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
    """Build the site of the aggregate in `folder` into `out` (default `folder`/site)."""
    started = time.perf_counter()
    data = load_site_data(folder, today)
    structure = aggregate_structure(data)
    site_dir = Path(out) if out else folder / SITE_DIR
    source = folder / SOURCE_DIR
    config_file = config_file_for(folder)
    files = _data_files(folder / DATA_DIR)
    write_sources(data, structure, files, title, source, config_file.parent / "site")
    build_html(
        config_file,
        BuildSettings(
            site_name=str(escape(title)),
            nav=mkdocs_nav(structure),
            docs_dir=source.resolve(),
            site_dir=site_dir.resolve(),
            copyright=str(escape("集計: dataplan aggregate")),
            extra={"internal_edition": False, "fictional_plan": False, "footer_links": []},
            not_in_nav=NOT_IN_NAV,
        ),
    )
    _link_data(folder / DATA_DIR, site_dir / DATA_DIR)
    if with_search:
        index_site(site_dir)
    return BuiltAggregateSite(site_dir, structure, time.perf_counter() - started)


def write_sources(
    data: AggregateData,
    structure: SiteStructure,
    files: list[DataFile],
    title: str,
    folder: Path,
    static_dir: Path,
) -> None:
    """Every page's Markdown into `folder` (emptied first), and the site's static parts."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    context = SiteContext(data, structure, files, title)
    for page in structure.pages:
        path = folder / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RENDERERS[page.kind](page, context), encoding="utf-8")
    for name in STATIC_FOLDERS:
        if (static_dir / name).is_dir():
            shutil.copytree(static_dir / name, folder / name)


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
