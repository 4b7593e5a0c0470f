"""From a parsed transcript to proposals the person confirms: flagged messages and identifiers to record."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from evidence_kit.chat.flags import FlagKind, MessageFlags, flag_message, fold
from evidence_kit.chat.identifiers import (
    Identifier,
    IdentifierKind,
    brand_named,
    find_identifiers,
    normalise_phone,
    platform_named,
)
from evidence_kit.chat.model import ChatApp, Message, Transcript, no_gc_pauses
from evidence_kit.core.model import PaymentKind, Stage

PREVIEW_CHARS = 240
_BRAND_MEMORY = 3  # a coupon code may come a few messages after the brand is named
_AMOUNT_MEMORY = 10  # a wallet may come a few messages after the amount asked


class ProposalStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class ProposalTarget(StrEnum):
    ACCOUNT = "account"
    PAYMENT = "payment"


@dataclass
class FlagProposal:
    id: str
    message_index: int
    at: str
    author: str
    kinds: list[FlagKind]
    stage: Stage
    preview: str
    amounts: list[list[str]] = field(default_factory=list)  # [value, currency]
    status: ProposalStatus = ProposalStatus.PROPOSED
    event_id: str = ""


@dataclass
class IdentifierProposal:
    id: str
    kind: IdentifierKind
    value: str
    target: ProposalTarget
    platform: str = ""
    username: str = ""
    network: str = ""  # wallet network, or coupon / gift-card / payment-link brand
    checked: bool = False
    author: str = ""
    from_scammer: bool = False
    participant: bool = False  # the scammer's own account in this export
    first_at: str = ""
    message_indexes: list[int] = field(default_factory=list)
    count: int = 0
    amount: str = ""
    currency: str = ""
    payment_kind: PaymentKind = PaymentKind.DEMAND
    status: ProposalStatus = ProposalStatus.PROPOSED
    record_id: str = ""


@dataclass
class RejectedIdentifier:
    """A string that looked like an identifier but failed its check: shown, never proposed."""

    kind: IdentifierKind
    value: str
    network: str
    message_index: int
    author: str


@dataclass
class Analysis:
    scammer: str
    flags: list[FlagProposal]
    identifiers: list[IdentifierProposal]
    rejected: list[RejectedIdentifier]


_PAYMENT_KINDS = {
    IdentifierKind.CRYPTO,
    IdentifierKind.IBAN,
    IdentifierKind.COUPON,
    IdentifierKind.GIFT_CARD,
    IdentifierKind.PAYMENT_LINK,
}
_TICKERS = {"bitcoin": "BTC", "ethereum": "ETH", "litecoin": "LTC", "dogecoin": "DOGE", "tron": "USDT"}


def propose_scammer(transcript: Transcript) -> str:
    """The participant the chat is named after (the other person in a one-to-one chat), else ""."""
    people = transcript.participants()
    title = transcript.title.casefold().strip()
    for person in people:
        if person.casefold() == title:
            return person
    return ""


def match_participant(transcript: Transcript, name: str) -> str:
    """The participant a person typed (case and spacing forgiven), or ""."""
    wanted = comparable_name(name)
    for person in transcript.participants() + transcript.declared_participants:
        if comparable_name(person) == wanted:
            return person
    return ""


def comparable_name(name: str) -> str:
    """A name as typed or as exported, made comparable: case, spacing, direction marks and iOS's "~ " forgiven."""
    cleaned = name.strip("\u200e\u200f\u202a\u202b\u202c \u202f\u00a0")
    if cleaned.startswith("~"):
        cleaned = cleaned[1:]
    return " ".join(cleaned.split()).casefold()


def analyse(transcript: Transcript, scammer: str = "", region: str = "FR") -> Analysis:
    with no_gc_pauses():
        found = _flag_all(transcript)
        flags = _flags(transcript, scammer, found)
        identifiers, rejected = _identifiers(transcript, scammer, region, found)
    return Analysis(scammer, flags, identifiers, rejected)


def _flag_all(transcript: Transcript) -> dict[int, tuple[MessageFlags, str]]:
    """The rules' findings for every message (with its folded text), whoever wrote it; one pass for all uses."""
    found: dict[int, tuple[MessageFlags, str]] = {}
    for message in transcript.messages:
        if message.system or not message.text:
            continue
        folded = fold(message.text)
        flags = flag_message(message.text, folded)
        if flags is not None:
            found[message.index] = (flags, folded)
    return found


def _counts_for_scammer(message: Message, scammer: str) -> bool:
    return not message.system and (not scammer or message.author == scammer)


def _flags(transcript: Transcript, scammer: str, found: dict[int, tuple[MessageFlags, str]]) -> list[FlagProposal]:
    proposals = []
    for index, (flags, _folded) in found.items():
        message = transcript.messages[index]
        if not _counts_for_scammer(message, scammer) or not flags.kinds:
            continue
        proposals.append(
            FlagProposal(
                id=f"F{message.index}",
                message_index=message.index,
                at=message.at,
                author=message.author,
                kinds=list(flags.kinds),
                stage=flags.stage,
                preview=message.text[:PREVIEW_CHARS],
                amounts=[[a.value, a.currency] for a in flags.amounts],
            )
        )
    return proposals


def _participant_proposal(transcript: Transcript, scammer: str) -> IdentifierProposal | None:
    if not scammer:
        return None
    first = next((m for m in transcript.messages if m.author == scammer), None)
    proposal = IdentifierProposal(
        id="I0",
        kind=IdentifierKind.NAME,
        value=scammer,
        target=ProposalTarget.ACCOUNT,
        platform=transcript.platform,
        from_scammer=True,
        participant=True,
        author=scammer,
        first_at=first.at if first else "",
        message_indexes=[first.index] if first else [],
    )
    phone = normalise_phone(scammer) if transcript.format == ChatApp.WHATSAPP else ""
    if phone:
        proposal.kind, proposal.value, proposal.checked = IdentifierKind.PHONE, phone, True
    platform_id = transcript.participant_ids.get(scammer, "")
    if platform_id:
        proposal.kind = IdentifierKind.PLATFORM_ID
        proposal.username = "".join(ch for ch in platform_id if ch.isdigit()) or platform_id
        proposal.network = scammer  # the display name, kept beside the id
    return proposal


def _identifiers(
    transcript: Transcript, scammer: str, region: str, found_flags: dict[int, tuple[MessageFlags, str]]
) -> tuple[list[IdentifierProposal], list[RejectedIdentifier]]:
    proposals: dict[tuple[str, str], IdentifierProposal] = {}
    rejected: dict[tuple[str, str], RejectedIdentifier] = {}
    participant = _participant_proposal(transcript, scammer)
    if participant is not None:
        proposals[(participant.kind.value, participant.value.casefold())] = participant
    amounts_at = {
        index: [[a.value, a.currency] for a in flags.amounts]
        for index, (flags, _folded) in found_flags.items()
        if flags.amounts and (not scammer or transcript.messages[index].author == scammer)
    }
    recent_brands: list[tuple[int, tuple[IdentifierKind, str]]] = []
    last_amount: tuple[int, list[str]] | None = None
    for message in transcript.messages:
        if message.system or not message.text:
            continue
        if message.index in amounts_at:
            last_amount = (message.index, amounts_at[message.index][0])
        flagged = found_flags.get(message.index)
        # Brands are payment-method words: only messages the rules saw naming a method can name one.
        brand = brand_named(flagged[1]) if flagged is not None and FlagKind.PAYMENT_METHOD in flagged[0].kinds else None
        if brand is not None:
            recent_brands.append((message.index, brand))
        if recent_brands:
            recent_brands = [(i, b) for i, b in recent_brands if message.index - i <= _BRAND_MEMORY]
        context_brand = recent_brands[-1][1] if recent_brands else None
        for found in find_identifiers(_written_text(message), region, context_brand):
            if not found.valid:
                rejected.setdefault(
                    found.key, RejectedIdentifier(found.kind, found.value, found.network, message.index, message.author)
                )
                continue
            _add(proposals, found, message, scammer, last_amount)
    ordered = list(proposals.values())
    for number, proposal in enumerate(ordered, start=0 if participant else 1):
        proposal.id = f"I{number}"
    return ordered, list(rejected.values())


def _written_text(message: Message) -> str:
    """The message's text without the names of its attachments: identifiers are what someone wrote."""
    text = message.text
    for name in message.attachments:
        text = text.replace(name, " ")
    return text


def _phone_platform(found: Identifier, text: str) -> str:
    """A phone number belongs to a phone-based app only when the message names one."""
    if found.kind != IdentifierKind.PHONE:
        return ""
    named = platform_named(text)
    return named if named in ("whatsapp", "telegram") else ""


def _add(
    proposals: dict[tuple[str, str], IdentifierProposal],
    found: Identifier,
    message: Message,
    scammer: str,
    last_amount: tuple[int, list[str]] | None,
) -> None:
    from_scammer = bool(scammer) and message.author == scammer
    target = ProposalTarget.PAYMENT if found.kind in _PAYMENT_KINDS else ProposalTarget.ACCOUNT
    if scammer and not from_scammer and target == ProposalTarget.ACCOUNT:
        return  # the victim's own numbers and profiles are not the scammer's accounts
    existing = proposals.get(found.key)
    if existing is not None:
        existing.count += 1
        if len(existing.message_indexes) < 5:
            existing.message_indexes.append(message.index)
        return
    proposal = IdentifierProposal(
        id="",
        kind=found.kind,
        value=found.value,
        target=target,
        platform=found.platform or _phone_platform(found, message.text),
        username=found.username,
        network=found.network,
        checked=found.checked,
        author=message.author,
        from_scammer=from_scammer,
        first_at=message.at,
        message_indexes=[message.index],
        count=1,
    )
    if target == ProposalTarget.PAYMENT:
        if last_amount is not None and message.index - last_amount[0] <= _AMOUNT_MEMORY:
            proposal.amount, proposal.currency = last_amount[1][0], last_amount[1][1]
        elif found.kind == IdentifierKind.CRYPTO:
            proposal.currency = _TICKERS.get(found.network, "")
        # A coupon or gift code typed by the victim is money already handed over.
        if found.kind in (IdentifierKind.COUPON, IdentifierKind.GIFT_CARD) and scammer and not from_scammer:
            proposal.payment_kind = PaymentKind.PAYMENT
    proposals[found.key] = proposal


def stage_kinds(kinds: list[FlagKind]) -> Stage:
    from evidence_kit.chat.flags import STAGE_OF_KIND

    for kind, stage in STAGE_OF_KIND:
        if kind in kinds:
            return stage
    return Stage.OTHER
