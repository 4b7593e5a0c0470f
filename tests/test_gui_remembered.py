"""Remembered across a restart, on a computer whose language is not French: language, voice, last vault's place."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.i18n import Register
from tests.conftest import PASSPHRASE
from tests.test_gui_helpers import WAIT_MS, add_page, finish

pytest.importorskip("pytestqt")


@pytest.fixture
def english_computer(isolated_dirs, monkeypatch):  # type: ignore[no-untyped-def]
    for name in ("EVIDENCE_KIT_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    return isolated_dirs


def start(qtbot: Any) -> tuple[Any, Any]:
    """The window as the program starts it: no language given, the saved settings read."""
    from evidence_kit.gui.app import build_window

    session, window = build_window()
    add_page(qtbot, window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window, timeout=WAIT_MS)
    window.build_all_pages()
    return session, window


def quit_program(session: Any, window: Any) -> None:
    finish(session)
    window.close()


def test_language_voice_and_last_vault_survive_a_restart(english_computer, qtbot, tmp_path) -> None:
    from evidence_kit.gui.settings import Settings

    session, window = start(qtbot)
    assert session.translator.lang == "en"  # the system's language on a first start
    welcome = window.pages["welcome"]
    qtbot.mouseClick(welcome.french, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(welcome.victim, Qt.MouseButton.LeftButton)
    assert "Ton coffre-fort" in window.step_list.item(1).text()

    folder = tmp_path / "my-vault"
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    case.close()
    page = window.pages["case"]
    window.show_step("case")
    assert page.remember.isChecked()  # remembering the place is the default; the person can untick it
    page.open_folder = folder
    page.open_secret.edit.setText(PASSPHRASE)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.case is not None, timeout=WAIT_MS)
    quit_program(session, window)

    saved = json.loads(Settings.path().read_text(encoding="utf-8"))
    assert saved["language"] == "fr" and saved["register"] == "tu"
    assert saved["last_case_folder"] == str(folder)  # its place only: nothing else of the vault
    assert PASSPHRASE not in Settings.path().read_text(encoding="utf-8")

    session, window = start(qtbot)
    assert session.translator.lang == "fr"
    assert session.translator.register == Register.VICTIM
    welcome = window.pages["welcome"]
    assert welcome.french.isChecked() and welcome.victim.isChecked()
    assert window.title.text() == "Bienvenue"
    assert "Ton coffre-fort" in window.step_list.item(1).text()
    page = window.pages["case"]
    window.show_step("case")
    assert page.open_folder == folder
    assert page.case_list.item(0).data(Qt.ItemDataRole.UserRole) == str(folder)
    quit_program(session, window)


def test_unticking_remember_forgets_the_vaults_place(english_computer, qtbot, tmp_path) -> None:
    from evidence_kit.gui.settings import Settings

    session, window = start(qtbot)
    folder = tmp_path / "private-vault"
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    case.close()
    page = window.pages["case"]
    window.show_step("case")
    page.open_folder = folder
    page.remember.setChecked(False)
    page.open_secret.edit.setText(PASSPHRASE)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.case is not None, timeout=WAIT_MS)
    quit_program(session, window)
    assert str(folder) not in Settings.path().read_text(encoding="utf-8")
    assert Settings.load().remember_case_folder is False
