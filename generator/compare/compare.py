"""Compare two loaded plans: their views, text by text, in template order.

Both plans are seen through the same `plan_view` (public, or internal with
`--internal`), flattened by `plan_texts`, and matched by location id. A text on
both sides that differs is one change with its character spans; a list item
(a measure, a KPI, a milestone …) on one side only is one change holding all its
texts, placed where it stands in its plan (a removed item after its nearest
predecessor that remains). Nothing unchanged is returned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from generator.compare.items import Change, ChangeKind, Comparison, SideInfo
from generator.compare.plan_texts import SEPARATOR, Names, PlanText, plan_texts
from generator.compare.text_diff import changed_spans
from generator.model.plan import Revision
from generator.project import Audience, PlanProject
from generator.visibility import plan_view


def compare_projects(
    old: PlanProject,
    new: PlanProject,
    *,
    audience: Audience = Audience.PUBLIC,
    old_info: SideInfo | None = None,
    new_info: SideInfo | None = None,
) -> Comparison:
    """The 新旧対照表 of `old` → `new` as `audience` may see it (see the module docstring)."""
    old_view, new_view = plan_view(old, audience), plan_view(new, audience)
    names = Names.of(old_view, new_view)
    old_texts = {text.key: text for text in plan_texts(old_view, names)}
    new_texts = {text.key: text for text in plan_texts(new_view, names)}
    notes = _revision_notes(new.meta.revisions, new_info)
    changes = [
        _with_note(change, notes)
        for change in _changes(old_texts, new_texts, merged_order(old_texts, new_texts))
    ]
    return Comparison(
        title=new.meta.title,
        old=old_info or SideInfo(str(old.root), version=_version(old)),
        new=new_info or SideInfo(str(new.root), version=_version(new)),
        internal=audience is Audience.INTERNAL,
        changes=changes,
    )


def merged_order(old: Iterable[str], new: Iterable[str]) -> list[str]:
    """The new keys in their order, each key only in `old` after its nearest kept predecessor."""
    result = list(new)
    present = set(result)
    anchor: str | None = None
    for key in old:
        if key in present:
            anchor = key
            continue
        at = result.index(anchor) + 1 if anchor is not None else 0
        result.insert(at, key)
        present.add(key)
        anchor = key
    return result


def _changes(old: dict[str, PlanText], new: dict[str, PlanText], order: list[str]) -> list[Change]:
    old_entities = {key for text in old.values() for key, _ in text.entities}
    new_entities = {key for text in new.values() for key, _ in text.entities}
    emitted: set[str] = set()
    changes: list[Change] = []
    for key in order:
        before, after = old.get(key), new.get(key)
        either = after or before
        assert either is not None
        whole = next(
            (
                (entity, depth)
                for entity, depth in either.entities
                if (entity in old_entities) != (entity in new_entities)
            ),
            None,
        )
        if whole is not None:
            entity, depth = whole
            if entity not in emitted:
                emitted.add(entity)
                side = new if entity in new_entities else old
                changes.append(_whole_item(entity, depth, side, added=side is new))
            continue
        if before is not None and after is not None:
            if before.text != after.text:
                old_spans, new_spans = changed_spans(before.text, after.text)
                kind = after.hint or ChangeKind.CHANGED
                changes.append(
                    Change(
                        kind,
                        key,
                        after.location,
                        before.text,
                        after.text,
                        old_spans,
                        new_spans,
                    )
                )
        elif after is not None:
            changes.append(
                Change(
                    after.hint or ChangeKind.ADDED,
                    key,
                    after.location,
                    None,
                    after.text,
                    new_spans=_all(after.text),
                )
            )
        elif before is not None:
            changes.append(
                Change(
                    before.hint or ChangeKind.REMOVED,
                    key,
                    before.location,
                    before.text,
                    None,
                    old_spans=_all(before.text),
                )
            )
    return changes


INDENT = "\u3000"  # a full-width space, as printed tables indent


def _whole_item(entity: str, depth: int, side: dict[str, PlanText], *, added: bool) -> Change:
    """A list item present on one side only: its texts as lines 「項目：内容」.

    Nested places (a KPI of an added measure) are written once as a heading line,
    and their texts below it indented by a full-width space.
    """
    members = [text for text in side.values() if any(key == entity for key, _ in text.entities)]
    location = SEPARATOR.join(label for label in members[0].labels[: depth + 1] if label)
    lines: list[str] = []
    shown: tuple[str, ...] = ()
    for text in members:
        inner = tuple(label for label in text.labels[depth + 1 :] if label)
        *headings, last = inner or ("",)
        common = 0
        while common < min(len(headings), len(shown)) and headings[common] == shown[common]:
            common += 1
        lines += [
            INDENT * level + heading for level, heading in enumerate(headings) if level >= common
        ]
        shown = tuple(headings)
        indent = INDENT * len(headings)
        lines.append(f"{indent}{last}：{text.text}" if last else f"{indent}{text.text}")
    body = "\n".join(lines)
    if added:
        return Change(ChangeKind.ADDED, entity, location, None, body, new_spans=_all(body))
    return Change(ChangeKind.REMOVED, entity, location, body, None, old_spans=_all(body))


def _all(text: str) -> tuple[tuple[int, int], ...]:
    return ((0, len(text)),) if text else ()


def _revision_notes(revisions: list[Revision], new_info: SideInfo | None) -> dict[str, str]:
    """The 備考 of the revision the new side is: the entry naming its commit, else the latest."""
    if not revisions:
        return {}
    commit = new_info.commit if new_info else None
    source = new_info.source if new_info else None
    for revision in revisions:
        named = revision.git_revision
        if named and (named == source or (commit and commit.startswith(named))):
            return revision.notes
    return revisions[-1].notes


def _with_note(change: Change, notes: dict[str, str]) -> Change:
    note = notes.get(change.location_id)
    return change if note is None else dataclasses.replace(change, note=note)


def _version(project: PlanProject) -> str | None:
    return project.meta.revisions[-1].version if project.meta.revisions else None
