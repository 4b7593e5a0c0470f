"""Flip one byte of any file of a case: verification fails and says where."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers import PASSPHRASE, run_cli

from evidence_kit.core.case import Case, iter_case_files
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.errors import CaseDamaged


@pytest.fixture
def closed_case(tmp_path: Path, make_png) -> tuple[Path, dict[str, str]]:
    """A case with originals, thumbnails and a derived item; returns its folder and blob → item."""
    case, _ = Case.create(tmp_path / "case", PASSPHRASE, kdf=KdfParams.for_tests())
    first = case.add_file(make_png(width=300, height=200)).item
    case.add_file(make_png(color=(0, 90, 0)))
    case.derive_redaction(first.id, [(0, 0, 40, 40)])
    owners = {}
    for item in case.items.values():
        owners[item.blob_id] = item.id
        owners[item.thumbnail_blob_id] = item.id
    case.close()
    return tmp_path / "case", owners


def _verify(folder: Path) -> list[str]:
    """What the person is told: the problems found, or the error that stopped the opening."""
    try:
        with Case.open(folder, PASSPHRASE) as case:
            report = case.verify(record=False)
            return [f"{p.key}:{p.subject}" for p in report.problems]
    except CaseDamaged as exc:
        return [f"{exc.key}:{exc.params}"]


def test_every_byte_flip_in_every_file_is_detected(closed_case: tuple[Path, dict[str, str]]) -> None:
    folder, owners = closed_case
    files = list(iter_case_files(folder))
    assert {"case.ek", "journal.ek", "head.ek"} <= {p.name for p in files}
    assert sum(1 for p in files if p.suffix == ".blob") == 6
    rng = random.Random(1234)
    for path in files:
        original = path.read_bytes()
        positions = {0, len(original) // 2, len(original) - 1, *(rng.randrange(len(original)) for _ in range(5))}
        for position in sorted(positions):
            damaged = bytearray(original)
            damaged[position] ^= 1 << rng.randrange(8)
            path.write_bytes(bytes(damaged))
            try:
                problems = _verify(folder)
            finally:
                path.write_bytes(original)
            assert problems, f"flip at {path.name}:{position} went unseen"
            if path.suffix == ".blob":
                owner = owners[path.stem]
                assert any(p.endswith(":" + owner) for p in problems), (path.name, problems)
    assert _verify(folder) == []


def test_removed_or_swapped_files_are_detected(closed_case: tuple[Path, dict[str, str]]) -> None:
    folder, _ = closed_case
    blobs = sorted(folder.glob("blobs/*/*.blob"))
    a, b = blobs[0].read_bytes(), blobs[1].read_bytes()
    blobs[0].write_bytes(b)
    blobs[1].write_bytes(a)
    assert _verify(folder)
    blobs[0].write_bytes(a)
    blobs[1].write_bytes(b)
    blobs[2].unlink()
    assert _verify(folder)


def test_journal_cut_short_is_detected(closed_case: tuple[Path, dict[str, str]]) -> None:
    folder, _ = closed_case
    journal = folder / "journal.ek"
    journal.write_bytes(journal.read_bytes()[:-100])
    assert _verify(folder)


def test_cli_verify_names_the_damaged_item(closed_case: tuple[Path, dict[str, str]]) -> None:
    folder, owners = closed_case
    blob = next(p for p in folder.glob("blobs/*/*.blob") if owners[p.stem] == "E2")
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0xFF
    blob.write_bytes(bytes(data))
    result = run_cli("verify", str(folder))
    assert result.returncode == 1
    assert "E2" in result.stderr and "Traceback" not in result.stderr
    head = folder / "head.ek"
    data = bytearray(head.read_bytes())
    data[5] ^= 0x01
    head.write_bytes(bytes(data))
    result = run_cli("verify", str(folder))
    assert result.returncode == 1 and "head.ek" in result.stderr


def test_every_bit_of_the_small_files_is_covered(closed_case: tuple[Path, dict[str, str]]) -> None:
    """case.ek and head.ek are checked as text: no flip may slip through (hex case, whitespace…)."""
    from evidence_kit.core.vault import read_header

    folder, _ = closed_case
    header = folder / "case.ek"
    original = header.read_bytes()
    for position in range(len(original)):
        for bit in range(8):
            damaged = bytearray(original)
            damaged[position] ^= 1 << bit
            header.write_bytes(bytes(damaged))
            with pytest.raises(CaseDamaged):
                read_header(folder)
    header.write_bytes(original)
    with Case.open(folder, PASSPHRASE) as case:
        journal = case._vault.journal
        head = folder / "head.ek"
        original = head.read_bytes()
        for position in range(len(original)):
            for bit in range(8):
                damaged = bytearray(original)
                damaged[position] ^= 1 << bit
                head.write_bytes(bytes(damaged))
                with pytest.raises(CaseDamaged):
                    journal.read_head()
        head.write_bytes(original)
