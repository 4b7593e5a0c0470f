"""What the window's pages share: the open case, the translator, the person's settings, and signals.

Pages receive the session they need (no global singletons); they read the case
through it and tell each other about changes through its signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from evidence_kit.core.case import Case
from evidence_kit.i18n import Register, Translator


class Session(QObject):
    case_opened = Signal()  # a case was created or opened
    case_closed = Signal()  # locked (quick exit, inactivity) or closed
    case_changed = Signal(str)  # a record changed: "item", "account", "payment", "event", "profile"
    language_changed = Signal()  # translator or register changed: pages call retranslate()
    busy_changed = Signal(bool)

    def __init__(self, translator: Translator | None = None, country: str = "FR") -> None:
        super().__init__()
        self.translator = translator or Translator()
        self.country = country
        self.case: Case | None = None

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
