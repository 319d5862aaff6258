"""Nothing lost: kpi/ tables that cannot be read whole refuse every write, long fields are
located problems, added columns survive a rewrite, and Excel's CP932 look-alikes are no conflict.

Hostile files are made by each test; where a command is refused, kpi/ stays byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kpi_plan_fixture import make_plan, run_dataplan
from typer.testing import CliRunner

from generator.cli import app
from generator.file_access import MAX_TABLE_BYTES
from generator.kpi.normalise import same_text, windows_variant_fold
from generator.kpi.store import FIELD_LIMIT, TEXT_LIMIT, read_actuals, read_history

REPOSITORY = Path(__file__).resolve().parent.parent
HEADER = "kpi_id,quarter,value,note,recorded_by,recorded_at,source\n"
ACTUALS = HEADER + (
    "k-1-01-1,2025Q4,30,,総務課,2026-01-10,\n"
    "k-1-01-1,2026Q1,34,,総務課,2026-04-08,\n"
    "k-2-01-2,2026Q1,実施中,,健康福祉課,2026-04-09,\n"
)
HISTORY_HEADER = HEADER.rstrip("\n") + ",replaced_at,replaced_by\n"
HISTORY = HISTORY_HEADER + "k-1-01-1,2025Q4,28,一次集計,総務課,2026-01-05,,2026-01-10,総務課\n"


def run(*args: object):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of kpi/ but the lock and its .gitignore, byte for byte."""
    folder = root / "kpi"
    return {
        path.name: path.read_bytes() if path.is_file() else b"<dir>"
        for path in folder.iterdir()
        if path.name not in {".lock", ".gitignore"}
    }


@pytest.fixture
def plan(base_copy) -> Path:
    root = base_copy
    (root / "kpi").mkdir()
    (root / "kpi" / "actuals.csv").write_text(ACTUALS, encoding="utf-8")
    (root / "kpi" / "history.csv").write_text(HISTORY, encoding="utf-8")
    return root


# 7. A table that cannot be read whole refuses the write ------------------------------------------

HISTORY_FAULTS = {
    "cp932": (lambda path: path.write_bytes(HISTORY.encode("cp932")), "E-encoding", "2:"),
    "malformed-row": (
        lambda path: path.write_text(HISTORY + "k-1-01-1,2026Q1,1,a,b,c,d,e,f,g\n", "utf-8"),
        "E-csv-row",
        "3:10",
    ),
    "unreadable": (
        lambda path: (path.unlink(), path.mkdir()),  # root reads any file; a folder it cannot
        "E-file-not-regular",
        "",
    ),
    "open-quote": (
        lambda path: path.write_text(HISTORY + 'k-1-01-1,2026Q1,1,"never closed\n', "utf-8"),
        "E-csv-syntax",
        "3:1",
    ),
}


@pytest.mark.parametrize("fault", sorted(HISTORY_FAULTS))
def test_record_replace_refuses_when_history_cannot_be_read(plan, fault):
    damage, code, position = HISTORY_FAULTS[fault]
    damage(plan / "kpi" / "history.csv")
    before = snapshot(plan)
    result = run("kpi", "record", "k-1-01-1", "2026Q1", "35", "--replace", "--path", plan)
    assert result.exit_code == 1, result.output
    assert f"kpi/history.csv{':' + position if position else ''}" in result.output
    assert code in result.output and "記録しませんでした" in result.output
    assert "Traceback" not in result.output
    assert snapshot(plan) == before


@pytest.mark.parametrize("fault", sorted(HISTORY_FAULTS))
def test_import_replace_refuses_when_history_cannot_be_read(tmp_path, monkeypatch, fault):
    root = make_plan(tmp_path / "city")
    (root / "kpi").mkdir()
    (root / "kpi" / "actuals.csv").write_text(
        HEADER + "k-1-01-2,2025Q1,100,,digital,2025-07-01,\n", encoding="utf-8"
    )
    (root / "kpi" / "history.csv").write_text(HISTORY, encoding="utf-8")
    damage, code, position = HISTORY_FAULTS[fault]
    damage(root / "kpi" / "history.csv")
    incoming = tmp_path / "in.csv"
    incoming.write_text("kpi_id,quarter,value\nk-1-01-2,2025Q1,120\n", encoding="utf-8")
    before = snapshot(root)
    result = run_dataplan(monkeypatch, "kpi", "import", incoming, "--replace", "--path", root)
    assert result.exit_code == 1, result.output
    assert code in result.output and "kpi/history.csv" in result.output
    assert "Traceback" not in result.output
    assert snapshot(root) == before


def test_record_refuses_when_actuals_has_a_broken_quotation(plan):
    (plan / "kpi" / "actuals.csv").write_text(ACTUALS + 'k-1-01-1,2026Q2,"3"5,,,,\n', "utf-8")
    before = snapshot(plan)
    result = run("kpi", "record", "k-2-01-2", "2026Q2", "実施", "--path", plan)
    assert result.exit_code == 1
    assert "kpi/actuals.csv:5:1: エラー E-csv-syntax" in result.output
    assert snapshot(plan) == before


# 8. Long fields: a located problem, never exit 3 -------------------------------------------------


def test_a_field_over_the_csv_limit_is_a_located_problem_in_every_command(plan):
    long_note = "あ" * (FIELD_LIMIT + 10)
    (plan / "kpi" / "actuals.csv").write_text(
        ACTUALS + f'k-2-01-2,2026Q2,実施,"{long_note}",,,\n', encoding="utf-8"
    )
    before = snapshot(plan)
    for args in (
        ["validate", plan],
        ["kpi", "status", "--path", plan],
        ["report", "2026Q1", "--path", plan],
        ["kpi", "record", "k-1-01-1", "2026Q2", "40", "--path", plan],
    ):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "kpi/actuals.csv:5:1: エラー E-csv-field-too-long" in result.output, args
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(plan) == before


def test_record_refuses_a_note_longer_than_an_excel_cell(plan):
    before = snapshot(plan)
    note = "長" * (TEXT_LIMIT + 1)
    result = run("kpi", "record", "k-1-01-1", "2026Q2", "40", "--note", note, "--path", plan)
    assert result.exit_code == 1
    assert "E-text-too-long" in result.output and "32,768 文字" in result.output
    assert snapshot(plan) == before
    ok = run("kpi", "record", "k-1-01-1", "2026Q2", "40", "--note", note[:-1], "--path", plan)
    assert ok.exit_code == 0, ok.output
    assert run("validate", plan).exit_code == 0


def test_import_refuses_a_note_longer_than_an_excel_cell_at_its_cell(tmp_path, monkeypatch):
    root = make_plan(tmp_path / "city")
    incoming = tmp_path / "in.csv"
    note = "長" * (TEXT_LIMIT + 1)
    incoming.write_text(
        f"kpi_id,quarter,value,note\nk-1-01-2,2025Q1,100,{note}\nk-1-01-1,2025Q1,30,\n",
        encoding="utf-8",
    )
    result = run_dataplan(monkeypatch, "kpi", "import", incoming, "--path", root)
    assert result.exit_code == 1
    assert "in.csv:2:4: エラー E-text-too-long" in result.output
    assert [row.kpi_id for row in read_actuals(root)[0]] == ["k-1-01-1"]  # the good row is in
    assert run_dataplan(monkeypatch, "validate", root).exit_code == 0


# 9. Columns someone added are kept ---------------------------------------------------------------


def test_an_added_column_survives_record_and_replace(plan):
    (plan / "kpi" / "actuals.csv").write_text(
        ACTUALS.replace("source\n", "source,担当メモ\n", 1).replace(
            "k-1-01-1,2026Q1,34,,総務課,2026-04-08,\n",
            "k-1-01-1,2026Q1,34,,総務課,2026-04-08,,要確認\n",
        ),
        encoding="utf-8",
    )
    assert run("validate", plan).exit_code == 0
    result = run("kpi", "record", "k-2-01-2", "2026Q2", "実施", "--path", plan)
    assert result.exit_code == 0, result.output
    result = run("kpi", "record", "k-1-01-1", "2026Q1", "35", "--replace", "--path", plan)
    assert result.exit_code == 0, result.output
    text = (plan / "kpi" / "actuals.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER.strip() + ",担当メモ"
    assert "k-1-01-1,2026Q1,35,,,2026-11-24,dataplan kpi record,要確認" in text
    history = read_history(plan)[0]
    assert [dict(row.actual.extra) for row in history][-1] == {"担当メモ": "要確認"}
    assert run("validate", plan).exit_code == 0


def test_an_added_column_survives_import(tmp_path, monkeypatch):
    root = make_plan(tmp_path / "city")
    (root / "kpi").mkdir()
    (root / "kpi" / "actuals.csv").write_text(
        HEADER.rstrip("\n") + ",確認者\nk-1-01-2,2025Q1,100,,digital,2025-07-01,,山田\n",
        encoding="utf-8",
    )
    incoming = tmp_path / "in.csv"
    incoming.write_text(
        "kpi_id,quarter,value\nk-1-01-2,2025Q1,120\nk-1-01-1,2025Q1,30\n", encoding="utf-8"
    )
    result = run_dataplan(monkeypatch, "kpi", "import", incoming, "--replace", "--path", root)
    assert result.exit_code == 0, result.output
    rows = {row.kpi_id: dict(row.extra) for row in read_actuals(root)[0]}
    assert rows == {"k-1-01-1": {"確認者": ""}, "k-1-01-2": {"確認者": "山田"}}
    assert dict(read_history(root)[0][0].actual.extra) == {"確認者": "山田"}


# Issue 9 §4: what Excel on Windows does to 〜 and friends --------------------------------------


def test_windows_look_alikes_compare_equal():
    assert same_text("10〜11月", "10～11月")
    assert same_text("−3", "－3") and same_text("‖", "∥") and same_text("¢£¬", "￠￡￢")
    assert not same_text("10〜11月", "10〜12月")
    assert windows_variant_fold("〜") == windows_variant_fold("～")


@pytest.fixture
def example_city(example_copy) -> Path:
    return example_copy


def test_the_examples_actuals_saved_by_excel_as_cp932_import_as_a_no_op(
    example_city, tmp_path, monkeypatch
):
    actuals = example_city / "kpi" / "actuals.csv"
    text = actuals.read_text(encoding="utf-8")
    assert "〜" in text  # the example's notes have wave dashes (10〜11月)
    saved_by_excel = tmp_path / "actuals_excel.csv"
    saved_by_excel.write_bytes(text.replace("\n", "\r\n").encode("cp932"))
    assert "～" in saved_by_excel.read_bytes().decode("cp932")  # what Windows reads back
    before = snapshot(example_city)
    monkeypatch.setenv("DATAPLAN_TODAY", "2026-11-24")
    result = CliRunner().invoke(
        app, ["kpi", "import", str(saved_by_excel), "--replace", "--path", str(example_city)]
    )
    assert result.exit_code == 0, result.output
    assert "追加 0 件、置き換え 0 件" in result.output and "食い違い 0 件" in result.output
    assert snapshot(example_city) == before


def test_an_import_csv_with_a_field_over_the_limit_is_a_located_problem(tmp_path, monkeypatch):
    root = make_plan(tmp_path / "city")
    huge = tmp_path / "huge.csv"
    huge.write_text(
        f'kpi_id,quarter,value,note\nk-1-01-2,2025Q1,100,"{"x" * (FIELD_LIMIT + 1)}"\n',
        encoding="utf-8",
    )
    result = run_dataplan(monkeypatch, "kpi", "import", huge, good_csv(tmp_path), "--path", root)
    assert result.exit_code == 1
    assert "huge.csv:2:1: エラー E-csv-field-too-long" in result.output
    assert [row.kpi_id for row in read_actuals(root)[0]] == ["k-1-01-1"]


def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "good.csv"
    path.write_text("kpi_id,quarter,value\nk-1-01-1,2025Q1,30\n", encoding="utf-8")
    return path


# 11. A full disk between the two writes, and a journal not written by dataplan -------------------


def test_a_full_disk_while_writing_the_second_table_changes_neither(plan, monkeypatch):
    from generator.kpi import transaction

    before = snapshot(plan)
    real = transaction.write_temporary
    calls = []

    def full_disk(path, data):
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(transaction, "write_temporary", full_disk)
    result = run("kpi", "record", "k-1-01-1", "2026Q1", "35", "--replace", "--path", plan)
    assert result.exit_code == 1
    assert "元のファイルは変わっていません" in result.output
    assert calls == ["actuals.csv", "history.csv"]
    assert snapshot(plan) == before  # no temporary left either


def test_a_journal_naming_other_files_is_refused_and_touches_nothing(plan):
    outside = plan / "plan" / "plan.yaml"
    original = outside.read_bytes()
    (plan / "kpi" / ".journal").write_text(
        '{"renames": [["../plan/plan.yaml", "actuals.csv"]]}', encoding="utf-8"
    )
    before = snapshot(plan)
    result = run("kpi", "record", "k-1-01-1", "2026Q2", "40", "--path", plan)
    assert result.exit_code == 1
    assert "kpi/.journal: エラー E-kpi-journal" in result.output
    assert snapshot(plan) == before and outside.read_bytes() == original


# 10. Another writer holding kpi/ ----------------------------------------------------------------


def test_a_writer_that_keeps_the_lock_gives_a_clear_problem(plan, monkeypatch, tmp_path):
    import fcntl
    import os

    from generator.kpi import transaction

    monkeypatch.setattr(transaction, "LOCK_WAIT_SECONDS", 0.3)
    run("kpi", "record", "k-2-01-2", "2026Q2", "実施", "--path", plan)  # creates kpi/.lock
    before = snapshot(plan)
    handle = os.open(plan / "kpi" / ".lock", os.O_RDWR)
    fcntl.flock(handle, fcntl.LOCK_EX)  # another writer, as far as the command can tell
    try:
        result = run("kpi", "record", "k-1-01-1", "2026Q2", "40", "--path", plan)
        incoming = tmp_path / "in.csv"
        incoming.write_text("kpi_id,quarter,value\nk-1-01-1,2026Q2,40\n", encoding="utf-8")
        imported = run("kpi", "import", incoming, "--path", plan)
    finally:
        os.close(handle)
    for outcome in (result, imported):
        assert outcome.exit_code == 1, outcome.output
        assert "kpi/actuals.csv: エラー E-kpi-busy" in outcome.output
    assert snapshot(plan) == before
    assert run("kpi", "record", "k-1-01-1", "2026Q2", "40", "--path", plan).exit_code == 0


def test_record_of_the_same_note_in_windows_characters_changes_nothing(plan):
    assert (
        run(
            "kpi", "record", "k-1-01-1", "2026Q2", "40", "--note", "7〜9月の集計", "--path", plan
        ).exit_code
        == 0
    )
    before = snapshot(plan)
    result = run(
        "kpi", "record", "k-1-01-1", "2026Q2", "40", "--note", "7～9月の集計", "--path", plan
    )
    assert result.exit_code == 0, result.output
    assert "変更はありません" in result.output
    assert snapshot(plan) == before  # the stored 〜 is not rewritten


def test_the_next_writer_removes_every_kind_of_temporary_a_crash_leaves(plan):
    stale = [
        ".actuals.csv.k3j2_x9.tmp",
        ".history.csv.abc123.tmp",
        "..journal.q1w2e3.tmp",
        "..gitignore.zz9.tmp",
    ]
    for name in stale:
        (plan / "kpi" / name).write_text("half", encoding="utf-8")
    (plan / "kpi" / ".notes.keep.tmp").write_text("someone else's", encoding="utf-8")
    assert run("kpi", "record", "k-1-01-1", "2026Q2", "40", "--path", plan).exit_code == 0
    left = sorted(path.name for path in (plan / "kpi").iterdir())
    assert not set(stale) & set(left)
    assert ".notes.keep.tmp" in left  # not a file of dataplan's: left alone
    assert (plan / "kpi" / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == [
        ".lock",
        ".journal",
        ".*.tmp",
    ]


# Files that never end: a link to /dev/zero, a FIFO -----------------------------------------------


HANG = 120  # seconds: only bounds a hang (each refusal here takes well under a second)


def _in_child(*args: object) -> int | None:
    """Run the CLI in a forked child, so that a hang fails the test instead of stopping it."""
    import os

    return _forked(lambda: os._exit(run(*args).exit_code))


def _forked(child) -> int | None:
    """The exit code of `child()` run in a forked process; None when it hangs (killed)."""
    import multiprocessing

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(HANG)
    if process.exitcode is None:
        process.kill()
        process.join()
    return process.exitcode


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder", "sparse-huge"])
def test_the_store_refuses_a_table_that_never_ends(plan, kind):
    """read_tables (record and import read kpi/ through it) refuses at once.

    `validate` reads the header of actuals.csv once more (generator/validate/kpi_records.py,
    csv_columns), which still reads the whole file: that belongs to the YAML/file-reading work.
    """
    import json
    import os

    from generator.kpi.store import read_tables

    actuals = plan / "kpi" / "actuals.csv"
    actuals.unlink()
    if kind == "dev-zero":
        actuals.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(actuals)
    elif kind == "folder":
        actuals.mkdir()
    else:
        with actuals.open("wb") as stream:
            stream.truncate(MAX_TABLE_BYTES + 2**20)  # sparse: no disk used
    found = plan / "found.json"

    def child() -> None:
        problems = read_tables(plan).problems
        found.write_text(json.dumps([(p.file, p.code) for p in problems]), encoding="utf-8")
        os._exit(0)

    assert _forked(child) == 0, "read_tables did not return"
    expected = {
        "dev-zero": "E-file-outside-plan",  # the link leads out of the plan folder
        "fifo": "E-file-not-regular",
        "folder": "E-file-not-regular",
        "sparse-huge": "E-file-too-large",
    }[kind]
    assert json.loads(found.read_text(encoding="utf-8")) == [["kpi/actuals.csv", expected]]


def test_import_refuses_files_that_never_end(tmp_path, monkeypatch):
    import os

    root = make_plan(tmp_path / "city")
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    (tmp_path / "zero.xlsx").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.csv")
    monkeypatch.setenv("DATAPLAN_TODAY", "2025-10-10")
    files = [tmp_path / name for name in ("zero.csv", "zero.xlsx", "pipe.csv")]
    assert _in_child("kpi", "import", *files, good_csv(tmp_path), "--path", root) == 1
    result = run("kpi", "import", *files[1:], "--dry-run", "--path", root)
    assert "zero.xlsx: エラー E-file-not-regular" in result.output
    assert "pipe.csv: エラー E-file-not-regular" in result.output
    assert [row.kpi_id for row in read_actuals(root)[0]] == ["k-1-01-1"]
