"""Reading a case's screenshots: stored encrypted with provenance, one reading per engine, never intimate images."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import PASSPHRASE

from evidence_kit.core.case import Case
from evidence_kit.core.errors import UsageError
from evidence_kit.core.model import Origin
from evidence_kit.ocr import engine as registry
from evidence_kit.ocr.engine import get_engine
from evidence_kit.ocr.reading import EXTRA_KIND, pending_items, read_item, read_items, readings
from evidence_kit.ocr.tesseract import TesseractEngine

DATA = Path(__file__).parent / "data" / "ocr"
LABELS = {label["file"]: label for label in json.loads((DATA / "labels.json").read_text(encoding="utf-8"))}


class FrenchPageOnly(TesseractEngine):
    """A second real engine for the "one reading per engine" rule: Tesseract without the identifier pass."""

    name = "tesseract-page-only"

    def _identifier_boxes(self) -> list[tuple[int, int, int, int]]:
        return []


@pytest.fixture
def second_engine() -> str:
    registry.register_engine(FrenchPageOnly.name, lambda: FrenchPageOnly)
    yield FrenchPageOnly.name
    registry._REGISTRY.pop(FrenchPageOnly.name)
    registry._INSTANCES.pop(FrenchPageOnly.name, None)


def test_reading_is_kept_encrypted_with_provenance_and_survives_reopening(case: Case) -> None:
    item = case.add_file(DATA / "msg-fr-dark.png", platform="messenger").item
    reading = read_item(case, item.id)
    label = LABELS["msg-fr-dark.png"]
    wanted = {(i["kind"], i["value"]) for i in label["identifiers"]}
    assert wanted <= {(i.kind.value, i.value) for i in reading.identifiers}
    assert "Dernière chance" in reading.text
    provenance = get_engine().provenance()
    assert (reading.engine, reading.engine_version, reading.models) == ("tesseract", provenance.version,
                                                                         provenance.models)  # fmt: skip
    assert reading.item_sha256 == item.sha256
    folder = case.folder
    case.close()
    # Encrypted: no word of the text is in any file of the case.
    for path in folder.rglob("*"):
        if path.is_file():
            assert b"chance" not in path.read_bytes()
            assert label["identifiers"][0]["value"].encode() not in path.read_bytes()
    with Case.open(folder, passphrase=PASSPHRASE) as again:
        [kept] = readings(again, item.id)
        assert kept.text == reading.text
        assert [i.value for i in kept.identifiers] == [i.value for i in reading.identifiers]
        assert any(e.details.get("record") == EXTRA_KIND for e in again.custody)
        assert again.verify().ok


def test_reading_again_with_another_engine_keeps_both(case: Case, second_engine: str) -> None:
    item = case.add_file(DATA / "wa-fr-light.png").item
    read_item(case, item.id)
    read_item(case, item.id, get_engine(second_engine))
    assert sorted(r.engine for r in readings(case, item.id)) == sorted(["tesseract", second_engine])
    assert pending_items(case, "tesseract") == []


def test_intimate_and_fingerprint_only_items_are_never_read(case: Case, tmp_path: Path) -> None:
    intimate = case.add_file(DATA / "ig-fr-light.png").item
    case.mark_intimate(intimate.id, purge=False)  # even with its picture still kept
    recorded = case.record_file_by_hash(DATA / "ig-fr-dark.png", origin=Origin.IMPORT)
    photo = case.record_intimate_image(DATA / "snap-fr-dark.png", "described only")
    for item_id in (intimate.id, recorded.id, photo.id):
        with pytest.raises(UsageError):
            read_item(case, item_id)
    assert pending_items(case, "tesseract") == []
    report = read_items(case, [intimate.id, recorded.id, photo.id])
    assert report.readings == []
    assert [key for _id, key in report.refused] == [
        "ocr.refused.intimate", "ocr.refused.fingerprint_only", "ocr.refused.intimate"
    ]  # fmt: skip
    assert EXTRA_KIND not in case.extra


def test_read_items_reads_only_what_is_not_read_yet_and_reports_progress(case: Case) -> None:
    first = case.add_file(DATA / "web-msg-en-light.png").item
    read_item(case, first.id)
    second = case.add_file(DATA / "snap-en-light.png").item
    seen: list[tuple[int, int, str]] = []
    report = read_items(case, progress=lambda done, total, item: seen.append((done, total, item)))
    assert [r.item_id for r in report.readings] == [second.id]
    assert seen == [(1, 1, second.id)]


def test_cancel_before_an_item_stops_and_keeps_what_was_read(case: Case) -> None:
    from evidence_kit.core.errors import Cancelled

    case.add_file(DATA / "web-ig-fr-dark.png")
    with pytest.raises(Cancelled):
        read_items(case, cancel=lambda: True)
    assert EXTRA_KIND not in case.extra


def test_accepted_identifiers_become_records_linked_to_the_screenshot(case: Case) -> None:
    from evidence_kit.ocr.proposals import ProposalStatus
    from evidence_kit.ocr.review import accept_identifiers, confirm_flags, dismiss_flags

    item = case.add_file(DATA / "ig-fr-dark.png", platform="instagram").item
    reading = read_item(case, item.id)
    wanted = {i["value"] for i in LABELS["ig-fr-dark.png"]["identifiers"]}
    positions = [n for n, found in enumerate(reading.identifiers) if found.value in wanted]
    handle = next(n for n, found in enumerate(reading.identifiers) if found.value == "@noah.gaming77")
    saved = accept_identifiers(case, item.id, "tesseract", [*positions, handle])
    payments = {p.destination: p for p in case.payments.values()}
    assert wanted <= set(payments)
    assert all(payments[v].evidence_ids == [item.id] for v in wanted)
    [account] = case.accounts.values()
    assert (account.platform, account.username) == ("instagram", "noah.gaming77")
    assert case.item(item.id).account_ids == [account.id]
    events = confirm_flags(case, item.id, "tesseract", [0])
    dismiss_flags(case, item.id, "tesseract")
    [kept] = readings(case, item.id)
    assert {f.record_id for f in kept.identifiers if f.status == ProposalStatus.ACCEPTED} == {r.id for r in saved}
    assert kept.flags[0].event_id == events[0].id
    assert {f.status for f in kept.flags[1:]} == {ProposalStatus.DISMISSED}
    assert accept_identifiers(case, item.id, "tesseract", [handle]) == []  # already decided


def test_a_crop_of_an_intimate_picture_is_never_read_but_a_redaction_may_be(case: Case) -> None:
    original = case.add_file(DATA / "snap-fr-dark.png").item
    crop = case.derive_crop(original.id, (0, 0, 1080, 1200))
    redaction = case.derive_redaction(original.id, [(0, 1200, 1080, 2400)])
    case.mark_intimate(original.id)
    with pytest.raises(UsageError):
        read_item(case, crop.id)
    assert [i.id for i in pending_items(case, "tesseract")] == [redaction.id]
