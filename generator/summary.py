"""A short Japanese summary of a valid plan, printed by `dataplan validate`."""

from __future__ import annotations

from collections import Counter

from generator.labels import period_text
from generator.project import PlanProject


def plan_summary(project: PlanProject) -> str:
    """Municipality, period and counts per pillar, in a few lines."""
    meta = project.meta
    period = meta.period
    per_pillar = Counter(measure.pillar.value for measure in project.measures)
    pillar_parts = []
    for pillar in project.catalogue.pillars:
        pillar_parts.append(f"{pillar.short_label} {per_pillar.get(pillar.id, 0)}")
    kpi_count = sum(len(measure.kpis) for measure in project.measures)
    lines = [
        f"{meta.municipality}（{meta.prefecture}、団体コード {meta.lg_code}）",
        f"{meta.title}",
        f"計画期間: {period_text(period)}",
        f"章: {len(project.chapters) + 1}/7　施策: {len(project.measures)} 件　KPI: {kpi_count} 件",
        "柱ごとの施策: " + "、".join(pillar_parts),
    ]
    return "\n".join(lines)
