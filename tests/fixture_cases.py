"""Broken-input fixture cases: the base plan with some files replaced or deleted.

Each case folder under tests/fixtures/broken/ holds `files/` (files laid over
tests/fixtures/base/) and `case.yaml` (`delete:` files to remove, `exit:` the
expected exit status, `expect:` every problem as "file:line:column code").
"""

from __future__ import annotations

from pathlib import Path

from conftest import BASE, FIXTURES, copy_plan
from ruamel.yaml import YAML

BROKEN = FIXTURES / "broken"


def case_names() -> list[str]:
    return sorted(path.name for path in BROKEN.iterdir() if path.is_dir())


def read_case(name: str) -> dict:
    path = BROKEN / name / "case.yaml"
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")) if path.exists() else {}


def build_case(name: str, target: Path) -> Path:
    """Lay the case over a copy of the base plan in `target`; return the plan folder."""
    copy_plan(BASE, target, overlay=BROKEN / name / "files")
    for relative in read_case(name).get("delete", []):
        (target / relative).unlink()
    return target
