"""The tour pictures every page in each voice: fr-tu-…, fr-vous-… and en-…."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")


def test_the_tour_pictures_every_page_in_the_childs_voice_and_the_helpers(qtbot, isolated_dirs, tmp_path) -> None:
    from PySide6.QtGui import QImage

    from evidence_kit.gui.settings import Settings
    from evidence_kit.gui.tour import VOICES, save_tour
    from evidence_kit.gui.window import STEPS

    assert [prefix for _, _, prefix in VOICES] == ["fr-tu", "fr-vous", "en"]
    out = tmp_path / "tour"
    saved = save_tour(out, langs=("fr",), sizes=((1280, 800),))
    names = {path.name for path in saved}
    for prefix in ("fr-tu", "fr-vous"):
        for number, step in enumerate(STEPS, start=1):
            assert f"{prefix}-1280x800-{number}-{step}.png" in names
        assert f"{prefix}-1280x800-2-case-open.png" in names
    assert all(Path(path).is_file() for path in saved)
    # The two voices are different pictures (the texts differ), of the window's size.
    tu, vous = (QImage(str(out / f"{p}-1280x800-2-case.png")) for p in ("fr-tu", "fr-vous"))
    assert tu.width() == vous.width() == 1280 and tu != vous
    assert Settings.load().register == ""  # picturing a voice is not choosing it
