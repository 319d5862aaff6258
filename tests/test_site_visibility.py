"""F16 on the example city's sites: the internal site says on every page that it is internal
and marks internal texts; the public site has neither mark nor warning.

Whether any internal text reaches a public file is test_leaks.py's: it searches the
builds of a plan with hand-written secrets, never a list made by the code under test.
"""

from __future__ import annotations

from site_helpers import every_file_text

BADGE = '<span class="badge-internal">庁内限定</span>'
WARNING = "庁外に公開しないでください"


def test_public_site_has_no_internal_mark_or_warning(built_sites):
    files = every_file_text(built_sites["public"].site_dir)
    assert len(files) > 100
    assert [str(path) for path, text in files.items() if 'badge-internal">' in text] == []
    assert [str(path) for path, text in files.items() if WARNING in text] == []


def test_internal_site_warns_on_every_page_and_marks_internal_texts(built_sites):
    site_dir = built_sites["internal"].site_dir
    pages = {
        path: text
        for path, text in every_file_text(site_dir).items()
        if path.suffix == ".html" and "downloads" not in path.relative_to(site_dir).parts
    }
    assert len(pages) > 50
    assert [str(path) for path, text in pages.items() if WARNING not in text] == []
    # the example's internal texts and fields where the site shows them: the staff (contact),
    # two chapters, 15 measure pages (their texts, notes, worksheet, PDCA notes), a report
    assert sum(text.count(BADGE) for text in pages.values()) >= 30
    printed = (site_dir / "downloads" / "plan-print.html").read_text(encoding="utf-8")
    assert "庁内限定版" in printed
