"""From the text read off a screenshot to proposals: identifiers (checked, or repaired by checksum) and flags.

The same finders and rules as chat exports (``chat.identifiers``,
``chat.flags``), run per block of text (a bubble is one block: the engine
separates blocks by a blank line), with two additions that pictures need:
an identifier wrapped over two lines is joined back when the joined value
passes its checksum, and a wallet address or IBAN that fails its checksum is
repaired only when exactly one reading passes (see ``ocr.repair``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from enum import StrEnum

from evidence_kit.chat.flags import FlagKind, flag_message, fold
from evidence_kit.chat.identifiers import Identifier, IdentifierKind, brand_named, find_identifiers
from evidence_kit.ocr.repair import Format, RepairStatus, find_damaged


class ProposalStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


_BRAND_MEMORY = 3  # a coupon code may come a few blocks after the brand is named
_JOINED_KINDS = {IdentifierKind.CRYPTO, IdentifierKind.IBAN}  # the only kinds worth joining lines for
_INNER_SPACE = re.compile(r"([A-Za-z0-9]{16,}) ([A-Za-z0-9]{1,12})(?![A-Za-z0-9])")
_NETWORK = {Format.BECH32: "bitcoin", Format.BASE58: "", Format.ETHEREUM: "ethereum", Format.IBAN: ""}


@dataclass
class FoundIdentifier:
    kind: IdentifierKind
    value: str
    network: str = ""
    platform: str = ""
    username: str = ""
    checked: bool = False  # a checksum or numbering plan confirmed it
    repaired: bool = False  # the value differs from what was read: confusable characters were swapped
    read_as: str = ""  # as the recognition gave it
    status: ProposalStatus = ProposalStatus.PROPOSED
    record_id: str = ""  # the account or payment made from it once accepted

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind.value, self.value if self.kind == IdentifierKind.CRYPTO else self.value.casefold())


@dataclass
class RejectedValue:
    """Looked like an identifier, failed its checksum, and no single repair passed: shown, never proposed."""

    kind: IdentifierKind
    read_as: str
    reason: str  # RepairStatus: "failed" or "ambiguous"


@dataclass
class FoundFlag:
    kinds: list[FlagKind]
    text: str  # the block the rules matched
    amounts: list[list[str]] = field(default_factory=list)  # [value, currency]
    status: ProposalStatus = ProposalStatus.PROPOSED
    event_id: str = ""  # the timeline event made from it once confirmed


@dataclass
class TextAnalysis:
    identifiers: list[FoundIdentifier]
    flags: list[FoundFlag]
    rejected: list[RejectedValue]


def blocks(text: str) -> list[list[str]]:
    """The text's blocks (separated by blank lines), each a list of its non-empty lines."""
    out: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def analyse_text(
    text: str, platform: str = "", region: str = "FR", alternates: tuple[str, ...] | list[str] = ()
) -> TextAnalysis:
    """The identifiers and flags of a screenshot's text; ``platform`` is the item's, for handles that name none.

    ``alternates`` are second readings of lines that may hold an identifier (``OcrText.alternates``): only wallet
    addresses and IBANs that pass their checksum are taken from them.
    """
    found: dict[tuple[str, str], FoundIdentifier] = {}
    rejected: dict[str, RejectedValue] = {}
    flags: list[FoundFlag] = []
    recent_brands: list[tuple[int, tuple[IdentifierKind, str]]] = []
    for number, lines in enumerate(blocks(text)):
        joined = " ".join(lines)
        folded = fold(joined)
        message_flags = flag_message(joined, folded)
        if message_flags is not None:
            amounts = [[a.value, a.currency] for a in message_flags.amounts]
            flags.append(FoundFlag(list(message_flags.kinds), joined, amounts))
        brand = brand_named(folded) if message_flags and FlagKind.PAYMENT_METHOD in message_flags.kinds else None
        if brand is not None:
            recent_brands.append((number, brand))
        recent_brands = [(i, b) for i, b in recent_brands if number - i <= _BRAND_MEMORY]
        context = recent_brands[-1][1] if recent_brands else None
        for identifier in find_identifiers(joined, region, context):
            _keep(found, rejected, identifier, platform)
        _checksummed(lines, region, found, rejected)
    for alternate in alternates:
        second: dict[tuple[str, str], FoundIdentifier] = {}
        for lines in blocks(alternate):
            for identifier in find_identifiers(" ".join(lines), region):
                if identifier.kind in _JOINED_KINDS and identifier.checked:
                    _keep(second, {}, identifier, platform)
            _checksummed(lines, region, second, {})
        for key, value in second.items():
            found.setdefault(key, value)
    # A part of an address (one of its lines) fails its checksum: not worth showing once the whole was found.
    # An IBAN read on, into the next words, fails too, though its first groups were found: not worth showing either.
    values = [v.replace(" ", "") for f in found.values() for v in (f.value, f.read_as) if v]
    kept = [r for r in rejected.values() if not any(_overlaps(r.read_as.replace(" ", ""), v) for v in values)]
    return TextAnalysis(list(found.values()), flags, kept)


def _checksummed(
    lines: list[str],
    region: str,
    found: dict[tuple[str, str], FoundIdentifier],
    rejected: dict[str, RejectedValue],
) -> None:
    """Wallet addresses and IBANs cut over lines, split by a stray space, or with confusable characters."""
    joined = " ".join(lines)
    # A wallet address cut at the end of a line: the joined lines, kept only for checksummed kinds.
    for first in range(len(lines) - 1):
        for last in range(first + 2, min(len(lines), first + 3) + 1):
            for identifier in find_identifiers("".join(lines[first:last]), region):
                if identifier.kind in _JOINED_KINDS and identifier.checked:
                    _keep(found, rejected, identifier, "")
    glued_lines = ["".join(lines[i : i + 2]) for i in range(len(lines) - 1)]
    for view in [joined, *glued_lines]:
        _repair_damaged(view, found, rejected)
    # A space the recognition put inside an address ("…004a7 D039"): closed up, for checksummed kinds only.
    for view in [joined, *glued_lines]:
        closed = _INNER_SPACE.sub(r"\1\2", view)
        if closed != view:
            for identifier in find_identifiers(closed, region):
                if identifier.kind == IdentifierKind.CRYPTO and identifier.checked:
                    _keep(found, rejected, identifier, "")
            _repair_damaged(closed, found, {})


def _overlaps(rejected: str, value: str) -> bool:
    return rejected in value or value in rejected


def _keep(
    found: dict[tuple[str, str], FoundIdentifier],
    rejected: dict[str, RejectedValue],
    identifier: Identifier,
    platform: str,
) -> None:
    if not identifier.valid:
        if identifier.kind in (IdentifierKind.CRYPTO, IdentifierKind.IBAN):
            rejected.setdefault(identifier.raw, RejectedValue(identifier.kind, identifier.raw, RepairStatus.FAILED))
        return
    if identifier.kind == IdentifierKind.HANDLE and not identifier.platform and platform:
        identifier = dataclasses.replace(identifier, platform=platform)
    item = FoundIdentifier(
        identifier.kind,
        identifier.value,
        identifier.network,
        identifier.platform,
        identifier.username,
        identifier.checked,
        False,
        identifier.raw,
    )
    found.setdefault(item.key, item)


def _repair_damaged(
    view: str, found: dict[tuple[str, str], FoundIdentifier], rejected: dict[str, RejectedValue]
) -> None:
    for match in find_damaged(view):
        kind = IdentifierKind.IBAN if match.fmt == Format.IBAN else IdentifierKind.CRYPTO
        result = match.repair
        if result.status in (RepairStatus.VALID, RepairStatus.REPAIRED):
            network = _NETWORK[match.fmt]
            if match.fmt == Format.BASE58:
                from evidence_kit.chat.identifiers import check_crypto

                network = check_crypto(result.value)[0]
            item = FoundIdentifier(
                kind,
                result.value,
                network,
                checked=True,
                repaired=result.status == RepairStatus.REPAIRED,
                read_as=match.raw,
            )
            found.setdefault(item.key, item)
        elif not any(match.raw.replace(" ", "") in f.read_as.replace(" ", "") for f in found.values()):
            rejected.setdefault(match.raw, RejectedValue(kind, match.raw, result.status))
