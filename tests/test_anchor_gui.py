"""The window's background sender and the opt-in on the case page, against a real openssl ts authority."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes

from evidence_kit.anchoring import anchors_for_case, save_settings, settings_of, waiting
from evidence_kit.core.model import Origin
from evidence_kit.gui.session import Session
from evidence_kit.i18n import Register, Translator
from tests.test_gui_helpers import WAIT_MS

sys.path.insert(0, str(Path(__file__).parent))
from tsa_server import running_authority  # noqa: E402

pytest.importorskip("pytestqt")


class ThreadNotingClock:
    """The real clock, noting the threads that read it (the sender reads it just before each request)."""

    def __init__(self) -> None:
        self.threads: set[int] = set()

    def __call__(self) -> dt.datetime:
        self.threads.add(threading.get_ident())
        return dt.datetime.now(dt.UTC)


def test_changes_are_anchored_in_the_background_and_the_window_texts_follow(qtbot, case, isolated_dirs) -> None:
    from evidence_kit.gui.anchoring import AnchorRunner

    session = Session(Translator("en", Register.VICTIM))
    clock = ThreadNotingClock()
    with running_authority() as authority:
        save_settings(case, True, [authority.url])
        session.set_case(case)
        runner = AnchorRunner(session, clock=clock)
        item = case.add_bytes(png_bytes(color=(9, 9, 9)), origin=Origin.SCREEN_CAPTURE).item.id
        assert runner.item_text(item) == "Timestamp waiting for the Internet"
        with qtbot.waitSignal(runner.anchored, timeout=WAIT_MS) as blocker:
            session.notify("item")
        [anchor] = blocker.args[0]
        assert anchor.authority_name == "Test timestamping unit"
        assert clock.threads - {threading.get_ident()}, "the request was sent from a worker thread"
        qtbot.waitUntil(lambda: runner.task is None, timeout=WAIT_MS)
        assert waiting(case) == [] and anchors_for_case(case) == [anchor]
        assert runner.item_text(item).startswith("Existed no later than ")
        assert "Test timestamping unit" in runner.item_text(item)
        assert runner.status_text().startswith("Evidence timestamped up to")
        # The next change waits for the minute to pass (one request a minute at most).
        case.add_bytes(png_bytes(color=(14, 9, 9)), origin=Origin.SCREEN_CAPTURE)
        session.notify("item")
        assert runner.timer.isActive() and runner.timer.remainingTime() > 50_000
        # Offline: the request waits and the status says why; nothing is lost.
        authority.stop()
        case.add_bytes(png_bytes(color=(19, 9, 9)), origin=Origin.SCREEN_CAPTURE)
        runner.schedule(0, force=True)
        qtbot.waitUntil(
            lambda: runner.task is None and bool(waiting(case)) and bool(waiting(case)[0].reason), timeout=WAIT_MS
        )
        assert "could not be reached" in runner.status_text()
        assert runner.timer.isActive(), "a retry is planned"
        authority.start()
        runner.schedule(0, force=True)
        qtbot.waitUntil(lambda: runner.task is None and not waiting(case), timeout=WAIT_MS)
        session.lock()
        assert not runner.timer.isActive()


def test_nothing_is_sent_from_the_window_when_the_option_is_off(qtbot, case, isolated_dirs) -> None:
    from evidence_kit.gui.anchoring import AnchorRunner

    session = Session(Translator("en", Register.VICTIM))
    with running_authority() as authority:
        session.set_case(case)
        runner = AnchorRunner(session)
        case.add_bytes(png_bytes(color=(29, 9, 9)), origin=Origin.SCREEN_CAPTURE)
        session.notify("item")
        runner.send_now()
        assert runner.task is None and not runner.timer.isActive()
        assert runner.item_text("E1") == "" and runner.status_text() == ""
        assert authority.requests == 0
        session.lock()


def test_the_case_page_stores_the_opt_in(qtbot, isolated_dirs) -> None:
    from evidence_kit.gui.pages.case import CasePage

    session = Session(Translator("fr", Register.VICTIM))
    page = CasePage(session)
    qtbot.addWidget(page)
    assert page.anchoring_opt_in.text() == (
        "Faire dater les preuves par un service d'horodatage quand Internet est là (seule une empreinte est envoyée)"
    )
    assert not page.anchoring_opt_in.isChecked()
    page.anchoring_opt_in.setChecked(True)
    page.passphrase1.edit.setText(PASSPHRASE)
    page.passphrase2.edit.setText(PASSPHRASE)
    page.create_case()
    qtbot.waitUntil(lambda: session.case is not None, timeout=WAIT_MS)
    settings = settings_of(session.case)
    assert settings.enabled and [a.slug for a in settings.authorities] == ["freetsa", "digicert"]
    assert not page.anchoring_opt_in.isChecked(), "asked again for the next vault"
    session.lock()
