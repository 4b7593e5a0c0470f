"""The "Report and block" page: per-account routes from the knowledge base, the block rule, where to go next."""

from __future__ import annotations

import pytest
from helpers import png_bytes
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from evidence_kit.core.model import Account, Origin
from evidence_kit.gui.session import Session
from evidence_kit.i18n import Register, Translator
from tests.test_gui_helpers import add_page

pytest.importorskip("pytestqt")


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def page(qtbot, case, isolated_dirs):  # type: ignore[no-untyped-def]
    from evidence_kit.gui.pages.report import ReportPage

    session = Session(Translator("en", Register.VICTIM))
    session.set_case(case)
    report_page = ReportPage(session)
    add_page(qtbot, report_page)
    report_page.resize(1040, 900)
    report_page.show()
    return report_page


def test_each_account_gets_its_route_and_the_block_box_waits_for_evidence(qtbot, page, case) -> None:
    account = case.save_account(Account(id="", platform="whatsapp", phone="+33 6 12 34 56 78"))
    page.refresh()
    QApplication.processEvents()
    report_card = page.cards[account.id]
    assert "Report" in report_card.steps.text()
    assert "5" in report_card.side_effects.text()  # WhatsApp sends the last messages when reporting
    assert report_card.go_accounts.isVisibleTo(page)
    assert not report_card.status.blocked.isEnabled()
    assert report_card.status.block_reason.isVisibleTo(page)

    item = case.add_bytes(png_bytes(), origin=Origin.SCREEN_CAPTURE).item
    case.update_item(item.id, account_ids=[account.id])
    page.refresh()
    report_card = page.cards[account.id]
    assert report_card.status.blocked.isEnabled()
    report_card.status.reported.setChecked(True)
    report_card.status.reference.setText("WA-1")
    report_card.status.reference.editingFinished.emit()
    report_card.status.blocked.setChecked(True)  # each tick is saved in turn, off the GUI thread
    qtbot.waitUntil(lambda: bool(case.accounts[account.id].blocked_at))
    qtbot.waitUntil(lambda: not report_card.status.writer.busy)
    saved = case.accounts[account.id]
    assert saved.reported_at and saved.report_reference == "WA-1" and saved.blocked_at
    assert page.is_done()


def test_official_links_open_in_the_browser(page, case) -> None:
    account = case.save_account(Account(id="", platform="instagram", username="@x"))
    page.refresh()
    links = page.cards[account.id].links
    assert links, "the knowledge base has Instagram's official pages"
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        url = links[0].accessibleDescription()
        links[0].linkActivated.emit(url)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == [url] and url.startswith("https://")


def test_an_unknown_platform_gets_the_generic_route_and_no_invented_link(page, case) -> None:
    account = case.save_account(Account(id="", platform="other", platform_other="SomeChat", username="bob"))
    page.refresh()
    report_card = page.cards[account.id]
    assert report_card.links == []
    assert "SomeChat" in report_card.title.text()
    assert report_card.steps.text().strip()


@pytest.mark.parametrize(("country", "expected"), [("FR", "3018"), ("BE", "116"), ("CA-QC", "Cybertip.ca")])
def test_where_to_go_next_follows_the_country(page, country: str, expected: str) -> None:
    index = page.country.findData(country)
    assert index >= 0
    page.country.setCurrentIndex(index)
    QApplication.processEvents()  # widgets added to a shown page appear on the next turn of the event loop
    texts = " ".join(w.text() for w in page.findChildren(type(page.next_title)) if w.isVisibleTo(page))
    assert expected in texts


def test_with_no_account_the_page_sends_the_person_to_the_accounts_step(qtbot, page) -> None:
    page.refresh()
    assert page.empty.isVisibleTo(page)
    with qtbot.waitSignal(page.request_step) as signal:
        page.go_accounts.click()
    assert signal.args == ["accounts"]


def test_blocking_before_reporting_gets_a_gentle_question_once(qtbot, page, case) -> None:
    account = case.save_account(Account(id="", platform="instagram", username="lea.du.75"))
    item = case.add_bytes(png_bytes(), origin=Origin.SCREEN_CAPTURE).item
    case.update_item(item.id, account_ids=[account.id])
    page.refresh()
    status = page.cards[account.id].status
    assert status.order_question.isHidden()
    status.blocked.setChecked(True)  # blocked, not reported: recorded as done, and the question shows
    assert not status.order_question.isHidden()
    assert status.order_text.text().startswith("Report it first?")
    qtbot.waitUntil(lambda: bool(case.accounts[account.id].blocked_at))
    status.report_first_button.click()  # the person chooses to report first: the block is undone
    qtbot.waitUntil(lambda: not case.accounts[account.id].blocked_at)
    assert status.order_question.isHidden() and not status.blocked.isChecked()
    qtbot.waitUntil(lambda: not status.writer.busy)
    status.blocked.setChecked(True)  # asked once per account: not a second time
    assert status.order_question.isHidden()
    qtbot.waitUntil(lambda: bool(case.accounts[account.id].blocked_at))


def test_reporting_then_blocking_asks_nothing(qtbot, page, case) -> None:
    account = case.save_account(Account(id="", platform="instagram", username="lea.du.75"))
    item = case.add_bytes(png_bytes(), origin=Origin.SCREEN_CAPTURE).item
    case.update_item(item.id, account_ids=[account.id])
    page.refresh()
    status = page.cards[account.id].status
    status.reported.setChecked(True)
    qtbot.waitUntil(lambda: not status.writer.busy)
    status.blocked.setChecked(True)
    assert status.order_question.isHidden()
