"""`dataplan kpi …`: thin commands over the KPI modules.

The helpers every command shares (loading the plan, failing cleanly, options)
live in generator/cli_common.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from generator.cli_common import (
    OutputFormat,
    PathOption,
    cli_today,
    fail,
    fail_usage,
    load_project,
    parse_quarter,
    quarter_in_plan,
)

kpi_app = typer.Typer(
    help="KPI の実績の記録と進捗の確認（四半期ごとの PDCA）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


QuarterOption = Annotated[
    str | None,
    typer.Option("--quarter", help="四半期（例: 2025Q2）。省略時は実績のある最新の四半期。"),
]


@kpi_app.command("record")
def record(
    kpi_id: Annotated[str, typer.Argument(help="KPI の id（例: k-1-01-1）。")],
    quarter: Annotated[
        str, typer.Argument(help="四半期（例: 2025Q2 = 2025年度第2四半期、7〜9月）。")
    ],
    value: Annotated[
        str,
        typer.Argument(
            help='実績値（数値、または定性 KPI の段階）。文章だけの実績は "" と --note。'
        ),
    ],
    note: Annotated[str, typer.Option("--note", help="実績の説明・コメント。")] = "",
    by: Annotated[str, typer.Option("--by", help="記録した人・部署。")] = "",
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="記録済みの値を置き換えます（前の値は kpi/history.csv へ）。"
        ),
    ] = False,
    path: PathOption = Path("."),
) -> None:
    """KPI の実績を1件記録します（記録済みの値は --replace なしでは上書きしません）。"""
    project = load_project(path, require_valid=False)
    from generator.kpi.record import RecordRequest, record_actual

    request = RecordRequest(kpi_id, quarter, value, note, by, replace)
    try:
        outcome = record_actual(project, request, today=cli_today())
    except OSError as error:
        fail(
            f"kpi/ に書き込めませんでした（{error.strerror or error}）。元のファイルは変わっていません。"
        )
    for problem in outcome.problems:
        typer.echo(problem.as_text(), err=True)
    from generator.control_characters import visible

    typer.echo(visible(outcome.message()))  # old and new values as typed: no escape sequences
    raise typer.Exit(1 if outcome.refused else 0)


@kpi_app.command("status")
def status(
    quarter: QuarterOption = None,
    department: Annotated[
        str | None,
        typer.Option(
            "--department", help="部署の id または名前。その部署が報告する KPI だけを表示します。"
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="出力形式: text または json。")
    ] = OutputFormat.TEXT,
    path: PathOption = Path("."),
) -> None:
    """KPI ごとの実績・目標・進捗率・判定・前期からの変化を表示します。"""

    from generator.cli_tables import status_table, terminal, user_text
    from generator.kpi.status import StatusRequestError, status_listing, summary_text

    project = load_project(path, require_valid=True)
    try:
        listing = status_listing(
            project,
            project.actuals,
            quarter_in_plan(project, quarter, "KPI の状況") if quarter else None,
            department,
        )
    except StatusRequestError as error:
        fail(str(error))
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(listing.as_dict(), ensure_ascii=False, indent=2))
        return
    console = terminal()
    console.print(status_table(listing))
    console.print(user_text(summary_text(listing.rollup)))


@kpi_app.command("template")
def template(
    quarter: Annotated[
        str, typer.Argument(help="記入する四半期（例: 2025Q2、令和7年度第2四半期）。")
    ],
    department: Annotated[
        str | None,
        typer.Option("--department", help="部署の id または名前。その部署のシートだけを作ります。"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="書き出す .xlsx（省略時は kpi-2025Q2.xlsx）。"),
    ] = None,
    path: PathOption = Path("."),
) -> None:
    """部署ごとに KPI の実績を記入する Excel ファイル（.xlsx）を作ります（入力欄以外は保護）。"""
    from generator.kpi.workbook_writer import (
        TemplateError,
        default_output,
        write_template,
        written_message,
    )

    project = load_project(path, require_valid=True)
    target = parse_quarter(quarter)
    try:
        output = output or default_output(project, target, department)
        sheets = write_template(project, target, project.actuals, output, department=department)
    except TemplateError as error:
        fail_usage(str(error))
    except OSError as error:
        fail(f"{output} に書き込めませんでした（{error.strerror or error}）。")
    typer.echo(written_message(output, target, sheets))


@kpi_app.command("import")
def import_files(
    files: Annotated[
        list[Path],
        typer.Argument(help="取り込む .xlsx / .csv（複数可。UTF-8・Shift_JIS の CSV も可）。"),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="書き込まずに、変わる内容と問題だけを表示します。")
    ] = False,
    by: Annotated[
        str, typer.Option("--by", help="記入者。ファイルの記入者の欄が空の行に使います。")
    ] = "",
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="記録済みと違う値で置き換えます（前の値は kpi/history.csv へ）。"
        ),
    ] = False,
    path: PathOption = Path("."),
) -> None:
    """記入済みの Excel や CSV の実績を検査し、kpi/actuals.csv に取り込みます（0: 問題なし、1: 問題あり）。"""
    from generator.control_characters import visible
    from generator.kpi.importer import apply_import, diff_lines, prepare_import, summary_line

    project = load_project(path, require_valid=True)
    today = cli_today()
    plan = prepare_import(project, files, by=by, replace=replace, today=today)
    for line in [problem.as_text() for problem in plan.problems] + diff_lines(plan):
        typer.echo(visible(line))  # values from the files imported: no escape sequences
    if not dry_run:
        try:
            apply_import(project.root, plan, by=by, today=today)
        except OSError as error:
            fail(
                f"kpi/ に書き込めませんでした（{error.strerror or error}）。元のファイルは変わっていません。"
            )
    typer.echo(summary_line(plan, dry_run=dry_run))
    raise typer.Exit(1 if plan.errors else 0)
