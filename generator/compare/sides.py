"""The two sides of a comparison: a plan folder, or a git revision of the plan's repository.

A git revision is read with `git archive` into a temporary folder and validated
there with the same loader as any plan folder, so both sides are loaded alike.
A side that does not validate is returned with its problems and no plan: the
comparison is not made half-way.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.compare.items import SideInfo
from generator.labels import COMPARE_WORKING_TREE
from generator.layout import PLAN_DIR
from generator.problems import Report
from generator.project import PlanProject
from generator.validate import NotAPlanFolder, validate_plan


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
    folder = Path(spec)
    if (folder / PLAN_DIR).is_dir():
        return _folder(folder, SideInfo(spec), today)
    commit = _resolve(spec, plan_root)
    with tempfile.TemporaryDirectory(prefix="dataplan-compare-") as temporary:
        root = _extract(commit, plan_root, Path(temporary))
        return _folder(root, SideInfo(spec, commit), today, shown_as=spec)


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


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError as error:
        raise SideUnavailable(
            "git が見つかりません。git を入れるか、2つの計画のフォルダを指定してください。"
        ) from error
    if done.returncode != 0:
        raise SideUnavailable(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def _resolve(spec: str, plan_root: Path) -> str:
    if not plan_root.is_dir():
        raise SideUnavailable(f"{plan_root} が見つかりません。")
    try:
        return (
            _git(["rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], plan_root)
            .decode()
            .strip()
        )
    except SideUnavailable as error:
        raise SideUnavailable(
            f"{spec} は計画のフォルダでも、{plan_root} の git のリビジョン（タグ・コミット・ブランチ）"
            "でもありません。`git log --oneline` や `git tag` で確かめてください。"
        ) from error


def _extract(commit: str, plan_root: Path, into: Path) -> Path:
    """The plan folder of `commit`, written under `into` (only the plan's folder is read)."""
    prefix = _git(["rev-parse", "--show-prefix"], plan_root).decode().strip()
    archive = _git(["archive", "--format=tar", commit, "--", prefix or "."], plan_root)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(into, filter="data")
        else:  # git archive of our own repository: plain files only
            tar.extractall(into)
    return into / prefix if prefix else into
