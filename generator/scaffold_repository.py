"""The files of a plan repository besides the plan itself, written by `dataplan init`.

What makes the folder a repository that publishes: the site's settings
(`mkdocs.yml`) and the folder for the site's own additions (`site/`), the header
of `kpi/actuals.csv`, a `.gitignore` for what the tool generates, a README for the
staff, and the GitHub Actions workflow and pre-commit configuration of the guide
(generator/guide/ci/), the workflow pinned to the dataplan that made the plan.
Files a repository usually has already (`KEPT_IF_PRESENT`) are never written over;
`init` says which it left alone.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from generator.kpi.store import actuals_text
from generator.layout import ACTUALS_FILE
from generator.templating import render
from generator.user_guide import GUIDE_DIR

REPOSITORY_TEMPLATES = Path(__file__).parent / "scaffold" / "repository"
WORKFLOW = ".github/workflows/publish.yml"
PRE_COMMIT = ".pre-commit-config.yaml"
KEPT_IF_PRESENT = (
    "README.md",
    ".gitignore",
    "mkdocs.yml",
    "site/README.md",
    WORKFLOW,
    PRE_COMMIT,
)
PACKAGE_LINE = 'DATAPLAN_PACKAGE: "."'  # in the guide's workflow: the tool's own repository


def repository_files(names: dict[str, str], first_quarter: str) -> dict[str, str]:
    """Relative path → text of the repository's own files for the plan named in `names`."""
    version = installed_version()
    return {
        "README.md": render(
            "repository/README.md.j2",
            title=names["title"],
            municipality=names["municipality"],
            version=version,
            first_quarter=first_quarter,
        ),
        ".gitignore": _template("gitignore"),
        "mkdocs.yml": _template("mkdocs.yml"),
        "site/README.md": _template("site/README.md"),
        ACTUALS_FILE: actuals_text([]),
        WORKFLOW: pinned_workflow(installed_package_spec()),
        PRE_COMMIT: (GUIDE_DIR / "ci" / "pre-commit-config.yaml").read_text(encoding="utf-8"),
    }


def installed_version() -> str:
    try:
        return metadata.version("dataplan")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "（版不明）"


def installed_package_spec() -> str | None:
    """What `pip install` needs to get this very dataplan again, or None when it cannot be known.

    From a git URL: that URL at the installed commit. From a package index: name==version.
    From a folder or a file on this computer (a copy GitHub Actions cannot reach): None.
    """
    try:
        distribution = metadata.distribution("dataplan")
    except metadata.PackageNotFoundError:
        return None
    recorded = distribution.read_text("direct_url.json")  # PEP 610: how it was installed
    if recorded is None:
        return f"dataplan=={distribution.version}"
    origin = json.loads(recorded)
    url = origin.get("url", "")
    vcs = origin.get("vcs_info")
    if vcs and vcs.get("commit_id"):
        return f"{vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
    if "archive_info" in origin and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def pinned_workflow(spec: str | None) -> str:
    """The guide's GitHub Actions workflow with DATAPLAN_PACKAGE set to `spec` (empty: unknown)."""
    text = (GUIDE_DIR / "ci" / "github-actions-publish.yml").read_text(encoding="utf-8")
    if PACKAGE_LINE not in text:
        raise ValueError(f"{PACKAGE_LINE} がワークフローの雛型にありません")
    if spec is None:
        line = 'DATAPLAN_PACKAGE: ""  # dataplan の入手先（pip install に渡すもの）を書いてください'
    else:
        line = f"DATAPLAN_PACKAGE: {json.dumps(spec)}"
    return text.replace(PACKAGE_LINE, line, 1)


def _template(name: str) -> str:
    return (REPOSITORY_TEMPLATES / name).read_text(encoding="utf-8")
