"""Slow `dataplan` commands that some tests read, run one after another in the background.

They start as soon as collection shows that a selected test needs them (conftest.py,
`pytest_collection_finish`), so on a machine with two cores they run while the
tests that need nothing run; a test that needs a result waits for it. Each is the
real command in a child process, so what is tested is what a city runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
HANG = 1800  # seconds: only bounds a hang (a build with its PDF takes a minute on a busy machine)


@dataclass
class Command:
    """One `dataplan` command; after it ran: its exit status and everything it printed."""

    arguments: list[str]
    returncode: int | None = None
    output: str = ""
    process: subprocess.Popen | None = field(default=None, repr=False)

    def run(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from generator.cli import main; main()", *self.arguments],
            env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
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

    def __init__(self, commands: dict[str, list[str]]) -> None:
        self.commands = {name: Command(arguments) for name, arguments in commands.items()}
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
