"""Generate the reference pages of the user guide: generator/guide/files.md, problems.md, commands.md.

Run `python -m tools.guide_reference` after changing a model, a problem code or
a command. tests/test_docs.py fails while a committed page differs from what this
module writes, so the guide cannot drift from the code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import re
import types
import typing
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from ruamel.yaml import YAML

from generator.atomic import write_text_files
from generator.labels import NOT_STATED, SEVERITY_LABELS
from generator.model.common import ID_PATTERN, FiscalTime, Text
from generator.model.dates import PartialDate
from generator.problem_codes import PROBLEM_CODES
from generator.schema_export import DEFAULT_SCHEMA_DIR, FileKind, file_kinds

GUIDE_DIR = Path(__file__).resolve().parent.parent / "generator" / "guide"
EXAMPLES_PATH = Path(__file__).with_name("guide_examples.yaml")
REGENERATE = "python -m tools.guide_reference"
GENERATED_NOTE = f"<!-- このページは `{REGENERATE}` が生成します。直接編集しないでください。 -->"
HELP_WIDTH = "100"
ID_LABEL = "[id](#id)"
SCALAR_LABELS = {
    str: "文字列",
    int: "整数",
    float: "数値",
    bool: "true / false",
    dt.date: "日付（2025-03-28）",
    dt.datetime: "日時",
    Any: "任意",
}


def generated_pages() -> dict[str, str]:
    """File name → content of every generated page."""
    return {
        "files.md": files_page(),
        "problems.md": problems_page(),
        "commands.md": commands_page(),
    }


def write_pages(directory: Path = GUIDE_DIR) -> list[Path]:
    """Write every generated page into `directory`; return the paths written."""
    return write_text_files(directory, generated_pages())


# --- files.md: every YAML file and every key ---------------------------------------------------


def files_page() -> str:
    kinds = file_kinds()
    lines = [
        GENERATED_NOTE,
        "",
        "# ファイルとキー",
        "",
        "計画のフォルダに置く YAML ファイルと、それぞれに書けるキーの一覧です。",
        "表にないキーを書くと `dataplan validate` がエラー（[E-unknown-key](problems.md#e-unknown-key)）にします。",
        "",
        "| ファイル | 内容 | JSON Schema |",
        "|---|---|---|",
    ]
    lines += [
        f"| [`{k.path}`](#{k.name}) | {k.label} | `{DEFAULT_SCHEMA_DIR}/{k.schema_file}` |"
        for k in kinds
    ]
    lines += ["", *COMMON_RULES]
    for kind in kinds:
        lines += _file_section(kind)
    return "\n".join(lines).rstrip() + "\n"


COMMON_RULES = [
    "## 共通の書き方",
    "",
    '<a id="text"></a>',
    "",
    "**文章**: 文字列をそのまま書くと公開する文章になります。"
    "庁内限定にするときは `text` と `visibility: internal` の組で書きます。",
    "",
    "```yaml",
    "content: 電子申請できる手続を増やします。",
    "notes:",
    "  - text: 予算要求の前に財政課と協議する。",
    "    visibility: internal",
    "```",
    "",
    '<a id="fiscal-time"></a>',
    "",
    '**年度または四半期**: 年度は `2026`、四半期は `"2026Q2"`（2026年度の7〜9月）と書きます。'
    "Q1 は4〜6月、Q4 は翌年の1〜3月です。",
    "",
    '<a id="id"></a>',
    "",
    "**id**: 半角英数字・ハイフン・ドット・下線で書き、先頭は英数字にします（例: `m-1-02`、`k-1-02-1`）。",
    "",
    '<a id="partial-date"></a>',
    "",
    "**日付・年月・年度**: 過去の出来事の日付は、計画書に書かれた精度で書きます。"
    "日（`2025-03-28`、`令和7年3月28日`）、月（`2019-03`、`2019年3月`、`令和2年6月`）、"
    "年度（`2022年度`、`令和4年度`）のどれでも構いません。"
    "和暦で書いたものはサイトと PDF に和暦のまま載り、西暦が添えられます（令和2年6月（2020年6月））。"
    "計画書にない日を補って書かないでください。",
    "",
    '<a id="not-stated"></a>',
    "",
    "**計画に記載なし**: 計画書に書かれていないことは、値を作らずに `計画に記載なし` と書けます。"
    "書けるのは、施策の担当部署（`departments: 計画に記載なし`）、KPI の目標（`targets: 計画に記載なし`）、"
    "目標の時期（`when: 計画に記載なし`）、計画期間（`period: 計画に記載なし`）と、章のファイル"
    "（`plan/security.yaml` などの中身を `計画に記載なし` の1行だけにする）です。"
    "サイトと PDF には「計画に記載なし」と表示し、`dataplan validate` は件数を表示します"
    "（警告ではないので `--strict` でも公開できます）。",
    "",
    "**庁内限定**: 説明に「庁内限定」とあるキーは、公開用のサイトには出ません。",
    "",
]


def _file_section(kind: FileKind) -> list[str]:
    lines = ["", f'<a id="{kind.name}"></a>', "", f"## {kind.path} — {kind.label}", ""]
    lines.append(f"エディタでの補完には `{DEFAULT_SCHEMA_DIR}/{kind.schema_file}` を使います。")
    for path, description, model in _model_tables(kind.model):
        if path:
            lines += ["", f'<a id="{_anchor(kind, path)}"></a>', "", f"### `{path}` の中のキー", ""]
            lines.append(description)
        lines += ["", "| キー | 型 | 必須 | 既定値 | 説明 |", "|---|---|---|---|---|"]
        for name, info in model.model_fields.items():
            child = f"{path}.{name}" if path else name
            anchor = _anchor(kind, _child_path(child, info))
            type_label = (
                ID_LABEL if _is_identifier(info.metadata) else _type_label(info.annotation, anchor)
            )
            lines.append(
                f"| `{name}` | {type_label} | {'必須' if info.is_required() else '任意'} "
                f"| {_default(info)} | {_description(info)} |"
            )
    return lines


def _model_tables(
    model: type[BaseModel], path: str = "", description: str = ""
) -> Iterator[tuple[str, str, type[BaseModel]]]:
    """(path, description, model) for the model and, depth first, every model nested in it."""
    yield path, description, model
    for name, info in model.model_fields.items():
        nested = _nested_model(info.annotation)
        if nested is not None:
            child = _child_path(f"{path}.{name}" if path else name, info)
            yield from _model_tables(nested, child, info.description or "")


def _child_path(path: str, info: FieldInfo) -> str:
    """`kpis` → `kpis[]` for a list of models, `measures` → `measures.<id>` for a mapping of them."""
    origin = typing.get_origin(_without_none(info.annotation))
    if origin is list:
        return f"{path}[]"
    if origin is dict:
        return f"{path}.<id>"
    return path


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    annotation = _without_none(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, dict):
        annotation = _without_none(typing.get_args(annotation)[-1])
    if _is_model(annotation) and annotation not in (Text, FiscalTime):
        return annotation
    return None


def _without_none(annotation: Any) -> Any:
    """The one meaningful type: without None, and without 「計画に記載なし」 beside it."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [
            a for a in typing.get_args(annotation) if a is not type(None) and not _not_stated(a)
        ]
        if len(members) == 1:
            return _unwrap(members[0])
    return annotation


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _not_stated(annotation: Any) -> bool:
    """Whether a union member is the 「計画に記載なし」 literal."""
    annotation = _unwrap(annotation)
    return typing.get_origin(annotation) is typing.Literal and typing.get_args(annotation) == (
        NOT_STATED,
    )


def _is_model(annotation: Any) -> bool:
    return inspect.isclass(annotation) and issubclass(annotation, BaseModel)


def _type_label(annotation: Any, anchor: str) -> str:
    """The type of a key in Japanese; a nested model links to its own table at `anchor`."""
    if typing.get_origin(annotation) is typing.Annotated and _is_identifier(
        annotation.__metadata__
    ):
        return ID_LABEL
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        parts = [_type_label(a, anchor) for a in typing.get_args(annotation) if a is not type(None)]
        return " または ".join(dict.fromkeys(parts))
    if origin is list:
        item = _type_label(typing.get_args(annotation)[0], anchor)
        return (
            item.replace("選択:", "選択（複数可）:")
            if item.startswith("選択:")
            else f"{item}のリスト"
        )
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"「{_type_label(key, anchor)}: {_type_label(value, anchor)}」の組"
    if origin is typing.Literal:
        if typing.get_args(annotation) == (NOT_STATED,):
            return f"[`{NOT_STATED}`](#not-stated)"
        return "選択: " + " / ".join(f"`{value}`" for value in typing.get_args(annotation))
    if annotation is PartialDate:
        return "[日付・年月・年度](#partial-date)"
    if annotation is Text:
        return "[文章](#text)"
    if annotation is FiscalTime:
        return "[年度または四半期](#fiscal-time)"
    if inspect.isclass(annotation) and issubclass(annotation, Enum):
        return "選択: " + " / ".join(f"`{member.value}`" for member in annotation)
    if _is_model(annotation):
        return f"[「キー: 値」の組](#{anchor})"
    return SCALAR_LABELS.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _is_identifier(metadata: Any) -> bool:
    """Whether pydantic metadata carries the id pattern (the model's `Identifier` type)."""
    for item in metadata:
        if getattr(item, "pattern", None) == ID_PATTERN:
            return True
        if isinstance(item, FieldInfo) and _is_identifier(item.metadata):
            return True
    return False


def _anchor(kind: FileKind, path: str) -> str:
    cleaned = path.replace("[]", "").replace(".<id>", "").replace(".", "-").replace("_", "-")
    return f"{kind.name}-{cleaned}"


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "—"
    value = info.get_default(call_default_factory=True)
    if value is None or value is PydanticUndefined:
        return "—"
    if isinstance(value, BaseModel):
        return "（各キーの既定値）"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return "`[]`" if not value else "`[" + ", ".join(str(v) for v in value) + "]`"
    if isinstance(value, dict):
        return "`{}`" if not value else f"`{value}`"
    return f"`{value}`"


def _description(info: FieldInfo) -> str:
    text = _cell(info.description or "")
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if extra.get("x-internal"):
        text = f"**庁内限定** {text.replace('（庁内限定）', '').replace('（庁内限定。', '（')}"
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# --- problems.md: every problem code with an example --------------------------------------------


def load_examples(path: Path = EXAMPLES_PATH) -> dict[str, dict[str, Any]]:
    """The hand-written examples of tools/guide_examples.yaml, keyed by problem code."""
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}


def problems_page(examples: dict[str, dict[str, Any]] | None = None) -> str:
    examples = load_examples() if examples is None else examples
    lines = [
        GENERATED_NOTE,
        "",
        "# 問題コード一覧",
        "",
        "`dataplan validate` が表示する問題の一覧です。各行は「ファイル:行:列: 種類 コード: メッセージ」の形です。",
        "エラーがあると公開できません（終了コード 1）。警告は `--strict` を付けたときだけ公開を止めます。",
        "メッセージの `{…}` には、実際の値が入ります。",
        "例は計画期間を 2025〜2029年度 とした計画のものです。",
        "",
        "| コード | 種類 | 内容 |",
        "|---|---|---|",
    ]
    lines += [
        f"| [{code}](#{code.lower()}) | {SEVERITY_LABELS[spec.severity]} | {spec.title} |"
        for code, spec in PROBLEM_CODES.items()
    ]
    for code, spec in PROBLEM_CODES.items():
        lines += ["", f"## {code}", "", f"**{SEVERITY_LABELS[spec.severity]}** — {spec.title}", ""]
        lines.append(f"- メッセージ: {_inline(spec.message)}")
        if spec.hint:
            lines.append(f"- ヒント: {_inline(spec.hint)}")
        lines += _example_lines(examples.get(code))
    return "\n".join(lines).rstrip() + "\n"


def _inline(text: str) -> str:
    """A message template as Markdown: placeholders in code, backquotes kept."""
    return text if "`" in text else f"`{text}`"


def _example_lines(example: dict[str, Any] | None) -> list[str]:
    if not example:
        return ["", "（例はまだありません。`tools/guide_examples.yaml` に追加してください。）"]
    lang = example.get("lang", "yaml")
    lines = []
    for path, text in example.get("setup", {}).items():
        setup_lang = "yaml" if path.endswith(".yaml") else path.rsplit(".", 1)[-1]
        lines += ["", f"前提（`{path}`）:", "", f"```{setup_lang}", text.rstrip(), "```"]
    bad_lang = example.get("bad_lang", lang)
    lines += [
        "",
        f"誤りの例（`{example['file']}`）:",
        "",
        f"```{bad_lang}",
        example["bad"].rstrip(),
        "```",
    ]
    fixed_file = example.get("fixed_file", example["file"])
    lines += ["", f"直し方（`{fixed_file}`）:", "", f"```{lang}", example["fixed"].rstrip(), "```"]
    if example.get("note"):
        lines += ["", _join_lines(example["note"])]
    return lines


def _join_lines(text: str) -> str:
    """One paragraph from a note written over several lines: Japanese lines join without a space."""
    return re.sub(r"(?<=[^\x00-\x7f])\n(?=[^\x00-\x7f])", "", text.strip()).replace("\n", " ")


# --- commands.md: --help of every command ------------------------------------------------------


def commands(app: typer.Typer | None = None) -> list[tuple[list[str], Any]]:
    """Every command and subcommand as (argument list, click command); the root is `[]`."""
    found: list[tuple[list[str], Any]] = []

    def walk(command: Any, path: list[str]) -> None:
        if getattr(command, "hidden", False):
            return
        found.append((path, command))
        # A group (typer vendors its own click, so test for the attribute, not the class).
        for name, subcommand in getattr(command, "commands", {}).items():
            walk(subcommand, [*path, name])

    walk(typer.main.get_command(app or _app()), [])
    return found


def command_paths(app: typer.Typer | None = None) -> list[list[str]]:
    """Every command and subcommand, as argument lists, in help order."""
    return [path for path, _ in commands(app)]


def command_help(path: list[str], app: typer.Typer | None = None) -> str:
    """The `--help` output of one command, as a user sees it (trailing spaces removed)."""
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        app or _app(),
        [*path, "--help"],
        prog_name="dataplan",
        env={"COLUMNS": HELP_WIDTH, "NO_COLOR": "1"},
    )
    lines = [line.rstrip() for line in result.output.splitlines()]
    return "\n".join(lines).strip("\n")


def commands_page(app: typer.Typer | None = None) -> str:
    paths = command_paths(app)
    lines = [
        GENERATED_NOTE,
        "",
        "# コマンド一覧",
        "",
        "`dataplan` のすべてのコマンドの `--help` です。",
        "",
    ]
    lines += [
        f"- [`{' '.join(['dataplan', *path])}`](#{'-'.join(['dataplan', *path])})" for path in paths
    ]
    for path in paths:
        name = " ".join(["dataplan", *path])
        lines += ["", f'<a id="{"-".join(["dataplan", *path])}"></a>', "", f"## {name}", ""]
        lines += ["```text", command_help(path, app), "```"]
    return "\n".join(lines).rstrip() + "\n"


def _app() -> typer.Typer:
    from generator.cli import app  # imported late: the CLI is what this page documents

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="利用の手引（generator/guide/）の生成ページを書き直します。"
    )
    parser.add_argument(
        "--output", type=Path, default=GUIDE_DIR, help="書き出し先（既定: generator/guide/）"
    )
    arguments = parser.parse_args(argv)
    for path in write_pages(arguments.output):
        print(f"書き出しました: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
