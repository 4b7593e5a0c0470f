"""RapidOCR (PP-OCR models run by ONNX Runtime): measured against Tesseract, usable when installed, not shipped.

Its wheel carries multilingual PP-OCRv6 detection and recognition models (French accents come out), but it reads a
phone screenshot in several seconds with about 700 MiB of memory here, and ONNX Runtime and OpenCV add about 250 MB
to an installation: see README.md, "Reading screenshots".
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PIL import Image

from evidence_kit.ocr.engine import OcrEngine, OcrText


# Loaded by name, not by an import statement, so the installer builder (which follows import statements) does not
# pack RapidOCR, ONNX Runtime and OpenCV (about 300 MB) for an engine the program does not ship.
def _load(module: str) -> Any:
    return importlib.import_module(module)


def _models_dir() -> Path:
    return Path(_load("rapidocr").__file__).resolve().parent / "models"


class RapidOcrEngine(OcrEngine):
    name = "rapidocr"

    def __init__(self) -> None:
        super().__init__()
        self._engine: Any = _load("rapidocr").RapidOCR(params={"Global.log_level": "error"})

    @classmethod
    def available(cls) -> bool:
        try:
            _load("onnxruntime")
            _load("rapidocr")
        except ImportError:
            return False
        return any(_models_dir().glob("*.onnx"))

    def version(self) -> str:
        from importlib.metadata import version

        return f"rapidocr {version('rapidocr')}, onnxruntime {version('onnxruntime')}"

    def model_files(self) -> list[Path]:
        return sorted(_models_dir().glob("*.onnx"))

    def _recognise(self, image: Image.Image) -> OcrText:
        np = _load("numpy")
        # RapidOCR takes OpenCV's BGR order.
        result = self._engine(np.asarray(image)[:, :, ::-1])
        boxes = list(result.boxes) if result.boxes is not None else []
        texts = list(result.txts or ())
        return OcrText(_paragraphs(boxes, texts))


def _paragraphs(boxes: list[Any], texts: list[str]) -> str:
    """Lines in reading order, with a blank line where the vertical gap is wider than a line (a new bubble)."""
    out: list[str] = []
    previous_bottom = None
    previous_height = 0.0
    for box, text in zip(boxes, texts, strict=False):
        top = float(min(p[1] for p in box))
        bottom = float(max(p[1] for p in box))
        if previous_bottom is not None and top - previous_bottom > 0.6 * max(previous_height, bottom - top):
            out.append("")
        out.append(text)
        previous_bottom, previous_height = bottom, bottom - top
    return "\n".join(out)
