"""Workbooks as they arrive: a zip bomb, malformed XML, hidden sheets and formulas without a
saved result each become a problem for that file, and the other files of the import still import.

Every hostile file is built by the test (the 1 GB zip bomb is assembled from one compressed
block repeated, so it costs about a second and 1 MB on disk).
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from kpi_plan_fixture import make_plan, run_dataplan
from openpyxl import Workbook

from generator.kpi.store import read_actuals
from generator.kpi.table_reader import MAX_UNPACKED

REPOSITORY = Path(__file__).resolve().parent.parent
SHEET = "xl/worksheets/sheet1.xml"
HANG = 120  # seconds: only bounds a hang (a refusal takes about a second)
LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %c "%s">' % (ord("b") + level, b"&%c;" % (ord("a") + level) * 10)
        for level in range(8)
    )
    + b"]>"
)


@pytest.fixture
def root(tmp_path):
    return make_plan(tmp_path / "city")


def workbook(path: Path, rows: list[list[object]], *, title: str = "実績") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in [["kpi_id", "quarter", "value", "note"], *rows]:
        sheet.append(row)
    book.save(path)
    return path


def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "good.csv"
    path.write_text("kpi_id,quarter,value\nk-1-01-2,2025Q1,120\n", encoding="utf-8")
    return path


def rewrite_part(path: Path, name: str, change) -> None:
    """Replace one part of an xlsx by change(old bytes)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def imported(root: Path) -> list[tuple[str, str, str]]:
    return [(row.kpi_id, row.quarter, row.value) for row in read_actuals(root)[0]]


# Zip bomb ---------------------------------------------------------------------------------------


def zip_bomb(path: Path, source: Path, unpacked: int = 1 << 30) -> Path:
    """`source` (a real xlsx) with its sheet XML padded by `unpacked` bytes of spaces (valid XML).

    Written by hand, because zipfile would take seconds to compress a gigabyte: the
    padding is one raw deflate block of 1 MB of spaces, ended by a full flush, repeated.
    """
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    chunk = b" " * (1 << 20)
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    padding = block.compress(chunk) + block.flush(zlib.Z_FULL_FLUSH)
    entries = []
    for name, data in parts.items():
        if name != SHEET:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            entries.append(
                (name, zlib.crc32(data), len(data), packer.compress(data) + packer.flush())
            )
            continue
        head, tail = data.split(b"<sheetData>", 1)
        head += b"<sheetData>"
        crc = zlib.crc32(head)
        for _ in range(unpacked // len(chunk)):
            crc = zlib.crc32(chunk, crc)
        crc = zlib.crc32(tail, crc)
        first = zlib.compressobj(9, zlib.DEFLATED, -15)
        last = zlib.compressobj(9, zlib.DEFLATED, -15)
        compressed = b"".join(
            [
                first.compress(head) + first.flush(zlib.Z_FULL_FLUSH),
                padding * (unpacked // len(chunk)),
                last.compress(tail) + last.flush(),
            ]
        )
        entries.append((name, crc, len(head) + unpacked + len(tail), compressed))
    with path.open("wb") as stream:
        directory = b""
        for name, crc, size, compressed in entries:
            offset = stream.tell()
            encoded = name.encode()
            fields = (20, 0, 8, 0, 0x21, crc, len(compressed), size, len(encoded))
            stream.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields, 0) + encoded)
            stream.write(compressed)
            directory += struct.pack(
                "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset
            )
            directory += encoded
        start = stream.tell()
        stream.write(directory)
        stream.write(
            struct.pack(
                "<4sHHHHIIH",
                b"PK\x05\x06",
                0,
                0,
                len(entries),
                len(entries),
                len(directory),
                start,
                0,
            )
        )
    return path


def test_a_zip_bomb_is_refused_under_a_1_gib_address_space(root, tmp_path):
    """Refused from the sizes in the zip directory, never unpacked (the timeout only bounds a
    hang; how long a refusal takes is measured in benchmarks/hostile_inputs.py)."""
    bomb = zip_bomb(
        tmp_path / "bomb.xlsx", workbook(tmp_path / "plain.xlsx", [["k-1-01-1", "2025Q1", 30]])
    )
    assert bomb.stat().st_size < 3 * 2**20
    with zipfile.ZipFile(bomb) as archive:
        assert sum(info.file_size for info in archive.infolist()) > 1 << 30
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
        "from generator.cli import main; sys.argv[0] = 'dataplan'; main()"
    )
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "DATAPLAN_TODAY": "2025-10-10"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "kpi",
            "import",
            str(bomb),
            str(good_csv(tmp_path)),
            "--path",
            str(root),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bomb.xlsx: エラー E-import-too-large" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert imported(root) == [("k-1-01-2", "2025Q1", "120")]  # the other file still imports


def test_unpacked_size_limit_applies_to_ordinary_parts_too(root, tmp_path, monkeypatch):
    """Many parts that compress well but sum past the limit: refused from the zip directory."""
    path = workbook(tmp_path / "big.xlsx", [["k-1-01-1", "2025Q1", 30]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for number in range(MAX_UNPACKED // (1 << 20) + 1):
            noise = os.urandom(1 << 19).hex().encode()  # 1 MB that compresses about 2:1
            archive.writestr(f"xl/media/image{number}.bin", noise)
    result = run_dataplan(monkeypatch, "kpi", "import", path, "--path", root)
    assert result.exit_code == 1
    assert (
        "big.xlsx: エラー E-import-too-large" in result.output
        and f"上限 {MAX_UNPACKED // 2**20} MB" in result.output
    )


# Malformed XML ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda xml: xml[: len(xml) // 2],  # cut in the middle
        lambda xml: xml.replace(b"<sheetData>", b'<sheetData><row r="x"><c r="??"', 1),
        lambda xml: xml.replace(b"<sheetData>", b"<sheetData>&undefined;", 1),
        lambda xml: xml.replace(b"?>", b"?>" + LAUGHS, 1).replace(b"<t>note</t>", b"<t>&i;</t>"),
    ],
    ids=["truncated", "broken-tag", "undefined-entity", "billion-laughs"],
)
def test_malformed_xml_is_a_problem_for_that_file_only(root, tmp_path, monkeypatch, damage):
    broken = workbook(tmp_path / "broken.xlsx", [["k-1-01-1", "2025Q1", 30]])
    rewrite_part(broken, SHEET, damage)
    result = run_dataplan(monkeypatch, "kpi", "import", broken, good_csv(tmp_path), "--path", root)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    assert (
        "broken.xlsx: エラー E-file-unreadable: ファイルを読めません（ブックの中身（XML）が壊れています。"
        in result.output
    )
    assert imported(root) == [("k-1-01-2", "2025Q1", "120")]


# Hidden sheets ----------------------------------------------------------------------------------


def test_hidden_and_very_hidden_sheets_are_skipped_with_a_warning(root, tmp_path, monkeypatch):
    book = Workbook()
    visible = book.active
    visible.title = "報告"
    for sheet, rows, state in (
        (visible, [["k-1-01-1", "2025Q1", 30]], "visible"),
        (book.create_sheet("旧様式"), [["k-1-01-2", "2025Q1", 999]], "hidden"),
        (book.create_sheet("裏"), [["k-4-01-1", "2025Q1", 5]], "veryHidden"),
    ):
        for row in [["kpi_id", "quarter", "value"], *rows]:
            sheet.append(row)
        sheet.sheet_state = state
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    result = run_dataplan(monkeypatch, "kpi", "import", path, "--path", root)
    assert result.exit_code == 0, result.output
    assert (
        "hidden.xlsx!旧様式: 警告 W-import-hidden-sheet: 非表示のシート「旧様式」は読みません。"
        in result.output
    )
    assert "hidden.xlsx!裏: 警告 W-import-hidden-sheet" in result.output
    assert imported(root) == [("k-1-01-1", "2025Q1", "30")]


def test_the_templates_own_hidden_sheet_gives_no_warning(root, tmp_path, monkeypatch):
    path = tmp_path / "kpi.xlsx"
    assert (
        run_dataplan(monkeypatch, "kpi", "template", "2025Q2", "-o", path, "--path", root).exit_code
        == 0
    )
    result = run_dataplan(monkeypatch, "kpi", "import", path, "--dry-run", "--path", root)
    assert result.exit_code == 0, result.output
    assert "W-import-hidden-sheet" not in result.output


# Formulas ---------------------------------------------------------------------------------------


def test_a_formula_without_a_saved_result_is_a_problem_at_its_cell(root, tmp_path, monkeypatch):
    path = workbook(
        tmp_path / "formula.xlsx",
        [
            ["k-1-01-1", "2025Q1", "=SUM(別表!B2:B13)"],  # openpyxl saves no result
            ["k-1-01-2", "2025Q1", "=40+2"],  # given a result below, as Excel would save it
            ["k-4-01-1", "2025Q1", 12],
        ],
    )
    rewrite_part(path, SHEET, lambda xml: xml.replace(b"<f>40+2</f><v />", b"<f>40+2</f><v>42</v>"))
    result = run_dataplan(monkeypatch, "kpi", "import", path, "--path", root)
    assert result.exit_code == 1
    assert (
        "formula.xlsx!実績!C2: エラー E-import-formula: セルが数式（=SUM(別表!B2:B13)）で、"
        "計算結果が保存されていません。" in result.output
    )
    assert sorted(imported(root)) == [("k-1-01-2", "2025Q1", "42"), ("k-4-01-1", "2025Q1", "12")]
