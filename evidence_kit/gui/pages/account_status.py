"""The report → block → removed status of one scammer account, saved as the person ticks it.

Used by the accounts page and the report page.  The "blocked" box stays
disabled until evidence is linked to the account (screenshot before
blocking), with the reason shown; the core refuses it too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from evidence_kit.core.model import Account
from evidence_kit.gui import style
from evidence_kit.gui.pages.common import (
    Writer,
    button,
    checkbox,
    date_time_edit,
    guarded,
    iso_from_edit,
    line_edit,
    name,
    set_edit_from_iso,
    wrapping_label,
)
from evidence_kit.gui.session import Session
from evidence_kit.gui.widgets.keyboard import tab_leaves

if TYPE_CHECKING:
    from evidence_kit.core.case import Case


class AccountStatusBox(QWidget):
    changed = Signal(str)  # the account id whose status was saved

    def __init__(self, session: Session, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.account_id: str | None = None
        self._loading = False
        self._pending = False
        self.writer = Writer(session, self)
        self.writer.busy_changed.connect(self._write_finished)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(style.SPACE * 2)
        grid.setVerticalSpacing(style.SPACE)

        self.reported = checkbox(f"{prefix}_reported")
        self.reported_at = date_time_edit(f"{prefix}_reported_at")
        self.reference = line_edit(f"{prefix}_report_reference")
        self.blocked = checkbox(f"{prefix}_blocked")
        self.blocked_at = date_time_edit(f"{prefix}_blocked_at")
        self.block_reason = wrapping_label("muted")
        self.block_reason.setObjectName(f"{prefix}_block_reason")
        self.removed = checkbox(f"{prefix}_removed")
        self.removed_at = date_time_edit(f"{prefix}_removed_at")
        tab_leaves(self.reported_at, self.blocked_at, self.removed_at)  # one Tab per date, not one per part
        self.status = wrapping_label()
        self.status.setObjectName(f"{prefix}_status_message")
        self.order_question = self._build_order_question(prefix)

        grid.addWidget(self.reported, 0, 0)
        grid.addWidget(self.reported_at, 0, 1)
        grid.addWidget(self.reference, 0, 2)
        grid.addWidget(self.blocked, 1, 0)
        grid.addWidget(self.blocked_at, 1, 1)
        grid.addWidget(self.block_reason, 2, 0, 1, 3)
        grid.addWidget(self.order_question, 5, 0, 1, 3)
        grid.addWidget(self.removed, 3, 0)
        grid.addWidget(self.removed_at, 3, 1)
        grid.addWidget(self.status, 4, 0, 1, 3)
        grid.setColumnStretch(2, 1)

        self.blocked.toggled.connect(self._blocked_ticked)  # before the save: the question, once, if not reported
        for box in (self.reported, self.blocked, self.removed):
            box.toggled.connect(self._save)
        for edit in (self.reported_at, self.blocked_at, self.removed_at):
            edit.editingFinished.connect(self._save)
        self.reference.editingFinished.connect(self._save)
        self.retranslate()
        self.set_account(None)

    def _build_order_question(self, prefix: str) -> QWidget:
        """A gentle question, not a refusal: blocking is recorded as the person did it; they may undo it."""
        box = QFrame()
        box.setProperty("role", "warning")
        box.setObjectName(f"{prefix}_order_question")
        row = QHBoxLayout(box)
        row.setContentsMargins(style.SPACE, style.SPACE, style.SPACE, style.SPACE)
        self.order_text = wrapping_label()
        self.report_first_button = button(f"{prefix}_report_first")
        self.report_first_button.clicked.connect(self._report_first)
        self.keep_blocked_button = button(f"{prefix}_keep_blocked")
        self.keep_blocked_button.clicked.connect(lambda: self.order_question.setVisible(False))
        row.addWidget(self.order_text, 1)
        row.addWidget(self.report_first_button)
        row.addWidget(self.keep_blocked_button)
        box.setVisible(False)
        return box

    def _blocked_ticked(self, checked: bool) -> None:
        asked = self.session.report_first_asked
        if self._loading or not checked or self.reported.isChecked() or self.account_id in asked:
            return
        asked.add(self.account_id or "")  # the first time only, for each account
        self.order_question.setVisible(True)

    def _report_first(self) -> None:
        self.order_question.setVisible(False)
        self.blocked.setChecked(False)  # saved like any change
        self.reported.setFocus()

    def retranslate(self) -> None:
        t = self.session.t
        self.order_text.setText(t("pages.status.report_first_question"))
        self.report_first_button.setText(t("pages.status.report_first"))
        self.keep_blocked_button.setText(t("pages.status.keep_blocked"))
        self.reported.setText(t("pages.status.reported"))
        name(self.reported, t("pages.status.reported"))
        name(self.reported_at, t("pages.status.reported_at"))
        self.reference.setPlaceholderText(t("pages.status.reference_placeholder"))
        name(self.reference, t("pages.status.reference"))
        self.blocked.setText(t("pages.status.blocked"))
        name(self.blocked, t("pages.status.blocked"), t("pages.status.block_rule"))
        name(self.blocked_at, t("pages.status.blocked_at"))
        self.removed.setText(t("pages.status.removed"))
        name(self.removed, t("pages.status.removed"))
        name(self.removed_at, t("pages.status.removed_at"))
        name(self.block_reason, t("pages.status.block_rule"))
        self._update_block_reason()

    def _account(self) -> Account | None:
        case = self.session.case
        if case is None or self.account_id is None:
            return None
        return case.accounts.get(self.account_id)

    def set_account(self, account_id: str | None) -> None:
        """Show an account's status; None shows an empty, disabled box."""
        self.account_id = account_id
        self.status.clear()
        self.reload()

    def reload(self) -> None:
        account = self._account()
        self._loading = True
        try:
            enabled = account is not None
            for widget in (self.reported, self.removed, self.reference):
                widget.setEnabled(enabled)
            self.reported.setChecked(bool(account and account.reported_at))
            self.blocked.setChecked(bool(account and account.blocked_at))
            self.removed.setChecked(bool(account and account.removed_at))
            self.reference.setText(account.report_reference if account else "")
            set_edit_from_iso(self.reported_at, account.reported_at if account else "")
            set_edit_from_iso(self.blocked_at, account.blocked_at if account else "")
            set_edit_from_iso(self.removed_at, account.removed_at if account else "")
            self._update_enabled()
        finally:
            self._loading = False

    def can_block(self) -> bool:
        case = self.session.case
        if case is None or self.account_id is None:
            return False
        # The core's rule (Case.can_mark_blocked: evidence linked first), in one pass that stops at the first item.
        account_id = self.account_id
        return any(account_id in item.account_ids for item in case.items.values())

    def _update_enabled(self) -> None:
        allowed = self.can_block()
        # Already blocked stays untickable so the person can correct a mistake.
        self.blocked.setEnabled(allowed or self.blocked.isChecked())
        self.reported_at.setEnabled(self.reported.isChecked())
        self.blocked_at.setEnabled(self.blocked.isChecked())
        self.removed_at.setEnabled(self.removed.isChecked())
        self._update_block_reason()

    def _update_block_reason(self) -> None:
        blocked_refused = self.account_id is not None and not self.can_block() and not self.blocked.isChecked()
        self.block_reason.setVisible(blocked_refused)
        self.block_reason.setText(self.session.t("pages.status.block_rule"))

    def _save(self) -> None:
        if self._loading:
            return
        account = self._account()
        case = self.session.case
        if account is None or case is None:
            return

        def stamp(box: QCheckBox, edit: QDateTimeEdit, before: str) -> str:
            if not box.isChecked():
                return ""
            if not before and not edit.isEnabled():
                set_edit_from_iso(edit, "")  # just ticked: now, which the person can then correct
            return iso_from_edit(edit)

        if self.writer.busy:  # the change before this one is still being saved: this one follows it
            self._pending = True
            return
        status = {
            "reported_at": stamp(self.reported, self.reported_at, account.reported_at),
            "report_reference": self.reference.text().strip(),
            "blocked_at": stamp(self.blocked, self.blocked_at, account.blocked_at),
            "removed_at": stamp(self.removed, self.removed_at, account.removed_at),
        }
        if replace(account, **status) == account:
            self._update_enabled()
            return
        self.status.clear()
        account_id = account.id

        def write(c: Case) -> object:
            with c.transaction():  # the account as it is now, not as it was when the box was ticked
                return c.save_account(replace(c.accounts[account_id], **status))

        def saved(_result: object) -> None:
            self.changed.emit(account_id)
            self.session.notify("account")
            if not self._pending:  # else the boxes hold a newer change, saved next
                self.reload()

        if not guarded(self.writer, self.status, write, saved):
            self.reload()

    def _write_finished(self, busy: bool) -> None:
        if not busy and self._pending:
            self._pending = False
            self._save()
        elif not busy and self.status.property("role") == "error":
            self.reload()  # a refused change: the boxes show what is stored

    def set_status_message(self, text: str) -> None:
        self.status.setText(text)

    @property
    def reference_field(self) -> QLineEdit:
        return self.reference

    @property
    def reason_label(self) -> QLabel:
        return self.block_reason
