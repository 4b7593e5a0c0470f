"""The accounts and payments pages driven as a person would: typing, ticking, clicking, with the keyboard too."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import png_bytes
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QListWidget, QPlainTextEdit

from evidence_kit.core.errors import EvidenceRuleViolation
from evidence_kit.core.model import Account, AccountOwner, Origin, PaymentMethod
from evidence_kit.gui.session import Session
from evidence_kit.i18n import Register, Translator
from tests.test_gui_helpers import add_page

pytest.importorskip("pytestqt")


@pytest.fixture
def session(case, isolated_dirs):  # type: ignore[no-untyped-def]
    s = Session(Translator("en", Register.VICTIM))
    s.set_case(case)
    return s


def add_pictures(case, n: int = 2) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    for i in range(n):
        result = case.add_bytes(png_bytes(color=(40 * i, 90, 160), marker=bytes([i + 1])), origin=Origin.SCREEN_CAPTURE)
        ids.append(result.item.id)
    return ids


@pytest.fixture
def accounts_page(qtbot, session):  # type: ignore[no-untyped-def]
    from evidence_kit.gui.pages.accounts import AccountsPage

    page = AccountsPage(session)
    add_page(qtbot, page)
    page.resize(1040, 800)
    page.show()
    page.refresh()
    return page


def tick(box: QAbstractButton) -> None:
    """Click a check box on its indicator, as a person does (its middle may be empty space)."""
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(8, box.height() // 2))


def choose_platform(page, platform_id: str) -> None:  # type: ignore[no-untyped-def]
    index = page.platform.findData(platform_id)
    assert index >= 0, platform_id
    page.platform.setCurrentIndex(index)


def test_every_control_of_the_pages_has_an_accessible_name(qtbot, session) -> None:
    from evidence_kit.gui.pages.accounts import AccountsPage
    from evidence_kit.gui.pages.payments import PaymentsPage

    for cls in (AccountsPage, PaymentsPage):
        page = cls(session)
        add_page(qtbot, page)
        page.show()
        controls = page.findChildren(QAbstractButton) + page.findChildren(QLineEdit) + page.findChildren(QComboBox)
        controls += page.findChildren(QListWidget) + page.findChildren(QPlainTextEdit)
        # Line edits inside combo boxes and date edits are named through their owner.
        unnamed = [
            w.objectName() or type(w).__name__
            for w in controls
            if not w.accessibleName()
            and not isinstance(w.parentWidget(), QComboBox | QAbstractSpinBox)
            and w.isVisibleTo(page)
        ]
        assert unnamed == [], f"{cls.__name__}: {unnamed}"


def test_blocked_box_stays_disabled_until_evidence_is_linked(qtbot, accounts_page, case) -> None:
    page = accounts_page
    item_ids = add_pictures(case)
    QTest.mouseClick(page.add_scammer_button, Qt.MouseButton.LeftButton)
    choose_platform(page, "instagram")
    QTest.keyClicks(page.fields["username"], "@lea.du.75")
    page.fields["display_name"].insert("Léa")  # QTest types ASCII only
    QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.save_message.text().startswith("Saved"))
    assert [a.username for a in case.accounts.values()] == ["@lea.du.75"]
    account_id = page.current_id
    assert account_id in case.accounts

    box = page.status_box
    assert not box.blocked.isEnabled()
    assert box.block_reason.isVisible()
    assert "screenshot" in box.block_reason.text()
    # The core refuses too, whatever a page does.
    with pytest.raises(EvidenceRuleViolation):
        case.save_account(Account(**{**case.accounts[account_id].__dict__, "blocked_at": "2026-03-01T10:00:00+01:00"}))

    # Tick the first screenshot in the list: it is linked at once, and blocking becomes possible.
    model = page.evidence_list.model()
    assert model.index(0).data(Qt.ItemDataRole.UserRole) == item_ids[0]
    assert model.setData(model.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)  # as a click
    qtbot.waitUntil(box.blocked.isEnabled)
    assert case.items[item_ids[0]].account_ids == [account_id]
    assert box.blocked.isEnabled()
    assert not box.block_reason.isVisible()

    # Report, then block, as the person would: ticks and a reference.
    tick(box.reported)
    QTest.keyClicks(box.reference, "IG-12345")
    QTest.keyClick(box.reference, Qt.Key.Key_Return)
    tick(box.blocked)
    qtbot.waitUntil(lambda: "blocked" in page.scammer_list.item(0).text())
    saved = case.accounts[account_id]
    assert saved.reported_at and saved.report_reference == "IG-12345"
    assert saved.blocked_at
    assert "blocked" in page.scammer_list.item(0).text()

    # The last proof of a blocked account cannot be unlinked.
    model.setData(model.index(0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert case.items[item_ids[0]].account_ids == [account_id]
    assert model.data(model.index(0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_an_account_needs_a_platform_and_an_identifier_and_phone_numbers_are_normalised(
    qtbot, accounts_page, case
) -> None:
    page = accounts_page
    page.new_account(AccountOwner.SCAMMER)
    page.save_account()
    assert not case.accounts
    assert "app or site" in page.save_message.text()
    choose_platform(page, "whatsapp")
    page.save_account()
    assert not case.accounts
    assert "identifier" in page.save_message.text()
    page.fields["phone"].setText("06 12 34 56 78")
    page.save_account()
    qtbot.waitUntil(lambda: bool(case.accounts))
    (account,) = case.accounts.values()
    assert account.phone == "+33612345678"  # stored in E.164, like a number read from a chat export
    assert account.platform == "whatsapp"
    page._show(account.id, AccountOwner.SCAMMER)
    assert page.fields["phone"].text() == "06 12 34 56 78"  # shown in the national format of the country
    assert page.editor_title.text() == "WhatsApp: +33612345678"  # Account.label, the one label


def test_the_path_the_scammer_took_is_kept(qtbot, accounts_page, case) -> None:
    page = accounts_page
    page.new_account(AccountOwner.SCAMMER)
    choose_platform(page, "instagram")
    page.fields["username"].setText("lea.du.75")
    page.save_account()
    qtbot.waitUntil(lambda: page.current_id is not None)
    first = page.current_id
    page.new_account(AccountOwner.SCAMMER)
    choose_platform(page, "whatsapp")
    page.fields["phone"].setText("+225 07 07 07 07 07")
    page.came_from.setCurrentIndex(page.came_from.findData(first))
    page.save_account()
    qtbot.waitUntil(lambda: page.scammer_list.count() == 2)
    second = case.accounts[page.current_id]
    assert second.came_from == first
    assert page.scammer_list.count() == 2


def test_own_accounts_show_privacy_advice_and_can_be_marked_secured(qtbot, accounts_page, case) -> None:
    page = accounts_page
    QTest.mouseClick(page.add_own_button, Qt.MouseButton.LeftButton)
    assert page.secure_card.isVisible() and not page.evidence_card.isVisible()
    choose_platform(page, "snapchat")
    page.fields["username"].setText("my.own.name")
    page.save_account()
    qtbot.waitUntil(lambda: page.own_list.count() == 1)
    (account,) = case.accounts.values()
    assert account.owner == AccountOwner.VICTIM
    assert page.secure_steps.text().strip()
    tick(page.secured)
    qtbot.waitUntil(lambda: bool(case.accounts[account.id].secured_at))
    assert page.own_list.count() == 1 and page.scammer_list.count() == 0


def test_keyboard_only_an_account_is_added_and_saved(qtbot, accounts_page, case) -> None:
    page = accounts_page
    page.add_scammer_button.setFocus()
    QTest.keyClick(page.add_scammer_button, Qt.Key.Key_Space)
    assert page.platform.hasFocus() or page.focusWidget() is page.platform
    # Type to select in the combo, then tab through the fields.
    QTest.keyClicks(page.platform, "Telegram")
    assert page.platform.currentData() == "telegram"
    QTest.keyClick(page.platform, Qt.Key.Key_Tab)
    assert page.focusWidget() is page.fields["username"]
    QTest.keyClicks(page.fields["username"], "@crypto_julie")
    page.save_button.setFocus()
    QTest.keyClick(page.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(case.accounts))
    assert [a.username for a in case.accounts.values()] == ["@crypto_julie"]


# --- payments -----------------------------------------------------------------------


@pytest.fixture
def payments_page(qtbot, session):  # type: ignore[no-untyped-def]
    from evidence_kit.gui.pages.payments import PaymentsPage

    page = PaymentsPage(session)
    add_page(qtbot, page)
    page.resize(1040, 800)
    page.show()
    page.refresh()
    return page


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("300", "300"),
        ("1 250,50", "1250.50"),
        ("1,250.50", "1250.50"),
        ("1.250,50", "1250.50"),
        ("50 €", "50"),
        ("", ""),
    ],
)
def test_amounts_are_read_as_decimals_the_way_people_write_them(typed: str, stored: str) -> None:
    from evidence_kit.gui.pages.payments import parse_amount

    assert parse_amount(typed) == stored
    if stored:
        assert Decimal(parse_amount(typed)) == Decimal(stored)


def test_a_payment_is_recorded_with_its_iban_checked(qtbot, payments_page, case) -> None:
    page = payments_page
    page.new_payment()
    page.kind.setCurrentIndex(page.kind.findData("payment"))
    QTest.keyClicks(page.amount, "1 250,50")
    page.method.setCurrentIndex(page.method.findData(PaymentMethod.BANK_TRANSFER.value))
    QTest.keyClicks(page.destination, "fr7630006000011234567890189")
    assert "check digits are right" in page.destination_check.text()
    QTest.keyClicks(page.reference, "VIR-778")
    QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    (payment,) = case.payments.values()
    assert payment.amount == "1250.50" and payment.currency == "EUR"
    assert payment.destination == "FR76 3000 6000 0112 3456 7890 189"
    assert payment.paid and payment.reference == "VIR-778"
    assert page.table.rowCount() == 1
    # The date as every time of day the program prints: local wall time, then its UTC offset.
    import datetime as dt

    entered = dt.datetime.fromisoformat(payment.date)
    offset = entered.strftime("%z")
    assert page.table.item(0, 0).text() == f"{entered:%d/%m/%Y %H:%M} UTC{offset[:3]}:{offset[3:]}"
    assert not page.paid_warning.isVisible()  # a bank transfer can sometimes be recalled: no coupon warning


def test_a_wrong_iban_is_flagged_and_a_wrong_amount_refused(payments_page, case) -> None:
    page = payments_page
    page.new_payment()
    page.destination.setText("FR76 3000 6000 0112 3456 7890 188")
    assert "letter by letter" in page.destination_check.text()
    page.amount.setText("three hundred")
    page.save_payment()
    assert not case.payments
    assert "not an amount" in page.message.text()


def test_a_coupon_already_paid_brings_a_gentle_warning(qtbot, payments_page, case) -> None:
    page = payments_page
    assert not page.paid_warning.isVisible()
    page.new_payment()
    page.amount.setText("150")
    page.method.setCurrentIndex(page.method.findData(PaymentMethod.COUPON.value))
    page.destination.setText("PCS 1234 5678 9012")
    page.paid.setChecked(True)
    page.save_payment()
    qtbot.waitUntil(page.paid_warning.isVisible)
    assert "not your fault" in page.paid_warning_title.text()


# --- writes off the GUI thread ----------------------------------------------------------------


def test_a_save_waits_for_the_core_in_a_worker_never_in_the_window_and_is_sent_once(qtbot, accounts_page, case) -> None:
    """While another thread holds the case's write lock (an import committing), saving returns at once:
    the window keeps answering, a second click sends nothing more, and the save lands when the lock frees."""
    import threading

    page = accounts_page
    page.new_account(AccountOwner.SCAMMER)
    choose_platform(page, "instagram")
    page.fields["username"].setText("@lea.du.75")
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with case.transaction():
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # returns: the write waits in a worker
        QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # a double click
        assert page.writer.busy and not case.accounts
        assert not page.save_message.text().startswith("Saved")
    finally:
        release.set()
        holder.join()
    qtbot.waitUntil(lambda: page.save_message.text().startswith("Saved"))
    qtbot.waitUntil(lambda: not page.writer.busy)
    assert [a.username for a in case.accounts.values()] == ["@lea.du.75"]


def test_a_failed_write_shows_its_sentence(qtbot, accounts_page, case) -> None:
    page = accounts_page
    page.new_account(AccountOwner.SCAMMER)
    choose_platform(page, "instagram")
    page.fields["username"].setText("@lea.du.75")
    case.close()  # the case locked meanwhile (quick exit): the write fails, the page says so
    page.save_account()
    qtbot.waitUntil(lambda: page.save_message.property("role") == "error")
    assert page.save_message.text() and "Traceback" not in page.save_message.text()
