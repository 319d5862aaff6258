"""Broken-input fixture cases: the base plan with some files replaced or deleted.

Each case folder under tests/fixtures/broken/ holds `files/` (files laid over
tests/fixtures/base/) and `case.yaml` (`delete:` files to remove, `exit:` the
expected exit status, `expect:` every problem as "file:line:column code").
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ruamel.yaml import YAML

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "base"
BROKEN = FIXTURES / "broken"


def case_names() -> list[str]:
    return sorted(path.name for path in BROKEN.iterdir() if path.is_dir())


def read_case(name: str) -> dict:
    path = BROKEN / name / "case.yaml"
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")) if path.exists() else {}


def build_case(name: str, target: Path) -> Path:
    """Lay the case over a copy of the base plan in `target`; return the plan folder."""
    shutil.copytree(BASE, target)
    overlay = BROKEN / name / "files"
    if overlay.exists():
        shutil.copytree(overlay, target, dirs_exist_ok=True)
    for relative in read_case(name).get("delete", []):
        (target / relative).unlink()
    return target
