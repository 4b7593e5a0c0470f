"""Encrypted files of a case: written in chunks, made durable before they count, read back by seeking.

A blob file is a header (magic, blob id, chunk size) followed by AES-GCM
chunks.  Memory stays at about one chunk whatever the file size.

A write is recorded as pending (an empty ``<id>.pending`` beside the blob) from its first byte until
a journal record names the blob (``settle``): only such leftovers of a killed write are ever deleted
on opening.  A blob that no record names and no marker claims is not understood, so it is moved to
the case's ``quarantine/`` folder, never deleted, and comes back when a journal names it again.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag

from evidence_kit.core.crypto import (
    BLOB_HEADER_SIZE,
    BLOB_ID_SIZE,
    CHUNK_SIZE,
    TAG_SIZE,
    ChunkCipher,
    blob_header,
    parse_blob_header,
)
from evidence_kit.core.errors import Cancelled, CaseDamaged, StorageError

TMP_SUFFIX = ".partial"
PENDING_SUFFIX = ".pending"


def fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; its renames are journaled
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write-fsync-rename: after return the new content is durable, before it the old one is whole."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise storage_error(exc) from exc


def storage_error(exc: OSError) -> StorageError:
    if exc.errno == errno.ENOSPC:
        return StorageError("error.disk_full")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError("error.read_only")
    return StorageError("error.storage")


class BlobStore:
    """The ``blobs/`` folder of a case."""

    def __init__(self, root: Path, data_key: bytes | list[bytes], quarantine: Path | None = None) -> None:
        self.root = root
        self.quarantine = quarantine or root.parent / "quarantine"
        self.set_keys([data_key] if isinstance(data_key, bytes) else data_key)

    def set_keys(self, keys: list[bytes]) -> None:
        """The data keys, newest first: new blobs are written with the first, read with whichever opens them
        (a blob written before a passphrase change stays under its key until ``--reencrypt``)."""
        self._keys = list(keys)
        self._data_key = self._keys[0]

    def path_for(self, blob_id: str) -> Path:
        return self.root / blob_id[:2] / f"{blob_id}.blob"

    def _marker(self, blob_id: str) -> Path:
        return self.root / blob_id[:2] / f"{blob_id}{PENDING_SUFFIX}"

    def new_writer(self, chunk_size: int = CHUNK_SIZE) -> BlobWriter:
        """A writer for a new blob, recorded as pending until ``settle`` names it."""
        blob_id = secrets.token_bytes(BLOB_ID_SIZE)
        return BlobWriter(self.path_for(blob_id.hex()), ChunkCipher(self._data_key, blob_id), chunk_size)

    def write_bytes(self, data: bytes) -> tuple[str, str, int]:
        writer = self.new_writer()
        with writer:
            writer.write(data)
        return writer.commit()

    def open(self, blob_id: str, path: Path | None = None) -> BlobReader:
        raw_id = bytes.fromhex(blob_id)
        return BlobReader(path or self.path_for(blob_id), [ChunkCipher(key, raw_id) for key in self._keys])

    def reencrypt(self, path: Path, blob_id: str) -> None:
        """Rewrite one blob file under the newest key, in place and atomically (same id, same plaintext)."""
        with self.open(blob_id, path) as reader:
            if reader.find_key() == 0:
                return
            cipher = ChunkCipher(self._data_key, bytes.fromhex(blob_id))
            tmp = path.with_name(path.name + TMP_SUFFIX)
            try:
                with open(tmp, "wb") as handle:
                    handle.write(blob_header(cipher.blob_id, reader.chunk_size))
                    last = reader.chunk_count - 1
                    for index, chunk in enumerate(reader.iter_chunks()):
                        handle.write(cipher.encrypt(index, chunk, index == last))
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, path)
                fsync_dir(path.parent)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise storage_error(exc) from exc

    def read_bytes(self, blob_id: str) -> bytes:
        with self.open(blob_id) as reader:
            return reader.read()

    def delete(self, blob_id: str) -> None:
        if not blob_id:
            return
        self.path_for(blob_id).unlink(missing_ok=True)
        self._marker(blob_id).unlink(missing_ok=True)

    def settle(self, blob_ids: Iterable[str]) -> None:
        """The journal now names these blobs: they are no longer a pending write's leftovers."""
        for blob_id in blob_ids:
            if blob_id:
                self._marker(blob_id).unlink(missing_ok=True)

    def tidy(self, referenced: set[str]) -> None:
        """After a crash or a files-put-back: delete only pending leftovers, quarantine what is not understood,
        and bring back quarantined blobs the journal names again."""
        for partial in self.partial_files():
            partial.unlink(missing_ok=True)
        pending = {p.name[: -len(PENDING_SUFFIX)] for p in self.root.glob(f"*/*{PENDING_SUFFIX}")}
        for blob_id in self.all_blob_ids() - referenced:
            if blob_id in pending:
                self.delete(blob_id)
            else:
                self.quarantine.mkdir(exist_ok=True)
                os.replace(self.path_for(blob_id), self.quarantine / f"{blob_id}.blob")
        self.settle(pending & referenced)
        for blob_id in sorted(self.quarantined() & referenced):
            target = self.path_for(blob_id)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.quarantine / f"{blob_id}.blob", target)

    def unnamed(self, referenced: set[str]) -> list[str]:
        """Blobs in ``blobs/`` that no record names and no pending write claims (what ``tidy`` would set aside)."""
        pending = {p.name[: -len(PENDING_SUFFIX)] for p in self.root.glob(f"*/*{PENDING_SUFFIX}")}
        return sorted(self.all_blob_ids() - referenced - pending)

    def quarantine_files(self) -> list[str]:
        """The names of everything set aside (blobs, journal tails), for ``verify`` to list."""
        return sorted(p.name for p in self.quarantine.iterdir()) if self.quarantine.is_dir() else []

    def quarantined(self) -> set[str]:
        if not self.quarantine.is_dir():
            return set()
        return {p.stem for p in self.quarantine.glob("*.blob")}

    def extract(
        self, blob_id: str, sha256: str, out: Path, cancel: Callable[[], bool] | None = None, label: str = ""
    ) -> None:
        """Write a blob's plain bytes to ``out`` atomically, checking them against ``sha256`` on the way."""
        digest = hashlib.sha256()
        tmp = out.with_name(out.name + TMP_SUFFIX)
        try:
            with self.open(blob_id) as reader, open(tmp, "wb") as handle:
                for chunk in reader.iter_chunks():
                    check_cancel(cancel)
                    digest.update(chunk)
                    handle.write(chunk)
            if digest.hexdigest() != sha256:
                raise CaseDamaged("error.item_hash_mismatch", item=label or blob_id)
            os.replace(tmp, out)
        except OSError as exc:
            raise storage_error(exc) from exc
        finally:
            tmp.unlink(missing_ok=True)

    def partial_files(self) -> Iterator[Path]:
        if self.root.is_dir():
            yield from self.root.glob(f"*/*{TMP_SUFFIX}")

    def all_blob_ids(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {p.stem for p in self.root.glob("*/*.blob")}


class BlobWriter:
    """Encrypts a stream into a temporary file; ``commit`` makes it durable and visible.

    The SHA-256 is computed over the exact plaintext bytes as they arrive,
    before anything else touches them.
    """

    def __init__(self, final_path: Path, cipher: ChunkCipher, chunk_size: int = CHUNK_SIZE) -> None:
        self.final_path = final_path
        self.tmp_path = final_path.with_name(final_path.name + TMP_SUFFIX)
        self.marker_path = final_path.with_suffix(PENDING_SUFFIX)
        self.blob_id = cipher.blob_id.hex()
        self._cipher = cipher
        self._hash = hashlib.sha256()
        self._buffer = bytearray()
        self._index = 0
        self.size = 0
        self._handle: BinaryIO | None = None
        self._committed = False
        self._chunk_size = chunk_size
        try:
            final_path.parent.mkdir(parents=True, exist_ok=True)
            self.marker_path.touch()  # before the first byte: see the module's note
            self._handle = open(self.tmp_path, "wb")
            self._handle.write(blob_header(cipher.blob_id, chunk_size))
        except OSError as exc:
            self.abort()
            raise storage_error(exc) from exc

    def __enter__(self) -> BlobWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self.abort()

    def write(self, data: bytes) -> None:
        self._hash.update(data)
        self.size += len(data)
        self._buffer += data
        while len(self._buffer) > self._chunk_size:
            self._emit(bytes(self._buffer[: self._chunk_size]), last=False)
            del self._buffer[: self._chunk_size]

    def _emit(self, chunk: bytes, last: bool) -> None:
        assert self._handle is not None
        try:
            self._handle.write(self._cipher.encrypt(self._index, chunk, last))
        except OSError as exc:
            self.abort()
            raise storage_error(exc) from exc
        self._index += 1

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def commit(self) -> tuple[str, str, int]:
        """Flush the last chunk, fsync, rename; returns (blob id, sha256, size)."""
        if self._committed:
            return self.blob_id, self.sha256, self.size
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()
        assert self._handle is not None
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            self._handle = None
            os.replace(self.tmp_path, self.final_path)
            fsync_dir(self.final_path.parent)
        except OSError as exc:
            self.abort()
            raise storage_error(exc) from exc
        self._committed = True
        return self.blob_id, self.sha256, self.size

    def abort(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):  # already failing: the partial file is removed below
                self._handle.close()
            self._handle = None
        self.tmp_path.unlink(missing_ok=True)
        if self._committed:
            self.final_path.unlink(missing_ok=True)
        self.marker_path.unlink(missing_ok=True)


class BlobReader(io.RawIOBase):
    """A seekable, read-only view of the plaintext of a blob, decrypting one chunk at a time."""

    def __init__(self, path: Path, cipher: ChunkCipher | list[ChunkCipher]) -> None:
        super().__init__()
        self._ciphers = cipher if isinstance(cipher, list) else [cipher]
        self._cipher = self._ciphers[0]
        self.cipher_index = -1  # which key opened the blob, once a chunk was read (0: the newest)
        self.blob_id = self._cipher.blob_id.hex()
        try:
            self._file = open(path, "rb")
        except FileNotFoundError:
            raise CaseDamaged("error.blob_missing", blob=self.blob_id) from None
        header = self._file.read(BLOB_HEADER_SIZE)
        try:
            found_id, self._chunk_size = parse_blob_header(header)
        except Exception:
            self._file.close()
            raise CaseDamaged("error.blob_damaged", blob=self.blob_id) from None
        if found_id != self._cipher.blob_id:
            self._file.close()
            raise CaseDamaged("error.blob_damaged", blob=self.blob_id)
        body = os.fstat(self._file.fileno()).st_size - BLOB_HEADER_SIZE
        stride = self._chunk_size + TAG_SIZE
        self._chunks = max(1, -(-body // stride))
        last_len = body - (self._chunks - 1) * stride - TAG_SIZE
        if body < TAG_SIZE or last_len < 0:
            self._file.close()
            raise CaseDamaged("error.blob_damaged", blob=self.blob_id)
        self.size = (self._chunks - 1) * self._chunk_size + last_len
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def _chunk(self, index: int) -> bytes:
        if self._cached and self._cached[0] == index:
            return self._cached[1]
        stride = self._chunk_size + TAG_SIZE
        self._file.seek(BLOB_HEADER_SIZE + index * stride)
        data = self._file.read(stride)
        last = index == self._chunks - 1
        plain = self._decrypt(index, data, last)
        self._cached = (index, plain)
        return plain

    def _decrypt(self, index: int, data: bytes, last: bool) -> bytes:
        if self.cipher_index < 0:  # the first chunk read finds the key (only the right one authenticates)
            for number, cipher in enumerate(self._ciphers):
                try:
                    plain = cipher.decrypt(index, data, last)
                except InvalidTag:
                    continue
                self.cipher_index, self._cipher = number, cipher
                return plain
            raise CaseDamaged("error.blob_damaged", blob=self.blob_id)
        try:
            return self._cipher.decrypt(index, data, last)
        except InvalidTag:
            raise CaseDamaged("error.blob_damaged", blob=self.blob_id) from None

    def find_key(self) -> int:
        """Which key opens the blob (0: the newest); reads the first chunk if none was read yet."""
        if self.cipher_index < 0:
            self._chunk(0)
        return self.cipher_index

    @property
    def chunk_size(self) -> int:
        return self._chunk_size

    @property
    def chunk_count(self) -> int:
        return self._chunks

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._pos >= self.size:
            return 0
        index, offset = divmod(self._pos, self._chunk_size)
        chunk = self._chunk(index)
        piece = chunk[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self._pos += len(piece)
        return len(piece)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.size - self._pos
        out = bytearray()
        while len(out) < size and self._pos < self.size:
            index, offset = divmod(self._pos, self._chunk_size)
            piece = self._chunk(index)[offset : offset + size - len(out)]
            out += piece
            self._pos += len(piece)
        return bytes(out)

    def iter_chunks(self, progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
        """Every plaintext chunk in order, each authenticated (raises ``CaseDamaged``)."""
        for index in range(self._chunks):
            data = self._chunk(index)
            self._cached = None
            if progress:
                progress(len(data))
            yield data

    def close(self) -> None:
        if not self.closed:
            self._file.close()
        super().close()


def check_cancel(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()
