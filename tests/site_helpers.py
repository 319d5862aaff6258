"""Helpers of the site tests: building a plan's site into a folder, reading what was built."""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

from conftest import TEST_TODAY

from generator.compare.pages import load_latest_revision
from generator.publish.site_build import BuiltSite, build_site
from generator.validate import validate_plan


def build_example(root: Path, work: Path, *, internal: bool, complete: bool = True) -> BuiltSite:
    """Validate the plan at `root` and build its site under `work` (nothing written to `root`).

    `complete=False` also leaves out the search index (for tests of pages only).
    """
    result = validate_plan(root, today=TEST_TODAY)
    assert result.project is not None and result.report.is_valid(False)
    name = "internal" if internal else "public"
    return build_site(
        result.project,
        revision=load_latest_revision(result.project),
        internal=internal,
        out=work / name,
        source_dir=work / f"src-{name}",
        with_pdf=False,  # the PDF has its own tests (test_pdf.py); its link is tested alone
        with_search=complete,
    )


def page_text(site: BuiltSite, path: str) -> str:
    return (site.site_dir / path).read_text(encoding="utf-8")


def readable(data: bytes) -> str:
    """A built file as text a person could read: gzip opened, entities and \\u escapes decoded."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="ignore")
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)
    return html.unescape(text)


def every_file_text(folder: Path) -> dict[Path, str]:
    """Every file under `folder`, readable (see `readable`)."""
    return {path: readable(path.read_bytes()) for path in folder.rglob("*") if path.is_file()}
