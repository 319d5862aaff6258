"""Every branch of the progress method (generator/progress.py): its status, its reason and the
figures it rests on, computed by hand (the sentence for a reason is labels' work).

The plan period starts 2025Q1; a baseline of FY2024 starts the line to the target at
2025Q1, so the quarters 2025Q1–2029Q4 are 20. Where a case sits on a boundary (the
target met exactly, the due quarter itself, the keep tolerance's edge) it says so.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.kpi.store import ActualRow
from generator.labels import STATUS_LABELS, STATUS_MEANINGS
from generator.model.evaluation import Evaluation, KpiStatus
from generator.model.kpi import Kpi
from generator.progress import (
    FRAME_COLUMNS,
    KpiEvaluation,
    Reason,
    Trend,
    actuals_frame,
    applicable_target,
    evaluate_kpi,
    evaluate_kpis,
    expected_share,
    latest_quarter,
)
from generator.quarters import Quarter

START = Quarter(2025, 1)
A, ON, B = KpiStatus.ACHIEVED, KpiStatus.ON_TRACK, KpiStatus.BEHIND
NOT = KpiStatus.NOT_EVALUABLE
RISE = {
    "baseline": {"value": 40, "fiscal_year": 2024},
    "targets": [{"when": 2029, "value": 80}],
    "accumulation": "cumulative",
}
PER_YEAR = {**RISE, "accumulation": "per_period"}
FALL = {
    "kind": "time",
    "direction": "decrease",
    "baseline": {"value": 28, "fiscal_year": 2024},
    "targets": [{"when": 2029, "value": 15}],
}
NO_BASELINE = {"targets": [{"when": 2029, "value": 80}], "accumulation": "cumulative"}
STAGES = {
    "kind": "milestone",
    "levels": ["未着手", "準備", "試行", "本格"],
    "targets": [
        {"when": "2025Q4", "value": "準備"},
        {"when": "2026Q4", "value": "試行"},
        {"when": "2027Q4", "value": "本格"},
    ],
}


def kpi(fields: dict, kpi_id: str = "k") -> Kpi:
    return Kpi.model_validate({"id": kpi_id, "name": "指標", "kind": "quantity", **fields})


def rows(actuals: dict[str, str], kpi_id: str = "k") -> list[ActualRow]:
    return [ActualRow(kpi_id, quarter, value, "") for quarter, value in actuals.items()]


def judge(fields: dict, actuals: dict[str, str], quarter: str, **config):
    frame = actuals_frame(rows(actuals))
    return evaluate_kpi(kpi(fields), frame, Quarter.parse(quarter), START, Evaluation(**config))


NUMERIC_CASES = [
    # (case, KPI, actuals, evaluated at, status, reason, figures)
    (
        "ahead of the line: progress (60−40)/(80−40) = 0.5, expected 8/20 = 0.4",
        RISE,
        {"2026Q4": "60"},
        "2026Q4",
        ON,
        Reason.ON_PACE,
        {"progress": 0.5, "expected": 0.4, "ratio": 1.25, "reference_quarter": "2026Q4"},
    ),
    (
        "behind the line: progress 5/40 = 0.125, ratio 0.3125 < 0.9",
        RISE,
        {"2026Q4": "45"},
        "2026Q4",
        B,
        Reason.BEHIND_PACE,
        {"progress": 0.125, "ratio": 0.3125},
    ),
    (
        "in the due quarter itself, not met: judged by pace (38/40 = 0.95 ≥ 0.9), not overdue",
        RISE,
        {"2029Q4": "78"},
        "2029Q4",
        ON,
        Reason.ON_PACE,
        {"expected": 1.0, "ratio": 0.95},
    ),
    (
        "a quarter after the due one, not met: overdue",
        RISE,
        {"2029Q4": "78"},
        "2030Q1",
        B,
        Reason.OVERDUE,
        {"reference_quarter": "2030Q1"},
    ),
    (
        "met exactly (80 = 80) in the due quarter: met, not early",
        RISE,
        {"2029Q4": "80"},
        "2029Q4",
        A,
        Reason.MET,
        {"value": 80.0},
    ),
    (
        "cumulative, met in the due 年度 before its due quarter: early",
        RISE,
        {"2029Q2": "80"},
        "2029Q2",
        A,
        Reason.MET_EARLY,
        {},
    ),
    (
        "per 年度, met in the due 年度: that 年度's value, so not early",
        PER_YEAR,
        {"2029Q2": "80"},
        "2029Q2",
        A,
        Reason.MET,
        {"reference_quarter": "2029Q2"},
    ),
    (
        "per 年度, met in a 年度 before the target's: early",
        PER_YEAR,
        {"2028Q4": "80"},
        "2028Q4",
        A,
        Reason.MET_EARLY,
        {"target_when": "2029"},
    ),
    (
        "per 年度, judged at the actual's quarter, not the evaluated one",
        PER_YEAR,
        {"2026Q4": "60"},
        "2027Q3",
        ON,
        Reason.ON_PACE,
        {"reference_quarter": "2026Q4", "expected": 0.4},
    ),
    (
        "decrease, met exactly (15 = 15)",
        FALL,
        {"2029Q4": "15"},
        "2029Q4",
        A,
        Reason.MET,
        {"baseline": 28.0},
    ),
    (
        "keep: 190 against 200 is at the 5 % edge (10 = 0.05 × 200)",
        {"direction": "keep", "targets": [{"when": 2029, "value": 200}]},
        {"2026Q1": "190"},
        "2026Q1",
        A,
        Reason.KEPT,
        {"value": 190.0, "target_value": 200.0},
    ),
    (
        "keep: 189 is past the edge",
        {"direction": "keep", "targets": [{"when": 2029, "value": 200}]},
        {"2026Q1": "189"},
        "2026Q1",
        B,
        Reason.KEEP_DEVIATED,
        {"value": 189.0},
    ),
    (
        "an actual that is no number",
        RISE,
        {"2026Q1": "不明"},
        "2026Q1",
        NOT,
        Reason.ACTUAL_NOT_NUMERIC,
        {"value": None, "latest_value": "不明"},
    ),
    (
        "a target that is no number",
        {"targets": [{"when": 2029, "value": "全庁展開"}]},
        {"2026Q1": "5"},
        "2026Q1",
        NOT,
        Reason.TARGET_NOT_NUMERIC,
        {"target_value": "全庁展開"},
    ),
    (
        "no baseline, one actual that meets the target",
        NO_BASELINE,
        {"2026Q1": "85"},
        "2026Q1",
        A,
        Reason.MET_WITHOUT_BASELINE,
        {"baseline": None},
    ),
    (
        "no baseline, one actual, the target overdue",
        NO_BASELINE,
        {"2029Q4": "50"},
        "2030Q1",
        B,
        Reason.OVERDUE_WITHOUT_BASELINE,
        {},
    ),
    (
        "no baseline, one actual, nothing to tell yet",
        NO_BASELINE,
        {"2026Q1": "50"},
        "2026Q1",
        NOT,
        Reason.SINGLE_ACTUAL_WITHOUT_BASELINE,
        {"value": 50.0},
    ),
    (
        "no baseline: the first actual (50, 2025Q4) stands in from 2026Q1; 10/30 over 4/16",
        NO_BASELINE,
        {"2025Q4": "50", "2026Q4": "60"},
        "2026Q4",
        ON,
        Reason.ON_PACE,
        {
            "baseline": 50.0,
            "baseline_source": "first_actual",
            "baseline_quarter": "2025Q4",
            "expected": 0.25,
        },
    ),
    (
        "a baseline without its 年度 starts the line at the plan's start (as ahead of the line)",
        {**RISE, "baseline": {"value": 40}},
        {"2026Q4": "60"},
        "2026Q4",
        ON,
        Reason.ON_PACE,
        {"baseline_source": "plan", "expected": 0.4},
    ),
    (
        "the baseline already met the target, and the actual still does",
        {**RISE, "baseline": {"value": 90, "fiscal_year": 2024}},
        {"2026Q1": "85"},
        "2026Q1",
        A,
        Reason.BASELINE_MET_KEPT,
        {"baseline": 90.0},
    ),
    (
        "the baseline already met the target, the actual no longer does",
        {**RISE, "baseline": {"value": 90, "fiscal_year": 2024}},
        {"2026Q1": "70"},
        "2026Q1",
        B,
        Reason.BASELINE_MET_LOST,
        {},
    ),
    (
        "measured before the line starts (baseline FY2025, actual 2025Q3): nothing expected yet",
        {**PER_YEAR, "baseline": {"value": 40, "fiscal_year": 2025}},
        {"2025Q3": "50"},
        "2025Q3",
        ON,
        Reason.NOT_YET_DUE,
        {"progress": 0.25, "expected": 0.0, "ratio": None},
    ),
]


@pytest.mark.parametrize(
    ("fields", "actuals", "quarter", "status", "reason", "figures"),
    [case[1:] for case in NUMERIC_CASES],
    ids=[case[0] for case in NUMERIC_CASES],
)
def test_each_numeric_branch(fields, actuals, quarter, status, reason, figures):
    result = judge(fields, actuals, quarter)
    assert (result.status, result.reason) == (status, reason)
    assert figures_of(result, figures) == figures


def figures_of(result, expected: dict) -> dict:
    """The result's figures named in `expected`, a float taken as equal when within 1e-9."""
    shown = {}
    for name, value in expected.items():
        actual = getattr(result, name)
        close = isinstance(value, float) and actual == pytest.approx(value, abs=1e-9)
        shown[name] = value if close else actual
    return shown


MILESTONE_CASES = [
    (
        "a level the KPI does not have",
        STAGES,
        {"2026Q1": "検討中"},
        "2026Q1",
        NOT,
        Reason.LEVEL_UNKNOWN,
        {"current_level": "検討中"},
    ),
    (
        "no target is one of the levels",
        {**STAGES, "targets": [{"when": 2026, "value": "完了"}]},
        {"2026Q1": "試行"},
        "2026Q1",
        NOT,
        Reason.TARGET_LEVEL_UNREADABLE,
        {"current_level": "試行"},
    ),
    (
        "the final level (本格, 2027Q4) reached two quarters early; an unknown level before",
        STAGES,
        {"2025Q1": "検討中", "2025Q3": "準備", "2026Q2": "試行", "2027Q2": "本格"},
        "2027Q3",
        A,
        Reason.LEVEL_REACHED,
        {
            "reached_quarter": "2027Q2",
            "late_quarters": -2,
            "target_value": "本格",
            "target_when": "2027Q4",
            "current_level": "本格",
        },
    ),
    (
        "the final level reached two quarters late",
        STAGES,
        {"2028Q2": "本格"},
        "2028Q2",
        A,
        Reason.LEVEL_REACHED,
        {"reached_quarter": "2028Q2", "late_quarters": 2},
    ),
    (
        "a level due 2026Q4 (試行) not reached by 2027Q1",
        STAGES,
        {"2025Q3": "準備"},
        "2027Q1",
        B,
        Reason.LEVEL_OVERDUE,
        {"target_value": "試行", "target_when": "2026Q4", "current_level": "準備"},
    ),
    (
        "the level due so far reached, the next one ahead",
        STAGES,
        {"2025Q3": "準備"},
        "2026Q2",
        ON,
        Reason.LEVEL_UPCOMING,
        {"target_value": "試行", "target_when": "2026Q4", "current_level": "準備"},
    ),
    (
        "two levels: the first time at the final level counts, not an unknown level before it",
        {
            "kind": "milestone",
            "levels": ["未実施", "実施"],
            "targets": [{"when": 2026, "value": "実施"}],
        },
        {"2025Q1": "検討中", "2025Q3": "実施"},
        "2025Q4",
        A,
        Reason.LEVEL_REACHED,
        {"reached_quarter": "2025Q3"},
    ),
]


@pytest.mark.parametrize(
    ("fields", "actuals", "quarter", "status", "reason", "figures"),
    [case[1:] for case in MILESTONE_CASES],
    ids=[case[0] for case in MILESTONE_CASES],
)
def test_each_milestone_branch(fields, actuals, quarter, status, reason, figures):
    result = judge(fields, actuals, quarter)
    assert (result.status, result.reason) == (status, reason)
    assert figures_of(result, figures) == figures


def test_what_every_judgement_carries():
    result = judge(RISE, {"2026Q1": "50", "2026Q3": ""}, "2026Q4")
    assert (result.kpi_id, result.quarter) == ("k", "2026Q4")
    assert (result.status, result.reason) == (KpiStatus.NARRATIVE, Reason.NARRATIVE_ACTUAL)
    assert (result.latest_quarter, result.latest_value) == ("2026Q3", None)
    assert isinstance(result.target_value, float) and result.target_value == 80.0
    assert result.target_when == "2029"
    assert (result.mark, result.mark_label) == (
        STATUS_LABELS[KpiStatus.NARRATIVE],
        STATUS_MEANINGS[KpiStatus.NARRATIVE],
    )
    nothing = judge(RISE, {}, "2026Q1")
    assert (nothing.status, nothing.reason) == (KpiStatus.NO_DATA, Reason.NO_ACTUAL)
    assert (nothing.target_value, nothing.target_when, nothing.latest_quarter) == (
        80.0,
        "2029",
        None,
    )
    milestone = judge(STAGES, {}, "2026Q1")
    assert (milestone.target_value, milestone.target_when) == ("試行", "2026Q4")


def test_a_kpi_without_a_numeric_target():
    pending = {"target_pending": {"decide_by": "2027-03-31"}}
    result = judge(pending, {"2026Q1": "5"}, "2026Q1")
    assert (result.status, result.reason) == (KpiStatus.NO_TARGET, Reason.TARGET_PENDING)
    assert result.decide_by == dt.date(2027, 3, 31)
    in_words = judge({"target_text": "全庁に広げる"}, {"2026Q1": "5"}, "2026Q1")
    assert (in_words.status, in_words.reason) == (NOT, Reason.TARGET_IN_WORDS)
    none = judge({}, {"2026Q1": "5"}, "2026Q1")
    assert (none.status, none.reason) == (NOT, Reason.NO_TARGET)


def test_the_frame_reads_each_quarter_once_and_skips_what_it_cannot_read():
    frame = actuals_frame(
        [
            ActualRow("k", "いつか", "1"),
            ActualRow("k", " 2025 q2 ", "2"),
            ActualRow("k", "2025Q2", "3"),  # the same quarter again: the first row counts
            ActualRow("k", " 2024 ", "4"),  # a 年度 of a yearly review, as written
            ActualRow("j", "2025Q1", ""),
        ]
    )
    assert list(frame.columns) == FRAME_COLUMNS
    assert frame[["kpi_id", "quarter", "value"]].values.tolist() == [
        ["j", "2025Q1", ""],
        ["k", "2024", "4"],
        ["k", "2025Q2", "2"],
    ]
    assert list(frame.index) == [0, 1, 2]
    assert latest_quarter(frame) == Quarter(2025, 2)
    assert latest_quarter(frame.iloc[0:0]) is None


def test_the_target_that_applies_at_a_quarter():
    targets = kpi(
        {
            "kind": "milestone",
            "targets": [
                {"when": "2026Q2", "value": "実施中"},
                {"when": "2026Q3", "value": "実施"},
                {"when": 2028, "value": "実施"},
            ],
        }
    ).targets
    quarters = ("2026Q1", "2026Q2", "2026Q3", "2026Q4", "2027Q2", "2029Q1")
    at = {q: str(applicable_target(targets, Quarter.parse(q)).when) for q in quarters}
    assert at == {
        "2026Q1": "2026Q2",  # the first of its 年度 not yet due
        "2026Q2": "2026Q2",  # due in this very quarter
        "2026Q3": "2026Q3",
        "2026Q4": "2026Q3",  # every target of its 年度 due: the last of them
        "2027Q2": "2028",  # none in its 年度: the next later one
        "2029Q1": "2028",  # none later: the last
    }
    assert applicable_target([], Quarter(2026, 1)) is None


def test_the_expected_share_of_the_line():
    start, due = Quarter(2026, 1), Quarter(2026, 4)
    assert [expected_share(start, due, Quarter(2026, q)) for q in (1, 2, 3, 4)] == [
        0.25,
        0.5,
        0.75,
        1.0,
    ]
    assert expected_share(start, due, Quarter(2025, 4)) == 0.0
    assert expected_share(start, due, Quarter(2027, 1)) == 1.0
    assert expected_share(start, start, Quarter(2025, 4)) == 0.0  # one quarter, not yet begun
    assert expected_share(start, Quarter(2025, 4), start) == 1.0  # due before the line starts


def test_every_kpi_is_judged_at_both_quarters_from_its_own_actuals():
    kpis = [kpi(RISE, "a"), kpi(NO_BASELINE, "b"), kpi({**RISE, "baseline": {"value": 40}}, "c")]
    frame = actuals_frame(rows({"2026Q3": "55", "2026Q4": "60"}, "c"))
    result = evaluate_kpis(kpis, frame, Quarter(2026, 4), START, Evaluation())
    assert list(result) == ["a", "b", "c"]
    assert [result[k].current.status for k in "ab"] == [KpiStatus.NO_DATA] * 2
    assert result["c"].current.ratio == pytest.approx(1.25)
    assert result["c"].previous.quarter == "2026Q3"
    assert result["c"].previous.value == 55.0 and result["c"].value_delta == 5.0
    yearly = evaluate_kpis(
        kpis, frame, Quarter(2026, 4), START, Evaluation(), previous=Quarter(2025, 4)
    )
    assert yearly["c"].previous.quarter == "2025Q4"


def test_the_judgement_as_data():
    now = judge({"target_pending": {"decide_by": "2027-03-31"}}, {}, "2026Q2")
    before = judge(RISE, {"2026Q1": "45"}, "2026Q1")
    data = KpiEvaluation(now, before).as_dict()
    assert (data["status"], data["reason"], data["decide_by"]) == (
        "no_target",
        "target_pending",
        "2027-03-31",
    )
    assert (data["previous_status"], data["previous_mark"], data["previous_value"]) == (
        "behind",
        STATUS_LABELS[KpiStatus.BEHIND],
        45.0,
    )
    assert (data["value_delta"], data["trend"]) == (None, str(Trend.CHANGED))
    assert data["kpi_id"] == "k" and data["quarter"] == "2026Q2" and data["mark"]
    assert before.as_dict()["decide_by"] is None and before.as_dict()["status"] == "behind"
