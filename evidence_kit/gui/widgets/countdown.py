"""Hides the window, counts down in a small corner badge, hides the badge, then calls back to capture."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

from evidence_kit.gui import style

SETTLE_MS = 350  # time for the system to really take the window off the screen


class CountdownBadge(QLabel):
    """A frameless, always-on-top number in the corner of the main screen."""

    def __init__(self) -> None:
        super().__init__(
            None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.Tool
        )
        self.setObjectName("countdown_badge")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(
            f"background: {style.PALETTE.accent}; color: white; border-radius: 10px;"
            f" font-size: {style.base_point_size() * 2.4:.0f}pt; font-weight: 600; padding: 8px;"
        )
        self.setFixedSize(120, 80)

    def place(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.right() - self.width() - 24, area.top() + 24)


class CaptureSequence(QObject):
    """window.hide() → countdown → badge hidden → short pause → grab → window back."""

    def __init__(self, window: QWidget, seconds: int, grab: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.remaining = max(0, min(10, seconds))
        self.grab = grab
        self.badge = CountdownBadge()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.cancelled = False

    def start(self) -> None:
        self.window.hide()
        if self.remaining > 0:
            self.badge.setText(str(self.remaining))
            self.badge.place()
            self.badge.show()
            self.timer.start()
        else:
            QTimer.singleShot(SETTLE_MS, self._shoot)

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self.badge.setText(str(self.remaining))
            return
        self.timer.stop()
        self.badge.hide()
        QTimer.singleShot(SETTLE_MS, self._shoot)

    def cancel(self) -> None:
        self.cancelled = True
        self.timer.stop()
        self.badge.hide()

    def _shoot(self) -> None:
        self.badge.close()
        if self.cancelled:
            return
        try:
            self.grab()
        finally:
            self.window.show()
            self.window.raise_()
            self.window.activateWindow()
