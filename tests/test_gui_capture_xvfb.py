"""Real screen captures on a real X server (Xvfb): the pixels of the stored item show what was on screen.

Qt's platform cannot change inside one process, so each outer test starts
Xvfb and runs the matching ``inner_*`` test in a child ``python -m pytest``
with ``QT_QPA_PLATFORM=xcb``.  Skipped only when Xvfb is missing and
EVIDENCE_KIT_REQUIRE_XVFB is not set (CI sets it).
"""

from __future__ import annotations

import io
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHILD = os.environ.get("EVIDENCE_KIT_XVFB_CHILD") == "1"
TARGET_COLOUR = (0x12, 0xAB, 0x34)
TARGET_RECT = (60, 60, 480, 320)  # x, y, width, height on the screen
MAIN_WINDOW_RECT = (700, 80, 1100, 760)
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def xvfb_display() -> Iterator[str]:
    """A private Xvfb; the X server picks a free display number itself (-displayfd), so runs never collide."""
    binary = shutil.which("Xvfb")
    if binary is None:
        if os.environ.get("EVIDENCE_KIT_REQUIRE_XVFB"):
            pytest.fail("Xvfb is required (EVIDENCE_KIT_REQUIRE_XVFB is set) but not installed")
        pytest.skip("Xvfb is not installed")
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [binary, "-displayfd", str(write_end), "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-br"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    try:
        number = _read_display_number(read_end, process)
        yield f":{number}"
    finally:
        os.close(read_end)
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)


def _read_display_number(fd: int, process: subprocess.Popen[bytes], timeout: float = 60) -> int:
    """The number Xvfb writes once it accepts connections (it closes the pipe if it fails)."""
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            pytest.fail("Xvfb did not start in time")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 64)
        if not chunk:
            pytest.fail(f"Xvfb ended before giving a display (exit code {process.poll()})")
        data += chunk
    return int(data.strip())


def run_child(display: str, test_name: str, tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", EVIDENCE_KIT_XVFB_CHILD="1", EVIDENCE_KIT_XVFB_OUT=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::{test_name}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,  # generous: a loaded machine only makes the child slower
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


@pytest.mark.xvfb
def test_real_screen_capture_shows_the_window_that_was_on_screen(xvfb_display, tmp_path) -> None:
    run_child(xvfb_display, "test_inner_capture_shows_the_target_window", tmp_path)


@pytest.mark.xvfb
def test_blank_screen_capture_is_explained_and_adds_nothing(xvfb_display, tmp_path) -> None:
    run_child(xvfb_display, "test_inner_blank_capture", tmp_path)


# --- run only inside the child process, on Xvfb ------------------------------------------

inner = pytest.mark.skipif(not CHILD, reason="runs in the child process started by the Xvfb tests")


@pytest.fixture
def finished_sessions() -> Iterator[list]:  # type: ignore[type-arg]
    from tests.test_gui_helpers import finish

    sessions: list = []  # type: ignore[type-arg]
    yield sessions
    for session in sessions:
        finish(session)


def _window_with_case(qtbot, tmp_path, sessions):  # type: ignore[no-untyped-def]
    from helpers import PASSPHRASE

    from evidence_kit.core.case import Case
    from evidence_kit.core.crypto import KdfParams
    from evidence_kit.gui.app import build_window
    from tests.test_gui_helpers import add_page

    session, window = build_window("en")
    sessions.append(session)
    add_page(qtbot, window)
    x, y, w, h = MAIN_WINDOW_RECT
    window.setGeometry(x, y, w, h)
    window.show()
    qtbot.waitExposed(window, timeout=WAIT_MS)
    case, _ = Case.create(tmp_path / "case", PASSPHRASE, kdf=KdfParams.for_tests())
    session.set_case(case)
    window.show_step("capture")
    page = window.pages["capture"]
    page.acknowledge_warning()
    page.delay.setValue(0)
    return session, window, page


def _capture(qtbot, window, page) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    qtbot.waitUntil(lambda: window.isVisible() and page.task is None and page.sequence is None, timeout=WAIT_MS)


def _on_screen(x: int, y: int) -> tuple[int, int, int]:
    from PySide6.QtGui import QGuiApplication

    colour = QGuiApplication.primaryScreen().grabWindow(0, x, y, 1, 1).toImage().pixelColor(0, 0)
    return colour.red(), colour.green(), colour.blue()


@inner
def test_inner_capture_shows_the_target_window(qtbot, tmp_path, isolated_dirs, finished_sessions) -> None:
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    assert os.environ["QT_QPA_PLATFORM"] == "xcb"
    session, window, page = _window_with_case(qtbot, tmp_path, finished_sessions)
    target = QLabel("EVIDENCE 42")
    target.setWindowFlags(Qt.WindowType.FramelessWindowHint)
    target.setAlignment(Qt.AlignmentFlag.AlignCenter)
    target.setStyleSheet("background: #12ab34; color: white; font-size: 48pt; font-weight: bold;")
    qtbot.addWidget(target)
    target.setGeometry(*TARGET_RECT)
    target.show()
    qtbot.waitExposed(target, timeout=WAIT_MS)
    # Wait until the X server really shows the drawn window (not a fixed pause).
    x, y, _w, _h = TARGET_RECT
    qtbot.waitUntil(lambda: _on_screen(x + 4, y + 4) == TARGET_COLOUR, timeout=WAIT_MS)

    _capture(qtbot, window, page)
    case = session.case
    (item,) = case.items.values()
    assert item.origin.value == "screen_capture" and (item.width, item.height) == (1920, 1080)
    assert item.screens[0]["width"] == 1920
    with case.open_original(item.id) as reader:
        picture = Image.open(io.BytesIO(reader.read())).convert("RGB")
    picture.save(Path(os.environ["EVIDENCE_KIT_XVFB_OUT"]) / "capture.png")
    x, y, w, h = TARGET_RECT
    region = picture.crop((x, y, x + w, y + h))
    colours = region.getcolors(maxcolors=w * h)
    counts = {colour: n for n, colour in colours}
    assert counts.get(TARGET_COLOUR, 0) > w * h * 0.6  # the window the test drew
    assert sum(n for colour, n in counts.items() if min(colour) > 200) > 500  # its white text
    # The program's own window was hidden during the capture: nothing of it in the picture.
    mx, my, mw, mh = MAIN_WINDOW_RECT
    own = picture.crop((mx + 20, my + 20, mx + mw - 20, my + mh - 20))
    assert own.getcolors(maxcolors=4) == [((mw - 40) * (mh - 40), (0, 0, 0))]
    assert case.verify().ok


@inner
def test_inner_blank_capture(qtbot, tmp_path, isolated_dirs, finished_sessions) -> None:
    session, window, page = _window_with_case(qtbot, tmp_path, finished_sessions)
    _capture(qtbot, window, page)  # nothing else on this screen: the X root is all black
    assert page.blank_card.isVisible(), page.status.text()
    assert "Windows+Shift+S" in page.blank_text.text()
    assert session.case.items == {}
