"""Text read from screenshots, in the dossier's text layer: under each picture read, small and labelled, so an
investigator can search and copy an address; never for an intimate item."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from evidence_kit.core.case import Case
from evidence_kit.demo.draw import font
from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier
from evidence_kit.ocr.reading import read_item

sys.path.insert(0, str(Path(__file__).parent))
from test_ocr_cli import BITCOIN, IBAN_GROUPS, draw_threat  # noqa: E402

PASSWORD = "correct-dossier-password"
SECRET = "Mot de passe Zanzibar"  # drawn on a picture the person later marks intimate


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-upw", PASSWORD, str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def test_text_read_from_a_screenshot_is_searchable_and_labelled(case: Case, tmp_path: Path) -> None:
    shot = tmp_path / "threat.png"
    draw_threat(shot, dark=False)
    threat = case.add_file(shot).item
    read_item(case, threat.id)

    private = tmp_path / "private.png"
    picture = Image.new("RGB", (900, 300), (255, 255, 255))
    ImageDraw.Draw(picture).text((40, 120), SECRET, font=font(48), fill=(0, 0, 0))
    picture.save(private)
    intimate = case.add_file(private).item
    assert "Zanzibar" in read_item(case, intimate.id).text  # read before the person marked it
    case.mark_intimate(intimate.id, purge=False)  # the picture kept: the reading must still never show

    english = export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "en.pdf", lang="en", password=PASSWORD))
    text = _text(english.path)
    assert "read automatically, may contain errors" in text
    assert BITCOIN in text.split()  # the whole address, on one line, as the checksum gives it
    assert IBAN_GROUPS in text or IBAN_GROUPS.replace(" ", "") in text
    assert "Réfléchis" in text and "collège" in text  # the words as read, accents included
    assert "Zanzibar" not in text  # an intimate item's reading is never shown

    french = export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "fr.pdf", lang="fr", password=PASSWORD))
    assert "lu automatiquement, peut contenir des erreurs" in _text(french.path)
