"""Fetch the partial plotly.js bundle that the site loads for its interactive charts.

The site draws every chart as a static SVG; the interactive chart is loaded only
when a resident asks for it, from plotly.js's partial "basic" bundle (scatter,
bar and pie: 1.2 MB, against 4.8 MB for the full bundle that the Python plotly
package ships). The npm registry publishes it as `plotly.js-basic-dist-min`
(MIT). Run `python -m tools.fetch_plotly` to fetch the pinned version with npm
(`npm pack` checks the package against the registry's integrity hash) and put
the bundle and its licence into generator/site/vendor/plotly/, where the package
ships them. Change VERSION to move to another release, then run the tests.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "plotly.js-basic-dist-min"
VERSION = "4.1.2"
FILES = {"package/plotly-basic.min.js": "plotly-basic.min.js", "package/LICENSE": "LICENSE"}
TARGET = Path(__file__).resolve().parent.parent / "generator" / "site" / "vendor" / "plotly"


def header(version: str) -> str:
    """How the bundle of `version` names itself on its first lines."""
    return f"plotly.js (basic - minified) v{version}"


def fetch(target: Path = TARGET, version: str = VERSION) -> dict[str, str]:
    """Download the package with npm, copy the bundle and licence into `target`;
    return each file's sha256."""
    if shutil.which("npm") is None:
        raise SystemExit("npm が見つかりません（apt-get install npm）。")
    digests = {}
    with tempfile.TemporaryDirectory(prefix="plotly-") as folder:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],
            cwd=folder,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        archive = Path(folder) / f"{PACKAGE}-{version}.tgz"
        with tarfile.open(archive) as tar:
            for member, name in FILES.items():
                handle = tar.extractfile(member)
                if handle is None:
                    raise SystemExit(f"{archive.name} に {member} がありません。")
                data = handle.read()
                if name.endswith(".js") and header(version) not in data[:200].decode("utf-8"):
                    raise SystemExit(f"{member} は plotly.js {version} の basic 版ではありません。")
                target.mkdir(parents=True, exist_ok=True)
                (target / name).write_bytes(data)
                (target / name).chmod(0o644)
                digests[name] = hashlib.sha256(data).hexdigest()
    return digests


def main() -> None:
    for name, digest in fetch().items():
        print(f"{TARGET / name}  sha256 {digest}")


if __name__ == "__main__":
    sys.exit(main())
