"""The capture page driven with real widgets and a real case: import, paste, drop, describe, crop, redact, intimate."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import DerivationKind, Origin
from tests.test_gui_helpers import TASK_WAIT_MS, WAIT_MS, finish, open_window, poll

pytest.importorskip("pytestqt")


@pytest.fixture
def window(qtbot, isolated_dirs, tmp_path):  # type: ignore[no-untyped-def]
    session, win = open_window(qtbot)
    case, _ = Case.create(tmp_path / "case", PASSPHRASE, kdf=KdfParams.for_tests())
    session.set_case(case)
    win.show_step("capture")
    yield win
    finish(session)


@pytest.fixture
def page(window):  # type: ignore[no-untyped-def]
    return window.pages["capture"]


def wait_idle(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.task is None and not page.queue, timeout=TASK_WAIT_MS)


def test_intimate_image_warning_comes_before_the_first_capture(page, qtbot) -> None:
    assert page.warning_text.isVisible()
    assert "intimate" in page.warning_title.text().lower()
    assert not page.capture_button.isEnabled()
    assert not page.import_button.isEnabled() and not page.paste_button.isEnabled()
    qtbot.mouseClick(page.understood_button, Qt.MouseButton.LeftButton)
    assert page.capture_button.isEnabled() and page.import_button.isEnabled()
    assert not page.warning_text.isVisible()
    assert "reminder" in page.warning_title.text().lower()  # a reminder stays
    # Understood once per case: still so after locking and opening again.
    case = page.session.case
    folder = case.folder
    qtbot.waitUntil(lambda: not page.writer.busy)  # the acknowledgement written before the case locks
    page.session.lock()
    page.session.set_case(Case.open(folder, passphrase=PASSPHRASE))
    page.refresh()
    assert page.capture_button.isEnabled()


def test_imported_files_appear_with_thumbnail_hash_and_time(page, qtbot, make_png, tmp_path) -> None:
    page.acknowledge_warning()
    files = [make_png(color=(10 * i, 40, 200)) for i in range(3)]
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    page.import_files([*files, empty])
    wait_idle(qtbot, page)
    case = page.session.case
    assert page.items_list.count() == 3
    assert len(case.items) == 3
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        item = case.find_by_sha256(digest)
        assert item is not None and item.origin == Origin.IMPORT and item.source_name == path.name
    page.items_list.setCurrentRow(0)
    first = case.evidence_items()[0]
    assert page.hash_label.value() == first.sha256
    # The time as everywhere in the program: local wall time, then its UTC offset (i18n.times).
    kept = dt.datetime.fromisoformat(first.local_time)
    offset = kept.strftime("%z")
    assert f"{kept:%d/%m/%Y %H:%M:%S} UTC{offset[:3]}:{offset[3:]}" in page.obtained.text()
    assert page.preview.pixmap() is not None and not page.preview.pixmap().isNull()
    # The thumbnail is decoded in the background for the rows on screen, then shown in the list.
    qtbot.waitUntil(lambda: page.thumbnails.is_cached(first.id, first.thumbnail_blob_id), timeout=WAIT_MS)
    icon = page.model.data(page.model.index(0), Qt.ItemDataRole.DecorationRole)
    assert icon is page.thumbnails.icon(first.id, first.thumbnail_blob_id) and not icon.isNull()
    assert "empty.png" in page.status.text()  # rejected with a message, the others kept
    qtbot.mouseClick(page.hash_label.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == first.sha256
    # The same file again is recognised, not stored twice.
    page.import_files([files[0]])
    wait_idle(qtbot, page)
    assert len(case.items) == 3 and "Already" in page.status.text()


def test_each_item_appears_while_the_import_is_still_running(page, qtbot, make_png) -> None:
    page.acknowledge_warning()
    files = [make_png(width=1600, height=1200, color=(i, 2 * i, 90)) for i in range(12)]
    seen_during: list[int] = []
    page.import_files(files)
    task = page.task
    task.produced.connect(lambda _v: seen_during.append(page.items_list.count()) if page.task is not None else None)
    wait_idle(qtbot, page)
    assert seen_during and seen_during[0] < 12  # shown one by one, not at the end
    assert page.items_list.count() == 12


def test_paste_an_image_from_the_clipboard(page, qtbot) -> None:
    page.acknowledge_warning()
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    QGuiApplication.clipboard().setImage(image)
    page.setFocus()
    QTest.keyClick(page, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, page)
    case = page.session.case
    (item,) = case.items.values()
    assert item.origin == Origin.CLIPBOARD and (item.width, item.height) == (200, 100)


def test_drop_files_on_the_page(page, qtbot, make_png) -> None:
    page.acknowledge_warning()
    path = make_png(color=(1, 2, 3))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    page.dropEvent(event)
    qtbot.waitUntil(lambda: page.task is None and bool(page.session.case.items), timeout=TASK_WAIT_MS)
    (item,) = page.session.case.items.values()
    assert item.source_name == path.name


def test_describe_an_item(page, qtbot, make_png) -> None:
    from evidence_kit.core.model import Account

    page.acknowledge_warning()
    case = page.session.case
    account = case.save_account(Account(id="", platform="instagram", username="lea_x"))
    page.refresh()
    page.import_files([make_png()])
    wait_idle(qtbot, page)
    page.kind.setCurrentIndex(page.kind.findData("threat"))
    page.platform.setCurrentIndex(page.platform.findData("instagram"))
    page.account.setCurrentIndex(page.account.findData(account.id))
    page.when_known.setChecked(True)
    page.note.setPlainText("Threatens to send the pictures to my class")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.saved_label.text() == "Saved.")
    (item,) = case.items.values()
    assert item.kind.value == "threat" and item.platform == "instagram"
    assert item.account_ids == [account.id] and item.account == "lea_x"
    assert item.happened_at and item.note.startswith("Threatens")
    assert case.can_mark_blocked(account.id)  # screenshot before blocking: now allowed
    assert page.saved_label.text() == "Saved."


def picture_with_a_secret(tmp_path: Path) -> Path:
    image = Image.new("RGB", (400, 300), (255, 255, 255))
    for x in range(100, 200):
        for y in range(100, 150):
            image.putpixel((x, y), (220, 0, 0))
    path = tmp_path / "secret.png"
    image.save(path)
    return path


def stored_picture(case: Case, item_id: str) -> Image.Image:
    with case.open_original(item_id) as reader:
        return Image.open(io.BytesIO(reader.read())).convert("RGB")


def draw(canvas, qtbot, start: tuple[int, int], end: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Drag with the mouse from one picture point to another (given in the picture's pixels)."""
    scale = canvas._scale()
    origin = canvas._origin()

    def at(point: tuple[int, int]) -> QPoint:
        return QPoint(int(origin.x() + point[0] * scale + 0.5), int(origin.y() + point[1] * scale + 0.5))

    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(start))
    QTest.mouseMove(canvas, at(end))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(end))


def run_editor(page, qtbot, mode: str, act) -> None:  # type: ignore[no-untyped-def]
    """Open the crop or redact dialog, let ``act`` draw in it, and confirm."""

    def drive() -> bool:
        dialog = getattr(page, "editor", None)
        if dialog is None or not dialog.isVisible():
            return False
        try:
            act(dialog)
        finally:  # a failed check must not leave the dialog's event loop running
            dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return True

    poll(drive)
    page.edit_picture(mode)
    wait_idle(qtbot, page)


def test_redact_with_black_boxes_drawn_with_the_mouse(page, qtbot, tmp_path) -> None:
    page.acknowledge_warning()
    page.import_files([picture_with_a_secret(tmp_path)])
    wait_idle(qtbot, page)
    case = page.session.case
    (parent,) = case.items.values()

    def act(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.canvas.resize(800, 600)
        draw(dialog.canvas, qtbot, (90, 90), (210, 160))
        assert len(dialog.boxes()) == 1

    run_editor(page, qtbot, "redact", act)
    derived = [i for i in case.items.values() if i.parent == parent.id]
    assert len(derived) == 1
    child = derived[0]
    assert child.derivation.kind == DerivationKind.REDACT and child.derivation.parent_sha256 == parent.sha256
    picture = stored_picture(case, child.id)
    assert picture.getpixel((150, 125)) == (0, 0, 0)  # the secret is gone
    assert picture.getpixel((300, 250)) == (255, 255, 255)  # the rest is untouched
    assert stored_picture(case, parent.id).getpixel((150, 125)) == (220, 0, 0)  # the original never changes
    assert page.items_list.current_id() == child.id


def test_redact_with_blur_and_keyboard_only(page, qtbot, tmp_path) -> None:
    page.acknowledge_warning()
    page.import_files([picture_with_a_secret(tmp_path)])
    wait_idle(qtbot, page)
    case = page.session.case
    (parent,) = case.items.values()

    def act(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.blur.setChecked(True)
        canvas = dialog.canvas
        QTest.keyClick(canvas, Qt.Key.Key_Insert)  # a box in the middle: 100,75 → 300,225
        QTest.keyClick(canvas, Qt.Key.Key_Up)
        assert dialog.boxes() == [(100, 65, 300, 215)]

    run_editor(page, qtbot, "redact", act)
    (child,) = [i for i in case.items.values() if i.parent == parent.id]
    assert child.derivation.params["style"] == "blur"
    picture = stored_picture(case, child.id)
    assert picture.getpixel((150, 125)) != (220, 0, 0)


def test_crop_makes_a_derived_item(page, qtbot, tmp_path) -> None:
    page.acknowledge_warning()
    page.import_files([picture_with_a_secret(tmp_path)])
    wait_idle(qtbot, page)
    case = page.session.case
    (parent,) = case.items.values()

    def act(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.canvas.resize(800, 600)
        draw(dialog.canvas, qtbot, (100, 100), (200, 150))

    run_editor(page, qtbot, "crop", act)
    (child,) = [i for i in case.items.values() if i.parent == parent.id]
    assert child.derivation.kind == DerivationKind.CROP
    assert (child.width, child.height) == (100, 50)
    assert stored_picture(case, child.id).getpixel((50, 25)) == (220, 0, 0)


def test_mark_intimate_keeps_only_the_fingerprint(page, qtbot, make_png) -> None:
    page.acknowledge_warning()
    page.import_files([make_png()])
    wait_idle(qtbot, page)
    case = page.session.case
    (item,) = case.items.values()

    def answer_yes() -> bool:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(QMessageBox.StandardButton.Yes).click()
            return True
        return False

    poll(answer_yes)
    qtbot.mouseClick(page.intimate_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    item = case.items[item.id]
    assert item.intimate and not item.blob_id and not item.thumbnail_blob_id
    assert "fingerprint" in page.preview.text()
    assert not page.crop_button.isEnabled() and not page.redact_button.isEnabled()
    assert case.verify().ok


def test_capture_hides_the_window_and_comes_back_with_an_item(page, qtbot) -> None:
    """Offscreen, Qt paints its own windows into the "screen"; the real pixels are checked under Xvfb."""
    page.acknowledge_warning()
    page.delay.setValue(0)
    window = page.window()
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()  # hidden during the capture
    qtbot.waitUntil(lambda: window.isVisible() and page.task is None and page.sequence is None, timeout=WAIT_MS)
    (item,) = page.session.case.items.values()
    assert item.origin == Origin.SCREEN_CAPTURE and item.media_type == "image/png"
    assert item.screens and item.screens[0]["width"] > 0
    assert page.items_list.current_id() == item.id


def test_countdown_shows_before_the_capture(page, qtbot) -> None:
    page.acknowledge_warning()
    page.delay.setValue(1)
    window = page.window()
    page.start_capture()
    badge = page.sequence.badge
    assert not window.isVisible() and badge.isVisible() and badge.text() == "1"
    qtbot.waitUntil(lambda: window.isVisible(), timeout=WAIT_MS)
    assert not badge.isVisible()
    wait_idle(qtbot, page)


def test_quick_exit_during_the_countdown_never_brings_the_window_back(window, page, qtbot) -> None:
    page.acknowledge_warning()
    page.delay.setValue(1)
    page.start_capture()
    sequence = page.sequence
    window.quick_exit()
    # The countdown is stopped at once: nothing is left to fire, the badge is gone.
    assert sequence.cancelled and not sequence.timer.isActive() and not sequence.badge.isVisible()
    assert page.sequence is None
    # Even a shot already on its way (its timer fired just before) leaves the window hidden.
    sequence._shoot()
    assert not window.isVisible() and page.session.case is None


def test_blank_detection() -> None:
    from evidence_kit.gui.widgets.screen_grab import is_blank

    image = QImage(64, 32, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.black)
    assert is_blank(image) and is_blank(QImage())
    image.setPixelColor(63, 31, Qt.GlobalColor.white)
    assert not is_blank(image)


def test_compose_places_every_screen_where_it_is(qtbot) -> None:
    from PySide6.QtCore import QRect

    from evidence_kit.gui.widgets.screen_grab import ScreenShot, compose

    left = QImage(100, 50, QImage.Format.Format_RGB32)
    left.fill(Qt.GlobalColor.red)
    right = QImage(200, 100, QImage.Format.Format_RGB32)  # a sharper screen (ratio 2)
    right.fill(Qt.GlobalColor.blue)
    picture = compose(
        [ScreenShot("a", QRect(0, 0, 100, 50), 1.0, left), ScreenShot("b", QRect(100, 0, 100, 50), 2.0, right)]
    )
    assert (picture.width(), picture.height()) == (400, 100)
    assert picture.pixelColor(10, 10).name() == "#ff0000"
    assert picture.pixelColor(300, 50).name() == "#0000ff"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_capture_control_has_an_accessible_name(window, page, make_png, qtbot, lang) -> None:
    from tests.test_gui_shell import unnamed_controls

    window.session.set_language(lang)
    page.acknowledge_warning()
    page.import_files([make_png()])
    wait_idle(qtbot, page)
    assert unnamed_controls(window) == []


def test_png_fixture_is_a_real_picture() -> None:
    assert Image.open(io.BytesIO(png_bytes())).size == (320, 200)


def test_receive_from_my_phone_opens_the_receiver_panel_and_closing_it_stops_the_receiver(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from evidence_kit.gui.widgets.phone_receiver import PhoneReceiverPanel

    button = page.phone_button
    assert not button.isEnabled(), "like every way in, it waits for the intimate-image warning"
    page.acknowledge_warning()
    qtbot.waitUntil(button.isEnabled)
    assert button.text() == page.t("receiver.panel.open")
    seen: list[PhoneReceiverPanel] = []

    def close_the_panel() -> None:
        panel = QApplication.activeModalWidget()
        assert isinstance(panel, PhoneReceiverPanel)
        seen.append(panel)
        assert panel.status.text() or panel.address.text()  # an address, or why there is none here
        panel.reject()

    QTimer.singleShot(300, close_the_panel)
    button.click()  # modal: returns once the panel is closed
    assert len(seen) == 1
    assert seen[0].receiver is None or seen[0].receiver.stopped
