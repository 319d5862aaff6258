"""F16: nothing internal reaches any file of the public site; the internal site shows it all.

The markers are every text of the example city that only the internal view has
(texts marked `visibility: internal` and fields internal by default, such as
staff contacts, internal notes and register entries), line by line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TEST_TODAY
from site_helpers import every_file_text

from generator.validate import validate_plan
from generator.visibility import internal_data, public_data

ROOT = Path(__file__).resolve().parents[1]


def _leaves(value) -> set[str]:
    if isinstance(value, str):
        return {line.strip() for line in value.splitlines() if line.strip()}
    if isinstance(value, dict):
        return set().union(*(_leaves(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_leaves(item) for item in value))
    return set()


@pytest.fixture(scope="module")
def internal_markers() -> list[str]:
    project = validate_plan(ROOT, today=TEST_TODAY).project
    parts = [
        project.meta,
        *(chapter for _, chapter in project.chapters.present()),
        *project.measures,
        *project.notes.values(),
    ]
    internal = set().union(*(_leaves(internal_data(part)) for part in parts))
    public = set().union(*(_leaves(public_data(part)) for part in parts))
    public_text = "\n".join(public)
    markers = sorted(
        text for text in internal - public if len(text) >= 8 and text not in public_text
    )
    assert len(markers) >= 20, markers  # the example has internal texts of every kind
    return markers


def test_public_site_has_no_internal_text_in_any_file(built_sites, internal_markers):
    files = every_file_text(built_sites["public"].site_dir)
    leaked = [
        (str(path), marker)
        for path, text in files.items()
        for marker in internal_markers
        if marker in text
    ]
    assert leaked == []
    assert not any('badge-internal">' in text for text in files.values())
    assert not any("庁外に公開しないでください" in text for text in files.values())


def test_internal_site_shows_every_internal_text_with_a_badge(built_sites, internal_markers):
    pages = [
        text
        for path, text in every_file_text(built_sites["internal"].site_dir).items()
        if path.suffix == ".html"
    ]
    missing = [marker for marker in internal_markers if not any(marker in p for p in pages)]
    assert missing == []
    assert sum('<span class="badge-internal">庁内限定</span>' in p for p in pages) >= 10
    site_pages = [
        text
        for path, text in every_file_text(built_sites["internal"].site_dir).items()
        if path.suffix == ".html" and "downloads" not in path.parts
    ]
    assert all("庁外に公開しないでください" in p for p in site_pages if "</html>" in p)
    printed = (built_sites["internal"].site_dir / "downloads" / "plan-print.html").read_text(
        encoding="utf-8"
    )
    assert "庁内限定版" in printed
