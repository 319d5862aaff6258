"""Helpers of the site tests: building a plan's site into a folder, reading what was built."""

from __future__ import annotations

import gzip
import html
import re
import shutil
import subprocess
from pathlib import Path

from conftest import TEST_TODAY, missing_tool

from generator.compare.pages import load_latest_revision
from generator.publish.site_build import BuiltSite, build_site
from generator.validate import validate_plan


def build_example(
    root: Path, work: Path, *, internal: bool, complete: bool = True, pdf: bool = False
) -> BuiltSite:
    """Validate the plan at `root` and build its site under `work` (nothing written to `root`).

    `complete=False` leaves out the search index (for tests of pages only); `pdf=True`
    makes the PDF the site publishes (slow: the session's shared builds have it).
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
        with_pdf=pdf,
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


def pdf_text(path: Path) -> str:
    """The PDF's text in drawing order (-raw: a table cell's lines stay together), without
    whitespace, since lines break anywhere. Needs poppler (pdftotext)."""
    if shutil.which("pdftotext") is None:
        missing_tool("pdftotext がありません（apt-get install poppler-utils）")
    run = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return re.sub(r"\s+", "", run.stdout)


def every_file_text(folder: Path) -> dict[Path, str]:
    """Every file under `folder`, readable (see `readable`)."""
    return {path: readable(path.read_bytes()) for path in folder.rglob("*") if path.is_file()}
