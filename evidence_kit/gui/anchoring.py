"""The window's trusted-timestamp sender: runs the waiting requests in a worker thread, never the GUI thread.

It wakes when a case is opened (the queue left by an earlier session or
offline time), a while after each change (at most one request a minute), when
Qt says the network came back, and on a slowing retry timer while requests
wait.  Texts for the window: ``status_text()`` and ``item_text(item_id)``.

The window creates one (see ``AnchorRunner``'s docstring for the hook).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from evidence_kit.gui.session import Session
from evidence_kit.gui.workers import Task

log = logging.getLogger(__name__)

MIN_INTERVAL = dt.timedelta(minutes=1)
QUIET_MS = 5_000  # wait for a burst of changes (an import of many files) to settle before asking
FIRST_RETRY_MS = 60_000
LAST_RETRY_MS = 15 * 60_000


class AnchorRunner(QObject):
    """Sends the custody log's head to the timestamping authorities in the background.

    Hook in the main window (3 lines)::

        from evidence_kit.gui.anchoring import AnchorRunner
        self.anchoring = AnchorRunner(self.session, parent=self)
        self.anchoring.status_changed.connect(self.statusBar().showMessage)
    """

    status_changed = Signal(str)  # a line for the status bar (anchored up to…, or n requests waiting: why)
    anchored = Signal(object)  # the list of new Anchor records, in the GUI thread

    def __init__(
        self,
        session: Session,
        parent: QObject | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        timeout: float = 20.0,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock or _system_clock  # the anchoring package loads when a vault first needs it
        self.timeout = timeout
        self.task: Task | None = None
        self._last_attempt: dt.datetime | None = None  # failed attempts count too: a refusing authority is not pressed
        self._retry_ms = FIRST_RETRY_MS
        self._force_next = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.send_now)
        self._network_watched = False
        session.case_opened.connect(self._case_opened)
        session.case_changed.connect(lambda _what: self.schedule())
        session.case_closed.connect(self._case_closed)

    def _case_opened(self) -> None:
        if not self._network_watched:  # Qt's network backend loads once a vault is open, not at start-up
            self._network_watched = True
            self._watch_network()
        self.schedule(QUIET_MS // 5, force=True)

    # --- when to send ----------------------------------------------------------------------

    def schedule(self, delay_ms: int | None = None, force: bool = False) -> None:
        """Send a little later; never sooner than the once-a-minute limit allows (unless forced)."""
        case = self.session.case
        if case is None or case.closed or not self._enabled(case):
            return
        self._force_next = self._force_next or force
        wait = QUIET_MS if delay_ms is None else delay_ms
        if not self._force_next:
            from evidence_kit.anchoring import next_due

            now = self.clock()
            due = next_due(case, self.clock)
            if self._last_attempt is not None and self._last_attempt <= now:
                due = max(due or now, self._last_attempt + MIN_INTERVAL)
            if due is not None:
                wait = max(wait, int((due - now).total_seconds() * 1000) + 100)
        if not self.timer.isActive() or self.timer.remainingTime() > wait:
            self.timer.start(wait)

    def send_now(self) -> None:
        case = self.session.case
        if case is None or case.closed or self.task is not None or not self._enabled(case):
            return
        from evidence_kit.anchoring import send_waiting, waiting

        if not waiting(case):
            self._force_next = False
            self._publish()
            return
        force, self._force_next = self._force_next, False
        clock, timeout = self.clock, self.timeout
        self._last_attempt = clock()

        def run(_progress: Any, cancelled: Callable[[], bool]) -> Any:
            return send_waiting(case, clock, force=force, timeout=timeout, cancelled=cancelled)

        task = Task(run, owner=self.session)
        task.succeeded.connect(self._sent)
        task.failed.connect(self._failed)
        self.task = task
        task.start()

    # --- results (GUI thread) ------------------------------------------------------------------

    def _sent(self, report: Any) -> None:
        self.task = None
        if report.anchored:
            self.anchored.emit(list(report.anchored))
        if report.deferred_until is not None:
            self.schedule()
        elif report.waiting:
            self.timer.start(self._retry_ms)  # offline or refused: try again later, less and less often
            self._retry_ms = min(self._retry_ms * 2, LAST_RETRY_MS)
        else:
            self._retry_ms = FIRST_RETRY_MS
        self._publish()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        log.info("background timestamping failed: %s", type(exc).__name__)
        if self.session.case is not None:
            self.timer.start(self._retry_ms)
            self._retry_ms = min(self._retry_ms * 2, LAST_RETRY_MS)

    def _case_closed(self) -> None:
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()
            self.task.detach()
            self.task = None
        self._retry_ms = FIRST_RETRY_MS
        self._last_attempt = None
        self.status_changed.emit("")

    def _watch_network(self) -> None:
        """Retry at once when Qt reports the network reachable again (where the platform can tell)."""
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if not QNetworkInformation.loadDefaultBackend():
                return
            info = QNetworkInformation.instance()
            if info is None:
                return
            online = QNetworkInformation.Reachability.Online

            def changed(reachability: Any) -> None:
                if reachability == online:
                    self.schedule(QUIET_MS // 5, force=True)

            info.reachabilityChanged.connect(changed)
        except (ImportError, AttributeError, RuntimeError):
            log.debug("no network information backend")

    # --- texts ---------------------------------------------------------------------------------

    @staticmethod
    def _enabled(case: Any) -> bool:
        from evidence_kit.anchoring import settings_of

        return settings_of(case).enabled

    def status_text(self) -> str:
        case = self.session.case
        if case is None or case.closed or not self._enabled(case):
            return ""
        from evidence_kit.anchoring import anchors_for_case, waiting

        queue = waiting(case)
        t = self.session.t
        if queue:
            reasons = sorted({w.reason for w in queue if w.reason})
            reason = t("anchor.reason." + reasons[0]) if reasons else t("gui.anchoring.item_waiting")
            return t("gui.anchoring.status_waiting", n=len(queue), reason=reason)
        anchors = anchors_for_case(case)
        if not anchors:
            return ""
        last = anchors[-1]
        return t("gui.anchoring.status_done", time=_local(last.gen_time), authority=last.authority_name)

    def item_text(self, item_id: str) -> str:
        """ "Existed no later than … (timestamp: …)" for an item, or that its timestamp waits; "" when off."""
        case = self.session.case
        if case is None or case.closed or not self._enabled(case):
            return ""
        from evidence_kit.anchoring import earliest_anchor

        anchor = earliest_anchor(case, item_id)
        if anchor is None:
            return self.session.t("gui.anchoring.item_waiting")
        return self.session.t(
            "gui.anchoring.item_anchored", time=_local(anchor.gen_time), authority=anchor.authority_name
        )

    def _publish(self) -> None:
        self.status_changed.emit(self.status_text())


def _local(utc_text: str) -> str:
    moment = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    return moment.astimezone().isoformat(sep=" ", timespec="seconds")


def _system_clock() -> dt.datetime:
    from evidence_kit.anchoring import system_clock

    return system_clock()
