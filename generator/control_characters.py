"""Control characters in user text: refused where they are read, made visible where shown.

A name with NUL, BEL or ESC (typed, or written as "\\x1b" in YAML) would reach the
report, the workbook and the terminal, where ESC starts escape sequences (colours,
hyperlinks, a rewritten screen) and a right-to-left override (U+202E) reverses
what the reader sees. Text may hold tab and newline; nothing else below U+0020,
no DEL or C1 control (U+007F–U+009F), and no bidirectional formatting character.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Refused in a value (after YAML's escapes are applied): everything but tab and newline.
FORBIDDEN_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# Refused in the bytes of a file: the same, except carriage return (CRLF line ends).
FORBIDDEN_IN_FILE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")

_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x0B: "VT",
    0x0C: "FF",
    0x0D: "CR",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEL",
    0x200E: "LRM",
    0x200F: "RLM",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
}

# ESC sequences as terminals read them: CSI (colours, cursor), OSC (titles, hyperlinks)
# ended by BEL or ESC \, and two-character ones.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)


def character_name(character: str) -> str:
    """A control character as the guide names it: `ESC（U+001B）`."""
    code = ord(character)
    name = _NAMES.get(code)
    return f"{name}（U+{code:04X}）" if name else f"U+{code:04X}"


def first_forbidden(text: str, *, in_file: bool = False) -> re.Match[str] | None:
    """The first control character not allowed in text (or in a file's bytes)."""
    return (FORBIDDEN_IN_FILE if in_file else FORBIDDEN_IN_TEXT).search(text)


def visible(text: str) -> str:
    """`text` safe to echo in a problem, a diff or a terminal.

    Escape sequences are removed whole; any other control character is shown as
    `<U+001B>`, so the reader sees that it is there. Tab and newline are kept.
    """
    text = _ESCAPE_SEQUENCE.sub("", text)
    return FORBIDDEN_IN_TEXT.sub(lambda match: f"<U+{ord(match[0]):04X}>", text)
