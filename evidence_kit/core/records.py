"""The records of a case in memory, and the one way to change them: a commit of journal records.

Every change is a list of journal records (``put``, ``del``, ``custody``) appended as one
transaction, each with the signed custody entry that says what was done.  This module holds the
accounts, payments, timeline events, profile, links between items and accounts, and the records
other modules keep (chat transcripts…).  Callers hold the case's write lock (``Case`` does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from evidence_kit.core import clock
from evidence_kit.core.custody import signed_entry
from evidence_kit.core.errors import CaseDamaged, EvidenceRuleViolation, UsageError
from evidence_kit.core.journal import Journal
from evidence_kit.core.keys import CaseKeys
from evidence_kit.core.model import (
    Account,
    CaseProfile,
    CustodyAction,
    CustodyEntry,
    EvidenceItem,
    EvidenceKind,
    Payment,
    TimelineEvent,
    from_dict,
    to_dict,
)

Record = dict[str, Any]  # one journal record, as stored

_RECORD_TYPES: dict[str, type[Any]] = {
    "item": EvidenceItem,
    "account": Account,
    "payment": Payment,
    "event": TimelineEvent,
}
_ID_PREFIX = {"item": "E", "account": "A", "payment": "P", "event": "T"}
DESCRIBABLE = frozenset({"kind", "platform", "account", "account_ids", "note", "happened_at", "intimate"})
DELETABLE = ("account", "payment", "event")  # evidence items are never deleted, only purged


def put_record(kind: str, record_id: str, data: Any) -> Record:
    return {"t": "put", "kind": kind, "id": record_id, "data": data if isinstance(data, dict) else to_dict(data)}


def id_number(item_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in item_id if ch.isdigit())
    return (int(digits) if digits else 0, item_id)


def normalise_date(text: str) -> str:
    if not text:
        return ""
    try:
        return clock.parse_iso(text).isoformat()
    except ValueError:
        raise UsageError("error.bad_date", value=text) from None


class Ledger:
    """What the journal says, kept in memory, and the commits that extend it."""

    def __init__(
        self,
        journal: Journal,
        now: Callable[[], clock.Instant] = clock.now,
        after_commit: Callable[[int, str], None] | None = None,
        before_commit: Callable[[], list[str]] | None = None,
    ) -> None:
        self.journal = journal
        self.now = now
        self.after_commit = after_commit  # told the journal's record count and last custody time after a commit
        self.before_commit = before_commit  # upgrades done before a commit (of a header of an older version)
        self.items: dict[str, EvidenceItem] = {}
        self.accounts: dict[str, Account] = {}
        self.payments: dict[str, Payment] = {}
        self.events: dict[str, TimelineEvent] = {}
        self.profile = CaseProfile()
        self.custody: list[CustodyEntry] = []
        self.extra: dict[str, dict[str, dict[str, Any]]] = {}  # records of other modules (chat transcripts…)
        self.keys: CaseKeys | None = None
        self._counters: dict[str, int] = {}

    # --- loading ---------------------------------------------------------------

    def load(self) -> None:
        for _index, record in self.journal.iter_frames():
            self.apply(record)
        if self.keys is None:
            raise CaseDamaged("error.keys_missing")

    def apply(self, record: Record) -> None:
        kind = record.get("t")
        if kind == "keys":
            self.keys = CaseKeys.from_record(record)
        elif kind == "put":
            self._apply_put(record["kind"], record["id"], record["data"])
        elif kind == "del":
            self.collection(record["kind"]).pop(record["id"], None)
        elif kind == "custody":
            self.custody.append(from_dict(CustodyEntry, record["entry"]))
        else:
            raise CaseDamaged("error.journal_unknown_record")

    def _apply_put(self, kind: str, record_id: str, data: dict[str, Any]) -> None:
        if kind == "profile":
            self.profile = from_dict(CaseProfile, data)
            return
        if kind.startswith("x:"):
            self.extra.setdefault(kind[2:], {})[record_id] = data
            return
        self.collection(kind)[record_id] = from_dict(_RECORD_TYPES[kind], data)
        prefix = _ID_PREFIX[kind]
        if record_id.startswith(prefix) and record_id[len(prefix) :].isdigit():
            self._counters[kind] = max(self._counters.get(kind, 0), int(record_id[len(prefix) :]))

    def collection(self, kind: str) -> dict[str, Any]:
        if kind.startswith("x:"):
            extra: dict[str, Any] = self.extra.setdefault(kind[2:], {})
            return extra
        collections: dict[str, dict[str, Any]] = {
            "item": self.items,
            "account": self.accounts,
            "payment": self.payments,
            "event": self.events,
        }
        return collections[kind]

    def next_id(self, kind: str) -> str:
        self._counters[kind] = self._counters.get(kind, 0) + 1
        return f"{_ID_PREFIX[kind]}{self._counters[kind]}"

    def give_back_id(self, kind: str) -> None:
        """The last id taken was not committed: the next record takes it again."""
        self._counters[kind] -= 1

    def referenced_blobs(self) -> set[str]:
        referenced = {i.blob_id for i in self.items.values()} | {i.thumbnail_blob_id for i in self.items.values()}
        for records in self.extra.values():
            for data in records.values():
                referenced.update(data.get("_blobs", []))
        return referenced

    def clear(self) -> None:
        self.items.clear()
        self.accounts.clear()
        self.payments.clear()
        self.events.clear()
        self.custody.clear()
        self.profile = CaseProfile()
        self.keys = None

    # --- committing --------------------------------------------------------------

    def first_records(self, keys: CaseKeys, profile: CaseProfile, created: clock.Instant) -> list[Record]:
        """The records that begin a new case's journal: its keys, its profile, its creation in custody."""
        self.keys, self.profile = keys, profile
        details = {"custody_public_key": keys.custody_public_hex, "seal_certificate_sha256": keys.seal_fingerprint}
        return [
            {"t": "keys", **keys.to_record()},
            put_record("profile", "profile", profile),
            self.custody_record(CustodyAction.CREATED, details=details, instant=created),
        ]

    def custody_record(
        self,
        action: CustodyAction,
        subject: str = "",
        sha256: str = "",
        details: dict[str, Any] | None = None,
        instant: clock.Instant | None = None,
    ) -> Record:
        """Sign the next custody entry and hold it in memory (``commit`` drops it again if the write fails)."""
        assert self.keys is not None
        at = (instant or self.now()).utc
        entry = signed_entry(
            self.keys, self.custody[-1] if self.custody else None, action, at, subject, sha256, details
        )
        self.custody.append(entry)
        return {"t": "custody", "entry": to_dict(entry)}

    def commit(self, records: list[Record]) -> None:
        """Append records as one transaction; on failure, memory is rolled back to the journal."""
        upgraded = self.before_commit() if self.before_commit else []
        if upgraded:
            records = [*records, self.custody_record(CustodyAction.UPGRADED, details={"upgraded": upgraded})]
        custody_before = len(self.custody)
        try:
            self.journal.append(records)
        except BaseException:
            del self.custody[custody_before - sum(1 for r in records if r.get("t") == "custody") :]
            raise
        for record in records:
            if record["t"] in ("put", "del"):
                self.apply(record)
        if self.after_commit:
            self.after_commit(self.journal.head.frames, self.last_at())

    def last_at(self) -> str:
        """When the last custody entry was made ("" before the first)."""
        return self.custody[-1].at if self.custody else ""

    def log_action(self, action: CustodyAction, subject: str = "", sha256: str = "", **details: Any) -> None:
        self.commit([self.custody_record(action, subject, sha256, details)])

    # --- reading -----------------------------------------------------------------

    def find_by_sha256(self, sha256: str) -> EvidenceItem | None:
        for item in self.items.values():
            if item.sha256 == sha256:
                return item
        return None

    def item(self, item_id: str) -> EvidenceItem:
        """An item by id, or by a unique prefix of six or more characters of its SHA-256."""
        found = self.items.get(item_id)
        if found is None:
            matches = [i for i in self.items.values() if len(item_id) >= 6 and i.sha256.startswith(item_id.lower())]
            if len(matches) == 1:
                return matches[0]
            raise UsageError("error.no_such_item", item=item_id)
        return found

    def evidence_items(self, include_intimate: bool = True) -> list[EvidenceItem]:
        items = sorted(self.items.values(), key=lambda i: id_number(i.id))
        return [i for i in items if include_intimate or not i.intimate]

    def evidence_for_account(self, account_id: str) -> list[EvidenceItem]:
        return [i for i in self.evidence_items() if account_id in i.account_ids]

    # --- accounts, payments, events, profile, other modules' records ------------------

    def save_account(self, account: Account) -> Account:
        if not account.id:
            account = replace(account, id=self.next_id("account"))
        # Screenshot before blocking, whatever the caller did to its copy of the record.
        if account.blocked_at and not self.evidence_for_account(account.id):
            raise EvidenceRuleViolation("error.block_needs_evidence")
        self._put("account", account.id, account, account.id not in self.accounts)
        return self.accounts[account.id]

    def save_payment(self, payment: Payment) -> Payment:
        if not payment.id:
            payment = replace(payment, id=self.next_id("payment"))
        self._put("payment", payment.id, payment, payment.id not in self.payments)
        return self.payments[payment.id]

    def save_event(self, event: TimelineEvent) -> TimelineEvent:
        if not event.id:
            event = replace(event, id=self.next_id("event"))
        self._put("event", event.id, event, event.id not in self.events)
        return self.events[event.id]

    def _put(self, kind: str, record_id: str, record: Any, new: bool) -> None:
        details = {"record": kind, "change": "added" if new else "updated"}
        self.commit(
            [
                put_record(kind, record_id, record),
                self.custody_record(CustodyAction.RECORDED, record_id, details=details),
            ]
        )

    def delete_record(self, kind: str, record_id: str) -> None:
        """Delete an account (unlinking its evidence), a payment or an event."""
        if kind not in DELETABLE or record_id not in self.collection(kind):
            raise UsageError("error.no_such_record", record=record_id)
        records: list[Record] = [{"t": "del", "kind": kind, "id": record_id}]
        if kind == "account":
            for item in self.evidence_for_account(record_id):
                unlinked = replace(item, account_ids=[a for a in item.account_ids if a != record_id])
                records.append(put_record("item", item.id, unlinked))
        records.append(self.custody_record(CustodyAction.REMOVED, record_id, details={"record": kind}))
        self.commit(records)

    def save_profile(self, profile: CaseProfile) -> CaseProfile:
        self.commit([put_record("profile", "profile", profile)])
        return self.profile

    def save_extra(self, kind: str, record_id: str, data: dict[str, Any], blobs: Iterable[str] = ()) -> None:
        data = dict(data)
        data["_blobs"] = list(blobs)
        new = record_id not in self.extra.get(kind, {})
        details = {"record": kind, "change": "added" if new else "updated"}
        self.commit(
            [
                put_record(f"x:{kind}", record_id, data),
                self.custody_record(CustodyAction.RECORDED, record_id, details=details),
            ]
        )

    # --- what the person says about an item ----------------------------------------------

    def update_item(self, item_id: str, **changes: Any) -> EvidenceItem:
        """Change what the person says about an item (and which accounts it shows); the bytes never change."""
        item = self.item(item_id)
        unknown = set(changes) - DESCRIBABLE
        if unknown:
            raise ValueError(f"not describable: {sorted(unknown)}")
        if "kind" in changes:
            changes["kind"] = EvidenceKind(changes["kind"])
        if "happened_at" in changes:
            changes["happened_at"] = normalise_date(changes["happened_at"])
        if "account_ids" in changes:
            missing = [a for a in changes["account_ids"] if a not in self.accounts]
            if missing:
                raise UsageError("error.no_such_account", account=missing[0])
        changed = sorted(k for k, v in changes.items() if getattr(item, k) != v)
        if not changed:
            return item
        updated = replace(item, **changes)
        self.commit(
            [
                put_record("item", item.id, updated),
                self.custody_record(CustodyAction.DESCRIBED, item.id, item.sha256, {"fields": changed}),
            ]
        )
        return self.items[item.id]
