"""The window's screenshot reader: reads the text of each new picture in a worker thread, one at a time.

Every picture captured, imported, pasted or received from the phone is read
once the burst of changes that brought it has settled (``QUIET_MS``), queued,
one item per background task; the engine (its models loaded once in the
worker) is the process's shared instance. An item marked intimate, or recorded
by its fingerprint only, is never read; one marked intimate while it was being
read has its reading dropped. Locking the case cancels a reading in flight.

The capture page creates one with a single line (``attach(self)``), which also
puts the "Text read from this picture" section in its item panel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from evidence_kit.gui.session import Session
from evidence_kit.gui.workers import Task

log = logging.getLogger(__name__)

QUIET_MS = 1_500  # an import of many files settles first: reading competes with it for the processor
OPENED_MS = 3_000  # a case just opened: its pages are filled first, then what was never read is read


class ReadingRunner(QObject):
    """Reads the case's unread pictures in the background and tells the page what it is doing.

    ``state(item_id)``: "reading", "queued", "stopped" (the person stopped the reading before it),
    "failed" (``error(item_id)`` says why) or "" (read, or nothing to do).
    """

    changed = Signal()  # progress, queue or state changed
    item_read = Signal(str)  # an item's reading was saved (GUI thread)

    def __init__(
        self, session: Session, parent: QObject | None = None, engine: Any = None, engine_name: str | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.engine = engine  # None: the shared instance of the default engine, loaded in the worker
        self._engine_name = engine_name or (engine.name if engine is not None else "")
        self.task: Task | None = None
        self.current = ""  # the item being read
        self.done = 0  # read in this run of the queue
        self.total = 0
        self.stopped: set[str] = set()  # left unread because the person stopped the reading
        self.errors: dict[str, str] = {}  # item id -> why it could not be read (not tried again while open)
        self.unavailable = ""  # the engine cannot run here: said once, nothing more is tried
        self.preferred = ""  # the item the person is looking at: read before the others
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._next)
        session.case_opened.connect(lambda: self.schedule(OPENED_MS))
        session.case_changed.connect(self._case_changed)
        session.case_closed.connect(self._case_closed)
        if session.case is not None:
            self.schedule(OPENED_MS)

    # --- what to read ------------------------------------------------------------------

    @property
    def engine_name(self) -> str:
        if not self._engine_name:
            from evidence_kit.ocr.engine import DEFAULT_ENGINE

            self._engine_name = DEFAULT_ENGINE
        return self._engine_name

    def pending(self) -> list[str]:
        """Items that may be read, have no reading by this engine, and were neither stopped nor failed."""
        case = self.session.case
        if case is None or case.closed:
            return []
        from evidence_kit.ocr.reading import pending_items

        skip = self.stopped | set(self.errors) | {self.current}
        return [item.id for item in pending_items(case, self.engine_name) if item.id not in skip]

    def schedule(self, delay_ms: int = QUIET_MS) -> None:
        """Look for unread pictures a little later (a burst of changes is taken as one)."""
        if self.session.case is None or self.unavailable:
            return
        if not self.timer.isActive() or self.timer.remainingTime() > delay_ms:
            self.timer.start(delay_ms)

    def read_now(self, item_ids: list[str]) -> None:
        """The person asks for these items (after stopping the reading, or after a failure)."""
        for item_id in item_ids:
            self.stopped.discard(item_id)
            self.errors.pop(item_id, None)
        self.unavailable = ""
        self.schedule(0)
        self.changed.emit()

    def stop(self) -> None:
        """The person stops: the reading in flight is cancelled; what waited stays unread until asked again."""
        self.timer.stop()
        self.stopped.update(self.pending())
        if self.task is not None:
            self.stopped.add(self.current)
            self.task.cancel()
        self.changed.emit()

    def prefer(self, item_id: str) -> None:
        """Read this item next when it waits (the one shown in the panel)."""
        self.preferred = item_id

    def state(self, item_id: str) -> str:
        if item_id == self.current and self.task is not None:
            return "reading"
        if item_id in self.errors:
            return "failed"
        if item_id in self.stopped:
            return "stopped"
        return ""

    def error(self, item_id: str) -> str:
        return self.errors.get(item_id, "") or self.unavailable

    @property
    def busy(self) -> bool:
        return self.task is not None

    # --- the queue, one item at a time ---------------------------------------------------

    def _case_changed(self, what: str) -> None:
        if what == "item":
            self.schedule()

    def _next(self) -> None:
        case = self.session.case
        if case is None or case.closed or self.task is not None or self.unavailable:
            return
        queue = self.pending()
        if not queue:
            self.done = self.total = 0
            self.changed.emit()
            return
        if not self.total:
            self.done = 0
        self.total = self.done + len(queue)
        item_id = self.current = self.preferred if self.preferred in queue else queue[0]
        engine, name = self.engine, self.engine_name

        def run(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            return read_one(case, item_id, engine, name, cancelled)

        task = Task(run, owner=self.session)
        task.succeeded.connect(self._read)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self.task = task
        self.changed.emit()
        task.start()

    def _read(self, reading: Any) -> None:
        if reading is not None:
            self.item_read.emit(reading.item_id)

    def _failed(self, exc: BaseException) -> None:
        from evidence_kit.core.errors import Cancelled
        from evidence_kit.gui.widgets.unlock_dialog import error_text
        from evidence_kit.ocr.engine import OcrUnavailable

        if isinstance(exc, Cancelled):
            return
        text = error_text(self.session, exc)
        log.info("reading a picture failed: %s", type(exc).__name__)
        if isinstance(exc, OcrUnavailable):
            self.unavailable = text
        else:
            self.errors[self.current] = text

    def _finished(self) -> None:
        self.task = None
        self.current = ""
        self.done += 1
        self.changed.emit()
        self._next()

    def _case_closed(self) -> None:
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()
            self.task.detach()  # its thread ends on its own; nothing it finishes is delivered or saved
            self.task = None
        self.current = ""
        self.done = self.total = 0
        self.stopped.clear()
        self.errors.clear()
        self.changed.emit()


def read_one(case: Any, item_id: str, engine: Any, engine_name: str, cancelled: Callable[[], bool]) -> Any:
    """Worker side: read one item, then keep the reading unless cancelled or the item became intimate meanwhile."""
    from evidence_kit.core.errors import Cancelled
    from evidence_kit.ocr.engine import get_engine
    from evidence_kit.ocr.reading import read_item, refusal, save_reading

    if cancelled():
        raise Cancelled()
    engine = engine or get_engine(engine_name)
    reading = read_item(case, item_id, engine, save=False)
    if cancelled() or case.closed:
        raise Cancelled()
    with case.transaction():  # the item is checked again and the reading saved with nothing in between
        if cancelled() or case.closed:
            raise Cancelled()
        item = case.item(item_id)
        if refusal(item, case) or item.sha256 != reading.item_sha256:
            return None  # marked intimate while it was read: what was read is forgotten
        save_reading(case, reading)
    return reading


def anchor_text_of(page: Any) -> Callable[[str], str]:
    """The window's "existed no later than…" line for an item, through its timestamp sender (when it has one)."""

    connected: list[Any] = []

    def text(item_id: str) -> str:
        runner = getattr(page.window(), "anchoring", None)
        if runner is not None and runner not in connected:
            connected.append(runner)  # the line follows each new timestamp
            runner.anchored.connect(lambda _anchors: page.item_panel.refresh_anchor())
        try:
            return str(runner.item_text(item_id)) if runner is not None else ""
        except Exception:  # noqa: BLE001 - a timestamp record that does not read is reported by verify
            log.warning("the timestamp of an item could not be read")
            return ""

    return text


def attach(page: Any) -> ReadingRunner:
    """Give the capture page its reader and the item panel its "text read" section and timestamp line."""
    from evidence_kit.gui.widgets.reading_review import ReadingSection

    runner = ReadingRunner(page.session, parent=page)
    section = ReadingSection(page.session, runner)
    page.item_panel.add_reading(section, anchor_text_of(page))
    return runner
