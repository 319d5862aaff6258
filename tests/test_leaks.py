"""F16 checked from outside the code under test: hand-written secrets reach no public output.

tests/fixtures/secrets.yaml places a token (秘01, 秘02, …) in every field that is
internal by default and in every kind of text that can be marked internal, in a
copy of the example city (tests/secret_plan.py). The list of secrets is that file,
never what the code under test calls internal, so a text that leaks cannot drop
off it. Every public output of that plan is searched for every token: each file of
the public build (pages, JSON, CSV, the search index, the sitemap, the PDF's text),
the print document of `dataplan pdf`, the reports of every quarter, the KPI workbook,
the 新旧対照表 and the open data (part of the build). Each token must also be found in the internal
edition of the same output: the positive control that the search can see it.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE, TEST_TODAY
from secret_plan import Secret, secrets, write_secret_plan
from site_helpers import every_file_text, pdf_text, readable
from typer.testing import CliRunner

from generator.cli import app
from generator.project import Audience
from generator.publish.print_document import render_print_html
from generator.quarters import ReviewPeriod
from generator.report import build_report
from generator.report_render import render_csv, render_markdown
from generator.validate import validate_plan
from generator.visibility import plain_data, plan_view

SECRETS = secrets()
PREVIOUS_EDITION = EXAMPLE / "examples" / "previous-edition"
WORKBOOK_QUARTER = "2026Q3"
# The 新旧対照表 compares the plan's contents; the revision record itself is not compared.
NOT_COMPARED = {"秘08": "plan/plan.yaml: revisions[].summary"}
runner = CliRunner()


def found(secrets: list[Secret], text: str) -> list[str]:
    return [secret.token for secret in secrets if secret.token in text]


def missing(secrets: list[Secret], text: str) -> set[str]:
    return {secret.token for secret in secrets if secret.token not in text}


def of_the_plan() -> list[Secret]:
    """The secrets of the plan document itself (not a quarter's PDCA note)."""
    return [secret for secret in SECRETS if secret.in_the_plan_document]


def notes_quarter(secret: Secret) -> str:
    return Path(secret.file).stem  # kpi/notes/2026Q2.yaml → 2026Q2


# The views and the reports, in this process (fast: these also serve mutation testing) -----------


@pytest.fixture(scope="module")
def secret_plan(tmp_path_factory):
    root = write_secret_plan(tmp_path_factory.mktemp("secrets") / "plan")
    result = validate_plan(root, today=TEST_TODAY)
    assert result.project is not None and result.report.problems == [], result.report.problems
    return result.project


def view_text(project) -> str:
    data = {
        "meta": plain_data(project.meta),
        "chapters": [plain_data(chapter) for _, chapter in project.chapters.present()],
        "measures": [plain_data(measure) for measure in project.measures],
        "notes": [plain_data(notes) for notes in project.notes.values()],
    }
    return json.dumps(data, ensure_ascii=False)


def test_secrets_are_one_per_place_and_no_token_is_part_of_another():
    tokens = [secret.token for secret in SECRETS]
    places = [(secret.file, secret.at) for secret in SECRETS]
    assert len(set(tokens)) == len(tokens) >= 55
    assert len(set(places)) == len(places)
    assert not [(a, b) for a in tokens for b in tokens if a != b and a in b]


def test_the_public_view_holds_no_secret_and_the_internal_view_all(secret_plan):
    assert found(SECRETS, view_text(plan_view(secret_plan, Audience.PUBLIC))) == []
    assert missing(SECRETS, view_text(plan_view(secret_plan, Audience.INTERNAL))) == set()


def test_reports_of_every_quarter_hold_their_secrets_only_when_internal(secret_plan):
    quarters = secret_plan.review_periods()
    assert {notes_quarter(s) for s in SECRETS if not s.in_the_plan_document} <= {
        str(quarter) for quarter in quarters
    }
    public = plan_view(secret_plan, Audience.PUBLIC)
    internal = plan_view(secret_plan, Audience.INTERNAL)
    for quarter in quarters:
        shown = build_report(public, quarter)
        assert found(SECRETS, render_markdown(shown) + render_csv(shown)) == [], quarter
        notes = [s for s in SECRETS if s.file == f"kpi/notes/{quarter}.yaml"]
        assert missing(notes, render_markdown(build_report(internal, quarter))) == set(), quarter


def test_the_print_document_holds_secrets_only_when_internal(secret_plan):
    """What `dataplan pdf` prints (it renders the plan itself, not the build's view)."""
    assert found(SECRETS, render_print_html(secret_plan)) == []
    shown = render_print_html(secret_plan, internal=True)
    assert missing(of_the_plan(), shown) == set()


def test_internal_view_keeps_the_flag_for_the_badge():
    city = validate_plan(EXAMPLE, today=TEST_TODAY).project
    internal = plan_view(city, Audience.INTERNAL)
    flagged = [
        text
        for notes in internal.notes.values()
        for note in notes.measures.values()
        for text in [*note.issues, *note.next_actions]
        if text.is_internal
    ]
    assert flagged and all(text.is_internal for text in flagged)
    assert ReviewPeriod(2026, 2) in internal.notes
    public = plan_view(city, Audience.PUBLIC)
    assert not [
        text
        for notes in public.notes.values()
        for note in notes.measures.values()
        for text in [*note.issues, *note.next_actions]
        if text.is_internal
    ]


# Every output, as the commands write it ---------------------------------------------------------


def _files(folder: Path) -> dict[str, str]:
    """Every file under `folder` as readable text; a PDF as its text, a workbook as its XML."""
    texts = {}
    for path, text in every_file_text(folder).items():
        if path.suffix == ".pdf":
            text = pdf_text(path)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                text = "".join(readable(archive.read(name)) for name in archive.namelist())
        texts[str(path.relative_to(folder))] = text
    return texts


def _invoke(*arguments: str) -> None:
    result = runner.invoke(app, list(arguments))
    assert result.exit_code == 0, result.output


def _command_outputs(plan: Path, folder: Path, *, internal: bool) -> dict[str, str]:
    """The reports of every quarter, the KPI workbook and the 新旧対照表 of one edition."""
    flag = ["--internal"] if internal else []
    quarters = validate_plan(plan, today=TEST_TODAY).project.review_periods()
    for quarter in quarters:
        _invoke("report", str(quarter), "--path", str(plan), "-o", str(folder / "reports"), *flag)
    _invoke(
        "kpi",
        "template",
        WORKBOOK_QUARTER,
        "--path",
        str(plan),
        "-o",
        str(folder / "kpi-template.xlsx"),
        *(["--include-internal"] if internal else []),
    )
    for form in ("md", "csv", "json"):
        target = str(folder / f"compare.{form}")
        _invoke("compare", str(PREVIOUS_EDITION), str(plan), "--format", form, "-o", target, *flag)
    return _files(folder)


@pytest.fixture(scope="module")
def public_outputs(secret_builds, tmp_path_factory) -> dict[str, dict[str, str]]:
    """Every public output of the secret plan: output → file → text."""
    folder = tmp_path_factory.mktemp("public-outputs")
    return {
        "dataplan build": _files(secret_builds.site("public")),
        "reports, workbook, 新旧対照表": _command_outputs(
            secret_builds.plan, folder, internal=False
        ),
    }


@pytest.mark.slow
def test_no_public_output_holds_a_secret(public_outputs):
    leaked = [
        (output, file, token)
        for output, files in public_outputs.items()
        for file, text in files.items()
        for token in found(SECRETS, text)
    ]
    assert leaked == []
    built = public_outputs["dataplan build"]
    for part in ("index.html", "sitemap.xml", "downloads/plan.pdf", "data/open/measures.csv"):
        assert part in built, part  # the search covered each kind of file
    assert any(name.startswith("pagefind/fragment/") for name in built)
    assert any(name.endswith(".xlsx") for name in public_outputs["reports, workbook, 新旧対照表"])


@pytest.mark.slow
def test_the_internal_build_shows_every_secret(secret_builds):
    files = _files(secret_builds.site("internal"))
    assert missing(SECRETS, "\n".join(files.values())) == set()
    plan_pdf = files["downloads/plan.pdf"]
    assert missing(of_the_plan(), plan_pdf) == set()
    assert "庁内限定" in plan_pdf


@pytest.mark.slow
def test_the_internal_reports_workbook_and_comparison_hold_their_secrets(secret_builds, tmp_path):
    outputs = _command_outputs(secret_builds.plan, tmp_path, internal=True)
    for secret in SECRETS:
        if not secret.in_the_plan_document:
            report = outputs[f"reports/report-{notes_quarter(secret)}-internal.md"]
            assert secret.token in report, secret
    assert "秘56" in outputs["kpi-template.xlsx"]  # a text target marked internal
    for form in ("md", "csv", "json"):
        assert missing(of_the_plan(), outputs[f"compare.{form}"]) == set(NOT_COMPARED), form
