"""The text-recognition engine interface, and the registry that names the engines and picks the default one."""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from PIL import Image

from evidence_kit.core.errors import UsageError

DEFAULT_ENGINE = "tesseract"  # chosen by measurement: README.md, "Reading screenshots"


class OcrUnavailable(UsageError):
    """The engine asked for is not installed here (or its models are missing)."""

    default_key = "ocr.error.engine_unavailable"


@dataclass(frozen=True)
class Provenance:
    """What read a picture: enough to say which program and which models produced a text."""

    engine: str
    version: str
    models: dict[str, str] = field(default_factory=dict)  # model file name -> SHA-256
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class OcrText:
    """What an engine read: the text, and second readings of the lines that may hold an identifier.

    ``alternates`` come from another pass over those lines only (e.g. another language model): they feed the
    identifier finders, whose checksums decide, and are kept with the reading; ``text`` is what a person reads.
    """

    text: str
    alternates: tuple[str, ...] = ()


class OcrEngine(ABC):
    """One way of turning a picture into text. Subclasses load their models once and may be called from any thread."""

    name: ClassVar[str]
    languages: ClassVar[tuple[str, ...]] = ("fra", "eng")

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one recognition at a time per instance: the libraries are not re-entrant
        self._provenance: Provenance | None = None

    @classmethod
    @abstractmethod
    def available(cls) -> bool:
        """True when the library and the models are installed (never raises)."""

    @abstractmethod
    def version(self) -> str: ...

    @abstractmethod
    def model_files(self) -> list[Path]: ...

    @abstractmethod
    def _recognise(self, image: Image.Image) -> OcrText:
        """The text of an RGB picture, lines separated by newlines, blocks (bubbles) by blank lines."""

    def read(self, image: Image.Image) -> OcrText:
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        with self._lock:
            return self._recognise(rgb)

    def provenance(self) -> Provenance:
        if self._provenance is None:
            models = {path.name: _sha256_file(path) for path in self.model_files()}
            self._provenance = Provenance(self.name, self.version(), models, self.languages)
        return self._provenance


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


_REGISTRY: dict[str, Callable[[], type[OcrEngine]]] = {}
_INSTANCES: dict[str, OcrEngine] = {}
_INSTANCES_LOCK = threading.Lock()


def register_engine(name: str, loader: Callable[[], type[OcrEngine]]) -> None:
    """Name an engine; ``loader`` imports its module only when the engine is used (they pull large libraries)."""
    _REGISTRY[name] = loader


def engine_names() -> list[str]:
    return list(_REGISTRY)


def engine_class(name: str) -> type[OcrEngine]:
    loader = _REGISTRY.get(name)
    if loader is None:
        raise UsageError("ocr.error.unknown_engine", engine=name, engines=", ".join(_REGISTRY))
    try:
        return loader()
    except ImportError:
        raise OcrUnavailable(engine=name) from None


def available_engines() -> list[str]:
    names = []
    for name in _REGISTRY:
        try:
            if engine_class(name).available():
                names.append(name)
        except UsageError:
            continue
    return names


def get_engine(name: str | None = None) -> OcrEngine:
    """The shared instance of an engine (the default one when ``name`` is None): models load once per process."""
    name = name or DEFAULT_ENGINE
    with _INSTANCES_LOCK:
        engine = _INSTANCES.get(name)
        if engine is None:
            cls = engine_class(name)
            if not cls.available():
                raise OcrUnavailable(engine=name)
            engine = _INSTANCES[name] = cls()
        return engine


def _tesseract() -> type[OcrEngine]:
    from evidence_kit.ocr.tesseract import TesseractEngine

    return TesseractEngine


def _rapidocr() -> type[OcrEngine]:
    from evidence_kit.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine


register_engine("tesseract", _tesseract)
register_engine("rapidocr", _rapidocr)
