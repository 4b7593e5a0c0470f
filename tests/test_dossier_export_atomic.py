"""Attack (issue 12, item 5): an export missing from the custody log while its dossier exists; stale partials."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.errors import StorageError
from evidence_kit.core.model import CustodyAction, EvidenceKind, Origin
from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    with case:
        case.add_bytes(png_bytes(marker=b"atomic"), origin=Origin.SCREEN_CAPTURE, kind=EvidenceKind.THREAT)
    return folder


def test_when_the_log_cannot_be_written_no_dossier_is_left(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "dossier.pdf"
    # a read-only case: the custody log refuses the entry, as a full disk would
    with Case.open(folder, PASSPHRASE, read_only=True) as case, pytest.raises(StorageError):
        export_dossier(case, ExportOptions(Recipient.POLICE, out))
    assert not out.exists() and not list(tmp_path.glob("*.partial"))
    with Case.open(folder, PASSPHRASE) as case:
        assert CustodyAction.EXPORTED not in [e.action for e in case.custody]


def test_a_stale_partial_file_is_removed_by_the_next_export(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "dossier.pdf"
    stale = tmp_path / "dossier.pdf.partial"
    stale.write_bytes(b"%PDF-1.7 an unsigned dossier a killed export left")
    with Case.open(folder, PASSPHRASE) as case:
        result = export_dossier(case, ExportOptions(Recipient.POLICE, out))
        assert [e.sha256 for e in case.custody if e.action == CustodyAction.EXPORTED] == [result.sha256]
    assert out.exists() and not stale.exists()
