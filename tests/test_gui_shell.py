"""The window's shell driven as a person would: quick exit, auto-lock, languages, creating and opening a case."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import PASSPHRASE
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from tests.test_gui_helpers import WAIT_MS, finish, open_window

pytest.importorskip("pytestqt")


@pytest.fixture
def window(qtbot, isolated_dirs):  # type: ignore[no-untyped-def]
    session, win = open_window(qtbot)
    yield win
    finish(session)


@pytest.fixture
def opened(window, tmp_path):  # type: ignore[no-untyped-def]
    case, _code = Case.create(tmp_path / "open-case", PASSPHRASE, name="Shell test", kdf=KdfParams.for_tests())
    window.session.set_case(case)
    return case


def test_every_step_has_a_page_and_a_placeholder_stands_in_for_missing_ones(window) -> None:
    from evidence_kit.gui.pages.base import Page
    from evidence_kit.gui.window import STEPS

    assert list(window.pages) == list(STEPS)
    assert all(isinstance(page, Page) for page in window.pages.values())
    assert window.step_list.count() == len(STEPS)


def test_steps_needing_a_case_are_unreachable_until_one_is_open(window, opened) -> None:
    window.session.lock()
    window.show_step("payments")
    assert window.current_step == "case"  # sent to the case page instead
    assert not window.step_list.item(4).flags() & Qt.ItemFlag.ItemIsEnabled


def test_a_returning_person_can_jump_to_any_step(window, opened) -> None:
    for row in range(window.step_list.count()):
        item = window.step_list.item(row)
        assert item.flags() & Qt.ItemFlag.ItemIsEnabled
    window.step_list.setFocus()
    window.step_list.setCurrentRow(5)
    QTest.keyClick(window.step_list, Qt.Key.Key_Return)
    assert window.current_step == "facts"
    assert "6." in window.step_list.item(5).text()


def test_quick_exit_button_hides_the_window_and_locks_the_case(window, opened, qtbot) -> None:
    QGuiApplication.clipboard().clear()
    window.pages["case"].recovery_code = "ABCDE-FGHIJ"
    from evidence_kit.gui.widgets.clipboard import shared_clipboard

    shared_clipboard().copy("something copied from the case")
    with qtbot.waitSignal(window.quick_exited, timeout=WAIT_MS):
        qtbot.mouseClick(window.quick_exit_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert opened.closed
    assert window.session.case is None
    assert QGuiApplication.clipboard().text() == ""


def test_ctrl_shift_q_is_a_quick_exit(window, opened, qtbot) -> None:
    with qtbot.waitSignal(window.quick_exited, timeout=WAIT_MS):
        QTest.keyClick(
            window.windowHandle(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    assert not window.isVisible() and opened.closed


def test_escape_twice_is_a_quick_exit_but_once_is_not(window, opened, qtbot) -> None:
    from evidence_kit.gui.window import DOUBLE_ESCAPE_MS

    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)
    first = time.monotonic()
    assert window.isVisible() and not opened.closed
    # The person waits longer than a double press allows (a condition on the clock, not a fixed sleep).
    qtbot.waitUntil(lambda: time.monotonic() - first > DOUBLE_ESCAPE_MS / 1000 + 0.1, timeout=WAIT_MS)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)
    assert window.isVisible() and not opened.closed
    with qtbot.waitSignal(window.quick_exited, timeout=WAIT_MS):
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)
    assert not window.isVisible() and opened.closed


def test_quick_exit_also_hides_an_open_dialog(window, opened, qtbot) -> None:
    window.lock_now()  # opens the unlock dialog
    dialog = window.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    window.quick_exit()
    assert not dialog.isVisible() and not window.isVisible()


def test_escape_twice_in_a_dialog_is_a_quick_exit_too(window, opened, qtbot) -> None:
    window.lock_now()  # the unlock dialog, a window of its own
    dialog = window.unlock_dialog
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle(), timeout=WAIT_MS)
    with qtbot.waitSignal(window.quick_exited, timeout=WAIT_MS):
        QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_Escape)
        QTest.keyClick(QGuiApplication.focusWindow() or window.windowHandle(), Qt.Key.Key_Escape)
    assert not window.isVisible() and not dialog.isVisible()


def test_input_in_another_window_is_not_counted(window, opened, qtbot) -> None:
    """Only this program's windows reset the auto-lock or make a double Escape."""
    from PySide6.QtWidgets import QLabel

    stranger = QLabel("not ours")
    qtbot.addWidget(stranger)
    stranger.show()
    qtbot.waitExposed(stranger, timeout=WAIT_MS)
    stranger.activateWindow()
    QTest.keyClick(stranger.windowHandle(), Qt.Key.Key_Escape)
    QTest.keyClick(stranger.windowHandle(), Qt.Key.Key_Escape)
    assert window.isVisible() and window.session.case is opened


def test_the_about_box_opens_from_the_window_and_quick_exit_hides_it(window, qtbot) -> None:
    assert window.about_button.isVisibleTo(window) and window.about_button.text() == "About Evidence Kit"
    qtbot.mouseClick(window.about_button, Qt.MouseButton.LeftButton)
    dialog = window.about_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=WAIT_MS)
    assert dialog.windowTitle() and dialog.parent() is window
    assert not window.windowIcon().isNull()  # the program's own icon, set after the first paint
    window.quick_exit()
    assert not dialog.isVisible() and not window.isVisible()


def test_auto_lock_after_inactivity_asks_for_the_passphrase_again(window, opened, qtbot) -> None:
    window.show_step("capture")
    window.set_auto_lock_minutes(0.003)  # 180 ms
    qtbot.waitUntil(lambda: window.session.case is None, timeout=WAIT_MS)
    assert opened.closed
    dialog = window.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    assert window.stack.currentWidget() is window.locked_panel  # nothing of the case behind the dialog
    dialog.field.edit.setText("not the passphrase")
    dialog.try_unlock()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=WAIT_MS)
    assert window.session.case is None
    assert "wrong" in dialog.error.text().lower()
    window.set_auto_lock_minutes(0)
    dialog.field.edit.setText(PASSPHRASE)
    QTest.keyClick(dialog.field.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.case is not None, timeout=WAIT_MS)
    assert window.session.case.folder == opened.folder
    assert window.current_step == "capture"
    assert window.stack.currentWidget() is not window.locked_panel


def test_activity_postpones_auto_lock(window, opened, qtbot) -> None:
    # A minute: far longer than this test, however loaded the machine; what is checked is that input
    # starts the count again, read from the timer itself rather than from races against the clock.
    window.set_auto_lock_minutes(1)
    centre = window.step_list.mapTo(window, window.step_list.rect().center())

    def move_mouse() -> None:
        # Through the window (QTest moves a widget's pointer without an event); two different points,
        # since Qt drops a move to where the pointer already is.
        QTest.mouseMove(window.windowHandle(), centre)
        QTest.mouseMove(window.windowHandle(), centre + QPoint(7, 5))

    inputs = {
        "mouse": move_mouse,
        "key": lambda: QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift),
    }
    for what, act in inputs.items():
        qtbot.waitUntil(lambda: window.auto_lock_remaining_ms() < 60_000 - 200, timeout=WAIT_MS)
        before = window.auto_lock_remaining_ms()
        act()
        assert window.auto_lock_remaining_ms() > before, what
    assert window.session.case is opened and not opened.closed
    # Without input the case locks.
    window.set_auto_lock_minutes(0.003)
    qtbot.waitUntil(lambda: window.session.case is None, timeout=WAIT_MS)


def test_switching_language_retranslates_the_window_and_qt_dialogs(window, opened, qtbot) -> None:
    welcome = window.pages["welcome"]
    window.show_step("welcome")
    assert window.title.text() == "Welcome"
    qtbot.mouseClick(welcome.french, Qt.MouseButton.LeftButton)
    assert window.session.translator.lang == "fr"
    assert window.title.text() == "Bienvenue"
    assert window.quick_exit_button.text() == "Sortie rapide"
    assert "Suivant" in window.next_button.text()
    # The case says the victim uses it: "tu"; someone helping is spoken to with "vous".
    assert "3018" in window.help_strip.label.text() and "appelle " in window.help_strip.label.text()
    qtbot.mouseClick(welcome.helper, Qt.MouseButton.LeftButton)
    assert "Votre coffre-fort" in window.step_list.item(1).text()
    assert "appelez" in window.help_strip.label.text()
    qtbot.mouseClick(welcome.victim, Qt.MouseButton.LeftButton)
    assert "Ton coffre-fort" in window.step_list.item(1).text()
    assert "appelle " in window.help_strip.label.text()

    # Qt's own buttons follow (qtbase_fr.qm).
    def cancel_text() -> str:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        return box.button(QDialogButtonBox.StandardButton.Cancel).text()

    assert "Annuler" in cancel_text()
    qtbot.mouseClick(welcome.english, Qt.MouseButton.LeftButton)
    assert window.title.text() == "Welcome"
    assert "Cancel" in cancel_text()


def test_help_strip_links_open_in_the_browser(window) -> None:
    opened_urls: list[str] = []

    class Browser(QObject):
        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            opened_urls.append(url.toString())

    browser = Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        links = [entry.url for entry in window.help_strip.entries if entry.url]
        assert links, "the help strip shows at least one link"
        window.help_strip.label.linkActivated.emit(links[0])
        assert opened_urls == [links[0]]
        assert not window.help_strip.open_link("file:///etc/passwd")
    finally:
        QDesktopServices.unsetUrlHandler("https")


def test_creating_a_case_through_the_case_page(window, qtbot, isolated_dirs) -> None:
    page = window.pages["case"]
    window.show_step("case")
    page.name_edit.setText("Mon dossier")
    QTest.keyClicks(page.passphrase1.edit, "short")
    assert "at least 8" in page.create_error.text()
    page.passphrase1.edit.clear()
    QTest.keyClicks(page.passphrase1.edit, PASSPHRASE)
    QTest.keyClicks(page.passphrase2.edit, PASSPHRASE + "x")
    assert "different" in page.create_error.text()
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.task is None and window.session.case is None
    page.passphrase2.edit.setText(PASSPHRASE)
    folder = page.new_folder
    assert str(folder).startswith(str(isolated_dirs))  # under the program's data folder, not Documents
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.case is not None, timeout=WAIT_MS)
    case = window.session.case
    assert case.folder == folder and case.profile.name == "Mon dossier"
    # The recovery code is shown once and opens the case.
    code = page.recovery_label.text()
    assert page.mode.currentIndex() == 1 and len(code) > 20
    assert not page.continue_button.isEnabled()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == code
    page.written_down.setChecked(True)
    qtbot.mouseClick(page.continue_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == ""  # taken back when the person goes on
    assert page.recovery_label.text() == "" and page.recovery_code == ""
    assert window.current_step == "capture"
    assert window.step_list.item(1).text().startswith("\u2713")
    window.session.lock()
    reopened = Case.open(folder, recovery_code=code)
    assert reopened.profile.name == "Mon dossier"
    reopened.close()
    # Nothing of the case in the settings file.
    settings = isolated_dirs / ".config" / "evidence-kit" / "settings.json"
    assert not settings.exists() or "Mon dossier" not in settings.read_text()


def test_copied_secret_is_cleared_after_its_lifetime(qtbot) -> None:
    from evidence_kit.gui.widgets.clipboard import SafeClipboard

    clip = SafeClipboard()
    clip.copy("RECOVERY-CODE", secret=True, lifetime_ms=100)
    assert QGuiApplication.clipboard().text() == "RECOVERY-CODE"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=WAIT_MS)
    # Something the person copied afterwards is theirs: never cleared.
    clip.copy("HASH")
    QGuiApplication.clipboard().setText("theirs")
    clip.clear()
    assert QGuiApplication.clipboard().text() == "theirs"


def test_opening_a_case_through_the_case_page_with_the_passphrase(window, qtbot, isolated_dirs) -> None:
    from evidence_kit.gui.settings import default_cases_dir

    folder = default_cases_dir() / "case-20240101-1200"
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    case.close()
    page = window.pages["case"]
    window.show_step("case")
    assert page.case_list.count() == 1 and page.open_folder == folder
    page.open_secret.edit.setText("wrong passphrase")
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is None, timeout=WAIT_MS)
    assert window.session.case is None and "wrong" in page.open_error.text().lower()
    page.open_secret.edit.setText(PASSPHRASE)
    QTest.keyClick(page.open_secret.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.case is not None, timeout=WAIT_MS)
    assert window.current_step == "capture"
    assert "EK-" in window.case_label.text()


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable controls a screen reader could not name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            continue  # Qt's accessibility reports the spin box or combo box itself, which carries the name
        if isinstance(widget, QTabBar) and isinstance(widget.parent(), QTabWidget):
            continue  # each tab is named by its own text
        kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
        link = isinstance(widget, QLabel) and "<a " in widget.text()  # plain labels are read by their text
        if isinstance(widget, kinds) or link:
            name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            if not name.strip():
                missing.append(f"{type(widget).__name__} {widget.objectName()}")
    return missing


def fill_for_every_page(case: Case) -> None:
    """An account with a linked screenshot, a payment and an event: every page shows its full set of controls."""
    from helpers import png_bytes

    from evidence_kit.core.model import Account, Origin, Payment, PaymentKind, Stage, TimelineEvent

    account = case.save_account(Account(id="", platform="instagram", username="@lea.du.75"))
    item = case.add_bytes(png_bytes(), origin=Origin.SCREEN_CAPTURE).item
    case.update_item(item.id, account_ids=[account.id])
    case.save_payment(Payment(id="", kind=PaymentKind.DEMAND, date="2026-03-03T22:45:00+01:00", amount="50"))
    case.save_event(TimelineEvent(id="", date="2026-03-01T20:15:00+01:00", stage=Stage.FIRST_CONTACT))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_control_of_every_page_has_an_accessible_name(window, qtbot, tmp_path, lang) -> None:
    from evidence_kit.gui.window import STEPS

    window.session.set_language(lang)
    for step in ("welcome", "case"):  # before a case is open
        window.show_step(step)
        assert unnamed_controls(window) == [], step
    case, _ = Case.create(tmp_path / "named", PASSPHRASE, kdf=KdfParams.for_tests())
    fill_for_every_page(case)
    window.session.set_case(case)
    window.pages["capture"].acknowledge_warning()
    for step in STEPS:
        window.show_step(step)
        QApplication.processEvents()
        assert window.current_step == step
        assert unnamed_controls(window) == [], step


def test_keyboard_only_from_welcome_to_a_new_case(window, qtbot) -> None:
    """Tab moves through the controls; Space and Enter act; no mouse."""
    window.activateWindow()
    welcome = window.pages["welcome"]
    welcome.french.setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # radio group: Down picks English
    assert window.session.translator.lang == "en"
    for _ in range(20):
        if QApplication.focusWidget() is welcome.start_button:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is welcome.start_button
    QTest.keyClick(welcome.start_button, Qt.Key.Key_Space)
    assert window.current_step == "case"


def tab_to(target: QWidget, limit: int = 400) -> list[str]:
    """Press Tab until ``target`` has the focus; returns the path taken (for the failure message)."""
    path = []
    for _ in range(limit):
        focused = QApplication.focusWidget()
        if focused is target:
            return path
        path.append(f"{type(focused).__name__}:{focused.objectName() if focused else ''}")
        QTest.keyClick(focused or target.window().windowHandle(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()}: {path[-12:]}")


def test_keyboard_only_through_every_step(window, qtbot, tmp_path) -> None:
    """With a case open, every page lets Tab reach the "next" button (no control keeps the focus), and back."""
    from evidence_kit.gui.window import STEPS

    case, _ = Case.create(tmp_path / "keys", PASSPHRASE, kdf=KdfParams.for_tests())
    fill_for_every_page(case)
    window.session.set_case(case)
    window.pages["capture"].acknowledge_warning()
    window.show_step("welcome")
    window.activateWindow()
    window.pages["welcome"].start_button.setFocus()
    for expected in STEPS[1:]:
        tab_to(window.next_button)
        QTest.keyClick(window.next_button, Qt.Key.Key_Space)
        assert window.current_step == expected
    tab_to(window.back_button)
    QTest.keyClick(window.back_button, Qt.Key.Key_Space)
    assert window.current_step == STEPS[-2]


def test_text_follows_the_system_font_size(qtbot) -> None:
    from PySide6.QtGui import QFont

    from evidence_kit.gui import style

    original = QApplication.font()
    try:
        big = QFont(original)
        big.setPointSizeF(20)
        QApplication.setFont(big)
        assert "32.0pt" in style.style_sheet()  # titles are 1.6x the system size
    finally:
        QApplication.setFont(original)


def test_settings_keep_nothing_personal_and_survive_bad_files(isolated_dirs) -> None:
    from evidence_kit.gui.settings import Settings

    settings = Settings(
        capture_delay=42, auto_lock_minutes=-3, last_case_folder="/secret/place", remember_case_folder=False
    )
    assert settings.capture_delay == 10 and settings.auto_lock_minutes == 0
    assert settings.last_case_folder == ""  # not remembered once the person unticked "remember"
    assert Settings(register="someone").register == ""
    settings.save()
    assert Settings.load().capture_delay == 10
    Settings.path().write_text("{not json")
    assert Settings.load() == Settings()
    remembering = Settings(remember_case_folder=True)
    remembering.remember_folder(Path("/cases/case-1"))
    remembering.save()
    assert Settings.load().last_case_folder == "/cases/case-1"


def test_next_on_the_vault_step_waits_for_a_vault_and_says_why(qtbot, isolated_dirs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from evidence_kit.core.crypto import KdfParams

    session, window = open_window(qtbot)
    window.show_step("welcome")
    assert window.next_button.isEnabled()  # to the vault step: nothing needed
    window.show_step("case")
    assert not window.next_button.isEnabled()
    assert window.next_button.toolTip() == session.t("gui.window.next_needs_vault")
    assert window.next_button.accessibleDescription() == window.next_button.toolTip()
    case, _ = Case.create(tmp_path / "case", PASSPHRASE, kdf=KdfParams.for_tests())
    session.set_case(case)
    qtbot.waitUntil(window.next_button.isEnabled)
    assert window.next_button.toolTip() == ""
