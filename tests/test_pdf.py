"""The plan as PDF (F19): tagged, Japanese font embedded, every chapter; the fallbacks.

The PDFs read here are the ones `dataplan build` publishes at downloads/plan.pdf:
the example city's public edition (conftest.built_sites) and the internal edition
of the example with hand-written secrets (conftest.secret_builds; test_leaks.py
searches both editions for those secrets). `dataplan pdf` itself makes the
hostile-name PDF below, in a process that may start no
other program and finds no browser on its PATH (charts need neither). The checks read the PDFs back with poppler (pdffonts,
pdfinfo, pdftotext); without poppler they are skipped, except in CI (CI set),
where a missing tool is a failure. The builds take minutes on a busy machine, so
the tests that read them are marked slow (`-m "not slow"` skips them).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, missing_tool
from site_helpers import pdf_text
from typer.testing import CliRunner

from generator.cli import app
from generator.labels import CHAPTER_TITLES
from generator.publish.print_document import render_print_html
from generator.validate import validate_plan

ROOT = EXAMPLE
HOSTILE = "<script>alert(1)</script>"
POPPLER = ("pdffonts", "pdfinfo", "pdftotext", "pdftohtml", "pdfimages")
# The public PDF's process: no browser on the PATH, and starting any program but
# ldconfig (ctypes looks up pango's library with it when WeasyPrint loads) is an error.
NO_PROCESSES = """
import os, subprocess

started = subprocess.Popen.__init__

def guarded(self, arguments, *rest, **options):
    program = arguments[0] if isinstance(arguments, (list, tuple)) else str(arguments).split()[0]
    if os.path.basename(str(program)) != "ldconfig":
        raise RuntimeError(f"PDF を作る途中で別のプログラムを起動しようとしました: {program}")
    started(self, arguments, *rest, **options)

def refuse(*arguments, **options):
    raise RuntimeError(f"PDF を作る途中で別のプロセスを起動しようとしました: {arguments[:1]}")

subprocess.Popen.__init__ = guarded
for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "execv", "execve", "execvp", "system"):
    setattr(os, name, refuse)
from generator.cli import main
main()
"""


def _require_tools() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        missing.append(f"weasyprint ({error})")
    if missing:
        missing_tool(
            f"PDF の確認に必要なものがありません: {', '.join(missing)}（apt-get install poppler-utils）"
        )


def _run(*arguments: str) -> str:
    return subprocess.run(arguments, check=True, capture_output=True, text=True).stdout


def _pdf_command(*arguments: str, processes: bool = True) -> list[str]:
    code = "from generator.cli import main; main()" if processes else NO_PROCESSES
    return [sys.executable, "-c", code, "pdf", *arguments]


@pytest.fixture(scope="module")
def pdfs(built_sites, secret_builds) -> dict[str, Path]:
    """The public and the internal edition of the PDF that `dataplan build` publishes."""
    _require_tools()
    return {
        "public": built_sites["public"].site_dir / "downloads" / "plan.pdf",
        "internal": secret_builds.site("internal") / "downloads" / "plan.pdf",
    }


def _text(path: Path) -> str:
    return pdf_text(path)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
def test_japanese_font_is_embedded_and_no_type3(pdfs):
    for path in pdfs.values():
        rows = _run("pdffonts", str(path)).splitlines()[2:]
        assert rows, "フォントがありません"
        assert not [row for row in rows if "Type 3" in row], rows
        noto = [row.split() for row in rows if "Noto-Sans-CJK-JP" in row]
        assert noto, rows
        # columns from the right: object ID (2), uni, sub, emb
        assert all(columns[-5] == "yes" for columns in noto), rows


JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")


@pytest.mark.slow
def test_every_japanese_glyph_comes_from_the_embedded_cjk_font(pdfs):
    """No fallback font: the PDF's fonts are the embedded Noto Sans CJK JP, or carry no Japanese."""
    rows = [row.split() for row in _run("pdffonts", str(pdfs["public"])).splitlines()[2:]]
    assert rows and all(columns[-5] == "yes" for columns in rows), rows  # every font embedded
    others = {columns[0] for columns in rows if "Noto-Sans-CJK-JP" not in columns[0]}
    if not others:
        return
    # Another font is used: read which font sets each run of text (the slow way).
    xml = _run("pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdfs["public"]))
    families = dict(re.findall(r'<fontspec id="(\d+)"[^>]* family="([^"]+)"', xml))
    runs = re.findall(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml)
    fallback = [
        (families[font], text)
        for font, text in runs
        if JAPANESE.search(text) and "Noto-Sans-CJK-JP" not in families[font]
    ]
    assert fallback == [], others


@pytest.mark.slow
def test_pdf_is_tagged_a4_with_title_and_mode_0644(pdfs):
    for path in pdfs.values():
        info = _run("pdfinfo", str(path))
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
        assert "(A4)" in info
        assert "青葉野市官民データ活用推進計画" in info
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.slow
def test_every_chapter_and_measure_is_printed(pdfs):
    text = _text(pdfs["public"])
    project = validate_plan(ROOT).project
    for title in CHAPTER_TITLES.values():
        assert _squeeze(title) in text, title
    for measure in project.measures:
        assert _squeeze(measure.name) in text, measure.name
    assert "2024年12月〜2029年度（令和6年12月〜令和11年度）" in text
    assert "2024年11月27日（令和6年11月27日）" in text
    assert "目次" in text and "改定履歴" in text


@pytest.mark.slow
def test_bookmarks_list_chapters_and_measures_only_down_to_the_measure(pdfs):
    # The outline comes whole with any page range; one page keeps the run short.
    xml = _run(
        "pdftohtml", "-xml", "-i", "-q", "-stdout", "-f", "1", "-l", "1", str(pdfs["public"])
    )
    bookmarks = re.findall(r"<item page=\"\d+\">([^<]*)</item>", xml.split("<outline>", 1)[1])
    for title in CHAPTER_TITLES.values():
        assert title in bookmarks
    for measure in validate_plan(ROOT).project.measures:
        # numbered as the plan numbers it (1-1-1 名称), else in order (（3）名称)
        title = f"{measure.number} {measure.name}" if measure.number else f"）{measure.name}"
        assert any(bookmark.endswith(title) for bookmark in bookmarks), title
    assert "概要" not in bookmarks and "スケジュール" not in bookmarks


@pytest.mark.slow
def test_contents_give_each_chapters_page(pdfs):
    contents = _run("pdftotext", "-layout", "-f", "2", "-l", "2", str(pdfs["public"]), "-")
    pages = [
        int(match[1])
        for title in CHAPTER_TITLES.values()
        if (match := re.search(re.escape(title) + r"\s+(\d+)\s*$", contents, re.MULTILINE))
    ]
    assert len(pages) == len(CHAPTER_TITLES), contents
    assert pages == sorted(pages) and pages[0] > 2, pages


@pytest.mark.slow
def test_kpi_charts_are_printed_as_vector_graphics_with_their_text(pdfs, built_sites):
    missing = [i.as_text() for i in built_sites["public"].source.left_out if "グラフ" in i.what]
    assert missing == []  # charts are drawn without a browser: nothing can be missing
    text = _text(pdfs["public"])
    charts = text.count("図:")
    assert charts >= 20
    assert _squeeze("図: 公開しているデータセットの数の実績と目標") in text
    # The chart's own words are text in the PDF (not pictures of text): its status,
    # legend and value axis, right after the caption and summary.
    assert _squeeze("判定：順調 実績 目標 基準値 値（件）") in text
    assert text.count("実績目標基準値") >= charts * 3 // 4
    # Drawn as vector graphics: the PDF holds no raster image at all.
    images = _run("pdfimages", "-list", str(pdfs["public"])).splitlines()[2:]
    assert images == []


def test_charts_for_print_start_no_process(monkeypatch, tmp_path):
    from generator.publish.pdf_charts import kpi_charts

    def refuse(*arguments, **options):
        raise AssertionError(f"a process was started: {arguments[:2]}")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setenv("PATH", str(tmp_path))
    charts = kpi_charts(validate_plan(ROOT).project)
    assert len(charts) >= 20
    for chart in charts.values():
        assert chart.svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns=')
        assert f'<title id="chart-title">{chart.caption}</title>' in chart.svg
        assert "<text " in chart.svg and "<image" not in chart.svg


@pytest.mark.slow
def test_only_the_internal_edition_says_it_is_internal(pdfs):
    """Which texts each edition holds is test_leaks.py's (hand-written secrets)."""
    assert "庁内限定" not in _text(pdfs["public"])
    assert "庁内限定版" in _text(pdfs["internal"])


def test_internal_html_marks_internal_texts_with_a_badge():
    project = validate_plan(ROOT).project
    html = render_print_html(project, internal=True)
    # the example marks 8 texts of the plan internal and fills internal fields 14 times (12
    # internal notes, the staff, a register entry); the cover says it once more
    assert html.count('class="badge-internal"') >= 23
    assert 'class="badge-internal"' not in render_print_html(project)


def test_labels_of_different_enums_with_the_same_value_stay_apart():
    html = render_print_html(validate_plan(ROOT).project)
    assert "青葉野商工会議所（その他）" in html  # a partner of type other, not an other plan
    assert "（その他の計画）" not in html


def test_a_hostile_measure_name_prints_as_text(base_copy, tmp_path):
    _require_tools()
    plan = base_copy
    measure = plan / "measures" / "m-1-01.yaml"
    text = measure.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^name: .*$", f'name: "{HOSTILE}"', text, count=1)
    measure.write_text(text, encoding="utf-8")

    html = render_print_html(validate_plan(plan).project)
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    output = tmp_path / "hostile.pdf"
    run = subprocess.run(
        _pdf_command(str(plan), "-o", str(output), processes=False),
        env={**os.environ, "PYTHONPATH": str(ROOT), "PATH": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"書き出しました: {output}（" in run.stdout and " ページ、" in run.stdout
    assert HOSTILE in _text(output)


def test_a_plan_with_errors_is_refused(base_copy, tmp_path):
    plan = base_copy
    (plan / "measures" / "m-1-01.yaml").write_text("id: m-1-01\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["pdf", str(plan), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "計画にエラーが" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_plan_classified_by_its_own_structure_prints_every_measure():
    """No measure of a plan without pillars is left out of chapter 6 (it follows the groups)."""
    from generator.publish.print_document import print_plan
    from generator.validate import validate_plan

    root = Path(__file__).parent / "fixtures" / "plans" / "own-structure"
    project = validate_plan(root).project
    printed = print_plan(project)
    assert sorted(m.id for m in printed.measures) == sorted(m.id for m in project.measures)
    assert printed.sections[0].title.startswith("基本目標1")


@pytest.mark.slow
def test_the_pdf_ends_with_the_latest_revisions_comparison(pdfs):
    text = _text(pdfs["public"])
    section = text[text.index("改定後改定前備考") :]  # the first table of the last section
    assert "新旧対照表（最新の改定）" in text
    assert "情報政策" in section and "デジタル推進" in section  # the renamed department
