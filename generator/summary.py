"""A short Japanese summary of a valid plan, printed by `dataplan validate`."""

from __future__ import annotations

from collections import Counter

from generator.labels import (
    LEVEL_LABELS,
    MUNICIPALITY_KIND_LABELS,
    basic_act_basis,
    period_text,
)
from generator.project import PlanProject


def plan_summary(project: PlanProject) -> str:
    """Municipality, period and counts per pillar, in a few lines."""
    meta = project.meta
    period = meta.period
    kpi_count = sum(len(measure.kpis) for measure in project.measures)
    kind = LEVEL_LABELS[meta.level]
    if meta.municipality_kind is not None:
        kind = MUNICIPALITY_KIND_LABELS[meta.municipality_kind]
    title = f"{meta.title}（通称: {meta.short_name}）" if meta.short_name else meta.title
    lines = [
        f"{meta.municipality}（{meta.prefecture}、団体コード {meta.lg_code}、{kind}）",
        title,
        f"根拠: {basic_act_basis(meta.level)}",
        f"計画期間: {period_text(period)}",
        f"章: {len(project.chapters) + 1}/7　施策: {len(project.measures)} 件　KPI: {kpi_count} 件",
    ]
    if meta.own_structure:
        top = [group for group in meta.groups if group.parent is None]
        per_group = Counter(project.top_group(m.group) for m in project.measures)
        parts = [f"{group.id} {group.name} {per_group.get(group.id, 0)}" for group in top]
        lines.append("体系ごとの施策: " + "、".join(parts))
        return "\n".join(lines)
    per_pillar = Counter(m.pillar.value for m in project.measures if m.pillar is not None)
    pillar_parts = [
        f"{pillar.short_label} {per_pillar.get(pillar.id, 0)}"
        for pillar in project.catalogue.pillars
    ]
    lines.append("柱ごとの施策: " + "、".join(pillar_parts))
    return "\n".join(lines)
