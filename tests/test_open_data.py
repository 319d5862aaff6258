"""Open data (F17): CSV with BOM and JSON of the example plan, a valid data package, no leaks."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from secret_plan import secrets, write_secret_plan

from generator.kpi.status import default_period, evaluate_project
from generator.kpi.store import ACTUALS_FILE, read_actuals, write_actuals
from generator.publish.open_data import csv_bytes, json_bytes, write_open_data
from generator.publish.open_data_tables import Column, Table
from generator.spreadsheet_safety import spreadsheet_text
from generator.validate import validate_plan

ROOT = Path(__file__).resolve().parents[1]
TABLES = ["plan", "measures", "kpis", "targets", "actuals", "statuses", "grades"]
TYPES = {"string", "number", "integer", "date", "boolean"}
HYPERLINK = '=HYPERLINK("http://x")'


def publish(root: Path, dest: Path, *, internal: bool = False):
    result = validate_plan(root)
    assert result.project is not None, result.report
    project = result.project
    evaluations = evaluate_project(
        project, project.actuals, default_period(project.actuals).quarter
    )
    files = write_open_data(project, evaluations, dest, internal=internal)
    return result.project, files


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    dest = tmp_path_factory.mktemp("open_data")
    project, files = publish(ROOT, dest)
    return project, files, dest


@pytest.fixture
def hostile(example_copy, tmp_path):
    """The example plan with a measure name, a note and an actual's note that look like formulas."""
    root = example_copy
    measure = root / "measures" / "m-2-01.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(
        text.replace(
            "name: オープンデータの公開の拡大と質の向上", f"name: '{HYPERLINK}'", 1
        ).replace("- 令和7年6月の改定で追加した KPI です。", '- "+1"', 1),
        encoding="utf-8",
    )
    notes = root / "measures" / "m-1-04.yaml"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(re.sub(r"^notes:\n  - .*$", 'notes:\n  - "-3件"', text, count=1, flags=re.M))
    rows, _ = read_actuals(root)
    rows[0] = type(rows[0])(**{**rows[0].as_record(), "note": "@SUM(A1)"})
    write_actuals(root, rows)
    assert (root / ACTUALS_FILE).exists()
    dest = tmp_path / "out"
    publish(root, dest)
    return dest


def read_csv(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def descriptor(dest: Path) -> dict:
    return json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))


def test_every_table_is_written_as_csv_and_json(example):
    _, files, dest = example
    names = [file.name for file in files]
    assert names == [f"{t}.{e}" for t in TABLES for e in ("csv", "json")] + ["datapackage.json"]
    for file in files:
        assert file.path == dest / file.name
        assert file.size == file.path.stat().st_size
        assert file.path.stat().st_mode & 0o777 == 0o644
        assert re.fullmatch(r"（(CSV|JSON)形式、\d+(KB|\.\dMB)）", file.format_and_size)
        assert file.title and file.description
    assert not list(dest.glob(".*"))  # no temporary files left


def test_csv_is_utf8_with_bom(example):
    _, _, dest = example
    for table in TABLES:
        data = (dest / f"{table}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" in data
    assert "青葉野市" in (dest / "plan.csv").read_bytes().decode("utf-8-sig")


def test_datapackage_describes_every_file(example):
    project, _, dest = example
    package = descriptor(dest)
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"])
    assert package["title"] == project.meta.title
    assert package["licenses"] == [
        {
            "title": "CC BY 4.0",
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/deed.ja",
        }
    ]
    names = [resource["name"] for resource in package["resources"]]
    assert len(names) == len(set(names)) == 2 * len(TABLES)
    for resource in package["resources"]:
        data = (dest / resource["path"]).read_bytes()
        if resource["format"] == "csv":
            assert resource["bytes"] == len(data)
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["encoding"] == "utf-8"
        assert (resource["format"], resource["mediatype"]) in {
            ("csv", "text/csv"),
            ("json", "application/json"),
        }
        fields = resource["schema"]["fields"]
        assert all(field["type"] in TYPES for field in fields)
        assert all(re.search(r"[^\x00-\x7f]", field["title"]) for field in fields)
        names = [field["name"] for field in fields]
        if resource["format"] == "csv":
            assert read_csv(dest / resource["path"])[0] == names
        else:
            rows = json.loads(data)
            assert rows and all(list(row) == names for row in rows)
        for key in resource["schema"].get("primaryKey", []):
            assert key in names
        for foreign in resource["schema"].get("foreignKeys", []):
            target = next(
                other
                for other in package["resources"]
                if other["name"] == foreign["reference"]["resource"]
            )
            assert [foreign["reference"]["fields"]] == target["schema"]["primaryKey"]


def test_numbers_stay_numbers(example):
    _, _, dest = example
    package = descriptor(dest)
    checked = 0
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        numeric = [i for i, f in enumerate(fields) if f["type"] in ("number", "integer")]
        if resource["format"] == "csv":
            for row in read_csv(dest / resource["path"])[1:]:
                for index in numeric:
                    if row[index]:
                        float(row[index])  # a plain number, no apostrophe, no separators
                        checked += 1
        else:
            for row in json.loads((dest / resource["path"]).read_bytes()):
                for index in numeric:
                    value = row[fields[index]["name"]]
                    assert value is None or isinstance(value, int | float)
    assert checked > 500


def test_negative_numbers_stay_numbers_and_negative_text_does_not():
    table = Table(
        "t",
        "表",
        "説明",
        (Column("value", "number", "値"), Column("note", "string", "補足")),
        [{"value": -3.0, "note": "-3件"}, {"value": 1234.5, "note": None}],
    )
    assert csv_bytes(table).decode("utf-8-sig").splitlines() == [
        "value,note",
        "-3,'-3件",
        "1234.5,",
    ]
    assert json.loads(json_bytes(table)) == [
        {"value": -3, "note": "-3件"},
        {"value": 1234.5, "note": None},
    ]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1", "'+1"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("＝1", "'＝1"),
        ("オンライン申請", "オンライン申請"),
        ("A=B", "A=B"),
        ("", ""),
    ],
)
def test_spreadsheet_text(text, safe):
    assert spreadsheet_text(text) == safe


def test_formula_cells_are_neutralised(hostile):
    measures = read_csv(hostile / "measures.csv")
    header = measures[0]
    row = next(r for r in measures if r[0] == "m-2-01")
    assert row[header.index("name")] == "'" + HYPERLINK
    note_rows = read_csv(hostile / "kpis.csv")
    assert "'+1" in {r[note_rows[0].index("notes")] for r in note_rows}
    assert "'-3件" in {r[header.index("notes")] for r in measures}
    actuals = read_csv(hostile / "actuals.csv")
    assert "'@SUM(A1)" in {r[actuals[0].index("note")] for r in actuals}
    # No cell of any CSV starts a formula.
    for path in hostile.glob("*.csv"):
        for cells in read_csv(path)[1:]:
            for cell in cells:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)
                if cell.startswith("-"):
                    float(cell)  # only numbers may start with a minus
    # JSON keeps the text as typed.
    json_measures = json.loads((hostile / "measures.json").read_bytes())
    assert HYPERLINK in {m["name"] for m in json_measures}


# What the internal edition is documented to carry (at least): the plan's summary and staff,
# a measure's summary, background, content, notes and internal notes, a KPI's text target,
# measurement and notes.
INTERNAL_OPEN_DATA = {
    "秘01",
    "秘02",
    "秘30",
    "秘32",
    "秘34",
    "秘36",
    "秘37",
    "秘42",
    "秘43",
    "秘44",
}


def test_public_files_hold_no_secret_and_the_internal_edition_its_own(tmp_path):
    """The hand-written secrets of tests/fixtures/secrets.yaml (see test_leaks.py)."""
    plan = write_secret_plan(tmp_path / "plan")
    written = {}
    for internal in (False, True):
        _, files = publish(plan, tmp_path / f"out-{internal}", internal=internal)
        text = b"".join(file.path.read_bytes() for file in files).decode("utf-8-sig")
        written[internal] = {s.token for s in secrets() if s.token in text}
    assert written[False] == set()
    assert written[True] >= INTERNAL_OPEN_DATA
    assert "contact_staff" not in (tmp_path / "out-False" / "plan.csv").read_text("utf-8-sig")


def test_json_round_trips_and_matches_the_csv(example):
    _, _, dest = example
    for resource in descriptor(dest)["resources"]:
        if resource["format"] != "json":
            continue
        data = (dest / resource["path"]).read_bytes()
        rows = json.loads(data)
        assert json.loads(json.dumps(rows, ensure_ascii=False)) == rows
        fields = resource["schema"]["fields"]
        csv_rows = read_csv(dest / resource["path"].replace(".json", ".csv"))[1:]
        assert len(csv_rows) == len(rows)
        for row, cells in zip(rows, csv_rows, strict=True):
            for field, cell in zip(fields, cells, strict=True):
                value = row[field["name"]]
                if value is None:
                    assert cell == ""
                elif field["type"] == "string":
                    assert cell == spreadsheet_text(value)
                elif field["type"] == "number":
                    assert float(cell) == value
                elif field["type"] == "boolean":
                    assert cell == ("true" if value else "false") and isinstance(value, bool)
                else:
                    assert cell == str(value)


def test_the_plan_says_it_is_fictional(example):
    _, _, dest = example
    [plan] = json.loads((dest / "plan.json").read_bytes())
    assert plan["fictional"] is True and plan["lg_code"] == "222909"


def test_measures_list_their_catalogue_entries(example):
    _, _, dest = example
    rows = {row["measure_id"]: row for row in json.loads((dest / "measures.json").read_bytes())}
    assert rows["m-1-01"]["catalogue_entries"] == "dx-2.3/3.1(1)"
    assert rows["m-2-01"]["catalogue_entries"] is None
