"""The user guide, shipped inside the package so that an installed tool can show it.

A city's plan repository has no copy of the guide: the files `init` writes point to
`dataplan guide <page>`, which prints a page of the guide of the installed version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.suggest import did_you_mean

GUIDE_DIR = Path(__file__).parent / "guide"


class UnknownGuidePage(Exception):
    """No page of that name; the message (Japanese) lists what there is."""


@dataclass(frozen=True)
class GuidePage:
    name: str  # what `dataplan guide NAME` takes: the file name without .md, or a path under ci/
    title: str
    path: Path


def guide_pages() -> list[GuidePage]:
    """Every page of the guide (index first), then the CI files offered for copying."""
    pages = [
        GuidePage(path.stem, _title(path), path)
        for path in sorted(GUIDE_DIR.glob("*.md"), key=lambda p: (p.stem != "index", p.stem))
    ]
    pages += [
        GuidePage(path.relative_to(GUIDE_DIR).as_posix(), _first_comment(path), path)
        for path in sorted((GUIDE_DIR / "ci").glob("*"))
        if path.is_file()
    ]
    return pages


def guide_page(name: str) -> GuidePage:
    """The page called `name` (with or without `.md`); UnknownGuidePage when there is none."""
    pages = {page.name: page for page in guide_pages()}
    wanted = name.removesuffix(".md").removeprefix("guide/")
    if wanted in pages:
        return pages[wanted]
    raise UnknownGuidePage(
        f"利用の手引に「{name}」というページはありません。{did_you_mean(wanted, list(pages))}"
        "`dataplan guide` でページの一覧を表示します。"
    )


def guide_index_text() -> str:
    """The list `dataplan guide` prints: each page's name and title, and where the files are."""
    pages = guide_pages()
    width = max(len(page.name) for page in pages)
    lines = ["利用の手引（dataplan guide ページ名 で表示します。例: dataplan guide files）", ""]
    lines += [f"  {page.name.ljust(width)}  {page.title}" for page in pages]
    lines += ["", f"ファイルの場所: {GUIDE_DIR}"]
    return "\n".join(lines)


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def _first_comment(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.lstrip("# ").strip()
