"""The ``import-chat`` command: import an export, print what was found, record what the person accepted."""

from __future__ import annotations

from typing import Any

from evidence_kit.chat.analysis import FlagProposal, IdentifierProposal, ProposalTarget
from evidence_kit.chat.importer import ChatImport, accept_identifiers, confirm_flags, import_chat
from evidence_kit.core.display import printable, safe_json
from evidence_kit.core.model import to_dict

PREVIEW = 110


def cmd_import_chat(ctx: Any) -> int:
    args = ctx.args
    accept_ids = bool(getattr(args, "accept_identifiers", False))
    accept_flags = bool(getattr(args, "accept_flags", False))
    with ctx.open_case(args.case) as case:
        text_only = bool(getattr(args, "text_only", False))
        record = import_chat(
            case,
            args.export,
            scammer=args.scammer or "",
            import_media=not getattr(args, "no_media", False) and not text_only,
            keep_export=not text_only,
            conversation=getattr(args, "conversation", "") or "",
            time_zone=getattr(args, "time_zone", "") or "",
        )
        events = confirm_flags(case, record.transcript_id) if accept_flags and record.pending_flags() else []
        saved = accept_identifiers(case, record.transcript_id) if accept_ids and record.pending_identifiers() else []
        if events or saved:
            from evidence_kit.chat.importer import load_import

            already = record.already_imported
            record = load_import(case, record.transcript_id)
            record.already_imported = already
        if args.json:
            _print_json(ctx, record, events, saved)
        else:
            _print_text(ctx, record, len(events), saved, accept_flags, accept_ids)
    return 0


def _print_json(ctx: Any, record: ChatImport, events: list[Any], saved: list[Any]) -> None:
    data = to_dict(record)
    data.pop("blob", None)
    data["warnings"] = [{"key": k, "message": ctx.t(k, **p)} for k, p in record.warnings]
    data["events"] = [to_dict(e) for e in events]
    data["records"] = [{"id": r.id, **to_dict(r)} for r in saved]
    print(safe_json(data, indent=2))


def _line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…"


def _print_text(
    ctx: Any, record: ChatImport, events: int, saved: list[Any], accepted_flags: bool, accepted_ids: bool
) -> None:
    t = ctx.t
    if record.already_imported:
        ctx.say("chat.cli.already", item=record.item_id)
    ctx.say(
        "chat.cli.imported",
        n=record.message_count,
        app=t(f"chat.format.{record.format.value}"),
        title=record.title or "-",
        item=record.item_id,
        sha256=record.sha256,
    )
    if record.media:
        ctx.say("chat.cli.media", n=len(record.media))
        ctx.say("chat.cli.media_check")
    for key, params in record.warnings:
        ctx.warn(key, **params)
    if record.assumed_time_zone and not record.already_imported:
        ctx.say(f"chat.cli.time_zone_{record.time_zone_source}", zone=record.assumed_time_zone)
    ctx.say("chat.cli.participants", names=", ".join(record.participants) or "-")
    if record.scammer:
        ctx.say("chat.cli.scammer_given" if record.scammer_given else "chat.cli.scammer_proposed", name=record.scammer)
    else:
        ctx.say("chat.cli.scammer_unknown")
    pending_flags = record.pending_flags()
    if pending_flags:
        ctx.say("chat.cli.flags_title", n=len(pending_flags))
        for flag in pending_flags:
            print(
                printable(
                    f"  {flag.id:<7} {flag.at[:16]:<16}  {_flag_kinds(ctx, flag)}  {flag.author}: {_line(flag.preview)}"
                )
            )
    pending_ids = record.pending_identifiers()
    if pending_ids:
        ctx.say("chat.cli.identifiers_title", n=len(pending_ids))
        for proposal in pending_ids:
            print(printable(f"  {proposal.id:<7} {_identifier_line(ctx, proposal)}"))
    if record.rejected:
        ctx.say("chat.cli.rejected_title", n=len(record.rejected))
        for rejected in record.rejected:
            print(printable(f"  {t('chat.kind.' + rejected.kind.value)}  {rejected.value}  ({rejected.author or '-'})"))
    if events:
        ctx.say("chat.cli.events_saved", n=events)
    if saved:
        ctx.say("chat.cli.records_saved", n=len(saved), ids=", ".join(r.id for r in saved))
    if (pending_flags and not accepted_flags) or (pending_ids and not accepted_ids):
        ctx.say("chat.cli.how_to_accept")


def _flag_kinds(ctx: Any, flag: FlagProposal) -> str:
    return "[" + ", ".join(ctx.t(f"chat.flag.{k.value}") for k in flag.kinds) + "]"


def _identifier_line(ctx: Any, proposal: IdentifierProposal) -> str:
    t = ctx.t
    label = t(f"chat.kind.{proposal.kind.value}")
    details = []
    if proposal.participant:
        details.append(t("chat.cli.participant"))
    if proposal.platform:
        details.append(proposal.platform)
    if proposal.network:
        details.append(proposal.network)
    if proposal.checked:
        details.append(t("chat.cli.checked"))
    if proposal.amount:
        details.append(f"{proposal.amount} {proposal.currency}")
    target = t("chat.cli.as_payment" if proposal.target == ProposalTarget.PAYMENT else "chat.cli.as_account")
    value = (
        proposal.value if proposal.kind != proposal.kind.PLATFORM_ID else f"{proposal.network} ({proposal.username})"
    )
    extra = f" ({', '.join(details)})" if details else ""
    return f"{label}: {value}{extra} → {target}"


# Shared with inspect-chat (chat/inspection.py): one way to print a flag and an identifier.
flag_kinds_text = _flag_kinds
identifier_line = _identifier_line
one_line = _line
