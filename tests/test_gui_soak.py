"""A long session in one process: ten thousand actions on the real window, no crash and no steady growth of memory.

Pages switched, items selected, descriptions typed and saved, accounts
opened, the case locked and unlocked through the unlock dialog, as a person
working on a case for an afternoon would. A Qt binding that loses a
reference per call (PySide6 6.12.0 on Python 3.11) aborts here long before
the end; a page that keeps something per action shows as memory that grows.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import Account, AccountOwner, Origin
from tests.test_gui_helpers import WAIT_MS, finish, open_window

pytest.importorskip("pytestqt")

ACTIONS = 10_000
WARM_UP = 2_000  # actions before the first measure: caches, fonts and pages reach their size
ITEMS = 40
GROWTH_LIMIT_MIB = 64  # generous: a leak of even 10 KiB per action would pass 90 MiB


def resident_mib() -> float:
    """This process's resident memory now (not its peak)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def _case(folder: Path) -> Case:
    case, _ = Case.create(folder, PASSPHRASE, name="Soak", kdf=KdfParams.for_tests())
    scammer = case.save_account(Account(id="", platform="instagram", owner=AccountOwner.SCAMMER, username="soak"))
    case.save_account(Account(id="", platform="snapchat", owner=AccountOwner.VICTIM, username="me"))
    for index in range(ITEMS):
        colour = (index * 5 % 256, 90, 200 - index)
        result = case.add_bytes(png_bytes(160, 120, colour, marker=bytes([index + 1])), origin=Origin.SCREEN_CAPTURE)
        if index % 4 == 0:
            case.update_item(result.item.id, account_ids=[scammer.id])
    return case


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the resident memory from /proc")
def test_ten_thousand_actions_in_one_session_neither_crash_nor_grow(qtbot, isolated_dirs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from evidence_kit.gui.thumbnails import CACHE_TILES
    from evidence_kit.gui.window import STEPS

    case = _case(tmp_path / "case")
    folder = case.folder
    session, window = open_window(qtbot)
    try:
        session.set_case(case)
        window.show_step("capture")
        capture = window.pages["capture"]
        accounts = window.pages["accounts"]
        capture.acknowledge_warning()
        actions = 0
        saves = unlocks = 0
        warm_mib = 0.0
        round_number = 0

        def act(count: int = 1) -> None:
            nonlocal actions, warm_mib
            actions += count
            if not warm_mib and actions >= WARM_UP:
                gc.collect()
                QApplication.processEvents()
                warm_mib = resident_mib()

        while actions < ACTIONS:
            round_number += 1
            for step in STEPS:
                window.show_step(step)
                act()
            window.show_step("capture")
            act()
            for k in range(20):
                capture.items_list.setCurrentRow((round_number * 7 + k) % ITEMS)
                capture.note.setPlainText(f"round {round_number}, entry {k}")
                act(2)
            capture.note.moveCursor(QTextCursor.MoveOperation.End)
            QTest.keyClicks(capture.note, " ok")
            act()
            if round_number % 5 == 0:
                capture.save_description()  # written in a worker thread: the page says so when it lands
                qtbot.waitUntil(lambda: capture.saved_label.text() == session.t("gui.capture.saved"))
                saves += 1
                act()
            window.show_step("accounts")
            accounts.scammer_list.setCurrentRow(0)
            act(2)
            if round_number % 10 == 0:
                window.lock_now()
                dialog = window.unlock_dialog
                assert session.case is None and dialog is not None
                dialog.field.edit.setText(PASSPHRASE)
                dialog.try_unlock()
                qtbot.waitUntil(lambda: session.case is not None and window.unlock_dialog is None, timeout=WAIT_MS)
                unlocks += 1
                act(2)
            QApplication.processEvents()

        gc.collect()
        QApplication.processEvents()
        end_mib = resident_mib()
        assert actions >= ACTIONS and saves >= 30 and unlocks >= 15
        assert session.case is not None and str(session.case.folder) == str(folder)
        assert session.case.verify().ok
        # The last description typed was saved and survived the locks.
        saved_notes = [item.note for item in session.case.items.values() if item.note]
        assert saved_notes and all(n.startswith("round ") and n.endswith(" ok") for n in saved_notes)
        assert capture.thumbnails.cached_count() <= CACHE_TILES
        assert end_mib - warm_mib < GROWTH_LIMIT_MIB, f"{warm_mib:.0f} MiB after warm-up, {end_mib:.0f} MiB at the end"
        window.show_step("capture")
        capture.items_list.setCurrentRow(0)
        assert capture.items_list.current_id() and capture.item_panel.details.isVisibleTo(capture)
        QTest.keyClick(capture.items_list, Qt.Key.Key_Down)
        assert capture.items_list.currentIndex().row() == 1
    finally:
        finish(session)
