"""The dossier as real PDF readers see it: qpdf, poppler, mupdf; its seal, its attachments, its rules."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from helpers import png_bytes, run_cli

from evidence_kit.core.case import Case
from evidence_kit.core.errors import Cancelled, UsageError, WrongSecret
from evidence_kit.core.model import (
    Account,
    CustodyAction,
    EvidenceKind,
    Payment,
    PaymentKind,
    PaymentMethod,
    Stage,
    TimelineEvent,
)
from evidence_kit.dossier.export import ExportOptions, Recipient, attachment_name, export_dossier
from evidence_kit.dossier.password import ALPHABET, password_bits, propose_password
from evidence_kit.dossier.verify import verify_dossier
from evidence_kit.i18n import Translator

VICTIM = "Léa Μαρία Наташа"
WALLET = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"
INTIMATE_MARKER = b"INTIMATE-BYTES-MUST-NEVER-LEAVE"
SOURCE_MARKER = b"ORIGINAL-PLAINTEXT-MARKER-7731"


def build_case(case: Case, folder: Path) -> dict[str, str]:
    """A small but complete case: Instagram → WhatsApp, pictures, a redaction, payments, an intimate record."""
    folder.mkdir(exist_ok=True)
    case.profile.victim_name = VICTIM
    case.profile.victim_is_minor = True
    case.profile.facts = "Le 3 mars, « emma.lune_22 » m'a écrit sur Instagram.\n\nPuis des menaces sur WhatsApp."
    case.save_profile(case.profile)
    insta = case.save_account(
        Account(
            id="",
            platform="instagram",
            username="emma.lune_22",
            numeric_id="48213377120",
            profile_url="https://www.instagram.com/emma.lune_22/",
            display_name="Эмма ✨",
        )
    )
    whatsapp = case.save_account(
        Account(
            id="",
            platform="whatsapp",
            phone="+225 07 12 34 56 78",
            came_from=insta.id,
            reported_at="2026-03-05T10:00:00Z",
            report_reference="WA-55122",
        )
    )
    threat_png = folder / "threat.png"
    threat_png.write_bytes(png_bytes(540, 1000, (250, 250, 252), marker=SOURCE_MARKER))
    threat = case.add_file(
        threat_png, kind=EvidenceKind.THREAT, platform="whatsapp", note="Menace d'envoyer les photos"
    ).item
    case.update_item(threat.id, account_ids=[whatsapp.id])
    profile_png = folder / "profile.png"
    profile_png.write_bytes(png_bytes(960, 540, (30, 90, 160)))
    profile = case.add_file(profile_png, kind=EvidenceKind.PROFILE, platform="instagram").item
    case.update_item(profile.id, account_ids=[insta.id])
    redacted = case.derive_redaction(profile.id, [(10, 10, 300, 200)])
    case.save_payment(
        Payment(
            id="",
            kind=PaymentKind.DEMAND,
            date="2026-03-04T21:00:00+01:00",
            amount="500",
            currency="EUR",
            method=PaymentMethod.COUPON,
            destination="PCS 7788-1122-3344",
            account_id=whatsapp.id,
        )
    )
    case.save_payment(
        Payment(
            id="",
            kind=PaymentKind.PAYMENT,
            date="2026-03-05T08:00:00+01:00",
            amount="0.0042",
            currency="BTC",
            method=PaymentMethod.CRYPTO,
            destination=WALLET,
            reference="f4184fc596403b9d",
            paid=True,
        )
    )
    case.save_event(
        TimelineEvent(
            id="",
            date="2026-03-03T19:00:00+01:00",
            stage=Stage.FIRST_CONTACT,
            description="Premier message",
            account_id=insta.id,
        )
    )
    case.save_event(
        TimelineEvent(
            id="",
            date="2026-03-04T20:00:00+01:00",
            stage=Stage.THREATS,
            description="Menaces",
            evidence_ids=[threat.id],
        )
    )
    intimate_file = folder / "intimate.png"
    intimate_file.write_bytes(png_bytes(64, 64, (200, 150, 150), marker=INTIMATE_MARKER))
    intimate = case.record_intimate_image(intimate_file, "Photo envoyée le 3 mars")
    return {
        "threat": threat.id,
        "profile": profile.id,
        "redacted": redacted.id,
        "intimate": intimate.id,
        "intimate_sha256": intimate.sha256,
    }


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def exported(case: Case, tmp_path: Path) -> tuple[Case, dict[str, str], Path, str]:
    ids = build_case(case, tmp_path / "sources")
    out = tmp_path / "out"
    out.mkdir()
    result = export_dossier(case, ExportOptions(Recipient.POLICE, out / "dossier.pdf", lang="fr"))
    return case, ids, result.path, result.password


def test_police_dossier_opens_in_every_reader(exported: tuple[Case, dict[str, str], Path, str], tmp_path: Path) -> None:
    case, ids, pdf, password = exported
    assert run("qpdf", f"--password={password}", "--check", str(pdf)).returncode == 0
    assert run("qpdf", "--check", str(pdf)).returncode != 0, "the dossier must not open without its password"
    encryption = run("qpdf", f"--password={password}", "--show-encryption", str(pdf)).stdout
    assert "R = 6" in encryption

    text = run("pdftotext", "-upw", password, str(pdf), "-").stdout
    assert case.reference in text
    assert VICTIM in text, "Greek and Cyrillic letters must print as written"
    assert "Эмма" in text
    assert WALLET in text
    assert case.keys.seal_fingerprint[:16] in text
    assert ids["intimate_sha256"][:16] in text
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", "-upw", password, str(pdf)).stdout).group(1))
    assert f"Page {pages} sur {pages}" in text

    rendered = tmp_path / "pages"
    rendered.mkdir()
    assert run("pdftoppm", "-upw", password, "-r", "30", "-png", str(pdf), str(rendered / "p")).returncode == 0
    assert len(list(rendered.glob("p-*.png"))) == pages

    sig = run("pdfsig", "-upw", password, str(pdf)).stdout
    assert "Signature is Valid" in sig and "Total document signed" in sig, sig
    assert "ETSI.CAdES.detached" in sig and "adbe.pkcs7" not in sig, "a PAdES seal"

    assert run("mutool", "info", "-p", password, str(pdf)).returncode == 0
    mu_text = run("mutool", "draw", "-p", password, "-F", "txt", "-o", "-", str(pdf)).stdout
    assert case.reference in mu_text


def test_attachments_extracted_by_pdfdetach_match_the_manifest(
    exported: tuple[Case, dict[str, str], Path, str], tmp_path: Path
) -> None:
    case, ids, pdf, password = exported
    folder = tmp_path / "detached"
    folder.mkdir()
    assert run("pdfdetach", "-upw", password, "-saveall", "-o", str(folder), str(pdf)).returncode == 0
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    manifest = json.loads(files["manifest.json"])
    assert manifest["attachments"], "the police copy carries the originals"
    for name, digest in manifest["attachments"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    for item_id in (ids["threat"], ids["profile"], ids["redacted"]):
        item = case.items[item_id]
        assert hashlib.sha256(files[attachment_name(item, Translator("fr"))]).hexdigest() == item.sha256
    assert set(files) == set(manifest["attachments"]) | {"manifest.json"}
    for name in files:
        assert not re.fullmatch(r"[0-9a-f]{64}\.\w+", name), f"{name} is named by its hash alone"
    threat = case.items[ids["threat"]]
    assert f"{threat.id}-menace-{threat.sha256[:8]}.png" in files
    listing = run("pdfdetach", "-upw", password, "-list", str(pdf)).stdout
    assert f"{threat.id}-menace-{threat.sha256[:8]}.png" in listing


def test_intimate_items_are_never_pictured_nor_attached(
    exported: tuple[Case, dict[str, str], Path, str], tmp_path: Path
) -> None:
    case, ids, pdf, password = exported
    folder = tmp_path / "detached"
    folder.mkdir()
    run("pdfdetach", "-upw", password, "-saveall", "-o", str(folder), str(pdf))
    for path in folder.iterdir():
        assert INTIMATE_MARKER not in path.read_bytes()
        assert not path.name.startswith(ids["intimate_sha256"])
    manifest = json.loads((folder / "manifest.json").read_text())
    intimate = next(i for i in manifest["items"] if i["id"] == ids["intimate"])
    assert intimate["intimate"] and intimate["attachment"] == ""
    text = run("pdftotext", "-upw", password, str(pdf), "-").stdout
    assert "Image intime : ni montrée ni jointe" in text


def test_verify_accepts_the_dossier_and_rechecks_everything(exported: tuple[Case, dict[str, str], Path, str]) -> None:
    case, _ids, pdf, password = exported
    report = verify_dossier(pdf, password)
    assert report.ok, report.problems
    assert report.reference == case.reference
    assert report.seal_fingerprint == case.keys.seal_fingerprint
    assert report.attachments_checked >= 5
    assert report.custody_entries == len(case.custody) - 1  # the export entry comes after the dossier
    assert report.timestamp is None


def test_wrong_password_raises_wrong_secret(exported: tuple[Case, dict[str, str], Path, str]) -> None:
    _case, _ids, pdf, _password = exported
    with pytest.raises(WrongSecret):
        verify_dossier(pdf, "not-the-password")


@pytest.mark.parametrize("fraction", [0.0, 0.0005, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.97, 0.99, 0.995, 0.999, 1.0])
def test_one_byte_changed_anywhere_makes_verify_fail(
    exported: tuple[Case, dict[str, str], Path, str], tmp_path: Path, fraction: float
) -> None:
    _case, _ids, pdf, password = exported
    data = bytearray(pdf.read_bytes())
    position = min(len(data) - 1, int(len(data) * fraction))
    data[position] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    report = verify_dossier(changed, password)
    assert not report.ok, f"byte {position} of {len(data)} changed, yet verify passed"


def test_changes_inside_the_signature_space_fail(
    exported: tuple[Case, dict[str, str], Path, str], tmp_path: Path
) -> None:
    _case, _ids, pdf, password = exported
    data = pdf.read_bytes()
    match = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data))[-1]
    start, end = int(match.group(2)), int(match.group(3))
    # In the CMS, in the zero padding after it, and on the closing bracket.
    for position in (start + 1, start + 200, (start + end) // 2, end - 3, end - 1):
        changed = bytearray(data)
        changed[position] ^= 0x01
        target = tmp_path / f"changed-{position}.pdf"
        target.write_bytes(bytes(changed))
        assert not verify_dossier(target, password).ok, position


def test_appending_after_export_fails(exported: tuple[Case, dict[str, str], Path, str], tmp_path: Path) -> None:
    _case, _ids, pdf, password = exported
    target = tmp_path / "appended.pdf"
    target.write_bytes(pdf.read_bytes() + b"\n% an innocent comment\n")
    assert not verify_dossier(target, password).ok


def test_export_is_logged_in_the_chain_of_custody_without_the_password(
    exported: tuple[Case, dict[str, str], Path, str],
) -> None:
    case, _ids, pdf, password = exported
    entry = case.custody[-1]
    assert entry.action == CustodyAction.EXPORTED
    assert entry.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert entry.details["recipient"] == "police"
    assert password not in json.dumps(entry.details)
    assert case.verify(record=False).ok


def test_no_decrypted_evidence_reaches_the_disk(case: Case, tmp_path: Path, isolated_dirs: Path) -> None:
    build_case(case, tmp_path / "sources")
    out = tmp_path / "out"
    out.mkdir()
    export_dossier(
        case, ExportOptions(Recipient.POLICE, out / "dossier.pdf", lang="en", password="a long chosen password")
    )
    for path in list(out.rglob("*")) + list(isolated_dirs.rglob("*")) + list(case.folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            assert SOURCE_MARKER not in data, path
            assert b"emma.lune_22" not in data, path
    assert [p.name for p in out.iterdir()] == ["dossier.pdf"]


def test_3018_copy_has_no_originals_and_english_text(case: Case, tmp_path: Path) -> None:
    build_case(case, tmp_path / "sources")
    result = export_dossier(case, ExportOptions(Recipient.HELPLINE, tmp_path / "d.pdf", lang="en"))
    listing = run("pdfdetach", "-upw", result.password, "-list", str(result.path)).stdout
    assert ".png" not in listing and "manifest.json" in listing
    text = run("pdftotext", "-upw", result.password, str(result.path), "-").stdout
    assert "Evidence dossier" in text and "Every identifier of the scammer" in text
    assert verify_dossier(result.path, result.password).ok


def test_cancel_leaves_no_file(case: Case, tmp_path: Path) -> None:
    build_case(case, tmp_path / "sources")
    target = tmp_path / "d.pdf"
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        export_dossier(case, ExportOptions(Recipient.POLICE, target), cancel=cancel)
    assert list(tmp_path.glob("d.pdf*")) == []
    assert case.custody[-1].action != CustodyAction.EXPORTED


def test_progress_reaches_the_end(case: Case, tmp_path: Path) -> None:
    build_case(case, tmp_path / "sources")
    seen: list[tuple[int, int]] = []
    export_dossier(case, ExportOptions(Recipient.SELF, tmp_path / "d.pdf"), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1]
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:], strict=False))


def test_bad_options_are_refused_with_a_message(case: Case, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as short:
        export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "d.pdf", password="short"))
    assert short.value.key == "dossier.error.password_too_short"
    with pytest.raises(UsageError) as folder:
        export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "missing" / "d.pdf"))
    assert folder.value.key == "dossier.error.out_folder"


def test_offline_timestamp_request_still_exports_with_a_warning(case: Case, tmp_path: Path) -> None:
    build_case(case, tmp_path / "sources")
    result = export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "d.pdf", tsa_url="http://127.0.0.1:9/tsa"))
    assert not result.timestamped
    assert result.warnings == ["dossier.warning.no_timestamp"]
    assert verify_dossier(result.path, result.password).ok


def test_proposed_passwords_are_strong_and_readable() -> None:
    assert password_bits() >= 80
    seen = {propose_password() for _ in range(200)}
    assert len(seen) == 200
    for password in seen:
        groups = password.split("-")
        assert len(groups) == 5 and all(len(g) == 4 for g in groups)
        assert set(password.replace("-", "")) <= set(ALPHABET)
        assert not set("0o1lib") & set(password)


def test_command_line_export_then_verify(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    assert run_cli("case", "create", str(case_dir)).returncode == 0
    picture = tmp_path / "threat.png"
    picture.write_bytes(png_bytes(400, 300))
    assert run_cli("add", str(case_dir), str(picture), "--kind", "threat").returncode == 0
    out = tmp_path / "dossier.pdf"
    exported = run_cli("export", str(case_dir), "--recipient", "police", "--out", str(out), "--lang", "en")
    assert exported.returncode == 0, exported.stderr
    password = re.search(r"message as the file\): (\S+)", exported.stdout).group(1)
    assert hashlib.sha256(out.read_bytes()).hexdigest() in exported.stdout
    secret = tmp_path / "pw.txt"
    secret.write_text(password + "\n")
    ok = run_cli("verify", str(out), "--password-file", str(secret), "--json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["ok"] is True
    # The seal's fingerprint: printed by export, in verify --json, and verify can be held to it.
    fingerprint = json.loads(ok.stdout)["seal_fingerprint"]
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint)
    assert f"Seal fingerprint (give it by phone with the password): {fingerprint}" in exported.stdout
    grouped = " ".join(fingerprint[i : i + 4].upper() for i in range(0, 64, 4))
    held = run_cli("verify", str(out), "--password-file", str(secret), "--expect-fingerprint", grouped)
    assert held.returncode == 0, held.stdout + held.stderr
    other = "0" * 64 if fingerprint != "0" * 64 else "1" * 64
    refused = run_cli("verify", str(out), "--password-file", str(secret), "--expect-fingerprint", other, "--json")
    assert refused.returncode == 1
    assert [p["key"] for p in json.loads(refused.stdout)["problems"]] == ["dossier.problem.unexpected_seal"]
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope-nope-nope")
    assert run_cli("verify", str(out), "--password-file", str(wrong)).returncode == 3
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x20
    out.write_bytes(bytes(data))
    broken = run_cli("verify", str(out), "--password-file", str(secret), "--lang", "en")
    assert broken.returncode == 1
    assert "changed after export" in broken.stderr


def test_dossier_messages_have_both_languages_and_the_same_placeholders() -> None:
    import string

    from evidence_kit.i18n import Catalog

    catalog = Catalog.load()
    keys = [k for k in catalog.messages if k.startswith("dossier.")]
    assert len(keys) > 200
    for key in keys:
        assert set(catalog.messages[key]) == {"en", "fr"}, key
        fields = {
            frozenset(f for _, f, _, _ in string.Formatter().parse(text) if f) for _, text in catalog.variants(key)
        }
        assert len(fields) == 1, key


def test_dossier_names_the_program_and_its_lock_file(exported: tuple[Case, dict[str, str], Path, str]) -> None:
    """A recipient can tell exactly which build sealed the dossier: version and lock file SHA-256."""
    from evidence_kit.build_identity import build_identity

    _case, _ids, pdf, password = exported
    text = " ".join(run("pdftotext", "-upw", password, str(pdf), "-").stdout.split())
    identity = build_identity()
    assert f"Evidence Kit {identity.version}" in text
    lock = re.sub(r"(.{4})", r"\1 ", identity.lock_sha256).strip()  # long tokens may be set in groups
    assert identity.lock_sha256 in text.replace(" ", "") or lock in text
    wording = "exactement comme les fixe son fichier" if identity.matches_lock else "installés en différaient"
    assert wording in text or (len(identity.differing) == 1 and "installé en différait" in text)


def test_verifying_a_dossier_then_exporting_in_one_process(case: Case, tmp_path: Path) -> None:
    """The window verifies a dossier, then exports another: the verifier must not break pyHanko's signing."""
    import json

    from evidence_kit.dossier.verify import verify_dossier

    fixtures = Path(__file__).resolve().parent / "data" / "fixtures"
    expected = json.loads((fixtures / "expected.json").read_text(encoding="utf-8"))
    assert verify_dossier(fixtures / "dossier-v1.pdf", expected["dossier_password"]).ok
    from evidence_kit.core.model import Origin

    case.add_bytes(png_bytes(), origin=Origin.CLIPBOARD)
    out = tmp_path / "after.pdf"
    result = export_dossier(case, ExportOptions(Recipient.POLICE, out, lang="en", password="a-long-password-1"))
    assert verify_dossier(result.path, "a-long-password-1").ok
