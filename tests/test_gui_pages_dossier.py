"""The Dossier page: a real export in a background task, checked by the dossier verifier; cancel; password care."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import png_bytes
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from evidence_kit.core.model import Account, CustodyAction, Origin
from evidence_kit.gui.session import Session
from evidence_kit.i18n import Register, Translator
from tests.test_gui_helpers import TASK_WAIT_MS, WAIT_MS, add_page

pytest.importorskip("pytestqt")


@pytest.fixture
def page(qtbot, case, tmp_path, isolated_dirs):  # type: ignore[no-untyped-def]
    from evidence_kit.gui.pages.dossier import DossierPage

    session = Session(Translator("en", Register.HELPER))
    session.set_case(case)
    dossier_page = DossierPage(session)
    add_page(qtbot, dossier_page)
    dossier_page.resize(1040, 900)
    dossier_page.show()
    dossier_page.refresh()
    dossier_page.out_path.setText(str(tmp_path / "out" / "dossier.pdf"))
    (tmp_path / "out").mkdir()
    dossier_page._path_touched = True
    return dossier_page


def fill(case) -> None:  # type: ignore[no-untyped-def]
    account = case.save_account(Account(id="", platform="instagram", username="@lea.du.75"))
    for i in range(2):
        item = case.add_bytes(png_bytes(color=(30 * i, 80, 140), marker=bytes([i + 1])), origin=Origin.SCREEN_CAPTURE)
        case.update_item(item.item.id, account_ids=[account.id], kind="threat")


def test_a_dossier_exported_from_the_page_passes_the_verifier(qtbot, page, case) -> None:
    from evidence_kit.dossier.verify import verify_dossier

    fill(case)
    page.refresh()
    # Step 8 states the same numbers as the dossier's cover, in the same words.
    assert page.summary.text().startswith("In this dossier: 2 evidence items; 1 account of the scammer.")
    password = page.password.text()
    assert len(password) >= 20 and page.password.echoMode() == QLineEdit.EchoMode.Password
    QTest.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.progress.isVisible() and page.cancel_button.isVisible()
    qtbot.waitUntil(lambda: page.task is None, timeout=TASK_WAIT_MS)
    assert page.result is not None, page.export_message.text()
    out = Path(page.out_path.text())
    assert out.is_file()
    report = verify_dossier(out, password)
    assert report.ok, report.problems
    assert report.attachments_checked >= 2  # originals attached for the police by default
    # The page shows where it is, its hash (copyable) and how to hand it over.
    assert page.result_card.isVisible()
    assert str(out) in page.result_path.text()
    assert page.hash_label.value() == page.result.sha256
    # The seal's fingerprint, next to the password advice, as `verify --expect-fingerprint` takes it.
    assert page.fingerprint_label.value() == report.seal_fingerprint == case.keys.seal_fingerprint
    assert page.fingerprint_label.isVisible()
    assert f"--expect-fingerprint {report.seal_fingerprint}" in page.fingerprint_advice.text()
    assert "never in the same message" in page.handover.text()
    assert any(e.action == CustodyAction.EXPORTED for e in case.custody)
    assert page.is_done()


def test_a_wrong_password_does_not_open_the_exported_dossier(qtbot, page, case) -> None:
    from evidence_kit.core.errors import WrongSecret
    from evidence_kit.dossier.verify import verify_dossier

    fill(case)
    page.recipient_buttons["self"].setChecked(True)
    assert not page.originals.isChecked()  # a personal copy leaves the originals out by default
    page.password.setText("my own long password")
    page.start_export()
    qtbot.waitUntil(lambda: page.task is None, timeout=TASK_WAIT_MS)
    out = Path(page.out_path.text())
    assert verify_dossier(out, "my own long password").ok
    with pytest.raises(WrongSecret):
        verify_dossier(out, "not the password")


def test_a_cancelled_export_leaves_no_file(qtbot, page, case) -> None:
    fill(case)
    page.start_export()
    page.cancel_export()
    qtbot.waitUntil(lambda: page.task is None, timeout=TASK_WAIT_MS)
    out = Path(page.out_path.text())
    if page.result is None:  # cancelled before the end (the usual case)
        assert "No file was written" in page.export_message.text()
        assert not out.exists()
        assert not list(out.parent.iterdir())


def test_a_short_password_or_a_missing_folder_is_refused_with_a_message(page, tmp_path) -> None:
    page.password.setText("short")
    page.start_export()
    assert page.task is None and "at least 8" in page.export_message.text()
    page.propose_new_password()
    page.out_path.setText(str(tmp_path / "nowhere" / "x.pdf"))
    page.start_export()
    assert page.task is None and "does not exist" in page.export_message.text()


def test_the_password_can_be_shown_copied_and_leaves_the_clipboard_after_a_while(qtbot, page) -> None:
    from evidence_kit.gui.widgets.clipboard import shared_clipboard

    QTest.mouseClick(page.show_password, Qt.MouseButton.LeftButton)
    assert page.password.echoMode() == QLineEdit.EchoMode.Normal
    assert page.show_password.text() == "Hide"
    page.copy_password_now()
    assert QGuiApplication.clipboard().text() == page.password.text()
    # Copied as a secret: the clipboard is set to be emptied in 30 s (shortened below to keep the test fast).
    timer = shared_clipboard()._timer
    assert timer.isActive() and timer.interval() == 30_000
    assert "30 seconds" in page.password_message.text()
    shared_clipboard()._timer.start(50)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=WAIT_MS)
