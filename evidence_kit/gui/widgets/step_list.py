"""The list of wizard steps on the side, each marked done or to do; any enabled step can be chosen."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

DONE_MARK = "\u2713"  # ✓
TODO_MARK = "\u25cb"  # ○


@dataclass(frozen=True)
class StepEntry:
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
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.itemClicked.connect(self._activated)
        self._updating = False

    def set_steps(self, entries: list[StepEntry], current: str) -> None:
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
                item.setData(Qt.ItemDataRole.UserRole, entry.step_id)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{row + 1}. {entry.title}, {entry.status_text}")
                item.setToolTip(entry.status_text)
                flags = (
                    Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                    if entry.enabled
                    else Qt.ItemFlag.NoItemFlags
                )
                item.setFlags(flags)
                if entry.step_id == current:
                    self.setCurrentRow(row)
        finally:
            self._updating = False

    def step_at(self, row: int) -> str:
        item = self.item(row)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def _activated(self, item: QListWidgetItem) -> None:
        if not self._updating and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.step_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def keyPressEvent(self, event):  # type: ignore[no-untyped-def]
        # Up/Down move the highlight; Enter or Space opens the step (keyboard-only use).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            item = self.currentItem()
            if item is not None:
                self._activated(item)
                return
        super().keyPressEvent(event)
