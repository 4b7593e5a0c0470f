"""Decrypted chunks handed straight to the case's intake, one file at a time, never written in clear.

The HTTP handler pushes each opened chunk into a ``ChunkPipe`` (at most one
chunk waiting, so memory stays at a few MiB whatever the file size); a worker
thread runs the case's intake, which reads the pipe like a file, hashes the
bytes and encrypts them into the vault as they come.  A failed pipe makes the
intake raise, and the case's blob writer then removes its partial file: nothing
of a rejected upload is kept.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from evidence_kit.core.errors import EvidenceKitError, InputRejected
from evidence_kit.core.model import Clock, DatedValue, Origin

IDLE_TIMEOUT = 120.0  # seconds without a chunk before an upload is given up
_END = object()


class PipeFailed(OSError):
    """The upload was abandoned (bad chunk, stop, idle): the reader must give up."""


class ChunkPipe(io.RawIOBase):
    """A one-way, bounded hand-over of plaintext chunks from the network thread to the intake thread."""

    def __init__(self, idle_timeout: float = IDLE_TIMEOUT) -> None:
        super().__init__()
        self._queue: queue.Queue[object] = queue.Queue(maxsize=1)
        self._pending = b""
        self._ended = False
        self._failed = threading.Event()
        self._idle = idle_timeout

    def readable(self) -> bool:
        return True

    # --- writer side (network thread) ---
    def put(self, chunk: bytes) -> None:
        while not self._failed.is_set():
            try:
                self._queue.put(chunk, timeout=0.5)
                return
            except queue.Full:
                continue
        raise PipeFailed("upload abandoned")

    def end(self) -> None:
        self.put(_END)  # type: ignore[arg-type]

    def fail(self) -> None:
        self._failed.set()
        while True:  # free the slot so a blocked reader wakes up and sees the failure
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(PipeFailed("upload abandoned"))

    # --- reader side (intake thread) ---
    def read(self, size: int = -1) -> bytes:
        if self._failed.is_set():
            raise PipeFailed("upload abandoned")
        if not self._pending and not self._ended:
            try:
                item = self._queue.get(timeout=self._idle)
            except queue.Empty:
                self._failed.set()
                raise PipeFailed("upload idle") from None
            if isinstance(item, PipeFailed):
                raise item
            if item is _END:
                self._ended = True
            else:
                self._pending = item  # type: ignore[assignment]
        if size is None or size < 0:
            size = len(self._pending)
        out, self._pending = self._pending[:size], self._pending[size:]
        return out

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@dataclass(frozen=True)
class PhoneFileFacts:
    """What the phone said about a file; untrusted until checked against the limits."""

    name: str
    size: int
    media_type: str
    last_modified: str  # ISO 8601 in UTC, or "" when the phone gave none


def facts_from_meta(untrusted: dict[str, Any], max_size: int) -> PhoneFileFacts:
    """Check the phone's description of a file: a plain name, a size within the limits, a sane date."""
    untrusted_name = untrusted.get("name")
    untrusted_size = untrusted.get("size")
    untrusted_type = untrusted.get("type", "")
    untrusted_modified = untrusted.get("lastModified")
    if not isinstance(untrusted_name, str) or not isinstance(untrusted_size, int) or isinstance(untrusted_size, bool):
        raise InputRejected("receiver.error.bad_request")
    name = PurePosixPath(untrusted_name.replace("\\", "/")).name[:255] or "-"
    name = "".join(c for c in name if c.isprintable())
    if untrusted_size <= 0:
        raise InputRejected("reject.empty", name=name)
    if untrusted_size > max_size:
        from evidence_kit.receiver.limits import human_size

        raise InputRejected("reject.too_large", name=name, limit=human_size(max_size))
    media_type = untrusted_type[:100] if isinstance(untrusted_type, str) else ""
    modified = ""
    if isinstance(untrusted_modified, int | float) and not isinstance(untrusted_modified, bool):
        seconds = untrusted_modified / 1000
        if 0 < seconds < 4102444800:  # before 2100
            modified = datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
    return PhoneFileFacts(name, untrusted_size, media_type, modified)


@dataclass
class IntakeOutcome:
    item_id: str = ""
    sha256: str = ""
    size: int = 0
    duplicate: bool = False
    error: EvidenceKitError | None = None


def ingest_stream(case: Any, pipe: ChunkPipe, facts: PhoneFileFacts) -> IntakeOutcome:
    """Run the case's streaming intake over the pipe: the file is hashed as it arrives, never whole in memory."""
    dates = [DatedValue(facts.last_modified, Clock.PHONE_FILE, "lastModified")] if facts.last_modified else []
    try:
        result = case.add_stream(
            pipe,
            expected_size=facts.size,
            source_name=facts.name,
            source_dates=dates,
            origin=Origin.PHONE_UPLOAD,
            # By content only: the phone's file name is not evidence of anything, and on the phone nobody can
            # choose "keep it as a plain file" for a picture that does not decode.
            announced_image=False,
        )
    except EvidenceKitError as exc:
        return IntakeOutcome(error=exc)
    item = result.item
    return IntakeOutcome(item.id, item.sha256, item.size, result.duplicate)
