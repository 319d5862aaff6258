"""Internal fields and texts never reach the public view."""

from __future__ import annotations

import json
from pathlib import Path

from generator.model import Measure, PlanMeta
from generator.validate import validate_plan
from generator.visibility import internal_data, public_data

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
