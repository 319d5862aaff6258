"""Without the PDF's tools the site is still built, never links a PDF it does not have, and
the output says what is missing (the tools are hidden from this process, not uninstalled)."""

from __future__ import annotations

import sys

from conftest import missing_tool
from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()


def _require_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        missing_tool(f"WeasyPrint を読み込めません（{error}）")


def _hide(monkeypatch, module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # `import module` raises ImportError


def test_without_weasyprint_the_site_has_no_pdf_and_the_build_says_so(
    base_copy, tmp_path, monkeypatch
):
    _hide(monkeypatch, "weasyprint")
    out = tmp_path / "site"
    result = runner.invoke(app, ["build", str(base_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "PDF は作っていません（" in result.output
    assert "WeasyPrint と pango を入れてください" in result.output
    assert (out / "index.html").exists()
    assert not (out / "downloads" / "plan.pdf").exists()
    pages = [path for path in out.rglob("*.html")]
    assert pages and [p.name for p in pages if "plan.pdf" in p.read_text("utf-8")] == []


def test_without_weasyprint_the_pdf_command_fails_with_the_remedy(base_copy, tmp_path, monkeypatch):
    _hide(monkeypatch, "weasyprint")
    target = tmp_path / "plan.pdf"
    result = runner.invoke(app, ["pdf", str(base_copy), "-o", str(target)])
    assert result.exit_code == 1
    assert "PDF を作れません" in result.output and "WeasyPrint と pango" in result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_without_kaleido_the_build_says_its_pdf_has_no_charts(base_copy, tmp_path, monkeypatch):
    _require_weasyprint()
    _hide(monkeypatch, "kaleido")
    out = tmp_path / "site"
    result = runner.invoke(app, ["build", str(base_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "PDF に KPI のグラフは載せていません: グラフの書き出しに使う kaleido" in result.output
    assert (out / "downloads" / "plan.pdf").read_bytes().startswith(b"%PDF-")
