"""A case: one folder holding encrypted evidence, records and a signed chain of custody.

Layout of a case folder (everything but the header is encrypted)::

    case.ek      header: format, case id, key-derivation parameters, wrapped data keys
    journal.ek   append-only encrypted records (items, accounts, payments, custody log…)
    head.ek      what part of the journal is committed, under a MAC
    blobs/       originals and thumbnails, chunked and encrypted
    case.lock    held while a program has the case open

The header holds no personal data: the case's name and everything the person
types live in the journal.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import secrets
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from filelock import FileLock, Timeout

from evidence_kit.core import clock
from evidence_kit.core.blobstore import BlobStore, atomic_write, check_cancel, storage_error
from evidence_kit.core.crypto import (
    KdfParams,
    derive_key,
    new_recovery_code,
    parse_recovery_code,
    unwrap_key,
    wrap_key,
)
from evidence_kit.core.errors import (
    CaseBusy,
    CaseDamaged,
    CaseExists,
    CaseLocked,
    CaseNotFound,
    EvidenceKitError,
    EvidenceRuleViolation,
    InputRejected,
    UsageError,
)
from evidence_kit.core.intake import (
    IMAGE_EXTENSIONS,
    ImageRejected,
    inspect_image,
    sniff_media_type,
)
from evidence_kit.core.keys import CaseKeys, verify_custody_signature
from evidence_kit.core.model import (
    Account,
    CaseProfile,
    Clock,
    CustodyAction,
    CustodyEntry,
    DatedValue,
    Derivation,
    DerivationKind,
    EvidenceItem,
    EvidenceKind,
    Origin,
    Payment,
    TimelineEvent,
    from_dict,
    to_dict,
)

log = logging.getLogger(__name__)

FORMAT = "evidence-kit case v1"
HEADER_NAME = "case.ek"
DEFAULT_MAX_ITEM_SIZE = 4 << 30
READ_SIZE = 1 << 20
Progress = Callable[[int, int], None]  # (done, total) in bytes
CancelCheck = Callable[[], bool]

_RECORD_TYPES: dict[str, type[Any]] = {
    "item": EvidenceItem,
    "account": Account,
    "payment": Payment,
    "event": TimelineEvent,
}
_ID_PREFIX = {"item": "E", "account": "A", "payment": "P", "event": "T"}


F = TypeVar("F", bound=Callable[..., Any])


def _writes(method: F) -> F:
    """Serialise a method that builds custody entries and commits them (the GUI writes from worker threads)."""

    @functools.wraps(method)
    def locked(self: Case, *args: Any, **kwargs: Any) -> Any:
        with self._write_lock:
            return method(self, *args, **kwargs)

    return locked  # type: ignore[return-value]


def is_case_folder(path: Path) -> bool:
    return (Path(path) / HEADER_NAME).is_file()


# --- header --------------------------------------------------------------------


def _header_bytes(data: dict[str, Any]) -> bytes:
    body = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return (body + "\n" + hashlib.sha256(body.encode()).hexdigest() + "\n").encode()


def _read_header(folder: Path) -> dict[str, Any]:
    path = folder / HEADER_NAME
    if not path.is_file():
        raise CaseNotFound("error.case_not_found", path=str(folder))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise storage_error(exc) from exc
    try:
        body, digest, rest = raw.decode("ascii").split("\n")
        if rest or hashlib.sha256(body.encode()).hexdigest() != digest:
            raise ValueError
        data: dict[str, Any] = json.loads(body)
        if data.get("format") != FORMAT:
            raise ValueError
        return data
    except (ValueError, UnicodeDecodeError):
        raise CaseDamaged("error.header_damaged") from None


def _slot_aad(case_id: str, slot: str) -> bytes:
    return f"evidence-kit key slot v1|{case_id}|{slot}".encode()


def _make_slot(case_id: str, slot: str, secret: bytes, data_key: bytes, kdf: KdfParams) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    kek = derive_key(secret, salt, kdf)
    return {
        "kdf": kdf.to_dict(),
        "salt": salt.hex(),
        "wrapped": wrap_key(kek, data_key, _slot_aad(case_id, slot)).hex(),
    }


def _open_slot(case_id: str, slot: str, header: dict[str, Any], secret: bytes, error_key: str) -> bytes:
    try:
        entry = header["slots"][slot]
        kdf = KdfParams.from_dict(entry["kdf"])
        salt = bytes.fromhex(entry["salt"])
        wrapped = bytes.fromhex(entry["wrapped"])
    except (KeyError, ValueError, TypeError):
        raise CaseDamaged("error.header_damaged") from None
    return unwrap_key(derive_key(secret, salt, kdf), wrapped, _slot_aad(case_id, slot), error_key)


def _normalise_passphrase(passphrase: str) -> bytes:
    import unicodedata

    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


# --- results -------------------------------------------------------------------


@dataclass
class AddResult:
    item: EvidenceItem
    duplicate: bool = False  # True: the same bytes were already in the case (item is the old one)


@dataclass
class Problem:
    subject: str  # item id, "journal", "custody", "header"…
    key: str  # message key
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class VerificationReport:
    items_checked: int = 0
    bytes_checked: int = 0
    custody_entries: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the case --------------------------------------------------------------------


class Case:
    """An open case.  Create with ``Case.create``, open with ``Case.open``; close when done."""

    def __init__(self, folder: Path, header: dict[str, Any], data_key: bytes, lock: FileLock) -> None:
        self.folder = folder
        self._header = header
        self.case_id: str = header["case_id"]
        self._data_key = data_key
        self._lock = lock
        self._closed = False
        self._write_lock = threading.RLock()
        self.blobs = BlobStore(folder / "blobs", data_key)
        from evidence_kit.core.journal import Journal

        self._journal = Journal(folder / "journal.ek", folder / "head.ek", data_key, self.case_id)
        self.items: dict[str, EvidenceItem] = {}
        self.accounts: dict[str, Account] = {}
        self.payments: dict[str, Payment] = {}
        self.events: dict[str, TimelineEvent] = {}
        self.profile = CaseProfile()
        self.custody: list[CustodyEntry] = []
        self.extra: dict[str, dict[str, dict[str, Any]]] = {}  # records of other modules (chat transcripts…)
        self.keys: CaseKeys | None = None
        self._counters: dict[str, int] = {}
        self.max_item_size = DEFAULT_MAX_ITEM_SIZE

    # --- lifecycle ---------------------------------------------------------------

    @property
    def reference(self) -> str:
        """A short reference a recipient can quote, e.g. EK-3F9A-C21B."""
        return f"EK-{self.case_id[:4].upper()}-{self.case_id[4:8].upper()}"

    @classmethod
    def create(
        cls,
        folder: Path | str,
        passphrase: str,
        name: str = "",
        kdf: KdfParams | None = None,
        profile: CaseProfile | None = None,
    ) -> tuple[Case, str]:
        """Create a case; returns it open, and the recovery code to show once."""
        folder = Path(folder)
        if len(passphrase) < 8:
            raise UsageError("error.passphrase_too_short", minimum=8)
        if folder.exists() and (is_case_folder(folder) or any(folder.iterdir())):
            raise CaseExists("error.case_exists", path=str(folder))
        kdf = kdf or KdfParams.calibrated()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "blobs").mkdir(exist_ok=True)
        except OSError as exc:
            raise storage_error(exc) from exc
        case_id = secrets.token_hex(16)
        data_key = secrets.token_bytes(32)
        recovery_code = new_recovery_code()
        header = {
            "format": FORMAT,
            "case_id": case_id,
            "slots": {
                "passphrase": _make_slot(case_id, "passphrase", _normalise_passphrase(passphrase), data_key, kdf),
                "recovery": _make_slot(case_id, "recovery", parse_recovery_code(recovery_code), data_key, kdf),
            },
        }
        lock = cls._acquire(folder)
        case = cls(folder, header, data_key, lock)
        keys = CaseKeys.generate(case.reference)
        case.keys = keys
        case.profile = profile or CaseProfile()
        if name:
            case.profile.name = name
        instant = clock.now()
        records: list[dict[str, Any]] = [
            {"t": "keys", **keys.to_record()},
            {"t": "put", "kind": "profile", "id": "profile", "data": to_dict(case.profile)},
        ]
        records.append(
            case._custody_record(
                CustodyAction.CREATED,
                details={
                    "custody_public_key": keys.custody_public_hex,
                    "seal_certificate_sha256": keys.seal_fingerprint,
                },
                instant=instant,
            )
        )
        try:
            case._journal.append(records)
            # The header comes last: a folder without it is not a case yet.
            atomic_write(folder / HEADER_NAME, _header_bytes(header))
        except EvidenceKitError:
            lock.release()
            raise
        return case, recovery_code

    @classmethod
    def _acquire(cls, folder: Path) -> FileLock:
        # Not thread-local: the GUI opens a case in a worker thread and closes it from the GUI thread.
        lock = FileLock(str(folder / "case.lock"), thread_local=False)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise CaseBusy("error.case_busy") from None
        except OSError as exc:
            raise storage_error(exc) from exc
        return lock

    @classmethod
    def open(
        cls,
        folder: Path | str,
        passphrase: str | None = None,
        recovery_code: str | None = None,
    ) -> Case:
        folder = Path(folder)
        header = _read_header(folder)
        case_id = header.get("case_id", "")
        if passphrase is not None:
            data_key = _open_slot(
                case_id, "passphrase", header, _normalise_passphrase(passphrase), "error.wrong_passphrase"
            )
        elif recovery_code is not None:
            secret = parse_recovery_code(recovery_code)
            data_key = _open_slot(case_id, "recovery", header, secret, "error.wrong_recovery_code")
        else:
            raise UsageError("error.passphrase_needed")
        lock = cls._acquire(folder)
        case = cls(folder, header, data_key, lock)
        try:
            case._load()
            case._clean_leftovers()
        except BaseException:
            lock.release()
            raise
        return case

    def close(self, wait: float = 2.0) -> None:
        """Forget the keys and release the case.

        A write running in another thread is given ``wait`` seconds to commit first. Past that the keys go
        anyway (a quick exit must not hang): the late write then fails, and its uncommitted frames are cut
        off by the next opening, as after a crash.
        """
        if self._closed:
            return
        acquired = self._write_lock.acquire(timeout=wait)
        try:
            self._forget()
        finally:
            if acquired:
                self._write_lock.release()

    def _forget(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._data_key = b""
        self.items.clear()
        self.accounts.clear()
        self.payments.clear()
        self.events.clear()
        self.custody.clear()
        self.profile = CaseProfile()
        self.keys = None
        self._lock.release()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def _require_open(self) -> None:
        if self._closed:
            raise CaseLocked()

    # --- loading -------------------------------------------------------------------

    def _load(self) -> None:
        for _index, record in self._journal.iter_frames():
            self._apply(record)
        if self.keys is None:
            raise CaseDamaged("error.keys_missing")

    def _apply(self, record: dict[str, Any]) -> None:
        kind = record.get("t")
        if kind == "keys":
            self.keys = CaseKeys.from_record(record)
        elif kind == "put":
            self._apply_put(record["kind"], record["id"], record["data"])
        elif kind == "del":
            self._collection(record["kind"]).pop(record["id"], None)
        elif kind == "custody":
            self.custody.append(from_dict(CustodyEntry, record["entry"]))
        else:
            raise CaseDamaged("error.journal_unknown_record")

    def _apply_put(self, kind: str, record_id: str, data: dict[str, Any]) -> None:
        if kind == "profile":
            self.profile = from_dict(CaseProfile, data)
            return
        if kind.startswith("x:"):
            self.extra.setdefault(kind[2:], {})[record_id] = data
            return
        cls = _RECORD_TYPES[kind]
        self._collection(kind)[record_id] = from_dict(cls, data)
        prefix = _ID_PREFIX[kind]
        if record_id.startswith(prefix) and record_id[len(prefix) :].isdigit():
            self._counters[kind] = max(self._counters.get(kind, 0), int(record_id[len(prefix) :]))

    def _collection(self, kind: str) -> dict[str, Any]:
        if kind.startswith("x:"):
            extra: dict[str, Any] = self.extra.setdefault(kind[2:], {})
            return extra
        collections: dict[str, dict[str, Any]] = {
            "item": self.items,
            "account": self.accounts,
            "payment": self.payments,
            "event": self.events,
        }
        return collections[kind]

    def _clean_leftovers(self) -> None:
        """Remove what a killed process left: partial files and blobs no record names."""
        for partial in self.blobs.partial_files():
            partial.unlink(missing_ok=True)
        referenced = {i.blob_id for i in self.items.values()} | {i.thumbnail_blob_id for i in self.items.values()}
        for records in self.extra.values():
            for data in records.values():
                referenced.update(data.get("_blobs", []))
        for blob_id in self.blobs.all_blob_ids() - referenced:
            self.blobs.delete(blob_id)
        for leftover in self.folder.glob("*.partial"):
            leftover.unlink(missing_ok=True)

    def _next_id(self, kind: str) -> str:
        self._counters[kind] = self._counters.get(kind, 0) + 1
        return f"{_ID_PREFIX[kind]}{self._counters[kind]}"

    # --- custody -----------------------------------------------------------------

    def _custody_record(
        self,
        action: CustodyAction,
        subject: str = "",
        sha256: str = "",
        details: dict[str, Any] | None = None,
        instant: clock.Instant | None = None,
    ) -> dict[str, Any]:
        assert self.keys is not None
        instant = instant or clock.now()
        prev = self.custody[-1].entry_hash if self.custody else ""
        entry = CustodyEntry(
            seq=len(self.custody) + 1,
            at=instant.utc,
            action=action,
            subject=subject,
            sha256=sha256,
            details=details or {},
            prev_hash=prev,
        )
        entry.entry_hash = custody_entry_hash(entry)
        entry.signature = self.keys.custody_key.sign(bytes.fromhex(entry.entry_hash)).hex()
        self.custody.append(entry)
        return {"t": "custody", "entry": to_dict(entry)}

    def _commit(self, records: list[dict[str, Any]]) -> None:
        """Append records as one transaction; on failure, memory is rolled back to the journal."""
        custody_before = len(self.custody)
        try:
            self._journal.append(records)
        except BaseException:
            del self.custody[custody_before - sum(1 for r in records if r.get("t") == "custody") :]
            raise
        for record in records:
            if record["t"] in ("put", "del"):
                self._apply(record)

    @_writes
    def log_action(self, action: CustodyAction, subject: str = "", sha256: str = "", **details: Any) -> None:
        """Record something done with the case (exported, verified…) in the chain of custody."""
        self._require_open()
        self._commit([self._custody_record(action, subject, sha256, details)])

    # --- evidence intake -----------------------------------------------------------

    def add_file(
        self,
        path: Path | str,
        *,
        kind: EvidenceKind = EvidenceKind.OTHER,
        platform: str = "",
        account: str = "",
        note: str = "",
        happened_at: str = "",
        as_file: bool = False,
        origin: Origin = Origin.IMPORT,
        progress: Progress | None = None,
        cancel: CancelCheck | None = None,
    ) -> AddResult:
        """Import a file as evidence; the bytes are hashed as they are read, before anything else."""
        self._require_open()
        path = Path(path)
        name = path.name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            raise InputRejected("reject.not_found", name=name) from None
        except IsADirectoryError:
            raise InputRejected("reject.directory", name=name) from None
        except PermissionError:
            raise InputRejected("reject.unreadable", name=name) from None
        except OSError:
            raise InputRejected("reject.unreadable", name=name) from None
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise InputRejected("reject.directory", name=name)
            if not stat.S_ISREG(info.st_mode):
                raise InputRejected("reject.special", name=name)
            if info.st_size == 0:
                raise InputRejected("reject.empty", name=name)
            if info.st_size > self.max_item_size:
                raise InputRejected("reject.too_large", name=name, limit=_human_size(self.max_item_size))
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            with os.fdopen(fd, "rb", buffering=0) as handle:
                fd = -1
                source_dates = _source_dates(info)
                return self._ingest(
                    handle,
                    expected_size=info.st_size,
                    source_name=name,
                    source_dates=source_dates,
                    origin=origin,
                    announced_image=path.suffix.lower() in IMAGE_EXTENSIONS,
                    as_file=as_file,
                    describe={
                        "kind": kind,
                        "platform": platform,
                        "account": account,
                        "note": note,
                        "happened_at": happened_at,
                    },
                    progress=progress,
                    cancel=cancel,
                )
        finally:
            if fd >= 0:
                os.close(fd)

    def add_bytes(
        self,
        data: bytes,
        *,
        origin: Origin,
        source_name: str = "",
        kind: EvidenceKind = EvidenceKind.OTHER,
        platform: str = "",
        account: str = "",
        note: str = "",
        happened_at: str = "",
        screens: list[dict[str, Any]] | None = None,
        as_file: bool = False,
    ) -> AddResult:
        """Add bytes the program obtained itself: a screen capture, a pasted image."""
        self._require_open()
        if not data:
            raise InputRejected("reject.empty", name=source_name or "-")
        if len(data) > self.max_item_size:
            raise InputRejected("reject.too_large", name=source_name or "-", limit=_human_size(self.max_item_size))
        result = self._ingest(
            io.BytesIO(data),
            expected_size=len(data),
            source_name=source_name,
            source_dates=[],
            origin=origin,
            announced_image=origin in (Origin.SCREEN_CAPTURE, Origin.CLIPBOARD),
            as_file=as_file,
            describe={"kind": kind, "platform": platform, "account": account, "note": note, "happened_at": happened_at},
            screens=screens or [],
        )
        return result

    def _ingest(
        self,
        handle: BinaryIO,
        *,
        expected_size: int,
        source_name: str,
        source_dates: list[DatedValue],
        origin: Origin,
        announced_image: bool,
        as_file: bool,
        describe: dict[str, Any],
        progress: Progress | None = None,
        cancel: CancelCheck | None = None,
        screens: list[dict[str, Any]] | None = None,
        derivation: Derivation | None = None,
    ) -> AddResult:
        instant = clock.now()  # when the program obtained the bytes
        writer = self.blobs.new_writer()
        head = b""
        with writer:
            while True:
                check_cancel(cancel)
                try:
                    chunk = handle.read(READ_SIZE)
                except OSError:
                    raise InputRejected("reject.unreadable", name=source_name) from None
                if not chunk:
                    break
                if len(head) < 4096:
                    head += chunk[: 4096 - len(head)]
                writer.write(chunk)
                if writer.size > self.max_item_size:
                    raise InputRejected("reject.too_large", name=source_name, limit=_human_size(self.max_item_size))
                if progress:
                    progress(writer.size, expected_size)
            if writer.size == 0:
                raise InputRejected("reject.empty", name=source_name)
            sha256 = writer.sha256
            existing = self.find_by_sha256(sha256)
            if existing is not None:
                writer.abort()
                return AddResult(existing, duplicate=True)
            blob_id, sha256, size = writer.commit()
        try:
            return self._finish_item(
                blob_id,
                sha256,
                size,
                head,
                instant,
                source_name,
                source_dates,
                origin,
                announced_image,
                as_file,
                describe,
                screens or [],
                derivation,
            )
        except BaseException:
            self.blobs.delete(blob_id)
            raise

    @_writes
    def _finish_item(
        self,
        blob_id: str,
        sha256: str,
        size: int,
        head: bytes,
        instant: clock.Instant,
        source_name: str,
        source_dates: list[DatedValue],
        origin: Origin,
        announced_image: bool,
        as_file: bool,
        describe: dict[str, Any],
        screens: list[dict[str, Any]],
        derivation: Derivation | None,
    ) -> AddResult:
        existing = self.find_by_sha256(sha256)
        if existing is not None:  # added meanwhile by another thread
            self.blobs.delete(blob_id)
            return AddResult(existing, duplicate=True)
        media_type = sniff_media_type(head)
        looks_image = media_type.startswith("image/") or announced_image
        width = height = None
        embedded: list[DatedValue] = []
        thumb_id = ""
        stored_as_file = as_file or not looks_image
        if looks_image and not as_file:
            try:
                with self.blobs.open(blob_id) as reader:
                    facts = inspect_image(reader)  # type: ignore[arg-type]
            except ImageRejected as exc:
                if origin == Origin.ARCHIVE_MEMBER:
                    return self._finish_item(
                        blob_id,
                        sha256,
                        size,
                        head,
                        instant,
                        source_name,
                        source_dates,
                        origin,
                        False,
                        True,
                        describe,
                        screens,
                        derivation,
                    )
                key = "reject.image_bomb" if exc.reason == "bomb" else "reject.not_an_image"
                raise InputRejected(key, name=source_name or "-") from None
            media_type = facts.media_type
            width, height, embedded = facts.width, facts.height, facts.embedded_dates
            thumb_id, _, _ = self.blobs.write_bytes(facts.thumbnail_png)
            stored_as_file = False
        item_id = self._next_id("item")
        item = EvidenceItem(
            id=item_id,
            sha256=sha256,
            size=size,
            media_type=media_type,
            origin=origin,
            obtained_at=instant.utc,
            local_time=instant.local,
            time_zone=instant.zone,
            kind=EvidenceKind(describe.get("kind") or EvidenceKind.OTHER),
            blob_id=blob_id,
            thumbnail_blob_id=thumb_id,
            width=width,
            height=height,
            source_name=source_name,
            source_dates=source_dates,
            embedded_dates=embedded,
            platform=describe.get("platform", ""),
            account=describe.get("account", ""),
            note=describe.get("note", ""),
            happened_at=_normalise_date(describe.get("happened_at", "")),
            parent=derivation.parent_id if derivation else "",
            derivation=derivation,
            stored_as_file=stored_as_file,
            screens=screens,
        )
        action = {
            Origin.SCREEN_CAPTURE: CustodyAction.CAPTURED,
            Origin.CLIPBOARD: CustodyAction.PASTED,
            Origin.DERIVED: CustodyAction.DERIVED,
            Origin.ARCHIVE_MEMBER: CustodyAction.DERIVED,
        }.get(origin, CustodyAction.IMPORTED)
        details: dict[str, Any] = {"origin": origin.value, "media_type": media_type, "size": size}
        if derivation:
            details.update(
                parent=derivation.parent_id, parent_sha256=derivation.parent_sha256, operation=derivation.kind.value
            )
        try:
            self._commit(
                [
                    {"t": "put", "kind": "item", "id": item_id, "data": to_dict(item)},
                    self._custody_record(action, item_id, sha256, details, instant),
                ]
            )
        except BaseException:
            self._counters["item"] -= 1
            if thumb_id:
                self.blobs.delete(thumb_id)
            raise
        return AddResult(self.items[item_id])

    def find_by_sha256(self, sha256: str) -> EvidenceItem | None:
        for item in self.items.values():
            if item.sha256 == sha256:
                return item
        return None

    @_writes
    def record_intimate_image(
        self, path: Path | str, description: str, *, kind: EvidenceKind = EvidenceKind.OTHER
    ) -> EvidenceItem:
        """Keep only the hash and a description of an intimate image: the picture itself is never stored."""
        return self._record_by_hash(
            Path(path), origin=Origin.INTIMATE_RECORD, kind=kind, note=description, intimate=True, source_name=""
        )

    @_writes
    def record_file_by_hash(
        self,
        path: Path | str,
        *,
        origin: Origin,
        kind: EvidenceKind = EvidenceKind.OTHER,
        platform: str = "",
        note: str = "",
    ) -> EvidenceItem:
        """Keep a file's SHA-256, size, name and dates but not its bytes.

        For a file that must not be kept whole, such as a chat export that holds intimate pictures: the
        fingerprint still proves which file the rest of the evidence came from.
        """
        path = Path(path)
        return self._record_by_hash(
            path, origin=origin, kind=kind, note=note, intimate=False, source_name=path.name, platform=platform
        )

    def _record_by_hash(
        self,
        path: Path,
        *,
        origin: Origin,
        kind: EvidenceKind,
        note: str,
        intimate: bool,
        source_name: str,
        platform: str = "",
    ) -> EvidenceItem:
        self._require_open()
        digest = hashlib.sha256()
        size = 0
        try:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    raise InputRejected("reject.special", name=path.name)
                while chunk := handle.read(READ_SIZE):
                    digest.update(chunk)
                    size += len(chunk)
        except OSError:
            raise InputRejected("reject.unreadable", name=path.name) from None
        if size == 0:
            raise InputRejected("reject.empty", name=path.name)
        instant = clock.now()
        item_id = self._next_id("item")
        item = EvidenceItem(
            id=item_id,
            sha256=digest.hexdigest(),
            size=size,
            media_type="application/octet-stream",
            origin=origin,
            obtained_at=instant.utc,
            local_time=instant.local,
            time_zone=instant.zone,
            kind=kind,
            note=note,
            platform=platform,
            source_name=source_name,
            intimate=intimate,
            stored_as_file=True,
            source_dates=_source_dates(info),
        )
        self._commit(
            [
                {"t": "put", "kind": "item", "id": item_id, "data": to_dict(item)},
                self._custody_record(
                    CustodyAction.RECORDED,
                    item_id,
                    item.sha256,
                    {"origin": origin.value, "size": size, "content_kept": False},
                    instant,
                ),
            ]
        )
        return self.items[item_id]

    # --- derived items ---------------------------------------------------------------

    def derive_crop(self, parent_id: str, box: tuple[int, int, int, int]) -> EvidenceItem:
        from evidence_kit.core.imaging import crop_png

        parent = self._image_item(parent_id)
        with self.blobs.open(parent.blob_id) as reader:
            png, box = crop_png(reader, box)  # type: ignore[arg-type]
        return self._add_derived(parent, DerivationKind.CROP, {"box": list(box)}, png)

    def derive_redaction(
        self, parent_id: str, boxes: Iterable[tuple[int, int, int, int]], style: str = "black"
    ) -> EvidenceItem:
        from evidence_kit.core.imaging import redact_png

        parent = self._image_item(parent_id)
        boxes = [(int(b[0]), int(b[1]), int(b[2]), int(b[3])) for b in boxes]
        if not boxes:
            raise UsageError("error.redaction_empty")
        with self.blobs.open(parent.blob_id) as reader:
            png, clipped = redact_png(reader, boxes, style)  # type: ignore[arg-type]
        return self._add_derived(
            parent, DerivationKind.REDACT, {"boxes": [list(b) for b in clipped], "style": style}, png
        )

    def _image_item(self, item_id: str) -> EvidenceItem:
        item = self.item(item_id)
        if not item.is_image or not item.blob_id:
            raise UsageError("error.not_an_image_item", item=item_id)
        return item

    def _add_derived(
        self, parent: EvidenceItem, op: DerivationKind, params: dict[str, Any], png: bytes
    ) -> EvidenceItem:
        derivation = Derivation(op, parent.id, parent.sha256, params)
        result = self._ingest(
            io.BytesIO(png),
            expected_size=len(png),
            source_name="",
            source_dates=[],
            origin=Origin.DERIVED,
            announced_image=True,
            as_file=False,
            describe={
                "kind": parent.kind,
                "platform": parent.platform,
                "account": parent.account,
                "note": "",
                "happened_at": parent.happened_at,
            },
            derivation=derivation,
        )
        item = result.item
        if not result.duplicate and parent.account_ids:
            item = self.update_item(item.id, account_ids=list(parent.account_ids))
        return item

    # --- describing --------------------------------------------------------------------

    def item(self, item_id: str) -> EvidenceItem:
        self._require_open()
        found = self.items.get(item_id)
        if found is None:
            matches = [i for i in self.items.values() if len(item_id) >= 6 and i.sha256.startswith(item_id.lower())]
            if len(matches) == 1:
                return matches[0]
            raise UsageError("error.no_such_item", item=item_id)
        return found

    _DESCRIBABLE = {"kind", "platform", "account", "account_ids", "note", "happened_at", "intimate"}

    @_writes
    def update_item(self, item_id: str, **changes: Any) -> EvidenceItem:
        """Change what the person says about an item; the original bytes never change."""
        self._require_open()
        item = self.item(item_id)
        unknown = set(changes) - self._DESCRIBABLE
        if unknown:
            raise ValueError(f"not describable: {sorted(unknown)}")
        if "kind" in changes:
            changes["kind"] = EvidenceKind(changes["kind"])
        if "happened_at" in changes:
            changes["happened_at"] = _normalise_date(changes["happened_at"])
        if "account_ids" in changes:
            missing = [a for a in changes["account_ids"] if a not in self.accounts]
            if missing:
                raise UsageError("error.no_such_account", account=missing[0])
        changed = sorted(k for k, v in changes.items() if getattr(item, k) != v)
        if not changed:
            return item
        updated = replace(item, **changes)
        self._commit(
            [
                {"t": "put", "kind": "item", "id": item.id, "data": to_dict(updated)},
                self._custody_record(CustodyAction.DESCRIBED, item.id, item.sha256, {"fields": changed}),
            ]
        )
        return self.items[item.id]

    @_writes
    def mark_intimate(self, item_id: str, purge: bool = True) -> EvidenceItem:
        """Flag an item as an intimate image; by default its picture is deleted and only the hash stays."""
        item = self.update_item(item_id, intimate=True)
        if purge and item.blob_id:
            purged = replace(item, blob_id="", thumbnail_blob_id="", stored_as_file=True)
            self._commit(
                [
                    {"t": "put", "kind": "item", "id": item.id, "data": to_dict(purged)},
                    self._custody_record(
                        CustodyAction.REMOVED, item.id, item.sha256, {"reason": "intimate_image", "kept": "sha256"}
                    ),
                ]
            )
            self.blobs.delete(item.blob_id)
            if item.thumbnail_blob_id:
                self.blobs.delete(item.thumbnail_blob_id)
        return self.items[item_id]

    # --- reading back ------------------------------------------------------------------

    def open_original(self, item_id: str) -> BinaryIO:
        item = self.item(item_id)
        if not item.blob_id:
            raise UsageError("error.item_has_no_content", item=item.id)
        return self.blobs.open(item.blob_id)  # type: ignore[return-value]

    def thumbnail_png(self, item_id: str) -> bytes:
        item = self.item(item_id)
        return self.blobs.read_bytes(item.thumbnail_blob_id) if item.thumbnail_blob_id else b""

    def extract(self, item_id: str, out: Path | str, cancel: CancelCheck | None = None) -> EvidenceItem:
        """Write the original bytes back, checking them against the recorded SHA-256."""
        item = self.item(item_id)
        out = Path(out)
        digest = hashlib.sha256()
        tmp = out.with_name(out.name + ".partial")
        try:
            with self.open_original(item.id) as reader, open(tmp, "wb") as handle:
                for chunk in reader.iter_chunks():  # type: ignore[attr-defined]
                    check_cancel(cancel)
                    digest.update(chunk)
                    handle.write(chunk)
            if digest.hexdigest() != item.sha256:
                raise CaseDamaged("error.item_hash_mismatch", item=item.id)
            os.replace(tmp, out)
        except OSError as exc:
            raise storage_error(exc) from exc
        finally:
            tmp.unlink(missing_ok=True)
        return item

    def evidence_items(self, include_intimate: bool = True) -> list[EvidenceItem]:
        items = sorted(self.items.values(), key=lambda i: _id_number(i.id))
        return [i for i in items if include_intimate or not i.intimate]

    # --- accounts, payments, events, profile ---------------------------------------------

    @_writes
    def save_account(self, account: Account) -> Account:
        self._require_open()
        if not account.id:
            account = replace(account, id=self._next_id("account"))
        # Screenshot before blocking, whatever the caller did to its copy of the record.
        if account.blocked_at and not self.evidence_for_account(account.id):
            raise EvidenceRuleViolation("error.block_needs_evidence")
        self._put("account", account.id, account, account.id not in self.accounts)
        return self.accounts[account.id]

    def evidence_for_account(self, account_id: str) -> list[EvidenceItem]:
        return [i for i in self.evidence_items() if account_id in i.account_ids]

    def can_mark_blocked(self, account_id: str) -> bool:
        """Screenshot before blocking: an account can be marked blocked only once evidence is linked to it."""
        return bool(self.evidence_for_account(account_id))

    @_writes
    def save_payment(self, payment: Payment) -> Payment:
        self._require_open()
        if not payment.id:
            payment = replace(payment, id=self._next_id("payment"))
        self._put("payment", payment.id, payment, payment.id not in self.payments)
        return self.payments[payment.id]

    @_writes
    def save_event(self, event: TimelineEvent) -> TimelineEvent:
        self._require_open()
        if not event.id:
            event = replace(event, id=self._next_id("event"))
        self._put("event", event.id, event, event.id not in self.events)
        return self.events[event.id]

    @_writes
    def delete_record(self, kind: str, record_id: str) -> None:
        """Delete an account, payment or event (evidence items are never deleted, only purged)."""
        self._require_open()
        if kind not in ("account", "payment", "event") or record_id not in self._collection(kind):
            raise UsageError("error.no_such_record", record=record_id)
        records: list[dict[str, Any]] = [{"t": "del", "kind": kind, "id": record_id}]
        if kind == "account":
            for item in self.evidence_for_account(record_id):
                unlinked = replace(item, account_ids=[a for a in item.account_ids if a != record_id])
                records.append({"t": "put", "kind": "item", "id": item.id, "data": to_dict(unlinked)})
        records.append(self._custody_record(CustodyAction.REMOVED, record_id, details={"record": kind}))
        self._commit(records)

    @_writes
    def save_extra(self, kind: str, record_id: str, data: dict[str, Any], blobs: Iterable[str] = ()) -> None:
        """Save a JSON record of another module (e.g. kind "transcript"); ``data`` is encrypted like the rest.

        ``blobs`` names blobs (from ``store_blob``) the record owns, so they are kept when the case is opened.
        """
        self._require_open()
        data = dict(data)
        data["_blobs"] = list(blobs)
        new = record_id not in self.extra.get(kind, {})
        self._commit(
            [
                {"t": "put", "kind": f"x:{kind}", "id": record_id, "data": data},
                self._custody_record(
                    CustodyAction.RECORDED, record_id, details={"record": kind, "change": "added" if new else "updated"}
                ),
            ]
        )

    def store_blob(self, data: bytes) -> str:
        """Encrypt bytes into a new blob and return its id (name it in ``save_extra`` or it is removed at next open)."""
        self._require_open()
        blob_id, _, _ = self.blobs.write_bytes(data)
        return blob_id

    def read_blob(self, blob_id: str) -> bytes:
        self._require_open()
        return self.blobs.read_bytes(blob_id)

    def add_archive_member(
        self, parent_id: str, member_path: str, data: bytes, *, kind: EvidenceKind | None = None
    ) -> AddResult:
        """A file taken out of an archive item (e.g. a photo inside a WhatsApp .zip), as a derived item."""
        self._require_open()
        parent = self.item(parent_id)
        if not data:
            raise InputRejected("reject.empty", name=member_path)
        derivation = Derivation(DerivationKind.EXTRACT, parent.id, parent.sha256, {"member": member_path})
        return self._ingest(
            io.BytesIO(data),
            expected_size=len(data),
            source_name=member_path,
            source_dates=[],
            origin=Origin.ARCHIVE_MEMBER,
            announced_image=Path(member_path).suffix.lower() in IMAGE_EXTENSIONS,
            as_file=False,
            describe={
                "kind": kind or parent.kind,
                "platform": parent.platform,
                "account": parent.account,
                "note": "",
                "happened_at": "",
            },
            derivation=derivation,
        )

    @_writes
    def save_profile(self, profile: CaseProfile) -> CaseProfile:
        self._require_open()
        self._commit([{"t": "put", "kind": "profile", "id": "profile", "data": to_dict(profile)}])
        return self.profile

    def _put(self, kind: str, record_id: str, record: Any, new: bool) -> None:
        details = {"record": kind, "change": "added" if new else "updated"}
        self._commit(
            [
                {"t": "put", "kind": kind, "id": record_id, "data": to_dict(record)},
                self._custody_record(CustodyAction.RECORDED, record_id, details=details),
            ]
        )

    # --- secrets -----------------------------------------------------------------------

    @_writes
    def change_passphrase(self, new_passphrase: str, *, reset: bool = False, kdf: KdfParams | None = None) -> None:
        """Re-wrap the data key under a new passphrase; nothing else is re-encrypted."""
        self._require_open()
        if len(new_passphrase) < 8:
            raise UsageError("error.passphrase_too_short", minimum=8)
        current = KdfParams.from_dict(self._header["slots"]["passphrase"]["kdf"])
        header = json.loads(json.dumps(self._header))
        header["slots"]["passphrase"] = _make_slot(
            self.case_id, "passphrase", _normalise_passphrase(new_passphrase), self._data_key, kdf or current
        )
        atomic_write(self.folder / HEADER_NAME, _header_bytes(header))
        self._header = header
        action = CustodyAction.PASSPHRASE_RESET if reset else CustodyAction.PASSPHRASE_CHANGED
        self._commit([self._custody_record(action)])

    @_writes
    def new_recovery_code(self) -> str:
        """Replace the recovery code (the old one stops working); returns the new one to show once."""
        self._require_open()
        code = new_recovery_code()
        current = KdfParams.from_dict(self._header["slots"]["recovery"]["kdf"])
        header = json.loads(json.dumps(self._header))
        header["slots"]["recovery"] = _make_slot(
            self.case_id, "recovery", parse_recovery_code(code), self._data_key, current
        )
        atomic_write(self.folder / HEADER_NAME, _header_bytes(header))
        self._header = header
        self._commit([self._custody_record(CustodyAction.PASSPHRASE_CHANGED, details={"slot": "recovery"})])
        return code

    # --- verification -----------------------------------------------------------------

    def custody_head(self) -> str:
        return self.custody[-1].entry_hash if self.custody else ""

    def verify(
        self,
        progress: Progress | None = None,
        cancel: CancelCheck | None = None,
        record: bool = True,
    ) -> VerificationReport:
        """Check every record, item, chunk and custody entry; returns what is wrong, if anything."""
        self._require_open()
        report = VerificationReport()
        try:
            _read_header(self.folder)
        except CaseDamaged as exc:
            report.problems.append(Problem("header", exc.key, exc.params))
        try:
            for _frame in self._journal.iter_frames():
                pass
        except CaseDamaged as exc:
            report.problems.append(Problem("journal", exc.key, exc.params))
        self._verify_custody(report)
        total = sum(i.size for i in self.items.values() if i.blob_id) or 1
        done = 0
        for item in self.evidence_items():
            check_cancel(cancel)
            report.items_checked += 1
            if item.blob_id:
                digest = hashlib.sha256()
                size = 0
                try:
                    with self.blobs.open(item.blob_id) as reader:
                        for chunk in reader.iter_chunks():
                            check_cancel(cancel)
                            digest.update(chunk)
                            size += len(chunk)
                            done += len(chunk)
                            if progress:
                                progress(done, total)
                except CaseDamaged:
                    report.problems.append(Problem(item.id, "verify.item_damaged", {"item": item.id}))
                    continue
                report.bytes_checked += size
                if digest.hexdigest() != item.sha256 or size != item.size:
                    report.problems.append(Problem(item.id, "verify.item_hash_mismatch", {"item": item.id}))
                if item.thumbnail_blob_id:
                    try:
                        self.blobs.read_bytes(item.thumbnail_blob_id)
                    except CaseDamaged:
                        report.problems.append(Problem(item.id, "verify.thumbnail_damaged", {"item": item.id}))
            if item.derivation:
                parent = self.items.get(item.derivation.parent_id)
                if parent is None or parent.sha256 != item.derivation.parent_sha256:
                    report.problems.append(Problem(item.id, "verify.parent_mismatch", {"item": item.id}))
        if record and report.ok:
            self.log_action(CustodyAction.VERIFIED, items=report.items_checked)
        return report

    def _verify_custody(self, report: VerificationReport) -> None:
        public = ""
        previous = ""
        added: dict[str, str] = {}
        for position, entry in enumerate(self.custody, start=1):
            report.custody_entries += 1
            subject = f"custody #{entry.seq}"
            if position == 1:
                public = str(entry.details.get("custody_public_key", ""))
                if entry.action != CustodyAction.CREATED or not public:
                    report.problems.append(Problem(subject, "verify.custody_start", {"seq": entry.seq}))
            if entry.seq != position or entry.prev_hash != previous:
                report.problems.append(Problem(subject, "verify.custody_chain", {"seq": entry.seq}))
            if custody_entry_hash(entry) != entry.entry_hash:
                report.problems.append(Problem(subject, "verify.custody_hash", {"seq": entry.seq}))
            elif not verify_custody_signature(public, bytes.fromhex(entry.entry_hash), entry.signature):
                report.problems.append(Problem(subject, "verify.custody_signature", {"seq": entry.seq}))
            if (
                entry.action
                in (
                    CustodyAction.CAPTURED,
                    CustodyAction.IMPORTED,
                    CustodyAction.PASTED,
                    CustodyAction.DERIVED,
                    CustodyAction.RECORDED,
                )
                and entry.sha256
            ):
                added[entry.subject] = entry.sha256
            previous = entry.entry_hash
        if self.keys and public and public != self.keys.custody_public_hex:
            report.problems.append(Problem("custody", "verify.custody_key", {}))
        for item in self.items.values():
            if added.get(item.id) != item.sha256:
                report.problems.append(Problem(item.id, "verify.item_not_in_custody", {"item": item.id}))


def custody_entry_hash(entry: CustodyEntry) -> str:
    """SHA-256 of the entry's canonical JSON, without its own hash and signature."""
    data = to_dict(entry)
    data.pop("entry_hash", None)
    data.pop("signature", None)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _source_dates(info: os.stat_result) -> list[DatedValue]:
    dates = [DatedValue(clock.utc_iso(info.st_mtime), Clock.FILE_MODIFIED)]
    birth = getattr(info, "st_birthtime", None)
    if birth:
        dates.append(DatedValue(clock.utc_iso(birth), Clock.FILE_CREATED))
    elif os.name != "nt":
        dates.append(DatedValue(clock.utc_iso(info.st_ctime), Clock.FILE_CHANGED))
    return dates


def _normalise_date(text: str) -> str:
    if not text:
        return ""
    try:
        return clock.parse_iso(text).isoformat()
    except ValueError:
        raise UsageError("error.bad_date", value=text) from None


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _id_number(item_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in item_id if ch.isdigit())
    return (int(digits) if digits else 0, item_id)


def iter_case_files(folder: Path) -> Iterator[Path]:
    """Every file of a case folder (for tests and backups)."""
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and path.name != "case.lock":
            yield path
