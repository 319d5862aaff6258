"""The `dataplan` command: a thin layer that parses options, calls the stages and prints."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from generator.cli_aggregate import aggregate_app
from generator.cli_catalog import catalog_app
from generator.cli_common import (
    FormatOption,
    OutputFormat,
    PathArgument,
    PathOption,
    TimeoutOption,
    checked_output,
    checked_output_folder,
    cli_today,
    fail,
    fail_on_write_error,
    fail_usage,
    load_project,
    load_publishable,
    not_a_plan_folder,
    quarter_in_plan,
    set_time_limit,
    site_errors_reported,
)
from generator.cli_kpi import kpi_app
from generator.layout import REPORTS_DIR, SCHEMAS_DIR


class _Commands(typer.core.TyperGroup):
    """Every command: Ctrl-C ends it with a word on what happened and what was written."""

    def invoke(self, ctx: Any) -> Any:
        from generator import interrupts

        interrupts.start()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            typer.echo(f"\n{interrupts.interrupted_message()}", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Commands,
    help="官民データ活用推進計画を YAML で管理し、検証・進捗管理・公開するツール。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def validate(
    path: PathArgument = Path("."),
    output_format: FormatOption = OutputFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="警告もエラーとして扱います。")] = False,
) -> None:
    """計画全体を検証し、見つかった問題をすべて表示します（0: 公開可能、1: 問題あり、2: 使い方の誤り）。"""
    from generator.problems import problem_lines
    from generator.summary import plan_summary, skipped_checks_note
    from generator.validate import NotAPlanFolder, validate_plan

    try:
        result = validate_plan(path, today=cli_today())
    except NotAPlanFolder:
        fail_usage(not_a_plan_folder(path))
    report = result.report
    if output_format is OutputFormat.JSON:
        typer.echo(report.as_json())
    else:
        for line in problem_lines(report.sorted()):
            typer.echo(line)
        if report.problems:
            typer.echo(f"\nエラー {len(report.errors)} 件、警告 {len(report.warnings)} 件。")
            skipped = skipped_checks_note(result.project)
            if skipped:
                typer.echo(skipped)
        if result.project and report.is_valid(strict):
            typer.echo(plan_summary(result.project))
            typer.echo("公開できます。")
        elif not report.is_valid(strict):
            typer.echo("公開できません。上の問題を直してください。")
    raise typer.Exit(0 if report.is_valid(strict) else 1)


@app.command(name="lg-code")
def lg_code(
    query: Annotated[
        str,
        typer.Argument(
            help="団体名（例: 浜松市、静岡県浜松市）、6桁のコード、または検査数字を付ける5桁の数字。"
        ),
    ],
) -> None:
    """全国地方公共団体コード（同梱の一覧）で団体名とコードを調べます（見つからなければ終了コード 1）。"""
    from generator.municipalities import load_code_list, lookup_lines

    lines, found = lookup_lines(query)
    for line in lines:
        typer.echo(line)
    typer.echo(f"出典: {load_code_list().source_text}（利用の手引: dataplan guide catalogues）。")
    raise typer.Exit(0 if found else 1)


@app.command()
def crossref(
    path: PathArgument = Path("."), output_format: FormatOption = OutputFormat.TEXT
) -> None:
    """計画の施策と、国の施策・事例集・カタログ（自治体DX推進計画、県の計画など）との対応を表示します。

    カタログごとの網羅率と対応する施策のない項目、柱×重点分野の表、カタログの項目×計画の体系の表も出します。
    """
    from generator.cli_tables import crossref_renderables, terminal
    from generator.resolve import cross_reference, cross_reference_as_dict

    project = load_project(path, require_valid=True)
    reference = cross_reference(project)
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(cross_reference_as_dict(reference), ensure_ascii=False, indent=2))
    else:
        console = terminal()
        for renderable in crossref_renderables(project, reference):
            console.print(renderable)


@app.command()
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="書き出し先のフォルダ。")] = Path(
        SCHEMAS_DIR
    ),
) -> None:
    """エディタ（VS Code など）で補完・点検するための JSON Schema を書き出します。"""
    from generator.schema_export import write_schemas

    checked_output_folder(output)
    try:
        written = write_schemas(output)
    except OSError as error:
        fail_on_write_error(output, error, kept="JSON Schema は1つも書き換えていません。")
    for path in written:
        typer.echo(f"書き出しました: {path}")


@app.command(context_settings={"allow_extra_args": True})
def init(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="新しい計画を作るフォルダ（なければ作ります）。")],
    examples: Annotated[
        list[str] | None,
        typer.Option(
            "--examples",
            help="出発点にする手引の記載例の id（例: --examples ex-1-02 ex-2-01）か、同梱のカタログの項目"
            "（例: --examples 'dx-2.3/3.1(1)'。括弧があるので引用符で囲みます）。"
            "一覧は `dataplan catalog` と `dataplan catalog show dx-2.3`。",
        ),
    ] = None,
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality",
            help="団体名（例: 架空市、架空県）。省略時は「〇〇市」（都道府県では「〇〇県」）。",
        ),
    ] = None,
    lg_code: Annotated[
        str | None, typer.Option("--lg-code", help="地方公共団体コード（6桁）。省略時は仮の値。")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            help="団体の種類: municipality（市町村）、special_ward（特別区）、prefecture（都道府県）。"
            "省略時は --lg-code から判断し、なければ municipality。prefecture では都道府県の雛型"
            "（基本法第9条第1項）を作ります。",
        ),
    ] = None,
) -> None:
    """手引の雛型から新しい計画を作ります（記載例やカタログの項目を選んでスモールスタート）。

    --examples を省いて端末から実行すると、記載例と同梱のカタログの項目の一覧から番号や id で選べます。
    """
    from generator import scaffold

    try:
        chosen = scaffold.example_ids_from_cli(examples, ctx.args)
        if chosen is None and scaffold.stdin_is_terminal():
            chosen = scaffold.choose_examples(
                lambda text: typer.prompt(text, default="", show_default=False), typer.echo
            )
        created = scaffold.create_plan(
            path, scaffold.InitOptions(chosen or [], municipality, lg_code, level)
        )
    except scaffold.ScaffoldError as error:
        fail_usage(str(error))
    except OSError as error:
        fail_on_write_error(
            path,
            error,
            kept="計画は作っていません（途中まで書いたファイルも残していません）。",
            fix="空き容量と書き込みの権限を確かめるか、別のフォルダを指定してください。",
        )
    typer.echo(scaffold.created_message(path, created))


app.add_typer(kpi_app, name="kpi")
app.add_typer(catalog_app, name="catalog")
app.add_typer(aggregate_app, name="aggregate")


@app.command()
def report(
    quarter: Annotated[
        str,
        typer.Argument(
            help="四半期（例: 2025Q2）。年1回の確認（review_cadence: yearly）の計画では年度（例: 2024）。"
        ),
    ],
    path: PathOption = Path("."),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="書き出し先のフォルダ。省略時は計画のフォルダの reports/。"
        ),
    ] = None,
    internal: Annotated[
        bool,
        typer.Option(
            "--internal", help="庁内限定の記録も載せます（ファイル名に -internal が付きます）。"
        ),
    ] = False,
) -> None:
    """四半期（年1回の確認では年度）の PDCA 報告書を Markdown と CSV で書き出します（例: reports/report-2025Q2.md、reports/report-2024.md）。"""
    from generator.project import Audience
    from generator.report import build_report
    from generator.report_render import write_report
    from generator.visibility import plan_view

    checked_output_folder(output or path / REPORTS_DIR)
    project = load_project(path, require_valid=True)
    audience = Audience.INTERNAL if internal else Audience.PUBLIC
    chosen = quarter_in_plan(
        project, quarter, "進捗報告", refuse=("W-after-period", "W-future-quarter")
    )
    built = build_report(plan_view(project, audience), chosen, today=cli_today())
    if built.unfinished:
        typer.echo(f"注意: {chosen.label}はまだ終わっていません。途中までの実績で作りました。")
    folder = output or path / REPORTS_DIR
    try:
        written = write_report(built, folder)
    except OSError as error:
        fail_on_write_error(
            folder, error, kept="報告書は書き出していません（前の報告書があれば、そのままです）。"
        )
    for path_written in written:
        typer.echo(f"書き出しました: {path_written}")


InternalOption = Annotated[
    bool,
    typer.Option(
        "--internal", help="庁内版（庁内限定の記載に「庁内限定」の印を付けて載せる）を作ります。"
    ),
]


@app.command()
def build(
    path: PathArgument = Path("."),
    internal: InternalOption = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="書き出し先のフォルダ。省略時は site_build/public（庁内版は internal）。"
        ),
    ] = None,
    with_pdf: Annotated[
        bool | None,
        typer.Option(
            "--pdf/--no-pdf",
            help="計画の PDF を作ってトップページから開けるようにするか。省略時は作れれば作り、"
            "作れないとき（日本語のフォントがないなど）は理由を表示してサイトだけを作ります。"
            "--pdf では作れなければ何も作らず終了コード 1、--no-pdf なら速く作れます。",
        ),
    ] = None,
    timeout: TimeoutOption = None,
) -> None:
    """公開サイトを作ります（検証 → ページ生成 → HTML → 全文検索の索引）。エラーのある計画は作りません。"""
    from generator.compare.pages import load_latest_revision
    from generator.publish.output_folder import check_output_folder
    from generator.publish.site_build import build_site

    set_time_limit(timeout)
    with site_errors_reported(out or Path(path) / "site_build"):
        if out is not None:
            check_output_folder(out, path)  # before validating: a wrong --out stops at once
        project = load_publishable(path)
        if with_pdf:
            from generator.publish.pdf import pdf_unavailable_reason

            reason = pdf_unavailable_reason()
            if reason:
                fail(
                    f"PDF を作れません。{reason}。PDF なしでサイトを作るときは --pdf を外してください。"
                )
        built = build_site(
            project,
            revision=load_latest_revision(project),
            internal=internal,
            out=out,
            with_pdf=with_pdf is not False,
        )
    typer.echo(f"{len(built.source.structure.pages)} ページを {built.seconds:.1f} 秒で作りました。")
    typer.echo(f"ブラウザで開いてください: {built.entry.resolve()}")
    for item in built.source.left_out:
        typer.echo(f"注意: {item.as_text()}", err=True)


@app.command()
def serve(
    path: PathArgument = Path("."),
    internal: InternalOption = False,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="待ち受けるポート番号。")
    ] = 8000,
    timeout: TimeoutOption = None,
) -> None:
    """サイトを作って 127.0.0.1 で表示し、plan/・measures/・kpi/・site/ の変更を見て作り直します。"""
    from generator.file_access import os_error_reason
    from generator.publish.preview import serve_preview

    set_time_limit(timeout)
    load_publishable(path)
    try:
        serve_preview(path, internal=internal, port=port, echo=typer.echo)
    except OSError as error:
        fail(
            f"127.0.0.1 のポート {port} で待ち受けられません（{os_error_reason(error)}）。"
            "--port で別の番号を指定してください。"
        )


@app.command("a11y-check")
def a11y_check(
    path: PathArgument = Path("."),
    pages: Annotated[
        int, typer.Option("--pages", min=0, help="試験するページ数（代表ページは必ず含めます）。")
    ] = 40,
    sample: Annotated[
        str,
        typer.Option(
            "--sample",
            help="ページの選び方: representative+random、representative、random、all。"
            "サイトのページ数が --pages 以下ならすべてのページ。",
        ),
    ] = "representative+random",
    seed: Annotated[int, typer.Option("--seed", help="ランダムに選ぶときの乱数の種。")] = 0,
    site: Annotated[
        Path | None,
        typer.Option("--site", help="作ってある公開サイトのフォルダ（省略時はここで作ります）。"),
    ] = None,
    page: Annotated[
        list[str] | None,
        typer.Option(
            "--page",
            help="このページだけを試験します（サイト内のパス。例: history.html。複数可）。",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="書き出す JSON（省略時は方針の設定 test_results の場所）。"
        ),
    ] = None,
    timeout: TimeoutOption = None,
) -> None:
    """公開サイトを axe-core で自動検査し（幅 1280 px と 375 px）、試験結果のデータ（JSON）を書きます。"""
    from generator.a11y.browser import BrowserMissing
    from generator.a11y.run import check_site, write_results
    from generator.a11y.sampling import Method
    from generator.model.accessibility import Accessibility
    from generator.programs import ProgramFailed
    from generator.publish.site_build import built_site_to_check
    from generator.publish.site_errors import SITE_ERRORS

    try:
        method = Method(sample)
    except ValueError:
        fail_usage(f"--sample は {'、'.join(m.value for m in Method)} のどれかです: {sample}")
    if site is not None and not (site / "index.html").is_file():
        fail_usage(
            f"{site} は作ってあるサイトのフォルダではありません（index.html がありません）。"
        )
    set_time_limit(timeout)
    example = "a11y-results.json"
    chosen = checked_output(output, root=path, example=example) if output is not None else None
    project = load_publishable(path)
    settings = project.meta.accessibility or Accessibility()
    target = (
        chosen
        or checked_output(Path(project.root) / settings.test_results, root=path, example=example)
    ).path
    try:
        with built_site_to_check(project, site) as (site_dir, kinds):
            run = check_site(
                project,
                site_dir=site_dir,
                kinds=kinds,
                pages=pages,
                method=method,
                seed=seed,
                today=cli_today(),
                only=page or None,
            )
    except BrowserMissing as error:
        fail(f"ブラウザで検査できません: {error}")
    except ProgramFailed as error:
        fail(f"検査を終えられませんでした。{error}検査の結果は書き出していません。")
    except ValueError as error:
        fail_usage(str(error))
    except SITE_ERRORS as error:
        fail(f"サイトを作れませんでした。\n{error}")
    try:
        write_results(run.data, target)
    except OSError as error:
        fail_on_write_error(target, error, kept="検査の結果は書き出していません。")
    counts: dict[str, int] = {}
    for criterion in run.data["criteria"]:
        counts[criterion["label"]] = counts.get(criterion["label"], 0) + 1
    typer.echo(
        f"{run.selection.total} ページ中 {len(run.selection.pages)} ページを"
        f"{run.seconds:.1f} 秒で検査しました（{run.data['selection']['label']}）。"
    )
    for label, count in counts.items():
        typer.echo(f"  {label}: {count} 件")
    typer.echo(f"書き出しました: {target}")


@app.command()
def pdf(
    path: PathArgument = Path("."),
    internal: Annotated[
        bool,
        typer.Option(
            "--internal",
            help="庁内限定の記載も「庁内限定」の印を付けて載せます（公開しないでください）。",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="書き出す PDF。省略時は build/plan.pdf（--internal では build/plan-internal.pdf）。",
        ),
    ] = None,
    charts: Annotated[
        bool,
        typer.Option(
            "--charts/--no-charts",
            help="KPI のグラフを載せるか（--no-charts なら表だけで、速く作れます）。",
        ),
    ] = True,
    timeout: TimeoutOption = None,
) -> None:
    """計画全体を雛型の章立てで印刷用の PDF（タグ付き、A4、目次とページ番号付き）に書き出します。"""
    from generator.publish import pdf as plan_pdf  # WeasyPrint is loaded only for this command

    set_time_limit(timeout)
    given = output or plan_pdf.default_pdf_path(path, internal=internal)
    target = checked_output(given, root=path, example="plan.pdf").path
    from generator.compare.pages import load_latest_revision
    from generator.project import Audience

    project = load_project(path, require_valid=True)
    audience = Audience.INTERNAL if internal else Audience.PUBLIC
    table = load_latest_revision(project).table(audience)  # none when it cannot be made
    try:
        written = plan_pdf.write_plan_pdf(
            project, target, internal=internal, charts=charts, revision_table=table
        )
    except plan_pdf.PdfUnavailable as error:
        fail(
            f"PDF を作れません。{error}。利用の手引の「公開」（dataplan guide publishing）も見てください。"
        )
    except OSError as error:
        fail_on_write_error(
            target, error, kept="PDF は書き出していません（前の PDF があれば、そのままです）。"
        )
    typer.echo(
        f"書き出しました: {written.path}"
        f"（{written.pages} ページ、KPI のグラフ {written.charts} 点、{written.size:,} バイト）"
    )


@app.command()
def compare(
    old: Annotated[
        str,
        typer.Argument(
            help="改定前: git のリビジョン（タグ・コミット・ブランチ）か、計画のフォルダ。"
        ),
    ],
    new: Annotated[
        str | None,
        typer.Argument(help="改定後: リビジョンかフォルダ。省略時は作業中のファイル（--path）。"),
    ] = None,
    path: PathOption = Path("."),
    output_format: Annotated[
        str, typer.Option("--format", help="出力形式: text、md、csv（Excel 用）、json。")
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="書き出すファイル。省略時は画面に表示。")
    ] = None,
    internal: Annotated[
        bool, typer.Option("--internal", help="庁内限定の記載も比べます（公開しないでください）。")
    ] = False,
    context: Annotated[
        int,
        typer.Option(
            "--context", min=0, help="変更の前後に残す文字数。長い変更のない部分は「（略）」に。"
        ),
    ] = 30,
) -> None:
    """改定前と改定後の計画を比べ、新旧対照表（改定後｜改定前｜備考）を書き出します。"""
    from generator.atomic import atomic_write_text
    from generator.compare.command import CompareFormat, run_compare
    from generator.compare.sides import SideUnavailable
    from generator.problems import problem_lines

    if output_format not in {item.value for item in CompareFormat}:
        fail_usage(f"--format は text、md、csv、json のどれかです（{output_format}）。")
    example = f"shinkyu.{output_format if output_format != 'text' else 'txt'}"
    target = checked_output(output, root=path, example=example).path if output else None
    try:
        outcome = run_compare(
            old, new, path, CompareFormat(output_format), internal=internal, context=context
        )
    except SideUnavailable as error:
        fail_usage(str(error))
    for label, side in outcome.unusable:
        for line in problem_lines(side.report.sorted()):
            typer.echo(line, err=True)
        typer.echo(
            f"{label}（{side.info.source}）の計画にエラーが {len(side.report.errors)} 件あります。",
            err=True,
        )
    if outcome.text is None:
        fail("エラーのある計画とは比べられません。上の問題を直してください。")
    if target is None:
        typer.echo(outcome.text, nl=False)
        return
    try:
        atomic_write_text(target, outcome.text)
    except OSError as error:
        fail_on_write_error(target, error, kept="新旧対照表は書き出していません。")
    typer.echo(f"書き出しました: {target}（改定箇所 {outcome.change_count} 件）")


@app.command()
def guide(
    page: Annotated[
        str | None,
        typer.Argument(
            help="表示するページ（例: files、site、publishing、ci/github-actions-publish.yml）。"
            "省略時はページの一覧。"
        ),
    ] = None,
) -> None:
    """入っている版の利用の手引を表示します（ページの一覧、またはページの本文）。"""
    from generator.user_guide import UnknownGuidePage, guide_index_text, guide_page

    if page is None:
        typer.echo(guide_index_text())
        return
    try:
        found = guide_page(page)
    except UnknownGuidePage as error:
        fail_usage(str(error))
    typer.echo(found.path.read_text(encoding="utf-8"), nl=False)


def main() -> None:
    """Entry point: run the app; an unexpected failure prints a short message, not a traceback."""
    try:
        app()
    except KeyboardInterrupt:  # before a command started (while loading)
        from generator.interrupts import interrupted_message

        typer.echo(f"\n{interrupted_message()}", err=True)
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last guard before the user's terminal
        if os.environ.get("DATAPLAN_DEBUG"):
            raise
        typer.echo(
            f"内部エラーが起きました（{type(error).__name__}: {error}）。"
            "DATAPLAN_DEBUG=1 を付けて実行すると詳細が出ます。問題として報告してください。",
            err=True,
        )
        sys.exit(3)
