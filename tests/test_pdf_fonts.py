"""No Japanese font: no PDF of boxes, ever, and every command says so.

The commands run in a subprocess whose fontconfig configuration (FONTCONFIG_FILE)
knows only a Latin font folder, as on a machine without fonts-noto-cjk: `build`
makes the site without a PDF or a link to one and ends with a line saying why,
`build --pdf` and `pdf` stop with exit status 1, and nothing is written that
would show boxes.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import missing_tool

from generator import scaffold
from generator.publish.pdf_fonts import FONT_PACKAGE, japanese_font_families
from generator.scaffold import InitOptions

ROOT = Path(__file__).resolve().parents[1]
LATIN_FONTS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
WARNING = "日本語のフォントが見つかりません"


@pytest.fixture(scope="module")
def latin_only(tmp_path_factory) -> dict[str, str]:
    """The environment of a machine whose fonts cover no Japanese."""
    folder = tmp_path_factory.mktemp("fontconfig")
    dirs = [d for d in LATIN_FONTS if Path(d).is_dir()] or [str(folder / "no-fonts")]
    (folder / "no-fonts").mkdir()
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        + "".join(f"  <dir>{d}</dir>\n" for d in dirs)
        + f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config), "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("no-font") / "city"
    scaffold.create_plan(root, InitOptions(["ex-1-02"], "架空市"), today=dt.date(2025, 3, 1))
    return root


def _dataplan(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from generator.cli import main; main()", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_check_asks_the_configuration_weasyprint_reads(latin_only):
    asked = "from generator.publish.pdf_fonts import japanese_font_families as f; print(f())"
    run = subprocess.run(
        [sys.executable, "-c", asked], env=latin_only, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"


def test_this_machine_has_the_font_the_example_pdf_uses():
    families = japanese_font_families()
    if not families:
        missing_tool(f"日本語のフォントがありません（apt-get install {FONT_PACKAGE}）")
    assert "Noto Sans CJK JP" in families


@pytest.mark.slow
def test_build_without_a_japanese_font_makes_the_site_without_a_pdf(latin_only, plan):
    run = _dataplan(latin_only, "build", str(plan))
    assert run.returncode == 0, run.stdout + run.stderr
    site = plan / "site_build" / "public"
    assert (site / "index.html").is_file()
    assert not (site / "downloads" / "plan.pdf").exists()
    assert not list(plan.rglob("*.pdf"))
    assert not [p for p in site.rglob("*.html") if "plan.pdf" in p.read_text(encoding="utf-8")]
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("注意: 「計画の PDF」を作っていません。" + WARNING), run.stderr
    assert FONT_PACKAGE in last


def test_pdf_asked_for_without_a_japanese_font_exits_1(latin_only, plan, tmp_path):
    target = tmp_path / "plan.pdf"
    printed = _dataplan(latin_only, "pdf", str(plan), "-o", str(target))
    assert printed.returncode == 1, printed.stdout + printed.stderr
    assert WARNING in printed.stderr and FONT_PACKAGE in printed.stderr
    assert not target.exists()
    built = _dataplan(latin_only, "build", str(plan), "--pdf", "--out", str(tmp_path / "site"))
    assert built.returncode == 1, built.stdout + built.stderr
    assert WARNING in built.stderr and "--pdf を外して" in built.stderr
    assert not (tmp_path / "site").exists()
