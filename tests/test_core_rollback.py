"""Attack (issue 12, item 1): older files put back over a case. Nothing is deleted, and the computer notices."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes, run_cli

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import Origin
from evidence_kit.core.seen import SeenCases, default_path

JOURNAL_FILES = ("head.ek", "journal.ek")


def _blob_files(folder: Path) -> dict[str, bytes]:
    """Every encrypted blob anywhere in the case, by id, wherever it sits (blobs/ or quarantine/)."""
    return {p.stem: p.read_bytes() for p in folder.rglob("*.blob")}


def _snapshot(folder: Path, into: Path) -> None:
    into.mkdir()
    for name in JOURNAL_FILES:
        shutil.copy2(folder / name, into / name)


def _put_back(snapshot: Path, folder: Path) -> None:
    for name in JOURNAL_FILES:
        shutil.copy2(snapshot / name, folder / name)


@pytest.fixture
def rolled_back(tmp_path: Path) -> tuple[Path, Path, Path, dict[str, str]]:
    """A case with one item, then two more; returns the folder with the older journal put back."""
    folder = tmp_path / "case"
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    with case:
        first = case.add_bytes(png_bytes(marker=b"first"), origin=Origin.CLIPBOARD).item
    _snapshot(folder, tmp_path / "older")
    with Case.open(folder, PASSPHRASE) as case:
        second = case.add_bytes(png_bytes(marker=b"second"), origin=Origin.SCREEN_CAPTURE).item
        third = case.add_bytes(b"%PDF-1.4 not a picture", origin=Origin.CLIPBOARD, as_file=True).item
    _snapshot(folder, tmp_path / "newer")
    _put_back(tmp_path / "older", folder)
    return folder, tmp_path / "older", tmp_path / "newer", {"first": first.id, "second": second.id, "third": third.id}


def test_opening_an_older_copy_deletes_no_blob_and_says_it_is_older(
    rolled_back: tuple[Path, Path, Path, dict[str, str]],
) -> None:
    folder, _, _, ids = rolled_back
    before = _blob_files(folder)
    assert len(before) == 5  # two pictures with their thumbnails, one plain file
    with Case.open(folder, PASSPHRASE) as case:  # what `list` does
        assert sorted(case.items) == [ids["first"]]
        assert case.rollback is not None
        # keys, profile, creation, then two records per item
        assert (case.rollback.seen_records, case.rollback.found_records) == (9, 5)
        assert case.rollback.seen_at == case.rollback.seen_at.strip() and case.rollback.seen_at.endswith("Z")
        report = case.verify()
        assert not report.ok
        assert [p.key for p in report.problems] == ["verify.case_older"]
        assert len(report.quarantined) == 3
        assert len(case.custody) == 2, "a failed verification records nothing"
    assert _blob_files(folder) == before, "a blob was deleted or changed"
    assert len(list((folder / "quarantine").glob("*.blob"))) == 3


def test_putting_the_newer_files_back_restores_everything(rolled_back: tuple[Path, Path, Path, dict[str, str]]) -> None:
    folder, _, newer, ids = rolled_back
    with Case.open(folder, PASSPHRASE):
        pass  # the newer blobs go to quarantine
    _put_back(newer, folder)
    with Case.open(folder, PASSPHRASE) as case:
        assert case.rollback is None
        assert sorted(case.items) == sorted(ids.values())
        report = case.verify(record=False)
        assert report.ok, report.problems
        assert report.quarantined == []
        assert case.thumbnail_png(ids["second"]).startswith(b"\x89PNG")
    assert not list((folder / "quarantine").glob("*.blob"))


def test_verify_on_the_command_line_exits_1_on_an_older_copy_then_0(
    rolled_back: tuple[Path, Path, Path, dict[str, str]],
) -> None:
    folder, _, newer, _ = rolled_back
    older = run_cli("verify", str(folder))
    assert older.returncode == 1, older.stdout + older.stderr
    assert "older than the one this computer last saw" in older.stderr
    assert "set aside in the vault's quarantine folder" in older.stderr, "the kept files are named"
    listed = run_cli("list", str(folder))
    assert listed.returncode == 0, listed.stderr
    _put_back(newer, folder)
    again = run_cli("verify", str(folder))
    assert again.returncode == 0, again.stdout + again.stderr


def test_only_a_write_recorded_as_pending_is_cleaned_up(case: Case) -> None:
    """A blob written but never named (a killed write) goes; a blob nobody claims is set aside, not deleted."""
    folder = case.folder
    case.add_bytes(png_bytes(), origin=Origin.CLIPBOARD)
    pending = case.store_blob(b"never named by a record")  # the chat importer's first step, then killed
    foreign = folder / "blobs" / "ab" / ("ab" + "0" * 30 + ".blob")
    foreign.parent.mkdir(exist_ok=True)
    foreign.write_bytes(b"a file the journal does not know")
    case.close()
    with Case.open(folder, PASSPHRASE) as reopened:
        assert not case.blobs.path_for(pending).exists()
        assert not foreign.exists()
        assert (folder / "quarantine" / foreign.name).read_bytes() == b"a file the journal does not know"
        report = reopened.verify(record=False)
        assert report.ok and report.quarantined == [foreign.name]
    assert not list(folder.rglob("*.pending")), "pending markers of committed writes are removed"


def test_the_computer_record_names_no_case_and_holds_no_personal_data(tmp_path: Path) -> None:
    seen = SeenCases(tmp_path / "seen.json")
    case, _ = Case.create(tmp_path / "c", PASSPHRASE, name="Léa's case", kdf=KdfParams.for_tests(), seen=seen)
    with case:
        case.add_bytes(png_bytes(), origin=Origin.CLIPBOARD)
        case_id = case.case_id
    text = (tmp_path / "seen.json").read_text()
    assert case_id not in text and "Léa" not in text
    (entry,) = json.loads(text).values()
    assert entry["records"] == 5
    assert default_path().is_relative_to(os.environ["XDG_DATA_HOME"])  # tests never touch the real data folder


def test_an_older_head_alone_keeps_the_newer_journal_records_it_would_cut(
    rolled_back: tuple[Path, Path, Path, dict[str, str]],
) -> None:
    """Only head.ek put back: the newer frames past it are kept in quarantine before the next write."""
    folder, older, newer, _ = rolled_back
    shutil.copy2(newer / "journal.ek", folder / "journal.ek")  # the journal is the newer one, the head older
    committed = (older / "journal.ek").stat().st_size
    tail = (newer / "journal.ek").read_bytes()[committed:]
    with Case.open(folder, PASSPHRASE) as case:
        assert case.rollback is not None
        case.add_bytes(png_bytes(marker=b"written on the older state"), origin=Origin.CLIPBOARD)
        kept = [p for p in (folder / "quarantine").iterdir() if p.name.startswith("journal-tail-")]
        assert [p.read_bytes() for p in kept] == [tail]
        assert any(name.startswith("journal-tail-") for name in case.verify(record=False).quarantined)
