"""Tesseract (through tesserocr, whose wheel carries libtesseract) with the French and English models we ship.

Two passes, chosen by measurement on tests/data/ocr (README.md, "Reading screenshots"): the French model alone
reads the sentences with their accents best (with English added it writes "Derniére" for "Dernière"), while
French and English together read wallet addresses and IBANs best. So the page is read with French, and only the
lines that may hold an identifier are read again with both (English first); the identifier finders' checksums decide.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, ImageStat

from evidence_kit.ocr.engine import OcrEngine, OcrText
from evidence_kit.resources_path import resource

_DARK = 110  # mean grey level under which a screenshot is in a dark theme: white text on black reads better inverted
# A line that may hold a wallet address, an IBAN or a code: a long run of letters and digits, or groups of four.
_IDENTIFIER_LINE = re.compile(r"[A-Za-z0-9|/\]]{12,}|\b[A-Z0-9]{4}(?: [A-Z0-9|]{2,4}){2,}")
_PAD = 20


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
    languages = ("fra", "eng")

    def __init__(self) -> None:
        super().__init__()
        import tesserocr

        self._tesserocr = tesserocr
        path = str(tessdata_dir()) + "/"  # tesserocr wants the separator at the end on some platforms
        self._page: Any = tesserocr.PyTessBaseAPI(
            path=path, lang="fra", psm=tesserocr.PSM.AUTO, oem=tesserocr.OEM.LSTM_ONLY
        )
        self._lines: Any = tesserocr.PyTessBaseAPI(
            path=path, lang="eng+fra", psm=tesserocr.PSM.SINGLE_BLOCK, oem=tesserocr.OEM.LSTM_ONLY
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

    def _recognise(self, image: Image.Image) -> OcrText:
        grey = prepare(image)
        self._page.SetImage(grey)
        text: str = self._page.GetUTF8Text()
        boxes = self._identifier_boxes()
        self._page.Clear()
        alternates = []
        if boxes:
            self._lines.SetImage(grey)
            for left, top, right, bottom in boxes:
                x0, y0 = max(0, left - _PAD), max(0, top - _PAD)
                x1, y1 = min(grey.width, right + _PAD), min(grey.height, bottom + _PAD)
                self._lines.SetRectangle(x0, y0, x1 - x0, y1 - y0)
                alternates.append(self._lines.GetUTF8Text().strip())
            self._lines.Clear()
        return OcrText(text, tuple(a for a in alternates if a))

    def _identifier_boxes(self) -> list[tuple[int, int, int, int]]:
        """The boxes of the lines that may hold an identifier, each with the next line when it is one word (the
        end of an address cut by the bubble's width)."""
        level = self._tesserocr.RIL.TEXTLINE
        lines: list[tuple[str, tuple[int, int, int, int]]] = []
        iterator = self._page.GetIterator()
        for result in self._tesserocr.iterate_level(iterator, level):
            box = result.BoundingBox(level)
            if box is not None:
                lines.append(((result.GetUTF8Text(level) or "").strip(), box))
        boxes = []
        for index, (line, box) in enumerate(lines):
            if not _IDENTIFIER_LINE.search(line):
                continue
            if index + 1 < len(lines) and " " not in lines[index + 1][0] and lines[index + 1][0]:
                following = lines[index + 1][1]
                box = (min(box[0], following[0]), box[1], max(box[2], following[2]), following[3])
            boxes.append(box)
        return boxes
