"""The two sides of a comparison: a plan folder, or a git revision of the plan's repository.

A git revision is read from git's tree as data (never unpacked by an archiver, so a
symbolic link in an old revision is never made a link) into a temporary folder and
validated there with the same loader as any plan folder, so both sides are loaded alike.
A side that does not validate is returned with its problems and no plan: the
comparison is not made half-way.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.compare.items import SideInfo
from generator.control_characters import visible
from generator.file_access import MAX_TABLE_BYTES
from generator.labels import COMPARE_WORKING_TREE
from generator.layout import KPI_DIR, MEASURES_DIR, PLAN_DIR
from generator.problems import Problem, Report, make_problem
from generator.programs import ProgramFailed, run_program
from generator.project import PlanProject
from generator.validate import NotAPlanFolder, validate_plan

GIT_LIMIT = 120.0  # seconds for one git command on the plan's repository
MAX_SPEC = 1024  # characters of a revision or folder as typed
MAX_BLOB_BYTES = (
    MAX_TABLE_BYTES  # larger files are written as their size only: the loader refuses them
)
MAX_LINK_HOPS = 8
LINK_MODE = "120000"


class SideUnavailable(Exception):
    """A side names neither a plan folder nor a revision git knows (a usage error)."""


@dataclass
class LoadedSide:
    """One side: where it came from, the plan (None when it has errors) and its problems."""

    info: SideInfo
    project: PlanProject | None
    report: Report

    @property
    def usable(self) -> bool:
        return self.project is not None and not self.report.errors


def load_side(spec: str | None, plan_root: Path, *, today: dt.date | None = None) -> LoadedSide:
    """`spec` as a plan folder, else as a git revision of the repository holding `plan_root`.

    `None` is the working tree: the plan folder `plan_root` as it is now.
    """
    if spec is None:
        return _folder(plan_root, SideInfo(COMPARE_WORKING_TREE), today)
    _check_spec(spec)
    if _is_plan_folder(Path(spec)):
        return _folder(Path(spec), SideInfo(spec), today)
    commit = _resolve(spec, plan_root)
    with tempfile.TemporaryDirectory(prefix="dataplan-compare-") as temporary:
        root, problems = _extract(spec, commit, plan_root, Path(temporary))
        side = _folder(root, SideInfo(spec, commit), today, shown_as=spec)
    if problems:
        side.report.extend(problems)
        side.project = None
    return side


def _check_spec(spec: str) -> None:
    """A revision or folder as typed: refuse what neither git nor the file system could take."""
    shown = visible(spec[:60]) + ("…" if len(spec) > 60 else "")
    if not spec.strip():
        raise SideUnavailable("改定前・改定後のリビジョンかフォルダが空です。")
    if len(spec) > MAX_SPEC:
        raise SideUnavailable(
            f"「{shown}」は長すぎます（{len(spec):,} 文字。リビジョンやフォルダの名前は {MAX_SPEC} 文字まで）。"
        )
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in spec):
        raise SideUnavailable(f"「{shown}」に制御文字が入っています。")


def _is_plan_folder(folder: Path) -> bool:
    try:
        return (folder / PLAN_DIR).is_dir()
    except (OSError, ValueError):  # a name the system refuses is no folder
        return False


def _folder(
    root: Path, info: SideInfo, today: dt.date | None, shown_as: str | None = None
) -> LoadedSide:
    try:
        result = validate_plan(root, today=today)
    except NotAPlanFolder as error:
        raise SideUnavailable(f"{shown_as or root} に計画（plan/）がありません。") from error
    project = result.project
    version = project.meta.revisions[-1].version if project and project.meta.revisions else None
    info = SideInfo(info.source, info.commit, version)
    return LoadedSide(info, project if not result.report.errors else None, result.report)


def _git(args: list[str], cwd: Path, *, stdin: bytes | None = None) -> bytes:
    try:
        done = run_program(["git", *args], program="git", limit=GIT_LIMIT, cwd=cwd, stdin=stdin)
    except ProgramFailed as error:
        raise SideUnavailable(
            f"{error} git を入れるか、2つの計画のフォルダを指定してください。"
        ) from error
    if done.returncode != 0:
        raise SideUnavailable(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def _resolve(spec: str, plan_root: Path) -> str:
    if not _is_folder(plan_root):
        raise SideUnavailable(f"{plan_root} が見つかりません。")
    try:
        if spec.startswith("-"):
            raise SideUnavailable(spec)  # never an option of git's
        return (
            _git(
                ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}"],
                plan_root,
            )
            .decode()
            .strip()
        )
    except SideUnavailable as error:
        raise SideUnavailable(
            f"{visible(spec)} は計画のフォルダでも、{plan_root} の git のリビジョン（タグ・コミット・ブランチ）"
            "でもありません。`git log --oneline` や `git tag` で確かめてください。"
        ) from error


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _extract(spec: str, commit: str, plan_root: Path, into: Path) -> tuple[Path, list[Problem]]:
    """The plan folder of `commit`, written under `into` as regular files, and the problems met.

    The tree is read as data (git ls-tree, git cat-file), never unpacked by an archiver:
    a symbolic link in the revision is never made a link here. A link to a file of the
    same plan folder in the same revision stands for that file's content; any other
    link in plan/, measures/ or kpi/ is a problem of that side.
    """
    prefix = _git(["rev-parse", "--show-prefix"], plan_root).decode().strip()
    listing = _git(
        ["ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", prefix or "."], plan_root
    )
    entries = _tree_entries(listing, prefix)
    wanted = {entry.object for entry in entries.values() if entry.size <= MAX_BLOB_BYTES}
    blobs = _blobs(sorted(wanted), plan_root)
    problems: list[Problem] = []
    for path, entry in entries.items():
        target = _link_target(path, entries, blobs) if entry.mode == LINK_MODE else entry
        if target is None:
            if PurePosixPath(path).parts[0] in (PLAN_DIR, MEASURES_DIR, KPI_DIR):
                problems.append(
                    make_problem(
                        "E-file-outside-plan",
                        f"{spec}:{prefix}{path}",
                        what=f"リビジョン {spec} のこのシンボリックリンク",
                    )
                )
            continue
        _write_entry(into / path, blobs.get(target.object), target.size)
    return into, problems


@dataclass(frozen=True)
class _Entry:
    mode: str
    object: str
    size: int


def _tree_entries(listing: bytes, prefix: str) -> dict[str, _Entry]:
    """Path inside the plan folder → its blob, for every file and link of the listing."""
    entries: dict[str, _Entry] = {}
    for record in listing.split(b"\0"):
        if not record:
            continue
        head, _, name = record.partition(b"\t")
        mode, kind, obj, size = head.decode("ascii", "replace").split()
        path = name.decode("utf-8", "surrogateescape")
        if kind != "blob" or not path.startswith(prefix):
            continue  # a submodule, or outside the plan folder
        relative = path[len(prefix) :]
        parts = PurePosixPath(relative).parts
        if not parts or any(part in ("", ".", "..") for part in parts) or relative.startswith("/"):
            continue
        entries[relative] = _Entry(mode, obj, int(size) if size.isdigit() else 0)
    return entries


def _link_target(path: str, entries: dict[str, _Entry], blobs: dict[str, bytes]) -> _Entry | None:
    """The file a link in the tree stands for, when it is a file of the same plan folder."""
    seen = {path}
    current = path
    for _ in range(MAX_LINK_HOPS):
        entry = entries[current]
        if entry.mode != LINK_MODE:
            return entry
        text = blobs.get(entry.object, b"").decode("utf-8", "replace")
        if not text or text.startswith("/"):
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(current), text))
        if joined.startswith("../") or joined == ".." or joined not in entries or joined in seen:
            return None
        seen.add(joined)
        current = joined
    return None


def _blobs(objects: list[str], plan_root: Path) -> dict[str, bytes]:
    """The content of each blob, read with one `git cat-file --batch`."""
    if not objects:
        return {}
    output = _git(
        ["cat-file", "--batch"], plan_root, stdin="".join(f"{o}\n" for o in objects).encode()
    )
    found: dict[str, bytes] = {}
    at = 0
    while at < len(output):
        end = output.index(b"\n", at)
        header = output[at:end].decode("ascii", "replace").split()
        if len(header) < 3:  # "<object> missing"
            at = end + 1
            continue
        size = int(header[2])
        found[header[0]] = output[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return found


def _write_entry(path: Path, data: bytes | None, size: int) -> None:
    """A regular file; a blob over the limit becomes a file of its size that is never read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "xb") as stream:
            if data is None:
                stream.truncate(size)
            else:
                stream.write(data)
    except FileExistsError:
        pass  # two names one file on this system (case): the first stays
