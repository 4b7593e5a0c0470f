"""Evidence intake: bytes read once into an encrypted blob, hashed as they pass, then committed as an item.

Reading and encrypting run without the case's write lock (a 1 GiB import must not hold up an account
being saved); only the last step, turning a ``PendingItem`` into an ``EvidenceItem`` with its custody
entry, takes it.  What the bytes are (``core.intake``) is read from the stored copy, never the source.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from evidence_kit.core import clock
from evidence_kit.core.blobstore import BlobStore, check_cancel
from evidence_kit.core.errors import InputRejected, UsageError
from evidence_kit.core.intake import IMAGE_EXTENSIONS, ImageRejected, inspect_image, sniff_media_type
from evidence_kit.core.model import (
    Clock,
    CustodyAction,
    DatedValue,
    Derivation,
    DerivationKind,
    EvidenceItem,
    EvidenceKind,
    Origin,
)
from evidence_kit.core.records import Ledger, normalise_date, put_record

DEFAULT_MAX_ITEM_SIZE = 4 << 30
READ_SIZE = 1 << 20
Progress = Callable[[int, int], None]  # (done, total) in bytes
CancelCheck = Callable[[], bool]

_CUSTODY_ACTION = {
    Origin.SCREEN_CAPTURE: CustodyAction.CAPTURED,
    Origin.CLIPBOARD: CustodyAction.PASTED,
    Origin.DERIVED: CustodyAction.DERIVED,
    Origin.ARCHIVE_MEMBER: CustodyAction.DERIVED,
}  # every other origin: IMPORTED


@dataclass
class AddResult:
    item: EvidenceItem
    duplicate: bool = False  # True: the same bytes were already in the case (item is the old one)


@dataclass(frozen=True)
class Description:
    """What the person says about an item when it is added."""

    kind: EvidenceKind = EvidenceKind.OTHER
    platform: str = ""
    account: str = ""
    note: str = ""
    happened_at: str = ""


@dataclass(frozen=True)
class IntakeRequest:
    """Where bytes come from and how to keep them."""

    source_name: str
    origin: Origin
    expected_size: int
    announced_image: bool  # the name or the way it was obtained says "picture"
    description: Description = Description()
    source_dates: list[DatedValue] = field(default_factory=list)
    as_file: bool = False  # keep as a plain file even if it is a picture
    screens: list[dict[str, Any]] = field(default_factory=list)
    derivation: Derivation | None = None
    followed_symlink: bool = False  # the name given was a symbolic link, followed on request


@dataclass(frozen=True)
class PendingItem:
    """Bytes stored and hashed, not yet an item of the case."""

    request: IntakeRequest
    blob_id: str
    sha256: str
    size: int
    head: bytes  # the first 4 KiB, to recognise the content
    instant: clock.Instant  # when the program obtained the bytes


@dataclass(frozen=True)
class Recognised:
    """What the stored bytes turned out to be."""

    media_type: str
    width: int | None = None
    height: int | None = None
    embedded_dates: list[DatedValue] = field(default_factory=list)
    thumbnail_blob_id: str = ""  # a picture's thumbnail, already stored (pending until the commit)
    stored_as_file: bool = False


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def source_dates(info: os.stat_result) -> list[DatedValue]:
    dates = [DatedValue(clock.utc_iso(info.st_mtime), Clock.FILE_MODIFIED)]
    birth = getattr(info, "st_birthtime", None)
    if birth:
        dates.append(DatedValue(clock.utc_iso(birth), Clock.FILE_CREATED))
    elif os.name != "nt":
        dates.append(DatedValue(clock.utc_iso(info.st_ctime), Clock.FILE_CHANGED))
    return dates


def _open_regular(path: Path, max_size: int, follow_symlinks: bool = False) -> tuple[int, os.stat_result]:
    """A file descriptor on a regular, non-empty file within the size limit (never blocking on a FIFO).

    A symbolic link is refused unless ``follow_symlinks``: the evidence would not be the file that was named.
    """
    name = path.name
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        if path.is_symlink():
            raise InputRejected("reject.symlink", name=name)
        flags |= getattr(os, "O_NOFOLLOW", 0)  # and no link swapped in between
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputRejected("reject.not_found", name=name) from None
    except IsADirectoryError:
        raise InputRejected("reject.directory", name=name) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputRejected("reject.symlink", name=name) from None
        raise InputRejected("reject.unreadable", name=name) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputRejected("reject.directory", name=name)
        if not stat.S_ISREG(info.st_mode):
            raise InputRejected("reject.special", name=name)
        if info.st_size == 0:
            raise InputRejected("reject.empty", name=name)
        if info.st_size > max_size:
            raise InputRejected("reject.too_large", name=name, limit=human_size(max_size))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))


class Intake:
    """Adds evidence to a case: files, bytes, archive members, derived pictures, hash-only records."""

    def __init__(self, ledger: Ledger, blobs: BlobStore, write_lock: threading.RLock) -> None:
        self._ledger = ledger
        self._blobs = blobs
        self._write_lock = write_lock
        self.max_item_size = DEFAULT_MAX_ITEM_SIZE

    def add_file(
        self,
        path: Path,
        description: Description,
        *,
        as_file: bool,
        origin: Origin,
        progress: Progress | None,
        cancel: CancelCheck | None,
        follow_symlinks: bool = False,
    ) -> AddResult:
        followed = follow_symlinks and path.is_symlink()
        fd, info = _open_regular(path, self.max_item_size, follow_symlinks)
        with os.fdopen(fd, "rb", buffering=0) as handle:
            request = IntakeRequest(
                source_name=path.name,
                origin=origin,
                expected_size=info.st_size,
                announced_image=path.suffix.lower() in IMAGE_EXTENSIONS,
                description=description,
                source_dates=source_dates(info),
                as_file=as_file,
                followed_symlink=followed,
            )
            return self.ingest(handle, request, progress, cancel)

    def add_bytes(
        self,
        data: bytes,
        origin: Origin,
        source_name: str,
        description: Description,
        screens: list[dict[str, Any]],
        as_file: bool,
    ) -> AddResult:
        """Bytes the program obtained itself (a screen capture, a pasted picture)."""
        name = source_name or "-"
        if not data:
            raise InputRejected("reject.empty", name=name)
        if len(data) > self.max_item_size:
            raise InputRejected("reject.too_large", name=name, limit=human_size(self.max_item_size))
        request = IntakeRequest(
            source_name=source_name,
            origin=origin,
            expected_size=len(data),
            announced_image=origin in (Origin.SCREEN_CAPTURE, Origin.CLIPBOARD),
            description=description,
            as_file=as_file,
            screens=screens,
        )
        return self.ingest(io.BytesIO(data), request)

    def add_archive_member(self, parent_id: str, member_path: str, data: bytes, kind: EvidenceKind | None) -> AddResult:
        parent = self._ledger.item(parent_id)
        if not data:
            raise InputRejected("reject.empty", name=member_path)
        request = IntakeRequest(
            source_name=member_path,
            origin=Origin.ARCHIVE_MEMBER,
            expected_size=len(data),
            announced_image=Path(member_path).suffix.lower() in IMAGE_EXTENSIONS,
            description=Description(kind or parent.kind, parent.platform, parent.account),
            derivation=Derivation(DerivationKind.EXTRACT, parent.id, parent.sha256, {"member": member_path}),
        )
        return self.ingest(io.BytesIO(data), request)

    # --- reading into a blob, then committing ------------------------------------------

    def ingest(
        self,
        handle: BinaryIO,
        request: IntakeRequest,
        progress: Progress | None = None,
        cancel: CancelCheck | None = None,
    ) -> AddResult:
        instant = self._ledger.now()  # when the program obtained the bytes
        name = request.source_name
        writer = self._blobs.new_writer()
        head = b""
        with writer:
            while True:
                check_cancel(cancel)
                try:
                    chunk = handle.read(READ_SIZE)
                except OSError:
                    raise InputRejected("reject.unreadable", name=name) from None
                if not chunk:
                    break
                if len(head) < 4096:
                    head += chunk[: 4096 - len(head)]
                writer.write(chunk)
                if writer.size > self.max_item_size:
                    raise InputRejected("reject.too_large", name=name, limit=human_size(self.max_item_size))
                if progress:
                    progress(writer.size, request.expected_size)
            if writer.size == 0:
                raise InputRejected("reject.empty", name=name)
            existing = self._ledger.find_by_sha256(writer.sha256)
            if existing is not None:
                writer.abort()
                return AddResult(existing, duplicate=True)
            blob_id, sha256, size = writer.commit()
        try:
            return self.finish(PendingItem(request, blob_id, sha256, size, head, instant))
        except BaseException:
            self._blobs.delete(blob_id)
            raise

    def finish(self, pending: PendingItem) -> AddResult:
        """Recognise the stored bytes (outside the lock: a large picture takes seconds to decode), then
        commit them as an item with its custody entry (under it)."""
        recognised = self._recognise(pending)
        try:
            with self._write_lock:
                existing = self._ledger.find_by_sha256(pending.sha256)
                if existing is not None:  # added meanwhile by another thread
                    self._blobs.delete(pending.blob_id)
                    self._blobs.delete(recognised.thumbnail_blob_id)
                    return AddResult(existing, duplicate=True)
                return self._commit_item(pending, recognised)
        except BaseException:
            self._blobs.delete(recognised.thumbnail_blob_id)
            raise

    def _recognise(self, pending: PendingItem) -> Recognised:
        request = pending.request
        media_type = sniff_media_type(pending.head)
        looks_image = media_type.startswith("image/") or request.announced_image
        if not looks_image or request.as_file:
            return Recognised(media_type, stored_as_file=True)
        try:
            with self._blobs.open(pending.blob_id) as reader:
                facts = inspect_image(reader)  # type: ignore[arg-type]
        except ImageRejected as exc:
            if request.origin == Origin.ARCHIVE_MEMBER or exc.reason == "memory":
                # a damaged picture in an archive, or one too large to decode here: kept as a plain file
                return Recognised(media_type, stored_as_file=True)
            key = "reject.image_bomb" if exc.reason == "bomb" else "reject.not_an_image"
            raise InputRejected(key, name=request.source_name or "-") from None
        thumb_id, _, _ = self._blobs.write_bytes(facts.thumbnail_png)
        return Recognised(facts.media_type, facts.width, facts.height, facts.embedded_dates, thumb_id)

    def _commit_item(self, pending: PendingItem, recognised: Recognised) -> AddResult:
        request = pending.request
        item = self._new_item(pending, recognised)
        media_type = recognised.media_type
        details: dict[str, Any] = {"origin": request.origin.value, "media_type": media_type, "size": pending.size}
        if request.derivation:
            derivation = request.derivation
            details.update(
                parent=derivation.parent_id, parent_sha256=derivation.parent_sha256, operation=derivation.kind.value
            )
        if request.followed_symlink:
            details["followed_symlink"] = True
        action = _CUSTODY_ACTION.get(request.origin, CustodyAction.IMPORTED)
        try:
            self._ledger.commit(
                [
                    put_record("item", item.id, item),
                    self._ledger.custody_record(action, item.id, pending.sha256, details, pending.instant),
                ]
            )
        except BaseException:
            self._ledger.give_back_id("item")
            raise
        self._blobs.settle([pending.blob_id, recognised.thumbnail_blob_id])
        return AddResult(self._ledger.items[item.id])

    def _new_item(self, pending: PendingItem, recognised: Recognised) -> EvidenceItem:
        request, described, instant = pending.request, pending.request.description, pending.instant
        derivation = request.derivation
        return EvidenceItem(
            id=self._ledger.next_id("item"),
            sha256=pending.sha256,
            size=pending.size,
            media_type=recognised.media_type,
            origin=request.origin,
            obtained_at=instant.utc,
            local_time=instant.local,
            time_zone=instant.zone,
            kind=EvidenceKind(described.kind or EvidenceKind.OTHER),
            blob_id=pending.blob_id,
            thumbnail_blob_id=recognised.thumbnail_blob_id,
            width=recognised.width,
            height=recognised.height,
            source_name=request.source_name,
            source_dates=request.source_dates,
            embedded_dates=recognised.embedded_dates,
            platform=described.platform,
            account=described.account,
            note=described.note,
            happened_at=normalise_date(described.happened_at),
            parent=derivation.parent_id if derivation else "",
            derivation=derivation,
            stored_as_file=recognised.stored_as_file,
            screens=request.screens,
        )

    # --- a fingerprint only -----------------------------------------------------------------

    def record_by_hash(
        self, path: Path, *, origin: Origin, description: Description, intimate: bool, source_name: str
    ) -> EvidenceItem:
        """Keep a file's SHA-256, size, name and dates, not its bytes (hashed outside the write lock)."""
        digest = hashlib.sha256()
        size = 0
        if path.is_symlink():  # the fingerprint would be of another file than the one named
            raise InputRejected("reject.symlink", name=path.name)
        try:
            with open(path, "rb", opener=_no_follow) as handle:
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
        instant = self._ledger.now()
        request = IntakeRequest(source_name, origin, size, False, description, source_dates(info))
        pending = PendingItem(request, "", digest.hexdigest(), size, b"", instant)
        with self._write_lock:  # only the commit: hashing a large export holds up no other write
            fingerprint = Recognised("application/octet-stream", stored_as_file=True)
            item = replace(self._new_item(pending, fingerprint), intimate=intimate)
            details = {"origin": origin.value, "size": size, "content_kept": False}
            self._ledger.commit(
                [
                    put_record("item", item.id, item),
                    self._ledger.custody_record(CustodyAction.RECORDED, item.id, item.sha256, details, instant),
                ]
            )
            return self._ledger.items[item.id]

    # --- derived pictures -------------------------------------------------------------------

    def derive_crop(self, parent_id: str, box: tuple[int, int, int, int]) -> EvidenceItem:
        from evidence_kit.core.imaging import crop_png

        parent = self._image_item(parent_id)
        with self._blobs.open(parent.blob_id) as reader:
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
        with self._blobs.open(parent.blob_id) as reader:
            png, clipped = redact_png(reader, boxes, style)  # type: ignore[arg-type]
        params = {"boxes": [list(b) for b in clipped], "style": style}
        return self._add_derived(parent, DerivationKind.REDACT, params, png)

    def _image_item(self, item_id: str) -> EvidenceItem:
        item = self._ledger.item(item_id)
        if not item.is_image or not item.blob_id:
            raise UsageError("error.not_an_image_item", item=item_id)
        return item

    def _add_derived(
        self, parent: EvidenceItem, op: DerivationKind, params: dict[str, Any], png: bytes
    ) -> EvidenceItem:
        """A new picture made from ``parent``; it shows the same accounts as its parent."""
        request = IntakeRequest(
            source_name="",
            origin=Origin.DERIVED,
            expected_size=len(png),
            announced_image=True,
            description=Description(parent.kind, parent.platform, parent.account, "", parent.happened_at),
            derivation=Derivation(op, parent.id, parent.sha256, params),
        )
        result = self.ingest(io.BytesIO(png), request)
        if result.duplicate or not parent.account_ids:
            return result.item
        with self._write_lock:
            return self._ledger.update_item(result.item.id, account_ids=list(parent.account_ids))

    # --- purging a picture ------------------------------------------------------------------

    def purge_content(self, item: EvidenceItem) -> None:
        """Delete an intimate picture's bytes and thumbnail; its hash stays (callers hold the write lock)."""
        purged = replace(item, blob_id="", thumbnail_blob_id="", stored_as_file=True)
        details = {"reason": "intimate_image", "kept": "sha256"}
        self._ledger.commit(
            [
                put_record("item", item.id, purged),
                self._ledger.custody_record(CustodyAction.REMOVED, item.id, item.sha256, details),
            ]
        )
        self._blobs.delete(item.blob_id)
        if item.thumbnail_blob_id:
            self._blobs.delete(item.thumbnail_blob_id)
