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

The other edition is loaded once (`load_editions`, from the plan folder or git); the
table is then made from the two loaded plans, for the site page and the PDF alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.compare.compare import compare_projects
from generator.compare.items import Comparison, SideInfo
from generator.compare.render import comparison_markdown
from generator.compare.sides import LoadedSide, SideUnavailable, load_side
from generator.compare.text_diff import DEFAULT_CONTEXT
from generator.layout import PLAN_DIR
from generator.model.plan import Revision
from generator.project import Audience, PlanProject


@dataclass(frozen=True)
class Editions:
    """The two plans the latest revision compares, loaded, each named as readers know it."""

    old: PlanProject
    new: PlanProject
    old_info: SideInfo
    new_info: SideInfo


def load_editions(project: PlanProject) -> Editions | None:
    """Load the editions the latest revision of `project` (a loaded plan) compares, once each.

    The revised edition is `project` itself, unless the latest entry names a `git_revision`;
    the previous one is read from the plan's history (`previous_edition`). None when the plan
    has no revision or no previous edition to compare with. Raises `SideUnavailable` when a
    side cannot be read or does not validate.
    """
    revisions = project.meta.revisions
    if not revisions:
        return None
    root = Path(project.root)
    latest = revisions[-1]
    previous = previous_edition(revisions, root)
    if previous is None:
        return None
    old = load_side(previous, root)
    new = load_side(latest.git_revision, root) if latest.git_revision else None
    return Editions(
        _usable("改定前", old),
        _usable("改定後", new) if new else project,
        _as_edition(revisions[-2], old.info.commit),
        _as_edition(latest, new.info.commit if new else None),
    )


def _usable(label: str, side: LoadedSide) -> PlanProject:
    """The side's plan; SideUnavailable (with its errors) when it did not validate."""
    if side.project is None or not side.usable:
        raise SideUnavailable(_problems(label, side))
    return side.project


@dataclass(frozen=True)
class LatestRevision:
    """What the latest revision's 新旧対照表 is made from, loaded once per command: its two
    editions, or none and why (None when there is simply nothing to compare)."""

    editions: Editions | None = None
    missing: str | None = None  # what to write, or which side could not be read

    def table(self, audience: Audience = Audience.PUBLIC) -> str | None:
        """The 新旧対照表 as Markdown for `audience`; None when there are no two editions."""
        if self.editions is None:
            return None
        return revision_page_markdown(self.editions, audience=audience)


def load_latest_revision(project: PlanProject) -> LatestRevision:
    """Load what the latest revision of `project` (a loaded plan) compares (`load_editions`),
    or say why it cannot be: a previous edition named by neither git_revision nor folder, or
    a side that cannot be read or does not validate."""
    missing = missing_previous_edition(project.meta.revisions)
    if missing:
        return LatestRevision(missing=missing)
    try:
        return LatestRevision(load_editions(project))
    except SideUnavailable as error:
        reason = str(error).splitlines()[0] + "（dataplan compare で確かめられます）"
        return LatestRevision(missing=reason)


def revision_comparison(editions: Editions, *, audience: Audience = Audience.PUBLIC) -> Comparison:
    """The latest revision's comparison as data (for a renderer of its own, such as the PDF's)."""
    return compare_projects(
        editions.old,
        editions.new,
        audience=audience,
        old_info=editions.old_info,
        new_info=editions.new_info,
    )


def revision_page_markdown(
    editions: Editions,
    *,
    audience: Audience = Audience.PUBLIC,
    context: int | None = DEFAULT_CONTEXT,
) -> str:
    """The Markdown of the latest revision's 新旧対照表, from its two loaded editions."""
    return comparison_markdown(revision_comparison(editions, audience=audience), context=context)


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


def _as_edition(revision: Revision, commit: str | None) -> SideInfo:
    """A side named as readers know it: 第1.2版（2026年3月27日）, with its commit if any."""
    name = f"{revision.version or ''}（{revision.date.western}）".strip()
    return SideInfo(name, commit)


def _problems(label: str, side: LoadedSide) -> str:
    errors = side.report.errors
    listed = "\n".join(problem.as_text() for problem in sorted(errors)[:10])
    return f"{label}（{side.info.source}）の計画にエラーが {len(errors)} 件あります。\n{listed}"
