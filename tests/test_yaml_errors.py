"""YAML mistakes people make, each a Japanese problem at its place (generator/yaml_errors.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_japanese_messages import english_in

from generator.load import parse_yaml_text

CASES = [
    # (text, (line, column, code), a word the message or hint must contain)
    ("id: m\ndepartments:\n\t- kenko\n", (3, 1, "E-yaml-tab"), "タブ"),
    ("content: 集計した。注: 年1回\n", (1, 16, "E-colon-in-text"), "引用符"),
    ("content: 集計した\n  注: 年1回\n", (2, 4, "E-colon-in-text"), "|"),
    ("id: m\ncontent：集計\nname: x\n", (2, 8, "E-fullwidth-colon"), "content"),
    ("id: m\nschedule:\n  - when：2026\n    text: 開始\n", (3, 9, "E-fullwidth-colon"), "when"),
    ("id: m\nname: x\ncontent：集計\n", (3, 8, "E-fullwidth-colon"), "content"),
    ("a: 公開\x00開始\n", (1, 6, "E-control-character"), "NUL"),
    ('a: "C:\\Users\\x"\n', (1, 9, "E-yaml-syntax"), "'…'"),
    ("a: b\n---\nc: d\n", (2, 1, "E-yaml-syntax"), "---"),
    ("a: [1, 2\n", (2, 1, "E-yaml-syntax"), "閉じ忘れ"),
    ("a: @x\n", (1, 4, "E-yaml-syntax"), "@"),
    ("a: *x\n", (1, 4, "E-yaml-syntax"), "別名"),
    ("a: &x 1\nb: &x 2\n", (2, 4, "E-yaml-syntax"), "アンカー"),
    ("c: !foo x\n", (1, 4, "E-yaml-syntax"), "タグ"),
    ("a: b\n  c: d\n", (2, 4, "E-yaml-syntax"), "字下げ"),
    ('a: "閉じていない\n', (2, 1, "E-yaml-syntax"), "閉じ忘れ"),
    ("a: 1\na: 2\n", (2, 1, "E-yaml-duplicate-key"), "「a」"),
]


@pytest.mark.parametrize(("text", "where", "word"), CASES)
def test_a_yaml_mistake_is_located_and_japanese(text, where, word):
    document, problems = parse_yaml_text(text, Path("x.yaml"), "x.yaml")
    assert document is None
    assert [(p.line, p.column, p.code) for p in problems] == [where]
    problem = problems[0]
    assert word in problem.message + problem.hint
    assert english_in(problem.message) == [] and english_in(problem.hint) == []
