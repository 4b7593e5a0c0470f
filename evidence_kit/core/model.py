"""The records a case holds: evidence items, accounts, payments, timeline events, custody entries.

Plain dataclasses with enums for every state; ``to_dict``/``from_dict`` give
the JSON stored (encrypted) in the journal.  Unknown keys from a newer
version are ignored, missing ones take their defaults.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar, get_type_hints

T = TypeVar("T")


class EvidenceKind(StrEnum):
    """What an item shows."""

    THREAT = "threat"
    PAYMENT_DEMAND = "payment_demand"
    PROFILE = "profile"
    CONVERSATION = "conversation"
    PAYMENT_PROOF = "payment_proof"
    OTHER = "other"


class Origin(StrEnum):
    """How an item was obtained."""

    IMPORT = "import"
    SCREEN_CAPTURE = "screen_capture"
    CLIPBOARD = "clipboard"
    DERIVED = "derived"
    CHAT_EXPORT = "chat_export"
    ARCHIVE_MEMBER = "archive_member"
    INTIMATE_RECORD = "intimate_record"  # only a hash and a description, never the image
    PHONE_UPLOAD = "phone_upload"  # sent by a phone's browser to the local receiver, encrypted end to end


class Clock(StrEnum):
    """Which clock a date comes from."""

    COMPUTER = "computer"  # this computer's clock when the program obtained the item
    FILE_MODIFIED = "file_modified"  # the source file's modification date
    FILE_CREATED = "file_created"  # the source file's creation date (where the system keeps it)
    FILE_CHANGED = "file_changed"  # the source file's status-change date (Unix ctime)
    EXIF = "exif"  # the picture's EXIF DateTimeOriginal (camera or phone clock)
    PNG = "png"  # a PNG tIME chunk or "Creation Time" text
    PERSON = "person"  # a date the person entered
    PHONE_FILE = "phone_file"  # the file's last-modified date as the phone's browser gave it


class DerivationKind(StrEnum):
    CROP = "crop"
    REDACT = "redact"
    EXTRACT = "extract"  # a member taken out of an archive


class Platform(StrEnum):
    """Kept as free text in records (platform ids come from resources/knowledge); this is only 'other'."""

    OTHER = "other"


@dataclass
class DatedValue:
    """A date and where it comes from."""

    value: str  # ISO 8601
    clock: Clock
    detail: str = ""  # e.g. the EXIF tag name or the time zone it was written in


@dataclass
class Derivation:
    kind: DerivationKind
    parent_id: str
    parent_sha256: str
    params: dict[str, Any] = field(default_factory=dict)  # crop box, redaction boxes and style…


@dataclass
class EvidenceItem:
    id: str
    sha256: str
    size: int
    media_type: str
    origin: Origin
    obtained_at: str  # UTC, ISO 8601, the computer's clock
    local_time: str  # the same instant in the computer's local time, with offset
    time_zone: str  # the local time zone's name
    kind: EvidenceKind = EvidenceKind.OTHER
    blob_id: str = ""
    thumbnail_blob_id: str = ""
    width: int | None = None
    height: int | None = None
    source_name: str = ""  # file name only, never the full path
    source_dates: list[DatedValue] = field(default_factory=list)
    embedded_dates: list[DatedValue] = field(default_factory=list)
    platform: str = ""
    account: str = ""  # the handle as seen; account_ids link to Account records
    account_ids: list[str] = field(default_factory=list)
    note: str = ""
    happened_at: str = ""  # when the event shown happened, as the person says
    parent: str = ""
    derivation: Derivation | None = None
    intimate: bool = False  # never pictured nor attached in a dossier
    stored_as_file: bool = False  # kept as a plain file (not rendered)
    screens: list[dict[str, Any]] = field(default_factory=list)  # screen geometry of a capture

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/") and not self.stored_as_file

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


class AccountOwner(StrEnum):
    SCAMMER = "scammer"
    VICTIM = "victim"  # the person's own account, to secure


class AccountStatus(StrEnum):
    """Where an account is on the path capture → report → block → removed."""

    NEW = "new"
    EVIDENCE_CAPTURED = "evidence_captured"
    REPORTED = "reported"
    BLOCKED = "blocked"
    REMOVED = "removed"


@dataclass
class Account:
    id: str
    platform: str  # a platform id from resources/knowledge, or "other"
    owner: AccountOwner = AccountOwner.SCAMMER
    username: str = ""  # the user name / handle, not the display name
    display_name: str = ""
    numeric_id: str = ""
    profile_url: str = ""
    phone: str = ""
    email: str = ""
    platform_other: str = ""  # the platform's name when platform is "other"
    came_from: str = ""  # the account id the scammer moved from (met on Instagram → WhatsApp)
    note: str = ""
    reported_at: str = ""
    report_reference: str = ""
    blocked_at: str = ""
    removed_at: str = ""
    secured_at: str = ""  # for the victim's own accounts: privacy settings locked down

    def identifiers(self) -> list[tuple[str, str]]:
        """(field, value) of every identifier, strongest first: what a platform can act on.

        The phone number first on apps keyed by phone (WhatsApp, Telegram…); the @username and the
        numeric id first elsewhere (Instagram, Snapchat, TikTok…); then the profile URL, the other
        handles; the display name (anyone can take any) always last.
        """
        order = PHONE_FIRST_ORDER if self.platform in PHONE_KEYED_PLATFORMS else HANDLE_FIRST_ORDER
        found = [(name, str(getattr(self, name) or "").strip()) for name in order]
        return [(name, value) for name, value in found if value]

    def handle(self) -> str:
        """The strongest identifiers as one short text: "+33 6 39 98 41 27", "@jade.exemple_ · id 6049…".

        Empty when only a display name (or nothing) is known.
        """
        strong = [(name, value) for name, value in self.identifiers() if name != "display_name"]
        if not strong:
            return ""
        first_name, first = strong[0]
        text = self._shown(first_name, first)
        if first_name in ("username", "numeric_id"):
            partner = "numeric_id" if first_name == "username" else "username"
            other = next((value for name, value in strong if name == partner), "")
            if other:
                text += " · " + self._shown(partner, other)
        return text

    def _shown(self, name: str, value: str) -> str:
        if name == "username" and self.platform in AT_USERNAME_PLATFORMS and not value.startswith("@"):
            return "@" + value
        if name == "numeric_id":
            return f"id {value}"
        return value

    def label(self, t: Any, platform_name: str | None = None) -> str:
        """ "WhatsApp: +33 6 39 98 41 27", "Instagram: @jade.exemple_ · id 60491827350"; a bare display
        name only when nothing else is known, and then said so (``t``: a translator)."""
        if platform_name is None:
            from evidence_kit.core.facts import default_platform_name

            platform_name = default_platform_name(self.platform, self.platform_other)
        handle = self.handle()
        if not handle and self.display_name:
            handle = t("account.display_name_only", name=self.display_name)
        elif not handle:
            handle = t("account.no_identifier")
        return str(t("account.label", platform=platform_name, handle=handle))

    def status(self, evidence_count: int) -> AccountStatus:
        if self.removed_at:
            return AccountStatus.REMOVED
        if self.blocked_at:
            return AccountStatus.BLOCKED
        if self.reported_at:
            return AccountStatus.REPORTED
        if evidence_count:
            return AccountStatus.EVIDENCE_CAPTURED
        return AccountStatus.NEW


# Apps where an account is its phone number: the operator can identify the subscriber from it.
PHONE_KEYED_PLATFORMS = frozenset({"whatsapp", "telegram", "signal", "viber", "sms", "imessage"})
# Apps whose user names are written with an "@".
AT_USERNAME_PLATFORMS = frozenset({"instagram", "tiktok", "snapchat", "telegram", "x", "twitter", "threads", "youtube"})
PHONE_FIRST_ORDER = ("phone", "username", "numeric_id", "profile_url", "email", "display_name")
HANDLE_FIRST_ORDER = ("username", "numeric_id", "profile_url", "phone", "email", "display_name")


class PaymentMethod(StrEnum):
    CRYPTO = "crypto"
    GIFT_CARD = "gift_card"
    COUPON = "coupon"  # PCS, Transcash, Neosurf…
    BANK_TRANSFER = "bank_transfer"
    OTHER = "other"


class PaymentKind(StrEnum):
    DEMAND = "demand"
    PAYMENT = "payment"


@dataclass
class Payment:
    id: str
    kind: PaymentKind = PaymentKind.DEMAND
    date: str = ""
    amount: str = ""  # decimal as text, never float
    currency: str = "EUR"
    method: PaymentMethod = PaymentMethod.OTHER
    destination: str = ""  # wallet address, IBAN, coupon code, e-mail…
    paid: bool = False
    reference: str = ""  # transaction reference
    account_id: str = ""  # who demanded it
    evidence_ids: list[str] = field(default_factory=list)
    note: str = ""


class Stage(StrEnum):
    """The stages of a sextortion scheme, used to tag timeline events."""

    FIRST_CONTACT = "first_contact"
    TRUST_BUILDING = "trust_building"
    MOVE_TO_OTHER_APP = "move_to_other_app"
    IMAGE_REQUEST = "image_request"
    THREATS = "threats"
    PAYMENT_DEMAND = "payment_demand"
    PUBLICATION = "publication"
    OTHER = "other"


@dataclass
class TimelineEvent:
    id: str
    date: str
    stage: Stage = Stage.OTHER
    description: str = ""
    account_id: str = ""
    evidence_ids: list[str] = field(default_factory=list)


@dataclass
class CaseProfile:
    """What the person says about the case; all of it is encrypted."""

    name: str = ""
    user_role: str = "victim"  # "victim" or "helper"
    victim_is_minor: bool | None = None
    victim_name: str = ""
    language: str = "fr"
    country: str = "FR"
    facts: str = ""  # the account of the facts, drafted by the program, corrected by the person
    facts_edited: bool = False
    steps_done: list[str] = field(default_factory=list)


class CustodyAction(StrEnum):
    CREATED = "created"
    CAPTURED = "captured"
    IMPORTED = "imported"
    PASTED = "pasted"
    DERIVED = "derived"
    DESCRIBED = "described"
    RECORDED = "recorded"  # an account, payment, event or an intimate-image record
    REMOVED = "removed"
    EXPORTED = "exported"
    VERIFIED = "verified"
    PASSPHRASE_CHANGED = "passphrase_changed"
    PASSPHRASE_RESET = "passphrase_reset"
    UPGRADED = "upgraded"  # the header of an older version rewritten to today's (details: what changed)


@dataclass
class CustodyEntry:
    seq: int
    at: str  # UTC ISO 8601, the computer's clock
    action: CustodyAction
    subject: str = ""  # item or record id
    sha256: str = ""  # the item's hash, when there is one
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    entry_hash: str = ""
    signature: str = ""


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


# --- (de)serialisation ---------------------------------------------------------


def to_dict(record: Any) -> dict[str, Any]:
    plain: dict[str, Any] = _plain(dataclasses.asdict(record))
    return plain


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    kwargs: dict[str, Any] = {}
    for name, hint in _field_hints(cls):
        if name in data:
            kwargs[name] = _convert(hint, data[name])
    return cls(**kwargs)


_FIELD_HINTS: dict[type[Any], tuple[tuple[str, Any], ...]] = {}


def _field_hints(cls: type[Any]) -> tuple[tuple[str, Any], ...]:
    """Each field's name and resolved type, once per class: resolving them costs more than reading a record,
    and opening a case of thousands of items reads thousands of records."""
    found = _FIELD_HINTS.get(cls)
    if found is None:
        hints = get_type_hints(cls)
        found = tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))
        _FIELD_HINTS[cls] = found
    return found


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    converter = _CONVERTERS.get(hint)
    if converter is None:
        converter = _CONVERTERS[hint] = _converter(hint)
    return converter(value)


_CONVERTERS: dict[Any, Callable[[Any], Any]] = {}


def _converter(hint: Any) -> Callable[[Any], Any]:
    """How a stored value becomes a value of type ``hint``, worked out once per type (a case reads thousands)."""
    import types
    import typing

    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        members = [arg for arg in typing.get_args(hint) if arg is not type(None)]

        def union(value: Any) -> Any:
            for member in members:
                try:
                    return _convert(member, value)
                except (TypeError, ValueError, KeyError):
                    continue
            return value

        return union
    if origin is list:
        (inner,) = typing.get_args(hint) or (Any,)
        return lambda value: [_convert(inner, v) for v in value]
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint
    if dataclasses.is_dataclass(hint):
        return lambda value: from_dict(hint, value) if isinstance(value, dict) else value  # type: ignore[arg-type]
    return _unchanged


def _unchanged(value: Any) -> Any:
    return value
