"""Copying to the clipboard without leaving the case there: secrets vanish after 30 seconds, everything at lock."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

SECRET_LIFETIME_MS = 30_000


class SafeClipboard(QObject):
    """Remembers what the program put on the clipboard so it can take it back."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._owned: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)

    def copy(self, text: str, secret: bool = False, lifetime_ms: int = SECRET_LIFETIME_MS) -> None:
        QGuiApplication.clipboard().setText(text)
        self._owned = text
        if secret:
            self._timer.start(lifetime_ms)

    def clear(self) -> None:
        """Empty the clipboard if it still holds what we put there (never someone else's text)."""
        self._timer.stop()
        if self._owned is None:
            return
        clipboard = QGuiApplication.clipboard()
        if clipboard.text() == self._owned:
            clipboard.clear()
        self._owned = None

    @property
    def holds_ours(self) -> bool:
        return self._owned is not None and QGuiApplication.clipboard().text() == self._owned


_shared: SafeClipboard | None = None


def shared_clipboard() -> SafeClipboard:
    """One per application, so a quick exit can clear whatever any page copied."""
    global _shared
    if _shared is None:
        _shared = SafeClipboard(QGuiApplication.instance())
    return _shared
