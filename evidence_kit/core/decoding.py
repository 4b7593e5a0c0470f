"""Decoding pictures within a memory budget: the budget counts decoded bytes (width × height × bytes per
pixel), not pixels alone, and a large PNG is decoded in bands of rows, never whole.

A 462 KB PNG of 10900 × 10900 flat pixels is 340 MiB once decoded (RGB), 450 MiB as RGBA: under the pixel
limit, yet enough to exhaust a small computer when a thumbnail, a copy and a conversion each hold one.
``reduced`` returns a picture at most ``box`` in size, holding at most one band of the original at once
(PNG), a reduced decode (JPEG's draft mode), or the whole picture when its decoded size fits the budget.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from PIL import Image, ImageOps

# The most a picture may take decoded whole (other formats than PNG, or an interlaced PNG).
MAX_DECODED_BYTES = 256 << 20
# Past this, a PNG is decoded in bands of about this many bytes.
BAND_BYTES = 8 << 20

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel
_MODE_BYTES = {"1": 1, "L": 1, "P": 1, "LA": 2, "PA": 2, "RGB": 3, "YCbCr": 3, "LAB": 3, "HSV": 3}
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class TooLargeToDecode(Exception):
    """The decoded picture would exceed the budget and cannot be decoded in parts."""


class Undecodable(Exception):
    """The picture's data is broken (truncated, wrong checksum…)."""


def decoded_bytes(image: Image.Image) -> int:
    """What decoding the whole picture costs in memory."""
    per_pixel = _MODE_BYTES.get(image.mode, 4)
    if image.mode.startswith("I;16"):
        per_pixel = 2
    width, height = image.size
    return width * height * per_pixel


def reduced(stream: BinaryIO, box: tuple[int, int]) -> Image.Image:
    """The picture (first frame, EXIF orientation applied), fitted within ``box``; every byte is decoded, so a
    truncated file raises.  Raises ``TooLargeToDecode`` past the budget, ``Undecodable`` or Pillow's errors."""
    stream.seek(0)
    with Image.open(stream) as image:  # the header only (a PNG's getexif() would decode it whole)
        in_bands = image.format == "PNG" and decoded_bytes(image) > BAND_BYTES
    if in_bands:
        stream.seek(0)
        banded = _png_in_bands(stream, box)
        if banded is not None:
            return _oriented(*banded, box)
    stream.seek(0)
    with Image.open(stream) as image:
        image.draft("RGB", box)  # JPEG decodes at a reduced scale
        if decoded_bytes(image) > MAX_DECODED_BYTES:
            raise TooLargeToDecode
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
        image.thumbnail(box)
        return image.copy()


def _oriented(image: Image.Image, orientation: int, box: tuple[int, int]) -> Image.Image:
    method = _ORIENTATION.get(orientation)
    if method is not None:
        image = image.transpose(method)
    image.thumbnail(box)
    return image


def _png_chunks(stream: BinaryIO) -> Iterator[tuple[bytes, bytes]]:
    if stream.read(8) != PNG_SIGNATURE:
        raise Undecodable
    while True:
        head = stream.read(8)
        if len(head) < 8:
            raise Undecodable  # no IEND: truncated
        (length,) = struct.unpack(">I", head[:4])
        kind = head[4:]
        body = stream.read(length)
        crc = stream.read(4)
        if len(body) != length or len(crc) != 4 or zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise Undecodable
        yield kind, body
        if kind == b"IEND":
            return


def _png_in_bands(stream: BinaryIO, box: tuple[int, int]) -> tuple[Image.Image, int] | None:
    """A non-interlaced 8-bit PNG decoded a band of rows at a time, each band reduced as it comes.

    Each band is handed to Pillow as a small PNG of its own whose first row is the band before's last row,
    unfiltered (filter type None), so the band's filters that look at the row above read the right bytes.
    Returns the reduced picture and its EXIF orientation; None when the PNG is of a kind this does not
    handle (then it is decoded whole, within the budget).
    """
    chunks = _png_chunks(stream)
    kind, ihdr = next(chunks)
    if kind != b"IHDR" or len(ihdr) != 13:
        raise Undecodable
    width, height, bits, color_type, _compression, _filter, interlace = struct.unpack(">IIBBBBB", ihdr)
    if interlace or bits != 8 or color_type not in _PNG_CHANNELS or not width or not height:
        return None
    stride = width * _PNG_CHANNELS[color_type]
    factor = max(1, min(width // (2 * box[0]), height // (2 * box[1])))  # integer reduction, then a fine resize
    rows = max(factor, BAND_BYTES // (stride + 1) // factor * factor)
    extra: list[tuple[bytes, bytes]] = []  # PLTE, tRNS: what the bands need to mean the same colours
    canvas: Image.Image | None = None
    inflater = zlib.decompressobj()
    pending = bytearray()
    previous = bytes(stride)  # the row above the first: zeros, as PNG filters assume
    done = 0
    orientation = 1
    for kind, body in chunks:
        if kind in (b"PLTE", b"tRNS"):
            extra.append((kind, body))
        elif kind == b"eXIf":
            exif = Image.Exif()
            exif.load(body)
            orientation = int(exif.get(0x0112, 1) or 1)
        elif kind == b"IDAT":
            pending += inflater.decompress(body, (rows + 1) * (stride + 1) * 2)
            while inflater.unconsumed_tail:
                pending += inflater.decompress(inflater.unconsumed_tail, (rows + 1) * (stride + 1) * 2)
                while len(pending) >= rows * (stride + 1) and done + rows <= height:
                    canvas, previous = _band(canvas, pending, rows, previous, ihdr, extra, factor, done, width, height)
                    done += rows
            while len(pending) >= rows * (stride + 1) and done + rows <= height:
                canvas, previous = _band(canvas, pending, rows, previous, ihdr, extra, factor, done, width, height)
                done += rows
    pending += inflater.flush()
    left = height - done
    if not inflater.eof or len(pending) != left * (stride + 1):
        raise Undecodable  # truncated or with data past the last row
    if left:
        canvas, previous = _band(canvas, pending, left, previous, ihdr, extra, factor, done, width, height)
    assert canvas is not None
    return canvas, orientation


def _band(
    canvas: Image.Image | None,
    pending: bytearray,
    rows: int,
    previous: bytes,
    ihdr: bytes,
    extra: list[tuple[bytes, bytes]],
    factor: int,
    top: int,
    width: int,
    height: int,
) -> tuple[Image.Image, bytes]:
    """Decode ``rows`` filtered rows from the front of ``pending`` (removed), reduce them into ``canvas``."""
    stride = len(previous)
    size = rows * (stride + 1)
    data = b"\x00" + previous + bytes(pending[:size])
    del pending[:size]
    header = struct.pack(">II", width, rows + 1) + ihdr[8:]
    piece = io.BytesIO()
    piece.write(PNG_SIGNATURE)
    for kind, body in [(b"IHDR", header), *extra, (b"IDAT", zlib.compress(data, 0)), (b"IEND", b"")]:
        piece.write(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)))
    piece.seek(0)
    with Image.open(piece) as opened:
        opened.load()
        band = opened.crop((0, 1, width, rows + 1))
    last = band.crop((0, rows - 1, width, rows)).tobytes()
    if band.mode == "P":
        band = band.convert("RGBA" if "transparency" in band.info else "RGB")
    small = band.reduce(factor) if factor > 1 else band
    if canvas is None:
        canvas = Image.new(small.mode, (math.ceil(width / factor), math.ceil(height / factor)))
    canvas.paste(small, (0, top // factor))
    return canvas, last
