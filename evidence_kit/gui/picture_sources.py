"""Pictures the window takes (screens, clipboard) as the capture jobs' ``PictureSource``: encoded in the worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QImage


@dataclass(frozen=True)
class ScreenShots:
    """The screens grabbed by the window, composed and encoded in the worker (a ``PictureSource``)."""

    shots: Any

    def png(self) -> bytes | None:
        from evidence_kit.gui.widgets.screen_grab import compose, encode_png, is_blank

        image = compose(self.shots)
        return None if is_blank(image) else encode_png(image)

    def screens(self) -> list[dict[str, Any]]:
        return [shot.describe() for shot in self.shots]


@dataclass(frozen=True)
class ClipboardImage:
    """A picture pasted as an image rather than as PNG bytes (a ``PictureSource``)."""

    image: QImage

    def png(self) -> bytes | None:
        from evidence_kit.gui.widgets.screen_grab import encode_png

        return encode_png(self.image)

    def screens(self) -> list[dict[str, Any]]:
        return []
