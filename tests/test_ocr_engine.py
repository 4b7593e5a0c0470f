"""Every text-recognition engine installed here honours one contract; the shipped one is the default."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from evidence_kit.demo.draw import font
from evidence_kit.ocr.engine import DEFAULT_ENGINE, OcrUnavailable, available_engines, engine_names, get_engine
from evidence_kit.ocr.tesseract import tessdata_dir

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Dernière chance : réfléchis bien, ça coûte 150 €."


def _picture(dark: bool) -> Image.Image:
    image = Image.new("RGB", (1080, 300), (0, 0, 0) if dark else (255, 255, 255))
    ImageDraw.Draw(image).text((40, 120), SENTENCE, font=font(40), fill=(240, 240, 240) if dark else (20, 20, 20))
    return image


def test_the_shipped_engine_is_the_default_and_installed() -> None:
    assert DEFAULT_ENGINE == "tesseract"
    assert DEFAULT_ENGINE in engine_names()
    assert DEFAULT_ENGINE in available_engines()


def test_an_unknown_engine_is_a_usage_error() -> None:
    from evidence_kit.core.errors import UsageError

    with pytest.raises(UsageError):
        get_engine("no-such-engine")


def test_shipped_models_match_their_recorded_hashes() -> None:
    table = (tessdata_dir() / "README.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"`(\w+\.traineddata)` \| `([0-9a-f]{64})`", table))
    assert set(recorded) == {"fra.traineddata", "eng.traineddata"}
    for name, digest in recorded.items():
        assert hashlib.sha256((tessdata_dir() / name).read_bytes()).hexdigest() == digest
    assert get_engine().provenance().models == recorded


# The shipped engine runs in every test run; the others (heavier, not shipped) with the slow tests.
ENGINES = [n if n == DEFAULT_ENGINE else pytest.param(n, marks=pytest.mark.slow) for n in available_engines()]


@pytest.mark.parametrize("name", ENGINES)
class TestEngineContract:
    """One class run over every engine available here (RapidOCR only where it is installed)."""

    def test_reads_french_with_accents_on_light_and_dark(self, name: str) -> None:
        engine = get_engine(name)
        for dark in (False, True):
            text = engine.read(_picture(dark)).text
            for word in ("Dernière", "chance", "réfléchis", "ça", "150"):
                assert word in text, (dark, text)

    def test_provenance_names_engine_version_and_model_hashes(self, name: str) -> None:
        provenance = get_engine(name).provenance()
        assert provenance.engine == name
        assert provenance.version
        assert provenance.models and all(re.fullmatch(r"[0-9a-f]{64}", d) for d in provenance.models.values())

    def test_one_instance_per_process(self, name: str) -> None:
        assert get_engine(name) is get_engine(name)


def test_missing_engine_library_is_reported_not_raised_as_import_error() -> None:
    from evidence_kit.ocr import engine as registry

    def broken() -> type:
        raise ImportError("not installed")

    registry.register_engine("broken-for-test", broken)
    try:
        with pytest.raises(OcrUnavailable):
            get_engine("broken-for-test")
        assert "broken-for-test" not in available_engines()
    finally:
        registry._REGISTRY.pop("broken-for-test")
