"""The demo case: built through the real core, verifiable, made up, and exported as a dossier that verifies."""

from __future__ import annotations

import importlib.util
import io
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_cli
from PIL import Image

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import (
    AccountOwner,
    DerivationKind,
    EvidenceKind,
    Origin,
    PaymentKind,
    PaymentMethod,
    Stage,
)
from evidence_kit.demo import build_demo_case, demo_bitcoin_address
from evidence_kit.demo.scenario import SCAMMER_PHONE, _bech32_polymod, _hrp_expand, segwit_address

PASSPHRASE = "demo passphrase for tests"
DOSSIER_AVAILABLE = importlib.util.find_spec("evidence_kit.dossier.export") is not None


@pytest.fixture(scope="module")
def demo_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    folder = tmp_path_factory.mktemp("demo") / "case"
    case = build_demo_case(folder, PASSPHRASE, "fr", kdf=KdfParams.for_tests())
    yield case
    case.close()


def _picture(case: Case, item_id: str) -> Image.Image:
    with case.open_original(item_id) as reader:
        return Image.open(io.BytesIO(reader.read())).convert("RGB")


# --- the wallet address ---------------------------------------------------------------------


def test_bech32_encoder_reproduces_the_bip173_test_vector() -> None:
    program = bytes.fromhex("751e76e8199196d454941c45d1b3a323f1433bd6")
    assert segwit_address(program) == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"


def test_demo_wallet_address_is_a_checksum_valid_segwit_address() -> None:
    address = demo_bitcoin_address()
    hrp, _, data = address.rpartition("1")
    assert hrp == "bc" and address.startswith("bc1q") and len(address) == 42
    values = ["qpzry9x8gf2tvdw0s3jn54khce6mua7l".index(c) for c in data]
    assert _bech32_polymod(_hrp_expand(hrp) + values) == 1
    # One character changed breaks the checksum: the address is not just "looking right".
    broken = values[:-1] + [(values[-1] + 1) % 32]
    assert _bech32_polymod(_hrp_expand(hrp) + broken) != 1


# --- the case ---------------------------------------------------------------------------------


def test_demo_case_is_accepted_by_verify(demo_case: Case) -> None:
    report = demo_case.verify()
    assert report.ok, report.problems
    assert report.items_checked == len(demo_case.items)


def test_demo_case_holds_captures_imports_a_redaction_and_an_intimate_record(demo_case: Case) -> None:
    items = demo_case.evidence_items()
    origins = [i.origin for i in items]
    assert origins.count(Origin.SCREEN_CAPTURE) == 1
    assert origins.count(Origin.IMPORT) == 3
    kinds = {i.kind for i in items}
    assert {EvidenceKind.PROFILE, EvidenceKind.CONVERSATION, EvidenceKind.THREAT, EvidenceKind.PAYMENT_DEMAND} <= kinds
    for item in items:
        if item.origin != Origin.INTIMATE_RECORD:
            assert item.note and not item.note.startswith("demo."), item.id
            assert item.platform in ("instagram", "whatsapp")
            assert item.account_ids, item.id
    imported = [i for i in items if i.origin == Origin.IMPORT]
    assert all(i.source_name.startswith("Screenshot_") and i.happened_at for i in imported)
    assert all(any(d.clock.value == "png" for d in i.embedded_dates) for i in imported)

    (derived,) = [i for i in items if i.origin == Origin.DERIVED]
    assert derived.derivation is not None and derived.derivation.kind == DerivationKind.REDACT
    parent = demo_case.item(derived.parent)
    assert parent.kind == EvidenceKind.THREAT and derived.derivation.parent_sha256 == parent.sha256

    (intimate,) = [i for i in items if i.intimate]
    assert intimate.origin == Origin.INTIMATE_RECORD
    assert not intimate.blob_id and not intimate.thumbnail_blob_id  # only the hash is kept
    assert len(intimate.sha256) == 64


def test_redaction_blacks_out_the_followers_list_only(demo_case: Case) -> None:
    (derived,) = [i for i in demo_case.evidence_items() if i.origin == Origin.DERIVED]
    assert derived.derivation is not None
    x0, y0, x1, y1 = derived.derivation.params["boxes"][0]
    before = _picture(demo_case, derived.parent)
    after = _picture(demo_case, derived.id)
    assert after.size == before.size
    inside = after.crop((x0, y0, x1, y1)).getcolors(maxcolors=4)
    assert inside == [((x1 - x0) * (y1 - y0), (0, 0, 0))]
    assert len(before.crop((x0, y0, x1, y1)).getcolors(maxcolors=100000) or []) > 10  # names were there
    # Outside the box the picture is untouched: the threats stay readable.
    assert (
        after.crop((0, y1 + 10, after.width, after.height)).tobytes()
        == before.crop((0, y1 + 10, before.width, before.height)).tobytes()
    )


def test_every_picture_is_marked_as_an_example_in_its_corner(demo_case: Case) -> None:
    for item in demo_case.evidence_items():
        if not item.is_image:
            continue
        picture = _picture(demo_case, item.id)
        width, _ = picture.size
        band = max(90, min(picture.size) // 9) if item.origin != Origin.SCREEN_CAPTURE else 88
        reds = 0
        for step in range(-band // 3, band // 3, 4):  # across the band, on the corner's diagonal
            centre = int(band * 2.3)
            r, g, b = picture.getpixel((width - centre + step, centre + step))
            reds += r > 170 and g < 90 and b < 90
        assert reds >= 5, item.id


def test_accounts_follow_the_path_and_the_block_rule(demo_case: Case) -> None:
    scammers = [a for a in demo_case.accounts.values() if a.owner == AccountOwner.SCAMMER]
    instagram = next(a for a in scammers if a.platform == "instagram")
    whatsapp = next(a for a in scammers if a.platform == "whatsapp")
    assert whatsapp.came_from == instagram.id
    assert instagram.username and instagram.numeric_id and instagram.profile_url.startswith("https://")
    assert whatsapp.phone == SCAMMER_PHONE and whatsapp.phone.replace(" ", "").startswith("+3363998")
    assert instagram.reported_at and instagram.blocked_at
    assert whatsapp.reported_at and not whatsapp.blocked_at
    for account in scammers:
        assert demo_case.evidence_for_account(account.id)
    assert any(a.owner == AccountOwner.VICTIM and a.secured_at for a in demo_case.accounts.values())


def test_payments_hold_a_paid_coupon_and_an_unpaid_bitcoin_demand(demo_case: Case) -> None:
    payments = list(demo_case.payments.values())
    paid = [p for p in payments if p.kind == PaymentKind.PAYMENT]
    assert len(paid) == 1 and paid[0].paid and paid[0].method == PaymentMethod.COUPON
    crypto = [p for p in payments if p.method == PaymentMethod.CRYPTO]
    assert crypto and crypto[0].destination == demo_bitcoin_address() and not crypto[0].paid
    assert all(p.evidence_ids and p.account_id for p in payments)


def test_timeline_covers_the_stages_and_the_profile_is_complete(demo_case: Case) -> None:
    stages = {e.stage for e in demo_case.events.values()}
    assert {
        Stage.FIRST_CONTACT,
        Stage.TRUST_BUILDING,
        Stage.MOVE_TO_OTHER_APP,
        Stage.IMAGE_REQUEST,
        Stage.THREATS,
        Stage.PAYMENT_DEMAND,
    } <= stages
    dates = [e.date for e in demo_case.events.values()]
    assert all(dates)
    profile = demo_case.profile
    assert profile.country == "FR" and profile.victim_is_minor is True and profile.user_role == "helper"
    assert "jade.exemple_" in profile.facts and "Léo a 15 ans" in profile.facts
    assert "{" not in profile.facts and "demo." not in profile.facts


def test_demo_case_in_english_reads_in_english(tmp_path: Path) -> None:
    with build_demo_case(tmp_path / "case", PASSPHRASE, "en", kdf=KdfParams.for_tests()) as case:
        assert case.verify().ok
        assert "Léo is 15" in case.profile.facts
        notes = [i.note for i in case.evidence_items()]
        assert any("Threats" in n for n in notes)


def test_demo_messages_have_both_languages_and_the_same_placeholders() -> None:
    from evidence_kit.i18n import Catalog

    catalog = Catalog.load()
    keys = [k for k in catalog.messages if k.startswith("demo.")]
    assert len(keys) > 50
    for key in keys:
        assert set(catalog.messages[key]) == {"en", "fr"}, key
        fields = {
            frozenset(f for _, f, _, _ in string.Formatter().parse(text) if f) for _, text in catalog.variants(key)
        }
        assert len(fields) == 1, key


# --- the command line -------------------------------------------------------------------------


def _secret(stdout: str, label: str) -> str:
    match = re.search(rf"^{re.escape(label)}: (\S+)$", stdout, re.MULTILINE)
    assert match, stdout
    return match.group(1)


def test_cli_demo_builds_a_case_and_a_dossier_that_verify(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run_cli("demo", "--out", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    passphrase = _secret(result.stdout, "Vault passphrase")
    assert (out / "case" / "case.ek").is_file()
    pictures = sorted((out / "pictures").glob("Screenshot_*.png"))
    assert len(pictures) == 3

    verified = run_cli("verify", str(out / "case"), env={"EVIDENCE_KIT_PASSPHRASE": passphrase})
    assert verified.returncode == 0, verified.stderr
    wrong = run_cli("verify", str(out / "case"), env={"EVIDENCE_KIT_PASSPHRASE": "not the demo passphrase"})
    assert wrong.returncode == 3

    if not DOSSIER_AVAILABLE:
        assert "not available" in result.stdout
        pytest.skip("the dossier module (evidence_kit.dossier.export) is not in this tree: no PDF to verify")
    (dossier,) = out.glob("dossier-police-EK-*.pdf")
    assert str(dossier) in result.stdout
    import hashlib

    assert hashlib.sha256(dossier.read_bytes()).hexdigest() == _secret(result.stdout, "Its SHA-256")
    password_file = tmp_path / "password.txt"
    password_file.write_text(_secret(result.stdout, "Dossier password") + "\n", encoding="utf-8")
    checked = run_cli("verify", str(dossier), "--password-file", str(password_file))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    fingerprint = _secret(result.stdout, "Seal fingerprint")
    held = run_cli("verify", str(dossier), "--password-file", str(password_file), "--expect-fingerprint", fingerprint)
    assert held.returncode == 0, held.stdout + held.stderr
    password_file.write_text("wrong-password-1234\n", encoding="utf-8")
    assert run_cli("verify", str(dossier), "--password-file", str(password_file)).returncode == 3


def test_cli_demo_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    keep = out / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    result = run_cli("demo", "--out", str(out), "--lang", "en")
    assert result.returncode == 2
    assert "is not empty" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"] and keep.read_text(encoding="utf-8") == "mine"


def test_demo_without_the_dossier_module_still_builds_the_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from evidence_kit.demo import run_demo

    monkeypatch.setitem(sys.modules, "evidence_kit.dossier.export", None)  # makes the import fail
    result = run_demo(tmp_path / "demo", "en", passphrase=PASSPHRASE)
    assert result.dossier is None and not list((tmp_path / "demo").glob("*.pdf"))
    with Case.open(result.case_folder, passphrase=PASSPHRASE) as case:
        assert case.verify().ok and len(case.items) == 6
