"""Run `dataplan` in a child process under a 1 GiB address-space limit, and time it.

A crash (signal 11), a hang or unbounded memory in the tool must not take the
test run with it, so hostile inputs are tried in a subprocess.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 1024**3
RUN = (
    "import resource, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
    "from generator.cli import main\n"
    "sys.argv[0] = 'dataplan'\n"
    "main()\n"
)


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_kib: int  # peak resident memory of the children so far (ru_maxrss)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*arguments: str, timeout: float = 120) -> Run:
    """`dataplan ARGUMENTS…` in a child under RLIMIT_AS = 1 GiB; the timeout only bounds a hang."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-c", RUN.format(limit=MEMORY_LIMIT), *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
        stdin=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return Run(completed.returncode, completed.stdout, completed.stderr, seconds, peak)
