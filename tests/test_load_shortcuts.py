"""The loader's shortcuts never change what it finds.

For a plainly written file the loader builds the data itself (generator/plain_yaml.py),
bounds the nesting from the text instead of libyaml's events, skips the alias, escape
and !!binary checks that cannot fire, and composes positions only when asked. Each
shortcut is checked here against the full path it replaces: ruamel's composer and
constructor after every check, as the loader ran before.
"""

from __future__ import annotations

import math
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

from generator import load
from generator.load import MAX_DEPTH, PlanConstructor, parse_yaml_text
from generator.validate.leftovers import scalar_problems, template_problems
from generator.yaml_errors import other_yaml_error_problem, yaml_error_problem

SHOWN = "x.yaml"


def by_ruamel(text: str):
    """(data, problems) as the loader found them with every check and ruamel's constructor."""
    control = load._control_in_file(text, SHOWN)
    if control:
        return None, [control]
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = PlanConstructor
    try:
        depth = load._nesting_problem(text, SHOWN)
        if depth:
            return None, [depth]
        root = yaml.compose(text)
        if root is None:
            return None, []
        problems = [load._limit_problem(root, SHOWN)] if load._limit_problem(root, SHOWN) else []
        problems = problems or load._scalar_problems(root, SHOWN)
        if problems:
            return None, problems
        return yaml.constructor.construct_document(root), []
    except MarkedYAMLError as error:
        return None, [yaml_error_problem(error, text, SHOWN)]
    except YAMLError:
        return None, [other_yaml_error_problem(SHOWN)]


def typed(value: Any) -> Any:
    """The value with the type of every part, so that 1, 1.0 and True differ (and NaN equals)."""
    if isinstance(value, dict):
        return ("dict", [(typed(key), typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def assert_same_as_ruamel(text: str) -> None:
    data, problems = by_ruamel(text)
    document, found = parse_yaml_text(text, Path(SHOWN), SHOWN)
    assert found == problems
    if problems:
        assert document is None
    else:
        assert document is not None
        assert typed(document.data) == typed(data)


# Plain scalars that YAML may read as a number, a date, a truth value or null.
scalar_alphabet = st.sampled_from(list("0123456789+-._:eExXoObBT Zn~=<") + ["nan", "inf", "0x"])
scalars = st.lists(scalar_alphabet, min_size=1, max_size=8).map("".join).map(str.strip)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scalars, scalars)
def test_scalars_are_built_as_ruamel_builds_them(key, value):
    for text in (f"a: {value}\n", f"- {value}\n- [{value}, {key}]\n", f"{key}: 1\n{value}: 2\n"):
        assert_same_as_ruamel(text)


WRITTEN = [
    "id: m-1\nkpis:\n  - id: k-1\n    baseline: {value: 10, fiscal_year: 2024}\n",
    "adopted_on: 2025-03-28\nbad: 2024-02-30\nwhen: 2025-06-01 10:00:00+09:00\n",
    "a: 0x_\nb: +_\nc: 0o17\nd: 1_000\ne: 010\nf: ._\ng: .inf\nh: -.Inf\ni: .NaN\n",
    "a: yes\nb: True\nc: ~\nd: null\ne:\nf: =\n",
    "a: 1\na: 2\n",
    "a: 1\n1.0: x\ntrue: y\n",
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "a:\n  <<: {x: 1}\n  y: 2\n",
    "? [a, b]\n: c\n",
    "? {a: 1}\n: c\n",
    "text: !!binary aGVsbG8=\n",
    'name: "\\x1b[31m"\n',
    "name: !!str 12\n",
    "%YAML 1.1\n---\na: yes\nb: 010\n",
    "- a\n- b\n---\n- c\n",
    "[a:b]\n",
    "*0,\n",  # an undefined alias, then a syntax error: the syntax error is reported
    "a: 1\n--- [\n",
    "- &a 1\n- &a 2\n- ]\n",
    "a: [1, 2\n",
    "folded: >\n  長い\n  文章\n",
]


@pytest.mark.parametrize("text", WRITTEN)
def test_written_files_load_as_with_every_check(text):
    assert_same_as_ruamel(text)


yaml_alphabet = st.sampled_from(
    list(string.printable) + ["東", "〇", "：", "　", "&", "*", "!", "\ufeff", "\u2028", "\x85"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(yaml_alphabet, max_size=120))
def test_random_text_loads_as_with_every_check(text):
    assert_same_as_ruamel(text)


def test_too_many_nodes_without_an_alias_are_refused_as_before():
    text = "- a\n" * (load.MAX_EXPANDED_NODES + 1)
    assert_same_as_ruamel(text)
    _, problems = parse_yaml_text(text, Path(SHOWN), SHOWN)
    assert [(p.line, p.column, p.code) for p in problems] == [(1, 1, "E-yaml-too-many-nodes")]


def depth_by_events(text: str) -> int:
    """The deepest nesting of collections, from libyaml's events (0 when it does not parse)."""
    depth = deepest = 0
    try:
        for event in YAML(typ="safe", pure=False).parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        pass
    return deepest


nested = st.recursive(
    st.sampled_from(["x", "1", "", "東京"]),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3),
        st.dictionaries(
            st.sampled_from(["a", "b", "- c", "? d"]), children, min_size=1, max_size=3
        ),
    ),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested, st.sampled_from([None, True, False]), st.integers(1, 4))
def test_the_nesting_bound_read_from_the_text_is_never_below_the_nesting(data, flow, indent):
    from io import StringIO

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.indent(mapping=indent, sequence=indent + 2, offset=indent)
    stream = StringIO()
    yaml.dump(data, stream)
    text = stream.getvalue()
    if load._surely_shallow(text):
        assert depth_by_events(text) <= MAX_DEPTH, text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from(list(" -?:[{]}\nax\t\r") + ["\ufeff", "\u2028"]), max_size=200))
def test_the_nesting_bound_holds_for_any_text(text):
    if load._surely_shallow(text):
        assert depth_by_events(text) <= MAX_DEPTH


def two_levels_a_column(pairs: int) -> str:
    """The tightest block nesting: a mapping and a sequence under its key at each column."""
    lines = [" " * column + "k:\n" + " " * column + "-\n" for column in range(pairs)]
    return "".join(lines) + " " * pairs + "x\n"


@pytest.mark.parametrize("pairs", [MAX_DEPTH // 2, MAX_DEPTH // 2 + 1])
def test_the_tightest_nesting_is_refused_past_the_limit_and_not_before(pairs):
    text = two_levels_a_column(pairs)
    assert depth_by_events(text) == 2 * pairs
    assert_same_as_ruamel(text)
    _, problems = parse_yaml_text(text, Path(SHOWN), SHOWN)
    assert [p.code for p in problems] == (["E-yaml-too-deep"] if 2 * pairs > MAX_DEPTH else [])


def test_the_nesting_bound_clears_an_ordinary_file_and_not_a_deep_one():
    ordinary = (
        Path(__file__).parent / "fixtures" / "base" / "measures" / "m-1-01.yaml"
    ).read_text()
    assert load._surely_shallow(ordinary)
    assert not load._surely_shallow("- " * (MAX_DEPTH // 2) + "x\n")
    assert not load._surely_shallow("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


leftover_parts = st.sampled_from(
    [
        "〇〇",
        "〇",
        "令和〇年",
        "000001",
        "000-000-0000",
        "example.com",
        "x",
        " ",
        "\n  ",
        ">",
        "|",
        "a: ",
        "- ",
        '"',
        "'",
        "\\u3007",
        "#",
        "東京",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(leftover_parts, max_size=12).map("".join))
def test_leftovers_are_found_without_composing_exactly_when_the_nodes_show_them(text):
    document, problems = parse_yaml_text(text, Path(SHOWN), SHOWN)
    if document is not None and isinstance(document.data, dict):  # as validate checks them
        assert list(template_problems(document)) == list(scalar_problems(document))


@pytest.mark.parametrize(
    "text",
    [
        'phone: "000-000-0000"\n',
        "url: https://www.example.org/\n",
        "name: 〇〇市\n",
        "era: 令和〇年\n",
        'name: "\\u3007\\u3007市"\n',
        "text: >-  # 折り返し\n  日本語の\n  文章\n",
        "- >\n  日本語の\n  文章\n",
    ],
)
def test_each_leftover_and_folded_text_is_still_found(text):
    document, problems = parse_yaml_text(text, Path(SHOWN), SHOWN)
    assert problems == [] and document is not None
    found = list(template_problems(document))
    assert found and found == list(scalar_problems(document))


def test_positions_composed_later_are_the_positions_of_the_parse():
    text = "id: m-1\nkpis:\n  - id: k-1\n    name: 件数\n"
    document, _ = parse_yaml_text(text, Path(SHOWN), SHOWN)
    assert document is not None
    document.release_data()
    assert document.position(("kpis", 0, "name")) == (4, 11)
    assert document.data == {"id": "m-1", "kpis": [{"id": "k-1", "name": "件数"}]}
