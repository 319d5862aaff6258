"""Benchmark: `dataplan build` against a plain MkDocs build of the same pages, and page weight.

For the example city and for synthetic plans (100 measures, 300 KPIs by default):
- dataplan: validate → view → Markdown → MkDocs (strict) → Pagefind, all of it;
- plain MkDocs: the same mkdocs.yml over the Markdown already generated (the
  builder alone, as if the pages were hand-written static pages);
- the bytes of the heaviest measure page (its HTML, without the shared assets:
  theme CSS/JS, plotly.js, Pagefind).

Run by hand:  python benchmarks/site_build.py [--sizes 100] [--repeat 3]
(needs the bench extra: pip install -e ".[bench]")
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from validate_speed import make_plan

from generator.compare.pages import load_latest_revision
from generator.publish.mkdocs_builder import BuildSettings, build_html, mkdocs_nav
from generator.publish.site_build import build_site
from generator.validate import validate_plan

ROOT = Path(__file__).resolve().parents[1]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(root: Path, work: Path, repeat: int) -> tuple[int, float, float, int]:
    """(pages, best dataplan build, best plain MkDocs build, heaviest measure page in bytes)."""
    project = validate_plan(root).project
    assert project is not None
    built = []

    def dataplan() -> None:
        result = validate_plan(root)
        assert result.project is not None and result.report.is_valid()
        built.append(
            build_site(
                result.project,
                revision=load_latest_revision(result.project),
                out=work / "site",
                source_dir=work / "src",
                with_pdf=False,
            )
        )

    full = min(timed(dataplan) for _ in range(repeat))
    site = built[-1]
    settings = BuildSettings(
        site_name="plain",
        nav=mkdocs_nav(site.source.structure),
        docs_dir=site.source.folder,
        site_dir=work / "plain",
    )
    plain = min(
        timed(lambda: build_html(root, settings, work / "plain-src")) for _ in range(repeat)
    )
    heaviest = max(path.stat().st_size for path in (site.site_dir / "measures").glob("m-*.html"))
    return len(site.source.structure.pages), full, plain, heaviest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print(
        f"{'plan':>18} {'pages':>6} {'dataplan build':>15} {'plain MkDocs':>13} {'ratio':>6} {'measure page':>13}"
    )
    cases = [("example city", ROOT)]
    with tempfile.TemporaryDirectory() as tmp:
        for size in options.sizes:
            root = Path(tmp) / f"plan-{size}"
            root.mkdir()
            make_plan(root, size)
            cases.append((f"synthetic {size}", root))
        for name, root in cases:
            work = Path(tmp) / f"work-{name.replace(' ', '-')}"
            pages, full, plain, heaviest = measure(root, work, options.repeat)
            print(
                f"{name:>18} {pages:>6} {full:>13.2f} s {plain:>11.2f} s {full / plain:>5.1f}x {heaviest / 1024:>10.1f} KB"
            )


if __name__ == "__main__":
    main()
