"""`dataplan build` as one pipeline over a loaded plan:

view (generator.visibility) and the other edition of the latest revision (loaded once)
→ analyse (generator.analysis: every KPI at every review shown, once) → downloads (PDF,
print page, open data: generator.publish.downloads) → pages (generator.site.writer: the
structure, then one renderer per page kind) → HTML (MkDocs) → the search index (Pagefind).
Each stage reads only what the stages before it made.

Folders, relative to the plan folder unless given: the generated source in
`.dataplan/site_src/<public|internal>/` (the pages in `docs/`, the theme's overrides in
`overrides/`, the settings used in `mkdocs.yml`), the built site in `site_build/<public|internal>/`.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from generator.compare.pages import LatestRevision, load_latest_revision
from generator.file_access import read_plan_tree
from generator.project import PlanProject
from generator.publish.downloads import write_downloads
from generator.publish.mkdocs_builder import BuildSettings, build_html, mkdocs_nav
from generator.publish.output_folder import building_site, mark_as_own
from generator.publish.search_index import index_site
from generator.publish.site_files import PLAN_SITE_DIR, copy_static_files
from generator.site.site_data import collect_site_data, site_data
from generator.site.structure import SiteStructure, site_structure
from generator.site.writer import SiteSource, write_site_source

FOOTER_KINDS = ("a11y_policy", "a11y_results", "contact")
SOURCE_DIR = Path(".dataplan") / "site_src"
DOCS_DIR = "docs"  # inside the source folder: the pages MkDocs reads
OUTPUT_DIR = Path("site_build")


@dataclass(frozen=True)
class BuiltSite:
    site_dir: Path
    source: SiteSource
    seconds: float

    @property
    def entry(self) -> Path:
        return self.site_dir / "index.html"

    @property
    def page_kinds(self) -> dict[str, str]:
        """Built page path → its type (index.html → top), from the site's structure."""
        return page_kinds(self.source.structure)


def page_kinds(structure: SiteStructure) -> dict[str, str]:
    """Built page path → its type, for every page of `structure`."""
    return {page.path[:-3] + ".html": page.kind for page in structure.pages}


def planned_page_kinds(project: PlanProject) -> dict[str, str]:
    """The page types of the public site of `project`, without building it (for a site built
    before, such as `dataplan a11y-check --site`)."""
    return page_kinds(site_structure(collect_site_data(project, internal=False)))


@contextmanager
def built_site_to_check(
    project: PlanProject, site_dir: Path | None
) -> Iterator[tuple[Path, dict[str, str]]]:
    """(built public site, its page types) for a check such as `dataplan a11y-check`.

    `site_dir` is a site built before; without it, the site is built here (without the
    PDF) into a temporary folder that is removed afterwards.
    """
    if site_dir is not None:
        yield site_dir, planned_page_kinds(project)
        return
    revision = load_latest_revision(project)
    with tempfile.TemporaryDirectory(prefix="dataplan-a11y-") as temporary:
        folder = Path(temporary)
        built = build_site(
            project,
            revision=revision,
            out=folder / "site",
            source_dir=folder / "src",
            with_pdf=False,
        )
        yield built.site_dir, built.page_kinds


def audience_name(internal: bool) -> str:
    return "internal" if internal else "public"


def build_site(
    project: PlanProject,
    *,
    revision: LatestRevision,
    internal: bool = False,
    out: Path | None = None,
    source_dir: Path | None = None,
    with_pdf: bool = True,
    with_search: bool = True,
) -> BuiltSite:
    """Build the public (or internal) site of a validated plan; return where it is.

    `revision`: what the latest revision's 新旧対照表 compares, loaded with the plan
    (generator.compare.pages.load_latest_revision): the build reads no plan file.

    `out` is the built site (default site_build/<audience>), `source_dir` the generated
    source (default .dataplan/site_src/<audience>), both under the plan folder.
    Without `with_search` no search index is made (the search page then finds nothing:
    for quick checks only, never for a site people use).

    Before any work: `out` must be the tool's own folder (output_folder), and every
    hand-written file to publish must be a regular file inside its folder (else
    OutputFolderRefused, PlanFilesRefused). The site is built beside `out` and swapped
    in when complete, so `out` holds the old site or the new one, never a part.
    """
    started = time.perf_counter()
    root = Path(project.root)
    name = audience_name(internal)
    site_dir = Path(out) if out else root / OUTPUT_DIR / name
    work_dir = Path(source_dir) if source_dir else root / SOURCE_DIR / name
    # the plan's own site/ files: regular files inside the plan only, refused before any work
    read_plan_tree(root / PLAN_SITE_DIR, root, PLAN_SITE_DIR)
    with building_site(site_dir, work_dir, root) as staging:
        data = site_data(project, revision, internal=internal)
        docs = work_dir / DOCS_DIR
        prepare_source_folder(docs)
        downloads = write_downloads(data, docs, with_pdf=with_pdf)
        source = write_site_source(data, docs, downloads)
        copy_static_files(root, docs, set(source.generated))
        title = data.meta.title + ("（庁内版）" if internal else "")
        build_html(
            root,
            BuildSettings(
                site_name=str(escape(title)),
                nav=mkdocs_nav(source.structure, [data.meta.municipality]),
                docs_dir=source.folder.resolve(),
                site_dir=staging,
                copyright=str(escape(f"© {data.meta.municipality}")),
                extra={
                    "internal_edition": internal,
                    "fictional_plan": data.meta.fictional,
                    "footer_links": footer_links(source.structure),
                },
                pruned_nav=True,  # a measure page's navigation: its own section's measures
            ),
            work_dir,
        )
        if source.chart_pages:
            _copy_plotly(staging)
        if with_search:
            index_site(staging)
    return BuiltSite(site_dir, source, time.perf_counter() - started)


def prepare_source_folder(folder: Path) -> None:
    """Empty `folder` (the build checked it is the tool's own, output_folder) and mark it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    mark_as_own(folder)


def footer_links(structure: SiteStructure) -> list[dict[str, str]]:
    """Pages linked from every page's footer (theme/overrides/partials/copyright.html)."""
    pages = [p for kind in FOOTER_KINDS for p in structure.of_kind(kind)]
    return [{"title": p.title, "path": p.path[:-3] + ".html"} for p in pages]


def _copy_plotly(site_dir: Path) -> None:
    from generator.site.charts import copy_plotly_js

    copy_plotly_js(site_dir / "assets" / "plotly")
