"""The `dataplan` command: a thin layer that parses options, calls the stages and prints."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from generator.catalogue import catalogue_as_dict, catalogue_as_text, load_bundled_catalogue
from generator.summary import plan_summary
from generator.validate import NotAPlanFolder, validate_plan

app = typer.Typer(
    help="官民データ活用推進計画を YAML で管理し、検証・進捗管理・公開するツール。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


PathArgument = Annotated[Path, typer.Argument(help="計画のフォルダ（plan/ と measures/ があるところ）。")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="出力形式: text または json。")]


def fail_usage(message: str) -> None:
    typer.echo(f"エラー: {message}", err=True)
    raise typer.Exit(2)


@app.command()
def validate(
    path: PathArgument = Path("."),
    output_format: FormatOption = OutputFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="警告もエラーとして扱います。")] = False,
) -> None:
    """計画全体を検証し、見つかった問題をすべて表示します（0: 公開可能、1: 問題あり、2: 使い方の誤り）。"""
    try:
        result = validate_plan(path)
    except NotAPlanFolder:
        fail_usage(f"{path} は計画のフォルダではありません（plan/ がありません）。`dataplan init {path}` で作れます。")
    report = result.report
    if output_format is OutputFormat.JSON:
        typer.echo(report.as_json())
    else:
        for problem in report.sorted():
            typer.echo(problem.as_text())
        if report.problems:
            typer.echo(f"\nエラー {len(report.errors)} 件、警告 {len(report.warnings)} 件。")
        if result.project and report.is_valid(strict):
            typer.echo(plan_summary(result.project))
            typer.echo("公開できます。")
        elif not report.is_valid(strict):
            typer.echo("公開できません。上の問題を直してください。")
    raise typer.Exit(0 if report.is_valid(strict) else 1)


@app.command()
def catalog(output_format: FormatOption = OutputFormat.TEXT) -> None:
    """同梱の国の施策一覧（手引の記載例・国の施策・事例集）を表示します。"""
    catalogue = load_bundled_catalogue()
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(catalogue_as_dict(catalogue), ensure_ascii=False, indent=2))
    else:
        typer.echo(catalogue_as_text(catalogue))


def main() -> None:
    """Entry point: run the app; an unexpected failure prints a short message, not a traceback."""
    try:
        app()
    except Exception as error:  # noqa: BLE001 - the last guard before the user's terminal
        if os.environ.get("DATAPLAN_DEBUG"):
            raise
        typer.echo(
            f"内部エラーが起きました（{type(error).__name__}: {error}）。"
            "DATAPLAN_DEBUG=1 を付けて実行すると詳細が出ます。問題として報告してください。",
            err=True,
        )
        sys.exit(3)
