"""The "What happened" page: a timeline entered by hand, a drafted account of the facts, edited and kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidence_kit.core.model import Account, Stage
from evidence_kit.gui.session import Session
from evidence_kit.i18n import Register, Translator
from tests.test_gui_helpers import add_page

pytest.importorskip("pytestqt")


@pytest.fixture
def page(qtbot, case, isolated_dirs):  # type: ignore[no-untyped-def]
    from evidence_kit.gui.pages.facts import FactsPage

    session = Session(Translator("en", Register.HELPER))
    session.set_case(case)
    facts_page = FactsPage(session)
    add_page(qtbot, facts_page)
    facts_page.resize(1040, 900)
    facts_page.show()
    facts_page.refresh()
    return facts_page


def test_an_event_is_added_with_its_stage_and_account(qtbot, page, case) -> None:
    account = case.save_account(Account(id="", platform="snapchat", username="julie.x"))
    page.refresh()
    page.new_event()
    page.stage.setCurrentIndex(page.stage.findData(Stage.THREATS.value))
    assert "family" in page.stage_hint.text()
    QTest.keyClicks(page.description, "says he will post the video")
    page.account.setCurrentIndex(page.account.findData(account.id))
    QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    (event,) = case.events.values()
    assert event.stage == Stage.THREATS and event.account_id == account.id
    assert event.description == "says he will post the video"
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "Threats"
    # The one clock: the wall time entered, then its UTC offset, read from the stored record.
    import datetime as dt

    entered = dt.datetime.fromisoformat(event.date)
    offset = entered.strftime("%z")
    assert page.table.item(0, 0).text() == f"{entered:%d/%m/%Y %H:%M} UTC{offset[:3]}:{offset[3:]}"
    # The account chooser names the account by its strongest identifier.
    assert page.account.itemText(page.account.findData(account.id)) == "Snapchat: @julie.x"


def test_facts_are_drafted_edited_saved_and_a_redraft_asks_first(qtbot, page, case) -> None:
    case.save_account(Account(id="", platform="instagram", username="@lea.du.75"))
    drafted_message, saved_message = page.t("pages.facts.drafted"), page.t("pages.facts.saved")
    QTest.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.facts_message.text() == drafted_message)
    drafted = page.facts_edit.toPlainText()
    assert "@lea.du.75 on Instagram" in drafted
    assert case.profile.facts == drafted and not case.profile.facts_edited

    # The person corrects the text and saves it.
    page.facts_edit.moveCursor(page.facts_edit.textCursor().MoveOperation.End)
    QTest.keyClicks(page.facts_edit, "He also wrote to my cousin.")
    QTest.mouseClick(page.save_facts_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.facts_message.text() == saved_message)
    assert case.profile.facts.endswith("He also wrote to my cousin.")
    assert case.profile.facts_edited

    # A new draft asks first; keeping leaves the person's text untouched.
    QTest.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    assert page.confirm.isVisible()
    QTest.mouseClick(page.confirm_keep, Qt.MouseButton.LeftButton)
    assert not page.confirm.isVisible()
    assert case.profile.facts.endswith("He also wrote to my cousin.")

    # Replacing brings a fresh draft.
    QTest.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(page.confirm_replace, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.facts_message.text() == drafted_message)
    assert "cousin" not in case.profile.facts and not case.profile.facts_edited
    assert page.is_done()


def test_typed_text_is_kept_when_the_person_leaves_the_page(qtbot, page, case) -> None:
    page.facts_edit.setFocus()
    QTest.keyClicks(page.facts_edit, "It started on Instagram.")
    page.refresh()  # the window reloads pages when the case changes: typing must survive it
    assert page.facts_edit.toPlainText() == "It started on Instagram."
    page.hide()
    qtbot.waitUntil(lambda: case.profile.facts == "It started on Instagram.")
    assert case.profile.facts_edited


def test_the_page_follows_the_language_and_register(page) -> None:
    page.session.set_language("fr")
    page.retranslate()
    assert page.draft_button.text() == "Rédiger un brouillon"
    page.session.set_register(Register.VICTIM)
    page.retranslate()
    assert "tu as noté" in page.lead.text()
    page.session.set_register(Register.HELPER)
    page.retranslate()
    assert "Relisez" in page.lead.text() or "relisez" in page.lead.text()
