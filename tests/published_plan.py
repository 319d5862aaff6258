"""What a plan publishes, read back as a reader gets it: the site's pages, the PDF's text, the open data.

`publish(root, work)` validates the plan at `root`, builds its site (with the PDF, as
`dataplan build` does) into `work`, and returns the texts the tests search: each HTML
page of the site (the downloads and data files apart), the PDF as `pdftotext` reads it,
and the open-data files. Building takes seconds (the PDF's charts start a browser), so
the tests that use it are marked slow and build once per module or session.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
from conftest import TEST_TODAY

from generator.compare.pages import load_latest_revision
from generator.publish.site_build import BuiltSite, build_site
from generator.validate import validate_plan

SITE_EXCLUDED = ("downloads", "data", "assets", "search")  # not pages a reader reads as such


def require_pdf_tools() -> None:
    """Skip without pdftotext or WeasyPrint (a failure in CI, where they must be there)."""
    missing = [] if shutil.which("pdftotext") else ["pdftotext (poppler-utils)"]
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        missing.append(f"weasyprint ({error})")
    if not missing:
        return
    reason = f"PDF の確認に必要なものがありません: {', '.join(missing)}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def squeeze(text: str) -> str:
    """Text without whitespace: lines of a PDF (and of a page's source) break anywhere."""
    return re.sub(r"\s+", "", text)


def page_words(markup: str) -> str:
    """A page's text as a reader gets it: tags dropped, entities decoded (alt, aria and links kept)."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.DOTALL)
    # Attributes a reader meets too: text alternatives, and the addresses links lead to.
    attributes = " ".join(re.findall(r'(?:alt|aria-label|title|href)="([^"]*)"', markup))
    return html.unescape(re.sub(r"<[^>]+>", " ", markup) + " " + attributes)


@dataclass
class Published:
    """A built site and its PDF, as texts to search."""

    site: BuiltSite
    pages: dict[str, str] = field(default_factory=dict)  # page path → its words

    @property
    def site_dir(self) -> Path:
        return self.site.site_dir

    def page(self, path: str) -> str:
        """A page's words (tags dropped)."""
        return self.pages[path]

    def markup(self, path: str) -> str:
        """A page's HTML as built."""
        return (self.site_dir / path).read_text(encoding="utf-8")

    @cached_property
    def site_text(self) -> str:
        """Every page's words, squeezed (for searching a value wherever a page shows it)."""
        return squeeze(" ".join(self.pages.values()))

    @cached_property
    def pdf_text(self) -> str:
        """The PDF's text (pdftotext -raw), squeezed."""
        pdf = self.site_dir / "downloads" / "plan.pdf"
        assert pdf.is_file(), "PDF がありません（WeasyPrint と pango が必要です）"
        out = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return squeeze(out)

    @cached_property
    def open_data_text(self) -> str:
        """Every open-data file (CSV and JSON, written as UTF-8 text), squeezed."""
        folder = self.site_dir / "data" / "open"
        texts = [path.read_text(encoding="utf-8-sig") for path in sorted(folder.glob("*"))]
        return squeeze(" ".join(texts))


def publish(root: Path, work: Path, *, internal: bool = False) -> Published:
    """Validate the plan at `root` and build its site with the PDF under `work`."""
    result = validate_plan(root, today=TEST_TODAY)
    assert result.project is not None and result.report.is_valid(True), [
        problem.as_text() for problem in result.report.sorted()
    ]
    name = "internal" if internal else "public"
    site = build_site(
        result.project,
        revision=load_latest_revision(result.project),
        internal=internal,
        out=work / name,
        source_dir=work / f"src-{name}",
        with_pdf=True,
        with_search=False,  # the index is tested with the example city; pages are what count here
    )
    pages = {
        path.relative_to(site.site_dir).as_posix(): page_words(path.read_text(encoding="utf-8"))
        for path in sorted(site.site_dir.rglob("*.html"))
        if path.relative_to(site.site_dir).parts[0] not in SITE_EXCLUDED
    }
    return Published(site, pages)
