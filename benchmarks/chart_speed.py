"""Benchmark: drawing the charts, per chart, and the charts' share of the PDF's time.

- site: one KPI chart as a page shows it (two SVG sizes, the interactive figure,
  the figure markup) plus its SVG file to download;
- print: the SVG the PDF prints (the narrow drawing);
for the example city's charts and for synthetic KPIs (1,000 measures × 3 KPIs by
default, five years of quarterly actuals each). With --pdf, the example's PDF is
rendered with and without charts (CPU time of this process, best of --repeat runs,
alternated).

Run by hand:  python benchmarks/chart_speed.py [--kpis 3000] [--repeat 3] [--pdf]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from generator.kpi.status import status_listing
from generator.project import Audience
from generator.publish.pdf import render_pdf
from generator.publish.pdf_charts import kpi_charts
from generator.publish.print_document import render_print_html
from generator.site.chart_data import KpiSeries
from generator.site.charts import kpi_chart, kpi_chart_svg
from generator.site.kpi_series import kpi_series
from generator.site.kpi_svg import NARROW
from generator.validate import validate_plan
from generator.visibility import plan_view

ROOT = Path(__file__).resolve().parents[1]


def example_series() -> list[KpiSeries]:
    project = validate_plan(ROOT).project
    assert project is not None
    view = plan_view(project, Audience.PUBLIC)
    listing = status_listing(view, view.actuals, view.review_periods()[-1])
    kpis = view.kpis_by_id()
    found = []
    for line in listing.lines:
        series = kpi_series(kpis[line.kpi_id][1], view.actuals, line.evaluation.current)
        if series is not None and any(point.value is not None for point in series.actuals):
            found.append(series)
    return found


def synthetic_series(count: int) -> list[KpiSeries]:
    series = []
    for number in range(count):
        scale = 10 ** (number % 6)
        actuals = [
            (f"{2025 + q // 4}Q{q % 4 + 1}", f"第{q}期", scale * (1 + q / 10 + (number % 7) / 20))
            for q in range(20)
        ]
        series.append(
            KpiSeries(
                kpi_id=f"k-{number:05d}",
                name=f"合成指標{number}（毎四半期の件数）",
                unit=["件", "%", "円", "分"][number % 4],
                baseline=(scale * 0.8, "2024年度（令和6年度）", 2024),
                targets=[("2027年度", "2027", scale * 2), ("2029年度", "2029", scale * 3)],
                actuals=actuals,
                status_label="順調",
                status_mark="B",
            )
        )
    return series


def per_chart(series: list[KpiSeries], draw: Callable[[KpiSeries, int], object]) -> float:
    """Milliseconds of CPU per chart."""
    start = time.process_time()
    for index, one in enumerate(series):
        draw(one, index)
    return (time.process_time() - start) / len(series) * 1000


def site_chart(series: KpiSeries, index: int) -> object:
    fragment = kpi_chart(series, f"chart-{index}")
    return fragment.to_html(), fragment.file_svg


def print_chart(series: KpiSeries, index: int) -> object:
    return kpi_chart_svg(series, named=False, frame=NARROW)


def best(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kpis", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true")
    options = parser.parse_args()
    cases = [("example city", example_series()), ("synthetic", synthetic_series(options.kpis))]
    print(f"{'KPIs':>18} {'charts':>7} {'site ms/chart':>14} {'print ms/chart':>15}")
    for name, series in cases:
        site = min(per_chart(series, site_chart) for _ in range(options.repeat))
        printed = min(per_chart(series, print_chart) for _ in range(options.repeat))
        print(f"{name:>18} {len(series):>7} {site:>14.2f} {printed:>15.2f}")
    if options.pdf:
        project = validate_plan(ROOT).project
        assert project is not None
        render_pdf(render_print_html(project))  # fonts loaded once, outside the timing
        drawing = best(options.repeat, lambda: kpi_charts(plan_view(project, Audience.PUBLIC)))
        charts = kpi_charts(plan_view(project, Audience.PUBLIC))
        without, with_charts = render_print_html(project), render_print_html(project, charts=charts)
        plain, drawn = float("inf"), float("inf")
        for _ in range(options.repeat):  # alternated, so that a busy machine slows both alike
            plain = min(plain, best(1, lambda: render_pdf(without)))
            drawn = min(drawn, best(1, lambda: render_pdf(with_charts)))
        total = drawn + drawing
        share = (total - plain) / total
        print(
            f"PDF: {plain:.2f} s without charts, {total:.2f} s with {len(charts)} "
            f"(drawing {drawing:.2f} s): the charts' share is {share:.0%}"
        )


if __name__ == "__main__":
    main()
