"""`dataplan catalog export`: a plan's measures as a catalogue file for other plans to refer to.

A prefecture exports its plan; each municipality puts the file in its plan/ folder,
lists it under `catalogues` in plan.yaml and refers to the prefecture's measures as
`<catalogue id>/<measure id>`. Measure ids are the entries' keys, so they stay stable
from one revision to the next; with the previous export given, every entry that was
there before declares that it continues it. Only the public view is exported.

The provenance says whose plan it is (name, level, 地方公共団体コード), which version and
when, so that an aggregate over many plans can count, for a prefecture's catalogue,
how many of the prefecture's municipalities refer to each entry.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML

from generator.catalogue.reference import ReferenceCatalogue
from generator.model.plan import PlanMeta
from generator.outline import plan_outline
from generator.project import Audience, PlanProject
from generator.visibility import plan_view

SCHEMA_LINE = "yaml-language-server: $schema=../schemas/catalogue.schema.json"


def plan_as_catalogue(
    project: PlanProject,
    *,
    catalogue_id: str | None = None,
    url: str | None = None,
    previous: ReferenceCatalogue | None = None,
) -> dict[str, Any]:
    """The plan's public measures as catalogue data (validates as a ReferenceCatalogue)."""
    view = plan_view(project, Audience.PUBLIC)
    meta = view.meta
    date, version, when = plan_edition(meta)
    info = {
        "id": catalogue_id or f"{meta.lg_code}-{edition_stamp(meta)}",
        "series": f"plan-{meta.lg_code}",
        "version": version,
        "title": meta.title,
        "issuer": meta.municipality,
        "issuer_level": meta.level.value,
        "issuer_lg_code": meta.lg_code,
        "date": date,
        "url": url,
        "source": f"{meta.municipality}「{meta.title}」（{when}、{version}）",
        "supersedes": previous.id if previous else None,
    }
    sections = []
    for node in plan_outline(view):
        entries = []
        for measure in node.all_measures():
            entry: dict[str, Any] = {"key": measure.id, "title": measure.name}
            if measure.number:
                entry["number"] = measure.number
            if measure.summary is not None:
                entry["summary"] = measure.summary.text
            if measure.pillar is not None:
                entry["pillar"] = measure.pillar.value
            if measure.field is not None:
                entry["field"] = measure.field.value
            if previous is not None and previous.entry(measure.id) is not None:
                entry["continues"] = [f"{previous.id}/{measure.id}"]
            entries.append(entry)
        if entries:
            sections.append({"key": node.number or None, "title": node.title, "entries": entries})
    return {
        "catalogue": {key: value for key, value in info.items() if value is not None},
        "sections": [
            {key: value for key, value in section.items() if value is not None}
            for section in sections
        ],
    }


def plan_edition(meta: PlanMeta) -> tuple[str | None, str, str]:
    """(date, version, when) of the plan's edition: its latest revision, else its adoption, else a draft.

    The date is ISO, a day or a month (None for a draft, or a date known only to its 年度);
    the version is the revision's own (第2版), else 「<date> 改定」, 「策定時」 or 「案」;
    `when` says it in words (「2026-03-27 改定」).
    """
    latest = meta.revisions[-1] if meta.revisions else None
    if latest is not None:
        date = latest.date.iso if latest.date.month else None
        return date, latest.version or f"{latest.date.iso} 改定", f"{latest.date.iso} 改定"
    if meta.adopted_on is not None:
        date = meta.adopted_on.iso if meta.adopted_on.month else None
        return date, "策定時", f"{meta.adopted_on.iso} 策定"
    return None, "案", "策定前の案"


def edition_stamp(meta: PlanMeta) -> str:
    """The edition in an id: 2024-02-05, 2017-10, the 年度 of a date known only to its
    年度 (fy2022), or draft."""
    date, _, _ = plan_edition(meta)
    if date:
        return date
    latest = meta.revisions[-1] if meta.revisions else None
    known = latest.date if latest is not None else meta.adopted_on
    return f"fy{known.year}" if known is not None else "draft"


def catalogue_yaml(data: dict[str, Any], *, fictional: bool = False) -> str:
    """The catalogue as a YAML file with a header saying what it is and how to use it."""
    yaml = YAML()
    yaml.width = 4096  # never fold long Japanese lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    info = data["catalogue"]
    header = [
        SCHEMA_LINE,
        "",
        f"{info['issuer']}「{info['title']}」の施策一覧（カタログ）。dataplan catalog export で作りました。",
        "使い方: このファイルを計画の plan/ に置き、plan/plan.yaml の catalogues にファイル名を書き、",
        f"施策の catalogue_entries で「{info['id']}/施策の id」と参照します。",
    ]
    if fictional:
        header.append("架空の団体の計画（fictional: true）から書き出したものです。")
    return "".join(f"# {line}".rstrip() + "\n" for line in header) + "\n" + stream.getvalue()
