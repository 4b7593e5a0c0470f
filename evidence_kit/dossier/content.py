"""Gathers what a dossier shows from an open case: rows, counts and labels, in the dossier's language."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from evidence_kit.core.model import (
    Account,
    AccountOwner,
    DerivationKind,
    EvidenceItem,
    Payment,
    PaymentMethod,
    TimelineEvent,
)
from evidence_kit.core.summary import CaseCounts, case_counts
from evidence_kit.i18n import Translator, times

log = logging.getLogger(__name__)


class Recipient(StrEnum):
    POLICE = "police"
    HELPLINE = "3018"
    SELF = "self"


def local_obtained(t: Translator, item: EvidenceItem) -> str:
    """When the computer obtained an item: its own local time and offset, to the second, and its zone."""
    shown = times.short_time(t, item.local_time or item.obtained_at, item.time_zone, seconds=True)
    return f"{shown} ({item.time_zone})" if item.time_zone else shown


def platform_name(platform: str, other: str = "") -> str:
    """The platform's display name (shared with the facts drafter)."""
    from evidence_kit.core.facts import default_platform_name

    return default_platform_name(platform, other)


def account_label(t: Translator, account: Account) -> str:
    """The one label of an account: its platform and strongest identifier (``Account.label``)."""
    return account.label(t, platform_name(account.platform, account.platform_other))


@dataclass
class IdentifierRow:
    kind: str  # label, already translated
    value: str
    where: str  # platform / account / payment it belongs to
    free_text: bool = False  # a name a person chose (any script), not a machine identifier


@dataclass
class Money:
    demanded: dict[str, Decimal] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)

    @staticmethod
    def text(amounts: dict[str, Decimal]) -> str:
        return ", ".join(f"{_amount(v)} {c}" for c, v in sorted(amounts.items()))


def _amount(value: Decimal) -> str:
    """Every decimal the person typed is kept (crypto amounts have eight)."""
    whole, _, fraction = format(value, "f").partition(".")
    whole = f"{int(whole):,}".replace(",", " ") if whole.lstrip("-").isdigit() else whole
    return f"{whole}.{fraction}" if fraction else whole


def money(payments: list[Payment]) -> Money:
    counts = case_counts([], [], payments)
    return Money(demanded=counts.demanded, paid=counts.paid)


_DESTINATION_KIND = {
    PaymentMethod.CRYPTO: "dossier.id.wallet",
    PaymentMethod.GIFT_CARD: "dossier.id.gift_card",
    PaymentMethod.COUPON: "dossier.id.coupon",
    PaymentMethod.BANK_TRANSFER: "dossier.id.iban",
    PaymentMethod.OTHER: "dossier.id.destination",
}


def identifier_rows(
    t: Translator, accounts: list[Account], payments: list[Payment], by_id: dict[str, Account]
) -> list[IdentifierRow]:
    """Every identifier of the scammer in one list: accounts first (what platforms act on), then money trails."""
    rows: list[IdentifierRow] = []
    for account in accounts:
        where = platform_name(account.platform, account.platform_other)
        for name, value in account.identifiers():  # strongest first, the display name last
            rows.append(IdentifierRow(t(f"dossier.id.{name}"), value, where, name == "display_name"))
    for payment in payments:
        where = t("dossier.payment_ref", id=payment.id)
        if payment.account_id in by_id:
            where += " · " + account_label(t, by_id[payment.account_id])
        if payment.destination:
            key = (
                "dossier.id.email"
                if "@" in payment.destination and payment.method == PaymentMethod.OTHER
                else _DESTINATION_KIND[payment.method]
            )
            rows.append(IdentifierRow(t(key), payment.destination, where))
        if payment.reference:
            rows.append(IdentifierRow(t("dossier.id.transaction"), payment.reference, where))
    return rows


@dataclass
class Overview:
    """The period, the platforms and the accounts of the one-page summary; every count is ``counts``."""

    first_date: str
    last_date: str
    platforms: list[str]
    scammer_accounts: list[Account]
    own_accounts: list[Account]
    counts: CaseCounts
    money: Money


def overview(
    items: list[EvidenceItem], accounts: list[Account], payments: list[Payment], events: list[TimelineEvent]
) -> Overview:
    moments = [
        times.parse(d) for d in [e.date for e in events] + [i.happened_at for i in items] + [p.date for p in payments]
    ]
    dated = sorted(
        (m, text)
        for m, text in zip(
            moments, [e.date for e in events] + [i.happened_at for i in items] + [p.date for p in payments], strict=True
        )
        if m is not None
    )
    # The period of the facts comes only from dates of the facts: when evidence was obtained is not one.
    scammers = [a for a in accounts if a.owner == AccountOwner.SCAMMER]
    platforms: list[str] = []
    for account in _by_path(scammers):
        name = platform_name(account.platform, account.platform_other)
        if name and name not in platforms:
            platforms.append(name)
    for item in items:
        name = platform_name(item.platform)
        if name and name not in platforms:
            platforms.append(name)
    counts = case_counts(items, accounts, payments)
    return Overview(
        first_date=dated[0][1] if dated else "",
        last_date=dated[-1][1] if dated else "",
        platforms=platforms,
        scammer_accounts=_by_path(scammers),
        own_accounts=[a for a in accounts if a.owner == AccountOwner.VICTIM],
        counts=counts,
        money=Money(demanded=counts.demanded, paid=counts.paid),
    )


def count_lines(t: Translator, counts: CaseCounts) -> list[str]:
    """The case's contents in a few plural-correct phrases (cover, summary, the window's export step)."""
    lines = [t("dossier.count.items", n=counts.items)]
    if counts.derived:
        lines.append(t("dossier.count.derived", n=counts.derived))
    if counts.intimate:
        lines.append(t("dossier.count.intimate", n=counts.intimate))
    accounts = [t("dossier.count.scammer_accounts", n=counts.scammer_accounts)]
    if counts.own_accounts:
        accounts.append(t("dossier.count.own_accounts", n=counts.own_accounts))
    money = []
    if counts.demands:
        money.append(t("dossier.count.demands", n=counts.demands))
    if counts.payments:
        money.append(t("dossier.count.payments", n=counts.payments))
    return [", ".join(lines), ", ".join(accounts)] + ([", ".join(money)] if money else [])


def _by_path(accounts: list[Account]) -> list[Account]:
    """Accounts in the order the scammer used them (met on A → moved to B), others after."""
    ids = {a.id for a in accounts}
    starts = [a for a in accounts if not a.came_from or a.came_from not in ids]
    ordered: list[Account] = []
    for start in starts:
        current: Account | None = start
        while current is not None and current not in ordered:
            ordered.append(current)
            current = next((a for a in accounts if a.came_from == current.id and a not in ordered), None)
    return ordered + [a for a in accounts if a not in ordered]


def redacted_versions(items: list[EvidenceItem]) -> dict[str, EvidenceItem]:
    """Parent id -> its (last) redacted version: the dossier pictures the redacted one instead of the parent."""
    found: dict[str, EvidenceItem] = {}
    for item in items:
        if item.derivation and item.derivation.kind == DerivationKind.REDACT and not item.intimate:
            found[item.derivation.parent_id] = item
    return found


def chat_excerpts(case: Any) -> list[Any]:
    """Flagged chat messages with their context, when the chat module is installed."""
    try:
        from evidence_kit.chat.excerpts import transcript_excerpts
    except ImportError:
        return []
    try:
        return list(transcript_excerpts(case))
    except Exception:  # noqa: BLE001 - an optional section must never stop an export
        log.warning("chat excerpts unavailable", exc_info=True)
        return []


# --- trusted timestamps of the chain of custody (evidence_kit.anchoring) ------------------------------------


@dataclass
class CustodyStamps:
    """The tokens the dossier carries and what they prove, each checked again before it is used.

    ``by_item``: for every item covered, the token with the earliest authority time among those that hold.
    ``attached``: per authority, the first token that holds over each item (so each item is proved by each
    authority that covered it); a token that does not hold is never used, only named in ``left_out``.
    """

    by_item: dict[str, Any] = field(default_factory=dict)  # item id -> anchoring.Anchor
    attached: list[Any] = field(default_factory=list)  # anchoring.Anchor, by custody position
    trust: dict[str, tuple[str, str]] = field(default_factory=dict)  # record id -> (Trust value, root CN)
    clock_difference: float | None = None  # seconds, computer minus authority, largest in size
    tokens_stored: int = 0
    left_out: list[str] = field(default_factory=list)  # file names of stored tokens that did not hold


def custody_stamps(case: Any) -> CustodyStamps:
    """Every stored token over the custody log, checked (signature, hash, position) before the dossier uses it."""
    try:
        from evidence_kit.anchoring import anchors_for_case, largest_clock_difference
        from evidence_kit.anchoring.store import item_entry_seq
        from evidence_kit.anchoring.verify import check_anchor
    except ImportError:
        return CustodyStamps()
    custody = list(case.custody)
    stored = anchors_for_case(case)
    in_chain = [a for a in stored if 0 < a.seq <= len(custody) and custody[a.seq - 1].entry_hash == a.entry_hash]
    placed = {a.record_id for a in in_chain}
    ordered = sorted(in_chain, key=lambda a: (a.gen_datetime, a.seq, a.authority_slug))
    checks: dict[str, Any] = {}

    def holds(anchor: Any) -> bool:
        if anchor.record_id not in checks:
            checks[anchor.record_id] = check_anchor(anchor, custody)
        return bool(checks[anchor.record_id].ok)

    stamps = CustodyStamps(tokens_stored=len(stored), clock_difference=largest_clock_difference(in_chain))
    chosen: dict[str, Any] = {}
    for item in case.evidence_items():
        seq = item_entry_seq(case, item.id)
        if not seq:
            continue
        for slug in sorted({a.authority_slug for a in ordered}):
            first = next((a for a in ordered if a.authority_slug == slug and a.seq >= seq and holds(a)), None)
            if first is None:
                continue
            chosen[first.record_id] = first
            best = stamps.by_item.get(item.id)
            if best is None or (first.gen_datetime, first.seq) < (best.gen_datetime, best.seq):
                stamps.by_item[item.id] = first
    stamps.attached = sorted(chosen.values(), key=lambda a: (a.seq, a.authority_slug))
    for anchor in stamps.attached:
        token = checks[anchor.record_id].token
        stamps.trust[anchor.record_id] = (token.trust.value, token.root)
    stamps.left_out = sorted(
        {a.file_name for a in stored if a.record_id in checks and not checks[a.record_id].ok}
        | {a.file_name for a in stored if a.record_id not in placed}
    )
    return stamps


def no_later_than(gen_time: str) -> str:
    """The authority's time rounded up to the whole second: "no later than" stays true when shown to the second."""
    import datetime as dt

    moment = dt.datetime.fromisoformat(gen_time.replace("Z", "+00:00")).astimezone(dt.UTC)
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + dt.timedelta(seconds=1)
    return moment.isoformat().replace("+00:00", "Z")


# --- text read from screenshots (evidence_kit.ocr) ------------------------------------------------------------


def screenshot_readings(case: Any, items: list[EvidenceItem]) -> dict[str, Any]:
    """Item id -> its latest reading, for pictures that may be read and were read as they are now.

    Never for an intimate item, nor for a copy made from one; the reading must be of the same bytes.
    """
    try:
        from evidence_kit.ocr.reading import readings, refusal
    except ImportError:
        return {}
    found: dict[str, Any] = {}
    try:
        for item in items:
            if item.intimate or refusal(item, case):
                continue
            mine = [r for r in readings(case, item.id) if r.item_sha256 == item.sha256 and r.text.strip()]
            if mine:
                found[item.id] = max(mine, key=lambda r: r.read_at)
    except Exception:  # noqa: BLE001 - an optional section must never stop an export
        log.warning("screenshot readings unavailable", exc_info=True)
        return {}
    return found
