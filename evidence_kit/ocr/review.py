"""What the person decides about a reading's proposals: identifiers become accounts or payments, flags events.

Nothing read from a picture becomes a fact by itself: each identifier and
each flagged passage stays "proposed" until accepted or dismissed here (the
window's review and the command line call these). Accepted accounts are
linked to the screenshot, so it counts as their evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from evidence_kit.chat.flags import STAGE_OF_KIND
from evidence_kit.chat.identifiers import IdentifierKind, payment_method_of
from evidence_kit.core.model import Account, Payment, PaymentMethod, Stage, TimelineEvent
from evidence_kit.ocr.proposals import FoundFlag, FoundIdentifier, ProposalStatus
from evidence_kit.ocr.reading import Reading, readings, save_reading

_TICKERS = {"bitcoin": "BTC", "ethereum": "ETH", "litecoin": "LTC", "dogecoin": "DOGE", "tron": "USDT"}


def reading_of(case: Any, item_id: str, engine: str) -> Reading:
    from evidence_kit.core.errors import UsageError

    for reading in readings(case, case.item(item_id).id):
        if reading.engine == engine:
            return reading
    raise UsageError("ocr.error.not_read", item=item_id, engine=engine)


def _chosen(proposals: list[Any], indexes: Iterable[int] | None) -> list[Any]:
    wanted = set(range(len(proposals))) if indexes is None else set(indexes)
    return [p for n, p in enumerate(proposals) if n in wanted and p.status == ProposalStatus.PROPOSED]


def _account(found: FoundIdentifier, platform: str) -> Account:
    account = Account(id="", platform=found.platform or platform or "other")
    if found.kind == IdentifierKind.PHONE:
        account.phone = found.value
    elif found.kind == IdentifierKind.EMAIL:
        account.email = found.value
    elif found.kind in (IdentifierKind.PROFILE, IdentifierKind.URL):
        account.username = found.username
        account.profile_url = found.value if "://" in found.value else "https://" + found.value
    else:
        account.username = found.username or found.value.lstrip("@")
    if account.platform == "other":
        account.platform_other = found.platform or found.kind.value
    return account


def _payment(found: FoundIdentifier, reading: Reading) -> Payment:
    amounts = [a for flag in reading.flags for a in flag.amounts]
    payment = Payment(
        id="",
        method=payment_method_of(found.kind) or PaymentMethod.OTHER,
        destination=found.value,
        evidence_ids=[reading.item_id],
    )
    if amounts:
        payment.amount, payment.currency = amounts[0][0], amounts[0][1]
    elif found.kind == IdentifierKind.CRYPTO:
        payment.currency = _TICKERS.get(found.network, payment.currency)
    return payment


def accept_identifiers(
    case: Any, item_id: str, engine: str, indexes: Iterable[int] | None = None
) -> list[Account | Payment]:
    """Record the chosen identifiers (by position in the reading; every pending one when None)."""
    reading = reading_of(case, item_id, engine)
    item = case.item(item_id)
    saved: list[Account | Payment] = []
    for found in _chosen(reading.identifiers, indexes):
        record: Account | Payment
        if payment_method_of(found.kind) is not None:
            record = case.save_payment(_payment(found, reading))
        else:
            record = case.save_account(_account(found, item.platform))
            item = case.update_item(item.id, account_ids=[*item.account_ids, record.id])
        found.status, found.record_id = ProposalStatus.ACCEPTED, record.id
        saved.append(record)
    save_reading(case, reading)
    return saved


def dismiss_identifiers(case: Any, item_id: str, engine: str, indexes: Iterable[int] | None = None) -> None:
    reading = reading_of(case, item_id, engine)
    for found in _chosen(reading.identifiers, indexes):
        found.status = ProposalStatus.DISMISSED
    save_reading(case, reading)


def _stage(flag: FoundFlag) -> Stage:
    for kind, stage in STAGE_OF_KIND:
        if kind in flag.kinds:
            return stage
    return Stage.OTHER


def confirm_flags(case: Any, item_id: str, engine: str, indexes: Iterable[int] | None = None) -> list[TimelineEvent]:
    """Add the chosen flagged passages to the timeline, dated when the event happened (else when obtained)."""
    reading = reading_of(case, item_id, engine)
    item = case.item(item_id)
    events = []
    for flag in _chosen(reading.flags, indexes):
        event = TimelineEvent(
            id="",
            date=item.happened_at or item.obtained_at,
            stage=_stage(flag),
            description=" ".join(flag.text.split()),
            evidence_ids=[item.id],
        )
        saved = case.save_event(event)
        flag.status, flag.event_id = ProposalStatus.ACCEPTED, saved.id
        events.append(saved)
    save_reading(case, reading)
    return events


def dismiss_flags(case: Any, item_id: str, engine: str, indexes: Iterable[int] | None = None) -> None:
    reading = reading_of(case, item_id, engine)
    for flag in _chosen(reading.flags, indexes):
        flag.status = ProposalStatus.DISMISSED
    save_reading(case, reading)
