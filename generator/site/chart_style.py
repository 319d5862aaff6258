"""The look of every chart (accessibility.md §2–3): DADS colours, the site's fonts, plotly's config.

Kept apart from the chart builders so that the static SVG, the interactive chart
and tests read one definition. Colours: actual values in DADS blue `#0017C1`,
targets dashed in `#333`, baselines dotted in `#767676` (the lightest grey that
still reaches 4.5:1); each series also has its own line style and marker, and
the status is written in words, so that no meaning rests on colour alone.
"""

from __future__ import annotations

import html
from typing import Any

# Hover text: the time, then the series and value (both escaped, given as customdata).
HOVER = "%{customdata[0]}<br>%{customdata[1]}<extra></extra>"

# System Japanese fonts only: no web font is ever requested. Noto Sans CJK JP first:
# WeasyPrint draws SVG text in the first family it has (the PDF embeds that font).
FONT_FAMILY = (
    '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", '
    '"BIZ UDPGothic", Meiryo, sans-serif'
)
TEXT_COLOUR = "#333333"
AXIS_COLOUR = "#949494"  # the lightest grey with 3:1 against white (non-text contrast)
GRID_COLOUR = "#E6E6E6"
FONT_SIZE = 14
TICK_FONT_SIZE = 13  # at least 12px (accessibility.md §3)
CHART_HEIGHT = 360

ACTUAL_COLOUR = "#0017C1"
TARGET_COLOUR = "#333333"
BASELINE_COLOUR = "#767676"

# plotly.js has no Japanese locale in the Python package; the few strings that a
# chart without a modebar can show are set here (numbers and month names).
JA_LOCALE = {
    "dictionary": {
        "Double-click to zoom back out": "ダブルクリックで元の表示に戻ります",
    },
    "format": {
        "days": ["日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"],
        "shortDays": ["日", "月", "火", "水", "木", "金", "土"],
        "months": [f"{month}月" for month in range(1, 13)],
        "shortMonths": [f"{month}月" for month in range(1, 13)],
        "date": "%Y/%m/%d",
        "decimal": ".",
        "thousands": ",",
        "grouping": [3],
        "currency": ["¥", ""],
    },
}

# Everything that could reach another host is off: no "share" button (it posts the
# chart to plotly's server), no modebar, no MathJax typesetting.
PLOTLY_CONFIG: dict[str, Any] = {
    "showSendToCloud": False,
    "displaylogo": False,
    "displayModeBar": False,
    "typesetMath": False,
    "responsive": True,
    "locale": "ja",
    "locales": {"ja": JA_LOCALE},
}


def plotly_text(text: str) -> str:
    """User text for a plotly label: plotly.js reads `<a href>`, `<b>` … in labels, so escape them.

    plotly.js turns `&lt;` back into a visible `<`, so the label still reads as written.
    """
    return html.escape(str(text), quote=False)


def base_layout() -> dict[str, Any]:
    """Layout shared by every chart: the site's font, DADS greys, no zoom or drag."""
    axis = {
        "fixedrange": True,  # no zoom: a touch scroll must scroll the page, not the chart
        "tickfont": {"size": TICK_FONT_SIZE, "color": TEXT_COLOUR},
        "title": {"font": {"size": FONT_SIZE, "color": TEXT_COLOUR}},
        "linecolor": AXIS_COLOUR,
        "showline": True,
        "gridcolor": GRID_COLOUR,
        "zeroline": False,
        "automargin": True,
    }
    return {
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOUR},
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": FONT_SIZE}},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "height": CHART_HEIGHT,
        "margin": {"l": 16, "r": 16, "t": 72, "b": 16},
        "dragmode": False,
        "separators": ".,",
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "xanchor": "left",
            "x": 0.0,
            "font": {"size": FONT_SIZE},
        },
        "xaxis": dict(axis),
        "yaxis": dict(axis),
    }
