"""Internal fields and texts never reach the public view."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel

from generator.model import Measure, PlanMeta
from generator.model.common import Text, internal_field
from generator.model.data_use import DataUse
from generator.model.measure import Milestone
from generator.model.pdca import ImplementationStatus, QuarterNotes
from generator.project import Audience
from generator.validate import validate_plan
from generator.visibility import internal_data, plain_data, plan_view, public_data, public_model

BASE = Path(__file__).parent / "fixtures" / "base"

SECRET_MEASURE = {
    "id": "m-1",
    "name": "健診データの分析",
    "pillar": "open_data",
    "departments": ["kenko"],
    "content": "集計して公開する。",
    "notes": ["公開の補足", {"text": "部長説明は10月（秘）", "visibility": "internal"}],
    "internal_notes": ["予算要求の内訳（秘）"],
    "schedule": [
        {"when": 2026, "text": {"text": "議会説明の日程（秘）", "visibility": "internal"}}
    ],
    "partners": [
        {
            "name": "地元大学",
            "type": "university",
            "role": {"text": "謝金の額（秘）", "visibility": "internal"},
        }
    ],
    "background": {"text": "議会対応メモ（秘）", "visibility": "internal"},
    "data_use": {
        "purpose": "健康施策の分析",
        "personal_information": True,
        "personal_info_register": {
            "register_entry": "特定健診事務（秘）",
            "purpose_of_use": "健診の実施",
            "owner_department": "健康福祉課",
        },
        "internal_notes": ["審議会委員との調整（秘）"],
    },
}


def test_public_view_drops_internal_fields_and_texts():
    measure = Measure.model_validate(SECRET_MEASURE)
    public = json.dumps(public_data(measure), ensure_ascii=False)
    assert "（秘）" not in public
    assert "公開の補足" in public and "健診データの分析" in public
    assert public_data(measure)["background"] is None


def test_internal_view_keeps_everything():
    measure = Measure.model_validate(SECRET_MEASURE)
    internal = json.dumps(internal_data(measure), ensure_ascii=False)
    assert internal.count("（秘）") == 7


def test_staff_contacts_are_internal_by_default():
    result = validate_plan(BASE)
    meta = result.project.meta.model_copy(
        update={
            "contact": result.project.meta.contact.model_copy(update={"staff": ["山田 内線1234"]})
        }
    )
    assert "山田" not in json.dumps(public_data(meta), ensure_ascii=False)
    assert "山田" in json.dumps(internal_data(meta), ensure_ascii=False)
    assert isinstance(meta, PlanMeta)


def test_the_public_copy_keeps_each_public_item_in_order_and_the_types():
    measure = Measure.model_validate(SECRET_MEASURE)
    public = public_model(measure)
    assert isinstance(public, Measure) and isinstance(public.data_use, DataUse)
    assert [note.text for note in public.notes] == ["公開の補足"]  # no gap where the secret was
    assert public.internal_notes == [] and public.data_use.internal_notes == []
    assert public.data_use.personal_info_register == []
    assert public.schedule == []  # its one step's required text is internal: so is the step
    assert [(partner.name, partner.role) for partner in public.partners] == [("地元大学", None)]
    assert public.background is None and public.content == Text(text="集計して公開する。")
    assert measure.notes[1].is_internal and measure.internal_notes  # the original is unchanged


class _Card(BaseModel):  # not a plan Model: those each need a schema description
    title: str
    secret: str | None = internal_field(default=None)
    codes: dict[str, str] = internal_field(default_factory=dict)


def test_an_internal_field_becomes_empty_of_its_own_type():
    public = public_model(_Card(title="公開", secret="秘", codes={"a": "秘"}))
    assert (public.title, public.secret, public.codes) == ("公開", None, {})


def test_the_public_notes_of_a_quarter_keep_every_public_text():
    notes = QuarterNotes.model_validate(
        {
            "quarter": "2026Q2",
            "summary": {"text": "所見（秘）", "visibility": "internal"},
            "measures": {
                "m-1": {
                    "status": "in_progress",
                    "evaluation": "順調です。",
                    "issues": ["人手不足", {"text": "欠員（秘）", "visibility": "internal"}],
                    "next_actions": [{"text": "人事課と協議（秘）", "visibility": "internal"}],
                },
                "m-2": {"status": "delayed"},
            },
        }
    )
    public = public_model(notes)
    assert public.summary is None and list(public.measures) == ["m-1", "m-2"]
    note = public.measures["m-1"]
    assert note.evaluation == Text(text="順調です。")
    assert [issue.text for issue in note.issues] == ["人手不足"] and note.next_actions == []
    assert public.measures["m-2"].status is ImplementationStatus.DELAYED


def test_a_view_says_whom_it_is_for_and_leaves_the_plan_as_it_was():
    project = validate_plan(BASE).project
    for audience in Audience:
        assert plan_view(project, audience).audience is audience
    public = plan_view(project, Audience.PUBLIC)
    assert public is not project and public.measures is not project.measures


def test_plain_data_writes_times_dates_and_enums_as_text():
    step = Milestone.model_validate({"when": "2026Q3", "text": "試行", "status": "done"})
    assert plain_data(step) == {"when": "2026Q3", "text": "試行", "status": "done"}
    assert plain_data({"on": dt.date(2026, 3, 27), "years": (2025, 2026)}) == {
        "on": "2026-03-27",
        "years": [2025, 2026],
    }
