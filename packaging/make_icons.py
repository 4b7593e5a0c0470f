"""Renders the application icon (resources/icons/evidence-kit.svg) to PNGs, a Windows .ico and a macOS .icns."""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "evidence-kit.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL = 32  # below this size the text lines of the document are dropped: they would only blur
_DETAIL = re.compile(r'<g id="detail".*?</g>', re.DOTALL)


def png_name(size: int) -> str:
    return f"evidence-kit-{size}.png"


def render_png(size: int, svg_text: str | None = None) -> bytes:
    """One square PNG of the icon, drawn by Qt's SVG renderer (no X server needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it alive
    text = svg_text if svg_text is not None else SVG.read_text(encoding="utf-8")
    if size < SMALL:
        text = _DETAIL.sub("", text)
    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError(f"{SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 wants str
    return bytes(buffer.data().data())


def write_pngs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        path = folder / png_name(size)
        path.write_bytes(render_png(size))
        written.append(path)
    return written


def write_ico(png_folder: Path, out: Path) -> Path:
    """A multi-size .ico from the PNGs (each size drawn for itself, not scaled down from 256)."""
    from PIL import Image

    images = [Image.open(png_folder / png_name(size)).convert("RGBA") for size in ICO_SIZES]
    images[-1].save(out, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    return out


def write_icns(png_folder: Path, out: Path) -> Path:
    from PIL import Image

    largest = Image.open(png_folder / png_name(512)).convert("RGBA")
    smaller = [Image.open(png_folder / png_name(s)).convert("RGBA") for s in (16, 32, 64, 128, 256)]
    buffer = io.BytesIO()
    largest.save(buffer, format="ICNS", append_images=smaller)
    out.write_bytes(buffer.getvalue())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=SVG.parent, help="folder for the PNGs (default: beside the SVG)")
    args = parser.parse_args()
    for path in write_pngs(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
