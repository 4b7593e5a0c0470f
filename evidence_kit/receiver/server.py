"""The local HTTP receiver: serves the phone's page and takes encrypted chunks into the vault.

Only requests under the session's random token are answered; anything else
gets an empty 404.  Each file is a meta message then its chunks in order (see
``protocol``); a chunk out of order, replayed, altered or relabelled ends that
upload and nothing of it is kept.  The receiver stops by itself after its time,
after its file count, or when ``stop()`` is called.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import re
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from evidence_kit.core.errors import EvidenceKitError, InputRejected
from evidence_kit.i18n import Register
from evidence_kit.receiver import page
from evidence_kit.receiver.intake import ChunkPipe, IntakeOutcome, PhoneFileFacts, facts_from_meta, ingest_stream
from evidence_kit.receiver.limits import RateLimiter, ReceiverLimits
from evidence_kit.receiver.protocol import (
    CHUNK_SIZE,
    FILE_ID_SIZE,
    MAX_MESSAGE,
    MAX_META,
    NONCE_SIZE,
    TAG_SIZE,
    Kind,
    MessageRejected,
    SessionSecrets,
    open_sealed,
    seal,
)

log = logging.getLogger(__name__)

_FILE_PATH = re.compile(r"^f/([0-9a-f]{32})$")
_CHUNK_PATH = re.compile(r"^f/([0-9a-f]{32})/(\d{1,9})$")
SOCKET_TIMEOUT = 30.0


class FileState(StrEnum):
    STARTED = "started"  # the phone announced a file
    RECEIVING = "receiving"  # chunks are arriving
    STORED = "stored"  # in the vault, and the receipt reached the phone
    FAILED = "failed"  # refused or abandoned; nothing of it kept


class StopReason(StrEnum):
    TIME = "time"
    MAX_FILES = "max_files"
    STOPPED = "stopped"  # stop() was called (panel closed, Ctrl+C)


@dataclass(frozen=True)
class FileEvent:
    """What the window and the command line show about one arriving file."""

    file_id: str
    state: FileState
    name: str
    size: int
    received: int = 0
    sha256: str = ""
    item_id: str = ""
    duplicate: bool = False
    error: EvidenceKitError | None = None


@dataclass
class _Upload:
    file_id: bytes
    facts: PhoneFileFacts
    pipe: ChunkPipe
    thread: threading.Thread
    next_index: int = 0
    received: int = 0
    outcome: IntakeOutcome = field(default_factory=IntakeOutcome)
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: bool = False


class PhoneReceiver:
    """One receiving session for one case; ``start()`` returns the address to show as a QR code."""

    def __init__(
        self,
        case: Any,
        *,
        bind: str,
        port: int = 0,
        limits: ReceiverLimits | None = None,
        on_event: Callable[[FileEvent], None] | None = None,
        on_stop: Callable[[StopReason], None] | None = None,
        register: Register = Register.HELPER,
        session: SessionSecrets | None = None,
    ) -> None:
        self.case = case
        self.limits = limits or ReceiverLimits()
        self.session = session or SessionSecrets.fresh()
        self._bind = bind
        self._port = port
        self._on_event = on_event or (lambda event: None)
        self._on_stop = on_stop or (lambda reason: None)
        self._page = page.PageAssets(register)
        self._rate = RateLimiter(self.limits.requests_per_second, self.limits.burst)
        self._lock = threading.Lock()
        self._uploads: dict[bytes, _Upload] = {}
        self._finished: set[bytes] = set()
        self._stored = 0
        self._confirmed = 0
        self._client: str | None = None
        self._connections: set[socket.socket] = set()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None
        self._stopped = threading.Event()
        self.stop_reason: StopReason | None = None
        self.deadline: float = 0.0  # time.time() when the receiver stops by itself

    # --- lifecycle -------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        host, port = str(self._server.server_address[0]), int(self._server.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/{self.session.token}/#{self.session.fragment}"

    @property
    def confirmed(self) -> int:
        return self._confirmed

    def start(self) -> str:
        family = socket.AF_INET6 if ":" in self._bind else socket.AF_INET
        receiver = self

        class Server(ThreadingHTTPServer):
            address_family = family
            daemon_threads = True
            allow_reuse_address = False

            def server_bind(self) -> None:
                # HTTPServer would ask DNS for the address's name (socket.getfqdn): traffic we do not want.
                socketserver.TCPServer.server_bind(self)
                self.server_name = str(self.server_address[0])
                self.server_port = int(self.server_address[1])

        class Handler(_Handler):
            owner = receiver

        self._server = Server((self._bind, self._port), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.2}, name="phone-receiver", daemon=True
        )
        self._thread.start()
        seconds = self.limits.minutes * 60
        self.deadline = time.time() + seconds
        self._timer = threading.Timer(seconds, self.stop, args=(StopReason.TIME,))
        self._timer.daemon = True
        self._timer.start()
        return self.url

    def stop(self, reason: StopReason = StopReason.STOPPED) -> None:
        with self._lock:
            if self.stop_reason is not None:
                return
            self.stop_reason = reason
            uploads = list(self._uploads.values())
            connections = list(self._connections)
        if self._timer is not None:
            self._timer.cancel()
        if self._server is not None:
            self._server.shutdown()
        for sock in connections:  # kept-alive connections would otherwise still be served
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for upload in uploads:
            self._abort(upload, InputRejected("receiver.error.stopped"))
        if self._server is not None:
            self._server.server_close()
        self._stopped.set()
        self._on_stop(reason)

    def wait(self, timeout: float | None = None) -> bool:
        """True once the receiver has stopped."""
        return self._stopped.wait(timeout)

    @property
    def stopped(self) -> bool:
        return self.stop_reason is not None

    # --- requests ---------------------------------------------------------------------

    def admit(self, client: str, path: str) -> str | None:
        """The path under the token for this client, or None for anything to answer with a bare 404."""
        if self.stopped:
            return None
        untrusted_path = urlsplit(path).path
        untrusted_token, slash, rest = untrusted_path[1:].partition("/")
        same = hmac.compare_digest(untrusted_token.encode("utf-8", "replace"), self.session.token.encode("ascii"))
        if not (untrusted_path.startswith("/") and slash and same):
            return None
        with self._lock:
            if self._client is not None and client != self._client:
                return None  # only the phone that started sending, only now
        return rest

    def pin(self, client: str) -> bool:
        with self._lock:
            if self._client is None:
                self._client = client
            return self._client == client

    def allow_rate(self) -> bool:
        return self._rate.allow()

    def begin(self, file_hex: str, untrusted_body: bytes) -> tuple[int, dict[str, Any]]:
        file_id = bytes.fromhex(file_hex)
        try:
            untrusted_meta = json.loads(open_sealed(self.session.key, Kind.META, file_id, untrusted_body))
        except (MessageRejected, ValueError):
            return 400, {}
        if not isinstance(untrusted_meta, dict):
            return 400, {}
        try:
            facts = facts_from_meta(untrusted_meta, self.limits.max_file_size)
        except InputRejected as exc:
            return 422, self._error_body(exc)
        with self._lock:
            if file_id in self._uploads or file_id in self._finished:
                return 409, {}
            if self._stored + len(self._uploads) >= self.limits.max_files:
                return 422, self._error_body(InputRejected("receiver.error.too_many", n=self.limits.max_files))
            if len(self._uploads) >= self.limits.parallel_uploads:
                return 429, {}
            pipe = ChunkPipe(self.limits.idle_seconds)
            upload = _Upload(file_id, facts, pipe, threading.Thread())
            upload.thread = threading.Thread(target=self._run_intake, args=(upload,), daemon=True, name="phone-intake")
            self._uploads[file_id] = upload
        upload.thread.start()
        self._emit(upload, FileState.STARTED)
        return 201, {}

    def _run_intake(self, upload: _Upload) -> None:
        upload.outcome = ingest_stream(self.case, upload.pipe, upload.facts)
        if upload.outcome.error is not None:  # e.g. the phone went away mid-file: free its place at once
            self._abort(upload, upload.outcome.error)

    def chunk(self, file_hex: str, index: int, last: bool, untrusted_body: bytes) -> tuple[int, bytes]:
        """Take one chunk; for the last one, wait for the vault and return the sealed receipt."""
        file_id = bytes.fromhex(file_hex)
        with self._lock:
            upload = self._uploads.get(file_id)
        if upload is None:
            return 404, b""
        with upload.lock:
            if upload.done:
                return 404, b""
            if index != upload.next_index:  # replayed or reordered
                self._abort(upload, InputRejected("receiver.error.out_of_order"))
                return 409, b""
            try:
                plain = open_sealed(self.session.key, Kind.CHUNK, file_id, untrusted_body, index, last)
            except MessageRejected:
                self._abort(upload, InputRejected("receiver.error.tampered"))
                return 400, b""
            expected = min(CHUNK_SIZE, upload.facts.size - upload.received)
            if len(plain) != expected or last != (upload.received + len(plain) == upload.facts.size):
                self._abort(upload, InputRejected("receiver.error.size_mismatch"))
                return 400, b""
            try:
                upload.pipe.put(plain)
            except OSError:
                self._abort(upload, upload.outcome.error or InputRejected("receiver.error.stopped"))
                return 422, self._error_json(upload.outcome.error)
            upload.received += len(plain)
            upload.next_index += 1
            self._emit(upload, FileState.RECEIVING)
            if not last:
                return 204, b""
            return self._finish(upload)

    def _finish(self, upload: _Upload) -> tuple[int, bytes]:
        with contextlib.suppress(OSError):
            upload.pipe.end()
        upload.thread.join()
        outcome = upload.outcome
        if outcome.error is not None:
            self._abort(upload, outcome.error)
            return 422, self._error_json(outcome.error)
        upload.done = True
        with self._lock:
            self._uploads.pop(upload.file_id, None)
            self._finished.add(upload.file_id)
            self._stored += 1
        receipt = json.dumps(
            {"item": outcome.item_id, "sha256": outcome.sha256, "size": outcome.size, "duplicate": outcome.duplicate}
        ).encode()
        return 200, seal(self.session.key, Kind.RECEIPT, upload.file_id, receipt, upload.next_index, True)

    def confirmed_to_phone(self) -> None:
        """The receipt of a stored file was written to the phone's connection."""
        with self._lock:
            self._confirmed += 1
            reached = self._confirmed >= self.limits.max_files
        if reached:
            threading.Thread(target=self.stop, args=(StopReason.MAX_FILES,), daemon=True).start()

    def stored_event(self, file_hex: str, upload_facts: PhoneFileFacts, outcome: IntakeOutcome) -> None:
        self._on_event(
            FileEvent(
                file_hex,
                FileState.STORED,
                upload_facts.name,
                upload_facts.size,
                outcome.size,
                outcome.sha256,
                outcome.item_id,
                outcome.duplicate,
            )
        )

    def upload(self, file_hex: str) -> _Upload | None:
        with self._lock:
            return self._uploads.get(bytes.fromhex(file_hex))

    def _abort(self, upload: _Upload, error: EvidenceKitError) -> None:
        with self._lock:
            if upload.done:
                return
            upload.done = True
        upload.pipe.fail()
        if threading.current_thread() is not upload.thread:
            upload.thread.join(timeout=10)
        with self._lock:
            self._uploads.pop(upload.file_id, None)
            self._finished.add(upload.file_id)
        if upload.outcome.item_id:  # the vault took the whole file just before: its last request reports it
            return
        self._emit(upload, FileState.FAILED, error=error)

    def _emit(self, upload: _Upload, state: FileState, error: EvidenceKitError | None = None) -> None:
        try:
            self._on_event(
                FileEvent(
                    upload.file_id.hex(), state, upload.facts.name, upload.facts.size, upload.received, error=error
                )
            )
        except Exception:  # noqa: BLE001 - a failing listener must not break the upload
            log.exception("receiver event listener failed")

    def _error_body(self, error: EvidenceKitError | None) -> dict[str, Any]:
        return {"error": self._page.error_texts(error)}

    def _error_json(self, error: EvidenceKitError | None) -> bytes:
        return json.dumps(self._error_body(error), ensure_ascii=False).encode()

    def track(self, sock: socket.socket, alive: bool) -> None:
        with self._lock:
            if alive:
                self._connections.add(sock)
            else:
                self._connections.discard(sock)


class _Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive; every answer built here, so nothing but the status leaks on a 404."""

    owner: PhoneReceiver
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT
    server_version = ""
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.owner.track(self.connection, True)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        self.owner.track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return  # no addresses or paths in logs

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self._reply(404 if code == 404 else code, b"")
        self.close_connection = True

    def _reply(self, status: int, body: bytes, content_type: str = "", headers: dict[str, str] | None = None) -> None:
        self.send_response_only(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if status != 404:
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def _not_found(self) -> None:
        self._drain()
        self._reply(404, b"")

    def _drain(self) -> None:
        """Read (and drop) a small body so the connection stays usable; close it when the body is large."""
        length = self._length()
        if length is None or length > MAX_MESSAGE:
            self.close_connection = True
            return
        if length:
            self.rfile.read(length)

    def _length(self) -> int | None:
        try:
            return int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return None

    def _route(self) -> str | None:
        return self.owner.admit(self.client_address[0], self.path)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        sub = self._route()
        asset = self.owner._page.asset(sub) if sub is not None else None
        if asset is None:
            self._not_found()
            return
        if not self.owner.allow_rate():
            self._reply(429, b"")
            return
        body, content_type = asset
        if sub == "":
            body = self.owner._page.html(self.headers.get("Accept-Language", ""))
        self._reply(200, body, content_type, page.SECURITY_HEADERS)

    def do_HEAD(self) -> None:  # noqa: N802
        self._not_found()

    def do_POST(self) -> None:  # noqa: N802
        sub = self._route()
        match = _FILE_PATH.match(sub) if sub is not None else None
        if match is None or not self.owner.pin(self.client_address[0]):
            self._not_found()
            return
        body = self._body(MAX_META + NONCE_SIZE + TAG_SIZE)
        if body is None:
            return
        if not self.owner.allow_rate():
            self._reply(429, b"")
            return
        status, answer = self.owner.begin(match.group(1), body)
        self._reply(status, json.dumps(answer, ensure_ascii=False).encode(), "application/json")

    def do_PUT(self) -> None:  # noqa: N802
        sub = self._route()
        match = _CHUNK_PATH.match(sub) if sub is not None else None
        if match is None or self.owner.upload(match.group(1)) is None:
            self._not_found()
            return
        body = self._body(MAX_MESSAGE)
        if body is None:
            return
        if not self.owner.allow_rate():
            self._reply(429, b"")
            return
        file_hex, index = match.group(1), int(match.group(2))
        last = urlsplit(self.path).query == "last=1"
        upload = self.owner.upload(file_hex)
        status, answer = self.owner.chunk(file_hex, index, last, body)
        if status == 200:
            try:
                self._reply(200, answer, "application/octet-stream")
                sent = True
            except OSError:
                log.info("the phone left before its receipt")
                sent = False
            if upload is not None:
                self.owner.stored_event(file_hex, upload.facts, upload.outcome)
            if sent:
                self.owner.confirmed_to_phone()
            return
        self._reply(status, answer, "application/json" if answer else "")

    def _body(self, limit: int) -> bytes | None:
        length = self._length()
        if length is None or length < 0:
            self.close_connection = True
            self._reply(400, b"")
            return None
        if length > limit:
            self.close_connection = True
            self._reply(413, b"")
            return None
        return self.rfile.read(length) if length else b""


assert FILE_ID_SIZE * 2 == 32  # the path patterns above expect 32 hex digits
