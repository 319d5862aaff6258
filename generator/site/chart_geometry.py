"""Geometry shared by the static charts: nice axis ticks, text widths, label thinning.

No browser lays the static SVG out, so the positions are computed here, with a
conservative estimate of how wide a text will be (full-width characters are 1 em,
digits and Latin letters a little over half), so that no two labels can meet.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Half-width widths in em, a little over what Noto Sans CJK JP, Hiragino and Meiryo
# draw, so that an estimate is never narrower than the text.
_NARROW = {",": 0.32, ".": 0.32, " ": 0.3, "-": 0.4, "(": 0.4, ")": 0.4, "%": 0.9}
_DIGIT = 0.58
_LATIN = 0.66


def text_width(text: str, size: float) -> float:
    """The width of `text` at font `size` (px), estimated on the wide side."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F", "A"):
            width += 1.0
        elif char.isdigit():
            width += _DIGIT
        else:
            width += _NARROW.get(char, _LATIN)
    return width * size


@dataclass(frozen=True)
class Ticks:
    """Axis ticks: the values from `low` to `high` every `step`, shown with `decimals` digits."""

    low: float
    high: float
    step: float
    decimals: int

    @property
    def values(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + index * self.step for index in range(count + 1)]

    def label(self, value: float) -> str:
        """A tick's label: half-width, thousands separated, as many decimals as the step needs."""
        text = f"{value:,.{self.decimals}f}"
        return "0" if text.lstrip("-").strip("0.,") == "" else text


def nice_number(value: float, *, rounded: bool) -> float:
    """1, 2, 5 or 10 times a power of ten near `value` (Heckbert, "Nice numbers for graph
    labels", Graphics Gems, 1990): the nearest with `rounded`, else the next one up."""
    exponent = math.floor(math.log10(value))
    fraction = value / 10**exponent
    if rounded:
        nice = 1 if fraction < 1.5 else 2 if fraction < 3 else 5 if fraction < 7 else 10
    else:
        nice = 1 if fraction <= 1 else 2 if fraction <= 2 else 5 if fraction <= 5 else 10
    return nice * 10.0**exponent


def nice_ticks(low: float, high: float, count: int) -> Ticks:
    """About `count` ticks covering [low, high] at a nice step (Heckbert's loose labelling).

    An empty range (every value the same) is widened to a unit around it.
    """
    if count < 2:
        raise ValueError("count must be at least 2")
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"not a finite range: {low}, {high}")
    low, high = min(low, high), max(low, high)
    if high - low <= 1e-9 * max(abs(low), abs(high), 1.0):  # one value: nothing to divide
        spread = abs(high) if abs(high) > 1e-9 else 1.0
        low, high = (low - spread, high) if high > 0 else (low, high + spread)
    span = nice_number(high - low, rounded=False)
    step = nice_number(span / (count - 1), rounded=True)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    decimals = max(-math.floor(math.log10(step)), 0)
    return Ticks(_clean(first), _clean(last), step, decimals)


def _clean(value: float) -> float:
    """-0.0 and float noise (0.30000000000000004) away, so labels and output stay stable."""
    return float(f"{value:.12g}") + 0.0


@dataclass(frozen=True)
class Scale:
    """A linear map from data values to positions (px)."""

    domain_low: float
    domain_high: float
    range_low: float
    range_high: float

    def __call__(self, value: float) -> float:
        share = (value - self.domain_low) / (self.domain_high - self.domain_low)
        return self.range_low + share * (self.range_high - self.range_low)


def spaced_labels(
    centres: Sequence[float], widths: Sequence[float], *, left: float, right: float, gap: float
) -> list[int]:
    """Indexes of the labels to draw, in order, so that none comes closer than `gap` to the
    one before it or leaves [left, right]: evenly spaced labels come out as every k-th."""
    chosen: list[int] = []
    end_of_last = -math.inf
    for index, (centre, width) in enumerate(zip(centres, widths, strict=True)):
        start, end = centre - width / 2, centre + width / 2
        if start >= left and end <= right and start >= end_of_last + gap:
            chosen.append(index)
            end_of_last = end
    return chosen


def coordinate(value: float) -> str:
    """A position as SVG text: at most one decimal, no trailing zero (stable output)."""
    text = f"{value:.1f}"
    if text[-1] != "0":
        return text
    text = text[:-2]
    return "0" if text == "-0" else text
