"""Text cells that a spreadsheet must show as text, never run as a formula (CSV injection)."""

from __future__ import annotations

# A cell starting with one of these is read as a formula by Excel, LibreOffice or
# Google Sheets (tab and CR too, as some of them drop a leading one). The full-width
# forms are included because Japanese input may produce them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
LEADING_SPACE = " \u3000"


def spreadsheet_text(value: str) -> str:
    """A text cell for a CSV: prefixed with an apostrophe `'` when it could start a formula.

    The rule (one place for every CSV the tool writes): a text whose first
    character, after any spaces, is `=`, `+`, `-`, `@`, a tab or a carriage return
    (or a full-width `＝＋－＠`) gets a leading `'`, so `=HYPERLINK("http://x")`
    becomes `'=HYPERLINK("http://x")` and `+1` becomes `'+1`; spreadsheets then show
    it as text, and the apostrophe tells the reader why.

    Apply it to text columns only. Numbers stay numbers: a value of a number column
    such as -3 is written as `-3`, which a spreadsheet reads as the number −3, not
    a formula. Only text that merely looks like a number (a note "-3件") is prefixed.
    JSON files keep every value as typed, without this prefix.
    """
    text = str(value)
    if text.lstrip(LEADING_SPACE).startswith(FORMULA_STARTS) or text.startswith(("\t", "\r")):
        return "'" + text
    return text
