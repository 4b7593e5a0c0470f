"""Tesseract (through tesserocr, whose wheel carries libtesseract) with the French and English models we ship."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, ImageStat

from evidence_kit.ocr.engine import OcrEngine
from evidence_kit.resources_path import resource

_DARK = 110  # mean grey level under which a screenshot is in a dark theme: white text on black reads better inverted


def tessdata_dir() -> Path:
    return resource("ocr", "tessdata")


def prepare(image: Image.Image) -> Image.Image:
    """Grey levels, dark themes turned light (Tesseract's models were trained on dark text on light paper)."""
    grey = image.convert("L")
    if ImageStat.Stat(grey).mean[0] < _DARK:
        grey = ImageOps.invert(grey)
    return grey


class TesseractEngine(OcrEngine):
    name = "tesseract"

    def __init__(self) -> None:
        super().__init__()
        import tesserocr

        self._tesserocr = tesserocr
        # The trailing separator matters to tesserocr's path handling on some platforms.
        self._api: Any = tesserocr.PyTessBaseAPI(
            path=str(tessdata_dir()) + "/",
            lang="+".join(self.languages),
            psm=tesserocr.PSM.AUTO,
            oem=tesserocr.OEM.LSTM_ONLY,
        )

    @classmethod
    def available(cls) -> bool:
        try:
            import tesserocr  # noqa: F401
        except ImportError:
            return False
        try:
            folder = tessdata_dir()
        except FileNotFoundError:
            return False
        return all((folder / f"{lang}.traineddata").is_file() for lang in cls.languages)

    def version(self) -> str:
        return f"tesseract {self._tesserocr.tesseract_version().split()[1]}, tesserocr {self._tesserocr.__version__}"

    def model_files(self) -> list[Path]:
        return [tessdata_dir() / f"{lang}.traineddata" for lang in self.languages]

    def _recognise(self, image: Image.Image) -> str:
        self._api.SetImage(prepare(image))
        text: str = self._api.GetUTF8Text()
        self._api.Clear()
        return text
