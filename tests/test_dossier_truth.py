"""Every statement of the dossier as pdftotext reads it: no editing mark, every time with its offset, right plurals.

The demo case is exported for every recipient in both languages and each page's text is scanned; a small
case spanning the change to summer time in Paris checks every printed time against the records it comes from.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import PASSPHRASE, png_bytes

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import (
    Account,
    EvidenceKind,
    Payment,
    PaymentKind,
    PaymentMethod,
    Stage,
    TimelineEvent,
)
from evidence_kit.demo import build_demo_case
from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier
from evidence_kit.i18n import Translator

PARIS = ZoneInfo("Europe/Paris")

# Editing marks and template leftovers that must never reach a reader.
MARKS = re.compile(
    r"à vérifier|\(to check\)|to be checked|TODO|FIXME|XXX|TBD|placeholder|lorem|\{[a-z_]+\}"
    r"|\b(?:dossier|facts|time|knowledge|account)\.[a-z_]+\.[a-z_.]+",
    re.IGNORECASE,
)
# A time of day: "19:12", "19:12:05", "19 h 12".
TIME_OF_DAY = re.compile(r"(?<![\d:+\-])(\d{1,2})(?::| h )(\d{2})(?::(\d{2}))?(?![\d:])")
OFFSET_AFTER = re.compile(r"\s*\(?UTC[+-]\d{2}:\d{2}")


def pdftotext(pdf: Path, password: str) -> str:
    done = subprocess.run(
        ["pdftotext", "-upw", password, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def times_without_offset(text: str) -> list[str]:
    """Every time of day not followed by its UTC offset (the offsets themselves are not times of day)."""
    bare = []
    for match in TIME_OF_DAY.finditer(text):
        before = text[max(0, match.start() - 4) : match.start()]
        if before.endswith(("UTC+", "UTC-")):
            continue
        if not OFFSET_AFTER.match(text, match.end()):
            bare.append(text[max(0, match.start() - 30) : match.end() + 15])
    return bare


PDFS: dict[tuple[str, str], tuple[Path, str]] = {}  # the demo dossiers and their passwords


@pytest.fixture(scope="module")
def demo_texts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], str]]:
    texts: dict[tuple[str, str], str] = {}
    for lang in ("fr", "en"):
        folder = tmp_path_factory.mktemp(f"demo-{lang}")
        case = build_demo_case(folder / "case", PASSPHRASE, lang, kdf=KdfParams.for_tests())
        try:
            for recipient in Recipient:
                out = folder / f"{recipient.value}.pdf"
                result = export_dossier(case, ExportOptions(recipient, out, lang=lang))
                texts[(lang, recipient.value)] = pdftotext(out, result.password)
                PDFS[(lang, recipient.value)] = (out, result.password)
        finally:
            case.close()
    yield texts


def test_no_editing_mark_reaches_any_page_of_any_recipient(demo_texts: dict[tuple[str, str], str]) -> None:
    assert len(demo_texts) == 6
    for (lang, recipient), text in demo_texts.items():
        found = [m.group(0) for m in MARKS.finditer(text)]
        assert not found, (lang, recipient, found)
        # The 3018 and the emergency numbers are verified facts; a helpline from a weaker source is left out.
        assert "3018" in text


def test_every_time_of_day_carries_its_utc_offset(demo_texts: dict[tuple[str, str], str]) -> None:
    for (lang, recipient), text in demo_texts.items():
        assert TIME_OF_DAY.search(text), "the demo dossier prints times"
        assert times_without_offset(text) == [], (lang, recipient)


def test_demo_counts_agree_between_cover_summary_and_account_of_the_facts(
    demo_texts: dict[tuple[str, str], str],
) -> None:
    # Read from the demo's story: 4 originals (profile capture, 3 imported screenshots), 1 redacted copy,
    # 1 intimate record; Instagram and WhatsApp accounts of the scammer, 1 of the victim; 2 demands, 1 payment.
    fr = demo_texts[("fr", "police")]
    flat = " ".join(fr.split())
    assert (
        "4 éléments de preuve, 1 copie recadrée ou masquée, 1 image intime enregistrée par sa seule empreinte" in flat
    )
    assert "2 comptes de l'auteur, 1 compte de la victime" in flat
    assert "2 demandes d'argent, 1 paiement" in flat
    assert "4 preuves sont conservées" in flat
    assert "avec une demande d'argent" in flat
    # The WhatsApp account by its phone number, the Instagram one by its @username and numeric id.
    assert "WhatsApp : +33 6 39 98 41 27" in flat
    assert "Instagram : @jade.exemple_ · id 60491827350" in flat
    assert "WhatsApp : Jade" not in flat
    en = " ".join(demo_texts[("en", "police")].split())
    assert "4 evidence items, 1 cropped or redacted copy, 1 intimate image recorded by its fingerprint only" in en
    assert "2 accounts of the scammer, 1 account of the victim" in en


def test_bookmarks_one_per_section_and_one_per_evidence_item(demo_texts: dict[tuple[str, str], str]) -> None:
    pdf, password = PDFS[("en", "police")]
    outline = subprocess.run(
        ["mutool", "show", "-p", password, str(pdf), "outline"], capture_output=True, text=True, check=True
    ).stdout
    top = re.findall(r'^[|+-]\t"(\d+)\. ', outline, re.MULTILINE)
    assert top == [str(n) for n in range(1, 11)], outline
    items = re.findall(r'^[|+-]\t\t"(E\d+) · ', outline, re.MULTILINE)
    assert items == [f"E{n}" for n in range(1, 7)], outline  # the demo's six evidence records
    pages = [int(p) for p in re.findall(r"#page=(\d+)", outline)]
    assert pages == sorted(pages) and pages[0] == 2


def test_the_wallet_address_is_monospace_and_broken_only_between_groups_of_four(
    demo_texts: dict[tuple[str, str], str],
) -> None:
    from evidence_kit.demo import demo_bitcoin_address

    address = demo_bitcoin_address()
    for (lang, recipient), text in demo_texts.items():
        for line_break in re.finditer(r"(\w+)\n(\w+)", text):
            joined = line_break.group(1) + line_break.group(2)
            if joined in address and len(joined) > 12:
                cut = address.index(joined) + len(line_break.group(1))
                assert cut % 4 == 0, (lang, recipient, line_break.group(0))


def test_pdfium_opens_the_dossier_with_its_password_and_reads_the_bookmarks(
    demo_texts: dict[tuple[str, str], str],
) -> None:
    """PDFium is the engine of Chrome and Edge."""
    pdfium = pytest.importorskip("pypdfium2")
    pdf_path, password = PDFS[("fr", "police")]
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(pdf_path))
    pdf = pdfium.PdfDocument(str(pdf_path), password=password)
    try:
        assert "Dossier de preuves" in pdf[0].get_textpage().get_text_range()
        levels = [mark.level for mark in pdf.get_toc()]
        assert levels.count(0) == 10 and levels.count(1) == 6
    finally:
        pdf.close()


PDFJS_SCRIPT = """
Promise.withResolvers ??= function () {
  let resolve, reject; const promise = new Promise((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
};
const { readFileSync } = await import("node:fs");
const pdfjs = await import(process.argv[2]);
const data = new Uint8Array(readFileSync(process.argv[3]));
const doc = await pdfjs.getDocument({ data, password: process.argv[4] }).promise;
const outline = await doc.getOutline();
const text = await (await doc.getPage(1)).getTextContent();
console.log(JSON.stringify({ pages: doc.numPages, sections: outline.length,
  first: text.items.map(i => i.str).join(" ") }));
"""


def test_pdfjs_opens_the_dossier_with_its_password(demo_texts: dict[tuple[str, str], str], tmp_path: Path) -> None:
    """pdf.js is Firefox's engine; EVIDENCE_KIT_PDFJS names its legacy/build/pdf.mjs (npm pack pdfjs-dist)."""
    import json
    import os
    import shutil

    module = os.environ.get("EVIDENCE_KIT_PDFJS", "")
    if not module or shutil.which("node") is None:
        pytest.skip("set EVIDENCE_KIT_PDFJS to pdfjs-dist's legacy/build/pdf.mjs (and install node)")
    script = tmp_path / "open.mjs"
    script.write_text(PDFJS_SCRIPT, encoding="utf-8")
    pdf_path, password = PDFS[("en", "police")]
    done = subprocess.run(
        ["node", str(script), Path(module).resolve().as_uri(), str(pdf_path), password],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["sections"] == 10 and "Evidence dossier" in found["first"]


BAD_PLURALS = {
    "fr": re.compile(
        r"\b[01] (?:éléments|comptes|bloqués|supprimés|signalés|demandes|paiements|preuves|copies|images)\b"
    ),
    "en": re.compile(r"(?<![\d.,])1 (?:evidence items|items|accounts|demands|payments|copies|images|pieces)\b"),
}


def test_no_plural_error_in_any_page(demo_texts: dict[tuple[str, str], str]) -> None:
    for (lang, recipient), text in demo_texts.items():
        flat = " ".join(text.split())
        assert not BAD_PLURALS[lang].findall(flat), (lang, recipient, BAD_PLURALS[lang].findall(flat))


# --- plural forms of every count message -------------------------------------------------------------

COUNTS = {
    # key: (fr singular, fr plural, en singular, en plural), as written by hand from French and English grammar
    "dossier.count.items": ("élément de preuve", "éléments de preuve", "evidence item", "evidence items"),
    "dossier.count.derived": ("copie recadrée ou masquée", "copies recadrées ou masquées", "cropped or redacted copy",
                              "cropped or redacted copies"),
    "dossier.count.scammer_accounts": ("compte de l'auteur", "comptes de l'auteur", "account of the scammer",
                                       "accounts of the scammer"),
    "dossier.count.own_accounts": ("compte de la victime", "comptes de la victime", "account of the victim",
                                   "accounts of the victim"),
    "dossier.count.demands": ("demande d'argent", "demandes d'argent", "demand for money", "demands for money"),
    "dossier.count.payments": ("paiement", "paiements", "payment", "payments"),
    "dossier.count.blocked": ("bloqué", "bloqués", "blocked", "blocked"),
    "dossier.count.removed": ("supprimé", "supprimés", "removed", "removed"),
}  # fmt: skip


@pytest.mark.parametrize("n", [0, 1, 2, 21])
@pytest.mark.parametrize("key", sorted(COUNTS))
def test_count_messages_take_the_right_plural(key: str, n: int) -> None:
    fr_one, fr_other, en_one, en_other = COUNTS[key]
    # French: 0 and 1 take the singular; English: only 1.
    assert Translator("fr")(key, n=n, total=30) == f"{n} {fr_one if n < 2 else fr_other}"
    assert Translator("en")(key, n=n, total=30) == f"{n} {en_one if n == 1 else en_other}"


@pytest.mark.parametrize("n", [0, 1, 2, 21])
def test_reported_out_of_total_agrees_with_its_count(n: int) -> None:
    assert Translator("fr")("dossier.count.reported", n=n, total=21) == (
        f"{n} sur 21 {'signalé' if n < 2 else 'signalés'} à la plateforme"
    )
    assert Translator("en")("dossier.count.reported", n=n, total=21) == f"{n} of 21 reported to the platform"


# --- a case across the change to summer time ---------------------------------------------------------------


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's clock in Paris, as for a person in France."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# Summer time starts in Paris on 29 March 2026 at 02:00 (UTC+01:00), clocks jump to 03:00 (UTC+02:00).
EVENTS = [
    ("2026-03-28T22:15:00+01:00", Stage.FIRST_CONTACT),
    ("2026-03-29T01:30:00+01:00", Stage.THREATS),
    ("2026-03-29T03:30:00+02:00", Stage.OTHER),
]
PAYMENT_AT = "2026-03-29T04:05:00+02:00"
REPORTED_UTC = "2026-03-29T00:30:00Z"  # 01:30 in Paris, still winter time
BLOCKED_UTC = "2026-03-29T01:30:00Z"  # 03:30 in Paris, summer time
# Written by hand from the records above.
EXPECTED_SHORT = {
    "28/03/2026 22:15 UTC+01:00",
    "29/03/2026 01:30 UTC+01:00",
    "29/03/2026 03:30 UTC+02:00",
    "29/03/2026 04:05 UTC+02:00",
}
EXPECTED_LONG_FR = {
    "28 mars 2026 à 22 h 15 (UTC+01:00)",
    "29 mars 2026 à 1 h 30 (UTC+01:00)",
    "29 mars 2026 à 3 h 30 (UTC+02:00)",
    "29 mars 2026 à 4 h 05 (UTC+02:00)",
}
SHORT = re.compile(r"(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?\s+UTC([+-]\d{2}):(\d{2})")


def test_a_case_across_the_summer_time_change_prints_each_time_with_its_own_offset(
    paris: None, case: Case, tmp_path: Path
) -> None:
    from dataclasses import replace

    from evidence_kit.core.facts import draft_facts

    account = case.save_account(Account(id="", platform="whatsapp", phone="+33 6 39 98 00 11"))
    picture = tmp_path / "threat.png"
    picture.write_bytes(png_bytes(300, 200))
    item = case.add_file(picture, kind=EvidenceKind.THREAT, platform="whatsapp").item
    case.update_item(item.id, happened_at=EVENTS[1][0], account_ids=[account.id])
    case.save_account(replace(case.accounts[account.id], reported_at=REPORTED_UTC, blocked_at=BLOCKED_UTC))
    for at, stage in EVENTS:
        case.save_event(TimelineEvent(id="", date=at, stage=stage, description="x", account_id=account.id))
    case.save_payment(
        Payment(
            id="", kind=PaymentKind.DEMAND, date=PAYMENT_AT, amount="50", method=PaymentMethod.COUPON,
            account_id=account.id,
        )
    )  # fmt: skip
    case.profile.facts = draft_facts(case, Translator("fr"))
    case.save_profile(case.profile)
    logged = list(case.custody)  # the export's own entry comes after the file is written
    out = tmp_path / "dst.pdf"
    result = export_dossier(case, ExportOptions(Recipient.POLICE, out, lang="fr"))
    text = pdftotext(out, result.password)
    flat = " ".join(text.split())

    for expected in EXPECTED_SHORT:
        assert expected in flat, expected
    for expected in EXPECTED_LONG_FR:
        assert expected in flat, expected
    # The computer's UTC stamps in Paris time, each with the offset of its own instant.
    assert "29/03/2026 01:30 UTC+01:00" in flat and "29/03/2026 03:30 UTC+02:00" in flat
    assert "Europe/Paris" in flat  # the cover names the zone
    assert times_without_offset(text) == []
    assert "UTC+00:00" not in flat and " UTC " not in flat

    # Every printed time is a real Paris wall time with Paris's offset at that moment.
    stamps = SHORT.findall(flat)
    assert len(stamps) > 10
    for day, month, year, hour, minute, second, off_h, off_m in stamps:
        wall = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        offset = dt.timedelta(hours=int(off_h), minutes=int(off_m) if off_h[0] == "+" else -int(off_m))
        assert PARIS.utcoffset(wall) == offset, (wall, offset)
    # The custody log's stamps, read from the records themselves.
    for entry in logged:
        moment = dt.datetime.fromisoformat(entry.at.replace("Z", "+00:00")).astimezone(PARIS)
        offset = moment.strftime("%z")
        assert f"{moment:%d/%m/%Y %H:%M:%S} UTC{offset[:3]}:{offset[3:]}" in flat, entry.seq


def _plural_keys() -> list[str]:
    from evidence_kit.i18n import default_catalog

    catalog = default_catalog()
    prefixes = ("dossier.", "facts.", "time.", "pages.dossier.", "knowledge.")
    keys = []
    for key, entry in catalog.messages.items():
        fr = entry.get("fr")
        if key.startswith(prefixes) and isinstance(fr, dict):
            variants = fr.get("vous", fr.get("tu", fr)) if ("tu" in fr or "vous" in fr) else fr
            if isinstance(variants, dict) and "one" in variants:
                keys.append(key)
    return sorted(keys)


@pytest.mark.parametrize("key", _plural_keys())
def test_every_count_message_renders_0_1_2_and_21_in_both_languages(key: str) -> None:
    """Every message printed with a count, through the catalog's plural forms (French: 0 and 1 are singular)."""
    import string

    for lang in ("fr", "en"):
        t = Translator(lang)
        forms = t.catalog.messages[key][lang]
        forms = forms.get("vous", forms) if isinstance(forms, dict) else forms
        fields = {f for _, f, _, _ in string.Formatter().parse(str(forms["other"])) if f} - {"n"}
        params = {name: "X" for name in fields}
        for n in (0, 1, 2, 21):
            text = t(key, n=n, **params)
            singular = n == 1 or (lang == "fr" and n == 0)
            assert text == forms["one" if singular else "other"].format(n=n, **params), (key, lang, n)
            assert "{" not in text and "}" not in text, (key, lang, text)
