"""Is there a Japanese font for the PDF? Asked of fontconfig, as WeasyPrint will ask it, before rendering.

WeasyPrint lays text out with pango, which finds its fonts through fontconfig and
falls back, character by character, to any installed font that has the glyph.
With no font that covers Japanese, every Japanese character would be drawn as a
box, and with no font at all the PDF stack has crashed: so no PDF is made, and the
reason names the package to install. The question goes to the fontconfig library
WeasyPrint loads, with the configuration it will read (FONTCONFIG_FILE,
FONTCONFIG_PATH, else the system's), through ctypes: no extra dependency.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

FONT_PACKAGE = "fonts-noto-cjk"
NO_JAPANESE_FONT = (
    "日本語のフォントが見つかりません（このまま作ると日本語がすべて□になるため、PDF は作りません）。"
    f"Debian・Ubuntu では `sudo apt-get install {FONT_PACKAGE}` で Noto Sans CJK JP を入れてください"
)
NO_FONTCONFIG = (
    "フォントを探す fontconfig が読み込めません。"
    "Debian・Ubuntu では `sudo apt-get install libfontconfig1` で入れてください"
)
# The names WeasyPrint itself tries (weasyprint/text/ffi.py), Linux first.
LIBRARY_NAMES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")
FC_RESULT_MATCH = 0


class _FontSet(ctypes.Structure):
    _fields_ = [
        ("nfont", ctypes.c_int),
        ("sfont", ctypes.c_int),
        ("fonts", ctypes.POINTER(ctypes.c_void_p)),
    ]


def missing_japanese_font() -> str | None:
    """None when a font covers Japanese; else why not, in Japanese, naming the package to install."""
    try:
        families = japanese_font_families()
    except OSError:
        return NO_FONTCONFIG
    return None if families else NO_JAPANESE_FONT


def japanese_font_families() -> list[str]:
    """The families of the installed fonts that cover Japanese (fontconfig's `:lang=ja`).

    Raises OSError when the fontconfig library cannot be loaded.
    """
    fc = _fontconfig()
    config = fc.FcInitLoadConfigAndFonts()  # a fresh configuration, as WeasyPrint makes one
    if not config:
        return []
    pattern = fc.FcNameParse(b":lang=ja")
    objects = fc.FcObjectSetBuild(b"family", None)
    found = fc.FcFontList(config, pattern, objects)
    families: set[str] = set()
    try:
        if found:
            for index in range(found.contents.nfont):
                name = ctypes.c_char_p()
                if (
                    fc.FcPatternGetString(
                        found.contents.fonts[index], b"family", 0, ctypes.byref(name)
                    )
                    == FC_RESULT_MATCH
                    and name.value
                ):
                    families.add(name.value.decode("utf-8", errors="replace"))
    finally:
        if found:
            fc.FcFontSetDestroy(found)
        fc.FcObjectSetDestroy(objects)
        fc.FcPatternDestroy(pattern)
        fc.FcConfigDestroy(config)
    return sorted(families)


@cache
def _fontconfig() -> ctypes.CDLL:
    names = [*LIBRARY_NAMES, ctypes.util.find_library("fontconfig")]
    errors = []
    for name in filter(None, names):
        try:
            library = ctypes.CDLL(name)
        except OSError as error:
            errors.append(str(error))
            continue
        _declare(library)
        return library
    raise OSError("; ".join(errors) or "fontconfig not found")


def _declare(fc: ctypes.CDLL) -> None:
    pointer = ctypes.c_void_p
    fc.FcInitLoadConfigAndFonts.restype = pointer
    fc.FcInitLoadConfigAndFonts.argtypes = []
    fc.FcNameParse.restype = pointer
    fc.FcNameParse.argtypes = [ctypes.c_char_p]
    fc.FcObjectSetBuild.restype = pointer  # variadic, ends with NULL: no argtypes
    fc.FcFontList.restype = ctypes.POINTER(_FontSet)
    fc.FcFontList.argtypes = [pointer, pointer, pointer]
    fc.FcPatternGetString.restype = ctypes.c_int
    fc.FcPatternGetString.argtypes = [
        pointer,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    fc.FcFontSetDestroy.argtypes = [ctypes.POINTER(_FontSet)]
    fc.FcObjectSetDestroy.argtypes = [pointer]
    fc.FcPatternDestroy.argtypes = [pointer]
    fc.FcConfigDestroy.argtypes = [pointer]
