"""Other programs (git, Pagefind, the browser) run with a time limit and ended with their children.

Every external process goes through `run_program`: it starts the program in a
session of its own, waits at most `limit` seconds (for a program that reports
progress, `limit` seconds without a new line of output), and when the limit
passes, or the user presses Ctrl-C, ends the program and every process it
started, including those that left its process group (a browser launched by
playwright does). On Linux the program is made a "subreaper", so a child that
daemonises stays in its tree, and it is killed if this process dies first.

Work done by a Python library that drives a browser (kaleido, playwright) runs in
a child Python process (`run_job`), so it is bounded the same way.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_LIMIT = 60.0  # seconds a browser may stay silent; `--timeout` changes it
_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36
_READ_SIZE = 1 << 16


class ProgramFailed(Exception):
    """A program could not be started, ran out of time or failed; the message names it in Japanese."""

    def __init__(self, program: str, reason: str) -> None:
        super().__init__(f"{program}が{reason}")
        self.program = program
        self.reason = reason


class ProgramTimedOut(ProgramFailed):
    """The program went past its time limit and was ended with its children."""


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: bytes
    stderr: bytes


def limit_words(seconds: float) -> str:
    return f"{seconds:g} 秒"


def run_program(
    command: Sequence[str],
    *,
    program: str,
    limit: float,
    progress: bool = False,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
) -> Finished:
    """Run `command`, ended with every process it started after `limit` seconds or on Ctrl-C.

    `program` names it in messages (「ブラウザ（/usr/bin/chromium）」). With `progress`,
    the limit counts from the last line the program wrote to its standard output.
    Raises ProgramTimedOut past the limit,
    ProgramFailed when it cannot be started; KeyboardInterrupt is passed on after
    the program has been ended.
    """
    try:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=_in_child if _PRCTL is not None else None,
        )
    except OSError as error:
        from generator.file_access import os_error_reason

        raise ProgramFailed(program, f"起動できません（{os_error_reason(error)}）。") from error
    try:
        stdout, stderr = _communicate(process, stdin, limit, progress)
    except _OutOfTime as error:
        end_process_tree(process)
        raise ProgramTimedOut(
            program,
            f"{limit_words(limit)}のあいだ応答しなかったので止めました"
            "（起動したプロセスもすべて終了させました）。",
        ) from error
    except BaseException:
        end_process_tree(process)
        raise
    return Finished(process.returncode, stdout, stderr)


class _OutOfTime(Exception):
    pass


def _communicate(
    process: subprocess.Popen,
    stdin: bytes | None,
    limit: float,
    progress: bool,
) -> tuple[bytes, bytes]:
    """Feed stdin, collect stdout and stderr, and wait, until the deadline."""
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout.fileno(), process.stderr.fileno()
    outputs: dict[int, bytearray] = {out: bytearray(), err: bytearray()}
    pending = memoryview(stdin or b"")
    with selectors.DefaultSelector() as selector:
        for descriptor in (out, err):
            os.set_blocking(descriptor, False)
            selector.register(descriptor, selectors.EVENT_READ)
        to_program = process.stdin
        if to_program is not None:
            os.set_blocking(to_program.fileno(), False)
            if pending:
                selector.register(to_program.fileno(), selectors.EVENT_WRITE)
            else:
                to_program.close()
        deadline = time.monotonic() + limit
        while selector.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                raise _OutOfTime
            for key, _ in selector.select(timeout=min(left, 1.0)):
                if key.fd not in outputs:  # the program's stdin is ready for more
                    try:
                        written = os.write(key.fd, pending[:_READ_SIZE])
                    except BrokenPipeError:
                        written = len(pending)
                    pending = pending[written:]
                    if not pending and to_program is not None:
                        selector.unregister(key.fd)
                        to_program.close()
                    continue
                chunk = os.read(key.fd, _READ_SIZE)
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                outputs[key.fd] += chunk
                if progress and key.fd == out and b"\n" in chunk:
                    deadline = time.monotonic() + limit
        while True:
            try:
                process.wait(timeout=max(0.0, min(1.0, deadline - time.monotonic())))
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() >= deadline:
                    raise _OutOfTime from None
    return bytes(outputs[out]), bytes(outputs[err])


def end_process_tree(process: subprocess.Popen) -> None:
    """End `process` and every process it started (stopped first, so none can start another)."""
    tree = {process.pid}
    for _ in range(10):
        found = tree | descendants(tree)
        for pid in found - tree:
            _signal(pid, signal.SIGSTOP)
        if found == tree:
            break
        tree = found
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
    for pid in tree:
        _signal(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.wait(timeout=10)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()


def descendants(roots: set[int]) -> set[int]:
    """Every process whose parent chain leads to one of `roots` (Linux /proc; empty elsewhere)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return set()
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            stat_line = Path("/proc", entry, "stat").read_bytes()
        except OSError:
            continue
        fields = stat_line[stat_line.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry))
    found: set[int] = set()
    todo = list(roots)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found and child not in roots:
                found.add(child)
                todo.append(child)
    return found


def _signal(pid: int, number: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, number)


def _load_prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()


def _in_child() -> None:
    """In the new process before it runs the program: die with us, and adopt its orphans."""
    _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    _PRCTL(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def run_job(module: str, payload: Mapping[str, Any], *, program: str, limit: float) -> Any:
    """Run `python -m module` on `payload` as a bounded program; return the result it wrote.

    The job reads the payload (JSON) from the file named by its first argument and
    writes {"result": …} or {"error": "<Japanese message>"} to its second; every line
    it prints counts as progress. Raises ProgramFailed with the job's own message.
    """
    with tempfile.TemporaryDirectory(prefix="dataplan-job-") as folder:
        given, answer = Path(folder) / "payload.json", Path(folder) / "result.json"
        given.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        finished = run_program(
            [sys.executable, "-m", module, str(given), str(answer)],
            program=program,
            limit=limit,
            progress=True,
        )
        try:
            outcome = json.loads(answer.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            outcome = {}
    if "result" in outcome and finished.returncode == 0:
        return outcome["result"]
    if outcome.get("error"):
        raise ProgramFailed(program, str(outcome["error"]))
    raise ProgramFailed(program, f"途中で終了しました（終了コード {finished.returncode}）。")


def job_main(work: Callable[[dict[str, Any]], Any]) -> None:
    """The body of a job module: read the payload, do `work`, write its result or its failure.

    `work` raises JobError with a Japanese message for a failure it understands.
    """
    given, answer = Path(sys.argv[1]), Path(sys.argv[2])
    payload = json.loads(given.read_text(encoding="utf-8"))
    try:
        outcome = {"result": work(payload)}
    except JobError as error:
        outcome = {"error": str(error)}
    answer.write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
    sys.exit(0 if "result" in outcome else 1)


class JobError(Exception):
    """A failure inside a job that it can say in Japanese."""


def report_progress() -> None:
    """Tell the runner the job is still working (resets its time limit)."""
    sys.stdout.write(".\n")
    sys.stdout.flush()


# The browser: BROWSER_PATH when set (as kaleido reads it too), else Debian's chromium.
BROWSER_VARIABLE = "BROWSER_PATH"
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")


class BrowserMissing(Exception):
    """No browser to run, or BROWSER_PATH names none (the message says what to do)."""


def find_browser() -> Path:
    """The browser to drive: BROWSER_PATH if set (it must be a program), else chromium."""
    named = os.environ.get(BROWSER_VARIABLE)
    if named:
        path = Path(named)
        if not path.is_file() or not os.access(path, os.X_OK):
            why = "実行できるファイルではありません" if path.exists() else "ありません"
            raise BrowserMissing(
                f"環境変数 {BROWSER_VARIABLE} のブラウザ {named} が{why}。"
                f"{BROWSER_VARIABLE} を直すか、消して chromium（apt-get install chromium）を使ってください。"
            )
        return path
    if CHROMIUM.exists():
        return CHROMIUM
    import shutil

    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise BrowserMissing(f"{CHROMIUM} がありません（apt-get install chromium）。")


LIMIT_VARIABLE = "DATAPLAN_TIMEOUT"
_time_limit: float | None = None


def set_time_limit(seconds: float | None) -> None:
    """How long a browser may stay silent before it is ended (`--timeout`; None: the default)."""
    global _time_limit
    _time_limit = seconds


def time_limit() -> float:
    """The limit set, else DATAPLAN_TIMEOUT (seconds), else DEFAULT_LIMIT; ValueError when
    DATAPLAN_TIMEOUT is no positive number."""
    if _time_limit is not None:
        return _time_limit
    text = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_LIMIT
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError(f"環境変数 {LIMIT_VARIABLE} は秒数（1 以上の数）で書いてください: {text}")
    return seconds
