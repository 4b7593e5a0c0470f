"""The list of wizard steps on the side, each marked done or to do; any enabled step can be chosen."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from evidence_kit.gui import deferred

DONE_MARK = "\u2713"  # ✓
TODO_MARK = "\u25cb"  # ○
# Qt.ItemDataRole values as numbers: item roles accept them, and the list is filled before the first
# paint, when the Qt namespace is not loaded yet (see evidence_kit.gui.deferred).
USER_ROLE = 256  # Qt.ItemDataRole.UserRole
ACCESSIBLE_TEXT_ROLE = 11  # Qt.ItemDataRole.AccessibleTextRole
FOREGROUND_ROLE = 9  # Qt.ItemDataRole.ForegroundRole
DISABLED_TEXT = "#9aa5b1"  # the style sheet's colour for a disabled step


class StepEntry(NamedTuple):
    step_id: str
    title: str
    done: bool
    enabled: bool
    status_text: str  # "done" / "to do", read by screen readers


class StepList(QListWidget):
    step_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("step_list")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.itemClicked.connect(self._activated)
        self._updating = False
        self._shown: tuple[list[StepEntry], str] = ([], "")
        deferred.later(self._finish_setup)

    def _finish_setup(self) -> None:
        from PySide6.QtCore import Qt

        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.set_steps(*self._shown)  # now with the real item flags

    def set_steps(self, entries: list[StepEntry], current: str) -> None:
        self._shown = (list(entries), current)
        self._updating = True
        try:
            if self.count() != len(entries):
                self.clear()
                for _ in entries:
                    self.addItem(QListWidgetItem())
            for row, entry in enumerate(entries):
                item = self.item(row)
                mark = DONE_MARK if entry.done else TODO_MARK
                item.setText(f"{mark}  {row + 1}. {entry.title}")
                item.setData(USER_ROLE, entry.step_id)
                item.setData(ACCESSIBLE_TEXT_ROLE, f"{row + 1}. {entry.title}, {entry.status_text}")
                item.setToolTip(entry.status_text)
                self._set_enabled(item, entry.enabled)
                if entry.step_id == current:
                    self.setCurrentRow(row)
        finally:
            self._updating = False

    @staticmethod
    def _set_enabled(item: QListWidgetItem, enabled: bool) -> None:
        if not deferred.ready():
            # Before the first paint: the disabled look only (setting flags needs the Qt namespace).
            item.setData(FOREGROUND_ROLE, None if enabled else QColor(DISABLED_TEXT))
            return
        from PySide6.QtCore import Qt

        item.setData(FOREGROUND_ROLE, None)
        item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled if enabled else Qt.ItemFlag.NoItemFlags)

    def step_at(self, row: int) -> str:
        item = self.item(row)
        return str(item.data(USER_ROLE)) if item else ""

    def _activated(self, item: QListWidgetItem) -> None:
        from PySide6.QtCore import Qt

        if not self._updating and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.step_chosen.emit(str(item.data(USER_ROLE)))

    def keyPressEvent(self, event):  # type: ignore[no-untyped-def]
        from PySide6.QtCore import Qt

        # Up/Down move the highlight; Enter or Space opens the step (keyboard-only use).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            item = self.currentItem()
            if item is not None:
                self._activated(item)
                return
        super().keyPressEvent(event)
