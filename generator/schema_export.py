"""F21: JSON Schema of every YAML file kind, for completion and checking in the editor.

The schemas come from the pydantic models, so they never drift from what
`dataplan validate` accepts. The YAML shorthands that the models accept through
a before-validator are described as the user writes them, not as the model
stores them: a text may be a plain string, a 年度 or quarter is `2026` or
`"2026Q2"`, and a list of one may be written as its single item.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from generator.atomic_set import write_together
from generator.catalogue.reference import ReferenceCatalogue
from generator.labels import CHAPTER_TITLES, NOT_STATED, choices_with_labels
from generator.layout import SCHEMAS_DIR
from generator.model import CHAPTER_FILES, Measure, PlanMeta

# Private, but they are exactly what identifies the shorthands below. A before-validator
# given `json_schema_input_type=` by the model needs no entry here.
from generator.model.common import _fiscal_time_from_yaml, _text_from_yaml
from generator.model.data_use import _one_or_many
from generator.model.pdca import QuarterNotes

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_SCHEMA_DIR = SCHEMAS_DIR
QUARTER_OR_YEAR_PATTERN = r"^\d{4}([Qq][1-4])?$"


@dataclass(frozen=True)
class FileKind:
    """One kind of YAML file of a plan folder and the model that checks it."""

    name: str  # the schema is schemas/<name>.schema.json
    model: type[BaseModel]
    label: str  # Japanese, e.g. 第2章 目的
    path: str  # where such files live, e.g. plan/purpose.yaml or measures/*.yaml

    @property
    def title(self) -> str:
        return f"{self.label}（{self.path}）"

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"


def file_kinds() -> list[FileKind]:
    """Every YAML file kind, in the template's order."""
    kinds = [FileKind("plan", PlanMeta, "計画の基本情報", "plan/plan.yaml")]
    kinds += [
        FileKind(name, model, CHAPTER_TITLES[name], f"plan/{name}.yaml")
        for name, model in CHAPTER_FILES.items()
    ]
    kinds.append(FileKind("measure", Measure, CHAPTER_TITLES["measures"], "measures/*.yaml"))
    kinds.append(FileKind("quarter_notes", QuarterNotes, "四半期の PDCA 記録", "kpi/notes/*.yaml"))
    kinds.append(
        FileKind(
            "catalogue",
            ReferenceCatalogue,
            "カタログ（県の計画など、施策が参照する計画・施策一覧）",
            "plan/*.yaml（plan.yaml の catalogues に書いたもの）",
        )
    )
    return kinds


class YamlInputSchema(GenerateJsonSchema):
    """Describe the YAML as written: shorthands accepted, no English auto-titles."""

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        function = schema["function"]["function"]
        if schema.get("json_schema_input_schema"):  # the model says what the YAML may hold
            return super().function_before_schema(schema)
        if function is _one_or_many:
            many = self.generate_inner(schema["schema"])
            return {"anyOf": [many["items"], many]}
        if function is _text_from_yaml:
            return {"anyOf": [{"type": "string"}, self.generate_inner(schema["schema"])]}
        if function is _fiscal_time_from_yaml:
            return {
                "anyOf": [
                    {"type": "integer", "minimum": 1900, "maximum": 2200},
                    {"type": "string", "pattern": QUARTER_OR_YEAR_PATTERN},
                ]
            }
        return super().function_before_schema(schema)

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """A model's description is its Japanese `schema_description`, not its (English) docstring."""
        result = super().model_schema(schema)
        result.pop("description", None)
        text = getattr(schema["cls"], "schema_description", "")
        if text:
            result["description"] = text
        return result


def build_schema(
    model: type[BaseModel], title: str, *, may_be_not_stated: bool = False
) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one model, with a Japanese title.

    With `may_be_not_stated` (a chapter file), the whole file may instead be the one
    text 「計画に記載なし」 (the source plan has no such chapter).
    """
    schema = model.model_json_schema(schema_generator=YamlInputSchema, mode="validation")
    for name, definition in schema.get("$defs", {}).items():
        if "enum" in definition:  # an enum lists its values with their Japanese labels
            values = [str(value) for value in definition["enum"]]
            definition["description"] = "使える値: " + choices_with_labels(name, values)
    if may_be_not_stated:
        definitions = schema.pop("$defs", {})
        definitions[model.__name__] = schema
        schema = {
            "$defs": definitions,
            "anyOf": [
                {"$ref": f"#/$defs/{model.__name__}"},
                {
                    "const": NOT_STATED,
                    "description": "計画書にこの章がないときは、ファイルの中身をこの1行だけにします。",
                },
            ],
        }
    schema["$schema"] = JSON_SCHEMA_DIALECT
    schema["title"] = title
    return schema


def schema_text(schema: dict[str, Any]) -> str:
    """Deterministic JSON text (sorted keys, Japanese kept, trailing newline) for committing."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def all_schema_texts() -> dict[str, str]:
    """File name → schema text, for every YAML file kind."""
    return {
        kind.schema_file: schema_text(
            build_schema(kind.model, kind.title, may_be_not_stated=kind.name in CHAPTER_FILES)
        )
        for kind in file_kinds()
    }


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into `directory` (created if needed); return the files written."""
    return write_together(
        {Path(directory) / name: text.encode("utf-8") for name, text in all_schema_texts().items()}
    )
