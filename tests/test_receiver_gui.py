"""The "Receive from my phone" panel with real widgets, a real case and a real receiver on loopback."""

from __future__ import annotations

import hashlib
import os
import socket
from urllib.parse import urlsplit

import pytest

from evidence_kit.core.case import Case
from evidence_kit.core.model import Origin
from evidence_kit.i18n import Register, Translator
from evidence_kit.receiver.protocol import CHUNK_SIZE

pytest.importorskip("pytestqt")

from evidence_kit.gui.session import Session  # noqa: E402
from evidence_kit.gui.widgets.phone_receiver import PhoneReceiverPanel  # noqa: E402
from tests.test_receiver_protocol import Phone  # noqa: E402


@pytest.fixture
def session(case: Case) -> Session:
    found = Session(Translator("fr", Register.VICTIM))
    found.case = case
    return found


def test_panel_shows_the_code_the_address_and_the_steps_then_lists_each_file_as_it_lands(
    qtbot, session: Session, case: Case
) -> None:  # type: ignore[no-untyped-def]
    panel = PhoneReceiverPanel(session, bind="127.0.0.1")
    qtbot.addWidget(panel)
    changes: list[str] = []
    session.case_changed.connect(changes.append)
    panel.show()
    assert panel.receiver is not None
    url = panel.address.text()
    assert url == panel.receiver.url and url.startswith("http://127.0.0.1:")
    assert not panel.qr.pixmap().isNull() and panel.qr.pixmap().width() >= 200
    assert [label.text()[:2] for label in panel.steps] == ["1.", "2.", "3."]
    assert "Scanne" in panel.steps[1].text()  # the victim's "tu"
    assert "(UTC" in panel.until.text()

    data = os.urandom(CHUNK_SIZE + 4321)
    receipt = Phone(url).send(data, "IMG_2040.mov")

    qtbot.waitUntil(lambda: bool(panel.rows()) and panel.rows()[0]["item"] != "", timeout=5000)
    [row] = panel.rows()
    digest = hashlib.sha256(data).hexdigest()
    assert row == {
        "name": "IMG_2040.mov",
        "size": "1,0 Mio",
        "progress": 1000,
        "sha256": digest,
        "item": receipt["item"],
    }
    assert changes and changes[-1] == "item"
    assert case.item(str(receipt["item"])).origin == Origin.PHONE_UPLOAD

    panel.stop_button.click()
    qtbot.waitUntil(lambda: panel.address.text() == "", timeout=5000)
    assert panel.receiver.stopped and not panel.stop_button.isEnabled()
    port = urlsplit(url).port
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
        if not sock.recv(10):
            raise ConnectionResetError


def test_closing_the_panel_stops_the_receiver(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    panel = PhoneReceiverPanel(session, bind="127.0.0.1")
    qtbot.addWidget(panel)
    panel.show()
    assert panel.receiver is not None
    panel.close()
    assert panel.receiver.wait(5)


def test_a_public_address_is_refused_with_a_plain_message(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    panel = PhoneReceiverPanel(session, bind="8.8.8.8")
    qtbot.addWidget(panel)
    panel.show()
    assert panel.receiver is None
    assert "8.8.8.8" in panel.status.text() and "réseau local" in panel.status.text()
    assert panel.address.text() == "" and not panel.stop_button.isEnabled()
    assert "câble" in panel.help.text()  # the other ways are offered
