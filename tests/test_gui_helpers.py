"""Shared by the GUI tests: a real main window, generous waits, and a teardown that leaves nothing running.

Tests under load (CI: two busy cores) must wait on conditions, never on fixed
sleeps, and every timeout here is generous: a slow machine only makes them
slower, never red.  Teardown cancels and waits for the window's background
tasks (so no thread outlives its test, holds a case lock, or delivers a
result into the next test), closes the case and puts Qt's own texts back in
English.  This module holds no tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Generous on purpose: a condition that holds returns at once; only a real failure waits this long.
WAIT_MS = 60_000
TASK_WAIT_MS = 120_000


def stop_tasks(session: Any, wait_ms: int = TASK_WAIT_MS) -> None:
    """Cancel the session's background tasks and wait until their threads have ended."""
    from evidence_kit.gui.workers import Task

    assert Task.stop(session, wait_ms, detach=True), "a background task did not end"


def finish(session: Any) -> None:
    """End of a test: no task left, the case closed, Qt's texts in English again."""
    from evidence_kit.gui.app import apply_qt_translations

    stop_tasks(session)
    session.lock()
    apply_qt_translations("en")


def add_page(qtbot: Any, page: Any) -> Any:
    """Register a page (or window) with qtbot so that its tasks end before it is closed."""
    qtbot.addWidget(page, before_close_func=lambda widget: stop_tasks(widget.session))
    return page


def open_window(qtbot: Any, lang: str = "en") -> tuple[Any, Any]:
    """The real main window, shown, with every page built."""
    from evidence_kit.gui.app import build_window

    session, window = build_window(lang)
    add_page(qtbot, window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window, timeout=WAIT_MS)
    window.build_all_pages()
    return session, window


def poll(action: Callable[[], bool], interval_ms: int = 50, limit_ms: int = WAIT_MS) -> None:
    """Call ``action`` from the event loop until it returns True (a modal dialog being driven), then stop.

    Never runs past ``limit_ms``: a poller left behind by a failed test must not act in the next one.
    """
    from PySide6.QtCore import QTimer

    tries = max(1, limit_ms // interval_ms)

    def step() -> None:
        nonlocal tries
        tries -= 1
        if not action() and tries > 0:
            QTimer.singleShot(interval_ms, step)

    QTimer.singleShot(interval_ms, step)
