"""Titles break lines between phrases (BudouX), never inside a word or the city's name."""

from __future__ import annotations

from conftest import TEST_TODAY
from markupsafe import Markup

from generator.line_breaks import phrase_html, phrase_html_print, phrases
from generator.publish.mkdocs_builder import mkdocs_nav
from generator.templating import render

TITLE = "第2期青葉野市官民データ活用推進計画（青葉野市DX推進計画）"


def test_the_city_is_kept_whole_and_no_bracket_ends_a_phrase():
    pieces = phrases(TITLE, ["青葉野市"])
    assert "".join(pieces) == TITLE
    assert "青葉野市" in pieces and "（青葉野市" in pieces
    assert not any(piece.endswith("（") or piece.startswith("）") for piece in pieces)
    assert phrases("トップ") == ["トップ"]
    assert phrases("") == []


def test_markup_for_the_site_and_for_print_is_escaped():
    html = phrase_html("<b>&青葉野市の計画</b>", ["青葉野市"])
    assert html.startswith('<span class="phrases">') and "<wbr>" in html
    assert "<b>" not in html and "&lt;b&gt;&amp;" in html
    printed = phrase_html_print(TITLE, ["青葉野市"])
    assert printed.count('<span class="phrase">') == len(phrases(TITLE, ["青葉野市"]))
    assert isinstance(printed, Markup)


def test_a_heading_is_escaped_for_markdown_too():
    class Meta:
        municipality = "青葉野市"

    text = render("site/contact.md.j2", **_contact_context("*強調*と[リンク](x)", Meta()))
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    assert "<wbr>" in heading or "phrases" in heading
    assert "*強調*" not in heading and "[リンク](x)" not in heading


def _contact_context(title: str, meta: object) -> dict:
    from generator.site import formatting
    from generator.site.links import Links

    return {
        "front_matter": Markup(""),
        "title": title,
        "meta": meta,
        "h": formatting,
        "links": Links("contact.md"),
        "contact": None,
        "departments": [],
        "internal": False,
        "today": TEST_TODAY,
    }


def test_navigation_titles_carry_phrases_and_stay_escaped():
    from generator.site.structure import Page, SiteStructure

    page = Page(path="index.md", title="トップ<script>", kind="top")
    nav = mkdocs_nav(SiteStructure(pages=[page], nav=[page]), ["青葉野市"])
    [(title, path)] = nav[0].items()
    assert path == "index.md"
    assert title.startswith('<span class="phrases">') and "&lt;script&gt;" in title
