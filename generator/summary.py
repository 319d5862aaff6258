"""A short Japanese summary of a valid plan, printed by `dataplan validate`."""

from __future__ import annotations

from collections import Counter

from generator.labels import (
    CHAPTER_TITLES,
    LEVEL_LABELS,
    MUNICIPALITY_KIND_LABELS,
    NOT_STATED,
    basic_act_basis,
    period_text,
)
from generator.project import PlanProject


def plan_summary(project: PlanProject) -> str:
    """Municipality, period and counts per pillar (or per group), in a few lines."""
    meta = project.meta
    kpi_count = sum(len(measure.kpis) for measure in project.measures)
    kind = LEVEL_LABELS[meta.level]
    if meta.municipality_kind is not None:
        kind = MUNICIPALITY_KIND_LABELS[meta.municipality_kind]
    title = f"{meta.title}（通称: {meta.short_name}）" if meta.short_name else meta.title
    chapters = len(project.chapters) + 1
    # A prefecture's own plan names the prefecture once (not 「架空県（架空県、…）」).
    own = meta.level.value == "prefecture" or meta.prefecture == meta.municipality
    where = "" if own else f"{meta.prefecture}、"
    lines = [
        f"{meta.municipality}（{where}団体コード {meta.lg_code}、{kind}）",
        title,
        f"根拠: {basic_act_basis(meta.level)}",
        f"計画期間: {period_text(meta.known_period)}",
        f"章: {chapters}/7　施策: {len(project.measures)} 件　KPI: {kpi_count} 件",
    ]
    lines += _classification_lines(project)
    stated = not_stated_summary(project)
    if stated:
        lines.append(stated)
    return "\n".join(lines)


def _classification_lines(project: PlanProject) -> list[str]:
    meta = project.meta
    if meta.own_structure:
        top = [group for group in meta.groups if group.parent is None]
        if not top:
            return []  # no groups written yet: no empty 「体系ごとの施策: 」 line
        per_group = Counter(project.top_group(m.group) for m in project.measures)
        parts = [f"{group.id} {group.name} {per_group.get(group.id, 0)}" for group in top]
        return ["体系ごとの施策: " + "、".join(parts)]
    per_pillar = Counter(m.pillar.value for m in project.measures if m.pillar is not None)
    pillar_parts = [
        f"{pillar.short_label} {per_pillar.get(pillar.id, 0)}"
        for pillar in project.catalogue.pillars
    ]
    return ["柱ごとの施策: " + "、".join(pillar_parts)]


def skipped_checks_note(project: PlanProject | None) -> str:
    """What validate could not check because a file failed its schema ("" when nothing was skipped).

    The counts of a run with schema errors would otherwise read as if every check had run.
    """
    if project is None:
        return (
            "plan/plan.yaml を読めないため、施策・KPI・実績の対応の点検はしていません。"
            "上のエラーを直してから、もう一度 validate してください（ほかの問題が見つかることがあります）。"
        )
    unloaded = project.sources.unloaded
    if unloaded:
        files = "、".join(item.file for item in unloaded)
        return (
            f"形式の誤りがある施策のファイル（{files}）は、中身の点検（部署・KPI・目標など）をしていません。"
            "上のエラーを直してから、もう一度 validate してください。"
        )
    return ""


def not_stated_counts(project: PlanProject) -> dict[str, int]:
    """What the plan records as 「計画に記載なし」, by kind, with how often (none left out)."""
    kpis = [kpi for _, _, kpi in project.iter_kpis()]
    counts = {
        "計画期間": 0 if project.meta.known_period else 1,
        "章": len(project.chapters.not_stated),
        "施策の担当部署": sum(1 for m in project.measures if not m.departments_stated),
        "KPI の目標": sum(1 for kpi in kpis if kpi.targets_not_stated),
        "目標の時期": sum(1 for kpi in kpis for t in kpi.target_list if t.due is None),
    }
    return {what: count for what, count in counts.items() if count}


def not_stated_summary(project: PlanProject) -> str:
    """計画に記載なし: 章 1（第7章 …）、施策の担当部署 2 件 …; empty when the plan records none."""
    counts = not_stated_counts(project)
    if not counts:
        return ""
    parts = []
    for what, count in counts.items():
        if what == "計画期間":
            parts.append(what)
        elif what == "章":
            missing = project.chapters.not_stated
            names = "、".join(title for name, title in CHAPTER_TITLES.items() if name in missing)
            parts.append(f"章 {count}（{names}）")
        else:
            parts.append(f"{what} {count} 件")
    return f"{NOT_STATED}: " + "、".join(parts)
