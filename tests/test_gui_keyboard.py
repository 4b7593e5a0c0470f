"""Keyboard and screen reader, in the real window at 1280×800: every page walked with Tab, and the next action in view.

Tab is pressed on whatever has the focus (``QApplication.focusWidget()``), as a person does; each stop is
asked for its name through ``QAccessible`` (what AT-SPI hands to Orca).  After "I understand", an import
and an export, the widgets the person needs next must lie inside the scroll area's viewport.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PASSPHRASE
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from tests.test_gui_helpers import TASK_WAIT_MS, WAIT_MS, finish, open_window
from tests.test_gui_shell import fill_for_every_page

pytest.importorskip("pytestqt")

TAB_LIMIT = 150  # far more stops than any page has: a cycle must close well before


@pytest.fixture
def window(qtbot, isolated_dirs, tmp_path):  # type: ignore[no-untyped-def]
    session, win = open_window(qtbot)
    assert (win.width(), win.height()) == (1280, 800)
    yield win
    finish(session)


def open_case(window, tmp_path: Path, fill: bool = True):  # type: ignore[no-untyped-def]
    case, _ = Case.create(tmp_path / "keys", PASSPHRASE, name="Keyboard", kdf=KdfParams.for_tests())
    if fill:
        fill_for_every_page(case)
    window.session.set_case(case)
    return case


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def describe(widget: QWidget | None) -> str:
    return f"{type(widget).__name__}:{widget.objectName()}" if widget is not None else "None"


def tab_cycle(start: QWidget) -> list[QWidget]:
    """The stops met pressing Tab from ``start`` until the focus comes back to it."""
    stops = [start]
    for _ in range(TAB_LIMIT):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None, f"Tab lost the focus after {describe(stops[-1])}"
        if focused is start:
            return stops
        stops.append(focused)
    raise AssertionError(f"Tab never came back to {describe(start)}: {[describe(w) for w in stops[-12:]]}")


def in_viewport(widget: QWidget) -> bool:
    area = widget.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    viewport = area.viewport()
    rect = QRect(widget.mapTo(viewport, widget.rect().topLeft()), widget.size())
    return widget.isVisible() and viewport.rect().contains(rect)


def test_the_window_opens_with_the_focus_on_the_first_control_of_the_welcome_page(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)
    focused = QApplication.focusWidget()
    assert window.pages["welcome"].isAncestorOf(focused) and spoken_name(focused), describe(focused)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_is_walked_with_tab_every_stop_named_next_and_quick_exit_reached(
    window, qtbot, tmp_path, lang
) -> None:
    from evidence_kit.gui.window import STEPS

    window.session.set_language(lang)
    open_case(window, tmp_path)
    window.pages["capture"].acknowledge_warning()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    for step in STEPS:
        window.show_step(step)
        page = window.pages[step]
        start = QApplication.focusWidget()
        # The page starts on its own first control, not on the scroll area around it.
        assert start is not None and page.isAncestorOf(start), (step, describe(start))
        assert not isinstance(start, QScrollArea)
        stops = tab_cycle(start)
        silent = [describe(w) for w in stops if not spoken_name(w)]
        assert silent == [], (step, silent)
        assert window.next_button in stops or step == STEPS[-1], (step, [describe(w) for w in stops])
        assert window.quick_exit_button in stops, step
        assert window.help_strip.label in stops, step  # its links can be reached
        # Shift+Tab walks back the same way.
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        assert QApplication.focusWidget() is stops[-1], step


def test_tab_leaves_the_tables_and_arrows_move_inside(window, qtbot, tmp_path) -> None:
    open_case(window, tmp_path)
    window.activateWindow()
    for step in ("payments", "facts"):
        window.show_step(step)
        table = window.pages[step].table
        assert table.rowCount() >= 1
        table.setFocus()
        table.setCurrentCell(0, 0)
        QTest.keyClick(table, Qt.Key.Key_Right)
        assert table.currentColumn() == 1 and QApplication.focusWidget() is table  # arrows stay inside
        QTest.keyClick(table, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not table, step
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        assert QApplication.focusWidget() is table, step


def test_a_date_on_the_report_page_is_one_tab_stop(window, qtbot, tmp_path) -> None:
    open_case(window, tmp_path)
    window.activateWindow()
    window.show_step("report")
    from PySide6.QtWidgets import QCheckBox, QDateTimeEdit

    page = window.pages["report"]
    box = next(w for w in page.findChildren(QCheckBox) if w.objectName().endswith("_reported") and w.isVisible())
    edit = next(w for w in page.findChildren(QDateTimeEdit) if w.objectName() == f"{box.objectName()}_at")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)  # reported: its date can be set
    qtbot.waitUntil(edit.isEnabled, timeout=WAIT_MS)
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not edit
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is edit


def test_the_help_strip_reads_out_every_number(window) -> None:
    window.session.set_language("fr")
    name = spoken_name(window.help_strip.label)
    for number in ("3018", "17", "112"):
        assert number in name, name
    assert "3018.fr" in name


def test_the_small_clear_buttons_inside_fields_have_a_name(window, qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QLineEdit, QToolButton

    open_case(window, tmp_path)
    for step in ("accounts", "report", "dossier"):
        window.show_step(step)
        buttons = [b for e in window.pages[step].findChildren(QLineEdit) for b in e.findChildren(QToolButton)]
        assert buttons, step
        assert all(spoken_name(b) == "Clear the field" for b in buttons), step


def test_after_i_understand_and_after_an_import_the_capture_button_and_the_new_item_are_in_view(
    window, qtbot, tmp_path, make_png
) -> None:
    open_case(window, tmp_path, fill=False)
    window.activateWindow()
    window.show_step("capture")
    page = window.pages["capture"]
    scroll = window._scrolls["capture"]
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())  # the person had scrolled down
    qtbot.mouseClick(page.understood_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: in_viewport(page.capture_button), timeout=WAIT_MS)
    assert QApplication.focusWidget() is page.capture_button
    for round_ in range(2):
        scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
        page.import_files([make_png(color=(40 * round_, 90, 160))])
        qtbot.waitUntil(lambda: page.task is None and not page.queue, timeout=TASK_WAIT_MS)
        qtbot.waitUntil(lambda: in_viewport(page.capture_button) and in_viewport(page.item_title), timeout=WAIT_MS)
        assert page.item_title.text() and QApplication.focusWidget() is page.capture_button


def test_after_creating_the_dossier_the_result_card_is_in_view_with_the_focus(window, qtbot, tmp_path) -> None:
    open_case(window, tmp_path)
    window.activateWindow()
    window.show_step("dossier")
    page = window.pages["dossier"]
    (tmp_path / "out").mkdir()
    page.out_path.setText(str(tmp_path / "out" / "dossier.pdf"))
    page._path_touched = True
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is None, timeout=TASK_WAIT_MS)
    assert page.result is not None, page.export_message.text()
    qtbot.waitUntil(lambda: in_viewport(page.result_title), timeout=WAIT_MS)
    for widget in (page.result_path, page.hash_label, page.open_folder):
        assert in_viewport(widget), widget.objectName()
    assert QApplication.focusWidget() is page.open_folder
