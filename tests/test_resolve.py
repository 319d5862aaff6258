"""Cross-reference with the national catalogue (F7)."""

from __future__ import annotations

from pathlib import Path

from generator.resolve import cross_reference, cross_reference_as_dict
from generator.validate import validate_plan

BASE = Path(__file__).parent / "fixtures" / "base"


def test_each_national_measure_lists_the_measures_that_answer_it():
    project = validate_plan(BASE).project
    reference = cross_reference(project)
    by_id = {link.id: link for link in reference.national_measures}
    assert by_id["nm-01"].measure_ids == ["m-1-01"]
    assert by_id["nm-02"].measure_ids == []
    assert reference.national_covered == 1
    assert len(reference.national_measures) == 33


def test_matrix_counts_measures_by_pillar_and_field():
    reference = cross_reference(validate_plan(BASE).project)
    assert reference.matrix["online"]["e_government"] == ["m-1-01"]
    assert reference.matrix["open_data"]["health"] == ["m-2-01"]
    assert sum(len(ids) for row in reference.matrix.values() for ids in row.values()) == 2


def test_json_form_has_coverage_ratio():
    data = cross_reference_as_dict(cross_reference(validate_plan(BASE).project))
    assert data["coverage"] == {"national_measures": 33, "covered": 1, "ratio": round(1 / 33, 4)}
