"""The acceptance check of screenshot reading, through the real command line.

Phone-sized PNGs (1080x2400) drawn with DejaVu Sans, one light and one dark, each holding a French threat with
accents, a payment demand in PCS coupons, a Bitcoin address and an IBAN written in groups of four, are added to
a case and read with ``evidence-kit read CASE ID --json``: the address and the IBAN must come back exactly and
the words with their accents. The expected values are the ones drawn.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli
from PIL import Image, ImageDraw

from evidence_kit.demo.draw import font, wrap

BITCOIN = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"  # a public example address (bech32, valid checksum)
IBAN_GROUPS = "FR76 3000 6000 0112 3456 7890 189"
IBAN = IBAN_GROUPS.replace(" ", "")
MESSAGES = [
    "Si tu ne paies pas avant ce soir, j'envoie tes photos à toute ta famille et à tes amis du collège.",
    "Achète deux coupons PCS de 100 € au bureau de tabac et envoie-moi les codes.",
    "Sinon, paie en Bitcoin sur cette adresse :",
    BITCOIN,
    "Ou fais un virement sur cet IBAN :",
    IBAN_GROUPS,
    "Dernière chance. Réfléchis bien, ça va très mal finir pour toi.",
]
WORDS = ["paies", "envoie", "photos", "famille", "collège", "Achète", "coupons", "PCS", "100", "Dernière",
         "Réfléchis", "ça", "très"]  # fmt: skip


def draw_threat(path: Path, dark: bool) -> None:
    background, bubble, ink = ((0, 0, 0), (38, 38, 38), (240, 240, 240)) if dark else (
        (255, 255, 255), (239, 239, 239), (10, 10, 10))  # fmt: skip
    image = Image.new("RGB", (1080, 2400), background)
    draw = ImageDraw.Draw(image)
    text_font = font(42)
    draw.text((60, 120), "Inconnu_2009", font=font(48, "bold"), fill=ink)
    y = 300
    for message in MESSAGES:
        lines = wrap(draw, message, text_font, 880)
        height = 52 * len(lines) + 40
        draw.rounded_rectangle((40, y, 1040, y + height), radius=36, fill=bubble)
        for number, line in enumerate(lines):
            draw.text((76, y + 20 + 52 * number), line, font=text_font, fill=ink)
        y += height + 30
    image.save(path)


@pytest.fixture(scope="module")
def read_back(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    folder = tmp_path_factory.mktemp("ocr-cli")
    case = folder / "case"
    assert run_cli("case", "create", str(case)).returncode == 0
    results = {}
    for name, dark in (("light", False), ("dark", True)):
        picture = folder / f"threat-{name}.png"
        draw_threat(picture, dark)
        added = run_cli("add", str(case), str(picture), "--kind", "threat")
        assert added.returncode == 0, added.stderr
        item_id = added.stdout.split()[0]
        done = run_cli("read", str(case), item_id, "--json")
        assert done.returncode == 0, done.stderr
        [reading] = json.loads(done.stdout)
        assert reading["id"] == item_id
        results[name] = reading
    return results


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_address_and_iban_come_back_exactly(read_back: dict[str, dict[str, object]], theme: str) -> None:
    identifiers = {(i["kind"], i["value"]) for i in read_back[theme]["identifiers"]}  # type: ignore[union-attr]
    assert ("crypto", BITCOIN) in identifiers
    assert ("iban", IBAN) in identifiers


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_words_are_read_with_their_accents(read_back: dict[str, dict[str, object]], theme: str) -> None:
    text = str(read_back[theme]["text"])
    missing = [word for word in WORDS if word not in text]
    assert not missing, text


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_threat_and_payment_are_flagged(read_back: dict[str, dict[str, object]], theme: str) -> None:
    kinds = {k for flag in read_back[theme]["flags"] for k in flag["kinds"]}  # type: ignore[union-attr]
    assert {"threat", "payment_demand", "payment_method"} <= kinds


def test_text_output_says_the_text_was_read_automatically(tmp_path: Path) -> None:
    case = tmp_path / "case"
    run_cli("case", "create", str(case))
    picture = tmp_path / "threat.png"
    draw_threat(picture, dark=False)
    run_cli("add", str(case), str(picture))
    done = run_cli("read", str(case), "--lang", "fr")
    assert done.returncode == 0, done.stderr
    assert "lu automatiquement, peut contenir des erreurs" in done.stdout
    assert BITCOIN in done.stdout
    again = run_cli("read", str(case), "--lang", "en")
    assert "already been read" in again.stdout


def test_an_intimate_item_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "case"
    run_cli("case", "create", str(case))
    from helpers import PASSPHRASE

    from evidence_kit.core.case import Case

    picture = tmp_path / "threat.png"
    draw_threat(picture, dark=True)
    with Case.open(case, passphrase=PASSPHRASE) as opened:
        item = opened.record_intimate_image(picture, "described only")
    done = run_cli("read", str(case), item.id, "--json", "--lang", "en")
    assert done.returncode == 4
    assert json.loads(done.stdout) == []
    assert "never read" in done.stderr


def test_accepting_on_the_command_line_records_the_identifiers(tmp_path: Path) -> None:
    case = tmp_path / "case"
    run_cli("case", "create", str(case))
    picture = tmp_path / "threat.png"
    draw_threat(picture, dark=False)
    item_id = run_cli("add", str(case), str(picture)).stdout.split()[0]
    done = run_cli("read", str(case), item_id, "--json", "--accept-identifiers", "--accept-flags")
    assert done.returncode == 0, done.stderr
    [reading] = json.loads(done.stdout)
    accepted = {i["value"]: i for i in reading["identifiers"]}
    assert accepted[BITCOIN]["status"] == accepted[IBAN]["status"] == "accepted"
    assert accepted[BITCOIN]["record_id"] and accepted[IBAN]["record_id"]
    assert {f["status"] for f in reading["flags"]} == {"accepted"}
    log = run_cli("log", str(case)).stdout
    assert accepted[BITCOIN]["record_id"] in log
