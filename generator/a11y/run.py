"""`dataplan a11y-check` as one call: build (or take) the public site, choose the pages,
run axe on them, and return the data the 試験結果 page is built from."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.a11y.check import run_axe, summarise
from generator.a11y.sampling import Method, Selection, select_pages, site_pages
from generator.model.accessibility import Accessibility
from generator.project import PlanProject

DEFAULT_PAGES = 40  # WAIC's guide for a random sample


@dataclass(frozen=True)
class CheckRun:
    data: dict[str, Any]
    selection: Selection
    seconds: float


def page_kinds(project: PlanProject) -> dict[str, str]:
    """Built page path → its type, from the site's structure (the representative pages)."""
    from generator.site.site_data import collect_site_data
    from generator.site.structure import site_structure

    structure = site_structure(collect_site_data(project, internal=False))
    return {page.path[:-3] + ".html": page.kind for page in structure.pages}


def check_site(
    project: PlanProject,
    *,
    site_dir: Path | None = None,
    pages: int = DEFAULT_PAGES,
    method: Method = Method.REPRESENTATIVE_RANDOM,
    seed: int = 0,
    today: dt.date,
    only: list[str] | None = None,
) -> CheckRun:
    """Check the public site at `site_dir` (built into a temporary folder when not given).

    `only` tests exactly those page paths (for a page being fixed), recorded as chosen by hand.
    """
    started = time.perf_counter()
    settings = project.meta.accessibility or Accessibility()
    kinds = page_kinds(project)
    with tempfile.TemporaryDirectory(prefix="dataplan-a11y-") as temporary:
        if site_dir is None:
            from generator.publish.site_build import build_site

            site_dir = build_site(
                project,
                out=Path(temporary) / "site",
                source_dir=Path(temporary) / "src",
                with_pdf=False,
            ).site_dir
        every_page = site_pages(site_dir)
        if only:
            missing = [path for path in only if path not in every_page]
            if missing:
                raise ValueError(f"サイトにないページです: {'、'.join(missing)}")
            selection = Selection(Method.REPRESENTATIVE, None, len(every_page), list(only), [])
        else:
            selection = select_pages(every_page, count=pages, method=method, seed=seed, kinds=kinds)
        results, versions = run_axe(site_dir, selection.pages)
    data = summarise(
        results, selection, versions, base_uri=settings.site_url, today=today, kinds=kinds
    )
    return CheckRun(data, selection, time.perf_counter() - started)


def write_results(data: dict[str, Any], path: Path) -> None:
    """Write the data as indented UTF-8 JSON (people read and commit it), atomically."""
    from generator.atomic import atomic_write_text

    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
