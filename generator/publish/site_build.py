"""`dataplan build`: the view → the site's Markdown → HTML (MkDocs) → the search index (Pagefind).

Folders, relative to the plan folder unless given: the generated source in
`.dataplan/site_src/<public|internal>/`, the built site in `site_build/<public|internal>/`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from generator.project import PlanProject
from generator.publish.mkdocs_builder import BuildSettings, build_html, config_file_for, mkdocs_nav
from generator.publish.search_index import index_site
from generator.site.site_data import collect_site_data
from generator.site.structure import SiteStructure
from generator.site.writer import SiteSource, write_site_source

FOOTER_KINDS = ("a11y_policy", "a11y_results", "contact")
SOURCE_DIR = Path(".dataplan") / "site_src"
OUTPUT_DIR = Path("site_build")


@dataclass(frozen=True)
class BuiltSite:
    site_dir: Path
    source: SiteSource
    seconds: float

    @property
    def entry(self) -> Path:
        return self.site_dir / "index.html"


def audience_name(internal: bool) -> str:
    return "internal" if internal else "public"


def build_site(
    project: PlanProject,
    *,
    internal: bool = False,
    out: Path | None = None,
    source_dir: Path | None = None,
    with_pdf: bool = True,
    with_search: bool = True,
) -> BuiltSite:
    """Build the public (or internal) site of a validated plan; return where it is.

    `out` is the built site (default site_build/<audience>), `source_dir` the
    generated Markdown (default .dataplan/site_src/<audience>), both under the plan folder.
    Without `with_search` no search index is made (the search page then finds nothing:
    for quick checks only, never for a site people use).
    """
    started = time.perf_counter()
    root = Path(project.root)
    name = audience_name(internal)
    site_dir = Path(out) if out else root / OUTPUT_DIR / name
    config_file = config_file_for(root)
    data = collect_site_data(project, internal=internal)
    source_folder = Path(source_dir) if source_dir else root / SOURCE_DIR / name
    source = write_site_source(data, source_folder, config_file.parent / "site", with_pdf=with_pdf)
    title = data.meta.title + ("（庁内版）" if internal else "")
    build_html(
        config_file,
        BuildSettings(
            site_name=str(escape(title)),
            nav=mkdocs_nav(source.structure),
            docs_dir=source.folder.resolve(),
            site_dir=site_dir.resolve(),
            copyright=str(escape(f"© {data.meta.municipality}")),
            extra={
                "internal_edition": internal,
                "fictional_plan": data.meta.fictional,
                "footer_links": footer_links(source.structure),
            },
        ),
    )
    if source.chart_pages:
        _copy_plotly(site_dir)
    if with_search:
        index_site(site_dir)
    return BuiltSite(site_dir, source, time.perf_counter() - started)


def footer_links(structure: SiteStructure) -> list[dict[str, str]]:
    """Pages linked from every page's footer (site/overrides/partials/copyright.html)."""
    pages = [p for kind in FOOTER_KINDS for p in structure.of_kind(kind)]
    return [{"title": p.title, "path": p.path[:-3] + ".html"} for p in pages]


def _copy_plotly(site_dir: Path) -> None:
    from generator.site.charts import copy_plotly_js

    copy_plotly_js(site_dir / "assets" / "plotly")
