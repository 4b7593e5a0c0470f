"""The Qt binding keeps None's reference count: 20,000 void Qt calls of the kinds the pages make lose nothing.

PySide6 6.12.0 on Python 3.11 lost one reference per call and aborted the interpreter after a few
thousand; pyproject.toml excludes it, and this test catches the next release that does the same.
"""

from __future__ import annotations

import sys

from evidence_kit.gui.qt_guard import check_none_references


def test_void_qt_calls_keep_none_alive(qapp: object) -> None:
    before = sys.getrefcount(None)
    result = check_none_references(20_000)
    assert result.calls >= 20_000
    assert result.ok, f"{result.method} lost {result.lost} references to None in a batch of calls"
    assert sys.getrefcount(None) >= before - 50  # nothing lost overall either
