"""Slow builds that some tests read, made in the background while the other tests run.

They start as soon as collection shows that a selected test needs them (conftest.py,
`pytest_collection_finish`), and the modules that read them run last, so on a
machine with two cores they are built while the tests that need nothing run; a
test that needs a result waits for it.

- `Background`: `dataplan` commands, run one after another by a thread, each the
  real command in a child process (what is tested is what a city runs).
- `ForkedBuilds`: builds made by functions of this code base, in one forked child
  process that sends back each result (pickled) as soon as it is made.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
HANG = 1800  # seconds: only bounds a hang (a build with its PDF takes a minute on a busy machine)


@dataclass
class Command:
    """One `dataplan` command; after it ran: its exit status and everything it printed."""

    arguments: list[str]
    env: dict[str, str] = field(default_factory=dict)  # over this process's environment
    returncode: int | None = None
    output: str = ""
    process: subprocess.Popen | None = field(default=None, repr=False)

    def run(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from generator.cli import main; main()", *self.arguments],
            env={**os.environ, "PYTHONPATH": str(REPOSITORY), **self.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        try:
            self.output, _ = self.process.communicate(timeout=HANG)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.output, _ = self.process.communicate()
        self.returncode = self.process.returncode


class Background:
    """Commands run in order by a background thread; `result(name)` waits for one."""

    def __init__(self, commands: dict[str, Command]) -> None:
        self.commands = commands
        self._done = {name: threading.Event() for name in commands}
        self._stopped = False
        self._thread = threading.Thread(target=self._run_all, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def result(self, name: str) -> Command:
        """The finished command (it must have succeeded)."""
        if not self._thread.is_alive() and not self._done[name].is_set():
            self.start()  # collection did not start it (the test was selected another way)
        assert self._done[name].wait(HANG), f"{name}: still running"
        command = self.commands[name]
        assert command.returncode == 0, f"dataplan {' '.join(command.arguments)}:\n{command.output}"
        return command

    def stop(self) -> None:
        """End a command still running (the session is over or was interrupted)."""
        self._stopped = True
        for command in self.commands.values():
            if command.process is not None and command.process.poll() is None:
                command.process.kill()
                command.process.wait()

    def _run_all(self) -> None:
        for name, command in self.commands.items():
            if not self._stopped:
                command.run()
            self._done[name].set()


class ForkedBuilds:
    """Builds run one after another in a forked child; `result(name)` waits for one."""

    def __init__(self, builds: dict[str, Callable[[], Any]]) -> None:
        self.builds = builds
        self._results: dict[str, Any] = {}
        self._process: Any = None
        self._receiving: Any = None

    def start(self) -> None:
        """Fork now (call from the main thread, before any browser or thread is started)."""
        context = multiprocessing.get_context("fork")
        self._receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=self._run_all, args=(sending,), daemon=True)
        self._process.start()
        sending.close()

    def result(self, name: str) -> Any:
        if self._process is None:
            self.start()
        while name not in self._results:
            assert self._receiving.poll(HANG), f"{name}: still being built"
            try:
                built, value = self._receiving.recv()
            except EOFError:
                raise AssertionError(f"{name}: the build process ended without it") from None
            self._results[built] = value
        value = self._results[name]
        assert not isinstance(value, BuildFailure), f"{name}:\n{value.trace}"
        return value

    def stop(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()

    def _run_all(self, sending) -> None:
        for name, build in self.builds.items():
            try:
                sending.send((name, build()))
            except BaseException:  # noqa: BLE001 - sent to the test that waits for it
                sending.send((name, BuildFailure(traceback.format_exc())))
        sending.close()


@dataclass(frozen=True)
class BuildFailure:
    trace: str
