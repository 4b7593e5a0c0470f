"""Turning the bytes of an exported text into text: BOMs, UTF-8, UTF-16, and a legacy fallback that says so."""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    guessed: bool  # True when the bytes were not valid UTF-8/UTF-16 and a legacy code page was assumed


def _looks_utf16(head: bytes) -> str:
    """A UTF-16 text without BOM has a zero byte beside nearly every ASCII character."""
    sample = head[:512]
    if len(sample) < 8:
        return ""
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > half * 0.6 and even_zeros < half * 0.1:
        return "utf-16-le"
    if even_zeros > half * 0.6 and odd_zeros < half * 0.1:
        return "utf-16-be"
    return ""


def decode_text(data: bytes) -> DecodedText:
    """Decode without ever failing; ``guessed`` tells the caller to warn that some characters may be wrong."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(data[3:].decode("utf-8", errors="replace"), "utf-8", False)
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return DecodedText(data[2:].decode(name, errors="replace"), name, False)
    utf16 = _looks_utf16(data)
    if utf16:
        return DecodedText(data.decode(utf16, errors="replace"), utf16, False)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    # Phones write UTF-8; anything else came through an old computer tool, most likely a Windows code page.
    return DecodedText(data.decode("cp1252", errors="replace"), "cp1252", True)


def looks_binary(text: str) -> bool:
    """Control characters other than line breaks and tabs in a sample: not a text export."""
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return "\x00" in sample or controls > len(sample) // 50
