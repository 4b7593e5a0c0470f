"""Bring a chat export into a case: the export sealed as one item, its media as derived items, the transcript
encrypted, and proposals (key messages, identifiers) the person confirms or dismisses one by one.

Plain functions over an open ``Case``, for the command line and the GUI alike.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from evidence_kit.chat.analysis import (
    Analysis,
    FlagProposal,
    IdentifierProposal,
    ProposalStatus,
    ProposalTarget,
    RejectedIdentifier,
    analyse,
    match_participant,
    propose_scammer,
)
from evidence_kit.chat.identifiers import IdentifierKind, payment_method_of
from evidence_kit.chat.model import (
    ChatApp,
    ChatExportRejected,
    Message,
    TimeZoneSource,
    Transcript,
    aware_time,
    check_time_zone,
    computer_time_zone,
)
from evidence_kit.chat.reader import ParsedExport, ReadLimits, read_export, read_export_stream
from evidence_kit.chat.safezip import SafeZip
from evidence_kit.core.errors import InputRejected, UsageError
from evidence_kit.core.model import (
    Account,
    EvidenceKind,
    Origin,
    Payment,
    PaymentKind,
    PaymentMethod,
    TimelineEvent,
    from_dict,
    to_dict,
)
from evidence_kit.i18n import Translator

log = logging.getLogger(__name__)

EXTRA_KIND = "transcript"
TRANSCRIPT_VERSION = 1
EVENT_TEXT_CHARS = 300
CancelCheck = Callable[[], bool]


@dataclass
class ChatImport:
    """A chat export inside a case and what remains for the person to decide."""

    transcript_id: str
    item_id: str
    sha256: str
    source_name: str
    format: ChatApp
    platform: str
    title: str
    participants: list[str]
    scammer: str
    scammer_given: bool  # False: proposed by the program, to be confirmed
    message_count: int
    time_zone_known: bool
    media: dict[str, str] = field(default_factory=dict)  # name the messages use -> item id
    skipped_media: list[str] = field(default_factory=list)
    warnings: list[list[Any]] = field(default_factory=list)  # [message key, params]
    flags: list[FlagProposal] = field(default_factory=list)
    identifiers: list[IdentifierProposal] = field(default_factory=list)
    rejected: list[RejectedIdentifier] = field(default_factory=list)
    blob: str = ""
    already_imported: bool = False
    export_kept: bool = True  # False: only the export's fingerprint was kept, and the chat's own text file
    text_item_ids: list[str] = field(default_factory=list)  # those text files, as items derived from the export
    # For an export whose times are the phone's wall clock (WhatsApp): the IANA zone taken for them and why
    # (TimeZoneSource). Messages keep the time as written; only dates written into the case get its offset.
    assumed_time_zone: str = ""
    time_zone_source: str = ""

    def pending_flags(self) -> list[FlagProposal]:
        return [f for f in self.flags if f.status == ProposalStatus.PROPOSED]

    def pending_identifiers(self) -> list[IdentifierProposal]:
        return [i for i in self.identifiers if i.status == ProposalStatus.PROPOSED]


# --- reading without touching the case ----------------------------------------------------


def preview_export(path: Path | str, scammer: str = "", limits: ReadLimits | None = None) -> ParsedExport:
    """Parse and check an export; raises ``ChatExportRejected`` and leaves every case alone."""
    return read_export(path, scammer=scammer, limits=limits)


def resolve_scammer(transcript: Transcript, scammer: str) -> tuple[str, bool]:
    """The participant the person named (``UsageError`` when no one has that name), else the one proposed."""
    if scammer:
        found = match_participant(transcript, scammer)
        if not found:
            people = ", ".join(transcript.participants()[:12]) or "-"
            raise UsageError("chat.error.unknown_participant", name=scammer, participants=people)
        return found, True
    return propose_scammer(transcript), False


# --- importing --------------------------------------------------------------------------------


def import_chat(
    case: Any,
    path: Path | str,
    *,
    scammer: str = "",
    import_media: bool = True,
    keep_export: bool = True,
    conversation: str = "",
    limits: ReadLimits | None = None,
    cancel: CancelCheck | None = None,
    time_zone: str = "",
) -> ChatImport:
    """Import an export; a refused export raises before the case is touched.

    ``time_zone`` (IANA, e.g. "Europe/Paris") is the zone of the phone whose clock wrote the times of an export
    that gives no zone (WhatsApp); empty means this computer's zone. A name that is no zone raises ``UsageError``.

    ``keep_export=False`` is for a zip that may hold intimate pictures: the zip is recorded by its
    fingerprint only, and just the chat's own text file inside it is kept (as a derived item).
    ``conversation`` picks one conversation by its title in an export that holds several.
    """
    limits = limits or ReadLimits()
    zone = check_time_zone(time_zone) if time_zone else ""
    parsed = read_export(path, scammer=conversation or scammer, limits=limits)
    chosen, given = resolve_scammer(parsed.transcript, scammer)
    region = (getattr(case.profile, "country", "") or "FR").upper()
    analysis = analyse(parsed.transcript, chosen, region)
    if not keep_export and parsed.container == "zip":
        return _import_text_only(case, Path(path), parsed, analysis, given, limits, zone)
    added = case.add_file(
        path,
        kind=EvidenceKind.CONVERSATION,
        as_file=True,
        origin=Origin.CHAT_EXPORT,
        platform=parsed.transcript.platform,
        cancel=cancel,
    )
    item = added.item
    already = _already_imported(case, item.id)
    if already is not None:
        return already
    if item.sha256 != parsed.sha256:
        # The file changed between reading and sealing: read again what was sealed.
        with case.open_original(item.id) as sealed:
            parsed = read_export_stream(sealed, parsed.name, scammer=conversation or scammer, limits=limits)
        chosen, given = resolve_scammer(parsed.transcript, scammer)
        analysis = analyse(parsed.transcript, chosen, region)
    media, skipped = _import_media(case, item.id, parsed, limits, cancel) if import_media else ({}, [])
    result = _new_record(f"chat-{item.id}", item, parsed, analysis, given, media, skipped + parsed.skipped_media)
    return _store(case, result, parsed, zone)


def _import_text_only(
    case: Any, path: Path, parsed: ParsedExport, analysis: Analysis, given: bool, limits: ReadLimits, zone: str = ""
) -> ChatImport:
    """The export's fingerprint and the chat's text file; no picture or video of the zip enters the case."""
    existing = case.find_by_sha256(parsed.sha256)
    already = _already_imported(case, existing.id) if existing is not None else None
    if already is not None:
        return already
    item = case.record_file_by_hash(
        path, origin=Origin.CHAT_EXPORT, kind=EvidenceKind.CONVERSATION, platform=parsed.transcript.platform
    )
    if item.sha256 != parsed.sha256:
        # The file changed between reading and recording: what is recorded would not match the transcript.
        raise ChatExportRejected("chat.reject.changed", name=parsed.name)
    text_items = []
    try:
        with open(path, "rb") as handle, SafeZip(handle, parsed.name, limits.zip) as archive:
            for member in parsed.chat_members or [parsed.chat_member]:
                text = archive.read(member, limits.max_text)
                added = case.add_archive_member(item.id, member, text, kind=EvidenceKind.CONVERSATION)
                text_items.append(added.item.id)
    except OSError:
        raise ChatExportRejected("reject.unreadable", name=parsed.name) from None
    result = _new_record(f"chat-{item.id}", item, parsed, analysis, given, {}, [])
    result.export_kept, result.text_item_ids = False, text_items
    result.warnings.append(["chat.warn.export_not_kept", {"n": len(parsed.media) + len(parsed.skipped_media)}])
    return _store(case, result, parsed, zone)


def _already_imported(case: Any, item_id: str) -> ChatImport | None:
    """The record of an export imported before (the same bytes), so it is never imported twice."""
    transcript_id = f"chat-{item_id}"
    if transcript_id not in case.extra.get(EXTRA_KIND, {}):
        return None
    result = load_import(case, transcript_id)
    result.already_imported = True
    return result


def _store(case: Any, result: ChatImport, parsed: ParsedExport, zone: str) -> ChatImport:
    """The import's last writes: the zone its times are taken in, the encrypted transcript, the record."""
    _assume_zone(result, zone)
    result.blob = case.store_blob(_transcript_bytes(parsed.transcript))
    _save(case, result)
    return result


def _import_media(
    case: Any, item_id: str, parsed: ParsedExport, limits: ReadLimits, cancel: CancelCheck | None
) -> tuple[dict[str, str], list[str]]:
    """Each medium of the sealed archive becomes a derived item; one that fails is reported, not fatal."""
    media: dict[str, str] = {}
    skipped: list[str] = []
    if not parsed.media:
        return media, skipped
    with case.open_original(item_id) as sealed, SafeZip(sealed, parsed.name, limits.zip) as archive:
        for member, reference in parsed.media:
            if cancel is not None and cancel():
                skipped.append(member)
                continue
            try:
                data = archive.read(member, limits.max_media_member)
                added = case.add_archive_member(item_id, member, data)
            except InputRejected:
                skipped.append(member)
                continue
            media[reference] = added.item.id
    return media, skipped


def _new_record(
    transcript_id: str,
    item: Any,
    parsed: ParsedExport,
    analysis: Analysis,
    given: bool,
    media: dict[str, str],
    skipped: list[str],
) -> ChatImport:
    transcript = parsed.transcript
    warnings = [[key, params] for key, params in transcript.warnings]
    if skipped and not any(w[0] == "chat.warn.media_skipped" for w in warnings):
        warnings.append(["chat.warn.media_skipped", {"n": len(skipped)}])
    return ChatImport(
        transcript_id=transcript_id,
        item_id=item.id,
        sha256=item.sha256,
        source_name=item.source_name,
        format=transcript.format,
        platform=transcript.platform,
        title=transcript.title,
        participants=transcript.participants(),
        scammer=analysis.scammer,
        scammer_given=given,
        message_count=len(transcript.messages),
        time_zone_known=transcript.time_zone_known,
        media=media,
        skipped_media=skipped,
        warnings=warnings,
        flags=analysis.flags,
        identifiers=analysis.identifiers,
        rejected=analysis.rejected,
    )


def _assume_zone(record: ChatImport, given: str) -> None:
    """Name the zone of an export's wall-clock times: the one given, else this computer's."""
    if record.time_zone_known:
        return
    if given:
        record.assumed_time_zone, record.time_zone_source = given, TimeZoneSource.GIVEN.value
        return
    record.assumed_time_zone = computer_time_zone()
    record.time_zone_source = TimeZoneSource.COMPUTER.value if record.assumed_time_zone else ""


def _transcript_bytes(transcript: Transcript) -> bytes:
    document = {
        "version": TRANSCRIPT_VERSION,
        "format": transcript.format.value,
        "title": transcript.title,
        "time_zone_known": transcript.time_zone_known,
        "participant_ids": transcript.participant_ids,
        "declared_participants": transcript.declared_participants,
        "messages": [m.to_json() for m in transcript.messages],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _save(case: Any, record: ChatImport) -> None:
    data = to_dict(record)
    data.pop("already_imported", None)
    case.save_extra(EXTRA_KIND, record.transcript_id, data, blobs=[record.blob])


# --- reading back -------------------------------------------------------------------------------


def list_imports(case: Any) -> list[ChatImport]:
    return [load_import(case, tid) for tid in sorted(case.extra.get(EXTRA_KIND, {}))]


def load_import(case: Any, transcript_id: str) -> ChatImport:
    data = case.extra.get(EXTRA_KIND, {}).get(transcript_id)
    if data is None:
        raise UsageError("chat.error.no_such_transcript", transcript=transcript_id)
    return from_dict(ChatImport, data)


def load_transcript(case: Any, transcript_id: str) -> Transcript:
    record = load_import(case, transcript_id)
    document = json.loads(case.read_blob(record.blob).decode("utf-8"))
    return Transcript(
        ChatApp(document["format"]),
        document.get("title", ""),
        [Message.from_json(row) for row in document["messages"]],
        time_zone_known=bool(document.get("time_zone_known")),
        participant_ids=dict(document.get("participant_ids", {})),
        declared_participants=list(document.get("declared_participants", [])),
    )


def set_scammer(case: Any, transcript_id: str, scammer: str) -> ChatImport:
    """Name (or change) the scammer; proposals are made again, decisions already taken are kept."""
    record = load_import(case, transcript_id)
    transcript = load_transcript(case, transcript_id)
    chosen, _given = resolve_scammer(transcript, scammer)
    region = (getattr(case.profile, "country", "") or "FR").upper()
    analysis = analyse(transcript, chosen, region)
    decided_flags = {f.message_index: f for f in record.flags if f.status != ProposalStatus.PROPOSED}
    flags = [decided_flags.pop(f.message_index, f) for f in analysis.flags] + list(decided_flags.values())
    decided_ids = {(i.kind, i.value): i for i in record.identifiers if i.status != ProposalStatus.PROPOSED}
    identifiers = [decided_ids.pop((i.kind, i.value), i) for i in analysis.identifiers] + list(decided_ids.values())
    record.scammer, record.scammer_given = chosen, True
    record.flags = sorted(flags, key=lambda f: f.message_index)
    record.identifiers, record.rejected = identifiers, analysis.rejected
    _renumber(record.identifiers)
    _save(case, record)
    return record


def set_time_zone(case: Any, transcript_id: str, zone: str) -> ChatImport:
    """The zone of the phone whose clock wrote a zone-less export (WhatsApp), as the person gives it.

    Events and payments made from the export after this carry that zone's offset; those made before keep
    theirs (each says which instant it meant). An export whose times carry their zone is left as it is.
    """
    record = load_import(case, transcript_id)
    if record.time_zone_known:
        return record
    record.assumed_time_zone = check_time_zone(zone)
    record.time_zone_source = TimeZoneSource.GIVEN.value
    _save(case, record)
    return record


def _renumber(proposals: list[IdentifierProposal]) -> None:
    used = {p.id for p in proposals if p.status != ProposalStatus.PROPOSED}
    number = 0
    for proposal in proposals:
        if proposal.status != ProposalStatus.PROPOSED:
            continue
        while f"I{number}" in used:
            number += 1
        proposal.id = f"I{number}"
        used.add(proposal.id)


# --- the person's decisions ---------------------------------------------------------------------


def _select(proposals: Iterable[Any], ids: Iterable[str] | None) -> list[Any]:
    pending = [p for p in proposals if p.status == ProposalStatus.PROPOSED]
    if ids is None:
        return pending
    wanted = list(ids)
    by_id = {p.id: p for p in pending}
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise UsageError("chat.error.no_such_proposal", proposal=missing[0])
    return [by_id[i] for i in wanted]


def _evidence_ids(record: ChatImport) -> list[str]:
    """The export, and the chat's text kept apart when the export itself was not (its content is the proof)."""
    return [record.item_id, *record.text_item_ids]


def _scammer_account_id(record: ChatImport) -> str:
    return next((i.record_id for i in record.identifiers if i.participant and i.record_id), "")


def confirm_flags(case: Any, transcript_id: str, flag_ids: Iterable[str] | None = None) -> list[TimelineEvent]:
    """Confirmed key messages become timeline events naming the export as evidence (all pending when ids is None)."""
    record = load_import(case, transcript_id)
    chosen = _select(record.flags, flag_ids)
    if not chosen:
        return []
    messages = {m.index: m for m in _messages_at(case, transcript_id, {f.message_index for f in chosen})}
    t = _case_translator(case)
    account_id = _scammer_account_id(record)
    events = []
    for flag in chosen:
        message = messages.get(flag.message_index)
        text = message.text if message else flag.preview
        if len(text) > EVENT_TEXT_CHARS:
            text = text[: EVENT_TEXT_CHARS - 1] + "…"
        description = t("chat.event.description", author=flag.author or "-", text=text)
        event = case.save_event(
            TimelineEvent(
                id="",
                date=aware_time(flag.at, record.assumed_time_zone),
                stage=flag.stage,
                description=description,
                account_id=account_id,
                evidence_ids=_evidence_ids(record),
            )
        )
        flag.status, flag.event_id = ProposalStatus.ACCEPTED, event.id
        events.append(event)
    _save(case, record)
    return events


def dismiss_flags(case: Any, transcript_id: str, flag_ids: Iterable[str] | None = None) -> None:
    record = load_import(case, transcript_id)
    for flag in _select(record.flags, flag_ids):
        flag.status = ProposalStatus.DISMISSED
    _save(case, record)


def _case_translator(case: Any) -> Translator:
    """Texts written into the case follow the case's language (French unless the person chose English)."""
    return Translator(case.profile.language if case.profile.language in ("fr", "en") else "fr")


def _messages_at(case: Any, transcript_id: str, indexes: set[int]) -> list[Message]:
    transcript = load_transcript(case, transcript_id)
    return [m for m in transcript.messages if m.index in indexes]


def accept_identifiers(
    case: Any, transcript_id: str, identifier_ids: Iterable[str] | None = None
) -> list[Account | Payment]:
    """Record chosen identifiers as the scammer's accounts and payment destinations (all pending when None).

    Accounts are linked to the export item, so it counts as their evidence before anyone blocks them.
    """
    record = load_import(case, transcript_id)
    chosen = _select(record.identifiers, identifier_ids)
    t = _case_translator(case)
    chosen.sort(key=lambda p: (not p.participant, p.target != ProposalTarget.ACCOUNT))
    saved: list[Account | Payment] = []
    new_accounts: list[str] = []
    for proposal in chosen:
        main_account = _scammer_account_id(record)
        if proposal.target == ProposalTarget.ACCOUNT:
            account = case.save_account(_account_for(proposal, record, main_account, t))
            new_accounts.append(account.id)
            proposal.record_id = account.id
            saved.append(account)
        else:
            payment = case.save_payment(_payment_for(proposal, record, main_account))
            proposal.record_id = payment.id
            saved.append(payment)
        proposal.status = ProposalStatus.ACCEPTED
    for item_id in _evidence_ids(record) if new_accounts else []:
        item = case.item(item_id)
        linked = list(dict.fromkeys([*item.account_ids, *new_accounts]))
        case.update_item(item.id, account_ids=linked)
    _save(case, record)
    return saved


def dismiss_identifiers(case: Any, transcript_id: str, identifier_ids: Iterable[str] | None = None) -> None:
    record = load_import(case, transcript_id)
    for proposal in _select(record.identifiers, identifier_ids):
        proposal.status = ProposalStatus.DISMISSED
    _save(case, record)


def _account_for(proposal: IdentifierProposal, record: ChatImport, main_account: str, t: Translator) -> Account:
    platform = proposal.platform or "other"
    account = Account(id="", platform=platform)
    kind = proposal.kind
    if proposal.participant:
        account.platform = record.platform
        account.display_name = proposal.network if kind == IdentifierKind.PLATFORM_ID else proposal.value
        if kind == IdentifierKind.PHONE:
            account.phone, account.display_name = proposal.value, ""
        if kind == IdentifierKind.PLATFORM_ID:
            account.numeric_id = proposal.username
        return account
    if kind == IdentifierKind.PHONE:
        account.phone = proposal.value
    elif kind == IdentifierKind.EMAIL:
        account.email = proposal.value
    elif kind == IdentifierKind.PROFILE:
        account.username = proposal.username
        if platform == "whatsapp":
            account.phone, account.username = proposal.value, ""
        else:
            account.profile_url = "https://" + proposal.value
    elif kind == IdentifierKind.HANDLE:
        account.username = proposal.username
    elif kind == IdentifierKind.URL:
        account.profile_url = proposal.value
    if main_account and account.platform != record.platform:
        account.came_from = main_account
    if account.platform == "other" and not account.platform_other:
        account.platform_other = _where_seen(kind, proposal.value, t)
    return account


def _where_seen(kind: IdentifierKind, value: str, t: Translator) -> str:
    """A name for the "other app or site" of an identifier no known platform claims, so no record reads "other"."""
    if kind == IdentifierKind.URL:
        host = urlsplit(value if "://" in value else "https://" + value).hostname or ""
        return host.removeprefix("www.") or t("chat.account.site")
    if kind == IdentifierKind.PHONE:
        return t("chat.account.phone")
    if kind == IdentifierKind.EMAIL:
        return t("chat.account.email")
    return t("chat.account.unknown_app")


def _payment_for(proposal: IdentifierProposal, record: ChatImport, main_account: str) -> Payment:
    return Payment(
        id="",
        kind=proposal.payment_kind,
        date=aware_time(proposal.first_at, record.assumed_time_zone),
        amount=proposal.amount,
        currency=proposal.currency or "EUR",
        method=payment_method_of(proposal.kind) or PaymentMethod.OTHER,
        destination=proposal.value,
        paid=proposal.payment_kind == PaymentKind.PAYMENT,
        account_id=main_account,
        evidence_ids=_evidence_ids(record),
        note=proposal.network,
    )


__all__ = [
    "ChatExportRejected",
    "ChatImport",
    "accept_identifiers",
    "confirm_flags",
    "dismiss_flags",
    "dismiss_identifiers",
    "import_chat",
    "list_imports",
    "load_import",
    "load_transcript",
    "preview_export",
    "set_scammer",
    "set_time_zone",
]
