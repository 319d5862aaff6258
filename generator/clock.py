"""Today's date, which a run may fix for reproducible results (CI, tests, re-running a report)."""

from __future__ import annotations

import datetime as dt
import os

TODAY_VARIABLE = "DATAPLAN_TODAY"


def today() -> dt.date:
    """Today, or the day in the DATAPLAN_TODAY environment variable (ISO, e.g. 2026-11-24)."""
    fixed = os.environ.get(TODAY_VARIABLE, "").strip()
    if not fixed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise ValueError(
            f"環境変数 {TODAY_VARIABLE} の値「{fixed}」は日付（例: 2026-11-24）ではありません"
        ) from None
