"""Without WeasyPrint (or the pango it loads) the site is still built, never links a PDF it does
not have, and the output says what is missing; asked for a PDF, the commands stop instead.
WeasyPrint is hidden from this process, not uninstalled (tests/test_pdf_fonts.py does the
same for a missing Japanese font).
"""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()
MISSING = "PDF を作る WeasyPrint か、それが使う pango を読み込めません"


@pytest.fixture
def no_weasyprint(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError


def test_the_site_is_built_without_a_pdf_or_a_link_and_says_why(base_copy, tmp_path, no_weasyprint):
    out = tmp_path / "site"
    result = runner.invoke(app, ["build", str(base_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"注意: 「計画の PDF」を作っていません。{MISSING}" in result.output
    assert (out / "index.html").exists()
    assert not (out / "downloads" / "plan.pdf").exists()
    pages = list(out.rglob("*.html"))
    assert len(pages) > 10 and [p.name for p in pages if "plan.pdf" in p.read_text("utf-8")] == []


def test_a_pdf_asked_for_stops_the_build_and_the_pdf_command(base_copy, tmp_path, no_weasyprint):
    built = runner.invoke(app, ["build", str(base_copy), "--pdf", "--out", str(tmp_path / "site")])
    assert built.exit_code == 1
    assert MISSING in built.output and "--pdf を外して" in built.output
    assert not (tmp_path / "site").exists()
    target = tmp_path / "plan.pdf"
    printed = runner.invoke(app, ["pdf", str(base_copy), "-o", str(target)])
    assert printed.exit_code == 1
    assert f"PDF を作れません。{MISSING}" in printed.output and "Traceback" not in printed.output
    assert not target.exists()
