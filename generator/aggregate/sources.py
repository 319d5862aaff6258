"""Reading a plan source: its content hash (to skip an unchanged plan) and its folder.

A folder's hash covers every file the loader reads (plan/, measures/, kpi/); a git
source's is git's own tree id of the plan folder at the revision, so an unchanged
plan is recognised without checking anything out. A repository is cloned once into
the aggregate's cache and fetched on later runs; a revision is read with
`git archive` into a temporary folder, as `dataplan compare` does.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.aggregate.manifest import PlanSource
from generator.layout import KPI_DIR, MEASURES_DIR, PLAN_DIR

# Bumped when the rows made from a plan change, so that every plan is read again.
AGGREGATE_FORMAT = "1"
READ_FOLDERS = (PLAN_DIR, MEASURES_DIR, KPI_DIR)
# git may fetch only over these (never `ext::`, which runs a command).
GIT_PROTOCOLS = "file:git:http:https:ssh"


class SourceUnavailable(Exception):
    """The plan cannot be read from its source; the message says why, in Japanese."""


@dataclass(frozen=True)
class SourceState:
    """What a source holds now: its content hash, and the commit for a git source."""

    content_hash: str
    commit: str | None = None
    signature: str | None = None  # a folder's files by name, size and times (see files_signature)


def source_state(
    source: PlanSource, cache: Path, known: tuple[str, str] | None = None
) -> SourceState:
    """The source's content hash now (cloning or fetching a repository into `cache`).

    `known` is (signature, content hash) of the folder's last run: when no file's name,
    size or times changed since, the hash is reused without reading the files again.
    """
    if source.folder is not None:
        signature = files_signature(source.folder)
        if known is not None and known[0] == signature:
            return SourceState(known[1], signature=signature)
        return SourceState(_with_entry(source, folder_hash(source.folder)), signature=signature)
    repository = _repository(source, cache)
    commit = _git(
        ["rev-parse", "--verify", "--quiet", f"{source.revision}^{{commit}}"], repository
    ).strip()
    if not commit:
        raise SourceUnavailable(f"リビジョン {source.revision} がリポジトリにありません")
    tree = _git(
        ["rev-parse", "--verify", "--quiet", f"{commit}:{source.path_in_repository or ''}"],
        repository,
    ).strip()
    if not tree:
        raise SourceUnavailable(
            f"フォルダ {source.path_in_repository} がリビジョン {source.revision} にありません"
        )
    return SourceState(_with_entry(source, f"git:{tree}"), commit)


def folder_hash(folder: Path) -> str:
    """sha256 over every file of plan/, measures/ and kpi/ (names and bytes), dot files left out."""
    if not (folder / PLAN_DIR).is_dir():
        if not folder.exists():
            raise SourceUnavailable(f"フォルダ {folder} がありません")
        raise SourceUnavailable(f"{folder} は計画のフォルダではありません（plan/ がありません）")
    digest = hashlib.sha256()
    for name in READ_FOLDERS:
        for path in sorted(_files(folder / name)):
            relative = path.relative_to(folder).as_posix()
            try:
                data = path.read_bytes()
            except OSError as error:
                raise SourceUnavailable(f"{relative} を読めません（{error.strerror}）") from error
            digest.update(f"{relative}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def files_signature(folder: Path) -> str:
    """sha256 over the name, size, modification and change time of every file folder_hash reads.

    Reading only the files' metadata, it tells an untouched folder from a changed one
    without reading any file: an edit, a checkout or a copy changes a time or a size.
    """
    if not (folder / PLAN_DIR).is_dir():
        return ""
    digest = hashlib.sha256(AGGREGATE_FORMAT.encode())
    for name in READ_FOLDERS:
        for relative, status in sorted(_stats(os.path.join(folder, name), name)):
            digest.update(
                f"{relative}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ctime_ns}"
                f"\0{status.st_ino}\n".encode()
            )
    return digest.hexdigest()


def _stats(folder: str, relative: str) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to the plan folder, stat) of the files under `folder`, dot files left out."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _stats(entry.path, f"{relative}/{entry.name}")
        elif entry.is_file():
            yield f"{relative}/{entry.name}", entry.stat()


def _files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for entry in os.scandir(folder):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _files(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _with_entry(source: PlanSource, content: str) -> str:
    """The content hash with what the manifest adds to the rows (code, site) and the format."""
    parts = [AGGREGATE_FORMAT, source.lg_code or "", source.site or "", content]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@contextmanager
def plan_folder(source: PlanSource, state: SourceState, cache: Path) -> Iterator[Path]:
    """The plan folder of the source: the folder itself, or the revision extracted for the time of the block."""
    if source.folder is not None:
        yield source.folder
        return
    repository = _cache_path(source, cache)
    inside = source.path_in_repository or "."
    archive = _git_bytes(["archive", "--format=tar", str(state.commit), "--", inside], repository)
    with tempfile.TemporaryDirectory(prefix="dataplan-aggregate-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(temporary, filter="data")
        yield Path(temporary) / (source.path_in_repository or "")


def _repository(source: PlanSource, cache: Path) -> Path:
    """The cached bare clone of the source's repository, fetched now (cloned the first time)."""
    target = _cache_path(source, cache)
    if (target / "HEAD").exists():
        _git(["fetch", "--quiet", "--prune", "--force", "origin", "+refs/*:refs/*"], target)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".clone-", dir=target.parent) as temporary:
        clone = Path(temporary) / "repository.git"
        _git(
            ["clone", "--quiet", "--mirror", "--", str(source.repository), str(clone)],
            target.parent,
        )
        os.replace(clone, target)
    return target


def _cache_path(source: PlanSource, cache: Path) -> Path:
    name = hashlib.sha256(str(source.repository).encode()).hexdigest()[:20]
    return cache / "git" / f"{name}.git"


def _git(args: list[str], cwd: Path) -> str:
    """git's output as text (see `_git_bytes`)."""
    return _git_bytes(args, cwd).decode("utf-8", "replace")


def _git_bytes(args: list[str], cwd: Path) -> bytes:
    """Run git with only safe transports; a failure is SourceUnavailable (rev-parse's silence is not)."""
    environment = {**os.environ, "GIT_ALLOW_PROTOCOL": GIT_PROTOCOLS, "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, env=environment
        )
    except FileNotFoundError as error:
        raise SourceUnavailable("git が見つかりません。git を入れてください") from error
    if done.returncode != 0 and not (args[0] == "rev-parse" and not done.stderr):
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceUnavailable(
            f"git {args[0]} が失敗しました: {detail[-1] if detail else done.returncode}"
        )
    return done.stdout
