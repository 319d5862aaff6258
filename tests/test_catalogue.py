"""Tests for the bundled national catalogue (手引, 平成29年10月)."""

from __future__ import annotations

import copy
import json
from collections import Counter

import pytest
from pydantic import ValidationError
from ruamel.yaml import YAML

from generator.catalogue import (
    BUNDLED_CATALOGUE_PATH,
    Catalogue,
    catalogue_as_dict,
    catalogue_as_text,
    catalogue_from_data,
    load_bundled_catalogue,
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_bundled_catalogue()


@pytest.fixture
def raw() -> dict:
    with BUNDLED_CATALOGUE_PATH.open(encoding="utf-8") as f:
        return YAML(typ="safe").load(f)


def test_bundled_file_is_inside_package():
    assert BUNDLED_CATALOGUE_PATH.is_file()
    assert BUNDLED_CATALOGUE_PATH.parent.parent.name == "catalogue"


def test_loader_is_cached(catalogue):
    assert load_bundled_catalogue() is catalogue


def test_counts(catalogue):
    assert len(catalogue.pillars) == 6
    assert len(catalogue.fields) == 9
    assert len(catalogue.template_examples) == 44
    assert len(catalogue.national_measures) == 33
    assert len(catalogue.case_studies) == 21
    per_pillar = Counter(e.pillar for e in catalogue.template_examples)
    assert [per_pillar[p] for p in catalogue.pillar_ids] == [6, 6, 5, 9, 12, 6]


def test_pillars_and_fields(catalogue):
    assert catalogue.pillar_ids == [
        "online",
        "open_data",
        "mynumber_card",
        "digital_divide",
        "standardization",
        "other",
    ]
    assert [p.number for p in catalogue.pillars] == [1, 2, 3, 4, 5, 6]
    assert [p.article for p in catalogue.pillars] == [10, 11, 13, 14, 15, None]
    assert catalogue.field_ids == [
        "e_government",
        "health",
        "tourism",
        "finance",
        "agriculture",
        "manufacturing",
        "infrastructure",
        "mobility",
        "other",
    ]


def test_ids_unique_and_ordered(catalogue):
    for ids in (
        catalogue.pillar_ids,
        catalogue.field_ids,
        catalogue.national_measure_ids,
        catalogue.case_study_ids,
        catalogue.example_ids,
    ):
        assert len(ids) == len(set(ids))
    assert catalogue.national_measure_ids == [f"nm-{i:02d}" for i in range(1, 34)]
    for pillar in catalogue.pillars:
        ids = [e.id for e in catalogue.examples_in_pillar(pillar.id)]
        assert ids == [f"ex-{pillar.number}-{i:02d}" for i in range(1, len(ids) + 1)]


def test_every_reference_resolves(catalogue):
    assert catalogue.consistency_problems() == []
    for ex in catalogue.template_examples:
        assert catalogue.pillar(ex.pillar) is not None
        assert catalogue.field(ex.field) is not None
        assert all(catalogue.national_measure(r) for r in ex.national_measures)
        assert all(catalogue.case_study(r) for r in ex.case_studies)


def test_marks_match_references(catalogue):
    for ex in catalogue.template_examples:
        if ex.mark == "national":
            assert ex.national_measures and not ex.case_studies, ex.id
        else:
            assert ex.case_studies and not ex.national_measures, ex.id


def test_every_measure_and_case_is_used(catalogue):
    assert catalogue.national_measure_ids and catalogue.case_study_ids
    assert all(catalogue.examples_citing_measure(m) for m in catalogue.national_measure_ids)
    assert all(catalogue.examples_citing_case(c) for c in catalogue.case_study_ids)


def test_spot_checks(catalogue):
    ex = catalogue.example("ex-1-01")
    assert ex.name == "行政手続の棚卸し"
    assert (ex.pillar, ex.field, ex.mark) == ("online", "e_government", "national")
    assert ex.national_measures == ["nm-01"]
    assert catalogue.national_measure("nm-01").name == "地方自治体の行政手続の棚卸し"
    assert catalogue.case_study("1-1").municipality == "会津若松市"
    assert catalogue.case_study("3-6").municipality == "姫路市"
    assert catalogue.example("ex-1-06").case_studies == ["1-2", "3-6"]
    # 再掲 and repeated measures are one entry each.
    assert [e.id for e in catalogue.examples_citing_measure("nm-09")] == ["ex-2-04", "ex-4-02"]
    assert [e.id for e in catalogue.examples_citing_measure("nm-19")] == ["ex-5-01", "ex-5-02"]
    assert [e.id for e in catalogue.examples_citing_measure("nm-32")] == ["ex-6-04", "ex-6-05"]
    assert catalogue.example("ex-6-03").field == "tourism"
    assert len(catalogue.example("ex-4-09").case_studies) == 5
    assert catalogue.example("ex-9-99") is None
    assert catalogue.pillar("nope") is None


def test_unknown_reference_is_rejected(raw):
    broken = copy.deepcopy(raw)
    broken["template_examples"][0]["national_measures"] = ["nm-99"]
    broken["template_examples"][1]["case_studies"] = ["9-9"]
    with pytest.raises(ValidationError) as err:
        catalogue_from_data(broken)
    message = str(err.value)
    assert "template_examples[0].national_measures[0]" in message
    assert "nm-99" in message
    assert "9-9" in message


def test_duplicate_id_and_wrong_pillar_are_rejected(raw):
    broken = copy.deepcopy(raw)
    broken["case_studies"].append(dict(broken["case_studies"][0]))
    broken["template_examples"][0]["pillar"] = "open_data"
    with pytest.raises(ValidationError) as err:
        catalogue_from_data(broken)
    assert "重複" in str(err.value)
    assert "ex-1-01" in str(err.value)


def test_unknown_key_and_frozen(raw, catalogue):
    broken = copy.deepcopy(raw)
    broken["national_measures"][0]["extra"] = 1
    with pytest.raises(ValidationError):
        catalogue_from_data(broken)
    with pytest.raises(ValidationError):
        catalogue.pillars[0].label = "x"


def test_as_dict_is_json_and_resolved(catalogue):
    data = json.loads(json.dumps(catalogue_as_dict(catalogue), ensure_ascii=False))
    assert data["catalogue"]["id"] == "tebiki-2017"
    assert data["counts"] == {
        "pillars": 6,
        "fields": 9,
        "template_examples": 44,
        "national_measures": 33,
        "case_studies": 21,
    }
    ex = data["template_examples"][0]
    assert ex["pillar"] == {
        "id": "online",
        "label": "手続における情報通信の技術の利用等に係る取組",
        "short_label": "オンライン化原則",
    }
    assert ex["field"] == {"id": "e_government", "label": "電子行政"}
    assert ex["national_measures"] == [{"id": "nm-01", "name": "地方自治体の行政手続の棚卸し"}]
    ex = next(e for e in data["template_examples"] if e["id"] == "ex-1-06")
    assert ex["case_studies"][1] == {
        "id": "3-6",
        "title": "図書館でのマイナンバーカード活用の取組",
        "municipality": "姫路市",
    }
    nm09 = next(m for m in data["national_measures"] if m["id"] == "nm-09")
    assert nm09["answered_by_examples"] == ["ex-2-04", "ex-4-02"]
    cs = next(c for c in data["case_studies"] if c["id"] == "3-6")
    assert cs["used_by_examples"] == ["ex-1-06"]


def test_as_text(catalogue):
    text = catalogue_as_text(catalogue)
    assert "記載例 44" in text
    assert "◎ ex-1-01 行政手続の棚卸し［電子行政］" in text
    assert "○ ex-1-04" in text
    assert "事例集 1-1: 簡単ゆびナビ窓口システム（会津若松市）" in text
    assert text.index("1. オンライン化原則") < text.index("6. その他")


def test_catalog_command_lists_every_entry_as_json():
    import json

    from typer.testing import CliRunner

    from generator.cli import app

    result = CliRunner().invoke(app, ["catalog", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["counts"]["template_examples"] == len(data["template_examples"]) == 44
    assert data["counts"]["national_measures"] == len(data["national_measures"]) == 33
    assert data["counts"]["case_studies"] == len(data["case_studies"]) == 21
    first = data["template_examples"][0]
    assert first["pillar"]["short_label"] == "オンライン化原則"
    assert first["national_measures"][0]["name"] == "地方自治体の行政手続の棚卸し"
