"""Verifying a case: header, every journal frame, the custody chain, every item's bytes and derivation."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from evidence_kit.core.blobstore import BlobStore, check_cancel
from evidence_kit.core.custody import CustodyFault, check_custody
from evidence_kit.core.errors import CaseDamaged
from evidence_kit.core.ingest import CancelCheck, Progress
from evidence_kit.core.model import EvidenceItem
from evidence_kit.core.records import Ledger
from evidence_kit.core.seen import Rollback
from evidence_kit.core.vault import Vault


@dataclass
class Problem:
    subject: str  # item id, "journal", "custody", "header"…
    key: str  # message key
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class VerificationReport:
    items_checked: int = 0
    bytes_checked: int = 0
    custody_entries: int = 0
    problems: list[Problem] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)  # files set aside in quarantine/ (not a failure)
    unnamed: list[str] = field(default_factory=list)  # read-only: blobs no record names, not moved (not a failure)

    @property
    def ok(self) -> bool:
        return not self.problems


_FAULT_KEYS = {
    CustodyFault.START: "verify.custody_start",
    CustodyFault.CHAIN: "verify.custody_chain",
    CustodyFault.HASH: "verify.custody_hash",
    CustodyFault.SIGNATURE: "verify.custody_signature",
}


def verify_case(
    vault: Vault,
    ledger: Ledger,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    rollback: Rollback | None = None,
) -> VerificationReport:
    """Check everything the case holds against what its journal and custody chain say."""
    report = VerificationReport(quarantined=vault.blobs.quarantine_files(), unnamed=list(vault.unnamed))
    if rollback is not None:
        params = {"seen_at": rollback.seen_at, "seen": rollback.seen_records, "found": rollback.found_records}
        report.problems.append(Problem("journal", "verify.case_older", params))
    try:
        vault.check_header()
    except CaseDamaged as exc:
        report.problems.append(Problem("header", exc.key, exc.params))
    try:
        for _frame in vault.journal.iter_frames():
            pass
    except CaseDamaged as exc:
        report.problems.append(Problem("journal", exc.key, exc.params))
    _verify_custody(ledger, report)
    total = sum(i.size for i in ledger.items.values() if i.blob_id) or 1
    done = 0
    for item in ledger.evidence_items():
        check_cancel(cancel)
        report.items_checked += 1
        if item.blob_id:

            def advance(size: int) -> None:
                nonlocal done
                done += size
                if progress:
                    progress(done, total)

            _verify_bytes(vault.blobs, item, report, advance, cancel)
        if item.derivation:
            parent = ledger.items.get(item.derivation.parent_id)
            if parent is None or parent.sha256 != item.derivation.parent_sha256:
                report.problems.append(Problem(item.id, "verify.parent_mismatch", {"item": item.id}))
    return report


def _verify_bytes(
    blobs: BlobStore,
    item: EvidenceItem,
    report: VerificationReport,
    advance: Callable[[int], None],
    cancel: CancelCheck | None,
) -> None:
    digest = hashlib.sha256()
    size = 0
    try:
        with blobs.open(item.blob_id) as reader:
            for chunk in reader.iter_chunks():
                check_cancel(cancel)
                digest.update(chunk)
                size += len(chunk)
                advance(len(chunk))
    except CaseDamaged:
        report.problems.append(Problem(item.id, "verify.item_damaged", {"item": item.id}))
        return
    report.bytes_checked += size
    if digest.hexdigest() != item.sha256 or size != item.size:
        report.problems.append(Problem(item.id, "verify.item_hash_mismatch", {"item": item.id}))
    if item.thumbnail_blob_id:
        try:
            blobs.read_bytes(item.thumbnail_blob_id)
        except CaseDamaged:
            report.problems.append(Problem(item.id, "verify.thumbnail_damaged", {"item": item.id}))


def _verify_custody(ledger: Ledger, report: VerificationReport) -> None:
    public = ledger.keys.custody_public_hex if ledger.keys else ""
    check = check_custody(ledger.custody, public)
    report.custody_entries = check.entries
    for finding in check.findings:
        if finding.fault == CustodyFault.KEY:
            report.problems.append(Problem("custody", "verify.custody_key", {}))
        else:
            subject = f"custody #{finding.seq}"
            report.problems.append(Problem(subject, _FAULT_KEYS[finding.fault], {"seq": finding.seq}))
    for item in ledger.items.values():
        if check.added.get(item.id) != item.sha256:
            report.problems.append(Problem(item.id, "verify.item_not_in_custody", {"item": item.id}))
