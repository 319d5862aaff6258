"""Turn what people actually type into Excel or a CSV into canonical values.

Every function here takes a raw cell (text, a number, a date or None) and returns
`(value, problem)`: the canonical value, or a Japanese message saying why the cell
cannot be read. Nothing here raises on user input.

Decisions (documented for users in guide/excel.md):

- Text is first put through Unicode NFKC, so 全角 digits and punctuation (８５．０,
  １，２３４, ８５％), the ideographic space and NBSP become their ASCII forms.
- A cell holding only a dash (-, ー, ―, — …) means 「該当なし・未記入」, as in
  Japanese tables: it is read as empty, not as zero.
- A leading minus may be typed as -, −, ‐, –, —, ―, ー (mis-typed), or as ▲ / △, the
  usual negative signs of Japanese public accounts. All mean "negative"; the KPI
  check then says whether a negative value is allowed.
- Numbers are rounded to 6 decimal places, so Excel's binary noise (84.99999999,
  0.1 + 0.2) comes back as the number people typed; no KPI needs more precision.
- Excel on Windows saves text as CP932, which maps a few characters to look-alikes:
  〜 (U+301C) becomes ～ (U+FF5E), − (U+2212) becomes － (U+FF0D), ‖ becomes ∥,
  ¢ £ ¬ become ￠ ￡ ￢. Such pairs compare equal (`windows_variant_fold`), so a
  file saved back by Excel is no conflict; what is stored is never rewritten by it.
- `85%` is 85 for a percentage KPI and a problem for any other kind; a trailing unit
  equal to the KPI's own unit (`120件` for unit 件) is accepted and dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from generator.kpi.values import format_number
from generator.labels import KPI_KIND_LABELS
from generator.model.kpi import Kpi, KpiKind
from generator.quarters import Quarter, ReviewPeriod
from generator.rules import value_misfit
from generator.suggest import closest
from generator.wareki import parse_wareki_date, parse_wareki_year

DECIMALS = 6
LIMIT = (
    Decimal(10) ** 15
)  # larger than any KPI (1,000兆): a typo, and beyond float's exact integers
DASHES = "-−‐‑‒–—―ー"
NEGATIVE_SIGNS = DASHES + "▲△"
NOTE_COLUMN = "「実績の説明・コメント」列"

_NUMBER = re.compile(
    rf"^(?P<sign>[+{re.escape(NEGATIVE_SIGNS)}]?)\s*(?P<digits>[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*(?P<percent>%?)\s*(?P<rest>.*)$",
    re.DOTALL,
)
_GROUPED = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")
_QUARTER = re.compile(
    r"^(?P<year>.+?)\s*[-/._]?\s*(?:第\s*(?P<nth>[1-4一二三四])\s*四半期|Q\s*(?P<q>[1-4]))$",
    re.IGNORECASE,
)
_GREGORIAN_YEAR = re.compile(r"^(?:FY\s*)?([0-9]{4})$", re.IGNORECASE)
_DATE = re.compile(
    r"^([0-9]{4})\s*(?:[-/.]\s*([0-9]{1,2})\s*[-/.]\s*([0-9]{1,2})|年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?)$"
)
_KANJI_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4}
_TRAILING_PARENTHESES = re.compile(r"\s*\([^()]*\)\s*$")


# Unicode → what CP932 (Windows) turns it into, and the reverse: both sides fold to one.
WINDOWS_VARIANTS = {
    "\u301c": "\uff5e",  # 〜 WAVE DASH → ～ FULLWIDTH TILDE
    "\u2212": "\uff0d",  # − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS
    "\u2016": "\u2225",  # ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO
    "\u00a2": "\uffe0",  # ¢ → ￠
    "\u00a3": "\uffe1",  # £ → ￡
    "\u00ac": "\uffe2",  # ¬ → ￢
    "\u2014": "\u2015",  # — EM DASH → ― HORIZONTAL BAR
}
_FOLD = str.maketrans(WINDOWS_VARIANTS)


def windows_variant_fold(text: str) -> str:
    """`text` with each character CP932 would swap replaced by its Windows form (for comparing only)."""
    return text.translate(_FOLD)


def same_text(old: str, new: str) -> bool:
    """Whether two texts are the same, counting the CP932 look-alikes (〜/～ …) as equal."""
    return old == new or windows_variant_fold(old) == windows_variant_fold(new)


class Normalised(NamedTuple):
    """A canonical value (None when empty or unreadable) and why it is unreadable (or None)."""

    value: str | None
    problem: str | None


def clean_text(value: object) -> str:
    """NFKC, then strip surrounding spaces (NBSP and 全角 spaces included). None → ""."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def is_blank(value: object) -> bool:
    """An empty cell, only spaces, or only a dash (「－」 means 未記入 in Japanese tables)."""
    text = clean_text(value)
    return text == "" or all(char in DASHES for char in text)


def parse_number(
    value: object,
    *,
    percentage: bool = False,
    unit: str | None = None,
    percent_formatted: bool = False,
) -> tuple[float | None, str | None]:
    """A number from a cell; `percentage` allows a % sign, `unit` a trailing unit.

    `percent_formatted` says that an Excel cell shows its value as a percentage (it
    holds 0.85 for 85%), which is what Excel does when someone types `85%`.
    """
    if isinstance(value, bool):
        return None, "TRUE/FALSE ではなく数値を書いてください"
    if isinstance(value, dt.date | dt.time):
        return (
            None,
            "日付として入力されています。セルの書式を「標準」にして数値を入れ直してください",
        )
    if isinstance(value, int | float):
        number = Decimal(str(value))
        if number.is_nan() or number.is_infinite():
            return None, "数値ではありません"
        has_percent = percent_formatted
        if has_percent:
            number *= 100
    else:
        text = clean_text(value)
        match = _NUMBER.match(text)
        if not match:
            return (
                None,
                f"数値ではありません（「{_short(text)}」）。文章は{NOTE_COLUMN}に書き、実績値は空けてください",
            )
        rest = match["rest"].strip()
        if rest and not _is_unit(rest, unit):
            expected = f"（単位は「{unit}」）" if unit else ""
            return (
                None,
                f"数値のあとに「{_short(rest)}」があります{expected}。数値だけを書いてください",
            )
        digits = match["digits"]
        integer_part = digits.split(".")[0]
        if "," in integer_part and not _GROUPED.match(integer_part):
            return None, f"桁区切りのカンマの位置が正しくありません（「{digits}」）"
        try:
            number = Decimal(digits.replace(",", ""))
        except InvalidOperation:
            return None, "数値ではありません"
        if match["sign"] and match["sign"] != "+":
            number = -number
        has_percent = bool(match["percent"])
    if has_percent and not percentage:
        return None, "% が付いていますが、この KPI は割合ではありません。数値だけを書いてください"
    if abs(number) >= LIMIT:
        return None, "値が大きすぎます（桁の誤りではありませんか）"
    return round(float(number), DECIMALS) + 0.0, None


def normalise_level(levels: list[str], value: object) -> Normalised:
    """A milestone level from a cell: one of `levels`, allowing 全角/半角 variants and spaces."""
    if is_blank(value):
        return Normalised(None, None)
    wanted = _squeeze(value)
    for level in levels:
        if _squeeze(level) == wanted:
            return Normalised(level, None)
    choices = "・".join(levels)
    guess = closest(clean_text(value), levels)
    extra = f"。もしかして「{guess}」ですか" if guess else ""
    return Normalised(
        None, f"「{_short(clean_text(value))}」は段階（{choices}）のどれでもありません{extra}"
    )


def normalise_value(kpi: Kpi, value: object, *, percent_formatted: bool = False) -> Normalised:
    """The canonical text of an actual for `kpi` (as stored in kpi/actuals.csv), or a problem.

    An empty cell gives `(None, None)`: nothing typed, which with a comment is a
    narrative 実績 without a number.
    """
    if kpi.kind is KpiKind.MILESTONE:
        return normalise_level(kpi.levels, value)
    if value is None or (isinstance(value, str) and is_blank(value)):
        return Normalised(None, None)
    number, problem = parse_number(
        value,
        percentage=kpi.kind is KpiKind.PERCENTAGE,
        unit=kpi.unit,
        percent_formatted=percent_formatted,
    )
    if number is None:
        return Normalised(None, problem)
    why = value_misfit(kpi, number)
    if why:
        return Normalised(
            None,
            f"{format_number(number)} は{KPI_KIND_LABELS[kpi.kind]}の値として使えません（{why}）",
        )
    return Normalised(format_number(number), None)


def same_value(kpi: Kpi | None, old: str, new: str) -> bool:
    """Whether two stored values mean the same (`85` and `85.0` do)."""
    if old == new:
        return True
    if kpi is None:
        return False
    canonical = normalise_value(kpi, old).value
    return canonical is not None and canonical == normalise_value(kpi, new).value


def normalise_fiscal_year(value: object) -> tuple[int | None, str | None]:
    """A 年度 from 2025, `2025年度`, `FY2025`, `令和7年度`, `R7`, `平成35年度` (= 2023)."""
    if isinstance(value, int) and not isinstance(value, bool):
        year: int | None = value
    else:
        text = clean_text(value)
        text = text[:-2] if text.endswith("年度") else text
        match = _GREGORIAN_YEAR.match(text)
        year = int(match[1]) if match else parse_wareki_year(text)
    if year is None:
        return (
            None,
            f"年度を読めません（「{_short(clean_text(value))}」）。2025、2025年度、令和7年度 のように書いてください",
        )
    if not 1900 <= year <= 2200:
        return None, f"年度 {year} は範囲外です"
    return year, None


def normalise_quarter(value: object) -> tuple[Quarter | None, str | None]:
    """A quarter from `2025Q2`, `2025年度第2四半期`, `令和7年度第2四半期`, `R7 Q2`, `FY2025 Q2`.

    A label copied from the template, such as 2025年度第2四半期（令和7年度、7〜9月）,
    is read too (the part in parentheses is ignored).
    """
    if isinstance(value, Quarter):
        return value, None
    if isinstance(value, dt.date | dt.time):
        return None, "四半期が日付として入力されています。2025Q2 のように書いてください"
    text = _TRAILING_PARENTHESES.sub("", clean_text(value))
    match = _QUARTER.match(text)
    if not match:
        return (
            None,
            f"四半期を読めません（「{_short(text)}」）。2025Q2、2025年度第2四半期、令和7年度第2四半期 のように書いてください",
        )
    year_text = match["year"].strip()
    if year_text.endswith("年") and not year_text.endswith("年度"):
        return (
            None,
            f"「{year_text}」は暦年か年度かがわかりません。2025年度第2四半期 のように「年度」と書いてください",
        )
    year, problem = normalise_fiscal_year(year_text)
    if year is None:
        return None, problem
    number = int(match["q"]) if match["q"] else _KANJI_NUMBER.get(match["nth"]) or int(match["nth"])
    return Quarter(year, number), None


def normalise_review_time(value: object, *, yearly: bool) -> tuple[ReviewPeriod | None, str | None]:
    """(review, why not): a quarter, or for a yearly review also a 年度.

    A 年度 (2024, 2024年度, 令和6年度, R6) stands for the whole year; a plan reviewed
    every quarter takes quarters only.
    """
    if yearly and not isinstance(value, Quarter):
        text = _TRAILING_PARENTHESES.sub("", clean_text(value))
        if not _QUARTER.match(text):
            year, why = normalise_fiscal_year(text)
            if year is None:
                return None, f"{why}（年1回の確認では年度で書きます）"
            return ReviewPeriod(year), None
    quarter, why = normalise_quarter(value)
    return (ReviewPeriod.of(quarter) if quarter else None), why


def normalise_date(value: object) -> tuple[dt.date | None, str | None]:
    """A date from an Excel date, `2025-10-05`, `2025/10/5`, `2025年10月5日`, `令和7年10月5日`, `R7.10.5`."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = clean_text(value)
    match = _DATE.match(text)
    day = None
    if match:
        year, month, date = int(match[1]), int(match[2] or match[4]), int(match[3] or match[5])
        try:
            day = dt.date(year, month, date)
        except ValueError:
            day = None
    else:
        day = parse_wareki_date(text)
    if day is None:
        return (
            None,
            f"日付を読めません（「{_short(text)}」）。2025-10-05 や 令和7年10月5日 のように書いてください",
        )
    return day, None


def normalise_timestamp(value: object) -> tuple[str | None, str | None]:
    """`recorded_at` as ISO text: an ISO date-time is kept as it is; any date form becomes YYYY-MM-DD."""
    if is_blank(value):
        return None, None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds"), None
    text = clean_text(value)
    if "T" in text or ":" in text:
        try:
            return dt.datetime.fromisoformat(text).isoformat(timespec="seconds"), None
        except ValueError:
            pass
    day, problem = normalise_date(value)
    return (day.isoformat(), None) if day else (None, problem)


def clean_note(value: object) -> str:
    """A comment as typed (no NFKC: it is prose), without surrounding spaces and with \\n line ends."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip(" \t\n\u00a0\u3000")


def _is_unit(text: str, unit: str | None) -> bool:
    return bool(unit) and _squeeze(text) == _squeeze(unit)


def _squeeze(value: object) -> str:
    return re.sub(r"\s+", "", clean_text(windows_variant_fold(clean_text(value))))


def _short(text: str, limit: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
