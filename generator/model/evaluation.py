"""How KPI progress is judged (F10): thresholds and the plan's evaluation scale.

`plan/plan.yaml` may hold an `evaluation:` section; every key has a default, so a
plan without one is judged on the default scale (達成・順調・遅れ・未計測).

The computed *status* of a KPI is fixed by the method (generator/progress.py);
the *mark* shown for it (達成, A, S, …) comes from the scale's rules, which are
configuration: a list of {mark, label, statuses, kinds, min_ratio}, the first
rule that matches a KPI's result gives its mark.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from generator.labels import STATUS_LABELS, STATUS_MEANINGS
from generator.model.common import Model
from generator.model.kpi import KpiKind


class KpiStatus(StrEnum):
    """The status the method computes for one KPI at one quarter."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"
    NARRATIVE = "narrative"
    NOT_EVALUABLE = "not_evaluable"


# Statuses that judge progress; the others say why no judgement is possible.
JUDGED_STATUSES = (KpiStatus.ACHIEVED, KpiStatus.ON_TRACK, KpiStatus.BEHIND)


class Scale(StrEnum):
    DEFAULT = "default"
    NATIONAL = "national"
    RATING = "rating"


class MarkRule(Model):
    """One rule of a scale: the mark given to results that meet every condition stated."""

    schema_description: ClassVar[str] = "評価の尺度の規則の一つ: 条件に合う結果に付ける記号。"

    mark: str = Field(description="表示する記号や語（例: A、達成）。", min_length=1)
    label: str = Field(description="記号の意味（例: 進捗率が経過期間割合以上）。")
    statuses: list[KpiStatus] = Field(
        default_factory=list,
        description="この規則を当てはめる判定（achieved、on_track、behind、no_data、no_target、"
        "narrative、not_evaluable）。省略時はすべて。",
    )
    kinds: list[KpiKind] = Field(
        default_factory=list,
        description="この規則を当てはめる KPI の種類（例: milestone）。省略時はすべて。",
    )
    min_ratio: float | None = Field(
        None,
        description="進捗率 ÷ 期間経過率 がこの値以上のときに当てはめる。進捗率を計算しない KPI"
        "（定性・維持など）は、達成・順調なら 1、遅れなら 0 として比べます。",
    )

    def matches(self, status: KpiStatus, kind: KpiKind, ratio: float) -> bool:
        """Whether this rule applies to a result with this status, KPI kind and effective ratio."""
        if self.statuses and status not in self.statuses:
            return False
        if self.kinds and kind not in self.kinds:
            return False
        return self.min_ratio is None or ratio >= self.min_ratio


def _rules(*rows: tuple) -> list[MarkRule]:
    return [
        MarkRule(
            mark=mark, label=label, statuses=list(statuses), kinds=list(kinds), min_ratio=ratio
        )
        for mark, label, statuses, kinds, ratio in rows
    ]


S = KpiStatus
JUDGED = (S.ACHIEVED, S.ON_TRACK, S.BEHIND)
UNJUDGED = (S.NO_DATA, S.NO_TARGET, S.NARRATIVE, S.NOT_EVALUABLE)

SCALE_PRESETS: dict[Scale, list[MarkRule]] = {
    Scale.DEFAULT: _rules(
        *(
            (STATUS_LABELS[status], STATUS_MEANINGS[status], (status,), (), None)
            for status in KpiStatus
        )
    ),
    Scale.NATIONAL: _rules(
        ("N", "実績値が未計測（または数値の実績・目標がない）", UNJUDGED, (), None),
        ("F", "施策の実施自体が KPI", (), (KpiKind.MILESTONE,), None),
        ("A", "進捗率が経過期間割合以上", JUDGED, (), 1.0),
        ("B", "進捗率が経過期間割合未満", JUDGED, (), None),
    ),
    Scale.RATING: _rules(
        ("S", "目標を達成", (S.ACHIEVED,), (), None),
        ("A", "順調（進捗率が経過期間割合以上）", JUDGED, (), 1.0),
        ("B", "おおむね順調（経過期間割合の8割以上）", JUDGED, (), 0.8),
        ("C", "遅れ（経過期間割合の8割未満）", JUDGED, (), None),
        ("—", "評価できない（未計測・目標未設定など）", (), (), None),
    ),
}


class GradeDefinition(Model):
    """One grade that the plan's evaluating body gives (kpi/grades.csv の grade)."""

    schema_description: ClassVar[str] = "評価する組織が KPI に付ける評価の1つ（記号と意味）。"

    grade: str = Field(description="評価の記号や語（例: A、S、次期計画で継続）。", min_length=1)
    label: str | None = Field(None, description="その評価の意味（例: 目標を上回って達成）。")


class Evaluation(Model):
    """KPI の評価方法: 判定のしきい値と評価の尺度（plan.yaml の evaluation）。"""

    schema_description: ClassVar[str] = "KPI の評価方法: 判定のしきい値と評価の尺度。"

    scale: Scale = Field(
        Scale.DEFAULT,
        description="評価の尺度: default（達成・順調・遅れ・未計測）、national（国のフォローアップの "
        "A・B・F・N）、rating（S・A・B・C・—）。marks を書くとそちらが優先します。",
    )
    marks: list[MarkRule] = Field(
        default_factory=list,
        description="独自の尺度: 上から順に当てはめる規則の一覧。省略時は scale の既定の規則。",
    )
    on_track_ratio: float = Field(
        0.9,
        gt=0,
        description="「順調」とする 進捗率 ÷ 期間経過率 の下限（既定 0.9。1.0 なら国の A と同じ）。",
    )
    grades: list[GradeDefinition] = Field(
        default_factory=list,
        description="評価する組織（推進本部・外部評価委員会など）が KPI に付ける評価の一覧（kpi/grades.csv に"
        "記録）。書くと、この一覧にない評価をエラーにします。省略時はどの語でも記録できます。",
    )
    keep_tolerance: float = Field(
        0.05,
        ge=0,
        description="維持（keep）の KPI で目標値から離れてよい幅（目標値に対する割合。既定 0.05 = 5%）。",
    )

    def mark_rules(self) -> list[MarkRule]:
        """The rules in force: the plan's own, else the chosen scale's preset."""
        return self.marks or SCALE_PRESETS[self.scale]

    def mark_for(self, status: KpiStatus, kind: KpiKind, ratio: float | None) -> MarkRule:
        """The first rule that applies; `ratio` None counts as 1 when on track, 0 when behind.

        A plan's own rules may leave a status without a mark: the status's name stands in.
        """
        effective = ratio if ratio is not None else (0.0 if status is KpiStatus.BEHIND else 1.0)
        found = next(
            (rule for rule in self.mark_rules() if rule.matches(status, kind, effective)), None
        )
        label = STATUS_LABELS[status]
        return found or MarkRule(mark=label, label=label, statuses=[status])
