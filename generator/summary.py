"""A short Japanese summary of a valid plan, printed by `dataplan validate`."""

from __future__ import annotations

from collections import Counter

from generator.model.plan import Period
from generator.project import PlanProject
from generator.wareki import era_year, period_label


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


def period_text(period: Period) -> str:
    """2025〜2029年度（令和7〜11年度）, or 2024年12月〜2029年度（令和6年12月〜令和11年度） when it starts in a month."""
    if isinstance(period.start, int):
        return period_label(period.start, period.end)
    year, month = (int(part) for part in period.start.split("-"))
    era, number = era_year(year)
    end_era, end_number = era_year(period.end)
    start_wareki = f"{era}{'元' if number == 1 else number}年{month}月"
    return f"{year}年{month}月〜{period.end}年度（{start_wareki}〜{end_era}{end_number}年度）"
