"""The case's records: an append-only file of encrypted frames, and a head that says what is committed.

Every frame is AES-GCM encrypted with its index and the previous frame's tag
as associated data, so frames cannot be altered, dropped, swapped or
reordered unseen; the frames are contiguous, so every byte of the file is
authenticated.  A transaction appends frames, fsyncs, then atomically
replaces ``head.ek`` (committed length, frame count, last tag, under an
HMAC).  A process killed in between leaves frames past the committed length:
they were never reported done, and the next writer cuts them off.

Keys: a passphrase change starts a new data key at the next frame (``epochs``: the frame each key starts
at, oldest first).  A frame is read with the key of its epoch, the head with the key of its last frame, so
frames written after a change cannot be read, nor forged, with an older key.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidence_kit.core.blobstore import atomic_write, storage_error
from evidence_kit.core.crypto import NONCE_SIZE, TAG_SIZE, mac, subkey
from evidence_kit.core.errors import CaseDamaged

_LEN = struct.Struct(">I")
_MAX_FRAME = 64 << 20
_HEAD_MAGIC = "evidence-kit head v1"


@dataclass
class Head:
    length: int = 0
    frames: int = 0
    last_tag: bytes = b"\x00" * TAG_SIZE


class Journal:
    def __init__(self, path: Path, head_path: Path, keys: bytes | list[tuple[int, bytes]], case_id: str) -> None:
        self.path = path
        self.head_path = head_path
        self.set_keys([(0, keys)] if isinstance(keys, bytes) else keys)
        self._case_id = case_id.encode()
        self.head = Head()
        # Set when frames past the committed length may be newer committed records (an older head.ek put
        # back) rather than a killed write's leftovers: they are handed over before being cut off.
        self.keep_tail: Callable[[bytes], None] | None = None

    def set_keys(self, epochs: list[tuple[int, bytes]]) -> None:
        """(first frame, data key) per key, oldest first; the first starts at frame 0."""
        self._epochs = [
            (start, AESGCM(subkey(key, "evidence-kit journal v1")), subkey(key, "evidence-kit head v1"))
            for start, key in epochs
        ]

    def _epoch(self, index: int) -> tuple[int, AESGCM, bytes]:
        return next(e for e in reversed(self._epochs) if e[0] <= index)

    def _aead(self, index: int) -> AESGCM:
        return self._epoch(index)[1]

    def _mac_key(self, frames: int) -> bytes:
        return self._epoch(max(frames - 1, 0))[2]

    # --- head -------------------------------------------------------------
    def _head_bytes(self, head: Head) -> bytes:
        body = json.dumps(
            {
                "format": _HEAD_MAGIC,
                "length": head.length,
                "frames": head.frames,
                "last_tag": head.last_tag.hex(),
            },
            sort_keys=True,
            separators=(",", ":"),
        )
        return (body + "\n" + mac(self._mac_key(head.frames), body.encode()).hex() + "\n").encode()

    def read_head(self) -> Head:
        if not self.head_path.exists():
            return Head()
        raw = self.head_path.read_bytes()
        try:
            body, tag, rest = raw.decode("ascii").split("\n")
            data = json.loads(body)
            # Compare the exact text: hex decoding would accept a flipped letter case.
            if rest or tag != mac(self._mac_key(int(data["frames"])), body.encode()).hex():
                raise ValueError
            if data["format"] != _HEAD_MAGIC:
                raise ValueError
            return Head(int(data["length"]), int(data["frames"]), bytes.fromhex(data["last_tag"]))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise CaseDamaged("error.head_damaged") from None

    # --- frames -----------------------------------------------------------
    def _aad(self, index: int, prev_tag: bytes) -> bytes:
        return b"EKJ1" + self._case_id + index.to_bytes(8, "big") + prev_tag

    def iter_frames(self, strict_tail: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:
        """Decrypt committed frames in order; raises ``CaseDamaged`` naming the frame."""
        head = self.read_head()
        self.head = head
        if head.length == 0:
            return
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            raise CaseDamaged("error.journal_missing") from None
        with handle:
            size = os.fstat(handle.fileno()).st_size
            if size < head.length:
                raise CaseDamaged("error.journal_truncated")
            if strict_tail and size > head.length:
                raise CaseDamaged("error.journal_uncommitted")
            prev = b"\x00" * TAG_SIZE
            offset = 0
            for index in range(head.frames):
                raw_len = handle.read(_LEN.size)
                if len(raw_len) != _LEN.size:
                    raise CaseDamaged("error.journal_frame", frame=index)
                (length,) = _LEN.unpack(raw_len)
                if length < NONCE_SIZE + TAG_SIZE or length > _MAX_FRAME:
                    raise CaseDamaged("error.journal_frame", frame=index)
                blob = handle.read(length)
                offset += _LEN.size + length
                if len(blob) != length or offset > head.length:
                    raise CaseDamaged("error.journal_frame", frame=index)
                try:
                    plain = self._aead(index).decrypt(blob[:NONCE_SIZE], blob[NONCE_SIZE:], self._aad(index, prev))
                except InvalidTag:
                    raise CaseDamaged("error.journal_frame", frame=index) from None
                prev = blob[-TAG_SIZE:]
                yield index, json.loads(plain)
            if offset != head.length or prev != head.last_tag:
                raise CaseDamaged("error.journal_truncated")

    def append(self, records: list[dict[str, Any]]) -> None:
        """Append records as one transaction: all durable and committed, or none."""
        head = self.head
        frames = bytearray()
        prev = head.last_tag
        index = head.frames
        for record in records:
            plain = json.dumps(record, sort_keys=True, separators=(",", ":")).encode()
            nonce = os.urandom(NONCE_SIZE)
            sealed = nonce + self._aead(index).encrypt(nonce, plain, self._aad(index, prev))
            frames += _LEN.pack(len(sealed)) + sealed
            prev = sealed[-TAG_SIZE:]
            index += 1
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            try:
                if self.keep_tail is not None and os.fstat(fd).st_size > head.length:
                    self.keep_tail(_read_from(fd, head.length))
                # Cut off frames a killed process left past the committed length.
                os.ftruncate(fd, head.length)
                os.lseek(fd, head.length, os.SEEK_SET)
                view = memoryview(bytes(frames))
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise storage_error(exc) from exc
        new_head = Head(head.length + len(frames), index, prev)
        atomic_write(self.head_path, self._head_bytes(new_head))
        self.head = new_head

    def copy_under(self, path: Path, head_path: Path, key: bytes) -> None:
        """Write every committed record again, under ``key`` alone, into a new journal and head (``--reencrypt``)."""
        records = [record for _index, record in self.iter_frames()]
        for leftover in (path, head_path):
            leftover.unlink(missing_ok=True)
        Journal(path, head_path, key, self._case_id.decode()).append(records)


def _read_from(fd: int, offset: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    parts = []
    while chunk := os.read(fd, 1 << 20):
        parts.append(chunk)
    return b"".join(parts)
