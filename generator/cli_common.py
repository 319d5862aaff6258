"""What every `dataplan` command shares: output formats, the plan-folder option, failing cleanly."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from generator.output_target import OutputFile
    from generator.project import PlanProject
    from generator.quarters import ReviewPeriod

from generator import clock
from generator.programs import DEFAULT_LIMIT, LIMIT_VARIABLE


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


PathArgument = Annotated[
    Path, typer.Argument(help="計画のフォルダ（plan/ と measures/ があるところ）。")
]
PathOption = Annotated[
    Path, typer.Option("--path", help="計画のフォルダ（plan/ と measures/ があるところ）。")
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=1,
        help="ブラウザなどの外部プログラムが応答しないとき、止めるまでに待つ秒数。"
        "止めたときは、起動したプロセスもすべて終了させます。"
        f"省略時は環境変数 {LIMIT_VARIABLE}、それもなければ {DEFAULT_LIMIT:g} 秒。",
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="出力形式: text または json。")
]


def set_time_limit(seconds: float | None) -> None:
    """How long an external program (the browser) may stay silent in this run (None: the
    default, DATAPLAN_TIMEOUT or 60 s); a malformed DATAPLAN_TIMEOUT is a usage error."""
    from generator import programs

    if seconds is not None:
        programs.set_time_limit(seconds)
        return
    try:
        programs.time_limit()
    except ValueError as error:
        fail_usage(str(error))


def fail(message: str) -> NoReturn:
    """Bad input or a plan that cannot be used: a Japanese message and exit status 1."""
    typer.echo(f"エラー: {message}", err=True)
    raise typer.Exit(1)


def fail_on_write_error(path: Path, error: OSError, *, kept: str, fix: str = "") -> NoReturn:
    """A write refused by the system (full disk, read-only folder, no permission): exit 1.

    `kept` says what was left as it was; the reason is worded in Japanese. The file named
    is the one the error is about, when the system says (one file of a report or a site).
    """
    from generator.file_access import os_error_reason
    from generator.problems import make_problem

    fix = fix or "空き容量と書き込みの権限を確かめるか、--output で別のフォルダを指定してください。"
    path = Path(os.fsdecode(error.filename)) if error.filename else path
    problem = make_problem(
        "E-write-failed", str(path), path=path, reason=os_error_reason(error), kept=kept, fix=fix
    )
    typer.echo(problem.as_text(), err=True)
    raise typer.Exit(1)


def checked_output(given: Path, *, root: Path, example: str = "") -> OutputFile:
    """The file a command will write, checked before any work: a folder, FIFO, device or a
    symlink out of the plan folder stops the command (exit 2); a symlink inside it is
    written through, and the command says so."""
    from generator.output_target import OutputRefused, output_file
    from generator.problems import make_problem

    try:
        target = output_file(given, root=root, example=example)
    except OutputRefused as error:
        problem = make_problem("E-output-refused", str(given), path=given, reason=error.reason)
        typer.echo(problem.as_text(), err=True)
        raise typer.Exit(2) from None
    if target.note:
        typer.echo(target.note)
    return target


@contextmanager
def site_errors_reported(out: Path) -> Iterator[None]:
    """A site build that cannot be done: located problems, then a Japanese message (exit 1 or 2).

    A refused output folder is a usage error (2); another build at work, files that may not
    be published, a failed program or a failed write stop with 1. The old site is kept.
    """
    from generator.file_access import PlanFilesRefused
    from generator.problems import problem_lines
    from generator.publish.output_folder import BuildBusy, OutputFolderRefused
    from generator.publish.site_errors import SITE_ERRORS

    kept = "今あるサイトはそのままです。"
    try:
        yield
    except BuildBusy as error:
        fail(str(error))
    except OutputFolderRefused as error:
        fail_usage(str(error))
    except PlanFilesRefused as error:
        for line in problem_lines(error.problems):
            typer.echo(line, err=True)
        fail(
            f"公開できないファイルがあるため、サイトを作れません。上の問題を直してください。{kept}"
        )
    except OSError as error:
        fail_on_write_error(out, error, kept=kept, fix=WRITE_FIX)
    except SITE_ERRORS as error:
        fail(f"サイトを作れませんでした。{kept}\n{error}")


WRITE_FIX = "空き容量と書き込みの権限（ファイルの大きさの上限も）を確かめるか、--out で別のフォルダを指定してください。"


def checked_output_folder(given: Path) -> Path:
    """A folder a command writes files into, checked before any work (exit 2 when it is none)."""
    from generator.output_target import OutputRefused, output_folder
    from generator.problems import make_problem

    try:
        return output_folder(given)
    except OutputRefused as error:
        problem = make_problem("E-output-refused", str(given), path=given, reason=error.reason)
        typer.echo(problem.as_text(), err=True)
        raise typer.Exit(2) from None


def fail_usage(message: str) -> NoReturn:
    """A usage error (wrong arguments, not a plan folder): exit status 2."""
    typer.echo(f"エラー: {message}", err=True)
    raise typer.Exit(2)


def parse_review(project: PlanProject, text: str) -> ReviewPeriod:
    """A review period as people write it: a quarter (2025Q2, 令和7年度第2四半期) or, for a plan
    reviewed once a year, also a 年度 (2024, 令和6年度)."""
    from generator.kpi.normalise import normalise_review_time

    review, why = normalise_review_time(text, yearly=project.yearly)
    if review is None:
        fail_usage(f"{why}（Q1 は4〜6月、Q4 は翌年1〜3月）。")
    return review


def not_a_plan_folder(path: Path) -> str:
    """Why `path` is no plan folder, and what to type instead."""
    if path.is_file():
        folder = path.parent.parent if path.parent.name == "plan" else path.parent
        return f"{path} はファイルです。計画のフォルダを指定してください（例: `dataplan validate {folder}`）。"
    if not path.exists():
        return f"{path} が見つかりません。計画のフォルダ（plan/ と measures/ があるところ）を指定してください。"
    return f"{path} は計画のフォルダではありません（plan/ がありません）。`dataplan init {path}` で作れます。"


def cli_today() -> dt.date:
    """Today (or DATAPLAN_TODAY); a malformed DATAPLAN_TODAY is a usage error."""
    try:
        return clock.today()
    except ValueError as error:
        fail_usage(f"{error}。")


def load_project(path: Path, *, require_valid: bool) -> PlanProject:
    """The validated plan; with `require_valid`, a plan with errors stops here (exit 1)."""
    from generator.validate import NotAPlanFolder, validate_plan

    try:
        result = validate_plan(path, today=cli_today())
    except NotAPlanFolder:
        fail_usage(not_a_plan_folder(path))
    errors = result.report.errors
    if result.project is None or (require_valid and errors):
        for problem in sorted(errors)[:10]:
            typer.echo(problem.as_text(), err=True)
        fail(
            f"計画にエラーが {len(errors)} 件あります。`dataplan validate {path}` で確認して直してください。"
        )
    return result.project


def load_publishable(path: Path) -> PlanProject:
    """The validated plan, or exit 1 after printing every problem as `dataplan validate` does."""
    from generator.problems import problem_lines
    from generator.validate import NotAPlanFolder, validate_plan

    try:
        result = validate_plan(path, today=cli_today())
    except NotAPlanFolder:
        fail_usage(not_a_plan_folder(path))
    report = result.report
    if result.project is not None and report.is_valid(False):
        return result.project
    for line in problem_lines(report.sorted()):
        typer.echo(line, err=True)
    typer.echo(f"\nエラー {len(report.errors)} 件、警告 {len(report.warnings)} 件。", err=True)
    fail("計画にエラーがあるため、サイトを作れません。上の問題を直してください。")


def quarter_in_plan(
    project: PlanProject, text: str, what: str, *, refuse: tuple[str, ...] = ()
) -> ReviewPeriod:
    """A quarter for a command on the plan: placed by the same rule as validate and import.

    A plan reviewed once a year (review_cadence: yearly) takes a 年度 too (2024, 令和6年度),
    as its last quarter. A time before the period stops the command (exit 1) with
    E-before-period; after the end, or not yet begun, the warning validate gives is
    printed and the command goes on, unless its code is in `refuse` (a report of a
    quarter after the plan refuses).
    """
    from generator.kpi.normalise import normalise_review_time
    from generator.problems import Severity, make_problem
    from generator.rules import quarter_time_problems

    review, why = normalise_review_time(text, yearly=project.yearly)
    if review is None:
        fail_usage(f"{why}（Q1 は4〜6月、Q4 は翌年1〜3月）。")
    found = quarter_time_problems(project.meta.known_period, review, what, cli_today())
    problems = [
        make_problem(code, "--quarter", 0, 0, hint=hint, **values) for code, values, hint in found
    ]
    for problem in problems:
        typer.echo(problem.as_text(), err=True)
    if any(p.severity is Severity.ERROR for p in problems):
        raise typer.Exit(1)
    if any(p.code in refuse for p in problems):
        fail(f"{what}は、計画期間の中の、始まった四半期についてだけ作れます。")
    return review
