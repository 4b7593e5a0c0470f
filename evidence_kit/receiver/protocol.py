"""The wire format between the phone's page and the receiver: one session key, AEAD messages, their labels.

Every message is ``nonce (12 bytes) || ChaCha20-Poly1305 ciphertext and tag``
under the session key, which travels only in the URL fragment.  The associated
data binds each message to its place, so a message moved, replayed or relabelled
does not open::

    "EKR1" | kind (1 byte: M meta, C chunk, R receipt) | file id (16 bytes)
          | index (8 bytes, big-endian) | last (1 byte: 0 or 1)

A file is: one meta message (JSON: name, size, type, lastModified), then chunks
0..n-1 of ``CHUNK_SIZE`` plaintext bytes (the last one flagged), answered by a
receipt (JSON: item, sha256, size, duplicate) that the receiver seals with the
same key so the page can trust what it compares.  The page's JavaScript
(``resources/receiver/app.js``) implements the same layout.
"""

from __future__ import annotations

import base64
import os
import secrets
import struct
from dataclasses import dataclass
from enum import Enum

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

MAGIC = b"EKR1"
KEY_SIZE = 32  # 256-bit session key
TOKEN_SIZE = 16  # 128-bit path token
FILE_ID_SIZE = 16
NONCE_SIZE = 12
TAG_SIZE = 16
CHUNK_SIZE = 1 << 20
MAX_MESSAGE = CHUNK_SIZE + NONCE_SIZE + TAG_SIZE
MAX_META = 8192


class Kind(Enum):
    META = b"M"
    CHUNK = b"C"
    RECEIPT = b"R"


class MessageRejected(Exception):
    """A message that does not open under the session key with its expected label."""


def associated_data(kind: Kind, file_id: bytes, index: int = 0, last: bool = False) -> bytes:
    if len(file_id) != FILE_ID_SIZE:
        raise ValueError("file id must be 16 bytes")
    return MAGIC + kind.value + file_id + struct.pack(">QB", index, 1 if last else 0)


@dataclass(frozen=True)
class SessionSecrets:
    """What one receiving session is reached and protected by."""

    key: bytes
    token: str  # 32 hex digits, in the path

    @classmethod
    def fresh(cls) -> SessionSecrets:
        return cls(secrets.token_bytes(KEY_SIZE), secrets.token_hex(TOKEN_SIZE))

    @property
    def fragment(self) -> str:
        """The part after ``#``: browsers never send it to the server."""
        return "k=" + base64.urlsafe_b64encode(self.key).rstrip(b"=").decode("ascii")


def seal(key: bytes, kind: Kind, file_id: bytes, plain: bytes, index: int = 0, last: bool = False) -> bytes:
    nonce = os.urandom(NONCE_SIZE)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, plain, associated_data(kind, file_id, index, last))


def open_sealed(key: bytes, kind: Kind, file_id: bytes, untrusted: bytes, index: int = 0, last: bool = False) -> bytes:
    if len(untrusted) < NONCE_SIZE + TAG_SIZE:
        raise MessageRejected("too short")
    try:
        return ChaCha20Poly1305(key).decrypt(
            untrusted[:NONCE_SIZE], untrusted[NONCE_SIZE:], associated_data(kind, file_id, index, last)
        )
    except InvalidTag:
        raise MessageRejected("does not open") from None


def key_from_fragment(fragment: str) -> bytes:
    """The session key from a URL fragment such as ``k=...`` (used by tests acting as the phone)."""
    text = fragment.lstrip("#")
    for part in text.split("&"):
        if part.startswith("k="):
            raw = part[2:]
            return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    raise ValueError("no key in fragment")
