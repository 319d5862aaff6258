"""Catalogue listings for ``dataplan catalog``: JSON-ready dicts and plain text."""

from __future__ import annotations

from typing import Any

from .model import Catalogue, TemplateExample
from .reference import ReferenceCatalogue

MARK_SYMBOL = {"national": "◎", "local": "○"}


def catalogue_as_dict(catalogue: Catalogue) -> dict[str, Any]:
    """Return the catalogue as a JSON-ready dict with counts and resolved references."""
    return {
        "catalogue": catalogue.catalogue.model_dump(),
        "counts": {
            "pillars": len(catalogue.pillars),
            "fields": len(catalogue.fields),
            "template_examples": len(catalogue.template_examples),
            "national_measures": len(catalogue.national_measures),
            "case_studies": len(catalogue.case_studies),
        },
        "pillars": [p.model_dump() for p in catalogue.pillars],
        "fields": [f.model_dump() for f in catalogue.fields],
        "national_measures": [
            {
                **m.model_dump(),
                "answered_by_examples": [e.id for e in catalogue.examples_citing_measure(m.id)],
            }
            for m in catalogue.national_measures
        ],
        "case_studies": [
            {
                **c.model_dump(),
                "used_by_examples": [e.id for e in catalogue.examples_citing_case(c.id)],
            }
            for c in catalogue.case_studies
        ],
        "template_examples": [_resolved_example(catalogue, e) for e in catalogue.template_examples],
    }


def _resolved_example(catalogue: Catalogue, example: TemplateExample) -> dict[str, Any]:
    pillar = catalogue.pillar(example.pillar)
    field = catalogue.field(example.field)
    # References are guaranteed to resolve by Catalogue's validator.
    assert pillar is not None and field is not None
    measures = [catalogue.national_measure(i) for i in example.national_measures]
    cases = [catalogue.case_study(i) for i in example.case_studies]
    return {
        **example.model_dump(),
        "pillar": {"id": pillar.id, "label": pillar.label, "short_label": pillar.short_label},
        "field": {"id": field.id, "label": field.label},
        "national_measures": [{"id": m.id, "name": m.name} for m in measures if m],
        "case_studies": [
            {"id": c.id, "title": c.title, "municipality": c.municipality} for c in cases if c
        ],
    }


def catalogue_as_text(catalogue: Catalogue) -> str:
    """Return a plain Japanese listing: counts, then examples grouped by pillar."""
    info = catalogue.catalogue
    lines = [
        f"{info.title}（{info.id}、{info.version}）",
        f"出典: {info.source}",
        (
            f"件数: 柱 {len(catalogue.pillars)}、重点分野 {len(catalogue.fields)}、"
            f"記載例 {len(catalogue.template_examples)}、"
            f"国の施策 {len(catalogue.national_measures)}、事例集 {len(catalogue.case_studies)}"
        ),
        "凡例: ◎ 国の施策に対応する施策、○ 事例集の施策を基にした施策",
    ]
    for pillar in catalogue.pillars:
        article = f"、基本法第{pillar.article}条" if pillar.article else ""
        examples = catalogue.examples_in_pillar(pillar.id)
        lines += [
            "",
            f"{pillar.number}. {pillar.short_label}（{pillar.label}{article}）— {len(examples)}件",
        ]
        for ex in examples:
            field = catalogue.field(ex.field)
            lines.append(
                f"  {MARK_SYMBOL[ex.mark]} {ex.id} {ex.name}［{field.label if field else ex.field}］"
            )
            for ref in ex.national_measures:
                m = catalogue.national_measure(ref)
                lines.append(f"      国の施策 {ref}: {m.name if m else '?'}")
            for ref in ex.case_studies:
                c = catalogue.case_study(ref)
                lines.append(
                    f"      事例集 {ref}: {c.title}（{c.municipality}）"
                    if c
                    else f"      事例集 {ref}"
                )
    return "\n".join(lines) + "\n"


def reference_as_dict(catalogue: ReferenceCatalogue) -> dict[str, Any]:
    """A reference catalogue as JSON-ready data: provenance, counts and every entry's reference."""
    return {
        "catalogue": catalogue.catalogue.model_dump(),
        "counts": {"sections": len(catalogue.sections), "entries": len(catalogue.entries)},
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "entries": [
                    {"ref": catalogue.ref(entry), **entry.model_dump()} for entry in section.entries
                ],
            }
            for section in catalogue.sections
        ],
    }


def reference_as_text(catalogue: ReferenceCatalogue) -> str:
    """A plain Japanese listing: provenance, then each section with its entries' references."""
    info = catalogue.catalogue
    lines = [f"{info.title} {info.version}（{info.id}）"]
    made = "、".join(part for part in (info.issuer, info.date) if part)
    if made:
        lines.append(f"発行: {made}")
    lines.append(f"出典: {info.source}")
    if info.url:
        lines.append(f"URL: {info.url}")
    if info.supersedes:
        lines.append(f"前の版: {info.supersedes}")
    lines.append(
        f"項目: {len(catalogue.entries)} 件（施策の catalogue_entries に「id/キー」で書きます）"
    )
    for section in catalogue.sections:
        lines += ["", f"{section.key} {section.title}" if section.key else section.title]
        for entry in section.entries:
            page = f"（{entry.page}頁）" if entry.page else ""
            number = f"{entry.number} " if entry.number and entry.number != entry.key else ""
            lines.append(f"  {catalogue.ref(entry)}  {number}{entry.title}{page}")
            if entry.continues:
                lines.append(f"      前の版の {'、'.join(entry.continues)} を引き継ぐ")
    return "\n".join(lines) + "\n"
