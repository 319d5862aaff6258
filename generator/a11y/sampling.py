"""Which pages to test (JIS X 8341-3:2016 JB.1.2): all pages when the site is small, otherwise
one representative page of every page type plus a random sample drawn with a recorded seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

NOT_PAGES = ("assets/", "pagefind/", "data/", "downloads/", "stylesheets/", "javascripts/")


class Method(StrEnum):
    ALL = "all"
    REPRESENTATIVE = "representative"
    RANDOM = "random"
    REPRESENTATIVE_RANDOM = "representative+random"


METHOD_LABELS = {
    Method.ALL: "すべてのウェブページを選択",
    Method.REPRESENTATIVE: "代表ページを選択",
    Method.RANDOM: "ランダムに選択",
    Method.REPRESENTATIVE_RANDOM: "代表ページ選択とランダム選択の併用",
}


@dataclass(frozen=True)
class Selection:
    """The pages chosen, how, and from how many."""

    method: Method
    seed: int | None
    total: int
    representative: list[str]
    random: list[str]

    @property
    def pages(self) -> list[str]:
        return self.representative + [p for p in self.random if p not in self.representative]


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site (paths relative to it, sorted), without 404.html."""
    pages = []
    for path in Path(site_dir).rglob("*.html"):
        relative = path.relative_to(site_dir).as_posix()
        if relative == "404.html" or relative.startswith(NOT_PAGES):
            continue
        pages.append(relative)
    return sorted(pages)


def page_kind(path: str, kinds: dict[str, str] | None = None) -> str:
    """The page's type: from the site's structure when known, else from where the page is."""
    if kinds and path in kinds:
        return kinds[path]
    posix = PurePosixPath(path)
    if len(posix.parts) == 1:
        return posix.stem
    return f"{posix.parts[0]}/{'index' if posix.name == 'index.html' else '*'}"


def select_pages(
    pages: list[str],
    *,
    count: int,
    method: Method = Method.REPRESENTATIVE_RANDOM,
    seed: int = 0,
    kinds: dict[str, str] | None = None,
) -> Selection:
    """Choose the pages to test: `count` in all (every representative page is always kept)."""
    pages = sorted(pages)
    if method is Method.ALL or len(pages) <= count:
        return Selection(Method.ALL, None, len(pages), pages, [])
    representative: list[str] = []
    if method in (Method.REPRESENTATIVE, Method.REPRESENTATIVE_RANDOM):
        seen: set[str] = set()
        for path in pages:
            kind = page_kind(path, kinds)
            if kind not in seen:
                seen.add(kind)
                representative.append(path)
    drawn: list[str] = []
    if method in (Method.RANDOM, Method.REPRESENTATIVE_RANDOM):
        rest = [p for p in pages if p not in representative]
        wanted = max(0, min(len(rest), count - len(representative)))
        drawn = sorted(random.Random(seed).sample(rest, wanted))
    return Selection(method, seed if drawn else None, len(pages), representative, drawn)
