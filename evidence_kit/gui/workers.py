"""Long work off the GUI thread: a task runs in a QThread, reports progress, can be cancelled.

Usage from a page::

    task = Task(lambda progress, cancelled: case.verify(progress=progress, cancel=cancelled))
    task.progressed.connect(bar.setValue)      # 0..1000
    task.succeeded.connect(self._on_done)      # the function's result
    task.failed.connect(self._on_error)        # an EvidenceKitError (or any exception)
    task.start()
    ...
    task.cancel()                              # the function sees cancelled() == True

A function that makes several results (one per imported file) hands each one
over as soon as it exists with ``task.produce(value)``; the page receives it
through ``task.produced`` in the GUI thread.

The function receives ``progress(done, total)`` and ``cancelled()``; it must
not touch widgets.  Keep a reference to the task until it finishes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class _Runner(QThread):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


class Task(QObject):
    progressed = Signal(int)  # per mille
    succeeded = Signal(object)
    produced = Signal(object)  # intermediate results, in order (see produce)
    failed = Signal(object)
    finished = Signal()

    _running: set[Task] = set()  # keeps tasks alive until they finish

    def __init__(self, function: Callable[[ProgressFn, CancelledFn], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        self._cancel = threading.Event()
        self._thread = _Runner(self)
        self._last = -1

    def start(self) -> None:
        Task._running.add(self)
        self._thread.finished.connect(self._cleanup)
        self._thread.start()

    def produce(self, value: object) -> None:
        """Called from the task's function: deliver one result now, before the task ends."""
        self.produced.emit(value)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, ms: int = 60_000) -> bool:
        return bool(self._thread.wait(ms))

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def _progress(self, done: int, total: int) -> None:
        value = int(1000 * done / total) if total > 0 else 0
        value = max(0, min(1000, value))
        if value != self._last:
            self._last = value
            self.progressed.emit(value)

    def _run(self) -> None:
        try:
            result = self._function(self._progress, self._cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - reported to the page, which shows the message
            log.debug("task failed: %s", type(exc).__name__)
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)

    def _cleanup(self) -> None:
        self.finished.emit()
        Task._running.discard(self)
