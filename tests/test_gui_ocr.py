"""Screenshots read in the window: in the background, shown in the item panel, proposed, never for intimate items.

The pictures are the phone-sized screenshots of tests/test_ocr_cli.py (drawn with DejaVu Sans, holding a Bitcoin
address and an IBAN); the engine is the real Tesseract. The engine used here notes the threads it ran in, and
``GatedEngine`` holds its recognition until the test lets it go, to act while a reading is in flight.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import Origin
from evidence_kit.ocr.reading import readings
from evidence_kit.ocr.tesseract import TesseractEngine
from tests.conftest import PASSPHRASE, png_bytes
from tests.test_gui_helpers import TASK_WAIT_MS, WAIT_MS, finish, open_window
from tests.test_ocr_cli import BITCOIN, IBAN, draw_threat

pytest.importorskip("pytestqt")


class NotingEngine(TesseractEngine):
    """The real engine, noting the threads it reads in."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()
        self.started = threading.Event()
        self.gate = threading.Event()
        self.gate.set()

    def _recognise(self, image):  # type: ignore[no-untyped-def]
        self.threads.add(threading.get_ident())
        self.started.set()
        assert self.gate.wait(TASK_WAIT_MS / 1000)
        return super()._recognise(image)


@pytest.fixture(scope="module")
def engine() -> NotingEngine:
    return NotingEngine()


@pytest.fixture(scope="module")
def screenshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ocr-gui") / "threat.png"
    draw_threat(path, dark=True)
    return path


@pytest.fixture
def window(qtbot, isolated_dirs, tmp_path, engine):  # type: ignore[no-untyped-def]
    session, win = open_window(qtbot)
    case, _ = Case.create(tmp_path / "case", PASSPHRASE, kdf=KdfParams.for_tests())
    session.set_case(case)
    win.show_step("capture")
    page = win.pages["capture"]
    page.ocr.engine = engine
    engine.threads.clear()
    engine.started.clear()
    engine.gate.set()
    page.acknowledge_warning()
    yield win
    engine.gate.set()
    finish(session)


def test_an_imported_screenshot_is_read_in_the_background_and_its_identifiers_proposed(
    qtbot, window, engine, screenshot
):  # type: ignore[no-untyped-def]
    page = window.pages["capture"]
    section = page.item_panel.reading
    with qtbot.waitSignal(page.ocr.item_read, timeout=TASK_WAIT_MS) as read:
        page.import_files([screenshot])
    case = page.session.case
    [item] = case.evidence_items()
    assert read.args == [item.id]
    assert engine.threads and threading.get_ident() not in engine.threads, "read off the GUI thread"
    [reading] = readings(case, item.id)
    assert reading.engine == "tesseract" and "Dernière chance" in reading.text
    # The panel shows the text, small and labelled, and what was found in it, nothing ticked.
    assert page.items_list.current_id() == item.id
    assert section.isVisible() and section.title.text() == "Text read from this picture"
    assert section.caption.text() == "read automatically, may contain errors"
    assert section.text.toPlainText() == reading.text and "Réfléchis" in reading.text
    assert section.text.font().pointSizeF() < page.item_title.font().pointSizeF()
    assert section.provenance.text().startswith("Read by tesseract 5.")
    values = {section.proposals.topLevelItem(n).text(1) for n in range(section.proposals.topLevelItemCount())}
    assert {BITCOIN, IBAN} <= values
    assert not section.accept_button.isEnabled()
    # Accepting the IBAN makes a payment whose evidence is the screenshot; the address stays proposed.
    assert section.tick(IBAN)
    assert section.accept_button.isEnabled()
    qtbot.mouseClick(section.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.task is None and "1 record added" in section.result.text(), timeout=WAIT_MS)
    [payment] = case.payments.values()
    assert payment.destination == IBAN and payment.evidence_ids == [item.id]
    assert not case.accounts
    assert section.tick(BITCOIN) and not section.tick(IBAN), "the IBAN is decided, the address still to decide"
    # Dropping the address records nothing and is remembered.
    qtbot.mouseClick(section.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.task is None and "dropped" in section.result.text(), timeout=WAIT_MS)
    assert len(case.payments) == 1
    [kept] = readings(case, item.id)
    assert {i.value: i.status.value for i in kept.identifiers}[BITCOIN] == "dismissed"
    # In French, the label says so.
    page.session.set_language("fr")
    assert section.caption.text() == "lu automatiquement, peut contenir des erreurs"
    assert section.title.text() == "Texte lu sur cette image"


def test_intimate_items_are_never_read(qtbot, window, engine, screenshot, tmp_path):  # type: ignore[no-untyped-def]
    page = window.pages["capture"]
    session, case = page.session, page.session.case
    marked = case.add_file(screenshot, origin=Origin.IMPORT).item
    case.mark_intimate(marked.id)
    fingerprint_only = case.record_intimate_image(screenshot, "described only")
    session.notify("item")
    page.ocr.schedule(0)
    qtbot.wait(200)
    qtbot.waitUntil(lambda: not page.ocr.busy and not page.ocr.timer.isActive(), timeout=WAIT_MS)
    assert readings(case) == [] and not engine.threads and page.ocr.pending() == []
    page.refresh()
    page.items_list.select(marked.id)
    page._show_current()
    assert "intimate image: it is never read" in page.item_panel.reading.state.text()
    assert not page.item_panel.reading.text.isVisible()
    page.items_list.select(fingerprint_only.id)
    page._show_current()
    assert (
        page.item_panel.reading.state.text()
        == f"{fingerprint_only.id} is marked as an intimate image: it is never read."
    )
    # One marked intimate while it is being read: what was read is dropped, never kept.
    engine.gate.clear()
    other = tmp_path / "light.png"
    draw_threat(other, dark=False)
    item = case.add_file(other, origin=Origin.IMPORT).item
    session.notify("item")
    page.ocr.schedule(0)
    qtbot.waitUntil(engine.started.is_set, timeout=WAIT_MS)
    assert page.ocr.state(item.id) == "reading"
    case.mark_intimate(item.id)
    engine.gate.set()
    qtbot.waitUntil(lambda: not page.ocr.busy, timeout=TASK_WAIT_MS)
    assert readings(case) == []


def test_locking_the_case_cancels_a_reading_in_flight(qtbot, window, engine, screenshot):  # type: ignore[no-untyped-def]
    page = window.pages["capture"]
    session = page.session
    folder = session.case.folder
    engine.gate.clear()
    page.import_files([screenshot])
    qtbot.waitUntil(engine.started.is_set, timeout=TASK_WAIT_MS)
    qtbot.waitUntil(lambda: page.ocr.busy, timeout=WAIT_MS)
    task = page.ocr.task
    assert page.item_panel.reading.progress_box.isVisible()
    assert page.item_panel.reading.state.text() == "Being read…"
    threading.Timer(0.3, engine.gate.set).start()  # the recognition ends while the window waits for it
    window.lock_now()
    assert task.cancelled and session.case is None and page.ocr.task is None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=TASK_WAIT_MS)
    with Case.open(folder, passphrase=PASSPHRASE) as reopened:
        assert len(reopened.items) == 1 and readings(reopened) == []


def test_stop_leaves_the_picture_unread_until_asked(qtbot, window, engine):  # type: ignore[no-untyped-def]
    page = window.pages["capture"]
    session, case = page.session, page.session.case
    engine.gate.clear()
    item = case.add_bytes(png_bytes(width=400, height=300, color=(250, 250, 250)), origin=Origin.IMPORT).item
    session.notify("item")
    page.ocr.schedule(0)
    qtbot.waitUntil(engine.started.is_set, timeout=WAIT_MS)
    page.refresh()
    page.items_list.select(item.id)
    page._show_current()
    section = page.item_panel.reading
    qtbot.mouseClick(section.stop_button, Qt.MouseButton.LeftButton)
    engine.gate.set()
    qtbot.waitUntil(lambda: not page.ocr.busy, timeout=TASK_WAIT_MS)
    assert readings(case) == [] and page.ocr.state(item.id) == "stopped"
    assert section.state.text() == "Not read: the reading was stopped." and section.read_button.isVisible()
    with qtbot.waitSignal(page.ocr.item_read, timeout=TASK_WAIT_MS):
        qtbot.mouseClick(section.read_button, Qt.MouseButton.LeftButton)
    assert len(readings(case, item.id)) == 1
    assert section.state.text() == "No text was found on this picture."


def test_the_panel_says_when_the_item_was_timestamped(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from evidence_kit.anchoring import save_settings

    page = window.pages["capture"]
    case = page.session.case
    item = case.add_bytes(png_bytes(width=300, height=200, color=(9, 90, 9)), origin=Origin.SCREEN_CAPTURE).item
    page.refresh()
    page.items_list.select(item.id)
    page._show_current()
    assert not page.item_panel.anchored.isVisible()  # the vault does not ask for timestamps: no line
    save_settings(case, True, ["http://127.0.0.1:9/tsa"])  # nothing listens there: the request waits
    page._show_current()
    assert page.item_panel.anchored.isVisible()
    assert (
        page.item_panel.anchored.text() == window.anchoring.item_text(item.id) == "Timestamp waiting for the Internet"
    )
