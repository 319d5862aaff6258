"""`dataplan catalog`: the catalogues a plan refers to — list, show, export (a thin layer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from generator.cli_common import (
    FormatOption,
    OutputFormat,
    PathArgument,
    checked_output,
    fail,
    fail_on_write_error,
    fail_usage,
    load_project,
)

catalog_app = typer.Typer(no_args_is_help=False, invoke_without_command=True)


@catalog_app.callback(invoke_without_command=True)
def catalog(ctx: typer.Context, output_format: FormatOption = OutputFormat.TEXT) -> None:
    """施策の対応を確かめるカタログ（手引（2017年版）、自治体DX推進計画、県の計画など）を表示・書き出します。

    サブコマンドなしでは、同梱の手引（2017年版）の施策一覧（記載例・国の施策・事例集）を表示します。
    ほかのカタログは `dataplan catalog list` と `dataplan catalog show <id>` で見られます。
    """
    if ctx.invoked_subcommand is not None:
        return
    from generator.catalogue import (
        catalogue_as_dict,
        catalogue_as_text,
        load_bundled_catalogue,
        load_bundled_references,
    )

    catalogue = load_bundled_catalogue()
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(catalogue_as_dict(catalogue), ensure_ascii=False, indent=2))
        return
    typer.echo(catalogue_as_text(catalogue))
    others = "、".join(c.id for c in load_bundled_references())
    typer.echo(f"ほかの同梱のカタログ: {others}（dataplan catalog show <id> で表示）")


@catalog_app.command("list")
def list_catalogues(output_format: FormatOption = OutputFormat.TEXT) -> None:
    """同梱のカタログ（id、表題、版、発行者、発行日、項目数）を一覧にします。"""
    from generator.catalogue import load_bundled_catalogue, load_bundled_references

    template = load_bundled_catalogue()
    rows = [(template.catalogue, len(template.national_measures), "国の施策")]
    rows += [(c.catalogue, len(c.entries), "項目") for c in load_bundled_references()]
    if output_format is OutputFormat.JSON:
        data = [{**info.model_dump(), "entries": count} for info, count, _ in rows]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for info, count, unit in rows:
        made = "、".join(part for part in (info.issuer, info.date) if part)
        typer.echo(f"{info.id}  {info.title} {info.version}（{made}）{unit} {count} 件")


@catalog_app.command("show")
def show(
    catalogue: Annotated[
        str,
        typer.Argument(
            help="同梱のカタログの id（例: dx-2.3、tebiki-2017）か、カタログのファイル（例: plan/pref-plan.yaml）。"
        ),
    ],
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """カタログの出典と項目（施策の catalogue_entries に書く「id/キー」）を表示します。

    ファイルを渡すと、計画のファイルと同じように検証し、問題があれば場所とともに表示します（終了コード 1）。
    """
    from generator.catalogue import (
        catalogue_as_dict,
        catalogue_as_text,
        load_bundled_catalogue,
        load_bundled_references,
        reference_as_dict,
        reference_as_text,
    )
    from generator.suggest import did_you_mean
    from generator.validate.catalogues import read_catalogue_file

    template = load_bundled_catalogue()
    if catalogue == template.catalogue.id:
        as_json, as_text = catalogue_as_dict(template), catalogue_as_text(template)
    else:
        found = next((c for c in load_bundled_references() if c.id == catalogue), None)
        if found is None and not Path(catalogue).exists():
            ids = [template.catalogue.id, *(c.id for c in load_bundled_references())]
            fail_usage(
                f"カタログ「{catalogue}」は同梱のカタログにもファイルにもありません。"
                f"{did_you_mean(catalogue, ids)}同梱のカタログ: {'、'.join(ids)}。"
            )
        if found is None:
            found, _, problems = read_catalogue_file(Path(catalogue), catalogue)
            if found is None:
                for problem in sorted(problems):
                    typer.echo(problem.as_text())
                fail(f"{catalogue} はカタログとして使えません（問題 {len(problems)} 件）。")
        as_json, as_text = reference_as_dict(found), reference_as_text(found)
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(as_json, ensure_ascii=False, indent=2))
    else:
        typer.echo(as_text)


@catalog_app.command("export")
def export(
    path: PathArgument = Path("."),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="書き出すファイル（例: pref-plan.yaml）。省略時は画面に表示。"
        ),
    ] = None,
    catalogue_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="カタログの id（省略時は「地方公共団体コード-最新の改定日（なければ策定日）」）。",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="前回書き出したカタログのファイル。同じ施策の項目に「引き継ぐ」（continues）を付けます。",
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", help="計画を公開しているページの URL（出典として載せます）。"),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="--output のファイルがあっても書き換えます。")
    ] = False,
) -> None:
    """計画の施策（公開の内容だけ）を、ほかの計画が参照できるカタログのファイルに書き出します。

    県の計画を書き出し、市町村がそのファイルを plan/ に置いて plan.yaml の catalogues に書くと、
    施策の catalogue_entries で県の施策を「カタログの id/施策の id」と参照できます。
    """
    from generator.atomic import atomic_write_text
    from generator.catalogue.export import catalogue_yaml, plan_as_catalogue
    from generator.catalogue.reference import ReferenceCatalogue
    from generator.validate.catalogues import read_catalogue_file

    target = checked_output(output, root=path, example="catalogue.yaml").path if output else None
    project = load_project(path, require_valid=True)
    earlier = None
    if previous is not None:
        earlier, _, problems = read_catalogue_file(previous, str(previous))
        if earlier is None:
            for problem in sorted(problems):
                typer.echo(problem.as_text(), err=True)
            fail(
                f"--previous の {previous} はカタログとして使えません（問題 {len(problems)} 件）。"
            )
    data = plan_as_catalogue(project, catalogue_id=catalogue_id, url=url, previous=earlier)
    try:
        ReferenceCatalogue.model_validate(data)
    except ValueError as error:  # an --id that is no identifier, for instance
        fail_usage(
            f"カタログとして書き出せません: {str(error).splitlines()[0]}（--id を確かめてください）。"
        )
    text = catalogue_yaml(data, fictional=project.meta.fictional)
    if output is None or target is None:
        typer.echo(text, nl=False)
        return
    if target.exists() and not overwrite:
        fail_usage(f"{output} はすでにあります。別の名前にするか --overwrite を付けてください。")
    try:
        atomic_write_text(target, text)
    except OSError as error:
        fail_on_write_error(target, error, kept="カタログのファイルは書いていません。")
    entries = sum(len(section["entries"]) for section in data["sections"])
    typer.echo(f"書き出しました: {output}（カタログ {data['catalogue']['id']}、項目 {entries} 件）")
