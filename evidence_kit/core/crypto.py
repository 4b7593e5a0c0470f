"""Key derivation, key wrapping, recovery codes and chunked authenticated encryption.

Everything here is built from `cryptography`'s documented primitives:
Argon2id for passphrases, HKDF-SHA256 for sub-keys, AES-256-GCM for every
ciphertext.  Large files use the STREAM construction (Hoang et al., 2015):
a key per file, the chunk index and a last-chunk flag in the nonce and the
associated data, so chunks cannot be truncated, swapped or reordered unseen.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import struct
import time
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from evidence_kit.core.errors import CaseDamaged, WrongSecret

KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
SALT_SIZE = 16


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored in the case so it opens with the same cost later."""

    iterations: int
    memory_kib: int
    lanes: int = 4

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, untrusted: dict[str, int]) -> KdfParams:
        """Parameters read from a header; absurd ones (a denial of service on opening) are refused."""
        params = cls(int(untrusted["iterations"]), int(untrusted["memory_kib"]), int(untrusted["lanes"]))
        if not (
            1 <= params.iterations <= MAX_ITERATIONS
            and 1 <= params.lanes <= MAX_LANES
            and 8 * params.lanes <= params.memory_kib <= MAX_MEMORY_KIB
        ):
            raise ValueError("implausible key-derivation parameters")
        return params

    def below(self, floor: KdfParams) -> bool:
        """True when any of the three costs is under the floor's."""
        return self.iterations < floor.iterations or self.memory_kib < floor.memory_kib or self.lanes < floor.lanes

    @classmethod
    def for_tests(cls) -> KdfParams:
        """Cheap parameters, chosen in code: for automated tests and throw-away cases (tour, self-test) only."""
        return cls(iterations=1, memory_kib=8 * 1024, lanes=1)

    @classmethod
    def calibrated(cls, target_seconds: float = 0.5, memory_kib: int = 64 * 1024) -> KdfParams:
        """Choose the number of passes so one derivation takes about ``target_seconds`` here, never below
        ``KDF_FLOOR``.

        64 MiB is RFC 9106's second recommended memory size; more would raise the
        peak memory of every opening above what importing a large file needs
        (the whole program stays under 200 MiB), so the cost comes from passes.
        """
        floor = KDF_FLOOR
        memory_kib = max(memory_kib, floor.memory_kib)
        lanes = max(4, floor.lanes)
        probe = cls(iterations=4, memory_kib=memory_kib, lanes=lanes)
        start = time.perf_counter()
        derive_key(b"calibration", os.urandom(SALT_SIZE), probe)
        one_pass = max((time.perf_counter() - start) / probe.iterations, 1e-3)
        iterations = max(floor.iterations, min(MAX_CALIBRATED_ITERATIONS, round(target_seconds / one_pass)))
        return cls(iterations=iterations, memory_kib=memory_kib, lanes=lanes)


# RFC 9106, section 4, second recommended option: Argon2id, 64 MiB, 3 passes, 4 lanes.  Nothing the program
# writes derives a key at less (a case of an older version is upgraded on its next write).  Tests lower it
# in their own code (tests/helpers.py), never through anything the installed program reads.
KDF_FLOOR = KdfParams(iterations=3, memory_kib=64 * 1024, lanes=4)
MAX_CALIBRATED_ITERATIONS = 32
# Ceilings for settings read from a header: past them an opening would take minutes or all the memory.
MAX_ITERATIONS = 64
MAX_LANES = 16
MAX_MEMORY_KIB = 1 << 20  # 1 GiB


def derive_key(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=KEY_SIZE,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(secret)


def subkey(master: bytes, purpose: str, salt: bytes | None = None) -> bytes:
    """An independent key for one purpose (records, a file, the head MAC)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=purpose.encode()).derive(master)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM with a random nonce; returns nonce + ciphertext + tag."""
    nonce = os.urandom(NONCE_SIZE)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """Raises ``InvalidTag`` when the blob was altered or the key is wrong."""
    if len(blob) < NONCE_SIZE + TAG_SIZE:
        raise InvalidTag()
    return AESGCM(key).decrypt(blob[:NONCE_SIZE], blob[NONCE_SIZE:], aad)


def wrap_key(kek: bytes, data_key: bytes, aad: bytes) -> bytes:
    return seal(kek, data_key, aad)


def unwrap_key(kek: bytes, wrapped: bytes, aad: bytes, error_key: str) -> bytes:
    try:
        return unseal(kek, wrapped, aad)
    except InvalidTag:
        raise WrongSecret(error_key) from None


# --- sealing a key to the recovery code's public key (HPKE, RFC 9180) --------------------------------------
#
# The recovery code opens an X25519 private key; every data key made at a passphrase change is sealed to its
# public key, so the recovery code follows the changes without being typed, and the old passphrase does not.


def _hpke() -> Any:
    from cryptography.hazmat.primitives import hpke

    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def new_recovery_keypair() -> tuple[bytes, bytes]:
    """(private, public), both raw 32 bytes."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

    private = X25519PrivateKey.generate()
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return raw, private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def seal_to(public: bytes, key: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    return bytes(_hpke().encrypt(key, X25519PublicKey.from_public_bytes(public), info=info))


def open_sealed(private: bytes, sealed: bytes, info: bytes) -> bytes:
    """Raises ``CaseDamaged`` when the sealed key does not open (a changed header)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    try:
        return bytes(_hpke().decrypt(sealed, X25519PrivateKey.from_private_bytes(private), info=info))
    except Exception:  # noqa: BLE001 - any failure to open is a damaged header
        raise CaseDamaged("error.header_damaged") from None


def mac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


# --- Recovery codes ---------------------------------------------------------
# 128 random bits, written in Crockford's base32 (no I, L, O, U: nothing to
# confuse), plus a 20-bit check so a typo is caught before any slow
# derivation; shown as six groups of five characters.

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(_ALPHABET)}
_DECODE.update({"O": 0, "I": 1, "L": 1})
RECOVERY_BITS = 128
_CHECK_BITS = 20
_CODE_CHARS = (RECOVERY_BITS + 2 + _CHECK_BITS) // 5  # 26 chars of secret, 4 of check


def _check_value(secret: bytes) -> int:
    digest = hashlib.sha256(b"evidence-kit recovery code" + secret).digest()
    return int.from_bytes(digest[:3], "big") >> (24 - _CHECK_BITS)


def new_recovery_code() -> str:
    secret = secrets.token_bytes(RECOVERY_BITS // 8)
    value = (int.from_bytes(secret, "big") << 2) << _CHECK_BITS | _check_value(secret)
    chars = []
    for _ in range(_CODE_CHARS):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    text = "".join(reversed(chars))
    return "-".join(text[i : i + 5] for i in range(0, len(text), 5))


def parse_recovery_code(text: str) -> bytes:
    """The secret inside a recovery code, tolerant of case, spaces and dashes."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n")
    if len(cleaned) != _CODE_CHARS or any(ch not in _DECODE for ch in cleaned):
        raise WrongSecret("error.recovery_code_format")
    value = 0
    for ch in cleaned:
        value = (value << 5) | _DECODE[ch]
    check = value & ((1 << _CHECK_BITS) - 1)
    secret = (value >> (_CHECK_BITS + 2)).to_bytes(RECOVERY_BITS // 8, "big")
    if check != _check_value(secret):
        raise WrongSecret("error.recovery_code_typo")
    return secret


# --- Chunked file encryption (STREAM) ---------------------------------------

BLOB_MAGIC = b"EKB1"
BLOB_ID_SIZE = 16
CHUNK_SIZE = 1 << 20
_BLOB_HEADER = struct.Struct(">4s16sI")
BLOB_HEADER_SIZE = _BLOB_HEADER.size


def blob_header(blob_id: bytes, chunk_size: int = CHUNK_SIZE) -> bytes:
    return _BLOB_HEADER.pack(BLOB_MAGIC, blob_id, chunk_size)


def parse_blob_header(data: bytes) -> tuple[bytes, int]:
    magic, blob_id, chunk_size = _BLOB_HEADER.unpack(data)
    if magic != BLOB_MAGIC or not (4096 <= chunk_size <= 64 << 20):
        raise ValueError("not an Evidence Kit blob")
    return blob_id, chunk_size


class ChunkCipher:
    """Encrypts and decrypts the chunks of one file, bound to its id."""

    def __init__(self, data_key: bytes, blob_id: bytes) -> None:
        self.blob_id = blob_id
        self._aead = AESGCM(subkey(data_key, "evidence-kit blob v1", salt=blob_id))

    def _nonce_aad(self, index: int, last: bool) -> tuple[bytes, bytes]:
        flag = b"\x01" if last else b"\x00"
        nonce = index.to_bytes(NONCE_SIZE - 1, "big") + flag
        return nonce, BLOB_MAGIC + self.blob_id + index.to_bytes(8, "big") + flag

    def encrypt(self, index: int, chunk: bytes, last: bool) -> bytes:
        nonce, aad = self._nonce_aad(index, last)
        return self._aead.encrypt(nonce, chunk, aad)

    def decrypt(self, index: int, chunk: bytes, last: bool) -> bytes:
        nonce, aad = self._nonce_aad(index, last)
        return self._aead.decrypt(nonce, chunk, aad)
