"""Gathers what a dossier shows from an open case: rows, counts and labels, in the dossier's language."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from evidence_kit.core import clock
from evidence_kit.core.model import (
    Account,
    AccountOwner,
    DerivationKind,
    EvidenceItem,
    Payment,
    PaymentKind,
    PaymentMethod,
    TimelineEvent,
)
from evidence_kit.i18n import Translator

log = logging.getLogger(__name__)


class Recipient(StrEnum):
    POLICE = "police"
    HELPLINE = "3018"
    SELF = "self"


def when(text: str, with_time: bool = True) -> str:
    """An ISO date as a reader reads it in either language: 2026-03-14 21:05 UTC."""
    if not text:
        return ""
    try:
        moment = clock.parse_iso(text)
    except ValueError:
        return text
    if not with_time:
        return moment.date().isoformat()
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%d %H:%M UTC")


def local_when(item: EvidenceItem) -> str:
    """The local time of an item with its offset and zone name, as the computer's clock gave it."""
    try:
        moment = dt.datetime.fromisoformat(item.local_time)
    except ValueError:
        return item.local_time
    offset = moment.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{moment.strftime('%Y-%m-%d %H:%M:%S')} ({item.time_zone}, {offset})"


def platform_name(platform: str, other: str = "") -> str:
    """The platform's display name (shared with the facts drafter)."""
    from evidence_kit.core.facts import default_platform_name

    return default_platform_name(platform, other)


def account_label(account: Account) -> str:
    handle = (
        account.username or account.display_name or account.phone or account.email or account.numeric_id or account.id
    )
    if account.username and not account.username.startswith("@") and " " not in account.username:
        handle = account.username
    return f"{platform_name(account.platform, account.platform_other)}: {handle}"


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
    result = Money()
    for payment in payments:
        try:
            value = Decimal(payment.amount.replace(",", ".").replace(" ", ""))
        except (InvalidOperation, AttributeError):
            continue
        target = result.paid if (payment.kind == PaymentKind.PAYMENT or payment.paid) else result.demanded
        target[payment.currency] = target.get(payment.currency, Decimal(0)) + value
    return result


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
        for key, value in (
            ("dossier.id.username", account.username),
            ("dossier.id.numeric_id", account.numeric_id),
            ("dossier.id.profile_url", account.profile_url),
            ("dossier.id.display_name", account.display_name),
            ("dossier.id.phone", account.phone),
            ("dossier.id.email", account.email),
        ):
            if value:
                rows.append(IdentifierRow(t(key), value, where, key == "dossier.id.display_name"))
    for payment in payments:
        where = t("dossier.payment_ref", id=payment.id)
        if payment.account_id in by_id:
            where += " · " + account_label(by_id[payment.account_id])
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
    """The numbers of the one-page summary."""

    first_date: str
    last_date: str
    platforms: list[str]
    scammer_accounts: list[Account]
    own_accounts: list[Account]
    kinds: Counter[str]
    intimate: int
    reported: int
    blocked: int
    removed: int
    money: Money


def overview(
    items: list[EvidenceItem], accounts: list[Account], payments: list[Payment], events: list[TimelineEvent]
) -> Overview:
    dates = sorted(
        d for d in [e.date for e in events] + [i.happened_at for i in items] + [p.date for p in payments] if d
    )
    if not dates:
        dates = sorted(i.obtained_at for i in items)
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
    return Overview(
        first_date=dates[0] if dates else "",
        last_date=dates[-1] if dates else "",
        platforms=platforms,
        scammer_accounts=scammers,
        own_accounts=[a for a in accounts if a.owner == AccountOwner.VICTIM],
        kinds=Counter(i.kind.value for i in items if not i.derivation and not i.intimate),
        intimate=sum(1 for i in items if i.intimate),
        reported=sum(1 for a in scammers if a.reported_at),
        blocked=sum(1 for a in scammers if a.blocked_at),
        removed=sum(1 for a in scammers if a.removed_at),
        money=money(payments),
    )


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
