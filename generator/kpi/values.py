"""How a stored actual (the text in kpi/actuals.csv) is read for one KPI.

Stored values are canonical text: a plain number for numeric KPIs (`1234`,
`85.5`), a level name for milestones (`実施中`), or empty for a narrative 実績
whose content is in the note. Typed input (全角, `1,234`, `85%`) is normalised on
import, so here a number is whatever Python's float reads, if it is finite.
"""

from __future__ import annotations

from generator.kpi.store import stored_number
from generator.model.kpi import Kpi, KpiKind

__all__ = ["format_number", "stored_number", "stored_value"]


def stored_value(kpi: Kpi, text: str) -> float | str:
    """The value to check against the KPI's kind: a number when one can be read, else the text."""
    if kpi.kind is KpiKind.MILESTONE:
        return text
    number = stored_number(text)
    return text if number is None else number


def format_number(number: float) -> str:
    """Canonical text of a number: `1234`, `85.5` (no trailing `.0`, at most 6 decimals)."""
    rounded = round(float(number), 6) + 0.0  # + 0.0 turns -0.0 into 0.0
    if rounded.is_integer():
        return str(int(rounded))
    return f"{rounded:.6f}".rstrip("0").rstrip(".")
