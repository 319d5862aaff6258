"""The loader: positions from the parse, and safety against hostile or random input."""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import MAX_FILE_BYTES, parse_yaml_text, read_yaml
from generator.problems import Problem

EXAMPLE = Path(__file__).parent / "fixtures" / "base" / "measures" / "m-1-01.yaml"


def load_text(text: str):
    return parse_yaml_text(text, Path("x.yaml"), "x.yaml")


def test_positions_are_one_based_for_values_keys_and_items():
    document, problems = load_text("id: m-1\nkpis:\n  - id: k-1\n    name: 件数\n")
    assert problems == []
    assert document.position(("id",)) == (1, 5)
    assert document.position(("kpis", 0, "name")) == (4, 11)
    assert document.position(("kpis", 0, "name"), key=True) == (4, 5)
    assert document.position(("kpis", 0)) == (3, 5)


def test_position_of_a_missing_key_is_its_parent_mapping():
    document, _ = load_text("id: m-1\nkpis:\n  - id: k-1\n")
    assert document.position(("kpis", 0, "name")) == (3, 5)


def test_plain_data_has_no_ruamel_types():
    document, _ = load_text("a: 1\nb: [x, 2.5]\nc: 2025-03-28\n")
    assert type(document.data) is dict
    assert type(document.data["b"]) is list
    assert type(document.data["a"]) is int


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    document, problems = read_yaml(big, "big.yaml")
    assert document is None
    assert [p.code for p in problems] == ["E-file-too-large"]


def test_shift_jis_bytes_are_reported_at_their_line_and_column(tmp_path):
    path = tmp_path / "sjis.yaml"
    path.write_bytes("a: ok\nb: 東京\n".encode("cp932"))
    _, problems = read_yaml(path, "sjis.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 4, "E-encoding")]


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("a: 東京\n".encode("utf-8-sig"))
    document, problems = read_yaml(path, "bom.yaml")
    assert problems == [] and document.data == {"a": "東京"}


def test_billion_laughs_is_stopped_without_expanding():
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    document, problems = load_text("\n".join(lines) + "\n")
    assert document is None
    assert [p.code for p in problems] == ["E-yaml-too-many-nodes"]


def test_absurd_nesting_is_refused():
    _, problems = load_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert [p.code for p in problems] == ["E-yaml-too-deep"]


yaml_alphabet = st.sampled_from(
    list(string.printable) + ["東", "京", "：", "　", "&", "*", "!", "\ufeff", "\x00"]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=yaml_alphabet, max_size=300))
def test_random_text_gives_problems_never_an_exception(text):
    document, problems = load_text(text)
    assert all(isinstance(p, Problem) and p.message for p in problems)
    assert (document is None) == bool(problems)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.data())
def test_mutated_real_file_gives_problems_never_an_exception(data):
    original = EXAMPLE.read_text(encoding="utf-8")
    position = data.draw(st.integers(0, len(original)))
    cut = data.draw(st.integers(0, 10))
    insert = data.draw(st.text(alphabet=yaml_alphabet, max_size=8))
    mutated = original[:position] + insert + original[position + cut :]
    document, problems = load_text(mutated)
    for problem in problems:
        assert problem.line >= 0 and problem.column >= 0
    assert (document is None) == bool(problems)


@settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)
@given(data=st.data())
def test_whole_validation_of_a_mutated_measure_never_raises(data, tmp_path_factory):
    from conftest import BASE, copy_plan

    from generator.validate import validate_plan

    root = copy_plan(BASE, tmp_path_factory.mktemp("plan"))
    original = EXAMPLE.read_text(encoding="utf-8")
    position = data.draw(st.integers(0, len(original)))
    insert = data.draw(st.text(alphabet=yaml_alphabet, max_size=12))
    (root / "measures" / EXAMPLE.name).write_text(
        original[:position] + insert + original[position + 3 :], encoding="utf-8"
    )
    result = validate_plan(root)
    assert all(isinstance(p, Problem) for p in result.report.problems)


def test_a_float_pattern_that_is_no_number_stays_text():
    """`._` matches YAML 1.1's float pattern; building it raised ValueError before."""
    document, problems = parse_yaml_text("name: ._\n", Path("x.yaml"), "x.yaml")
    assert problems == [] and document.data == {"name": "._"}
