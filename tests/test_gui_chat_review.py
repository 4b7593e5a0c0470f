"""A chat export dropped on the Capture page: imported off the GUI thread, then reviewed in a dialog where the
person picks the scammer, keeps or drops key messages and identifiers, and marks intimate media."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from evidence_kit.chat.importer import list_imports
from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import Origin
from tests.test_gui_helpers import TASK_WAIT_MS, finish, open_window, poll

pytest.importorskip("pytestqt")

DATA = Path(__file__).parent / "data" / "chat"
LUCAS = DATA / "Discussion WhatsApp avec Lucas.txt"


@pytest.fixture
def page(qtbot, isolated_dirs, tmp_path):  # type: ignore[no-untyped-def]
    session, win = open_window(qtbot)
    case, _ = Case.create(tmp_path / "case", PASSPHRASE, kdf=KdfParams.for_tests())
    session.set_case(case)
    win.show_step("capture")
    capture = win.pages["capture"]
    capture.acknowledge_warning()
    yield capture
    finish(session)


def _zip(tmp_path: Path) -> Path:
    out = tmp_path / "WhatsApp Chat - Lucas.zip"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Discussion WhatsApp avec Lucas.txt", LUCAS.read_bytes())
        archive.writestr("IMG-20240313-WA0003.jpg", png_bytes(64, 48, (200, 10, 10)))
    return out


def _drop(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    page.dropEvent(event)


def _answer_media_question(button: str) -> None:
    """Click ``button`` ("chat_text_only" or "chat_with_media") in the question asked before a chat zip enters."""

    def answer() -> bool:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "chat_media_question":
            box.findChild(QPushButton, button).click()
            return True
        return False

    poll(answer)


def _review(qtbot, page):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.task is None and page.chat_review is not None, timeout=TASK_WAIT_MS)
    return page.chat_review


def _tree_rows(tree) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[tree.topLevelItem(r).text(c) for c in range(tree.columnCount())] for r in range(tree.topLevelItemCount())]


def test_dropped_whatsapp_zip_is_imported_as_a_chat_and_its_review_records_the_choices(page, qtbot, tmp_path) -> None:
    _answer_media_question("chat_with_media")
    _drop(page, _zip(tmp_path))
    dialog = _review(qtbot, page)
    case = page.session.case
    (record,) = list_imports(case)
    export = case.items[record.item_id]
    assert export.origin == Origin.CHAT_EXPORT
    # The dialog names the export, its fingerprint and the proposed scammer.
    assert record.source_name in dialog.facts_label.text()
    assert dialog.hash_label.value() == export.sha256
    assert dialog.scammer.currentText() == "Lucas"
    assert "proposed" in dialog.scammer_hint.text().lower()
    # Key messages: the threat is there, with its reason in words.
    flags = _tree_rows(dialog.flags)
    threat_rows = [r for r, row in enumerate(flags) if "famille" in row[3]]
    assert threat_rows and "threat" in flags[threat_rows[0]][2].lower()
    # Identifiers: the valid IBAN and the bitcoin address, never the IBAN that fails its check.
    values = [row[1] for row in _tree_rows(dialog.identifiers)]
    assert any(v.replace(" ", "").startswith("FR7630006000011234567890189") for v in values)
    assert "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq" in values
    assert not any(v.replace(" ", "").endswith("7890188") for v in values)
    assert "fails" in dialog.rejected_label.text()
    # The picture from the zip is offered for review, hidden behind a mosaic by default.
    assert dialog.media.count() == 1 and not dialog.show_pictures.isChecked()

    # The person drops one key message, one identifier, and marks the picture as intimate.
    kept_flags = dialog.flags.topLevelItemCount() - 1
    dialog.flags.topLevelItem(0).setCheckState(0, Qt.CheckState.Unchecked)
    btc_row = values.index("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
    dialog.identifiers.topLevelItem(btc_row).setCheckState(0, Qt.CheckState.Unchecked)
    medium_id = dialog.media.item(0).data(Qt.ItemDataRole.UserRole)
    dialog.media.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.chat_review is None, timeout=TASK_WAIT_MS)

    events = [e for e in case.events.values() if record.item_id in e.evidence_ids]
    assert len(events) == kept_flags
    destinations = {p.destination for p in case.payments.values()}
    assert "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq" not in destinations
    assert any(d.replace(" ", "").startswith("FR76300060000112345678901") for d in destinations)
    assert case.items[medium_id].intimate and not case.items[medium_id].blob_id
    # Everything was decided: nothing left to review.
    (record,) = list_imports(case)
    assert not record.pending_flags() and not record.pending_identifiers()


def test_decide_later_keeps_proposals_and_the_page_offers_the_review_again(page, qtbot, tmp_path) -> None:
    _drop(page, LUCAS)
    dialog = _review(qtbot, page)
    pending = dialog.flags.topLevelItemCount()
    assert pending > 0
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.chat_review is None, timeout=TASK_WAIT_MS)
    assert not page.session.case.events
    assert page.review_button.isVisibleTo(page)
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    dialog = _review(qtbot, page)
    assert dialog.flags.topLevelItemCount() == pending


def test_changing_the_scammer_remakes_the_proposals(page, qtbot) -> None:
    _drop(page, LUCAS)
    dialog = _review(qtbot, page)
    assert all(row[1] == "Lucas" for row in _tree_rows(dialog.flags))
    dialog.scammer.setCurrentIndex(dialog.scammer.findData("Emma"))
    dialog.scammer.activated.emit(dialog.scammer.currentIndex())
    qtbot.waitUntil(lambda: dialog.task is None and dialog.record.scammer == "Emma", timeout=TASK_WAIT_MS)
    assert all(row[1] == "Emma" for row in _tree_rows(dialog.flags))
    assert "chosen by you" in dialog.scammer_hint.text().lower()


def test_a_file_that_only_looks_like_a_chat_is_kept_as_a_plain_file(page, qtbot, tmp_path) -> None:
    fake = tmp_path / "notes.json"
    fake.write_text('{"messages": [{"id": 1, "oops": ', encoding="utf-8")
    _drop(page, fake)
    qtbot.waitUntil(lambda: page.task is None and bool(page.session.case.items), timeout=TASK_WAIT_MS)
    (item,) = page.session.case.items.values()
    assert item.source_name == "notes.json" and item.origin != Origin.CHAT_EXPORT
    assert page.chat_review is None
    assert "plain file" in page.status.text()


def test_conversation_only_keeps_no_picture_of_the_zip_but_its_fingerprint_and_text(page, qtbot, tmp_path) -> None:
    path = _zip(tmp_path)
    _answer_media_question("chat_text_only")
    _drop(page, path)
    dialog = _review(qtbot, page)
    case = page.session.case
    (record,) = list_imports(case)
    export = case.items[record.item_id]
    import hashlib

    assert export.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert not export.blob_id and export.source_name == path.name and not export.intimate
    (text_id,) = record.text_item_ids
    text = case.items[text_id]
    assert text.derivation is not None and text.derivation.parent_id == export.id
    assert text.sha256 == hashlib.sha256(LUCAS.read_bytes()).hexdigest()
    # No picture of the zip is in the case, and the review says so.
    assert set(case.items) == {export.id, text.id}
    assert dialog.media.count() == 0 and not dialog.tabs.isTabEnabled(2)
    assert "never entered the vault" in dialog.notices.text()
    assert dialog.flags.topLevelItemCount() > 0
    # What the person keeps rests on the chat's text: accounts can be blocked on that proof.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.chat_review is None, timeout=TASK_WAIT_MS)
    scammer = next(a for a in case.accounts.values() if a.display_name == "Lucas")
    assert scammer.id in case.items[text.id].account_ids and case.can_mark_blocked(scammer.id)
    assert all(text.id in e.evidence_ids for e in case.events.values())
    assert case.verify().ok


def test_cancelling_the_question_imports_nothing(page, qtbot, tmp_path) -> None:
    def cancel() -> bool:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "chat_media_question":
            box.button(QMessageBox.StandardButton.Cancel).click()
            return True
        return False

    poll(cancel)
    page.import_files([_zip(tmp_path)])
    assert page.task is None and not page.session.case.items


def test_an_export_with_several_conversations_asks_which_one(page, qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QInputDialog

    from tests.test_chat_import import _instagram_zip

    path = _instagram_zip(tmp_path)
    offered: list[str] = []

    def choose() -> bool:
        box = QApplication.activeModalWidget()
        if isinstance(box, QInputDialog):
            offered.extend(box.comboBoxItems())
            box.setTextValue("Théo Martin")
            box.accept()
            return True
        return False

    _answer_media_question("chat_text_only")
    poll(choose, limit_ms=TASK_WAIT_MS)
    page.import_files([path])
    dialog = _review(qtbot, page)
    assert offered == ["Maman", "Théo Martin"]
    (record,) = list_imports(page.session.case)
    assert record.platform == "instagram" and record.message_count == 4
    assert dialog.scammer.currentText() == "Théo Martin"


def test_locking_the_case_closes_the_review(page, qtbot) -> None:
    _drop(page, LUCAS)
    dialog = _review(qtbot, page)
    page.session.lock()
    assert page.chat_review is None and not dialog.isVisible()


def test_a_key_message_is_shown_with_the_messages_around_it(page, qtbot) -> None:
    _drop(page, LUCAS)
    dialog = _review(qtbot, page)
    threat = next(
        r for r in range(dialog.flags.topLevelItemCount()) if "famille" in dialog.flags.topLevelItem(r).text(3)
    )
    dialog.flags.setCurrentItem(dialog.flags.topLevelItem(threat))
    qtbot.waitUntil(lambda: "non s'il te plaît" in dialog.context.toPlainText(), timeout=TASK_WAIT_MS)
    text = dialog.context.toPlainText()
    # The reply that follows and the message before are there, in order, around the threat itself.
    assert text.index("regarde ce que j'ai") < text.index("ta famille") < text.index("non s'il te plaît")


def test_the_review_works_with_the_keyboard_alone(page, qtbot) -> None:
    from PySide6.QtTest import QTest

    _drop(page, LUCAS)
    dialog = _review(qtbot, page)
    dialog.flags.setFocus()
    QTest.keyClick(dialog.flags, Qt.Key.Key_Home)
    QTest.keyClick(dialog.flags, Qt.Key.Key_Space)  # untick the first key message
    assert dialog.flags.topLevelItem(0).checkState(0) == Qt.CheckState.Unchecked
    dismissed = dialog.flags.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole)
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # "Save my choices" is the default button
    qtbot.waitUntil(lambda: page.chat_review is None, timeout=TASK_WAIT_MS)
    (record,) = list_imports(page.session.case)
    assert next(f for f in record.flags if f.id == dismissed).status.value == "dismissed"
    assert not record.pending_flags()


def test_the_phone_time_zone_can_be_chosen_and_dates_the_events(page, qtbot) -> None:
    _drop(page, LUCAS)  # WhatsApp: times without a zone
    dialog = _review(qtbot, page)
    assert dialog.zone_row.isVisibleTo(dialog)
    dialog.zone.setEditText("Not/AZone")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.chat_review is dialog and "not a time zone" in dialog.status.text()  # nothing written
    assert not page.session.case.events
    dialog.zone.setEditText("America/Montreal")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.chat_review is None, timeout=TASK_WAIT_MS)
    (record,) = list_imports(page.session.case)
    assert record.assumed_time_zone == "America/Montreal" and record.time_zone_source == "given"
    threat = next(e for e in page.session.case.events.values() if "famille" in e.description)
    assert threat.date == "2024-03-14T22:05:00-04:00"  # the phone's 22:05, in Montreal (summer time from 10 March)
