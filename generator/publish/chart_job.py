"""The chart export of the PDF, run as a bounded child process (generator.programs).

`python -m generator.publish.chart_job PAYLOAD RESULT`: kaleido draws each plotly
figure (given as JSON) as SVG in one headless browser; a line is printed after each
chart, so the parent knows the browser still answers.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from generator.programs import JobError, job_main, report_progress


def export(payload: dict[str, Any]) -> list[str]:
    import kaleido
    import plotly.io

    figures = [plotly.io.from_json(text) for text in payload["figures"]]
    options = {"format": "svg", "width": payload["width"], "height": payload["height"]}
    with tempfile.TemporaryDirectory(prefix="dataplan-charts-") as folder:
        paths = [Path(folder) / f"chart-{index}.svg" for index in range(len(figures))]

        async def run() -> None:
            async with kaleido.Kaleido(n=1, mathjax=False, path=payload["browser"]) as session:
                report_progress()
                for figure, path in zip(figures, paths, strict=True):
                    await session.write_fig_from_object(
                        [{"fig": figure, "path": path, "opts": options}]
                    )
                    report_progress()

        try:
            asyncio.run(run())
        except Exception as error:  # noqa: BLE001 - kaleido's errors are English: say what failed
            raise JobError("起動できないか、グラフを書き出せませんでした。") from error
        return [path.read_text(encoding="utf-8") for path in paths]


if __name__ == "__main__":
    job_main(export)
