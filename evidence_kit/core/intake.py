"""Recognising what a file is, by content: media type, image size, embedded capture dates, thumbnail.

Images are decoded only after their bytes are hashed and stored, and from the
stored copy, so what we describe is exactly what we keep.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from PIL import Image, ImageFile, UnidentifiedImageError

from evidence_kit.core import decoding
from evidence_kit.core.model import Clock, DatedValue

log = logging.getLogger(__name__)

# A full-HD screenshot is 2 Mpx, a phone photo up to 50 Mpx (some 200 Mpx);
# past this we refuse to decode: the file may be built to exhaust memory.
MAX_IMAGE_PIXELS = 120_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False
THUMBNAIL_SIZE = (480, 480)

try:  # HEIC/HEIF from iPhones, where the maintained plugin is installed
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_SUPPORTED = True
except Exception:  # noqa: BLE001 - optional plugin; absence is reported in the UI
    HEIF_SUPPORTED = False

IMAGE_EXTENSIONS = {
    ".png",
    ".jpg",
    ".jpeg",
    ".jpe",
    ".webp",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".heic",
    ".heif",
}

_MAGIC: list[tuple[int, bytes, str]] = [
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"BM", "image/bmp"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"PK\x03\x04", "application/zip"),
    (0, b"PK\x05\x06", "application/zip"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm"),
    (0, b"OggS", "audio/ogg"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"Rar!\x1a\x07", "application/vnd.rar"),
]

_FTYP_BRANDS = {
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"heim": "image/heic",
    b"heis": "image/heic",
    b"hevc": "image/heic",
    b"mif1": "image/heif",
    b"msf1": "image/heif",
    b"avif": "image/avif",
    b"qt  ": "video/quicktime",
    b"M4A ": "audio/mp4",
}


def sniff_media_type(head: bytes) -> str:
    """The media type told by the first bytes (at least 64 of them), not by the name."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video/x-msvideo"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(head[8:12], "video/mp4")
    for offset, magic, media_type in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return media_type
    if head.lstrip()[:1] in (b"{", b"[") and _looks_textual(head):
        return "application/json"
    if _looks_textual(head):
        return "text/plain"
    return "application/octet-stream"


def _looks_textual(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3


class ImageRejected(Exception):
    """A file announced as an image that cannot be decoded, or built to exhaust memory."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "undecodable", "bomb", or "memory" (too large to decode within the budget)


@dataclass
class ImageFacts:
    width: int
    height: int
    media_type: str
    embedded_dates: list[DatedValue] = field(default_factory=list)
    thumbnail_png: bytes = b""


def inspect_image(stream: BinaryIO) -> ImageFacts:
    """Decode a stored image fully (so a truncated or hostile file is caught) and thumbnail it, within the
    memory budget of ``decoding`` (a large PNG in bands; past the budget: ``ImageRejected("memory")``)."""
    png_time = _png_time(stream)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            stream.seek(0)
            with Image.open(stream) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ImageRejected("bomb")
                fmt = (image.format or "").upper()
                # A PNG's getexif() decodes it whole when no EXIF comes before the pixels: not for a large one.
                large_png = fmt == "PNG" and decoding.decoded_bytes(image) > decoding.BAND_BYTES
                dates = ([] if large_png and "exif" not in image.info else _embedded_dates(image)) + png_time
            frame = decoding.reduced(stream, THUMBNAIL_SIZE)
            if frame.mode not in ("RGB", "RGBA", "L", "LA"):
                frame = frame.convert("RGBA")
            out = io.BytesIO()
            frame.save(out, format="PNG", optimize=False)
        except decoding.TooLargeToDecode:
            raise ImageRejected("memory") from None
        except decoding.Undecodable:
            raise ImageRejected("undecodable") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected("bomb") from None
        except ImageRejected:
            raise
        except (
            UnidentifiedImageError,
            OSError,
            ValueError,
            SyntaxError,
            EOFError,
            struct_error(),
            MemoryError,
            IndexError,
            TypeError,
            KeyError,
            ZeroDivisionError,
        ):
            raise ImageRejected("undecodable") from None
    media_type = _FORMAT_TYPES.get(fmt, f"image/{fmt.lower()}" if fmt else "image/unknown")
    return ImageFacts(width, height, media_type, dates, out.getvalue())


def struct_error() -> type[Exception]:
    import struct

    return struct.error


_FORMAT_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
    "HEIF": "image/heic",
    "AVIF": "image/avif",
}


def _embedded_dates(image: Image.Image) -> list[DatedValue]:
    dates: list[DatedValue] = []
    try:
        exif = image.getexif()
        sub = exif.get_ifd(0x8769)  # Exif IFD
        for tag, name in ((36867, "DateTimeOriginal"), (36868, "DateTimeDigitized")):
            raw = sub.get(tag)
            if isinstance(raw, str) and raw.strip():
                offset = sub.get({36867: 36881, 36868: 36882}[tag])
                value = _exif_to_iso(raw.strip(), offset if isinstance(offset, str) else "")
                if value:
                    dates.append(DatedValue(value, Clock.EXIF, name))
        raw = exif.get(306)  # DateTime (last change) in the main IFD
        if isinstance(raw, str) and raw.strip() and not dates:
            value = _exif_to_iso(raw.strip(), "")
            if value:
                dates.append(DatedValue(value, Clock.EXIF, "DateTime"))
    except Exception:  # noqa: BLE001 - broken EXIF must not stop intake; the date is just absent
        log.debug("unreadable EXIF block")
    info = getattr(image, "info", {}) or {}
    for key in ("Creation Time", "creation_time", "date:create"):
        text = info.get(key)
        if isinstance(text, str) and text.strip():
            dates.append(DatedValue(text.strip()[:64], Clock.PNG, key))
    return dates


def _exif_to_iso(raw: str, offset: str) -> str:
    try:
        parsed = datetime.strptime(raw[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return ""
    text = parsed.isoformat()
    if offset and len(offset) == 6 and offset[0] in "+-":
        text += offset
    return text


def _png_time(stream: BinaryIO) -> list[DatedValue]:
    """The PNG tIME chunk (last modification, UTC), which Pillow does not read; walks chunk headers only."""
    import struct

    try:
        stream.seek(0)
        if stream.read(8) != b"\x89PNG\r\n\x1a\n":
            return []
        for _ in range(10_000):
            header = stream.read(8)
            if len(header) < 8:
                break
            length, kind = struct.unpack(">I4s", header)
            if kind == b"tIME" and length == 7:
                year, month, day, hour, minute, second = struct.unpack(">HBBBBB", stream.read(7))
                moment = datetime(year, month, day, hour, minute, second)
                return [DatedValue(moment.isoformat() + "Z", Clock.PNG, "tIME")]
            if kind == b"IEND":
                break
            stream.seek(length + 4, io.SEEK_CUR)
    except (OSError, ValueError, struct.error):
        return []
    finally:
        stream.seek(0)
    return []
