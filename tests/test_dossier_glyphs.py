"""Emoji and other characters the dossier's font lacks are printed as their names, never as a wrong glyph."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from evidence_kit.dossier.render import esc, register_fonts


def test_text_the_font_cannot_draw_is_named() -> None:
    assert esc("Salut 😊 Ελένη Жанна café <b>") == ("Salut [smiling face with smiling eyes] Ελένη Жанна café &lt;b&gt;")
    assert esc("👍🏽") == "[thumbs up sign]"  # the skin-tone modifier only shapes the emoji
    assert esc("❤️") == "❤"  # in the font: kept, its variation selector dropped


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_a_pdf_reader_reads_the_names_not_truncated_code_points(tmp_path: Path) -> None:
    register_fonts()
    out = tmp_path / "emoji.pdf"
    style = ParagraphStyle("t", fontName="EkSans", fontSize=10)
    SimpleDocTemplate(str(out)).build([Paragraph(esc("Tu as 24h 😈 sinon 🔪"), style)])
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Tu as 24h [smiling face with horns] sinon [hocho]" in " ".join(text.split())
    assert "\u1f60" not in text and "\u1f52" not in text  # what reportlab made of U+1F608 and U+1F52A
