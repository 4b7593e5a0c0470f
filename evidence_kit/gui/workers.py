"""Long work off the GUI thread: a task runs in a QThread, reports progress, can be cancelled.

Usage from a page::

    task = Task(lambda progress, cancelled: case.verify(progress=progress, cancel=cancelled), owner=session)
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
not touch widgets.  Every public signal is emitted in the GUI thread, in the
order the worker produced its values.

``owner`` (the session) groups the tasks of one window: ``Task.running(owner)``
lists them, ``Task.stop(owner)`` cancels and waits for them when the window
locks or closes.  A task whose page is gone is ``detach``-ed: nothing is
delivered any more, and a result nobody will receive is handed to ``discard``
(e.g. a case opened in the background is closed again, so its lock and keys
do not linger).
"""

from __future__ import annotations

import gc
import itertools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

log = logging.getLogger(__name__)

_gc_timer: QTimer | None = None


def collect_garbage_in_gui_thread(app: QObject, interval_ms: int = 2000) -> None:
    """Run Python's cyclic garbage collector only in the GUI thread.

    Left automatic, a collection may start in a worker thread and destroy Qt
    objects there, which Qt forbids (a QObject is destroyed in its own thread).
    The crash first blamed on this (a segfault during an export) was most likely
    PySide6 6.12.0's lost references to None: with 6.11.3, six runs of the GUI
    tests with automatic collection in every thread did not crash.  The rule is
    kept for Qt's own reason.  Reference counting still frees almost everything
    at once; cycles are collected by a timer in the GUI thread.
    """
    global _gc_timer
    if _gc_timer is not None:
        return
    gc.disable()
    ticks = itertools.count(1)

    def collect() -> None:
        # The young generations every tick (a few ms); the whole heap, which can stall the window for tens of
        # milliseconds in a large vault, once a minute.
        gc.collect(2 if next(ticks) % FULL_COLLECTION_EVERY == 0 else 1)

    _gc_timer = QTimer(app)
    _gc_timer.setInterval(interval_ms)
    _gc_timer.timeout.connect(collect)
    _gc_timer.start()


FULL_COLLECTION_EVERY = 30  # ticks of the collection timer


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

    # Emitted by the worker thread; delivered to this object's slots in the GUI thread (queued).
    _raw_progress = Signal(int)
    _raw_produced = Signal(object)
    _raw_done = Signal(bool, object)

    _running: set[Task] = set()  # keeps tasks alive until their thread has finished

    def __init__(
        self,
        function: Callable[[ProgressFn, CancelledFn], Any],
        parent: QObject | None = None,
        owner: object | None = None,
        discard: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._function = function
        self.owner = owner
        self._discard = discard
        self._cancel = threading.Event()
        self._thread = _Runner(self)
        self._last = -1
        self._detached = False
        self._raw_progress.connect(self._deliver_progress)
        self._raw_produced.connect(self._deliver_produced)
        self._raw_done.connect(self._deliver_done)

    # --- API for pages ---------------------------------------------------------------

    def start(self) -> None:
        Task._running.add(self)
        self._thread.finished.connect(self._cleanup)
        self._thread.start()

    def produce(self, value: object) -> None:
        """Called from the task's function: deliver one result now, before the task ends."""
        self._raw_produced.emit(value)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, ms: int = 60_000) -> bool:
        return bool(self._thread.wait(max(0, int(ms))))

    def is_running(self) -> bool:
        return self in Task._running and not self._thread.isFinished()

    def detach(self) -> None:
        """Deliver nothing more (the page is going away); a late result goes to ``discard``."""
        self._detached = True

    # --- groups of tasks -----------------------------------------------------------------

    @classmethod
    def running(cls, owner: object | None = None) -> list[Task]:
        """Tasks not finished yet; only those of ``owner`` when given."""
        return [t for t in list(cls._running) if t.is_running() and (owner is None or t.owner is owner)]

    @classmethod
    def stop(cls, owner: object | None = None, wait_ms: int = 3000, detach: bool = False) -> bool:
        """Cancel the tasks (of ``owner``), wait up to ``wait_ms`` in total; True when all have ended.

        With ``detach``, whatever they still deliver afterwards is dropped (their pages are closing).
        """
        tasks = cls.running(owner)
        for task in tasks:
            task.cancel()
            if detach:
                task.detach()
        deadline = time.monotonic() + wait_ms / 1000
        for task in tasks:
            task.wait(int(max(0.0, deadline - time.monotonic()) * 1000))
        return not any(task.is_running() for task in tasks)

    # --- worker thread ----------------------------------------------------------------------

    def _progress(self, done: int, total: int) -> None:
        value = int(1000 * done / total) if total > 0 else 0
        value = max(0, min(1000, value))
        if value != self._last:
            self._last = value
            self._raw_progress.emit(value)

    def _run(self) -> None:
        try:
            result = self._function(self._progress, self._cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - reported to the page, which shows the message
            log.debug("task failed: %s", type(exc).__name__)
            self._raw_done.emit(False, exc)
        else:
            self._raw_done.emit(True, result)

    # --- GUI thread ------------------------------------------------------------------------------

    def _deliver_progress(self, value: int) -> None:
        if not self._detached:
            self.progressed.emit(value)

    def _deliver_produced(self, value: object) -> None:
        if not self._detached:
            self.produced.emit(value)

    def _deliver_done(self, ok: bool, value: object) -> None:
        if self._detached:
            if ok:
                self._drop(value)
            return
        (self.succeeded if ok else self.failed).emit(value)

    def _drop(self, value: object) -> None:
        if self._discard is None:
            return
        try:
            self._discard(value)
        except Exception:  # noqa: BLE001 - nobody is left to tell; the log keeps the kind only
            log.warning("discarding a task result failed")

    def _cleanup(self) -> None:
        if not self._detached:
            self.finished.emit()
        Task._running.discard(self)


def close_unclaimed_case(result: object) -> None:
    """``discard`` for tasks that open or create a case: nobody took it, so close it (lock and keys go)."""
    case = result[0] if isinstance(result, tuple) and result else result
    close = getattr(case, "close", None)
    if callable(close):
        close()


class Writer(QObject):
    """A page's writes to the case, run off the GUI thread one at a time, each reporting back.

    The core serialises commits (``Case`` holds its one write lock only while committing), so the GUI
    thread never waits on it: a page hands ``run`` the write and what to do with its result (or with
    its error), both called in the GUI thread.  A form's save asked while one is in flight is refused
    (``run`` returns False): a double click saves once.  Small changes made in a row (ticking several
    boxes) pass ``queue=True`` and run one after the other.  ``busy_changed`` follows the writes.
    """

    busy_changed = Signal(bool)

    def __init__(self, session: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.task: Task | None = None
        self._queue: list[tuple[Callable[[Any], Any], Callable[[Any], None], Callable[[BaseException], None]]] = []

    @property
    def busy(self) -> bool:
        return self.task is not None

    def run(
        self,
        action: Callable[[Any], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        queue: bool = False,
    ) -> bool:
        """Start ``action(case)`` in a worker thread; False (nothing started) when busy or no case is open."""
        if self.session.case is None:
            return False
        if self.task is not None:
            if not queue:
                return False
            self._queue.append((action, on_done, on_error))
            return True
        self._start(action, on_done, on_error)
        self.busy_changed.emit(True)
        return True

    def _start(
        self,
        action: Callable[[Any], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        case = self.session.case
        task = Task(lambda _progress, _cancelled: action(case), owner=self.session)
        task.succeeded.connect(on_done)
        task.failed.connect(on_error)
        task.finished.connect(self._finished)
        self.task = task
        task.start()

    def wait(self, ms: int = 10_000) -> bool:
        """Tests and shutdown: wait for the write in flight (its callbacks come with the next events)."""
        return self.task.wait(ms) if self.task is not None else True

    def _finished(self) -> None:
        self.task = None
        if self._queue and self.session.case is not None:
            self._start(*self._queue.pop(0))
            return
        self._queue.clear()
        self.busy_changed.emit(False)
