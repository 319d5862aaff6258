"""The page of a revision for the site and the PDF: its 新旧対照表 as Markdown.

Which two versions a revision compares is decided from the plan itself, so the
published table is reproducible from the plan's repository alone:

- the revised side is the `git_revision` of the latest entry of `revisions`
  (plan.yaml), or the plan folder as it is when that entry names none;
- the previous side is the edition the entry before it names: its `git_revision`
  in the plan's repository, else its `folder` (a plan folder inside the plan's
  folder, for an edition published before the plan was kept in git, as the example
  city's 第1.1版 is). When it names neither, there is nothing to compare with: no
  table, and `missing_previous_edition` says what to write.
"""

from __future__ import annotations

from pathlib import Path

from generator.compare.compare import compare_projects
from generator.compare.items import Comparison, SideInfo
from generator.compare.render import comparison_markdown
from generator.compare.sides import LoadedSide, SideUnavailable, load_side
from generator.compare.text_diff import DEFAULT_CONTEXT
from generator.layout import PLAN_DIR
from generator.model.plan import Revision
from generator.project import Audience


def revision_page_markdown(
    root: Path,
    *,
    audience: Audience = Audience.PUBLIC,
    context: int | None = DEFAULT_CONTEXT,
) -> str | None:
    """The Markdown of the latest revision's 新旧対照表; None when there is nothing to compare.

    Raises `SideUnavailable` when a side cannot be read or does not validate.
    """
    comparison = latest_revision_comparison(root, audience=audience)
    return None if comparison is None else comparison_markdown(comparison, context=context)


def latest_revision_comparison(
    root: Path, *, audience: Audience = Audience.PUBLIC
) -> Comparison | None:
    """The latest revision's comparison as data (for a renderer of its own, such as the PDF's).

    None when the plan has no revision or no previous side to compare with.
    """
    root = Path(root)
    current = load_side(None, root)
    if current.project is None:
        raise SideUnavailable(_problems("改定後", current))
    revisions = current.project.meta.revisions
    if not revisions:
        return None
    latest = revisions[-1]
    previous = previous_edition(revisions, root)
    if previous is None:
        return None
    new = load_side(latest.git_revision, root) if latest.git_revision else current
    old = load_side(previous, root)
    for label, side in (("改定前", old), ("改定後", new)):
        if not side.usable:
            raise SideUnavailable(_problems(label, side))
    assert old.project is not None and new.project is not None
    return compare_projects(
        old.project,
        new.project,
        audience=audience,
        old_info=_as_edition(old, revisions[-2] if len(revisions) > 1 else None),
        new_info=_as_edition(new, latest),
    )


def previous_edition(revisions: list[Revision], root: Path) -> str | None:
    """Where the edition before the latest revision is: its git revision or its folder; else None.

    Raises SideUnavailable when the folder it names holds no plan.
    """
    if len(revisions) < 2:
        return None
    entry = revisions[-2]
    if entry.git_revision:
        return entry.git_revision
    if entry.folder is None:
        return None
    folder = Path(root) / entry.folder
    if not (folder / PLAN_DIR).is_dir():
        raise SideUnavailable(
            f"plan/plan.yaml の revisions で{_name(entry)}の folder に書いた {entry.folder} に"
            "計画（plan/）がありません"
        )
    return str(folder)


def missing_previous_edition(revisions: list[Revision]) -> str | None:
    """Why the latest revision has no 新旧対照表 though there is an edition before it; else None."""
    if len(revisions) < 2 or revisions[-2].git_revision or revisions[-2].folder:
        return None
    return (
        f"plan/plan.yaml の revisions で、改定前の版（{_name(revisions[-2])}）に git_revision"
        "（git のコミットやタグ）か folder（その版の計画のフォルダ）を書くと作ります"
    )


def _name(revision: Revision) -> str:
    return revision.version or revision.date.western


def _as_edition(side: LoadedSide, revision: Revision | None) -> SideInfo:
    """A side named as readers know it: 第1.2版（2026年3月27日）, with its commit if any."""
    if revision is None:
        return SideInfo(side.info.version or "", side.info.commit)
    name = f"{revision.version or ''}（{revision.date.western}）".strip()
    return SideInfo(name, side.info.commit)


def _problems(label: str, side: LoadedSide) -> str:
    errors = side.report.errors
    listed = "\n".join(problem.as_text() for problem in sorted(errors)[:10])
    return f"{label}（{side.info.source}）の計画にエラーが {len(errors)} 件あります。\n{listed}"
