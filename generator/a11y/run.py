"""`dataplan a11y-check` over a built public site: choose the pages, run axe on them, and
return the data the 試験結果 page is built from.

The site is built before (generator.publish.site_build, by the command when no site is
given); this module only reads the built folder and the page types of its structure.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Mapping
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


def check_site(
    project: PlanProject,
    *,
    site_dir: Path,
    kinds: Mapping[str, str] | None = None,
    pages: int = DEFAULT_PAGES,
    method: Method = Method.REPRESENTATIVE_RANDOM,
    seed: int = 0,
    today: dt.date,
    only: list[str] | None = None,
) -> CheckRun:
    """Check the built public site at `site_dir`.

    `kinds`: each built page's type by its path (index.html → top), from the site's
    structure: the representative pages are chosen by it and the results name it.
    `only` tests exactly those page paths (for a page being fixed), recorded as chosen by hand.
    """
    started = time.perf_counter()
    settings = project.meta.accessibility or Accessibility()
    known = dict(kinds or {})
    every_page = site_pages(site_dir)
    if only:
        missing = [path for path in only if path not in every_page]
        if missing:
            raise ValueError(f"サイトにないページです: {'、'.join(missing)}")
        selection = Selection(Method.REPRESENTATIVE, None, len(every_page), list(only), [])
    else:
        selection = select_pages(every_page, count=pages, method=method, seed=seed, kinds=known)
    results, versions = run_axe(site_dir, selection.pages)
    data = summarise(
        results, selection, versions, base_uri=settings.site_url, today=today, kinds=known
    )
    return CheckRun(data, selection, time.perf_counter() - started)


def write_results(data: dict[str, Any], path: Path) -> None:
    """Write the data as indented UTF-8 JSON (people read and commit it), atomically."""
    from generator.atomic import atomic_write_text

    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
