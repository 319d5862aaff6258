"""No Japanese font: the PDF is refused before rendering with a Japanese message (WeasyPrint only
warned in English, then crashed or never ended); the site is built without it and says why."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE = Path(__file__).parent / "fixtures" / "base"
ROOT = Path(__file__).resolve().parents[1]
NO_FONTS = (
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n'
)


@pytest.fixture
def without_fonts(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONTS, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(ROOT), "FONTCONFIG_FILE": str(config)}


def dataplan(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import sys; from generator.cli import main; sys.argv[0] = 'dataplan'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_pdf_without_fonts_stops_before_rendering_in_japanese(tmp_path, without_fonts):
    shutil.copytree(BASE, tmp_path / "plan-folder")
    target = tmp_path / "plan.pdf"
    done = dataplan("pdf", str(tmp_path / "plan-folder"), "-o", str(target), env=without_fonts)
    assert done.returncode == 1
    assert "日本語のフォント Noto Sans CJK JP を入れてください" in done.stderr
    assert "No fonts configured" not in done.stderr and "Pango" not in done.stderr
    assert not target.exists()


def test_a_site_without_fonts_is_built_without_the_pdf_and_says_so(tmp_path, without_fonts):
    shutil.copytree(BASE, tmp_path / "plan-folder")
    out = tmp_path / "site"
    done = dataplan("build", str(tmp_path / "plan-folder"), "--out", str(out), env=without_fonts)
    assert done.returncode == 0, done.stderr
    assert "計画の PDF は載せていません: フォントが1つも見つかりません" in done.stdout
    assert not (out / "downloads" / "plan.pdf").exists()
    assert "plan.pdf" not in (out / "index.html").read_text(encoding="utf-8")
