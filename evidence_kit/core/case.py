"""A case: one folder holding encrypted evidence, records and a signed chain of custody.

``Case`` is a façade over the core's modules (see ``evidence_kit/core/__init__.py``).  Thread safety: a
``Case`` may be used from several threads.  Every write takes the case's one write lock (re-entrant)
only while it commits; long reads of evidence (an import, an export) run outside it, so they never hold
up a short write.  ``transaction()`` holds the lock across writes that must follow each other.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

from filelock import FileLock

from evidence_kit.core import clock
from evidence_kit.core.blobstore import BlobStore
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.custody import custody_entry_hash
from evidence_kit.core.errors import CaseLocked, EvidenceKitError, StorageError, UsageError
from evidence_kit.core.ingest import AddResult, CancelCheck, Description, Intake, IntakeRequest, Progress
from evidence_kit.core.keys import CaseKeys
from evidence_kit.core.model import (
    Account,
    CaseProfile,
    CustodyAction,
    CustodyEntry,
    DatedValue,
    EvidenceItem,
    EvidenceKind,
    Origin,
    Payment,
    TimelineEvent,
)
from evidence_kit.core.records import Ledger
from evidence_kit.core.seen import Rollback, SeenCases
from evidence_kit.core.vault import Vault, folder_writable, is_case_folder, iter_case_files
from evidence_kit.core.verification import Problem, VerificationReport, verify_case

__all__ = [
    "AddResult",
    "Case",
    "Problem",
    "VerificationReport",
    "custody_entry_hash",
    "is_case_folder",
    "iter_case_files",
]

Now = Callable[[], clock.Instant]
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def _writes(method: F) -> F:
    """Run a write method under the case's write lock, on an open case."""

    @functools.wraps(method)
    def locked(self: Case, *args: Any, **kwargs: Any) -> Any:
        with self._write_lock:
            self._require_writable()
            return method(self, *args, **kwargs)

    return locked  # type: ignore[return-value]


class _Part(Generic[T]):
    """An attribute of the case that is an attribute of one of its parts (``_ledger``, ``_vault``…)."""

    def __init__(self, part: str, name: str = "", writable: bool = False) -> None:
        self._part, self._name, self._writable = part, name, writable

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = self._name or name

    def __get__(self, case: Case, owner: type | None = None) -> T:
        value: T = getattr(getattr(case, self._part), self._name)
        return value

    def __set__(self, case: Case, value: T) -> None:
        if not self._writable:
            raise AttributeError(f"{self._name} is read-only: change it through the case's methods")
        setattr(getattr(case, self._part), self._name, value)


class Case:
    """An open case.  Create with ``Case.create``, open with ``Case.open``; close when done."""

    def __init__(self, vault: Vault, now: Now = clock.now, seen: SeenCases | None = None) -> None:
        self._vault = vault
        self.folder = vault.folder
        self.case_id = vault.case_id
        self._closed = False
        self._write_lock = threading.RLock()
        vault.seen = seen or SeenCases()
        self._ledger = Ledger(vault.journal, now, vault.remember, vault.upgrade)
        self._intake = Intake(self._ledger, vault.blobs, self._write_lock)

    # --- what the case holds (read them; change them through the methods below) ---

    items = _Part[dict[str, EvidenceItem]]("_ledger")
    accounts = _Part[dict[str, Account]]("_ledger")
    payments = _Part[dict[str, Payment]]("_ledger")
    events = _Part[dict[str, TimelineEvent]]("_ledger")
    custody = _Part[list[CustodyEntry]]("_ledger")
    extra = _Part[dict[str, dict[str, dict[str, Any]]]]("_ledger")  # other modules' records (chat transcripts…)
    profile = _Part[CaseProfile]("_ledger")
    keys = _Part[CaseKeys | None]("_ledger")
    blobs = _Part[BlobStore]("_vault")
    rollback = _Part[Rollback | None]("_vault")  # set when the folder is older than one this computer saw
    upgrades = _Part[list[str]]("_vault")  # what the next write upgrades in a case of an older version
    max_item_size = _Part[int]("_intake", writable=True)
    read_only = _Part[bool]("_vault")  # opened without the folder's lock: every write is refused
    _lock = _Part[FileLock | None]("_vault", "lock", writable=True)  # the folder's lock (gui.session hands it over)

    @property
    def reference(self) -> str:
        """A short reference a recipient can quote, e.g. EK-3F9A-C21B."""
        return f"EK-{self.case_id[:4].upper()}-{self.case_id[4:8].upper()}"

    # --- lifecycle ---------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: Path | str,
        passphrase: str,
        name: str = "",
        kdf: KdfParams | None = None,
        profile: CaseProfile | None = None,
        now: Now = clock.now,
        seen: SeenCases | None = None,
    ) -> tuple[Case, str]:
        """Create a case; returns it open, and the recovery code to show once."""
        vault, recovery_code = Vault.create(Path(folder), passphrase, kdf or KdfParams.calibrated())
        case = cls(vault, now, seen)
        created = now()
        keys = CaseKeys.generate(case.reference, clock.parse_iso(created.utc))
        profile = profile or CaseProfile()
        if name:
            profile.name = name
        records = case._ledger.first_records(keys, profile, created)
        try:
            case._ledger.journal.append(records)
            vault.write_header()  # last: a folder without it is not a case yet
        except EvidenceKitError:
            vault.release()
            raise
        vault.remember(vault.journal.head.frames, case._ledger.last_at())
        return case, recovery_code

    @classmethod
    def open(
        cls,
        folder: Path | str,
        passphrase: str | None = None,
        recovery_code: str | None = None,
        now: Now = clock.now,
        seen: SeenCases | None = None,
        read_only: bool | None = None,
    ) -> Case:
        """Open a case with its passphrase or recovery code; ``rollback`` then says if it is an older copy.

        ``read_only`` (by default: when the folder cannot be written, e.g. a forensic copy on read-only
        media): no lock is taken, nothing in the folder is tidied or written, every write is refused.
        """
        folder = Path(folder)
        if read_only is None:
            read_only = folder.is_dir() and not folder_writable(folder)
        vault = Vault.unlock(folder, passphrase, recovery_code, read_only=read_only)
        case = cls(vault, now, seen)
        try:
            case._ledger.load()
            referenced = case._ledger.referenced_blobs()
            if read_only:
                vault.unnamed = vault.blobs.unnamed(referenced)
            else:
                vault.clean_leftovers(referenced)
        except BaseException:
            vault.release()
            raise
        vault.check_rollback(case._ledger.last_at())
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
            if not self._closed:
                self._closed = True
                self._ledger.clear()
                self._vault.release()
        finally:
            if acquired:
                self._write_lock.release()

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

    def _require_writable(self) -> None:
        self._require_open()
        if self.read_only:
            raise StorageError("error.case_read_only")

    @contextmanager
    def transaction(self) -> Iterator[Case]:
        """Hold the write lock across several writes: no other thread writes in between."""
        with self._write_lock:
            self._require_open()
            yield self

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
        follow_symlinks: bool = False,
    ) -> AddResult:
        """Import a file as evidence; the bytes are hashed as they are read, before anything else.

        A symbolic link is refused unless ``follow_symlinks`` (then the custody entry says it was followed).
        """
        self._require_writable()
        described = Description(kind, platform, account, note, happened_at)
        return self._intake.add_file(
            Path(path),
            described,
            as_file=as_file,
            origin=origin,
            progress=progress,
            cancel=cancel,
            follow_symlinks=follow_symlinks,
        )

    def add_stream(
        self,
        handle: BinaryIO,
        *,
        expected_size: int,
        source_name: str,
        origin: Origin,
        source_dates: Iterable[DatedValue] = (),
        announced_image: bool = False,
        progress: Progress | None = None,
        cancel: CancelCheck | None = None,
    ) -> AddResult:
        """Evidence read from a stream (the phone receiver's decrypted chunks): hashed as it is read, never whole
        in memory; the item is recognised by its content only, since the sender's name is not evidence."""
        self._require_writable()
        request = IntakeRequest(
            source_name=source_name,
            origin=origin,
            expected_size=expected_size,
            announced_image=announced_image,
            source_dates=list(source_dates),
        )
        return self._intake.ingest(handle, request, progress, cancel)

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
        self._require_writable()
        described = Description(kind, platform, account, note, happened_at)
        return self._intake.add_bytes(data, origin, source_name, described, screens or [], as_file)

    def add_archive_member(
        self, parent_id: str, member_path: str, data: bytes, *, kind: EvidenceKind | None = None
    ) -> AddResult:
        """A file taken out of an archive item (e.g. a photo inside a WhatsApp .zip), as a derived item."""
        self._require_writable()
        return self._intake.add_archive_member(parent_id, member_path, data, kind)

    def record_intimate_image(
        self, path: Path | str, description: str, *, kind: EvidenceKind = EvidenceKind.OTHER
    ) -> EvidenceItem:
        """Keep only the hash and a description of an intimate image: the picture itself is never stored."""
        self._require_writable()
        described = Description(kind=kind, note=description)
        return self._intake.record_by_hash(
            Path(path), origin=Origin.INTIMATE_RECORD, description=described, intimate=True, source_name=""
        )

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
        self._require_writable()
        path = Path(path)
        described = Description(kind=kind, platform=platform, note=note)
        return self._intake.record_by_hash(
            path, origin=origin, description=described, intimate=False, source_name=path.name
        )

    def derive_crop(self, parent_id: str, box: tuple[int, int, int, int]) -> EvidenceItem:
        self._require_writable()
        return self._intake.derive_crop(parent_id, box)

    def derive_redaction(
        self, parent_id: str, boxes: Iterable[tuple[int, int, int, int]], style: str = "black"
    ) -> EvidenceItem:
        self._require_writable()
        return self._intake.derive_redaction(parent_id, boxes, style)

    def find_by_sha256(self, sha256: str) -> EvidenceItem | None:
        return self._ledger.find_by_sha256(sha256)

    # --- describing ----------------------------------------------------------------

    def item(self, item_id: str) -> EvidenceItem:
        self._require_open()
        return self._ledger.item(item_id)

    @_writes
    def update_item(self, item_id: str, **changes: Any) -> EvidenceItem:
        """Change what the person says about an item; the original bytes never change."""
        return self._ledger.update_item(item_id, **changes)

    @_writes
    def mark_intimate(self, item_id: str, purge: bool = True) -> EvidenceItem:
        """Flag an item as an intimate image; by default its picture is deleted and only the hash stays."""
        item = self._ledger.update_item(item_id, intimate=True)
        if purge and item.blob_id:
            self._intake.purge_content(item)
        return self.items[item.id]

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
        if not item.blob_id:
            raise UsageError("error.item_has_no_content", item=item.id)
        self.blobs.extract(item.blob_id, item.sha256, Path(out), cancel, label=item.id)
        return item

    def evidence_items(self, include_intimate: bool = True) -> list[EvidenceItem]:
        return self._ledger.evidence_items(include_intimate)

    def evidence_for_account(self, account_id: str) -> list[EvidenceItem]:
        return self._ledger.evidence_for_account(account_id)

    def can_mark_blocked(self, account_id: str) -> bool:
        """Screenshot before blocking: an account can be marked blocked only once evidence is linked to it."""
        return bool(self.evidence_for_account(account_id))

    # --- accounts, payments, events, profile, other modules' records ----------------------

    @_writes
    def save_account(self, account: Account) -> Account:
        return self._ledger.save_account(account)

    @_writes
    def save_payment(self, payment: Payment) -> Payment:
        return self._ledger.save_payment(payment)

    @_writes
    def save_event(self, event: TimelineEvent) -> TimelineEvent:
        return self._ledger.save_event(event)

    @_writes
    def delete_record(self, kind: str, record_id: str) -> None:
        """Delete an account, payment or event (evidence items are never deleted, only purged)."""
        self._ledger.delete_record(kind, record_id)

    @_writes
    def save_profile(self, profile: CaseProfile) -> CaseProfile:
        return self._ledger.save_profile(profile)

    @_writes
    def save_extra(self, kind: str, record_id: str, data: dict[str, Any], blobs: Iterable[str] = ()) -> None:
        """Save a JSON record of another module (e.g. kind "transcript"); ``data`` is encrypted like the rest.

        ``blobs`` names blobs (from ``store_blob``) the record owns, so they are kept when the case is opened.
        """
        owned = list(blobs)
        self._ledger.save_extra(kind, record_id, data, owned)
        self.blobs.settle(owned)

    def store_blob(self, data: bytes) -> str:
        """Encrypt bytes into a new blob and return its id (name it in ``save_extra`` or it is removed at next open)."""
        self._require_writable()
        blob_id, _, _ = self.blobs.write_bytes(data)
        return blob_id

    def read_blob(self, blob_id: str) -> bytes:
        self._require_open()
        return self.blobs.read_bytes(blob_id)

    # --- custody, secrets, verification ------------------------------------------------------

    @_writes
    def log_action(self, action: CustodyAction, subject: str = "", sha256: str = "", **details: Any) -> None:
        """Record something done with the case (exported, verified…) in the chain of custody."""
        self._ledger.log_action(action, subject, sha256, **details)

    def custody_head(self) -> str:
        return self.custody[-1].entry_hash if self.custody else ""

    @_writes
    def change_passphrase(
        self,
        new_passphrase: str,
        *,
        reset: bool = False,
        kdf: KdfParams | None = None,
        reencrypt: bool = False,
        progress: Progress | None = None,
    ) -> str | None:
        """A new passphrase, and a new data key for everything written from now on.

        Whoever knew the old passphrase and kept a copy of the old ``case.ek`` cannot read what is added
        after the change; with ``reencrypt`` everything already in the case is written again under the new
        key, so the old passphrase opens nothing in a copy taken afterwards either (crash-safe: a kill leaves
        the old or the new passphrase working).  Returns a new recovery code to show once when the case was
        made before the recovery code could follow a change (the old code then stops working), else None.
        """
        code = self._vault.rotate(new_passphrase, kdf)
        action = CustodyAction.PASSPHRASE_RESET if reset else CustodyAction.PASSPHRASE_CHANGED
        details: dict[str, Any] = {"new_key": True}
        if code:
            details["new_recovery_code"] = True
        self._ledger.log_action(action, **details)
        if reencrypt:
            self._vault.reencrypt(progress)
            self._ledger.log_action(action, reencrypted=True)
        return code

    @_writes
    def new_recovery_code(self) -> str:
        """Replace the recovery code (the old one stops working); returns the new one to show once."""
        code = self._vault.new_recovery_code()
        self._ledger.log_action(CustodyAction.PASSPHRASE_CHANGED, slot="recovery")
        return code

    def verify(
        self,
        progress: Progress | None = None,
        cancel: CancelCheck | None = None,
        record: bool = True,
    ) -> VerificationReport:
        """Check every record, item, chunk and custody entry; returns what is wrong, if anything.

        A good result is recorded in the chain of custody unless ``record`` is False or the case is read-only.
        """
        self._require_open()
        report = verify_case(self._vault, self._ledger, progress, cancel, self.rollback)
        if record and report.ok and not self.read_only:
            self.log_action(CustodyAction.VERIFIED, items=report.items_checked)
        return report
