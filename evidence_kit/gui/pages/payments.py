"""Step 5: every demand for money and every payment, with where the money was to go."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.core.model import AccountOwner, Payment, PaymentKind, PaymentMethod
from evidence_kit.gui import style
from evidence_kit.gui.pages.accounts import account_label
from evidence_kit.gui.pages.base import Page
from evidence_kit.gui.pages.common import (
    Writer,
    button,
    card,
    checkbox,
    date_time_edit,
    fill_combo,
    form_layout,
    guarded,
    iso_from_edit,
    line_edit,
    name,
    select_data,
    set_edit_from_iso,
    short_date,
    wrapping_label,
)
from evidence_kit.gui.session import Session

CURRENCIES = ("EUR", "USD", "CHF", "CAD", "GBP", "XOF", "BTC", "ETH", "USDT")
# Paid this way, the money is gone fast and cannot be called back: the person needs to act at once.
HARD_TO_RECOVER = (PaymentMethod.COUPON, PaymentMethod.CRYPTO, PaymentMethod.GIFT_CARD)
_IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9 ]{8,}$")
COLUMNS = ("date", "kind", "amount", "method", "destination", "paid")


class AmountError(ValueError):
    pass


def parse_amount(text: str) -> str:
    """A money amount as typed in France or elsewhere (1 234,50 · 1,234.50 · 50) → "1234.50"; "" stays ""."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    cleaned = cleaned.rstrip("€$£").lstrip("€$£")
    if not cleaned:
        return ""
    if "," in cleaned and "." in cleaned:
        # The last separator is the decimal one; the other groups thousands.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", cleaned):
        raise AmountError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError(text) from None
    return str(value)


@dataclass(frozen=True)
class IbanCheck:
    looks_like_iban: bool
    valid: bool
    formatted: str = ""


def check_iban(text: str) -> IbanCheck:
    """Whether a destination is an IBAN, and whether its check digits hold (schwifty)."""
    compact = text.strip().upper()
    if not _IBAN_SHAPE.match(compact):
        return IbanCheck(False, False)
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        iban = IBAN(compact)
    except SchwiftyException:
        return IbanCheck(True, False)
    return IbanCheck(True, True, iban.formatted)


class PaymentsPage(Page):
    step_id = "payments"
    title_key = "gui.step.payments"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.writer = Writer(session, self)
        self.current_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE * 2)
        self.lead = wrapping_label("lead")
        layout.addWidget(self.lead)

        self.paid_warning, warning_layout = card("warning")
        self.paid_warning.setObjectName("paid_warning")
        self.paid_warning_title = wrapping_label("subtitle")
        self.paid_warning_text = wrapping_label()
        warning_layout.addWidget(self.paid_warning_title)
        warning_layout.addWidget(self.paid_warning_text)
        layout.addWidget(self.paid_warning)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("payments_table")
        self.table.setTabKeyNavigation(False)  # arrows move inside the table; Tab goes to the next control
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(140)
        self.table.setMaximumHeight(220)
        self.table.itemSelectionChanged.connect(self._row_chosen)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = button("add_payment")
        self.add_button.clicked.connect(self.new_payment)
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(self._build_editor())
        layout.addStretch(1)
        self.session.case_opened.connect(self._case_opened)
        self.retranslate()

    def _build_editor(self) -> QWidget:
        frame, inner = card()
        frame.setObjectName("payment_editor")
        self.editor = frame
        self.editor_title = wrapping_label("subtitle")
        inner.addWidget(self.editor_title)
        form = form_layout()
        self.form = form
        form.setHorizontalSpacing(style.SPACE * 2)
        form.setVerticalSpacing(style.SPACE)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox()
        self.kind.setObjectName("payment_kind")
        self.date = date_time_edit("payment_date")
        amount_row = QHBoxLayout()
        self.amount = line_edit("payment_amount")
        self.currency = QComboBox()
        self.currency.setObjectName("payment_currency")
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.currency)
        amount_holder = QWidget()
        amount_holder.setLayout(amount_row)
        amount_row.setContentsMargins(0, 0, 0, 0)
        self.method = QComboBox()
        self.method.setObjectName("payment_method")
        self.destination = line_edit("payment_destination")
        self.destination_check = wrapping_label("muted")
        self.destination_check.setObjectName("destination_check")
        self.paid = checkbox("payment_paid")
        self.reference = line_edit("payment_reference")
        self.account = QComboBox()
        self.account.setObjectName("payment_account")
        self.note = QPlainTextEdit()
        self.note.setObjectName("payment_note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(56)
        self.labels: dict[str, QLabel] = {}
        rows: list[tuple[str, QWidget]] = [
            ("kind", self.kind),
            ("date", self.date),
            ("amount", amount_holder),
            ("method", self.method),
            ("destination", self.destination),
            ("destination_check", self.destination_check),
            ("paid", self.paid),
            ("reference", self.reference),
            ("account", self.account),
            ("note", self.note),
        ]
        for key, widget in rows:
            label = QLabel()
            label.setBuddy(self.amount if key == "amount" else widget)
            self.labels[key] = label
            form.addRow(label, widget)
        inner.addLayout(form)
        buttons = QHBoxLayout()
        self.save_button = button("save_payment", "primary")
        self.delete_button = button("delete_payment")
        self.message = wrapping_label()
        self.message.setObjectName("payment_message")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.message, 1)
        inner.addLayout(buttons)
        self.save_button.clicked.connect(self.save_payment)
        self.delete_button.clicked.connect(self.delete_payment)
        self.destination.textChanged.connect(self._check_destination)
        self.method.currentIndexChanged.connect(self._check_destination)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        return frame

    def retranslate(self) -> None:
        t = self.t
        self.lead.setText(t("pages.payments.lead"))
        self.paid_warning_title.setText(t("pages.payments.paid_warning_title"))
        self.paid_warning_text.setText(t("pages.payments.paid_warning"))
        self.table.setHorizontalHeaderLabels([t(f"pages.payments.col.{c}") for c in COLUMNS])
        name(self.table, t("pages.payments.table"))
        self.add_button.setText(t("pages.payments.add"))
        name(self.add_button, t("pages.payments.add"))
        for key, label in self.labels.items():
            label.setText(t(f"pages.payments.field.{key}") if key != "destination_check" else "")
        for key, widget in (
            ("kind", self.kind),
            ("date", self.date),
            ("amount", self.amount),
            ("method", self.method),
            ("destination", self.destination),
            ("reference", self.reference),
            ("account", self.account),
            ("note", self.note),
        ):
            name(widget, t(f"pages.payments.field.{key}"))
        name(self.currency, t("pages.payments.field.currency"))
        self.paid.setText(t("pages.payments.paid_box"))
        name(self.paid, t("pages.payments.paid_box"))
        self.amount.setPlaceholderText(t("pages.payments.placeholder.amount"))
        self.destination.setPlaceholderText(t("pages.payments.placeholder.destination"))
        self.reference.setPlaceholderText(t("pages.payments.placeholder.reference"))
        fill_combo(self.kind, [(k.value, t(f"pages.payments.kind.{k.value}")) for k in PaymentKind])
        fill_combo(self.method, [(m.value, t(f"pages.payments.method.{m.value}")) for m in PaymentMethod])
        self.save_button.setText(t("pages.payments.save"))
        name(self.save_button, t("pages.payments.save"))
        self.delete_button.setText(t("pages.payments.delete"))
        name(self.delete_button, t("pages.payments.delete"))
        self.refresh()

    # --- loading ------------------------------------------------------------------

    def _payments(self) -> list[Payment]:
        case = self.session.case
        if case is None:
            return []
        return sorted(case.payments.values(), key=lambda p: (p.date or "9999", p.id))

    def _case_opened(self) -> None:
        if self.isVisible():  # a hidden page reloads when it is shown
            self.refresh()

    def refresh(self) -> None:
        case = self.session.case
        t = self.session.translator
        payments = self._payments()
        self.table.blockSignals(True)
        self.table.setRowCount(len(payments))
        for row, payment in enumerate(payments):
            cells = (
                short_date(t, payment.date),
                t(f"pages.payments.kind.{payment.kind.value}"),
                f"{payment.amount} {payment.currency}".strip() if payment.amount else t("pages.none"),
                t(f"pages.payments.method.{payment.method.value}"),
                payment.destination,
                t("pages.payments.yes") if payment.paid else t("pages.payments.no"),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, payment.id)
                self.table.setItem(row, column, cell)
            if payment.id == self.current_id:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self.table.setVisible(bool(payments))
        if case is None or (self.current_id and self.current_id not in case.payments):
            self.current_id = None
        self._fill_accounts()
        self._show(self.current_id)
        self._update_warning()

    def _fill_accounts(self) -> None:
        case = self.session.case
        t = self.session.translator
        entries = [("", t("pages.payments.account_unknown"))]
        if case is not None:
            entries += [(a.id, account_label(a, t)) for a in case.accounts.values() if a.owner == AccountOwner.SCAMMER]
        fill_combo(self.account, entries)

    def _row_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        cell = self.table.item(rows[0].row(), 0)
        if cell is not None:
            self._show(cell.data(Qt.ItemDataRole.UserRole))

    def new_payment(self) -> None:
        self.table.clearSelection()
        self._show(None)
        self.kind.setFocus()

    def _show(self, payment_id: str | None) -> None:
        case = self.session.case
        t = self.session.translator
        self.current_id = payment_id
        payment = case.payments.get(payment_id or "") if case is not None else None
        self.editor.setEnabled(case is not None)
        self.editor_title.setText(t("pages.payments.edit_title" if payment else "pages.payments.new_title"))
        payment = payment or Payment(id="")
        select_data(self.kind, payment.kind.value)
        set_edit_from_iso(self.date, payment.date)
        self.amount.setText(payment.amount)
        self.currency.setCurrentText(payment.currency or "EUR")
        select_data(self.method, payment.method.value)
        self.destination.setText(payment.destination)
        self.paid.setChecked(payment.paid)
        self.reference.setText(payment.reference)
        select_data(self.account, payment.account_id)
        self.note.setPlainText(payment.note)
        self.delete_button.setEnabled(bool(payment.id))
        self.message.clear()
        self._kind_changed()
        self._check_destination()

    def _kind_changed(self) -> None:
        # A demand can still have been paid: the box stays, its wording helps.
        if self.kind.currentData() == PaymentKind.PAYMENT.value and not self.current_id:
            self.paid.setChecked(True)

    def _check_destination(self) -> None:
        t = self.session.translator
        text = self.destination.text()
        check = check_iban(text)
        is_transfer = self.method.currentData() == PaymentMethod.BANK_TRANSFER.value
        if check.looks_like_iban or (is_transfer and text.strip()):
            if check.valid:
                self.destination_check.setText(t("pages.payments.iban_valid", country=check.formatted[:2]))
            else:
                self.destination_check.setText(t("pages.payments.iban_invalid"))
            self.form.setRowVisible(self.destination_check, True)
        else:
            self.destination_check.clear()
            self.form.setRowVisible(self.destination_check, False)

    def _update_warning(self) -> None:
        already_paid = any(p.paid and p.method in HARD_TO_RECOVER for p in self._payments())
        self.paid_warning.setVisible(already_paid)

    # --- saving ---------------------------------------------------------------------

    def _form_payment(self) -> Payment | None:
        case = self.session.case
        if case is None:
            return None
        t = self.session.translator
        try:
            amount = parse_amount(self.amount.text())
        except AmountError:
            self._say(t("pages.payments.bad_amount", value=self.amount.text()), error=True)
            self.amount.setFocus()
            return None
        currency = self.currency.currentText().strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{2,6}", currency):
            self._say(t("pages.payments.bad_currency"), error=True)
            self.currency.setFocus()
            return None
        destination = self.destination.text().strip()
        check = check_iban(destination)
        if check.valid:
            destination = check.formatted
        base = case.payments.get(self.current_id or "") or Payment(id="")
        return replace(
            base,
            kind=PaymentKind(self.kind.currentData()),
            date=iso_from_edit(self.date),
            amount=amount,
            currency=currency,
            method=PaymentMethod(self.method.currentData()),
            destination=destination,
            paid=self.paid.isChecked(),
            reference=self.reference.text().strip(),
            account_id=str(self.account.currentData() or ""),
            note=self.note.toPlainText().strip(),
        )

    def save_payment(self) -> None:
        case = self.session.case
        payment = self._form_payment()
        if payment is None or case is None:
            return

        def saved(result: Payment) -> None:
            self.current_id = result.id
            self.session.notify("payment")
            self.refresh()
            self._say(self.t("pages.payments.saved"))

        guarded(self.writer, self.message, lambda c: c.save_payment(payment), saved)

    def delete_payment(self) -> None:
        case = self.session.case
        if case is None or not self.current_id:
            return
        payment_id = self.current_id

        def deleted(_result: object) -> None:
            self.current_id = None
            self.session.notify("payment")
            self.refresh()
            self._say(self.t("pages.payments.deleted"))

        guarded(self.writer, self.message, lambda c: c.delete_record("payment", payment_id), deleted)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setProperty("role", "error" if error else "muted")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def is_done(self) -> bool:
        case = self.session.case
        return case is not None and bool(case.payments)
