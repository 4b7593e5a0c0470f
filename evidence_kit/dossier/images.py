"""Turns an evidence picture into a PDF image stream, copying PNG and JPEG data as-is when the PDF format allows.

Copying the compressed data (as img2pdf does) keeps export fast and memory
flat; other pictures are decoded one at a time and flattened onto white.
A picture larger than ``MAX_PDF_SIDE`` is downscaled first (within the core's memory budget: a large PNG
is decoded in bands), so neither the export nor the recipient's reader holds a huge bitmap; the original,
when attached, keeps every pixel.  Nothing here touches the disk.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from PIL import Image, ImageOps

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PDF_SIDE = 2400  # pixels on the long side: sharper than an A4 page printed at 200 dpi needs
_PNG_COLORS = {0: 1, 2: 3}  # grey, RGB: the colour types a PDF reads straight from IDAT


@dataclass
class PdfImage:
    """What a PDF image XObject needs: its dictionary entries and its encoded bytes."""

    width: int
    height: int
    color_space: Any  # "/DeviceRGB", "/DeviceGray" or ("/Indexed", base, hival, palette bytes)
    bits: int
    filter: str  # "/FlateDecode" or "/DCTDecode"
    data: bytes
    decode_parms: dict[str, int] = field(default_factory=dict)


def display_size(reader: BinaryIO, width: int, height: int) -> tuple[int, int]:
    """The size a picture shows at once its EXIF orientation is applied (phones often store photos sideways)."""
    try:
        with Image.open(reader) as image:
            orientation = image.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - an unreadable header keeps the recorded size
        return width, height
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def pdf_image(data: bytes) -> PdfImage:
    """The PDF image for a picture's bytes, copying the compressed data when possible."""
    if _too_large(data):
        from evidence_kit.core.decoding import reduced

        _register_heif()
        return _encoded(reduced(io.BytesIO(data), (MAX_PDF_SIDE, MAX_PDF_SIDE)))
    if data.startswith(PNG_SIGNATURE):
        copied = _png_passthrough(data)
        if copied is not None:
            return copied
    elif data.startswith(b"\xff\xd8"):
        copied = _jpeg_passthrough(data)
        if copied is not None:
            return copied
    return _decoded(data)


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks = []
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks.append((kind, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _png_passthrough(data: bytes) -> PdfImage | None:
    chunks = _png_chunks(data)
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        return None
    width, height, bits, color_type, _comp, _filter, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    kinds = {kind for kind, _ in chunks}
    if interlace or b"tRNS" in kinds or width == 0 or height == 0:
        return None
    if color_type in _PNG_COLORS and bits == 8:
        colors = _PNG_COLORS[color_type]
        space: Any = "/DeviceRGB" if colors == 3 else "/DeviceGray"
    elif color_type == 3 and bits in (1, 2, 4, 8):
        palette = next((body for kind, body in chunks if kind == b"PLTE"), b"")
        if not palette or len(palette) % 3:
            return None
        colors = 1
        space = ("/Indexed", "/DeviceRGB", len(palette) // 3 - 1, palette)
    else:
        return None
    idat = b"".join(body for kind, body in chunks if kind == b"IDAT")
    parms = {"/Predictor": 15, "/Colors": colors, "/BitsPerComponent": bits, "/Columns": width}
    return PdfImage(width, height, space, bits, "/FlateDecode", idat, parms)


def _jpeg_passthrough(data: bytes) -> PdfImage | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            mode = image.mode
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - let the decoder path report it
        return None
    if mode not in ("RGB", "L") or orientation not in (None, 1):
        return None
    space = "/DeviceRGB" if mode == "RGB" else "/DeviceGray"
    return PdfImage(width, height, space, 8, "/DCTDecode", data)


def _too_large(data: bytes) -> bool:
    _register_heif()
    try:
        with Image.open(io.BytesIO(data)) as image:  # the header only
            return max(image.size) > MAX_PDF_SIDE
    except Exception:  # noqa: BLE001 - let the decoder path report it
        return False


def _decoded(data: bytes) -> PdfImage:
    _register_heif()
    with Image.open(io.BytesIO(data)) as opened:
        opened.seek(0)  # the first frame of an animation
        return _encoded(ImageOps.exif_transpose(opened))


def _encoded(image: Image.Image) -> PdfImage:
    """A decoded picture flattened onto white, as a Flate-compressed PDF image."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    space = "/DeviceRGB" if image.mode == "RGB" else "/DeviceGray"
    width, height = image.size
    return PdfImage(width, height, space, 8, "/FlateDecode", zlib.compress(image.tobytes(), 6))


def _register_heif() -> None:
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # HEIC pictures then fail like any unreadable picture
        pass
