"""Text the dossier's font cannot draw (emoji above all) turned into words, so nothing prints as a wrong glyph.

reportlab cuts code points above U+FFFF to 16 bits (😊, U+1F60A, came out as ὠ, U+1F60) and draws
nothing for characters the font lacks. A threat's emoji can matter to the reader, so each is named.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache

# Joiners, variation selectors and skin-tone modifiers only shape the emoji beside them.
_SHAPING = {0x200D, 0xFE0E, 0xFE0F, *range(0x1F3FB, 0x1F400)}


def drawable(text: str, has_glyph: Callable[[int], bool]) -> str:
    """``text`` with every character the font cannot draw replaced by its Unicode name in brackets."""
    if text.isascii():
        return text
    out: list[str] = []
    for char in text:
        code = ord(char)
        if code in _SHAPING:
            continue
        if code <= 0xFFFF and (has_glyph(code) or char in "\n\t\r"):
            out.append(char)
        else:
            out.append(_named(char))
    return "".join(out)


@cache
def _named(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"[{name.lower()}]" if name else "\ufffd"


def font_glyphs(font_name: str) -> Callable[[int], bool]:
    """Whether a registered reportlab TrueType font has a glyph for a code point."""
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(font_name)
    mapping = getattr(getattr(font, "face", None), "charToGlyph", None) or {}
    return lambda code: code in mapping
