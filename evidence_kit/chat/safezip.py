"""A zip reader for untrusted archives: refuses escaping paths, links, bombs and huge listings, reads with bounds.

``zipfile`` alone would build one object per listed entry (a forged listing
of millions of entries costs gigabytes) and trusts the names it is given, so
the end-of-directory record is checked first and every name before any byte
is read.
"""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from evidence_kit.chat.model import ChatExportRejected

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 2000  # a WhatsApp export with media rarely holds more than a few hundred files
    max_directory_bytes: int = 4 << 20  # the central directory itself, read whole by zipfile
    max_total_size: int = 8 << 30  # declared uncompressed total
    max_ratio: int = 200  # uncompressed / compressed, checked on members above ratio_floor
    ratio_floor: int = 8 << 20


@dataclass(frozen=True)
class ZipMember:
    path: str
    size: int
    compressed_size: int
    encrypted: bool


def _reject(key: str, name: str, **params: object) -> ChatExportRejected:
    return ChatExportRejected(key, name=name, **params)


def _directory_facts(handle: BinaryIO, name: str) -> tuple[int, int]:
    """(entries, directory size) from the end-of-central-directory record, zip64 included."""
    handle.seek(0, 2)
    size = handle.tell()
    tail_len = min(size, 65535 + 22)
    handle.seek(size - tail_len)
    tail = handle.read(tail_len)
    pos = tail.rfind(_EOCD)
    if pos < 0 or len(tail) - pos < 22:
        raise _reject("chat.reject.zip_damaged", name)
    _sig, _disk, _cd_disk, _here, entries, dir_size, _dir_offset, _comment = struct.unpack(
        "<4sHHHHIIH", tail[pos : pos + 22]
    )
    if entries == 0xFFFF or dir_size == 0xFFFFFFFF:
        locator = tail[pos - 20 : pos] if pos >= 20 else b""
        if not locator.startswith(_ZIP64_LOCATOR):
            raise _reject("chat.reject.zip_damaged", name)
        (offset,) = struct.unpack("<Q", locator[8:16])
        if offset > size - 56:
            raise _reject("chat.reject.zip_damaged", name)
        handle.seek(offset)
        record = handle.read(56)
        if not record.startswith(_ZIP64_EOCD) or len(record) < 56:
            raise _reject("chat.reject.zip_damaged", name)
        entries, dir_size = struct.unpack("<QQ", record[32:48])
    return entries, dir_size


def _unsafe_path(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        return True
    return any(part == ".." for part in parts) or "\x00" in path


def _is_link(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


class SafeZip:
    """An archive checked as a whole at opening; members are read into memory with a size bound."""

    def __init__(self, handle: BinaryIO, name: str, limits: ZipLimits | None = None) -> None:
        self.name = name
        self.limits = limits or ZipLimits()
        try:
            entries, dir_size = _directory_facts(handle, name)
        except (OSError, struct.error, ValueError):
            raise _reject("chat.reject.zip_damaged", name) from None
        if entries > self.limits.max_members:
            raise _reject("chat.reject.zip_too_many", name, count=entries, limit=self.limits.max_members)
        if dir_size > self.limits.max_directory_bytes:
            raise _reject("chat.reject.zip_too_many", name, count=entries, limit=self.limits.max_members)
        try:
            handle.seek(0)
            self._zip = zipfile.ZipFile(handle)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise _reject("chat.reject.zip_damaged", name) from None
        if len(infos) > self.limits.max_members:
            raise _reject("chat.reject.zip_too_many", name, count=len(infos), limit=self.limits.max_members)
        self._infos: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            if _unsafe_path(info.filename):
                raise _reject("chat.reject.zip_escape", name, member=info.filename[:200])
            if _is_link(info):
                raise _reject("chat.reject.zip_link", name, member=info.filename[:200])
            total += info.file_size
            ratio_too_high = info.file_size > self.limits.ratio_floor and (
                info.file_size > self.limits.max_ratio * max(info.compress_size, 1)
            )
            if ratio_too_high or total > self.limits.max_total_size:
                raise _reject("chat.reject.zip_bomb", name)
            if not info.is_dir():
                self._infos[info.filename] = info

    @property
    def members(self) -> list[ZipMember]:
        return [
            ZipMember(i.filename, i.file_size, i.compress_size, bool(i.flag_bits & 0x1)) for i in self._infos.values()
        ]

    def read(self, path: str, limit: int) -> bytes:
        """The member's bytes; refused (not truncated) when larger than ``limit``, damaged or encrypted."""
        info = self._infos.get(path)
        if info is None:
            raise _reject("chat.reject.zip_member_missing", self.name, member=path)
        if info.flag_bits & 0x1:
            raise _reject("chat.reject.zip_member_encrypted", self.name, member=path)
        if info.file_size > limit:
            raise _reject("chat.reject.zip_member_too_large", self.name, member=path)
        try:
            with self._zip.open(info) as member:
                # zipfile stops at the declared size and checks the CRC: the declared size bounds memory.
                data = member.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
            raise _reject("chat.reject.zip_member_damaged", self.name, member=path) from None
        if len(data) > limit:
            raise _reject("chat.reject.zip_member_too_large", self.name, member=path)
        return data

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
