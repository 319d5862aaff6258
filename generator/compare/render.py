"""The 新旧対照表 as text (terminal), Markdown (site page), CSV (Excel) and JSON.

Every renderer reads the same `Comparison`; none decides what is shown. In
Markdown the changed characters are `<ins>` (改定後) and `<del>` (改定前), each
starting with a visually hidden 「追加:」/「削除:」 so that a screen reader names
the change; browsers underline `<ins>` on screen and in print, so nothing relies
on colour. User text is escaped by the one template environment (`cell_fragment`).
The terminal form marks changes as `{+追加+}` and `[-削除-]`, as `git diff
--word-diff` does, and shows control characters as escapes.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup

from generator import labels
from generator.compare.items import Change, Comparison, SideInfo
from generator.compare.plan_texts import SEPARATOR
from generator.compare.text_diff import DEFAULT_CONTEXT, Piece, pieces
from generator.spreadsheet_safety import spreadsheet_text
from generator.templating import cell_fragment, render

BOM = "\ufeff"


def side_label(side: SideInfo) -> str:
    """「abc1234（第1.1版）」: where a side came from, as a reader needs it."""
    source = side.source
    if side.commit and not side.commit.startswith(side.source):
        source = f"{source}（{side.commit[:12]}）"
    return f"{source} {side.version}" if side.version else source


# Markdown ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    new: Markup
    old: Markup
    note: Markup


@dataclass(frozen=True)
class _Section:
    title: str
    rows: list[_Row]


def comparison_markdown(comparison: Comparison, *, context: int | None = DEFAULT_CONTEXT) -> str:
    """The page: a table 改定後 | 改定前 | 備考 per chapter, changed characters in <ins>/<del>."""
    sections: list[_Section] = []
    for change in comparison.changes:
        chapter, _, place = change.location.partition(SEPARATOR)
        if not sections or sections[-1].title != chapter:
            sections.append(_Section(chapter, []))
        sections[-1].rows.append(
            _Row(
                _marked(change.new, change.new_spans, "ins", labels.COMPARE_INSERTED, context),
                _marked(change.old, change.old_spans, "del", labels.COMPARE_DELETED, context),
                _note(change, place),
            )
        )
    heading = labels.COMPARE_TITLE + (
        "（" + labels.INTERNAL_MARK + "）" if comparison.internal else ""
    )
    return render(
        "compare.md.j2",
        heading=heading,
        title=comparison.title,
        old_side=side_label(comparison.old),
        new_side=side_label(comparison.new),
        sections=sections,
        labels=labels,
    )


def _marked(
    text: str | None, spans: tuple[tuple[int, int], ...], tag: str, name: str, context: int | None
) -> Markup:
    if text is None:
        return Markup("")
    parts = []
    for piece in pieces(text, spans, context):
        body = cell_fragment(_printable(piece.text))
        if piece.marked:
            hidden = Markup('<span class="visually-hidden">{}:</span>').format(name)
            parts.append(Markup("<{0}>{1}{2}</{0}>").format(Markup(tag), hidden, body))
        else:
            parts.append(body)
    return Markup("").join(parts)


def _note(change: Change, place: str) -> Markup:
    lines = [place, labels.CHANGE_KIND_LABELS[change.kind.value]]
    if change.note:
        lines.append(change.note)
    return Markup("<br>").join(cell_fragment(line) for line in lines if line)


# Text (terminal) ------------------------------------------------------------------------


def comparison_text(comparison: Comparison, *, context: int | None = DEFAULT_CONTEXT) -> str:
    """The comparison for a terminal: one block per change, {+追加+} and [-削除-] marked."""
    lines = [
        f"{labels.COMPARE_TITLE}: {_printable(comparison.title)}",
        f"{labels.COMPARE_OLD}: {_printable(side_label(comparison.old))}",
        f"{labels.COMPARE_NEW}: {_printable(side_label(comparison.new))}",
        "",
    ]
    if not comparison.changes:
        return "\n".join([*lines, labels.COMPARE_NO_CHANGES]) + "\n"
    for change in comparison.changes:
        kind = labels.CHANGE_KIND_LABELS[change.kind.value]
        lines.append(f"[{kind}] {_printable(change.location)}")
        if change.old is not None:
            old = _word_diff(pieces(change.old, change.old_spans, context), "[-", "-]")
            lines.append(_indented(labels.COMPARE_OLD, old))
        if change.new is not None:
            new = _word_diff(pieces(change.new, change.new_spans, context), "{+", "+}")
            lines.append(_indented(labels.COMPARE_NEW, new))
        if change.note:
            lines.append(_indented(labels.COMPARE_NOTE, _printable(change.note)))
        lines.append("")
    lines.append(f"{len(comparison.changes)} 件の改定箇所。")
    return "\n".join(lines) + "\n"


def _word_diff(found: list[Piece], opening: str, closing: str) -> str:
    return "".join(
        f"{opening}{_printable(piece.text)}{closing}" if piece.marked else _printable(piece.text)
        for piece in found
    )


def _indented(label: str, text: str) -> str:
    body = text.replace("\n", "\n    ")
    return f"  {label}:\n    {body}"


def _printable(text: str) -> str:
    """Control and format characters shown as escapes: an escape sequence or a bidi
    override in a plan's text must not rewrite or reorder the terminal."""
    return "".join(
        char.encode("unicode_escape").decode()
        if char != "\n" and unicodedata.category(char) in ("Cc", "Cf")
        else char
        for char in text
    )


# CSV and JSON ---------------------------------------------------------------------------

CSV_COLUMNS = [
    labels.COMPARE_PLACE,
    "区分",
    labels.COMPARE_NEW,
    labels.COMPARE_OLD,
    "改定後の改定部分",
    "改定前の改定部分",
    labels.COMPARE_NOTE,
    "箇所の id",
]


def comparison_csv(comparison: Comparison) -> str:
    """A CSV for Excel (UTF-8 with BOM): full texts, and the changed parts in columns of their own."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for change in comparison.changes:
        row = [
            change.location,
            labels.CHANGE_KIND_LABELS[change.kind.value],
            change.new or "",
            change.old or "",
            _fragments(change.new, change.new_spans),
            _fragments(change.old, change.old_spans),
            change.note or "",
            change.location_id,
        ]
        writer.writerow([spreadsheet_text(cell) for cell in row])
    return BOM + stream.getvalue()


def _fragments(text: str | None, spans: tuple[tuple[int, int], ...]) -> str:
    if text is None:
        return ""
    return " / ".join(text[start:end] for start, end in spans)


def comparison_json(comparison: Comparison) -> str:
    """The comparison as JSON: every change with its texts and character spans."""
    return json.dumps(comparison.as_dict(), ensure_ascii=False, indent=2) + "\n"
