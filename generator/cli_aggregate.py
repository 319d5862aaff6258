"""`dataplan aggregate`: many plans in one database, queries over it, its site (a thin layer)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from generator.cli_common import cli_today, fail, fail_usage

DEFAULT_FOLDER = Path("aggregate")


class _RunByDefault(TyperGroup):
    """`dataplan aggregate plans.yaml` is `dataplan aggregate run plans.yaml`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own click Context
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


aggregate_app = typer.Typer(cls=_RunByDefault, no_args_is_help=True)

FolderOption = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="集計のフォルダ（データベース aggregate.duckdb と data/ のあるところ）。",
    ),
]


@aggregate_app.callback()
def aggregate() -> None:
    """多くの計画（県内の市町村、全国の団体）を1つのデータベースに集計し、問い合わせ、サイトにします。

    `dataplan aggregate 一覧.yaml` は `dataplan aggregate run 一覧.yaml` と同じです。
    """


@aggregate_app.command("run")
def run(
    location: Annotated[
        Path,
        typer.Argument(
            help="集計する計画の一覧（YAML のリスト）か、計画のフォルダを並べたフォルダ。"
        ),
    ],
    out: FolderOption = DEFAULT_FOLDER,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", min=0, help="同時に読む計画の数（プロセス数）。0 は使える CPU の数。"
        ),
    ] = 0,
) -> None:
    """一覧の計画を1件ずつ読み、検証し、公開の内容だけを集計します（0: すべて集計、1: 入らない計画あり）。

    内容の変わらない計画は読み直しません。エラーのある計画は問題とともに記録し、ほかの計画の集計は続けます。
    結果はデータベース（aggregate.duckdb）と、都道府県ごとの Parquet と CSV（data/）に書きます。
    """
    from generator.aggregate.database import AggregateBusy
    from generator.aggregate.run import Loaded, default_jobs, run_aggregate

    def show(loaded: Loaded) -> None:
        if loaded.included:
            return
        for problem in loaded.errors:
            typer.echo(f"{loaded.source.source}: {problem.as_text()}", err=True)
        typer.echo(f"{loaded.source.source}: エラーがあるため集計に入れていません。", err=True)

    today = cli_today()
    try:
        summary = run_aggregate(
            location, out, today=today, jobs=jobs or default_jobs(), on_plan=show
        )
    except FileNotFoundError:
        fail_usage(
            f"{location} が見つかりません。集計する計画の一覧（YAML）かフォルダを指定してください。"
        )
    except NotADirectoryError:
        fail_usage(
            f"{location} には計画のフォルダ（plan/ のあるフォルダ）がありません。"
            "計画のフォルダを並べたフォルダか、一覧（YAML）を指定してください。"
        )
    except AggregateBusy:
        fail(
            f"ほかの dataplan aggregate が {out} を使っています。終わるのを待ってから、もう一度実行してください。"
        )
    for problem in summary.manifest_problems:
        typer.echo(problem.as_text(), err=True)
    typer.echo(
        f"計画 {summary.sources} 件: 読んだ {len(summary.read)} 件、変更なし {summary.unchanged} 件、"
        f"一覧から外れた {len(summary.removed)} 件（{summary.seconds:.1f} 秒）。"
    )
    typer.echo(
        f"集計に入っている計画 {summary.included} 件、エラーで入っていない計画 {summary.left_out} 件。"
    )
    typer.echo(f"書き出しました: {out / 'aggregate.duckdb'}、{out / 'data'}")
    raise typer.Exit(1 if summary.left_out or summary.manifest_problems else 0)


class QueryFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


@aggregate_app.command("query")
def query(
    sql: Annotated[
        str,
        typer.Argument(help='SQL（例: "SELECT status, count(*) FROM plans GROUP BY status"）。'),
    ],
    out: FolderOption = DEFAULT_FOLDER,
    output_format: Annotated[
        QueryFormat, typer.Option("--format", help="出力形式: table、csv、json。")
    ] = QueryFormat.TABLE,
) -> None:
    """集計のデータベースに SQL で問い合わせます（読み取り専用。書き換える文は拒みます）。

    表と列は利用の手引の「多くの計画の集計」にあります。
    """
    from generator.aggregate.database import AggregateBusy, NoDatabase
    from generator.aggregate.query import QueryRefused, as_csv, as_json, run_query
    from generator.cli_tables import rows_table, terminal

    try:
        result = run_query(out, sql)
    except NoDatabase:
        fail_usage(
            f"{out} に集計のデータベースがありません。先に `dataplan aggregate 一覧.yaml -o {out}` を実行してください。"
        )
    except AggregateBusy:
        fail(f"{out} の集計を書き込み中です。終わってから、もう一度実行してください。")
    except QueryRefused as error:
        fail(str(error))
    if output_format is QueryFormat.JSON:
        typer.echo(as_json(result))
    elif output_format is QueryFormat.CSV:
        typer.echo(as_csv(result), nl=False)
    else:
        terminal().print(rows_table(result.columns, result.rows))
        typer.echo(f"{len(result.rows)} 行")


@aggregate_app.command("site")
def site(
    out: FolderOption = DEFAULT_FOLDER,
    site_out: Annotated[
        Path | None,
        typer.Option(
            "--site-out", help="サイトの書き出し先。省略時は集計のフォルダの site_build/。"
        ),
    ] = None,
    title: Annotated[
        str,
        typer.Option(
            "--title", help="サイトの名前（例: 静岡県内市町村の官民データ活用推進計画）。"
        ),
    ] = "官民データ活用推進計画の集計",
) -> None:
    """集計のサイトを作ります（団体ごとの計画の状態、国の施策などとの対応、KPI の判定、オープンデータ）。

    計画のサイトと同じテーマと日本語の全文検索です。各団体のまとめのページから、その計画のサイトへ進めます。
    """
    from generator.aggregate.database import AggregateBusy, NoDatabase
    from generator.aggregate.site.build import build_aggregate_site
    from generator.publish.site_errors import SITE_ERRORS

    try:
        built = build_aggregate_site(out, today=cli_today(), out=site_out, title=title)
    except NoDatabase:
        fail_usage(
            f"{out} に集計のデータベースがありません。先に `dataplan aggregate 一覧.yaml -o {out}` を実行してください。"
        )
    except AggregateBusy:
        fail(f"{out} の集計を書き込み中です。終わってから、もう一度実行してください。")
    except SITE_ERRORS as error:
        fail(f"サイトを作れませんでした。\n{error}")
    typer.echo(f"{len(built.structure.pages)} ページを {built.seconds:.1f} 秒で作りました。")
    typer.echo(f"ブラウザで開いてください: {built.entry.resolve()}")
