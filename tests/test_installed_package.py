"""What a city gets: the wheel, installed into a new virtual environment, publishes a new plan.

The project is built into a wheel from a copy of its sources and installed into a
new virtual environment in a temporary folder outside this repository. The new
environment sees the packages of the test environment (no dependency is downloaded
again) but not its editable install: `generator` is imported from the wheel, and
the wheel's declared requirements are checked against what the environment has.
Then, as a city would: `init` (a city and a prefecture), `validate`, `build`, and
`pdf` where a Japanese font exists. Building the wheel and the sites takes about a
minute, so the tests are marked slow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "generator")
SKIP_LINK = '<a href="#main-content" class="dataplan-skip">本文へ移動</a>'

pytestmark = pytest.mark.slow

REQUIREMENTS_CHECK = """
import sys
from importlib.metadata import distribution, version, PackageNotFoundError
from packaging.requirements import Requirement

unmet = []
for text in distribution("dataplan").requires or []:
    requirement = Requirement(text)
    if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
        continue
    try:
        found = version(requirement.name)
    except PackageNotFoundError:
        unmet.append(f"{requirement} (not installed)")
        continue
    if not requirement.specifier.contains(found, prereleases=True):
        unmet.append(f"{requirement} ({found} installed)")
print("\\n".join(unmet))
sys.exit(1 if unmet else 0)
"""


def _run(*arguments, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run(
        [str(a) for a in arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert result.returncode == 0, f"{arguments}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a new virtual environment with the project's wheel installed."""
    work = tmp_path_factory.mktemp("installed")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignored = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(ROOT / name, source / name, ignore=ignored)
        else:
            shutil.copy2(ROOT / name, source / name)
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        work / "dist",
        source,
        cwd=work,
    )
    (wheel,) = (work / "dist").glob("dataplan-*.whl")
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv, cwd=work)
    python = venv / "bin" / "python"
    _see_the_test_environment(python)
    # --force-reinstall: the test environment's editable dataplan is visible and must not count.
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--force-reinstall",
        "--no-index",
        "-q",
        wheel,
        cwd=work,
    )
    unmet = _run(python, "-c", REQUIREMENTS_CHECK, cwd=work, check=False)
    assert unmet.returncode == 0, f"the wheel's requirements are not met:\n{unmet.stdout}"
    where = _run(python, "-c", "import generator; print(generator.__file__)", cwd=work).stdout
    assert Path(where.strip()).is_relative_to(venv), where
    return venv / "bin"


def _see_the_test_environment(python: Path) -> None:
    """Make the test environment's packages visible (a .pth file), when it is a venv of its own."""
    paths = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    site_packages = _run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=python.parent
    ).stdout.strip()
    (Path(site_packages) / "test-environment.pth").write_text("\n".join(sorted(paths)) + "\n")


def _pdf_possible(bin_dir: Path) -> bool:
    """Whether this machine can make the PDF, as the installed dataplan decides it."""
    check = "from generator.publish.pdf import pdf_unavailable_reason as r; print(r() or '')"
    return not _run(bin_dir / "python", "-c", check, cwd=bin_dir).stdout.strip()


def test_a_new_city_validates_and_publishes_with_the_theme(installed, tmp_path):
    dataplan = installed / "dataplan"
    made = _run(
        dataplan, "init", "city", "--municipality", "架空市", "--examples", "ex-1-02", cwd=tmp_path
    )
    assert "計画の雛型を作りました" in made.stdout
    assert _run(dataplan, "validate", "city", cwd=tmp_path).returncode == 0
    built = _run(dataplan, "build", "city", cwd=tmp_path)
    site = tmp_path / "city" / "site_build" / "public"
    assert str(site / "index.html") in built.stdout
    top = (site / "index.html").read_text(encoding="utf-8")
    assert SKIP_LINK in top and 'href="stylesheets/dataplan.css"' in top
    assert (site / "stylesheets" / "dataplan.css").stat().st_size > 1000
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    guide = _run(dataplan, "guide", "files", cwd=tmp_path).stdout
    assert "\n# ファイルとキー\n" in guide  # the guide ships with the package
    if _pdf_possible(installed):
        assert (site / "downloads" / "plan.pdf").read_bytes().startswith(b"%PDF")
        assert 'href="downloads/plan.pdf"' in top


def test_a_new_prefecture_validates_publishes_and_prints(installed, tmp_path):
    dataplan = installed / "dataplan"
    _run(
        dataplan, "init", "pref", "--level", "prefecture", "--municipality", "架空県", cwd=tmp_path
    )
    assert _run(dataplan, "validate", "pref", cwd=tmp_path).returncode == 0
    _run(dataplan, "build", "pref", "--no-pdf", cwd=tmp_path)
    top = (tmp_path / "pref" / "site_build" / "public" / "index.html").read_text(encoding="utf-8")
    assert "架空県官民データ活用推進計画" in top and SKIP_LINK in top
    if _pdf_possible(installed):
        _run(dataplan, "pdf", "pref", "-o", "pref.pdf", cwd=tmp_path)
        assert (tmp_path / "pref.pdf").read_bytes().startswith(b"%PDF")
