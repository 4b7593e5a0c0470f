"""Drawing helpers for the demo's synthetic screenshots: fonts, wrapped text, small vector icons, the DEMO ribbon."""

from __future__ import annotations

import logging
import math
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

RGB = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
_SYSTEM_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSerif-BoldItalic.ttf"}


def _font_path(style: str) -> Path | None:
    """Our bundled DejaVu first, then the system's; None when neither is there."""
    name = _FILES[style]
    candidates: list[Path] = []
    try:
        from evidence_kit.resources_path import resource

        candidates.append(resource("fonts", name))
    except FileNotFoundError:
        pass
    candidates.append(_SYSTEM_DEJAVU / name)
    if style == "italic":  # only the system has the serif italic; the bold sans is a fine stand-in
        candidates.append(_SYSTEM_DEJAVU / _FILES["bold"])
    for path in candidates:
        if path.is_file():
            return path
    return None


@cache
def font(size: int, style: str = "regular") -> Font:
    """A DejaVu font at ``size`` pixels; Pillow's built-in font when none is installed, so drawing never fails."""
    path = _font_path(style)
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            log.debug("font %s unreadable", path.name)
    return ImageFont.load_default(size=size)


def text_width(draw: ImageDraw.ImageDraw, text: str, fnt: Font) -> int:
    return int(math.ceil(draw.textlength(text, font=fnt)))


def wrap(draw: ImageDraw.ImageDraw, text: str, fnt: Font, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; words longer than a line (addresses) are cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if text_width(draw, candidate, fnt) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            while text_width(draw, word, fnt) > width:
                cut = len(word)
                while cut > 1 and text_width(draw, word[:cut], fnt) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def line_height(fnt: Font) -> int:
    ascent, descent = fnt.getmetrics() if isinstance(fnt, ImageFont.FreeTypeFont) else (10, 2)
    return int((ascent + descent) * 1.12)


# --- icons (drawn, so the pictures need no image files) ---------------------------------


def status_bar(draw: ImageDraw.ImageDraw, width: int, height: int, time_text: str, ink: RGB, battery: int) -> None:
    """A phone status bar: the time on the left; signal, Wi-Fi and battery on the right."""
    fnt = font(int(height * 0.5), "bold")
    draw.text((52, height // 2), time_text, font=fnt, fill=ink, anchor="lm")
    right = width - 52
    # battery
    bw, bh = int(height * 0.62), int(height * 0.34)
    top = (height - bh) // 2
    draw.rounded_rectangle((right - bw, top, right, top + bh), radius=6, outline=ink, width=3)
    draw.rectangle((right + 2, top + bh // 3, right + 6, top + 2 * bh // 3), fill=ink)
    level = int((bw - 10) * battery / 100)
    draw.rounded_rectangle((right - bw + 5, top + 5, right - bw + 5 + level, top + bh - 5), radius=3, fill=ink)
    fnt_small = font(int(height * 0.36), "bold")
    draw.text((right - bw - 12, height // 2), f"{battery}", font=fnt_small, fill=ink, anchor="rm")
    right -= bw + 12 + text_width(draw, f"{battery}", fnt_small) + 28
    # Wi-Fi: three arcs and a dot
    cx, cy = right - 24, int(height * 0.72)
    for radius in (10, 20, 30):
        draw.arc((cx - radius, cy - radius, cx + radius, cy + radius), 225, 315, fill=ink, width=5)
    draw.ellipse((cx - 4, cy - 4, cx + 4, cy + 4), fill=ink)
    right -= 70
    # signal bars
    for index in range(4):
        bar_h = int(height * 0.14 * (index + 1))
        x = right - 4 * 12 + index * 12
        draw.rectangle((x, int(height * 0.72) - bar_h, x + 7, int(height * 0.72)), fill=ink)


def back_arrow(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, ink: RGB, width: int = 6) -> None:
    draw.line((x, y, x + size, y), fill=ink, width=width)
    draw.line((x, y, x + size // 2, y - size // 2), fill=ink, width=width)
    draw.line((x, y, x + size // 2, y + size // 2), fill=ink, width=width)


def chevron_left(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, ink: RGB, width: int = 6) -> None:
    draw.line((x + size // 2, y - size // 2, x, y, x + size // 2, y + size // 2), fill=ink, width=width, joint="curve")


def video_icon(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, ink: RGB, outline: bool = False) -> None:
    """A video camera: a body and a lens cone, ``(x, y)`` its centre."""
    w, h = int(size * 0.62), int(size * 0.5)
    body = (x - size // 2, y - h // 2, x - size // 2 + w, y + h // 2)
    cone = [(body[2] + 4, y - 2), (x + size // 2, y - h // 2), (x + size // 2, y + h // 2), (body[2] + 4, y + 2)]
    if outline:
        draw.rounded_rectangle(body, radius=size // 8, outline=ink, width=5)
        draw.polygon(cone, outline=ink, width=5)
    else:
        draw.rounded_rectangle(body, radius=size // 10, fill=ink)
        draw.polygon(cone, fill=ink)


def phone_icon(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, ink: RGB, width: int = 9) -> None:
    """A telephone handset: a thick arc with rounded ends."""
    r = size // 2
    # The curve runs round the lower left; the ear and mouth pieces are the thick ends.
    draw.arc((x - r, y - r, x + r, y + r), 65, 205, fill=ink, width=width)
    blob = int(width * 1.25)
    for angle in (65, 205):
        px = x + int((r - width // 2) * math.cos(math.radians(angle)))
        py = y + int((r - width // 2) * math.sin(math.radians(angle)))
        draw.ellipse((px - blob, py - blob, px + blob, py + blob), fill=ink)


def dots_vertical(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, ink: RGB) -> None:
    for offset in (-size // 3, 0, size // 3):
        draw.ellipse((x - 5, y + offset - 5, x + 5, y + offset + 5), fill=ink)


def camera_icon(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, ink: RGB, width: int = 5) -> None:
    half = size // 2
    draw.rounded_rectangle(
        (x - half, y - half * 3 // 4, x + half, y + half * 3 // 4), radius=size // 6, outline=ink, width=width
    )
    draw.rectangle((x - size // 6, y - half * 3 // 4 - 6, x + size // 6, y - half * 3 // 4), fill=ink)
    draw.ellipse((x - size // 5, y - size // 5, x + size // 5, y + size // 5), outline=ink, width=width)


def mic_icon(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, ink: RGB) -> None:
    w = size // 4
    draw.rounded_rectangle((x - w // 2, y - size // 2, x + w // 2, y + size // 10), radius=w // 2, fill=ink)
    draw.arc((x - w, y - size // 3, x + w, y + size // 5), 0, 180, fill=ink, width=4)
    draw.line((x, y + size // 5, x, y + size // 2 - 4), fill=ink, width=4)


def smiley_icon(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, ink: RGB) -> None:
    r = size // 2
    draw.ellipse((x - r, y - r, x + r, y + r), outline=ink, width=5)
    draw.ellipse((x - r // 3 - 4, y - r // 4 - 4, x - r // 3 + 4, y - r // 4 + 4), fill=ink)
    draw.ellipse((x + r // 3 - 4, y - r // 4 - 4, x + r // 3 + 4, y - r // 4 + 4), fill=ink)
    draw.arc((x - r // 2, y - r // 3, x + r // 2, y + r // 2), 20, 160, fill=ink, width=5)


def paperclip_icon(image: Image.Image, x: int, y: int, size: int, ink: RGB) -> None:
    """A paper clip, tilted like the one in messengers (drawn upright on a layer, then turned)."""
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    w = size // 3
    left = size // 2 - w // 2
    d.rounded_rectangle((left, 4, left + w, size - 4), radius=w // 2, outline=ink, width=5)
    d.rounded_rectangle(
        (left + w // 4, size // 5, left + 3 * w // 4, size - size // 4), radius=w // 4, outline=ink, width=5
    )
    d.rectangle((left + w // 2 - 2, 0, left + w + 3, size // 3), fill=(0, 0, 0, 0))
    layer = layer.rotate(-40, resample=Image.Resampling.BICUBIC)
    image.paste(layer, (x - size // 2, y - size // 2), layer)


def ticks(draw: ImageDraw.ImageDraw, x: int, y: int, ink: RGB, double: bool = True) -> int:
    """WhatsApp's read marks ending at ``x``; returns their width."""
    width = 44 if double else 28
    left = x - width
    draw.line((left, y, left + 8, y + 9, left + 24, y - 10), fill=ink, width=4, joint="curve")
    if double:
        draw.line((left + 16, y + 9, left + 34, y - 10), fill=ink, width=4)
    return width


def avatar(
    image: Image.Image, box: tuple[int, int, int, int], top: RGB, bottom: RGB, ring: list[RGB] | None = None
) -> None:
    """A round profile picture: a soft gradient with a head-and-shoulders shape, never a real face."""
    x0, y0, x1, y1 = box
    size = x1 - x0
    pad = 0
    if ring:
        ring_layer = gradient((size, size), ring, diagonal=True)
        mask = Image.new("L", (size, size), 0)
        ImageDraw.Draw(mask).ellipse((0, 0, size - 1, size - 1), fill=255)
        image.paste(ring_layer, (x0, y0), mask)
        white = Image.new("L", (size, size), 0)
        pad = max(4, size // 22)
        ImageDraw.Draw(white).ellipse((pad, pad, size - pad - 1, size - pad - 1), fill=255)
        image.paste((255, 255, 255), (x0, y0), white)
        pad *= 2
    inner = size - 2 * pad
    face = gradient((inner, inner), [top, bottom])
    d = ImageDraw.Draw(face)
    shade = tuple(min(255, c + 40) for c in bottom)
    hair = tuple(max(0, c - 70) for c in top)
    skin = tuple(min(255, c + 25) for c in top)
    d.rounded_rectangle((inner * 0.25, inner * 0.14, inner * 0.75, inner * 0.78), radius=int(inner * 0.24), fill=hair)
    d.ellipse((inner * 0.12, inner * 0.64, inner * 0.88, inner * 1.35), fill=shade)  # shoulders
    d.ellipse((inner * 0.35, inner * 0.24, inner * 0.65, inner * 0.6), fill=skin)  # face, no features
    mask = Image.new("L", (inner, inner), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, inner - 1, inner - 1), fill=255)
    image.paste(face, (x0 + pad, y0 + pad), mask)


def gradient(size: tuple[int, int], colors: list[RGB], diagonal: bool = False) -> Image.Image:
    """A smooth gradient through ``colors``, top to bottom (or corner to corner)."""
    width, height = size
    steps = 256
    strip = Image.new("RGB", (1, steps))
    for index in range(steps):
        position = index / (steps - 1) * (len(colors) - 1)
        low = min(int(position), len(colors) - 2) if len(colors) > 1 else 0
        frac = position - low
        a, b = colors[low], colors[min(low + 1, len(colors) - 1)]
        strip.putpixel((0, index), tuple(int(a[c] + (b[c] - a[c]) * frac) for c in range(3)))
    if diagonal:
        side = int(math.hypot(width, height)) + 2
        square = strip.resize((side, side), Image.Resampling.BILINEAR).rotate(45, resample=Image.Resampling.BICUBIC)
        left = (side - width) // 2
        top = (side - height) // 2
        return square.crop((left, top, left + width, top + height))
    return strip.resize((width, height), Image.Resampling.BILINEAR)


def demo_ribbon(image: Image.Image, label: str, band: int | None = None) -> None:
    """A red band across the top-right corner saying the picture is an example, so nobody takes it for a real case."""
    width, height = image.size
    band = band or max(90, min(width, height) // 9)
    fnt = font(int(band * 0.46), "bold")
    length = int(band * 7.5)
    layer = Image.new("RGBA", (length, band), (198, 40, 40, 235))
    d = ImageDraw.Draw(layer)
    d.line((0, 6, length, 6), fill=(255, 255, 255, 200), width=3)
    d.line((0, band - 7, length, band - 7), fill=(255, 255, 255, 200), width=3)
    d.text((length // 2, band // 2), label, font=fnt, fill=(255, 255, 255, 255), anchor="mm")
    turned = layer.rotate(-45, expand=True, resample=Image.Resampling.BICUBIC)
    # Centre the band on the corner's diagonal, about a band and a half in from the corner.
    offset = int(band * 2.3)
    cx, cy = width - offset, offset
    image.paste(turned, (cx - turned.width // 2, cy - turned.height // 2), turned)
