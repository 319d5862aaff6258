"""`dataplan --help` stays quick: the CLI imports heavy libraries only in the commands that use them."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_cli_loads_no_heavy_library():
    code = (
        "import sys, generator.cli; "
        "print(sorted(m for m in ('pandas', 'openpyxl', 'jinja2', 'plotly', 'weasyprint', "
        "'mkdocs', 'pydantic') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"
