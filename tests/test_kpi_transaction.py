"""One writer at a time, and both tables changed together (generator/kpi/transaction.py),
step by step: the lock, the journal, its completion and what a crash leaves behind.

tests/test_kpi_concurrency.py kills real writers and runs two at once; here each
piece is called directly on a kpi/ folder laid out by hand.
"""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.kpi import transaction
from generator.kpi.transaction import (
    GITIGNORE,
    IncompleteCommit,
    JournalError,
    KpiBusy,
    commit,
    journal_pending,
    kpi_lock,
    recover,
    settle,
)

OLD = {"actuals.csv": b"kpi_id\nold\n", "history.csv": b"kpi_id\n"}
NEW = {"actuals.csv": b"kpi_id\nnew\n", "history.csv": b"kpi_id\nreplaced\n"}
HANG = 120  # seconds: only bounds a hang


@pytest.fixture
def root(tmp_path) -> Path:
    kpi = tmp_path / "kpi"
    kpi.mkdir()
    for name, data in OLD.items():
        (kpi / name).write_bytes(data)
    return tmp_path


def tables(root: Path) -> dict[str, bytes]:
    return {name: (root / "kpi" / name).read_bytes() for name in OLD}


def entries(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "kpi").iterdir())


def crashed_after_the_journal(root: Path) -> None:
    """kpi/ as a writer killed just after its commit point leaves it."""
    folder = root / "kpi"
    renames = []
    for name, data in NEW.items():
        temporary = f".{name}.crash1.tmp"
        (folder / temporary).write_bytes(data)
        renames.append([temporary, name])
    (folder / ".journal").write_text(json.dumps({"renames": renames}), encoding="utf-8")


def test_commit_replaces_both_tables_and_leaves_no_journal_or_temporary(root):
    with kpi_lock(root):
        commit(root, NEW)
    assert tables(root) == NEW
    assert entries(root) == [".gitignore", ".lock", "actuals.csv", "history.csv"]
    assert (root / "kpi" / ".gitignore").read_text(encoding="utf-8") == GITIGNORE


def test_commit_refuses_a_file_that_is_not_a_table_and_leaves_nothing(root):
    with kpi_lock(root), pytest.raises(ValueError, match="notes.csv"):
        commit(root, {"actuals.csv": b"x", "notes.csv": b"y"})
    assert tables(root) == OLD
    assert entries(root) == [".gitignore", ".lock", "actuals.csv", "history.csv"]


def test_a_rename_failing_after_the_journal_is_an_incomplete_commit_the_next_run_completes(
    root, monkeypatch
):
    real_replace = os.replace

    def fail_for_history(source, target):
        if str(target).endswith("history.csv"):
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(transaction.os, "replace", fail_for_history)
    with kpi_lock(root), pytest.raises(IncompleteCommit) as raised:
        commit(root, NEW)
    assert (raised.value.errno, raised.value.strerror) == (5, "Input/output error")
    assert journal_pending(root)
    monkeypatch.undo()
    settle(root)
    assert tables(root) == NEW and not journal_pending(root)


def test_an_incomplete_commit_keeps_the_words_of_an_error_without_a_number(root, monkeypatch):
    real_replace = os.replace

    def fail(source, target):
        if not str(target).endswith(".csv"):
            return real_replace(source, target)  # the journal is written; a table fails
        raise OSError("装置が外れました")

    monkeypatch.setattr(transaction.os, "replace", fail)
    with kpi_lock(root), pytest.raises(IncompleteCommit) as raised:
        commit(root, NEW)
    assert (raised.value.errno, raised.value.strerror) == (None, "装置が外れました")


def _bounded(action) -> int | None:
    """The exit code of `action()` in a forked child (1 when it raised); None when it hangs."""

    def child() -> None:
        try:
            action()
        except BaseException:  # noqa: BLE001 - the exit code says it
            os._exit(1)
        os._exit(0)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(HANG)
    if process.exitcode is None:
        process.kill()
        process.join()
        return None
    return process.exitcode


def test_a_reader_waits_only_as_long_as_it_is_told(root, monkeypatch):
    """With the lock taken, settle gives up after its own wait (a journal to complete) or at
    once (only litter to sweep), never after the writers' long default wait."""
    monkeypatch.setattr(transaction, "LOCK_WAIT_SECONDS", 10 * HANG)
    crashed_after_the_journal(root)
    with held_by_another_writer(root):
        assert _bounded(lambda: settle(root, wait=0.05)) == 1  # KpiBusy, soon
    os.remove(root / "kpi" / ".journal")
    with held_by_another_writer(root):
        assert _bounded(lambda: settle(root)) == 0  # gave up at once, quietly
    assert (root / "kpi" / ".actuals.csv.crash1.tmp").exists()


@contextmanager
def held_by_another_writer(root: Path):
    """The lock of kpi/ taken as another process would (no recovery on the way in)."""
    handle = os.open(root / "kpi" / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        os.close(handle)


def test_a_reader_completes_a_journal_a_crash_left(root):
    crashed_after_the_journal(root)
    assert journal_pending(root)
    settle(root, wait=1)
    assert tables(root) == NEW
    assert not journal_pending(root)
    assert [name for name in entries(root) if name.endswith(".tmp")] == []


def test_a_journal_whose_temporaries_are_already_renamed_completes_too(root):
    crashed_after_the_journal(root)
    folder = root / "kpi"
    os.replace(folder / ".actuals.csv.crash1.tmp", folder / "actuals.csv")  # one rename done
    with kpi_lock(root):
        pass
    assert tables(root) == NEW and not journal_pending(root)


def test_a_crash_before_the_journal_leaves_the_old_tables_and_litter_the_next_run_removes(root):
    folder = root / "kpi"
    for name, data in NEW.items():
        (folder / f".{name}.crash2.tmp").write_bytes(data)
    (folder / "..journal.crash2.tmp").write_text("{", encoding="utf-8")
    (folder / ".notes.crash2.tmp").write_bytes(b"not ours")  # not a name dataplan writes
    settle(root)
    assert tables(root) == OLD
    assert entries(root) == [
        ".gitignore",
        ".lock",
        ".notes.crash2.tmp",
        "actuals.csv",
        "history.csv",
    ]


def test_temporaries_of_a_writer_at_work_are_left_alone(root):
    folder = root / "kpi"
    with kpi_lock(root):  # a writer holds the lock while it writes its temporaries
        (folder / ".actuals.csv.live.tmp").write_bytes(b"being written")
        settle(root)  # a reader finds the lock taken: it must not remove a writer's file
        assert (folder / ".actuals.csv.live.tmp").exists()
    settle(root)  # once the writer is gone, its leftover is litter
    assert not (folder / ".actuals.csv.live.tmp").exists()


@pytest.mark.parametrize(
    "journal",
    [
        "{",  # cut short
        json.dumps({"renames": [[".actuals.csv.x1.tmp", "../plan/plan.yaml"]]}),
        json.dumps({"renames": [["evil.tmp", "actuals.csv"]]}),
        json.dumps({"renames": [[".history.csv.x1.tmp", "actuals.csv"]]}),
        json.dumps({"renames": [[".actuals.csv.x1.tmp"]]}),
        json.dumps({"other": []}),
        json.dumps([]),
    ],
)
def test_a_journal_not_written_by_dataplan_is_refused_and_nothing_moves(root, journal):
    (root / "kpi" / ".journal").write_text(journal, encoding="utf-8")
    (root / "kpi" / ".actuals.csv.x1.tmp").write_bytes(b"someone else's")
    with pytest.raises(JournalError) as refused:
        recover(root)
    assert str(refused.value) not in ("", "None")  # the reason is shown to the user
    assert tables(root) == OLD and journal_pending(root)


def test_a_journal_naming_a_file_outside_kpi_says_which(root):
    renames = [[".actuals.csv.x1.tmp", "../plan/plan.yaml"]]
    (root / "kpi" / ".journal").write_text(json.dumps({"renames": renames}), encoding="utf-8")
    with pytest.raises(JournalError, match=r"^\.actuals\.csv\.x1\.tmp → \.\./plan/plan\.yaml$"):
        recover(root)


def test_a_second_writer_waits_then_gives_up(root):
    with kpi_lock(root):
        with pytest.raises(KpiBusy), kpi_lock(root, wait=0.05):
            pass
        with pytest.raises(KpiBusy), kpi_lock(root, wait=0):
            pass
    with kpi_lock(root, wait=0):  # released: the next writer gets it at once
        pass


def test_the_lock_creates_kpi_and_keeps_an_existing_gitignore(tmp_path):
    with kpi_lock(tmp_path):
        pass
    assert (tmp_path / "kpi" / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    (tmp_path / "kpi" / ".gitignore").write_text("# 市の設定\n", encoding="utf-8")
    with kpi_lock(tmp_path):
        pass
    assert (tmp_path / "kpi" / ".gitignore").read_text(encoding="utf-8") == "# 市の設定\n"


def test_settle_without_kpi_or_litter_does_nothing(tmp_path):
    settle(tmp_path)
    assert not (tmp_path / "kpi").exists()
    (tmp_path / "kpi").mkdir()
    settle(tmp_path)
    assert list((tmp_path / "kpi").iterdir()) == []
