"""Asks for the passphrase (or the recovery code) again after the case was locked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.gui import style
from evidence_kit.gui.session import Session, usable_from_any_thread
from evidence_kit.gui.widgets.passphrase_field import PassphraseField
from evidence_kit.gui.workers import Task, close_unclaimed_case


def error_text(session: Session, exc: BaseException) -> str:
    from evidence_kit.core.errors import EvidenceKitError

    if isinstance(exc, EvidenceKitError):
        return exc.message(session.translator)
    return session.t("error.generic")


def open_case_task(session: Session, folder: Path, secret: str, *, recovery: bool) -> Task:
    """A task (not started) that opens a case with its passphrase or recovery code, off the GUI thread.

    Argon2 takes about half a second on purpose; a case nobody claims (the window was closed meanwhile)
    is closed again.
    """
    from evidence_kit.core.case import Case

    def run(_progress, _cancelled):  # type: ignore[no-untyped-def]
        case = Case.open(folder, recovery_code=secret) if recovery else Case.open(folder, passphrase=secret)
        return usable_from_any_thread(case)

    return Task(run, owner=session, discard=close_unclaimed_case)


class UnlockDialog(QDialog):
    unlocked = Signal(object)  # the open Case

    def __init__(self, session: Session, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_dialog")
        self.session = session
        self.folder = Path(folder)
        self.task: Task | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.field = PassphraseField()
        self.use_recovery = QCheckBox()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "muted")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.intro)
        layout.addWidget(self.field)
        layout.addWidget(self.use_recovery)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.use_recovery.toggled.connect(lambda _on: self.retranslate())
        self.retranslate()
        self.field.setFocus()

    def retranslate(self) -> None:
        t = self.session.t
        self.setWindowTitle(t("gui.unlock.title"))
        self.intro.setText(t("gui.unlock.intro"))
        recovery = self.use_recovery.isChecked()
        self.field.retranslate(t, t("gui.unlock.recovery_a11y" if recovery else "gui.unlock.passphrase_a11y"))
        self.use_recovery.setText(t("gui.unlock.use_recovery"))
        self.use_recovery.setAccessibleName(t("gui.unlock.use_recovery"))

    def try_unlock(self) -> None:
        if self.task is not None:
            return
        secret = self.field.text()
        if not secret:
            style.set_role(self.error, "error")
            self.error.setText(self.session.t("gui.unlock.empty"))
            return
        task = open_case_task(self.session, self.folder, secret, recovery=self.use_recovery.isChecked())
        task.succeeded.connect(self._opened)
        task.failed.connect(self._failed)
        self.task = task
        self.buttons.setEnabled(False)
        style.set_role(self.error, "muted")
        self.error.setText(self.session.t("gui.unlock.opening"))
        task.start()

    def _opened(self, case: object) -> None:
        self.task = None
        self.field.clear()
        self.unlocked.emit(case)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.buttons.setEnabled(True)
        style.set_role(self.error, "error")
        self.error.setText(error_text(self.session, exc))
        self.field.edit.selectAll()
        self.field.setFocus()
