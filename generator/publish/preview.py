"""`dataplan serve`: a live preview on 127.0.0.1 that rebuilds when the plan or site/ changes.

A plain polling watcher (once a second, file modification times) and the standard
library's HTTP server: no extra dependency, and nothing listens beyond this machine.
The preview leaves out the PDF (slow to make at every change); `dataplan build` makes it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from generator import clock
from generator.compare.pages import load_latest_revision
from generator.problems import problem_lines
from generator.publish.local_server import HOST, local_server
from generator.publish.site_build import OUTPUT_DIR, audience_name, build_site
from generator.publish.site_errors import SITE_ERRORS
from generator.validate import validate_plan

WATCHED = ("plan", "measures", "kpi", "site", "accessibility", "mkdocs.yml")


def snapshot(root: Path) -> dict[str, float]:
    """Modification time of every watched file (a changed, added or removed file changes it)."""
    times: dict[str, float] = {}
    for name in WATCHED:
        base = Path(root) / name
        paths = [base] if base.is_file() else (p for p in base.rglob("*") if p.is_file())
        for path in paths:
            try:
                times[str(path)] = path.stat().st_mtime
            except OSError:
                continue
    return times


def rebuild(root: Path, site_dir: Path, internal: bool, echo: Callable[[str], None]) -> None:
    """Validate and build; problems are printed and the last good site stays served."""
    result = validate_plan(root, today=clock.today())
    if result.project is None or not result.report.is_valid(False):
        for line in problem_lines(result.report.sorted()):
            echo(line)
        echo("計画にエラーがあるため、前回のサイトを表示したままにします。")
        return
    try:
        built = build_site(
            result.project,
            revision=load_latest_revision(result.project),
            internal=internal,
            out=site_dir,
            with_pdf=False,
        )
    except SITE_ERRORS as error:
        echo(f"サイトを作れませんでした。\n{error}")
        return
    echo(f"作り直しました（{built.seconds:.1f} 秒）。")


def serve_preview(
    root: Path, *, internal: bool, port: int, echo: Callable[[str], None], interval: float = 1.0
) -> None:
    """Build, serve on 127.0.0.1:`port`, and rebuild on every change until interrupted."""
    root = Path(root)
    site_dir = root / OUTPUT_DIR / f"preview-{audience_name(internal)}"
    rebuild(root, site_dir, internal, echo)
    server = local_server(site_dir, port)  # answers only 127.0.0.1 / localhost, lists nothing
    threading.Thread(target=server.serve_forever, daemon=True).start()
    echo(f"表示しています: http://{HOST}:{server.server_address[1]}/ （終わるときは Ctrl+C）")
    seen = snapshot(root)
    try:
        while True:
            time.sleep(interval)
            now = snapshot(root)
            if now != seen:
                seen = now
                rebuild(root, site_dir, internal, echo)
    except KeyboardInterrupt:
        echo("終了しました。")
    finally:
        server.shutdown()
