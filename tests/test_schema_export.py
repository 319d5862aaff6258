"""F21: the JSON Schemas for editor completion follow the models and are committed up to date."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError
from ruamel.yaml import YAML
from typer.testing import CliRunner

from generator.catalogue import load_bundled_catalogue
from generator.cli import app
from generator.model import Measure
from generator.scaffold import InitOptions, render_plan
from generator.schema_export import JSON_SCHEMA_DIALECT, all_schema_texts, build_schema, file_kinds

REPO = Path(__file__).resolve().parent.parent
EXPECTED_FILES = {
    "plan.schema.json",
    "current_state.schema.json",
    "purpose.schema.json",
    "positioning.schema.json",
    "structure.schema.json",
    "quarter_notes.schema.json",
    "policy.schema.json",
    "security.schema.json",
    "measure.schema.json",
    "catalogue.schema.json",
}

RICH_MEASURE = """
id: m-2-03
number: 2-1-3
name: 子育て支援データの活用
pillar: open_data
related_pillars: [online]
field: health
mark: local
catalogue_example: ex-2-05
departments: [kodomo, digital]
summary: 保育所の空き状況を毎月公開します。
content:
  text: 保育所の空き状況をオープンデータとして公開し、民間アプリでも使えるようにする。
basic_act_articles: {main: [11], related: [10]}
partners:
  - {name: 市内のNPO, type: npo, role: アプリの開発}
budget:
  - {fiscal_year: 2026, amount: 1500000, note: 当初予算}
kpis:
  - id: k-2-03-1
    name: 公開データセット数
    type: output
    kind: quantity
    unit: 件
    direction: increase
    accumulation: cumulative
    baseline: {value: 3, fiscal_year: 2024, source: 庁内集計}
    targets:
      - {when: 2027, value: 10}
      - {when: "2028Q2", value: 12}
  - id: k-2-03-2
    name: 民間アプリとの連携
    kind: milestone
    levels: [未着手, 協議中, 連携済み]
    target_pending: {decide_by: 2026-09-30, reason: 事業者の公募後に決める}
relisted_kpis: [k-1-01-1]
schedule:
  - {when: 2026, text: 公開データの選定}
  - {when: "2026Q3", text: 公開開始, status: in_progress}
case_studies: ["2-1"]
data_use:
  purpose: 保育所の空き状況を公開する。
  data_items:
    - {name: 保育所入所状況, holder: kodomo, personal_information: false}
  personal_information: false
  use_type: in_purpose
  checklist_unused_key_is_not_here: null
notes:
  - 公開前に園長会で説明する。
  - {text: 予算要求の前に財政課と協議する。, visibility: internal}
internal_notes: [担当者の内線 1234]
"""


def _json_ready(data: Any) -> Any:
    """YAML data as the editor's language server sees it (dates are strings)."""
    return json.loads(json.dumps(data, default=str))


def _yaml(text: str) -> Any:
    return YAML(typ="safe").load(text)


def _rich_measure() -> dict:
    data = _yaml(RICH_MEASURE)
    del data["data_use"]["checklist_unused_key_is_not_here"]
    return data


def _objects(schema: dict) -> list[tuple[str, dict]]:
    """(name, schema) of the top level and of every definition that is an object."""
    items = [("(top)", schema)] + list(schema.get("$defs", {}).items())
    return [(name, item) for name, item in items if item.get("type") == "object"]


def test_one_schema_per_yaml_file_kind() -> None:
    assert set(all_schema_texts()) == EXPECTED_FILES


@pytest.mark.parametrize("name", sorted(EXPECTED_FILES))
def test_committed_schemas_are_up_to_date(name: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    committed = REPO / "schemas" / name
    assert committed.exists(), "schemas/ がありません。`dataplan schema` を実行してください。"
    assert committed.read_text(encoding="utf-8") == (tmp_path / name).read_text(encoding="utf-8"), (
        f"schemas/{name} がモデルと合っていません。`dataplan schema` を実行してください。"
    )


def test_output_is_deterministic_json_with_trailing_newline() -> None:
    texts = all_schema_texts()
    assert texts == all_schema_texts()
    for text in texts.values():
        assert text.endswith("}\n")
        assert json.loads(text)


@pytest.mark.parametrize("kind", file_kinds(), ids=lambda kind: kind.name)
def test_schema_header(kind) -> None:
    schema = build_schema(kind.model, kind.title)
    assert schema["$schema"] == JSON_SCHEMA_DIALECT
    assert "$id" not in schema
    assert schema["title"].startswith(kind.label) and kind.path in schema["title"]


@pytest.mark.parametrize("kind", file_kinds(), ids=lambda kind: kind.name)
def test_every_object_forbids_unknown_keys_and_describes_every_key(kind) -> None:
    schema = build_schema(kind.model, kind.title)
    for name, item in _objects(schema):
        assert item.get("additionalProperties") is False, name
        undocumented = [
            key for key, value in item["properties"].items() if not value.get("description")
        ]
        assert undocumented == [], f"{name}: {undocumented}"


def test_measure_schema_required_keys() -> None:
    schema = build_schema(Measure, "個別施策")
    # pillar is required only by classification (validate: E-missing-pillar), content may be
    # written as overview and actions (E-missing-content): neither is required by the schema.
    assert set(schema["required"]) == {"id", "name", "departments"}
    assert set(schema["$defs"]["Kpi"]["required"]) == {"id", "name", "kind"}


def test_yaml_shorthands_are_described_as_written() -> None:
    schema = build_schema(Measure, "個別施策")
    content = schema["properties"]["content"]["anyOf"]
    assert {"type": "string"} in content and {"$ref": "#/$defs/Text"} in content
    when = schema["$defs"]["Milestone"]["properties"]["when"]["anyOf"]
    assert [part["type"] for part in when] == ["integer", "string"]
    assert "FiscalTime" not in schema["$defs"]


def test_internal_fields_are_marked() -> None:
    schema = build_schema(Measure, "個別施策")
    assert schema["properties"]["internal_notes"]["x-internal"] is True


# --- with a JSON Schema validator, as the editor checks --------------------------------------


@functools.cache
def _validator(name: str):
    schema = json.loads(all_schema_texts()[name])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(name: str, data: Any) -> list[str]:
    return [error.message for error in _validator(name).iter_errors(_json_ready(data))]


def test_a_full_measure_is_accepted_by_model_and_schema() -> None:
    data = _rich_measure()
    Measure.model_validate(data)
    assert _errors("measure.schema.json", data) == []


def test_an_unknown_key_is_rejected() -> None:
    data = _rich_measure()
    data["budjet"] = []
    assert any("budjet" in message for message in _errors("measure.schema.json", data))
    with pytest.raises(ValidationError):
        Measure.model_validate(data)


def test_a_nested_unknown_key_and_a_wrong_choice_are_rejected() -> None:
    data = _rich_measure()
    data["kpis"][0]["unit_name"] = "件"
    data["pillar"] = "opendata"
    assert len(_errors("measure.schema.json", data)) == 2


def test_generated_plan_files_are_accepted() -> None:
    files = render_plan(
        InitOptions(load_bundled_catalogue().example_ids),
        catalogue=load_bundled_catalogue(),
        today=dt.date(2025, 3, 1),
    )
    for path, text in files.items():
        if not path.endswith(".yaml") or not path.startswith(("plan/", "measures/")):
            continue
        name = (
            "measure.schema.json"
            if path.startswith("measures/")
            else f"{Path(path).stem}.schema.json"
        )
        assert _errors(name, _yaml(text)) == [], path


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(REPO).as_posix()
        for p in [
            *REPO.glob("plan/*.yaml"),
            *REPO.glob("measures/*.yaml"),
            *REPO.glob("kpi/notes/*.yaml"),
        ]
    ),
)
def test_files_of_the_example_city_are_accepted(path: str) -> None:
    """What the model accepts, the schema accepts too (the example city is a real plan)."""
    if path.startswith("measures/"):
        name = "measure.schema.json"
    elif path.startswith("kpi/notes/"):
        name = "quarter_notes.schema.json"
    else:
        name = f"{Path(path).stem}.schema.json"
    data = _yaml((REPO / path).read_text(encoding="utf-8"))
    kind = next(kind for kind in file_kinds() if kind.schema_file == name)
    kind.model.model_validate(data)
    assert _errors(name, data) == []


def test_every_description_an_editor_shows_is_japanese():
    """Hover texts in VS Code come from these descriptions: no English developer sentences."""
    from generator.schema_export import all_schema_texts

    english = []

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                if (
                    key == "description"
                    and isinstance(item, str)
                    and re.search(r"[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}", item)
                ):
                    english.append(f"{where}: {item}")
                walk(item, f"{where}/{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, where)

    for name, text in all_schema_texts().items():
        walk(json.loads(text), name)
    assert english == []


def test_every_model_has_a_japanese_schema_description():
    import generator.model  # noqa: F401  (every model class defined)
    from generator.model.common import Model

    def models(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from models(sub)

    missing = [cls.__name__ for cls in models(Model) if not getattr(cls, "schema_description", "")]
    assert missing == []
