"""One measurement in a fresh process: `python benchmarks/probe.py TASK PLAN [OUT]`.

Prints one JSON object: `cpu` (user + system seconds of the task alone, its
subprocesses such as Pagefind or the chart renderer included), `rss_before_kb`
and `peak_kb` (resident memory before the task, and the peak of the process: of
the task unless the imports before it took more), and
what the task found (pages, sizes, problems). The imports happen before the clock
starts, so `cpu` is the work itself; table.py compares these figures pair by pair.

Tasks:
  cloader      parse the plan's YAML files with PyYAML's C loader (CSafeLoader)
  cloader-csv  the same, plus pandas.read_csv of kpi/actuals.csv
  validate     dataplan's validate_plan (must report no problem)
  build        validate_plan + build_site without the PDF, into OUT
  mkdocs       plain MkDocs over the Markdown a `build` left in OUT/src (run build first)
  pdf          validate_plan + the plan's PDF with charts, into OUT
  pdf-nocharts the same without charts
"""

from __future__ import annotations

import json
import os
import resource
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import TODAY, yaml_files  # noqa: E402


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def memory_kb(field: str) -> int:
    """VmRSS (resident now) or VmHWM (its peak) of this process, in KB.

    Not getrusage's ru_maxrss: on Linux that keeps the peak of the process that
    forked this one (the benchmark, holding the plans it generated) across exec.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise SystemExit(f"no {field} in /proc/self/status")


def cloader(plan: Path, with_csv: bool) -> Callable[[], dict]:
    import pandas
    import yaml

    def run() -> dict:
        for path in yaml_files(plan):
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        if with_csv:
            pandas.read_csv(plan / "kpi" / "actuals.csv")
        return {}

    return run


def validated(plan: Path, *, clean: bool = False):
    """The validated plan; stops on an error (or, when `clean`, on any problem at all)."""
    from generator.validate import validate_plan

    result = validate_plan(plan, today=TODAY)
    if result.project is None or not result.report.is_valid() or (clean and result.report.problems):
        problems = [problem.as_text() for problem in result.report.sorted()]
        raise SystemExit("the plan has problems:\n" + "\n".join(problems[:5]))
    return result.project


def validate(plan: Path) -> Callable[[], dict]:
    import generator.validate  # noqa: F401 (imported before the clock starts)

    return lambda: {"measures": len(validated(plan, clean=True).measures)}


def build(plan: Path, out: Path) -> Callable[[], dict]:
    from generator.compare.pages import load_latest_revision
    from generator.publish.site_build import build_site

    def run() -> dict:
        project = validated(plan)
        site = build_site(
            project,
            revision=load_latest_revision(project),
            out=out / "site",
            source_dir=out / "src",
            with_pdf=False,
        )
        files = [path for path in site.site_dir.rglob("*") if path.is_file()]
        measure_pages = list((site.site_dir / "measures").glob("m-*.html"))
        return {
            "pages": len(site.source.structure.pages),
            "measure_page_bytes": max(path.stat().st_size for path in measure_pages),
            "site_files": len(files),
            "site_bytes": sum(path.stat().st_size for path in files),
        }

    return run


def plain_mkdocs(out: Path) -> Callable[[], dict]:
    """MkDocs alone over the pages a `build` left in OUT/src, with the settings it wrote there."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = str(out / "src" / "mkdocs.yml")
    site_dir = str((out / "plain").resolve())
    return lambda: build(load_config(config_file=config_file, site_dir=site_dir)) or {}


def pdf(plan: Path, out: Path, charts: bool) -> Callable[[], dict]:
    from generator.publish.pdf import write_plan_pdf

    def run() -> dict:
        written = write_plan_pdf(validated(plan), out / "plan.pdf", charts=charts)
        return {"pdf_pages": written.pages, "charts": written.charts}

    return run


def main() -> None:
    task, plan = sys.argv[1], Path(sys.argv[2])
    out = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    tasks: dict[str, Callable[[], Callable[[], dict]]] = {
        "cloader": lambda: cloader(plan, False),
        "cloader-csv": lambda: cloader(plan, True),
        "validate": lambda: validate(plan),
        "build": lambda: build(plan, out),
        "mkdocs": lambda: plain_mkdocs(out),
        "pdf": lambda: pdf(plan, out, True),
        "pdf-nocharts": lambda: pdf(plan, out, False),
    }
    action = tasks[task]()
    before_kb = memory_kb("VmRSS")
    start = cpu_seconds()
    found = action()
    cpu = cpu_seconds() - start
    peak_kb = memory_kb("VmHWM")
    print(json.dumps({"cpu": cpu, "rss_before_kb": before_kb, "peak_kb": peak_kb, **found}))
    sys.stdout.flush()
    os._exit(0)  # skip the interpreter's teardown: not part of any figure


if __name__ == "__main__":
    main()
