"""A SHA-256 shown in full, selectable, with a button that copies it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from evidence_kit.gui.widgets.clipboard import shared_clipboard


class HashLabel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setProperty("role", "hash")
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self._value = ""

    def set_hash(self, value: str) -> None:
        self._value = value
        # Groups of 8 are easier to compare by eye and wrap cleanly; the copy is the plain value.
        self.label.setText(" ".join(value[i : i + 8] for i in range(0, len(value), 8)))
        self.copy_button.setEnabled(bool(value))

    def value(self) -> str:
        return self._value

    def retranslate(self, t: object) -> None:
        self.copy_button.setText(t("gui.hash.copy"))  # type: ignore[operator]
        self.copy_button.setAccessibleName(t("gui.hash.copy_a11y"))  # type: ignore[operator]
        self.label.setAccessibleName(t("gui.hash.a11y"))  # type: ignore[operator]

    def copy(self) -> None:
        if self._value:
            shared_clipboard().copy(self._value)
