"""What a comparison returns: changed items as data (kind, place, both texts, changed spans)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from generator.compare.text_diff import Span


class ChangeKind(StrEnum):
    """How an item differs between the previous and the revised plan."""

    CHANGED = "changed"  # the text of an item that exists on both sides
    ADDED = "added"  # only in the revised plan
    REMOVED = "removed"  # only in the previous plan
    MOVED = "moved"  # a measure placed under another pillar or group
    RENUMBERED = "renumbered"  # a measure's own number changed
    RENAMED = "renamed"  # a department's name changed (組織改正)


@dataclass(frozen=True)
class Change:
    """One row of the 新旧対照表.

    `location_id` is stable across revisions (`measure:m-1-01/kpis:k-1-01-1/targets:2027`)
    and keys the 備考 of the revision record; `location` is its Japanese label.
    `old_spans` / `new_spans` are the (start, end) character ranges changed in each
    text: deleted from `old`, inserted into `new` (the whole text when added or removed).
    An empty span (at, at) marks where the other side's change stands in a text
    that has nothing of its own there.
    """

    kind: ChangeKind
    location_id: str
    location: str
    old: str | None
    new: str | None
    old_spans: tuple[Span, ...] = ()
    new_spans: tuple[Span, ...] = ()
    note: str | None = None  # 備考 from the revision record

    def as_dict(self) -> dict:
        return {
            "kind": self.kind.value,
            "location_id": self.location_id,
            "location": self.location,
            "old": self.old,
            "new": self.new,
            "old_spans": [list(span) for span in self.old_spans],
            "new_spans": [list(span) for span in self.new_spans],
            "note": self.note,
        }


@dataclass(frozen=True)
class SideInfo:
    """Where one side came from: a git revision (with its commit) or a folder."""

    source: str  # what the user gave: a revision, a folder, or the working tree
    commit: str | None = None  # the commit a git revision resolved to
    version: str | None = None  # the plan's latest 版 on that side (第1.2版)

    def as_dict(self) -> dict:
        return {"source": self.source, "commit": self.commit, "version": self.version}


@dataclass(frozen=True)
class Comparison:
    """The 新旧対照表 of two versions of a plan: its changes in template order."""

    title: str  # the revised plan's title
    old: SideInfo
    new: SideInfo
    internal: bool
    changes: list[Change] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "old": self.old.as_dict(),
            "new": self.new.as_dict(),
            "internal": self.internal,
            "changes": [change.as_dict() for change in self.changes],
        }
