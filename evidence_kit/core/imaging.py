"""Crops and redactions of a stored picture, produced as new PNG images (the original never changes)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import BinaryIO

from PIL import Image, ImageDraw, ImageFilter, ImageOps

Box = tuple[int, int, int, int]  # left, top, right, bottom in the original's pixels


def _clip(box: Sequence[int], size: tuple[int, int]) -> Box:
    left, top, right, bottom = (int(v) for v in box)
    left, right = sorted((left, right))
    top, bottom = sorted((top, bottom))
    width, height = size
    clipped = (max(0, left), max(0, top), min(width, right), min(height, bottom))
    if clipped[2] - clipped[0] < 1 or clipped[3] - clipped[1] < 1:
        raise ValueError("empty area")
    return clipped


def _load(stream: BinaryIO) -> Image.Image:
    with Image.open(stream) as image:
        image.load()
        frame = ImageOps.exif_transpose(image)
    if frame.mode not in ("RGB", "RGBA"):
        frame = frame.convert("RGBA" if "A" in frame.getbands() else "RGB")
    return frame


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def crop_png(stream: BinaryIO, box: Sequence[int]) -> tuple[bytes, Box]:
    image = _load(stream)
    clipped = _clip(box, image.size)
    return _png(image.crop(clipped)), clipped


def redact_png(stream: BinaryIO, boxes: Sequence[Sequence[int]], style: str = "black") -> tuple[bytes, list[Box]]:
    """Cover areas with black boxes, or blur them past recognition (pixelate, then blur)."""
    image = _load(stream)
    clipped: list[Box] = []
    for box in boxes:
        try:
            clipped.append(_clip(box, image.size))
        except ValueError:
            continue
    if not clipped:
        raise ValueError("no area inside the picture")
    if style == "blur":
        for box in clipped:
            region = image.crop(box)
            w, h = region.size
            small = region.resize((max(1, w // 24), max(1, h // 24)), Image.Resampling.BILINEAR)
            coarse = small.resize((w, h), Image.Resampling.NEAREST)
            image.paste(coarse.filter(ImageFilter.GaussianBlur(radius=max(4, min(w, h) // 10))), box)
    else:
        draw = ImageDraw.Draw(image)
        for box in clipped:
            draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=(0, 0, 0))
    return _png(image), clipped
