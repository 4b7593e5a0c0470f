"""The receiver from the phone's side, spoken in Python over real HTTP on loopback (no browser needed).

A tiny client implements the wire format of ``evidence_kit/receiver/protocol.py``
(the page's JavaScript does the same); expected hashes are computed with
``hashlib`` over the bytes the test sends.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import png_bytes

from evidence_kit.core.case import Case
from evidence_kit.core.model import Clock, Origin
from evidence_kit.receiver.limits import ReceiverLimits
from evidence_kit.receiver.network import AddressRefused, checked_bind_address, is_private_lan
from evidence_kit.receiver.protocol import CHUNK_SIZE, Kind, key_from_fragment, open_sealed, seal
from evidence_kit.receiver.server import FileEvent, FileState, PhoneReceiver, StopReason
from evidence_kit.resources_path import resource


class Phone:
    """Acts as the page: one keep-alive connection, the session key from the URL fragment."""

    def __init__(self, url: str, source: str = "") -> None:
        parts = urlsplit(url)
        self.key = key_from_fragment(parts.fragment)
        self.base = parts.path
        self.conn = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=30, source_address=(source, 0) if source else None
        )

    def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes, dict[str, str]]:
        self.conn.request(method, path, body=body)
        response = self.conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())

    def begin(self, file_id: bytes, name: str, size: int, modified_ms: int = 1_700_000_000_000) -> int:
        meta = json.dumps({"name": name, "size": size, "type": "", "lastModified": modified_ms}).encode()
        return self.request("POST", f"{self.base}f/{file_id.hex()}", seal(self.key, Kind.META, file_id, meta))[0]

    def put(self, file_id: bytes, index: int, last: bool, message: bytes) -> tuple[int, bytes]:
        path = f"{self.base}f/{file_id.hex()}/{index}" + ("?last=1" if last else "")
        status, body, _ = self.request("PUT", path, message)
        return status, body

    def chunk(self, file_id: bytes, data: bytes, index: int) -> tuple[bytes, bool]:
        pieces = max(1, -(-len(data) // CHUNK_SIZE))
        last = index == pieces - 1
        return seal(
            self.key, Kind.CHUNK, file_id, data[index * CHUNK_SIZE : (index + 1) * CHUNK_SIZE], index, last
        ), last

    def send(self, data: bytes, name: str) -> dict[str, object]:
        file_id = os.urandom(16)
        assert self.begin(file_id, name, len(data)) == 201
        pieces = max(1, -(-len(data) // CHUNK_SIZE))
        for index in range(pieces):
            message, last = self.chunk(file_id, data, index)
            status, body = self.put(file_id, index, last, message)
            assert status == (200 if last else 204), status
        receipt: dict[str, object] = json.loads(open_sealed(self.key, Kind.RECEIPT, file_id, body, pieces, True))
        return receipt


@pytest.fixture
def events() -> list[FileEvent]:
    return []


@pytest.fixture
def receiver(case: Case, events: list[FileEvent]) -> Iterator[PhoneReceiver]:
    found = PhoneReceiver(case, bind="127.0.0.1", on_event=events.append)
    found.start()
    yield found
    found.stop()


def leftovers(case: Case) -> list[Path]:
    return list(case.folder.rglob("*.partial"))


def test_files_sent_in_encrypted_chunks_arrive_in_the_vault_with_their_exact_hash(
    case: Case, receiver: PhoneReceiver, events: list[FileEvent]
) -> None:
    phone = Phone(receiver.url)
    video = os.urandom(2 * CHUNK_SIZE + 12345)  # three chunks, the last one short
    picture = png_bytes(marker=b"phone-test")

    first = phone.send(video, "VID_0001.mp4")
    second = phone.send(picture, "Screenshot_20261129.png")

    assert first["sha256"] == hashlib.sha256(video).hexdigest()
    assert second["sha256"] == hashlib.sha256(picture).hexdigest()
    stored = {item.sha256: item for item in case.evidence_items()}
    for data, name, receipt in ((video, "VID_0001.mp4", first), (picture, "Screenshot_20261129.png", second)):
        item = stored[hashlib.sha256(data).hexdigest()]
        assert item.id == receipt["item"]
        assert item.size == len(data) == receipt["size"]
        assert item.origin == Origin.PHONE_UPLOAD
        assert item.source_name == name
        assert [(d.value, d.clock) for d in item.source_dates] == [("2023-11-14T22:13:20+00:00", Clock.PHONE_FILE)]
        with case.open_original(item.id) as original:
            assert original.read() == data
    assert stored[hashlib.sha256(picture).hexdigest()].width == 320  # went through the image intake
    assert [e.state for e in events if e.state == FileState.STORED] == [FileState.STORED] * 2
    assert leftovers(case) == []


def test_a_file_named_like_a_picture_that_is_not_one_is_kept_as_a_plain_file(
    case: Case, receiver: PhoneReceiver
) -> None:
    data = b"not a picture at all " * 100
    receipt = Phone(receiver.url).send(data, "Screenshot_1.png")
    item = case.item(str(receipt["item"]))
    assert item.stored_as_file and item.width is None and item.sha256 == hashlib.sha256(data).hexdigest()


def test_the_same_file_twice_is_kept_once_and_both_receipts_say_so(case: Case, receiver: PhoneReceiver) -> None:
    phone = Phone(receiver.url)
    data = os.urandom(5000)
    first, again = phone.send(data, "a.pdf"), phone.send(data, "a-copy.pdf")
    assert (first["duplicate"], again["duplicate"]) == (False, True)
    assert again["item"] == first["item"] and len(case.evidence_items()) == 1


@pytest.mark.parametrize(
    "path",
    ["/", "/{wrong}/", "/{wrong}/app.js", "/{token}", "/{token}/../{token}/", "/{token}/nothing.js", "/%C3%A9{token}/"],
)
def test_a_wrong_token_or_path_gets_an_empty_404_and_nothing_else(receiver: PhoneReceiver, path: str) -> None:
    phone = Phone(receiver.url)
    wrong = os.urandom(16).hex()
    for method in ("GET", "POST", "PUT", "HEAD"):
        status, body, headers = phone.request(method, path.format(wrong=wrong, token=receiver.session.token))
        assert status == 404
        assert body == b""
        assert set(headers) <= {"Content-Length"}, headers


def test_a_request_line_with_raw_non_ascii_bytes_gets_the_same_empty_404(receiver: PhoneReceiver) -> None:
    port = urlsplit(receiver.url).port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /\xe9" + receiver.session.token.encode() + b"/ HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(200) == b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def test_the_key_never_reaches_the_server_and_the_page_is_served_under_the_token(receiver: PhoneReceiver) -> None:
    parts = urlsplit(receiver.url)
    assert len(receiver.session.token) == 32 and parts.path == f"/{receiver.session.token}/"
    assert len(key_from_fragment(parts.fragment)) == 32
    status, body, headers = Phone(receiver.url).request("GET", parts.path)
    assert status == 200 and b'type="file"' in body and b"multiple" in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert parts.fragment.encode() not in body


def _two_chunk_upload(phone: Phone) -> tuple[bytes, bytes]:
    file_id, data = os.urandom(16), os.urandom(CHUNK_SIZE + 100)
    assert phone.begin(file_id, "proof.bin", len(data)) == 201
    return file_id, data


def test_a_tampered_chunk_is_refused_and_nothing_of_the_file_is_kept(case: Case, receiver: PhoneReceiver) -> None:
    phone = Phone(receiver.url)
    file_id, data = _two_chunk_upload(phone)
    first, _ = phone.chunk(file_id, data, 0)
    assert phone.put(file_id, 0, False, first)[0] == 204
    second, _ = phone.chunk(file_id, data, 1)
    tampered = bytearray(second)
    tampered[40] ^= 0x01
    assert phone.put(file_id, 1, True, bytes(tampered))[0] == 400
    assert phone.put(file_id, 1, True, second)[0] == 404  # the upload is gone, even with the genuine chunk
    assert case.evidence_items() == [] and leftovers(case) == []
    assert phone.send(os.urandom(300), "next.bin")["item"] == "E1"  # the session goes on


def test_a_replayed_chunk_is_refused(case: Case, receiver: PhoneReceiver) -> None:
    phone = Phone(receiver.url)
    file_id, data = _two_chunk_upload(phone)
    first, _ = phone.chunk(file_id, data, 0)
    assert phone.put(file_id, 0, False, first)[0] == 204
    assert phone.put(file_id, 0, False, first)[0] == 409
    assert case.evidence_items() == [] and leftovers(case) == []


def test_a_reordered_or_relabelled_chunk_is_refused(case: Case, receiver: PhoneReceiver) -> None:
    phone = Phone(receiver.url)
    file_id, data = _two_chunk_upload(phone)
    second, _ = phone.chunk(file_id, data, 1)
    assert phone.put(file_id, 1, True, second)[0] == 409  # chunk 1 before chunk 0

    file_id, data = _two_chunk_upload(phone)
    first, _ = phone.chunk(file_id, data, 0)
    assert phone.put(file_id, 0, True, first)[0] == 400  # chunk 0 claiming to be the last one

    other_id, other = _two_chunk_upload(phone)
    stolen, _ = phone.chunk(file_id, data, 0)
    assert phone.put(other_id, 0, False, stolen)[0] == 400  # a chunk of another file
    assert case.evidence_items() == [] and leftovers(case) == []


def test_a_truncated_file_is_refused(case: Case, receiver: PhoneReceiver) -> None:
    phone = Phone(receiver.url)
    file_id = os.urandom(16)
    assert phone.begin(file_id, "short.bin", CHUNK_SIZE + 10) == 201
    message = seal(phone.key, Kind.CHUNK, file_id, b"only this", 0, True)
    assert phone.put(file_id, 0, True, message)[0] == 400
    assert case.evidence_items() == [] and leftovers(case) == []


def test_size_and_count_limits_refuse_with_a_message_in_both_languages(case: Case) -> None:
    limits = ReceiverLimits(max_file_size=10_000, max_files=1)
    with_limits = PhoneReceiver(case, bind="127.0.0.1", limits=limits)
    with_limits.start()
    try:
        phone = Phone(with_limits.url)
        file_id = os.urandom(16)
        meta = json.dumps({"name": "big.mp4", "size": 10_001, "type": "video/mp4", "lastModified": 0}).encode()
        status, body, _ = phone.request(
            "POST", f"{phone.base}f/{file_id.hex()}", seal(phone.key, Kind.META, file_id, meta)
        )
        assert status == 422
        texts = json.loads(body)["error"]
        assert "big.mp4" in texts["en"] and "big.mp4" in texts["fr"] and texts["en"] != texts["fr"]
        assert phone.send(os.urandom(100), "one.bin")["item"] == "E1"
        assert with_limits.wait(5) and with_limits.stop_reason == StopReason.MAX_FILES
    finally:
        with_limits.stop()


def test_a_body_larger_than_a_chunk_is_refused_before_it_is_read(receiver: PhoneReceiver) -> None:
    phone = Phone(receiver.url)
    file_id, _ = _two_chunk_upload(phone)
    port = urlsplit(receiver.url).port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:  # announces the body, never sends it
        head = f"PUT {phone.base}f/{file_id.hex()}/0 HTTP/1.1\r\nHost: x\r\nContent-Length: {CHUNK_SIZE + 1000}\r\n\r\n"
        sock.sendall(head.encode())
        assert sock.recv(100).startswith(b"HTTP/1.1 413 ")


def test_only_the_phone_that_started_sending_is_answered(receiver: PhoneReceiver) -> None:
    phone = Phone(receiver.url, source="127.0.0.1")
    phone.send(b"first file", "a.txt")
    other = Phone(receiver.url, source="127.0.0.2")  # another address on loopback
    status, body, _ = other.request("GET", other.base)
    assert (status, body) == (404, b"")


def test_the_receiver_stops_after_its_time(case: Case) -> None:
    stops: list[StopReason] = []
    short = PhoneReceiver(case, bind="127.0.0.1", limits=ReceiverLimits(minutes=0.02), on_stop=stops.append)
    short.start()
    port = urlsplit(short.url).port
    assert short.wait(10)
    assert stops == [StopReason.TIME] and short.stop_reason == StopReason.TIME
    time.sleep(0.2)
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        if not sock.recv(100):
            raise ConnectionResetError


def test_stop_during_an_upload_keeps_nothing_of_it(case: Case, receiver: PhoneReceiver) -> None:
    phone = Phone(receiver.url)
    file_id, data = _two_chunk_upload(phone)
    first, _ = phone.chunk(file_id, data, 0)
    assert phone.put(file_id, 0, False, first)[0] == 204
    receiver.stop()
    assert case.evidence_items() == [] and leftovers(case) == []


def test_an_upload_the_phone_abandons_is_given_up_and_frees_its_place(case: Case, events: list[FileEvent]) -> None:
    limits = ReceiverLimits(idle_seconds=0.3, parallel_uploads=1)
    idle = PhoneReceiver(case, bind="127.0.0.1", limits=limits, on_event=events.append)
    idle.start()
    try:
        phone = Phone(idle.url)
        file_id, data = _two_chunk_upload(phone)
        first, _ = phone.chunk(file_id, data, 0)
        assert phone.put(file_id, 0, False, first)[0] == 204
        deadline = time.monotonic() + 5
        while not any(e.state == FileState.FAILED for e in events) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [e.state for e in events][-1] == FileState.FAILED
        assert case.evidence_items() == [] and leftovers(case) == []
        assert phone.send(b"the next file", "next.txt")["item"] == "E1"  # the one parallel place is free again
    finally:
        idle.stop()


def test_the_receiver_listens_only_on_private_or_loopback_addresses() -> None:
    assert checked_bind_address("127.0.0.1") == "127.0.0.1"
    assert checked_bind_address("192.168.1.20") == "192.168.1.20"
    for public in ("8.8.8.8", "0.0.0.0", "::", "100.64.0.1", "169.254.1.1", "not-an-address"):
        with pytest.raises(AddressRefused):
            checked_bind_address(public)
    assert [is_private_lan(a) for a in ("10.1.2.3", "172.31.0.1", "172.32.0.1", "fd00::1", "2001:db8::1")] == [
        True,
        True,
        False,
        True,
        False,
    ]


def test_vendored_crypto_matches_the_hashes_recorded_in_its_readme() -> None:
    root = resource("receiver")
    readme = (root / "README.md").read_text(encoding="utf-8")
    vendored = sorted(p for p in (root / "vendor").rglob("*") if p.is_file())
    assert len(vendored) == 10
    for path in vendored:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"{digest}  {path.relative_to(root / 'vendor').as_posix()}" in readme
