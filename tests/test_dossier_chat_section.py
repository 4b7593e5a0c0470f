"""The dossier's transcript section as a reader sees it: which export, its fingerprint, the clock, the flags."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from evidence_kit.chat.importer import confirm_flags, import_chat
from evidence_kit.core.case import Case
from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier

DATA = Path(__file__).parent / "data" / "chat"
LUCAS = DATA / "Discussion WhatsApp avec Lucas.txt"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, check=False)


def _export_text(case: Case, out: Path, lang: str) -> tuple[str, Path, str]:
    result = export_dossier(case, ExportOptions(Recipient.POLICE, out, lang=lang))
    text = _run("pdftotext", "-upw", result.password, str(result.path), "-").stdout
    return text, result.path, result.password


def _section(text: str, title: str) -> str:
    """The dossier's text from the transcript section on, spaces and line breaks made single."""
    return " ".join(text[text.index(title) :].split())


def test_each_export_is_named_fingerprinted_and_its_flags_marked(case: Case, tmp_path: Path) -> None:
    record = import_chat(case, LUCAS, scammer="Lucas", time_zone="Europe/Paris")
    threat = next(f for f in record.flags if f.message_index == 5)
    confirm_flags(case, record.transcript_id, [threat.id])
    text, pdf, password = _export_text(case, tmp_path / "dossier.pdf", "fr")
    section = _section(text, "Messages signalés dans les conversations importées")
    flat = re.sub(r"\s+", "", section)
    assert "DiscussionWhatsAppavecLucas.txt" in flat
    assert record.sha256 in flat  # the whole fingerprint, in its four groups
    assert record.item_id in section
    assert "Lucas (désigné par la personne)" in section
    assert "13 messages dans l'export" in section
    assert "Fuseau retenu : Europe/Paris, indiqué par la personne" in section
    # The flagged threat, the phone's time as written (22:05, not shifted to UTC), confirmed vs. only proposed.
    assert "Si tu ne paies pas 300€" in section and "14/03/2024 22:05 UTC" in section
    from tests.test_dossier_truth import times_without_offset

    assert times_without_offset(section) == [], "every message time carries its offset"
    assert "Signalé (menace" in section and "confirmé par la personne" in section
    assert "Repéré par le logiciel" in section and "non confirmé" in section
    assert "[…]" in section  # messages left out between two passages
    assert "Fichier joint : IMG-20240313-WA0003.jpg" in section
    pages = tmp_path / "pages"
    pages.mkdir()
    assert _run("pdftoppm", "-upw", password, "-r", "60", "-png", str(pdf), str(pages / "p")).returncode == 0


def test_english_dossier_and_the_computers_zone(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Brussels")
    import_chat(case, LUCAS)  # scammer proposed, nothing confirmed
    text, _pdf, _password = _export_text(case, tmp_path / "dossier-en.pdf", "en")
    section = _section(text, "Messages flagged in the imported conversations")
    assert "Lucas (proposed by the program, not confirmed)" in section
    assert "Time zone assumed: Europe/Brussels, that of the computer used for the import" in section
    assert "Spotted by the program (threat" in section and "Flagged (" not in section


def test_passages_apart_are_separated_and_counted(case: Case, tmp_path: Path) -> None:
    lines = [f"02/04/2024 10:{minute:02d} - {'Max' if minute % 2 else 'Zoé'}: message {minute}" for minute in range(14)]
    lines[1] = "02/04/2024 10:01 - Max: si tu ne paies pas j'envoie tout à ta famille"
    lines[11] = "02/04/2024 10:11 - Max: envoie 200€ sur paypal"
    export = tmp_path / "WhatsApp Chat with Max.txt"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_chat(case, export, scammer="Max")
    text, _pdf, _password = _export_text(case, tmp_path / "d.pdf", "en")
    section = _section(text, "Messages flagged in the imported conversations")
    # Messages 0-3 and 9-13 are shown: five left out between the two passages, none at either end.
    assert "[…] 5 messages not reproduced" in section and section.count("[…]") == 1
    assert "02/04/2024 10:01 UTC" in section and "message 4" not in section and "message 9" in section
