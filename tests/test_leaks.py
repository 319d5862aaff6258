"""The public view of the example city, and every output made from it, holds no internal text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from internal_texts import internal_texts

from generator.project import Audience
from generator.quarters import ReviewPeriod
from generator.report import build_report
from generator.report_render import render_csv, render_markdown
from generator.validate import validate_plan
from generator.visibility import plain_data, plan_view

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def city():
    return validate_plan(ROOT).project


def view_text(project) -> str:
    data = {
        "meta": plain_data(project.meta),
        "chapters": [plain_data(chapter) for _, chapter in project.chapters.present()],
        "measures": [plain_data(measure) for measure in project.measures],
        "notes": [plain_data(notes) for notes in project.notes.values()],
    }
    return json.dumps(data, ensure_ascii=False)


def test_the_example_has_internal_texts_of_every_kind(city):
    secrets = internal_texts(city)
    assert len(secrets) >= 10, secrets


def test_public_view_has_none_and_internal_view_has_all(city):
    secrets = internal_texts(city)
    public = view_text(plan_view(city, Audience.PUBLIC))
    internal = view_text(plan_view(city, Audience.INTERNAL))
    assert [s for s in secrets if s in public] == []
    assert [s for s in secrets if s not in internal] == []


def test_public_reports_of_every_quarter_have_none(city):
    secrets = internal_texts(city)
    public = plan_view(city, Audience.PUBLIC)
    for quarter in city.review_periods():
        report = build_report(public, quarter)
        outputs = render_markdown(report) + render_csv(report)
        assert [s for s in secrets if s in outputs] == [], quarter


def test_internal_view_keeps_the_flag_for_the_badge(city):
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
