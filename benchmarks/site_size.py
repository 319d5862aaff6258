"""Benchmark: the weight of the built site as the plan grows.

Plans: the example city (23 measures), and the example city with synthetic measures
added up to 223 and 1,000 (the synthetic ones name a pillar and no group of the
plan, so chapter 6 lists them under their pillars after the city's own groups: both
shapes of navigation are in one site). Printed for each:
- one measure of the city (m-1-01) and one synthetic measure: page bytes, and the
  bytes of its navigation (the primary sidebar);
- the whole site: files and bytes; for the largest plan also where the bytes are (the
  site's top-level folders and files, heaviest first).

Run by hand:  python benchmarks/site_size.py [--sizes 223 1000]
(needs the bench extra: pip install -e ".[bench]")
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from pathlib import Path

from plans import measure_yaml

from generator.compare.pages import load_latest_revision
from generator.publish.site_build import build_site
from generator.validate import validate_plan

ROOT = Path(__file__).resolve().parents[1]
CITY_MEASURE = "m-1-01"
NAV = re.compile(rb'<div class="md-sidebar md-sidebar--primary".*?<div class="md-content"', re.S)


def make_plan(root: Path, measures: int) -> None:
    """The example city, with synthetic measures added until it has `measures`."""
    for part in ("plan", "measures", "kpi"):
        shutil.copytree(ROOT / part, root / part)
    city = len(list((root / "measures").glob("*.yaml")))
    for number in range(measures - city):
        (root / "measures" / f"m-{number:04d}.yaml").write_text(
            measure_yaml(number), encoding="utf-8"
        )


def page_weight(path: Path) -> tuple[int, int]:
    """(bytes of the page, bytes of its navigation sidebar)."""
    html = path.read_bytes()
    nav = NAV.search(html)
    return len(html), len(nav.group(0)) if nav else 0


def site_weight(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def weight_by_part(site: Path) -> dict[str, int]:
    """Bytes under each top-level folder or file of the site, heaviest first."""
    parts: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file():
            part = path.relative_to(site).parts[0]
            parts[part] = parts.get(part, 0) + path.stat().st_size
    return dict(sorted(parts.items(), key=lambda item: -item[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[223, 1000])
    options = parser.parse_args()
    print(
        f"{'measures':>8} {'city page':>10} {'its nav':>9} {'synthetic page':>15} {'its nav':>9}"
        f" {'site files':>11} {'site bytes':>11} {'build':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in [0, *options.sizes]:
            if size:
                root = Path(tmp) / f"plan-{size}"
                make_plan(root, size)
            else:
                root = ROOT
            start = time.perf_counter()
            result = validate_plan(root)
            assert result.project is not None and result.report.is_valid()
            count = len(result.project.measures)
            site = build_site(
                result.project,
                revision=load_latest_revision(result.project),
                out=Path(tmp) / f"site-{count}",
                source_dir=Path(tmp) / f"src-{count}",
                with_pdf=False,
            ).site_dir
            took = time.perf_counter() - start
            city, city_nav = page_weight(site / "measures" / f"{CITY_MEASURE}.html")
            synthetic = site / "measures" / "m-0000.html"
            other, other_nav = page_weight(synthetic) if synthetic.exists() else (0, 0)
            files, total = site_weight(site)
            parts = weight_by_part(site)
            print(
                f"{count:>8} {city / 1024:>6.1f} KiB {city_nav / 1024:>5.1f} KiB"
                f" {other / 1024:>11.1f} KiB {other_nav / 1024:>5.1f} KiB"
                f" {files:>11,} {total / 2**20:>7.1f} MiB {took:>6.0f} s"
            )
            shutil.rmtree(Path(tmp) / f"site-{count}")
        heaviest = ", ".join(f"{name} {size / 2**20:.1f}" for name, size in list(parts.items())[:8])
        print(f"where the bytes are at {count} measures (MiB): {heaviest}")


if __name__ == "__main__":
    main()
