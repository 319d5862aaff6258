"""The one escaping environment: user text stays text in HTML and in Markdown."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
from hypothesis import given
from hypothesis import strategies as st

from generator.project import Audience
from generator.quarters import ReviewPeriod
from generator.report import build_report
from generator.report_render import render_markdown
from generator.templating import environment, paragraphs, table_cell, text_safe
from generator.validate import validate_plan
from generator.visibility import plan_view

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = [
    "<script>alert(1)</script>",
    "[詳細](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "# 見出しではない",
    "a | b",
    "{{ 7*7 }}",
    "**太字ではない**",
    "1. 番号付きではない",
    "- 箇条書きではない",
    "> 引用ではない",
    "`code`",
]


def rendered_text(source: str) -> str:
    """What a reader sees when Markdown is rendered to HTML: the text without tags."""
    out = markdown.markdown(source, extensions=["tables"])
    return html.unescape(re.sub(r"<[^>]+>", "", out))


def test_hostile_text_is_shown_verbatim_and_never_as_markup():
    for text in HOSTILE:
        source = str(text_safe(text))
        out = markdown.markdown(source, extensions=["tables"])
        assert "<script" not in out and "<img" not in out and "href" not in out
        assert not re.search(r"<(h\d|ol|ul|li|blockquote|strong|code)\b", out), (text, out)
        assert rendered_text(source).strip() == text


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=60))
def test_any_line_of_text_survives_markdown_and_html(text):
    shown = rendered_text(str(text_safe(text)))
    assert shown.split() == text.split()


def test_table_cell_keeps_the_row_whole():
    source = "| a | b |\n|---|---|\n| " + table_cell("x | y\n2行目") + " | z |\n"
    out = markdown.markdown(source, extensions=["tables"])
    assert out.count("<td>") == 2 and "x | y" in html.unescape(out)


def test_paragraphs_keep_blank_line_separated_blocks():
    out = markdown.markdown(str(paragraphs("一つ目。\n\n# 二つ目。")))
    assert out.count("<p>") == 2 and "<h1>" not in out


def test_every_printed_value_is_escaped_in_templates():
    template = environment().from_string("{{ value }}")
    assert template.render(value="<b>") == "&lt;b&gt;"


def test_report_markdown_escapes_a_hostile_measure_name(example_copy):
    root = example_copy
    measure = root / "measures" / "m-1-01.yaml"
    text = measure.read_text(encoding="utf-8")
    name = re.search(r"^name: (.*)$", text, re.MULTILINE)[1]
    measure.write_text(
        text.replace(f"name: {name}", "name: '<script>alert(1)</script>[x](javascript:y)'", 1),
        encoding="utf-8",
    )
    project = validate_plan(root).project
    report = render_markdown(
        build_report(plan_view(project, Audience.PUBLIC), ReviewPeriod(2026, 2))
    )
    assert "<script>" not in report and "](javascript:" not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report


def test_a_file_size_reads_the_same_on_every_page():
    from generator.labels import file_size_label

    assert [file_size_label(n) for n in (0, 1, 1024, 1025, 1024 * 1024, 1024 * 1024 + 1)] == [
        "1KB",
        "1KB",
        "1KB",
        "2KB",
        "1.0MB",
        "1.0MB",
    ]
