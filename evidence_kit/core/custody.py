"""The chain of custody: how an entry is hashed and signed, and the one checker of a chain.

The checker is a pure function over the entries and the custody public key, so the case
(``Case.verify``) and a recipient holding only a dossier (``dossier.verify``) apply the same rules.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from evidence_kit.core.keys import CaseKeys, verify_custody_signature
from evidence_kit.core.model import CustodyAction, CustodyEntry, to_dict

# The actions that put evidence (or a fingerprint of it) into the case: each names the item and its SHA-256.
EVIDENCE_ACTIONS: frozenset[CustodyAction] = frozenset(
    {
        CustodyAction.CAPTURED,
        CustodyAction.IMPORTED,
        CustodyAction.PASTED,
        CustodyAction.DERIVED,
        CustodyAction.RECORDED,
    }
)


def custody_entry_hash(entry: CustodyEntry) -> str:
    """SHA-256 of the entry's canonical JSON, without its own hash and signature."""
    data = to_dict(entry)
    data.pop("entry_hash", None)
    data.pop("signature", None)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signed_entry(
    keys: CaseKeys,
    previous: CustodyEntry | None,
    action: CustodyAction,
    at: str,
    subject: str = "",
    sha256: str = "",
    details: dict[str, Any] | None = None,
) -> CustodyEntry:
    """The entry that follows ``previous`` (None: the first one), hashed and signed with the case's custody key."""
    entry = CustodyEntry(
        seq=previous.seq + 1 if previous else 1,
        at=at,
        action=action,
        subject=subject,
        sha256=sha256,
        details=details or {},
        prev_hash=previous.entry_hash if previous else "",
    )
    entry.entry_hash = custody_entry_hash(entry)
    entry.signature = keys.custody_key.sign(bytes.fromhex(entry.entry_hash)).hex()
    return entry


class CustodyFault(StrEnum):
    START = "start"  # the chain does not begin with the case's creation
    KEY = "key"  # the creation entry names another public key than the one given
    CHAIN = "chain"  # a sequence number or a link to the previous entry is wrong
    HASH = "hash"  # the entry's content does not match its hash
    SIGNATURE = "signature"  # the hash is not signed by the custody key


@dataclass(frozen=True)
class CustodyFinding:
    position: int  # 1-based place in the list
    seq: int  # the sequence number the entry declares
    fault: CustodyFault


@dataclass
class CustodyCheck:
    entries: int = 0
    findings: list[CustodyFinding] = field(default_factory=list)
    added: dict[str, str] = field(default_factory=dict)  # subject → SHA-256, from EVIDENCE_ACTIONS entries
    head: str = ""  # the last entry's hash

    @property
    def ok(self) -> bool:
        return not self.findings


def check_custody(entries: Sequence[CustodyEntry], public_key: str) -> CustodyCheck:
    """Check a whole chain against the custody public key (hex); every fault is listed, in order."""
    check = CustodyCheck(entries=len(entries))
    previous = ""
    for position, entry in enumerate(entries, start=1):
        if position == 1:
            if entry.action != CustodyAction.CREATED:
                check.findings.append(CustodyFinding(position, entry.seq, CustodyFault.START))
            elif not public_key or entry.details.get("custody_public_key") != public_key:
                check.findings.append(CustodyFinding(position, entry.seq, CustodyFault.KEY))
        if entry.seq != position or entry.prev_hash != previous:
            check.findings.append(CustodyFinding(position, entry.seq, CustodyFault.CHAIN))
        if custody_entry_hash(entry) != entry.entry_hash:
            check.findings.append(CustodyFinding(position, entry.seq, CustodyFault.HASH))
        elif not verify_custody_signature(public_key, bytes.fromhex(entry.entry_hash), entry.signature):
            check.findings.append(CustodyFinding(position, entry.seq, CustodyFault.SIGNATURE))
        if entry.action in EVIDENCE_ACTIONS and entry.sha256:
            check.added[entry.subject] = entry.sha256
        previous = entry.entry_hash
    check.head = previous
    return check
