"""The vault of a case folder: its header and key slots, its lock, its journal and its encrypted blobs.

Layout of a case folder (everything but the header is encrypted)::

    case.ek      header: format, case id, key-derivation parameters, wrapped data keys
    journal.ek   append-only encrypted records (items, accounts, payments, custody log…)
    head.ek      what part of the journal is committed, under a MAC
    blobs/       originals and thumbnails, chunked and encrypted
    case.lock    held while a program has the case open

The header holds no personal data: the case's name and everything the person types live in the
journal.  The vault knows nothing of what the records mean.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from filelock import FileLock, Timeout

from evidence_kit.core import crypto
from evidence_kit.core.blobstore import BlobStore, atomic_write, fsync_dir, storage_error
from evidence_kit.core.crypto import (
    KdfParams,
    derive_key,
    mac,
    new_recovery_code,
    new_recovery_keypair,
    open_sealed,
    parse_recovery_code,
    seal_to,
    subkey,
    unseal,
    unwrap_key,
    wrap_key,
)
from evidence_kit.core.errors import CaseBusy, CaseDamaged, CaseExists, CaseNotFound, UsageError
from evidence_kit.core.journal import Journal
from evidence_kit.core.seen import Rollback, SeenCases

FORMAT = "evidence-kit case v1"
HEADER_NAME = "case.ek"
LOCK_NAME = "case.lock"
MIN_PASSPHRASE = 8


def is_case_folder(path: Path) -> bool:
    return (Path(path) / HEADER_NAME).is_file()


def iter_case_files(folder: Path) -> Iterator[Path]:
    """Every file of a case folder but its lock (for tests and backups)."""
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and path.name != LOCK_NAME:
            yield path


# --- header --------------------------------------------------------------------


# Two layouts, both ASCII lines.  Version 1 (before 2026-11-30): the JSON body, then its SHA-256.
# Since then: the body, an HMAC-SHA256 of it under a key derived from the data key, then the SHA-256 of
# both lines (so a flipped bit is caught before any slow derivation, and a forged header after it).


def _header_mac(data_key: bytes, body: str) -> str:
    return mac(subkey(data_key, "evidence-kit header v1"), body.encode()).hex()


def header_bytes(data: dict[str, Any], data_key: bytes) -> bytes:
    body = json.dumps(data, sort_keys=True, separators=(",", ":"))
    signed = body + "\n" + _header_mac(data_key, body)
    return (signed + "\n" + hashlib.sha256(signed.encode()).hexdigest() + "\n").encode()


def _read_header_lines(folder: Path) -> tuple[dict[str, Any], str, str]:
    """The header's data, its body text and its MAC ("" for a version 1 header, which has none)."""
    path = committed_path(folder, HEADER_NAME)
    if not path.is_file():
        raise CaseNotFound("error.case_not_found", path=str(folder))
    try:
        untrusted_raw = path.read_bytes()  # anyone with the folder can write it: checked below, then by its MAC
    except OSError as exc:
        raise storage_error(exc) from exc
    try:
        lines = untrusted_raw.decode("ascii").split("\n")
        if len(lines) == 3:
            body, digest, rest = lines
            header_mac, signed = "", body
        else:
            body, header_mac, digest, rest = lines
            signed = body + "\n" + header_mac
            if len(header_mac) != 64:
                raise ValueError
        if rest or hashlib.sha256(signed.encode()).hexdigest() != digest:
            raise ValueError
        data: dict[str, Any] = json.loads(body)
        if data.get("format") != FORMAT:
            raise ValueError
        return data, body, header_mac
    except (ValueError, UnicodeDecodeError):
        raise CaseDamaged("error.header_damaged") from None


def read_header(folder: Path) -> dict[str, Any]:
    """The header's data, checked for damage (its MAC can only be checked with the data key: ``Vault``)."""
    return _read_header_lines(folder)[0]


# --- key slots -----------------------------------------------------------------


def _slot_aad(case_id: str, slot: str) -> bytes:
    return f"evidence-kit key slot v1|{case_id}|{slot}".encode()


def _make_slot(
    case_id: str,
    slot: str,
    secret: bytes,
    data_key: bytes,
    kdf: KdfParams,
    position: int = 0,
    private: bytes | None = None,
) -> dict[str, Any]:
    """A key slot: ``data_key`` (the key at ``position`` in the chain) wrapped under the secret; the recovery
    slot also wraps the private key the later data keys are sealed to."""
    salt = secrets.token_bytes(16)
    kek = derive_key(secret, salt, kdf)
    entry: dict[str, Any] = {
        "kdf": kdf.to_dict(),
        "salt": salt.hex(),
        "wrapped": wrap_key(kek, data_key, _slot_aad(case_id, slot)).hex(),
    }
    if position:
        entry["position"] = position
    if private is not None:
        entry["private"] = wrap_key(kek, private, _slot_aad(case_id, slot + " private")).hex()
    return entry


def _slot_kdf(header: dict[str, Any], slot: str) -> KdfParams:
    try:
        return KdfParams.from_dict(header["slots"][slot]["kdf"])
    except (KeyError, ValueError, TypeError):
        raise CaseDamaged("error.header_damaged") from None


def _open_slot(case_id: str, slot: str, header: dict[str, Any], secret: bytes, error_key: str) -> list[bytes]:
    """Every data key of the chain the secret reaches, oldest first (see ``_chain``)."""
    try:
        entry = header["slots"][slot]
        kdf = _slot_kdf(header, slot)
        salt = bytes.fromhex(entry["salt"])
        wrapped = bytes.fromhex(entry["wrapped"])
        position = int(entry.get("position", 0))
        private = bytes.fromhex(entry["private"]) if "private" in entry else None
        chain = _chain(header)
        if not 0 <= position <= len(chain):
            raise ValueError
    except (KeyError, ValueError, TypeError):
        raise CaseDamaged("error.header_damaged") from None
    kek = derive_key(secret, salt, kdf)
    key = unwrap_key(kek, wrapped, _slot_aad(case_id, slot), error_key)
    keys = [key]
    for number in range(position, 0, -1):  # back: each key wraps the one before it
        keys.insert(
            0, _unwrap_chain(kek=keys[0], sealed=chain[number - 1]["previous"], aad=_chain_aad(case_id, number))
        )
    for number in range(position + 1, len(chain) + 1):  # forward: only the recovery code, through its private key
        if private is None or "recovery" not in chain[number - 1]:
            raise CaseDamaged("error.header_damaged")
        opened = _unwrap_chain(kek, private.hex(), _slot_aad(case_id, slot + " private"))
        keys.append(open_sealed(opened, bytes.fromhex(chain[number - 1]["recovery"]), _chain_aad(case_id, number)))
    return keys


# --- the key chain ---------------------------------------------------------------
#
# A passphrase change starts a new data key (``Vault.rotate``): header["chain"] gets one entry per change,
# {"from_frame": the first journal frame under the new key, "previous": the key before it wrapped under the
# new one, "recovery": the new key sealed to the recovery code's public key}.  The passphrase slot wraps the
# newest key; the recovery slot wraps the key at its "position" and the private key.  So the new passphrase
# and the recovery code reach every key, and an old passphrase (in an old copy of case.ek) only the keys
# before the change.


def _chain(header: dict[str, Any]) -> list[dict[str, Any]]:
    chain = header.get("chain", [])
    if not isinstance(chain, list):
        raise CaseDamaged("error.header_damaged")
    return chain


def _chain_aad(case_id: str, position: int) -> bytes:
    return f"evidence-kit key chain v1|{case_id}|{position}".encode()


def _unwrap_chain(kek: bytes, sealed: str, aad: bytes) -> bytes:
    try:
        return unseal(kek, bytes.fromhex(sealed), aad)
    except (InvalidTag, ValueError, TypeError):
        raise CaseDamaged("error.header_damaged") from None


def _epochs(header: dict[str, Any], keys: list[bytes]) -> list[tuple[int, bytes]]:
    """(first journal frame, key) per key of the chain, oldest first."""
    try:
        starts = [0] + [int(entry["from_frame"]) for entry in _chain(header)]
    except (KeyError, ValueError, TypeError):
        raise CaseDamaged("error.header_damaged") from None
    return list(zip(starts, keys, strict=True))


def normalise_passphrase(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UsageError("error.passphrase_too_short", minimum=MIN_PASSPHRASE)


def folder_writable(folder: Path) -> bool:
    """Can this process write the case folder (and its lock file)?  False on read-only media, a forensic copy."""
    lock = Path(folder) / LOCK_NAME
    return os.access(folder, os.W_OK) and (not lock.exists() or os.access(lock, os.W_OK))


REENCRYPT_MARKER = "reencrypt.commit"
_STAGED = (HEADER_NAME, "journal.ek", "head.ek")


def _staged(path: Path) -> Path:
    return path.with_name(path.name + ".new")


def committed_path(folder: Path, name: str) -> Path:
    """Where a file's committed content is: its staged copy when a re-encryption was committed but not yet
    finished (only a read-only opening, which may not finish it, ever sees that), else the file itself."""
    staged = _staged(folder / name)
    if (folder / REENCRYPT_MARKER).exists() and staged.exists():
        return staged
    return folder / name


def finish_reencryption(folder: Path) -> None:
    """Under the lock, before reading the header: finish a committed re-encryption, or drop an unfinished one."""
    marker = folder / REENCRYPT_MARKER
    try:
        if marker.exists():
            for name in _STAGED:
                staged = _staged(folder / name)
                if staged.exists():
                    os.replace(staged, folder / name)
            fsync_dir(folder)
            marker.unlink()
        else:
            for name in _STAGED:
                _staged(folder / name).unlink(missing_ok=True)
        fsync_dir(folder)
    except OSError as exc:
        raise storage_error(exc) from exc


def acquire_lock(folder: Path) -> FileLock:
    # Not thread-local: the GUI opens a case in a worker thread and closes it from the GUI thread.
    lock = FileLock(str(folder / LOCK_NAME), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise CaseBusy("error.case_busy") from None
    except OSError as exc:
        raise storage_error(exc) from exc
    return lock


# --- the vault -------------------------------------------------------------------


class Vault:
    """An unlocked case folder: the data key, the lock held, the journal and the blob store."""

    def __init__(self, folder: Path, header: dict[str, Any], keys: bytes | list[bytes], lock: FileLock | None) -> None:
        self.folder = folder
        self.keys = [keys] if isinstance(keys, bytes) else list(keys)  # the key chain, oldest first
        data_key = self.keys[-1]
        self.read_only = lock is None  # opened without the lock: nothing may be written
        self.unnamed: list[str] = []  # read-only: blobs no record names, left where they are
        self.header = header
        self.case_id: str = header["case_id"]
        self.data_key = data_key
        self.lock = lock
        self.blobs = BlobStore(folder / "blobs", self.keys[::-1])
        self.journal = Journal(
            committed_path(folder, "journal.ek"),
            committed_path(folder, "head.ek"),
            _epochs(header, self.keys),
            self.case_id,
        )
        self.upgrades: list[str] = []  # what the next write changes in a header of an older version
        self.seen: SeenCases | None = None  # this computer's record of the cases it has seen
        self.rollback: Rollback | None = None  # set by ``check_rollback`` when the folder is an older copy
        self._upgraded_slot: dict[str, Any] | None = None

    @classmethod
    def create(cls, folder: Path, passphrase: str, kdf: KdfParams) -> tuple[Vault, str]:
        """A new, locked vault and its recovery code; the header is written by ``write_header`` once the
        journal holds the case's first records (a folder without a header is not a case yet)."""
        check_passphrase(passphrase)
        if folder.exists() and (is_case_folder(folder) or any(folder.iterdir())):
            raise CaseExists("error.case_exists", path=str(folder))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "blobs").mkdir(exist_ok=True)
        except OSError as exc:
            raise storage_error(exc) from exc
        case_id = secrets.token_hex(16)
        data_key = secrets.token_bytes(32)
        recovery_code = new_recovery_code()
        private, public = new_recovery_keypair()
        recovery = _make_slot(case_id, "recovery", parse_recovery_code(recovery_code), data_key, kdf, 0, private)
        header = {
            "format": FORMAT,
            "case_id": case_id,
            "recovery_public": public.hex(),
            "slots": {
                "passphrase": _make_slot(case_id, "passphrase", normalise_passphrase(passphrase), data_key, kdf),
                "recovery": recovery,
            },
        }
        return cls(folder, header, data_key, acquire_lock(folder)), recovery_code

    @classmethod
    def unlock(
        cls, folder: Path, passphrase: str | None = None, recovery_code: str | None = None, read_only: bool = False
    ) -> Vault:
        """Open the key slot the secret belongs to, check the header's MAC, then take the lock.

        ``read_only``: take no lock and prepare no upgrade (the caller writes nothing: a forensic copy).

        A header an older version wrote (no MAC, or a passphrase slot below ``crypto.KDF_FLOOR``) is
        upgraded by the next write: ``upgrades`` says what will change.
        """
        if not is_case_folder(folder):
            raise CaseNotFound("error.case_not_found", path=str(folder))
        lock = None if read_only else acquire_lock(folder)
        try:
            if lock is not None:
                finish_reencryption(folder)
            header, body, header_mac = _read_header_lines(folder)
            case_id = header.get("case_id", "")
            if passphrase is not None:
                secret = normalise_passphrase(passphrase)
                keys = _open_slot(case_id, "passphrase", header, secret, "error.wrong_passphrase")
            elif recovery_code is not None:
                secret = parse_recovery_code(recovery_code)
                keys = _open_slot(case_id, "recovery", header, secret, "error.wrong_recovery_code")
            else:
                raise UsageError("error.passphrase_needed")
            data_key = keys[-1]
            if header_mac and not hmac.compare_digest(header_mac, _header_mac(data_key, body)):
                raise CaseDamaged("error.header_damaged")
            vault = cls(folder, header, keys, lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if read_only:
            return vault
        if not header_mac:
            vault.upgrades.append("header_mac")
        if passphrase is not None and _slot_kdf(header, "passphrase").below(crypto.KDF_FLOOR):
            position = len(keys) - 1
            vault._upgraded_slot = _make_slot(case_id, "passphrase", secret, data_key, KdfParams.calibrated(), position)
            vault.upgrades.append("key_derivation")
        return vault

    def check_header(self) -> None:
        """Raise ``CaseDamaged`` unless the header on disk is whole and, where it has one, its MAC is right."""
        _data, body, header_mac = _read_header_lines(self.folder)
        if header_mac and not hmac.compare_digest(header_mac, _header_mac(self.data_key, body)):
            raise CaseDamaged("error.header_damaged")

    def write_header(self) -> None:
        atomic_write(self.folder / HEADER_NAME, header_bytes(self.header, self.data_key))

    def upgrade(self) -> list[str]:
        """Write what ``unlock`` prepared for a header of an older version; returns what changed."""
        done, self.upgrades = self.upgrades, []
        if done:
            header = copy.deepcopy(self.header)
            if self._upgraded_slot is not None:
                header["slots"]["passphrase"] = self._upgraded_slot
            atomic_write(self.folder / HEADER_NAME, header_bytes(header, self.data_key))
            self.header, self._upgraded_slot = header, None
        return done

    def _slot_cost(self, slot: str, kdf: KdfParams | None) -> KdfParams:
        """The given cost, else the slot's current one unless that is below the floor."""
        if kdf is None:
            kdf = _slot_kdf(self.header, slot)
            kdf = KdfParams.calibrated() if kdf.below(crypto.KDF_FLOOR) else kdf
        return kdf

    def rotate(self, new_passphrase: str, kdf: KdfParams | None = None) -> str | None:
        """A new passphrase and a new data key for everything written from now on (see ``_chain``).

        The old keys stay reachable from the new passphrase and the recovery code only.  A case made before
        the recovery code had a public key gets a new recovery code (returned, to show once; else None).
        One atomic write of the header: a kill leaves the old passphrase or the new one working.
        """
        check_passphrase(new_passphrase)
        new_key = secrets.token_bytes(32)
        number = len(self.keys)
        header = copy.deepcopy(self.header)
        entry: dict[str, Any] = {
            "from_frame": self.journal.head.frames,
            "previous": wrap_key(new_key, self.data_key, _chain_aad(self.case_id, number)).hex(),
        }
        public = header.get("recovery_public")
        code = None
        if isinstance(public, str):
            entry["recovery"] = seal_to(bytes.fromhex(public), new_key, _chain_aad(self.case_id, number)).hex()
        header["chain"] = [*_chain(header), entry]
        secret = normalise_passphrase(new_passphrase)
        header["slots"]["passphrase"] = _make_slot(
            self.case_id, "passphrase", secret, new_key, self._slot_cost("passphrase", kdf), number
        )
        if not isinstance(public, str):
            code = self._recovery_slot(header, new_key, number)
        atomic_write(self.folder / HEADER_NAME, header_bytes(header, new_key))
        self.header = header
        self.keys.append(new_key)
        self._use_keys()
        self._upgraded_slot = None
        self.upgrades = [u for u in self.upgrades if u not in ("key_derivation", "header_mac")]
        return code

    def _recovery_slot(self, header: dict[str, Any], key: bytes, position: int) -> str:
        """A new recovery code with a new key pair in ``header``, reaching ``key`` (at ``position``) and all before."""
        code = new_recovery_code()
        private, public = new_recovery_keypair()
        header["recovery_public"] = public.hex()
        header["slots"]["recovery"] = _make_slot(
            self.case_id,
            "recovery",
            parse_recovery_code(code),
            key,
            self._slot_cost("recovery", None),
            position,
            private,
        )
        return code

    def _use_keys(self) -> None:
        self.data_key = self.keys[-1]
        self.blobs.set_keys(self.keys[::-1])
        self.journal.set_keys(_epochs(self.header, self.keys))

    def new_recovery_code(self) -> str:
        """Replace the recovery code and its key pair (the old code reaches no key made from now on)."""
        header = copy.deepcopy(self.header)
        code = self._recovery_slot(header, self.data_key, len(self.keys) - 1)
        atomic_write(self.folder / HEADER_NAME, header_bytes(header, self.data_key))
        self.header = header
        self.upgrades = [u for u in self.upgrades if u != "header_mac"]
        return code

    def reencrypt(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Write every blob and the journal again under the newest key (after ``rotate``), crash-safe.

        Blobs are rewritten one by one in place (a reader tries every key of the chain).  The journal, its
        head and the header (whose last key then starts at frame 0) are staged as ``*.new`` files; a marker
        file then commits them, and ``finish_reencryption`` renames them, now or at the next opening.
        """
        paths = sorted(self.blobs.root.glob("*/*.blob")) + sorted(self.blobs.quarantine.glob("*.blob"))
        for done, path in enumerate(paths):
            self.blobs.reencrypt(path, path.stem)
            if progress:
                progress(done + 1, len(paths) + 1)
        header = copy.deepcopy(self.header)
        header["chain"][-1]["from_frame"] = 0
        journal, head = self.journal.path, self.journal.head_path
        self.journal.copy_under(_staged(journal), _staged(head), self.data_key)
        atomic_write(_staged(self.folder / HEADER_NAME), header_bytes(header, self.data_key))
        atomic_write(self.folder / REENCRYPT_MARKER, b"")
        finish_reencryption(self.folder)
        self.header = header
        self._use_keys()
        self.journal.head = self.journal.read_head()
        if progress:
            progress(len(paths) + 1, len(paths) + 1)

    def clean_leftovers(self, referenced: set[str]) -> None:
        """Tidy what a killed process or a files-put-back left; nothing that may be evidence is deleted."""
        try:
            self.blobs.tidy(referenced)
            for leftover in self.folder.glob("*.partial"):  # atomic writes of the header and head, never done
                leftover.unlink(missing_ok=True)
        except OSError as exc:
            raise storage_error(exc) from exc

    def remember(self, records: int, at: str) -> None:
        """Tell this computer's record how far the journal goes (and the time of its last custody entry)."""
        if self.seen is not None:
            self.seen.remember(SeenCases.case_key(self.keys[0], self.case_id), records, at)

    def check_rollback(self, at: str) -> None:
        """On opening: is the journal shorter than this computer last saw?  Then keep what a write would cut."""
        records = self.journal.head.frames
        if self.seen is not None:
            self.rollback = self.seen.check(SeenCases.case_key(self.keys[0], self.case_id), records)
        if self.rollback is not None:
            self.journal.keep_tail = self.quarantine_journal_tail
        self.remember(records, at)

    def quarantine_journal_tail(self, tail: bytes) -> None:
        """Keep journal frames past the committed length (maybe newer records) before a write cuts them off."""
        quarantine = self.blobs.quarantine
        quarantine.mkdir(exist_ok=True)
        atomic_write(quarantine / f"journal-tail-{self.journal.head.frames}-{secrets.token_hex(4)}.ek", tail)

    def release(self) -> None:
        """Forget the data key and let go of the folder."""
        self.data_key = b""
        self.keys = []
        if self.lock is not None:
            self.lock.release()
