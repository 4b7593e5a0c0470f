"""A passphrase field with a show/hide button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget


class PassphraseField(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_button = QPushButton()
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._toggle)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.show_button)
        self.setFocusProxy(self.edit)
        self._texts = ("Show", "Hide")

    def retranslate(self, t: object, accessible_name: str) -> None:
        self._texts = (t("gui.passphrase.show"), t("gui.passphrase.hide"))  # type: ignore[operator]
        self.edit.setAccessibleName(accessible_name)
        self.show_button.setAccessibleName(t("gui.passphrase.show_a11y"))  # type: ignore[operator]
        self._toggle(self.show_button.isChecked())

    def _toggle(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_button.setText(self._texts[1] if shown else self._texts[0])

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt style, like QLineEdit
        self.edit.setText(text)

    def clear(self) -> None:
        self.edit.clear()
        self.show_button.setChecked(False)
