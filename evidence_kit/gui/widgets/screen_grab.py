"""Capturing every screen into one picture, and telling a real capture from a blank one.

``grab_screens`` must run in the GUI thread (it uses QScreen); ``compose`` and
``encode_png`` work on QImages only and run in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter


@dataclass
class ScreenShot:
    name: str
    geometry: QRect  # in the desktop's logical coordinates
    ratio: float  # device pixels per logical pixel
    image: QImage  # null when the system refused

    def describe(self) -> dict[str, Any]:
        g = self.geometry
        return {
            "name": self.name,
            "x": g.x(),
            "y": g.y(),
            "width": g.width(),
            "height": g.height(),
            "device_pixel_ratio": self.ratio,
            "pixels": [self.image.width(), self.image.height()],
        }


def grab_screens() -> list[ScreenShot]:
    """One picture per screen, as the system gives it (GUI thread only)."""
    shots = []
    for screen in QGuiApplication.screens():
        pixmap = screen.grabWindow(0)
        shots.append(ScreenShot(screen.name(), screen.geometry(), screen.devicePixelRatio(), pixmap.toImage()))
    return shots


def compose(shots: list[ScreenShot]) -> QImage:
    """All screens side by side as they are arranged, at the sharpest screen's pixel density."""
    usable = [s for s in shots if not s.image.isNull()]
    if not usable:
        return QImage()
    if len(usable) == 1:
        return usable[0].image.convertToFormat(QImage.Format.Format_RGB32)
    bounds = QRect()
    for shot in usable:
        bounds = bounds.united(shot.geometry)
    ratio = max(s.ratio for s in usable)
    canvas = QImage(int(bounds.width() * ratio), int(bounds.height() * ratio), QImage.Format.Format_RGB32)
    canvas.fill(QColor(0, 0, 0))
    painter = QPainter(canvas)
    for shot in usable:
        offset = shot.geometry.topLeft() - bounds.topLeft()
        target = QRect(
            QPoint(int(offset.x() * ratio), int(offset.y() * ratio)),
            shot.geometry.size() * ratio,
        )
        painter.drawImage(target, shot.image)
    painter.end()
    return canvas


def is_blank(image: QImage) -> bool:
    """True for an empty picture or one of a single colour: what a refused capture looks like."""
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return True
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(rgb.constBits())[: rgb.bytesPerLine() * rgb.height()]
    first = data[:4]
    # Format_RGB32 rows are 4-byte pixels with no padding; the alpha byte is always 0xff.
    return data == first * (len(data) // 4)


def encode_png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ValueError("the picture could not be encoded")
    buffer.close()
    return bytes(data.data())
