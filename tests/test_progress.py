"""The progress method (generator/progress.py) on hand-computed cases, one per edge and direction.

Every case states its arithmetic in the comment beside it. The plan period is
2025–2029 (so the first quarter is 2025Q1); baselines of FY2024 start the line to
the target at 2025Q1.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.kpi.store import ActualRow
from generator.model.evaluation import Evaluation, KpiStatus, MarkRule
from generator.model.kpi import Kpi
from generator.model.plan import Period
from generator.progress import (
    Trend,
    actuals_frame,
    applicable_target,
    evaluate_kpi,
    evaluate_kpis,
    expected_share,
)
from generator.quarters import Quarter
from generator.status_words import explain

START = Quarter(2025, 1)
A, ON, B = KpiStatus.ACHIEVED, KpiStatus.ON_TRACK, KpiStatus.BEHIND


def kpi(**fields) -> Kpi:
    data = {"id": "k", "name": "指標", "kind": "quantity", "unit": "件", **fields}
    return Kpi.model_validate(data)


def judge(
    indicator: Kpi,
    actuals: dict[str, str],
    quarter: str,
    config: Evaluation | None = None,
    notes: dict | None = None,
):
    rows = [ActualRow("k", q, value, (notes or {}).get(q, "")) for q, value in actuals.items()]
    config = config or Evaluation()
    result = evaluate_kpi(indicator, actuals_frame(rows), Quarter.parse(quarter), START, config)
    return Judged(result, explain(result, indicator.unit, config))


class Judged:
    """A judgement with the sentence that labels writes for it (analysis returns no words)."""

    def __init__(self, progress, explanation):
        self._progress, self.explanation = progress, explanation

    def __getattr__(self, name):
        return getattr(self._progress, name)


RISE = {
    "baseline": {"value": 40, "fiscal_year": 2024},
    "targets": [{"when": 2029, "value": 80}],
    "accumulation": "cumulative",
}
FALL = {
    "kind": "time",
    "unit": "分",
    "direction": "decrease",
    "baseline": {"value": 28, "fiscal_year": 2024},
    "targets": [{"when": 2029, "value": 15}],
}
STEPS = {
    "accumulation": "cumulative",
    "baseline": {"value": 40, "fiscal_year": 2024},
    "targets": [
        {"when": 2025, "value": 50},
        {"when": 2027, "value": 60},
        {"when": 2029, "value": 80},
    ],
}
RATE = {
    "kind": "percentage",
    "unit": "%",
    "baseline": {"value": 14.8, "fiscal_year": 2023},
    "targets": [{"when": 2025, "value": 25}, {"when": 2026, "value": 30}],
}
NO_BASELINE = {"targets": [{"when": 2029, "value": 100}]}

# (case, KPI fields, actuals, evaluated quarter, status, progress, expected)
CASES = [
    # increase, cumulative: 20 quarters 2025Q1–2029Q4; 2026Q2 is the 6th → expected 0.3.
    ("increase on track", RISE, {"2026Q2": "52"}, "2026Q2", ON, 12 / 40, 0.3),  # ratio 1.0
    ("increase behind", RISE, {"2026Q2": "48"}, "2026Q2", B, 8 / 40, 0.3),  # ratio 0.67 < 0.9
    ("increase achieved early", RISE, {"2026Q2": "85"}, "2026Q2", A, 45 / 40, 0.3),
    # decrease, per period: progress (28−24)/(28−15) = 4/13, expected 0.3 → ratio 1.03.
    ("decrease on track", FALL, {"2026Q2": "24"}, "2026Q2", ON, 4 / 13, 0.3),
    ("decrease behind", FALL, {"2026Q2": "26"}, "2026Q2", B, 2 / 13, 0.3),  # ratio 0.51
    ("decrease achieved", FALL, {"2026Q2": "14"}, "2026Q2", A, 14 / 13, 0.3),
    # per-年度 targets: at 2025Q3 the FY2025 target 50 (4 quarters, 3 elapsed → 0.75);
    # progress (47−40)/(50−40) = 0.7 → ratio 0.93 ≥ 0.9.
    ("target of the evaluated year", STEPS, {"2025Q3": "47"}, "2025Q3", ON, 0.7, 0.75),
    # at 2026Q2 (FY2026 has no target) the next later one, 60 in FY2027: 12 quarters, 6 elapsed.
    ("next later target", STEPS, {"2026Q2": "45"}, "2026Q2", B, 5 / 20, 0.5),  # ratio 0.5
    (
        "next later target on track",
        STEPS,
        {"2026Q2": "51"},
        "2026Q2",
        ON,
        11 / 20,
        0.5,
    ),  # ratio 1.1
    # per period: the 2025Q4 value is FY2025's, judged against FY2025's target 25 even at 2026Q2:
    # 8 quarters 2024Q1–2025Q4 all elapsed; not met and past due → behind.
    (
        "per period, last year's value missed last year's target",
        RATE,
        {"2025Q4": "24"},
        "2026Q2",
        B,
        (24 - 14.8) / (25 - 14.8),
        1.0,
    ),
    (
        "per period, last year's value met last year's target",
        RATE,
        {"2025Q4": "26"},
        "2026Q2",
        A,
        (26 - 14.8) / (25 - 14.8),
        1.0,
    ),
    # cumulative with the same figures: judged at 2026Q2 against FY2026's 30: 12 quarters
    # 2024Q1–2026Q4, 10 elapsed → expected 5/6; progress 11.2/15.2 = 0.737 → ratio 0.88 → behind.
    (
        "cumulative judged at the evaluated quarter",
        {**RATE, "accumulation": "cumulative"},
        {"2025Q4": "26"},
        "2026Q2",
        B,
        11.2 / 15.2,
        10 / 12,
    ),
    # no baseline: the first actual (20 at 2025Q1) stands in; line from 2025Q2 to 2029Q4 (19 quarters),
    # 2026Q1 is the 4th → expected 4/19; progress (44−20)/(100−20) = 0.3 → ratio 1.43.
    (
        "no baseline, first actual as baseline",
        NO_BASELINE,
        {"2025Q1": "20", "2026Q1": "44"},
        "2026Q1",
        ON,
        0.3,
        4 / 19,
    ),
    (
        "no baseline, one actual",
        NO_BASELINE,
        {"2025Q1": "20"},
        "2026Q1",
        KpiStatus.NOT_EVALUABLE,
        None,
        None,
    ),
    (
        "no baseline, one actual meeting the target",
        NO_BASELINE,
        {"2025Q1": "120"},
        "2025Q1",
        A,
        None,
        None,
    ),
    (
        "no baseline, one actual past due",
        {"targets": [{"when": 2025, "value": 100}]},
        {"2025Q1": "20"},
        "2026Q1",
        B,
        None,
        None,
    ),
    # target equal to baseline: keep semantics on the side of the direction.
    (
        "target equal to baseline, held",
        {**RISE, "targets": [{"when": 2029, "value": 40}]},
        {"2026Q2": "41"},
        "2026Q2",
        A,
        None,
        None,
    ),
    (
        "target equal to baseline, fallen",
        {**RISE, "targets": [{"when": 2029, "value": 40}]},
        {"2026Q2": "39"},
        "2026Q2",
        B,
        None,
        None,
    ),
    (
        "target met at baseline, still met",
        {**RISE, "baseline": {"value": 90, "fiscal_year": 2024}},
        {"2026Q2": "85"},
        "2026Q2",
        A,
        None,
        None,
    ),
    (
        "target met at baseline, no longer",
        {**RISE, "baseline": {"value": 90, "fiscal_year": 2024}},
        {"2026Q2": "75"},
        "2026Q2",
        B,
        None,
        None,
    ),
    # keep: within 5 % of 36 (±1.8) is achieved.
    (
        "keep within tolerance",
        {"direction": "keep", "targets": [{"when": 2029, "value": 36}]},
        {"2026Q2": "35"},
        "2026Q2",
        A,
        None,
        None,
    ),
    (
        "keep outside tolerance",
        {"direction": "keep", "targets": [{"when": 2029, "value": 36}]},
        {"2026Q2": "33"},
        "2026Q2",
        B,
        None,
        None,
    ),
    # actuals after the period: the last target; past due and not met → behind.
    ("after the period, not met", RISE, {"2030Q1": "70"}, "2030Q1", B, 30 / 40, 1.0),
    ("after the period, met", RISE, {"2030Q1": "85"}, "2030Q1", A, 45 / 40, 1.0),
    # only quarters up to the evaluated one count, whenever recorded.
    # 43 at 2025Q2 judged at 2025Q4: progress 3/40 against 4/20 → ratio 0.375; 60 at 2026Q1 is unseen.
    ("later actual ignored", RISE, {"2025Q2": "43", "2026Q1": "60"}, "2025Q4", B, 3 / 40, 4 / 20),
]


@pytest.mark.parametrize(
    ("name", "fields", "actuals", "quarter", "status", "progress", "expected"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_numeric_cases(name, fields, actuals, quarter, status, progress, expected):
    result = judge(kpi(**fields), actuals, quarter)
    assert result.status is status, result.explanation
    assert (
        result.progress == pytest.approx(progress)
        if progress is not None
        else result.progress is None
    )
    assert (
        result.expected == pytest.approx(expected)
        if expected is not None
        else result.expected is None
    )


def test_late_recorded_actual_changes_only_its_own_quarter_and_later():
    indicator = kpi(**RISE)
    before = judge(indicator, {"2025Q2": "43"}, "2025Q3")
    late = [
        ActualRow("k", "2025Q2", "43"),
        ActualRow("k", "2025Q3", "48", recorded_at="2026-11-01"),
    ]
    after = evaluate_kpi(indicator, actuals_frame(late), Quarter(2025, 3), START, Evaluation())
    earlier = evaluate_kpi(indicator, actuals_frame(late), Quarter(2025, 2), START, Evaluation())
    assert (before.value, after.value, earlier.value) == (43, 48, 43)
    assert earlier.latest_quarter == "2025Q2"


def test_first_actual_baseline_is_reported_as_such():
    result = judge(kpi(**NO_BASELINE), {"2025Q1": "20", "2026Q1": "44"}, "2026Q1")
    assert (result.baseline, result.baseline_source) == (20, "first_actual")
    assert judge(kpi(**RISE), {"2026Q2": "52"}, "2026Q2").baseline_source == "plan"


@pytest.mark.parametrize(
    ("fields", "actuals", "status", "words"),
    [
        (
            {"target_pending": {"decide_by": "2026-03-31", "reason": "調査中"}},
            {"2025Q2": "10"},
            KpiStatus.NO_TARGET,
            "2026年3月31日",
        ),
        ({"target_pending": {"decide_by": "2026-03-31"}}, {}, KpiStatus.NO_TARGET, "未設定"),
        (
            {"target_text": "令和8年度までに全庁展開"},
            {"2025Q2": "10"},
            KpiStatus.NOT_EVALUABLE,
            "文章で示されている",
        ),
        ({"target_text": "令和8年度までに全庁展開"}, {}, KpiStatus.NO_DATA, "実績がありません"),
        (RISE, {}, KpiStatus.NO_DATA, "実績がありません"),
        (RISE, {"2025Q1": "41", "2025Q2": ""}, KpiStatus.NARRATIVE, "文章"),
    ],
    ids=[
        "pending with data",
        "pending",
        "text target",
        "text target without data",
        "no data",
        "narrative",
    ],
)
def test_statuses_without_a_judgement(fields, actuals, status, words):
    result = judge(
        kpi(**fields), actuals, "2025Q2", notes={"2025Q2": "システム更新のため集計できず"}
    )
    assert result.status is status
    assert words in result.explanation
    assert result.progress is None


def test_narrative_actual_keeps_its_note():
    result = judge(kpi(**RISE), {"2025Q2": ""}, "2025Q2", notes={"2025Q2": "集計は年度末"})
    assert (result.status, result.latest_value, result.latest_note) == (
        KpiStatus.NARRATIVE,
        None,
        "集計は年度末",
    )


MILESTONE = {
    "kind": "milestone",
    "baseline": {"value": "未実施", "fiscal_year": 2024},
    "targets": [{"when": "2025Q2", "value": "実施中"}, {"when": "2025Q4", "value": "実施"}],
}


@pytest.mark.parametrize(
    ("actuals", "quarter", "status", "words"),
    [
        ({"2025Q1": "未実施"}, "2025Q1", ON, "2025年度第2四半期（令和7年度）までに「実施中」"),
        ({"2025Q2": "未実施"}, "2025Q2", B, "予定ですが、現在は「未実施」"),
        ({"2025Q2": "実施中"}, "2025Q3", ON, "までに「実施」の予定です"),
        (
            {"2025Q2": "実施中", "2025Q4": "実施中"},
            "2025Q4",
            B,
            "2025年度第4四半期（令和7年度）までに「実施」",
        ),
        ({"2025Q4": "実施中", "2026Q2": "実施"}, "2026Q2", A, "より2四半期遅れて達成"),
        ({"2025Q3": "実施"}, "2025Q3", A, "予定より早く達成"),
        ({"2025Q4": "実施"}, "2026Q3", A, "予定どおり達成"),
    ],
    ids=[
        "before due",
        "first step late",
        "first step done",
        "final step late",
        "done late",
        "done early",
        "done on time",
    ],
)
def test_milestone_by_scheduled_quarter(actuals, quarter, status, words):
    result = judge(kpi(**MILESTONE), actuals, quarter)
    assert result.status is status
    assert words in result.explanation
    assert result.progress is None


@pytest.mark.parametrize(
    ("scale", "fields", "actuals", "quarter", "mark"),
    [
        ("default", STEPS, {"2025Q3": "47"}, "2025Q3", "順調"),
        ("national", STEPS, {"2025Q3": "47"}, "2025Q3", "B"),  # ratio 0.93 < 1
        ("national", RISE, {"2026Q2": "52"}, "2026Q2", "A"),  # ratio 1.0
        ("national", RISE, {"2026Q2": "85"}, "2026Q2", "A"),  # achieved
        ("national", MILESTONE, {"2025Q2": "未実施"}, "2025Q2", "F"),
        ("national", RISE, {}, "2026Q2", "N"),
        ("rating", RISE, {"2026Q2": "85"}, "2026Q2", "S"),
        ("rating", STEPS, {"2025Q3": "47"}, "2025Q3", "B"),  # 0.8 ≤ 0.93 < 1
        ("rating", RISE, {"2026Q2": "48"}, "2026Q2", "C"),  # ratio 0.67
        (
            "rating",
            MILESTONE,
            {"2025Q1": "未実施"},
            "2025Q1",
            "A",
        ),  # on track, no ratio → counts as 1
        (
            "rating",
            MILESTONE,
            {"2025Q2": "未実施"},
            "2025Q2",
            "C",
        ),  # behind, no ratio → counts as 0
        ("rating", {"target_pending": {"decide_by": "2026-03-31"}}, {}, "2026Q2", "—"),
    ],
)
def test_scale_presets_give_marks(scale, fields, actuals, quarter, mark):
    assert judge(kpi(**fields), actuals, quarter, Evaluation(scale=scale)).mark == mark


def test_own_marks_and_threshold_are_configuration():
    config = Evaluation(
        on_track_ratio=0.5,
        marks=[
            MarkRule(mark="◎", label="計画以上", statuses=[A, ON], min_ratio=1.2),
            MarkRule(mark="○", label="計画どおり", statuses=[A, ON]),
            MarkRule(mark="△", label="遅れ", statuses=[B]),
            MarkRule(mark="－", label="判定なし"),
        ],
    )
    results = [
        judge(kpi(**STEPS), {"2026Q2": value}, "2026Q2", config) for value in ("45", "51", "54")
    ]
    # ratios 0.5, 1.1, 1.4 against the lowered threshold 0.5: all on track
    assert [(r.status, r.mark) for r in results] == [(ON, "○"), (ON, "○"), (ON, "◎")]
    assert judge(kpi(**RISE), {}, "2026Q2", config).mark == "－"


def test_change_since_previous_quarter():
    frame = actuals_frame([ActualRow("k", "2026Q1", "45"), ActualRow("k", "2026Q2", "51")])
    evaluation = evaluate_kpis([kpi(**STEPS)], frame, Quarter(2026, 2), START, Evaluation())["k"]
    # 2026Q1: expected 5/12, progress 5/20 → ratio 0.6 → behind; 2026Q2: on track (see above)
    assert (evaluation.previous.status, evaluation.current.status) == (B, ON)
    assert evaluation.value_delta == 6
    assert evaluation.trend is Trend.IMPROVED
    unchanged = evaluate_kpis(
        [kpi(**STEPS)], frame.iloc[:1], Quarter(2026, 2), START, Evaluation()
    )["k"]
    assert unchanged.value_delta == 0


def test_helpers():
    assert expected_share(Quarter(2025, 1), Quarter(2029, 4), Quarter(2026, 2)) == 0.3
    assert expected_share(Quarter(2025, 1), Quarter(2029, 4), Quarter(2024, 4)) == 0.0
    assert expected_share(Quarter(2025, 1), Quarter(2029, 4), Quarter(2031, 1)) == 1.0
    targets = kpi(**STEPS).targets
    assert [
        applicable_target(targets, Quarter.parse(q)).value
        for q in ("2024Q4", "2025Q4", "2026Q1", "2029Q1", "2031Q1")
    ] == [50, 50, 60, 80, 80]
    assert Period(start=2025, end=2029).first_quarter == Quarter(2025, 1)
    assert Period(start="2022-12", end=2029).first_quarter == Quarter(2022, 3)


def test_frame_leaves_out_unreadable_quarters_and_keeps_first_duplicate():
    frame = actuals_frame(
        [
            ActualRow("k", "2025Q1", "1"),
            ActualRow("k", "2025-1", "2"),
            ActualRow("k", "2025Q1", "3"),
        ]
    )
    assert frame["value"].tolist() == ["1"]


RANK = {B: 0, ON: 1, A: 2}
quarters = st.integers(Quarter(2025, 1).index, Quarter(2030, 4).index).map(Quarter.from_index)
values = st.floats(0, 500, allow_nan=False)


@given(
    direction=st.sampled_from(["increase", "decrease"]),
    accumulation=st.sampled_from(["cumulative", "per_period"]),
    baseline=values,
    target=values,
    low=values,
    high=values,
    quarter=quarters,
)
def test_status_is_monotonic_in_the_actual(
    direction, accumulation, baseline, target, low, high, quarter
):
    """For a fixed target: a better actual never gives a worse status (higher for increase, lower for decrease)."""
    indicator = kpi(
        direction=direction,
        accumulation=accumulation,
        baseline={"value": baseline, "fiscal_year": 2024},
        targets=[{"when": 2027, "value": target}, {"when": 2029, "value": target}],
    )
    worse, better = (
        sorted([low, high]) if direction == "increase" else sorted([low, high], reverse=True)
    )
    statuses = [
        evaluate_kpi(
            indicator,
            actuals_frame([ActualRow("k", str(quarter), repr(value))]),
            quarter,
            START,
            Evaluation(),
        ).status
        for value in (worse, better)
    ]
    assert RANK[statuses[1]] >= RANK[statuses[0]]


def test_the_guides_worked_example():
    """guide/progress.md 「計算の例」: the same figures, computed."""
    online = kpi(
        unit="手続",
        accumulation="cumulative",
        baseline={"value": 48, "fiscal_year": 2023},
        targets=[{"when": 2025, "value": 90}, {"when": 2026, "value": 130}],
    )
    actuals = {"2026Q1": "110", "2026Q2": "116"}
    result = judge(online, actuals, "2026Q2")
    assert (round(result.progress, 3), round(result.expected, 3), round(result.ratio, 3)) == (
        0.829,
        0.833,
        0.995,
    )
    assert [
        judge(online, actuals, "2026Q2", Evaluation(scale=s)).mark
        for s in ("default", "national", "rating")
    ] == ["順調", "B", "B"]
    previous = judge(online, actuals, "2026Q1")
    assert (round(previous.progress, 3), previous.expected, round(previous.ratio, 3)) == (
        0.756,
        0.75,
        1.008,
    )

    waiting = kpi(
        kind="time",
        unit="分",
        direction="decrease",
        baseline={"value": 28, "fiscal_year": 2023},
        targets=[{"when": 2025, "value": 22}, {"when": 2026, "value": 18}],
    )
    result = judge(waiting, {"2026Q1": "21.0", "2026Q2": "22.4"}, "2026Q2")
    assert (result.status, round(result.progress, 2), round(result.ratio, 2)) == (B, 0.56, 0.67)

    paper = kpi(
        unit="万枚",
        direction="decrease",
        baseline={"value": 1480, "fiscal_year": 2023},
        targets=[{"when": 2025, "value": 1200}, {"when": 2027, "value": 1000}],
    )
    result = judge(paper, {"2025Q4": "1265"}, "2026Q2")
    assert (result.status, round(result.progress, 2)) == (B, 0.77)
    assert "期限を過ぎて未達成" in result.explanation

    stay = kpi(kind="time", unit="分", targets=[{"when": 2026, "value": 150}])
    stays = {"2025Q2": "124", "2025Q4": "131", "2026Q2": "140"}
    result = judge(stay, stays, "2026Q2")
    assert (result.status, result.expected, round(result.progress, 3), result.baseline_source) == (
        ON,
        4 / 6,
        0.615,
        "first_actual",
    )
    assert "初回の実績 124分（2025年度第2四半期（令和7年度））" in result.explanation
    assert judge(stay, stays, "2025Q3").status is KpiStatus.NOT_EVALUABLE
