"""`dataplan kpi …`: thin commands over the KPI modules.

The helpers every command shares (loading the plan, failing cleanly, options)
live in generator/cli_common.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from generator.cli_common import (
    OutputFormat,
    PathOption,
    checked_output,
    cli_today,
    fail,
    fail_usage,
    load_project,
    parse_review,
    quarter_in_plan,
)

kpi_app = typer.Typer(
    help="KPI の実績の記録と進捗の確認（四半期ごとの PDCA）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail_write(error: OSError) -> NoReturn:
    """kpi/ could not be written: say whether the files are unchanged or the next run completes them."""
    from generator.file_access import os_error_reason
    from generator.kpi.transaction import IncompleteCommit

    reason = os_error_reason(error)
    if isinstance(error, IncompleteCommit):
        fail(
            f"kpi/ への書き込みが途中で止まりました（{reason}）。"
            "次に dataplan を実行したときに、actuals.csv と history.csv をそろえて書き込みを完了します。"
        )
    fail(f"kpi/ に書き込めませんでした（{reason}）。元のファイルは変わっていません。")


QuarterOption = Annotated[
    str | None,
    typer.Option("--quarter", help="四半期（例: 2025Q2）。省略時は実績のある最新の四半期。"),
]


@kpi_app.command("record")
def record(
    kpi_id: Annotated[str, typer.Argument(help="KPI の id（例: k-1-01-1）。")],
    quarter: Annotated[
        str,
        typer.Argument(
            help="四半期（例: 2025Q2 = 2025年度第2四半期、7〜9月）。年1回の確認の計画では年度（例: 2024）も可。"
        ),
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
    recorded_at: Annotated[
        str | None,
        typer.Option(
            "--recorded-at",
            help="実際に記録した日（例: 2025-10-17）。後から入力するときに使います。省略時は今日。",
        ),
    ] = None,
    path: PathOption = Path("."),
) -> None:
    """KPI の実績を1件記録します（記録済みの値は --replace なしでは上書きしません）。

    年1回の確認（review_cadence: yearly）の計画では、四半期の代わりに年度（例: 2024）を書けます。
    """
    from generator.kpi.normalise import normalise_date
    from generator.kpi.record import RecordRequest, record_actual

    day = None
    if recorded_at is not None:
        day, why = normalise_date(recorded_at)
        if day is None:
            fail_usage(f"--recorded-at: {why}（例: --recorded-at 2025-10-17）。")
    project = load_project(path, require_valid=False)
    request = RecordRequest(kpi_id, quarter, value, note, by, replace, day)
    try:
        outcome = record_actual(project, request, today=cli_today())
    except OSError as error:
        fail_write(error)
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
    from generator.kpi.status import (
        StatusRequestError,
        grade_text,
        status_listing,
        summary_text,
    )

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
    order = [item.grade for item in project.meta.evaluation.grades]
    if listing.graded:
        console.print(user_text(grade_text(listing, order)))


@kpi_app.command("template")
def template(
    quarter: Annotated[
        str,
        typer.Argument(
            help="記入する四半期（例: 2025Q2、令和7年度第2四半期）。年1回の確認の計画では年度（例: 2024、令和6年度）も可。"
        ),
    ],
    department: Annotated[
        str | None,
        typer.Option("--department", help="部署の id または名前。その部署のシートだけを作ります。"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="書き出す .xlsx（省略時は kpi-2025Q2.xlsx）。"),
    ] = None,
    include_internal: Annotated[
        bool,
        typer.Option(
            "--include-internal",
            help="庁内限定の文章（目標の説明など）も［庁内限定］を付けて載せます（省略時は載せません）。",
        ),
    ] = False,
    path: PathOption = Path("."),
) -> None:
    """部署ごとに KPI の実績を記入する Excel ファイル（.xlsx）を作ります（入力欄以外は保護）。"""
    from generator.file_access import os_error_reason
    from generator.kpi.workbook_writer import (
        TemplateError,
        default_output,
        write_template,
        written_message,
    )

    project = load_project(path, require_valid=True)
    target = parse_review(project, quarter)
    try:
        given = output or default_output(project, target, department)
    except TemplateError as error:
        fail_usage(str(error))
    written_to = checked_output(given, root=path, example=f"kpi-{target}.xlsx").path
    try:
        sheets = write_template(
            project,
            target,
            project.actuals,
            written_to,
            department=department,
            include_internal=include_internal,
        )
    except TemplateError as error:
        fail_usage(str(error))
    except OSError as error:
        fail(f"{given} に書き込めませんでした（{os_error_reason(error)}）。")
    typer.echo(written_message(given, target, sheets))


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
    from generator.kpi.importer import diff_lines, run_import, summary_line
    from generator.problems import problem_lines

    project = load_project(path, require_valid=True)
    try:
        plan = run_import(
            project, files, by=by, replace=replace, dry_run=dry_run, today=cli_today()
        )
    except OSError as error:
        fail_write(error)
    for line in problem_lines(plan.problems) + diff_lines(plan):
        typer.echo(visible(line))  # values from the files imported: no escape sequences
    typer.echo(summary_line(plan, dry_run=dry_run))
    raise typer.Exit(1 if plan.errors else 0)
