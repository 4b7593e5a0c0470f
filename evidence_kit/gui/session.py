"""What the window's pages share: the open case, the translator, the person's settings, and signals.

Pages receive the session they need (no global singletons); they read the case
through it and tell each other about changes through its signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from evidence_kit.gui.settings import Settings
from evidence_kit.i18n import Register, Translator

if TYPE_CHECKING:  # the core (cryptography, Pillow) loads after the first page is shown
    from evidence_kit.core.case import Case


class Session(QObject):
    case_opened = Signal()  # a case was created or opened
    case_closed = Signal()  # locked (quick exit, inactivity) or closed
    case_changed = Signal(str)  # a record changed: "item", "account", "payment", "event", "profile"
    language_changed = Signal()  # translator or register changed: pages call retranslate()
    busy_changed = Signal(bool)

    def __init__(
        self, translator: Translator | None = None, country: str = "FR", settings: Settings | None = None
    ) -> None:
        super().__init__()
        self.translator = translator or Translator()
        self.country = country
        self.settings = settings or Settings()  # not saved unless the window saves it
        # Thread-safe: the core serialises its commits; pages write through ``workers.Writer``, never
        # in the GUI thread, and several writes that must follow each other go in ``case.transaction()``.
        self.case: Case | None = None
        self.report_first_asked: set[str] = set()  # accounts whose block came before a report: asked once

    def t(self, key: str, n: int | float | None = None, **params: object) -> str:
        return self.translator(key, n, **params)

    def set_language(self, lang: str) -> None:
        if lang != self.translator.lang:
            self.translator = self.translator.with_language(lang)
            self.language_changed.emit()

    def set_register(self, register: Register) -> None:
        if register != self.translator.register:
            self.translator = self.translator.with_register(register)
            self.language_changed.emit()

    def set_case(self, case: Case | None) -> None:
        if self.case is not None and self.case is not case:
            self.case.close()
        self.case = case
        (self.case_opened if case is not None else self.case_closed).emit()

    def lock(self) -> None:
        """Forget the keys at once (quick exit, auto-lock)."""
        if self.case is not None:
            self.case.close()
            self.case = None
            self.case_closed.emit()

    def notify(self, what: str) -> None:
        self.case_changed.emit(what)


def usable_from_any_thread(case: Case) -> Case:
    """Let a case opened in a worker thread be closed from the GUI thread.

    Workaround: the core's case lock is a ``filelock.FileLock`` whose state is
    thread-local by default, so a lock taken in a worker thread cannot be
    released by ``close()`` in the GUI thread (the case would stay "busy"
    until the program ends).  Here, still in the worker thread, the lock is
    handed over to an equivalent lock that is not bound to a thread.  Nothing
    to do once the core creates its lock with ``thread_local=False``.
    """
    lock = getattr(case, "_lock", None)
    is_thread_local = getattr(lock, "is_thread_local", None)
    if lock is None or is_thread_local is None or not is_thread_local():
        return case
    from filelock import FileLock, Timeout

    from evidence_kit.core.errors import CaseBusy

    shared = FileLock(lock.lock_file, thread_local=False)
    lock.release(force=True)
    try:
        shared.acquire(timeout=0)
    except Timeout:
        case.close()
        raise CaseBusy() from None
    case._lock = shared
    return case
