"""Importing exports into a real case: sealed export, media as derived items, encrypted transcript, proposals
confirmed or dismissed, excerpts for the dossier, and the import-chat command."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes, run_cli

from evidence_kit.chat.analysis import ProposalStatus
from evidence_kit.chat.excerpts import transcript_excerpts
from evidence_kit.chat.identifiers import IdentifierKind
from evidence_kit.chat.importer import (
    accept_identifiers,
    confirm_flags,
    dismiss_flags,
    dismiss_identifiers,
    import_chat,
    list_imports,
    load_transcript,
    set_scammer,
)
from evidence_kit.chat.model import ChatExportRejected
from evidence_kit.core.case import Case, iter_case_files
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.errors import UsageError
from evidence_kit.core.model import (
    DerivationKind,
    EvidenceKind,
    Origin,
    PaymentKind,
    PaymentMethod,
    Stage,
)

DATA = Path(__file__).parent / "data" / "chat"
LUCAS = DATA / "Discussion WhatsApp avec Lucas.txt"


def _whatsapp_zip(tmp_path: Path) -> Path:
    text = LUCAS.read_bytes()
    out = tmp_path / "Discussion WhatsApp avec Lucas.zip"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Discussion WhatsApp avec Lucas.txt", text)
        archive.writestr("IMG-20240313-WA0003.jpg", png_bytes(64, 48, (10, 200, 10)))
        archive.writestr("PTT-20240314-WA0001.opus", b"OggS" + bytes(300))
    return out


def test_whatsapp_zip_becomes_a_sealed_item_media_and_an_encrypted_transcript(case: Case, tmp_path: Path) -> None:
    path = _whatsapp_zip(tmp_path)
    result = import_chat(case, path, scammer="lucas")
    export = case.items[result.item_id]
    assert export.origin == Origin.CHAT_EXPORT and export.kind == EvidenceKind.CONVERSATION
    assert export.stored_as_file and export.source_name == path.name
    import hashlib

    assert export.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() == result.sha256
    assert set(result.media) == {"IMG-20240313-WA0003.jpg", "PTT-20240314-WA0001.opus"}
    picture = case.items[result.media["IMG-20240313-WA0003.jpg"]]
    assert picture.is_image and picture.source_name == "IMG-20240313-WA0003.jpg"
    assert picture.derivation and picture.derivation.kind == DerivationKind.EXTRACT
    assert picture.derivation.parent_id == export.id and picture.derivation.parent_sha256 == export.sha256
    assert result.scammer == "Lucas" and result.scammer_given
    # Nothing readable on disk: neither the messages nor the names.
    for file in iter_case_files(case.folder):
        content = file.read_bytes()
        assert b"envoie-moi une photo" not in content and b"Lucas" not in content
    assert case.verify().ok


def test_transcript_survives_reopening(new_case: tuple[Case, str], tmp_path: Path) -> None:
    case, _ = new_case
    result = import_chat(case, LUCAS)
    folder = case.folder
    case.close()
    with Case.open(folder, passphrase=PASSPHRASE) as reopened:
        transcript = load_transcript(reopened, result.transcript_id)
        assert len(transcript.messages) == 13
        assert transcript.messages[3].text.startswith("Tu es trop belle")
        assert [r.transcript_id for r in list_imports(reopened)] == [result.transcript_id]


def test_identifiers_become_accounts_and_payments_linked_to_the_export(case: Case) -> None:
    result = import_chat(case, LUCAS, scammer="Lucas")
    by_kind = {p.kind: p for p in result.identifiers}
    assert by_kind[IdentifierKind.NAME].participant
    assert by_kind[IdentifierKind.IBAN].value == "FR7630006000011234567890189"
    assert [r.value for r in result.rejected] == ["FR7630006000011234567890188"]  # bad check digits: not proposed
    assert all(p.value != "FR7630006000011234567890188" for p in result.identifiers)
    saved = accept_identifiers(case, result.transcript_id)
    assert len(saved) == len(result.identifiers)
    accounts = list(case.accounts.values())
    main = next(a for a in accounts if a.display_name == "Lucas")
    assert main.platform == "whatsapp"
    snap = next(a for a in accounts if a.username == "lucas.vrai_92")
    assert snap.platform == "snapchat" and snap.came_from == main.id
    phone = next(a for a in accounts if a.phone == "+33612345678")
    # A number no app claims is not filed under a bare "other": it says where it is used.
    assert phone.platform == "other" and phone.platform_other == "Téléphone (appels, SMS)"
    payments = {p.destination: p for p in case.payments.values()}
    iban = payments["FR7630006000011234567890189"]
    assert iban.method == PaymentMethod.BANK_TRANSFER and iban.amount == "300" and iban.account_id == main.id
    assert payments["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"].method == PaymentMethod.CRYPTO
    coupon = payments["4829173566209184"]
    assert coupon.method == PaymentMethod.COUPON and coupon.kind == PaymentKind.PAYMENT and coupon.paid
    assert coupon.note == "PCS"
    # Screenshot before blocking: the export is the evidence of every account it revealed.
    assert all(case.can_mark_blocked(a.id) for a in accounts)
    assert not list_imports(case)[0].pending_identifiers()


def test_flags_are_confirmed_into_timeline_events_or_dismissed(case: Case) -> None:
    result = import_chat(case, LUCAS, scammer="Lucas")
    threat = next(f for f in result.flags if "300€" in f.preview)
    request = next(f for f in result.flags if "photo de toi" in f.preview)
    accept_identifiers(case, result.transcript_id, ["I0"])
    events = confirm_flags(case, result.transcript_id, [threat.id, request.id])
    assert [e.stage for e in events] == [Stage.THREATS, Stage.IMAGE_REQUEST]
    # The phone's wall-clock time as written, with the offset of the zone taken for it (here this computer's).
    assert events[0].date.startswith("2024-03-14T22:05:00") and events[0].evidence_ids == [result.item_id]
    assert events[0].account_id == next(iter(case.accounts))
    assert "Lucas" in events[0].description and "300€" in events[0].description
    dismiss_flags(case, result.transcript_id)
    record = list_imports(case)[0]
    statuses = {f.id: f.status for f in record.flags}
    assert statuses[threat.id] == ProposalStatus.ACCEPTED
    assert list(statuses.values()).count(ProposalStatus.DISMISSED) == len(result.flags) - 2
    with pytest.raises(UsageError):
        confirm_flags(case, result.transcript_id, [threat.id])  # no longer pending


def test_flags_only_come_from_the_scammer_once_named(case: Case) -> None:
    result = import_chat(case, DATA / "_chat.txt", scammer="Nina")
    assert {f.author for f in result.flags} == {"Nina"}
    gift = next(p for p in result.identifiers if p.kind == IdentifierKind.GIFT_CARD)
    assert gift.value == "AQ7XK9PL2M4TZ8" and gift.network == "Amazon" and gift.payment_kind == PaymentKind.PAYMENT


def test_changing_the_scammer_keeps_decisions(case: Case) -> None:
    result = import_chat(case, DATA / "WhatsApp Chat with Jake.txt")
    assert result.scammer == "Jake" and not result.scammer_given
    dismiss_identifiers(case, result.transcript_id, ["I1"])
    dismissed = next(p for p in list_imports(case)[0].identifiers if p.id == "I1")
    updated = set_scammer(case, result.transcript_id, "Sam")
    assert updated.scammer == "Sam" and updated.scammer_given
    assert all(f.author == "Sam" for f in updated.flags if f.status == ProposalStatus.PROPOSED)
    kept = [p for p in updated.identifiers if p.value == dismissed.value]
    assert kept and kept[0].status == ProposalStatus.DISMISSED


def test_an_unknown_scammer_name_changes_nothing(case: Case) -> None:
    before = (len(case.items), len(case.custody))
    with pytest.raises(UsageError) as caught:
        import_chat(case, LUCAS, scammer="Nobody")
    assert caught.value.key == "chat.error.unknown_participant"
    assert caught.value.params["participants"] == "Lucas, Emma"
    assert (len(case.items), len(case.custody)) == before


def test_the_same_export_twice_is_not_added_twice(case: Case) -> None:
    first = import_chat(case, LUCAS)
    second = import_chat(case, LUCAS)
    assert second.already_imported and second.transcript_id == first.transcript_id
    assert len(case.items) == 1 and len(case.extra["transcript"]) == 1


def test_telegram_zip_takes_out_only_the_media_the_chat_names(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "ChatExport_2024-03-15.zip"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("ChatExport_2024-03-15/result.json", (DATA / "result.json").read_bytes())
        archive.writestr("ChatExport_2024-03-15/photos/photo_1@14-03-2024_21-30-00.jpg", png_bytes(40, 40))
        archive.writestr("ChatExport_2024-03-15/css/style.css", b"body{}")
    result = import_chat(case, out)
    assert list(result.media) == ["photos/photo_1@14-03-2024_21-30-00.jpg"]
    assert result.scammer == "Kevin"
    participant = result.identifiers[0]
    assert participant.kind == IdentifierKind.PLATFORM_ID and participant.username == "5123456789"
    accept_identifiers(case, result.transcript_id, [participant.id])
    account = next(iter(case.accounts.values()))
    assert account.platform == "telegram" and account.numeric_id == "5123456789" and account.display_name == "Kevin"


def _instagram_zip(tmp_path: Path) -> Path:
    lucas_thread = json.loads((DATA / "message_1.json").read_text(encoding="utf-8"))
    other = {
        "participants": [{"name": "Maman"}, {"name": "In\u00e8s"}],
        "messages": [{"sender_name": "Maman", "timestamp_ms": 1710000000000, "content": "Tu rentres quand ?"}],
        "title": "Maman",
        "thread_path": "inbox/maman_1",
    }
    out = tmp_path / "instagram-ines-2024-03-15.zip"
    with zipfile.ZipFile(out, "w") as archive:
        base = "your_instagram_activity/messages/inbox"
        archive.writestr(f"{base}/theomartin_1784512345/message_1.json", json.dumps(lucas_thread))
        archive.writestr(f"{base}/theomartin_1784512345/photos/1234.jpg", png_bytes(30, 30))
        archive.writestr(f"{base}/maman_1/message_1.json", json.dumps(other))
        archive.writestr("personal_information/personal_information.json", b"{}")
    return out


def test_instagram_export_with_several_conversations_needs_the_scammer(case: Case, tmp_path: Path) -> None:
    path = _instagram_zip(tmp_path)
    with pytest.raises(ChatExportRejected) as caught:
        import_chat(case, path)
    assert caught.value.key == "chat.reject.many_threads" and "Théo Martin" in caught.value.params["threads"]
    assert not case.items
    result = import_chat(case, path, scammer="théo martin")
    assert result.platform == "instagram" and result.message_count == 4
    assert list(result.media) == ["your_instagram_activity/messages/inbox/theomartin_1784512345/photos/1234.jpg"]
    assert any(p.value == "+33781234567" and p.platform == "whatsapp" for p in result.identifiers)


def test_excerpts_give_the_hash_and_flagged_messages_with_context(case: Case) -> None:
    result = import_chat(case, LUCAS, scammer="Lucas")
    dismissed = next(f for f in result.flags if f.message_index == 11)
    dismiss_flags(case, result.transcript_id, [dismissed.id])
    confirm_flags(case, result.transcript_id, [next(f.id for f in result.flags if f.message_index == 5)])
    excerpts = transcript_excerpts(case)
    assert excerpts and all(e.sha256 == result.sha256 and e.item_id == result.item_id for e in excerpts)
    shown = [m for e in excerpts for m in e.messages]
    indexes = [m.index for m in shown]
    assert indexes == sorted(set(indexes))  # merged windows, no repeats
    assert 4 in indexes and 6 in indexes  # context around message 5
    five = next(m for m in shown if m.index == 5)
    assert five.flagged and five.confirmed and "threat" in five.flag_kinds and five.sender == "Lucas"
    emma = next(m for m in shown if m.index == 6)
    assert not emma.flagged and emma.sender == "Emma"
    assert not next(m for m in shown if m.index == 11).flagged  # dismissed flags are context at most


def test_dossier_content_reads_the_excerpts(case: Case) -> None:
    from evidence_kit.dossier import content

    import_chat(case, LUCAS, scammer="Lucas")
    excerpts = content.chat_excerpts(case)
    assert excerpts and excerpts[0].messages[0].sender in ("Lucas", "Emma", "")


# --- the command line ------------------------------------------------------------------------------


def _cli_case(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-case"
    Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())[0].close()
    return folder


def test_cli_prints_proposals_then_records_what_is_accepted(tmp_path: Path) -> None:
    folder = _cli_case(tmp_path)
    first = run_cli("import-chat", str(folder), str(LUCAS), "--json", "--lang", "en")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["scammer"] == "Lucas" and data["message_count"] == 13 and "blob" not in data
    assert any(i["value"] == "FR7630006000011234567890189" for i in data["identifiers"])
    assert data["rejected"][0]["value"] == "FR7630006000011234567890188"
    text = run_cli("import-chat", str(folder), str(LUCAS), "--scammer", "Lucas", "--lang", "en")
    assert "already in the vault" in text.stdout and "--accept-flags" in text.stdout
    accepted = run_cli("import-chat", str(folder), str(LUCAS), "--accept-flags", "--accept-identifiers", "--lang", "fr")
    assert accepted.returncode == 0, accepted.stderr
    assert "ajoutés à la chronologie" in accepted.stdout and "identifiants enregistrés" in accepted.stdout
    with Case.open(folder, passphrase=PASSPHRASE) as case:
        assert len(case.events) == len(data["flags"]) and case.payments and case.accounts


def test_cli_refusal_is_one_clear_line_and_exit_code_4(tmp_path: Path) -> None:
    folder = _cli_case(tmp_path)
    bad = tmp_path / "notes.txt"
    bad.write_text("Shopping list\nmilk\n", encoding="utf-8")
    result = run_cli("import-chat", str(folder), str(bad), "--lang", "en")
    assert result.returncode == 4
    assert "does not look like a chat export" in result.stderr and "Traceback" not in result.stderr
    listing = run_cli("list", str(folder), "--json")
    assert json.loads(listing.stdout) == []


def test_cli_no_media_keeps_media_inside_the_export(tmp_path: Path) -> None:
    folder = _cli_case(tmp_path)
    result = run_cli("import-chat", str(folder), str(_whatsapp_zip(tmp_path)), "--no-media", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["media"] == {}
    assert len(json.loads(run_cli("list", str(folder), "--json").stdout)) == 1


def test_cli_text_only_keeps_the_fingerprint_and_the_text_never_the_pictures(tmp_path: Path) -> None:
    import hashlib

    folder = _cli_case(tmp_path)
    export = _whatsapp_zip(tmp_path)
    done = run_cli("import-chat", str(folder), str(export), "--text-only", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["export_kept"] is False and data["media"] == {}
    assert data["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    assert any(w["key"] == "chat.warn.export_not_kept" for w in data["warnings"])
    case = Case.open(folder, passphrase=PASSPHRASE)
    try:
        assert not case.items[data["item_id"]].blob_id
        (text_id,) = data["text_item_ids"]
        text = case.items[text_id]
        assert text.sha256 == hashlib.sha256(LUCAS.read_bytes()).hexdigest()
        assert len(case.items) == 2 and case.verify().ok
    finally:
        case.close()


# --- the zone of the phone's clock -------------------------------------------------------------------


def test_whatsapp_times_stay_as_written_and_events_get_the_given_zone_offset(case: Case) -> None:
    result = import_chat(case, LUCAS, scammer="Lucas", time_zone="Europe/Paris")
    assert (result.assumed_time_zone, result.time_zone_source) == ("Europe/Paris", "given")
    assert load_transcript(case, result.transcript_id).messages[5].at == "2024-03-14T22:05:00"  # never shifted
    threat = next(f for f in result.flags if f.message_index == 5)
    assert threat.at == "2024-03-14T22:05:00"
    (event,) = confirm_flags(case, result.transcript_id, [threat.id])
    assert event.date == "2024-03-14T22:05:00+01:00"  # 21:05 UTC: Paris was on winter time
    payment = next(
        p for p in accept_identifiers(case, result.transcript_id) if getattr(p, "destination", "").startswith("FR76")
    )
    assert payment.date == "2024-03-14T22:07:00+01:00"
    assert list_imports(case)[0].assumed_time_zone == "Europe/Paris"


def test_without_a_zone_the_computers_zone_is_assumed_and_said(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Montreal")
    result = import_chat(case, LUCAS, scammer="Lucas")
    assert (result.assumed_time_zone, result.time_zone_source) == ("America/Montreal", "computer")
    (event,) = confirm_flags(case, result.transcript_id, [next(f.id for f in result.flags if f.message_index == 5)])
    assert event.date == "2024-03-14T22:05:00-04:00"  # daylight saving time began on 10 March in Montreal


def test_exports_with_absolute_times_assume_no_zone(case: Case) -> None:
    result = import_chat(case, DATA / "result.json")
    assert result.time_zone_known and result.assumed_time_zone == "" and result.time_zone_source == ""


def test_a_bad_zone_is_refused_before_the_case_is_touched(case: Case) -> None:
    for bad in ("Mars/Olympus", "../../etc/passwd", "paris"):
        with pytest.raises(UsageError) as caught:
            import_chat(case, LUCAS, time_zone=bad)
        assert caught.value.key == "chat.error.bad_time_zone"
    assert not case.items and not list_imports(case)


def test_an_import_recorded_before_zones_were_kept_still_loads(case: Case) -> None:
    result = import_chat(case, LUCAS, scammer="Lucas")
    data = dict(case.extra["transcript"][result.transcript_id])
    data.pop("assumed_time_zone")
    data.pop("time_zone_source")
    case.save_extra("transcript", result.transcript_id, data, blobs=[result.blob])
    record = list_imports(case)[0]
    assert record.assumed_time_zone == "" and record.message_count == 13
    (event,) = confirm_flags(case, result.transcript_id, [next(f.id for f in result.flags if f.message_index == 5)])
    assert event.date == "2024-03-14T22:05:00"  # as before: no zone was recorded, none is invented


def test_cli_time_zone_option(tmp_path: Path) -> None:
    folder = _cli_case(tmp_path)
    bad = run_cli("import-chat", str(folder), str(LUCAS), "--time-zone", "Mars/Olympus", "--lang", "en")
    assert bad.returncode == 2 and "Mars/Olympus" in bad.stderr and "Traceback" not in bad.stderr
    assert json.loads(run_cli("list", str(folder), "--json").stdout) == []
    good = run_cli("import-chat", str(folder), str(LUCAS), "--time-zone", "Europe/Brussels", "--lang", "fr")
    assert good.returncode == 0, good.stderr
    assert "l'heure de Europe/Brussels, comme vous l'avez indiqué" in good.stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_dossier_says_an_export_kept_by_fingerprint_only_was_never_kept(case: Case, tmp_path: Path) -> None:
    from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier

    record = import_chat(case, _whatsapp_zip(tmp_path), keep_export=False)
    result = export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "dossier.pdf", lang="en"))
    text = subprocess.run(
        ["pdftotext", "-upw", result.password, str(result.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "the file itself was never kept" in flat and "Never kept: fingerprint only." in flat
    assert " ".join(record.sha256[i : i + 16] for i in range(0, 64, 16)) in flat


def test_text_only_keeps_every_file_of_a_long_instagram_conversation(case: Case, tmp_path: Path) -> None:
    thread = json.loads((DATA / "message_1.json").read_text(encoding="utf-8"))
    older = dict(
        thread,
        messages=[
            {
                "sender_name": "Th\u00c3\u00a9o Martin",
                "timestamp_ms": 1709000000000,
                "content": "Salut, on se conna\u00c3\u00aet ?",
            }
        ],
    )
    out = tmp_path / "instagram.zip"
    base = "your_instagram_activity/messages/inbox/theomartin_1784512345"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(f"{base}/message_1.json", json.dumps(thread))
        archive.writestr(f"{base}/message_2.json", json.dumps(older))
        archive.writestr(f"{base}/photos/1234.jpg", png_bytes(30, 30))
    record = import_chat(case, out, keep_export=False)
    assert record.message_count == 5
    kept = [case.items[i] for i in record.text_item_ids]
    assert [i.source_name for i in kept] == [f"{base}/message_1.json", f"{base}/message_2.json"]
    assert not any(i.source_name.endswith(".jpg") for i in case.items.values())
