"""Hostile text in names, descriptions, notes and data cells shows as the text it is.

A copy of the example city with a measure named `<script>alert(1)</script>`, texts
holding `](javascript:alert(1))`, `|`, `{{ x }}` and an `<img onerror>`, a group
name with markup, and an actual whose note starts with `=`: the built site has no
live script, link or handler from them, and the CSV cell cannot run as a formula.
"""

from __future__ import annotations

import csv
import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLE, copy_plan
from ruamel.yaml import YAML
from site_helpers import build_example, page_text

ROOT = Path(__file__).resolve().parents[1]
NAME = "<script>alert(1)</script>"
CONTENT = "説明](javascript:alert(1)) と | 縦棒 と {{ x }} と <img src=x onerror=alert(2)>"
NOTE = "[リンク](javascript:alert(3)) **強調** {% raw %}"
GROUP = "<b onmouseover=alert(4)>体系</b>"
FORMULA = '=HYPERLINK("http://evil.example","x")'


def _edit_yaml(path: Path, change) -> None:
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_plan(EXAMPLE, tmp_path_factory.mktemp("hostile"))

    def measure(data):
        data["name"] = NAME
        data["content"] = CONTENT
        data["notes"] = [NOTE]
        data["kpis"][0]["name"] = NAME + " 件数|"

    def plan(data):
        data["groups"][1]["name"] = GROUP

    def notes(data):
        data["measures"]["m-1-01"]["evaluation"] = CONTENT

    _edit_yaml(root / "measures" / "m-1-01.yaml", measure)
    _edit_yaml(root / "plan" / "plan.yaml", plan)
    _edit_yaml(root / "kpi" / "notes" / "2026Q2.yaml", notes)
    actuals = root / "kpi" / "actuals.csv"
    rows = list(csv.DictReader(actuals.open(encoding="utf-8")))
    rows[0]["note"] = FORMULA
    with actuals.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return build_example(
        root, tmp_path_factory.mktemp("hostile-out"), internal=False, complete=False
    )


class _Live(HTMLParser):
    """Collects what a browser would run or follow: script bodies, URLs, handlers, tags."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.urls: list[str] = []
        self.handlers: list[str] = []
        self.tags: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action") and value:
                self.urls.append(value)

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script:
            self.scripts.append(data)


def test_no_live_script_link_or_handler_from_user_text(hostile_site):
    pages = list(hostile_site.site_dir.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        live = _Live()
        live.feed(path.read_text(encoding="utf-8"))
        assert not any("alert(" in script for script in live.scripts), path
        assert not any(url.strip().lower().startswith("javascript:") for url in live.urls), path
        assert live.handlers == [], path
        assert "b" not in live.tags or "onmouseover" not in path.read_text(encoding="utf-8")


def test_hostile_text_reads_as_written(hostile_site):
    measure = html.unescape(page_text(hostile_site, "measures/m-1-01.html"))
    assert NAME in measure
    assert "{{ x }}" in measure and "| 縦棒" in measure
    assert "](javascript:alert(1))" in measure
    assert NOTE in measure
    nav = html.unescape(page_text(hostile_site, "index.html"))
    assert "onmouseover=alert(4)" in nav  # shown as text in the navigation, not an attribute


def test_csv_cells_cannot_run_as_formulas(hostile_site):
    rows = list(
        csv.reader((hostile_site.site_dir / "data/kpi/k-1-01-1.csv").open(encoding="utf-8-sig"))
    )
    notes = [row[6] for row in rows[1:]]
    assert "'" + FORMULA in notes
    assert not any(note.startswith(("=", "+", "@")) for note in notes)


def test_the_chart_to_download_reads_as_written_and_runs_nothing(hostile_site):
    import xml.etree.ElementTree as ET

    svg = (hostile_site.site_dir / "charts" / "k-1-01-1.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg.split("\n", 1)[1])  # after the XML declaration
    namespace = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{namespace}title").text == NAME + " 件数|の実績と目標"
    assert "".join(root.find(f"{namespace}text").itertext()) == NAME + " 件数|"
    assert all(
        not element.tag.endswith(("script", "a", "foreignObject")) for element in root.iter()
    )
    assert not any(name.startswith("on") for element in root.iter() for name in element.attrib)
