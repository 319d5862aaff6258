"""Every problem of every broken fixture speaks Japanese (issue 9): no parser or OS English.

ruamel's and libyaml's messages ("mapping values are not allowed in this context"),
pydantic's ("Input should be a valid string") and the OS's ("No such file or
directory") are runs of ASCII words. Code in backticks (`dataplan init`), quoted
values and lists of allowed keys are not prose and are left out of the scan.
"""

from __future__ import annotations

import json
import re

import pytest
from fixture_cases import build_case, case_names, read_case
from typer.testing import CliRunner

from generator.cli import app
from generator.yaml_errors import DESCRIPTIONS

runner = CliRunner()

# Three or more ASCII words in a row, as English sentences have.
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ '][A-Za-z]+){2,}")
NOT_PROSE = re.compile(r"`[^`]*`|「[^」]*」|\"[^\"]*\"|使える(?:キー|値): .*$")
ENGLISH_FRAGMENTS = (
    "not allowed",
    "found ",
    "expected",
    "Errno",
    "No such file",
    "Permission denied",
    "Input should",
    "Value error",
    "validation error",
    "out of range",
    "Traceback",
)


def english_in(text: str) -> list[str]:
    """Runs of English words left in `text` once code, quotes and key lists are removed."""
    prose = NOT_PROSE.sub("", text)
    found = ENGLISH_RUN.findall(prose)
    found += [fragment for fragment in ENGLISH_FRAGMENTS if fragment in prose]
    return found


@pytest.mark.parametrize("name", case_names())
def test_every_problem_of_a_broken_fixture_is_in_japanese(name, tmp_path):
    root = build_case(name, tmp_path / "plan")
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    problems = json.loads(result.output)["problems"]
    assert len(problems) == len(read_case(name).get("expect", [])), name
    for problem in problems:
        for text in (problem["message"], problem["hint"]):
            assert english_in(text) == [], f"{problem['code']}: {text}"


def test_the_scan_finds_parser_and_os_english():
    assert english_in("YAML として読めません: mapping values are not allowed in this context。")
    assert english_in("ファイルを読めません（No such file or directory）。")
    assert english_in("Input should be a valid string")
    assert not english_in("`dataplan kpi record k-1 2025Q2 値 --replace` で直せます。")


@pytest.mark.parametrize(("english", "japanese"), DESCRIPTIONS)
def test_every_yaml_error_description_is_japanese(english, japanese):
    assert english_in(japanese) == []
