"""Names from outside (file names, chat titles, account handles) made safe to print on a terminal.

A file name can hold a newline (a forged second line of output), an escape sequence (the terminal obeys
it) or a bidirectional override (``invoice\u202egnp.exe`` shows as ``invoiceexe.png``).  Every command-line
print of such a name goes through ``printable``; JSON output through ``safe_json``.  No Qt here.
"""

from __future__ import annotations

import json
import os
import unicodedata
from typing import Any

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_KEPT_FORMAT = {"\u200d"}  # the zero-width joiner inside emoji sequences: harmless, and escaping it breaks emoji


def _unsafe(char: str) -> bool:
    if char in _KEPT_FORMAT:
        return False
    # Cc: C0/C1 controls (ESC, newline…); Cf: format characters (bidi overrides and isolates, invisible marks);
    # Zl/Zp: line and paragraph separators; Cs: lone surrogates (from undecodable file names).
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs")


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every control, format (bidi) and separator character written as an escape (``\\u202e``)."""
    if not any(_unsafe(c) for c in text):
        return text
    return "".join(_escape(c) if _unsafe(c) else c for c in text)


def safe_json(data: Any, **kwargs: Any) -> str:
    """``json.dumps`` (non-ASCII kept) with the characters ``printable`` escapes written as JSON escapes.

    The document means the same to a JSON reader; only a terminal sees the difference.
    """
    text = json.dumps(data, ensure_ascii=False, **kwargs)
    # json.dumps already escapes C0 controls inside strings: a raw newline here is indentation, kept.
    if not any(_unsafe(c) and c != "\n" for c in text):
        return text
    out = []
    for char in text:
        if char == "\n" or not _unsafe(char):
            out.append(char)
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:  # a JSON escape of an astral character is a surrogate pair
            pair = char.encode("utf-16-be", "surrogatepass")
            out.append(f"\\u{int.from_bytes(pair[:2], 'big'):04x}\\u{int.from_bytes(pair[2:], 'big'):04x}")
    return "".join(out)


class QuietStdout:
    """Standard output that, once its reader has gone (``| head``), drops what follows instead of failing.

    The command still finishes its work (every file of an ``add`` is stored) and exits with its own code;
    Python's flush at exit then writes to the null device, so no "Broken pipe" message either.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                return int(self._stream.write(text))
            except BrokenPipeError:
                self._gone()
        return len(text)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._gone()

    def _gone(self) -> None:
        self.reader_gone = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):  # no file descriptor (a test's StringIO): nothing to redirect
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
