"""The ``inspect-chat`` command: read an export without a case and show what an import would see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidence_kit.chat.analysis import Analysis, analyse
from evidence_kit.chat.model import aware_time, check_time_zone
from evidence_kit.chat.reader import ParsedExport, read_export
from evidence_kit.core.display import printable, safe_json
from evidence_kit.core.model import to_dict
from evidence_kit.core.phone import DEFAULT_REGION

PREVIEW = 110


def inspect_export(
    path: Path | str, *, scammer: str = "", conversation: str = "", region: str = DEFAULT_REGION
) -> tuple[ParsedExport, Analysis, str, bool]:
    """(parsed export, analysis, scammer, whether the person named the scammer) — the same reading and the same
    proposals as an import, with nothing written anywhere."""
    from evidence_kit.chat.importer import resolve_scammer

    parsed = read_export(path, scammer=conversation or scammer)
    chosen, given = resolve_scammer(parsed.transcript, scammer)
    return parsed, analyse(parsed.transcript, chosen, region), chosen, given


def inspection_json(
    ctx: Any, parsed: ParsedExport, analysis: Analysis, scammer: str, given: bool, zone: str
) -> dict[str, Any]:
    transcript = parsed.transcript
    return {
        "file": parsed.name,
        "sha256": parsed.sha256,
        "format": transcript.format.value,
        "platform": transcript.platform,
        "title": transcript.title,
        "participants": transcript.participants(),
        "scammer": scammer,
        "scammer_given": given,
        "message_count": len(transcript.messages),
        "time_zone_known": transcript.time_zone_known,
        "time_zone": zone,
        "messages": [
            {
                "index": m.index,
                "at": aware_time(m.at, zone) if zone else m.at,
                "author": m.author,
                "system": m.system,
                "text": m.text,
                "attachments": m.attachments,
            }
            for m in transcript.messages
        ],
        "flags": [to_dict(f) for f in analysis.flags],
        "identifiers": [to_dict(i) for i in analysis.identifiers],
        "rejected": [to_dict(r) for r in analysis.rejected],
        "warnings": [{"key": k, "message": ctx.t(k, **p)} for k, p in transcript.warnings],
    }


def cmd_inspect_chat(ctx: Any) -> int:
    from evidence_kit.chat.commands import flag_kinds_text, identifier_line, one_line

    args = ctx.args
    zone = check_time_zone(args.time_zone) if getattr(args, "time_zone", "") else ""
    parsed, analysis, scammer, given = inspect_export(
        args.export, scammer=args.scammer or "", conversation=getattr(args, "conversation", "") or ""
    )
    if args.json:
        print(safe_json(inspection_json(ctx, parsed, analysis, scammer, given, zone), indent=2))
        return 0
    transcript = parsed.transcript
    ctx.say(
        "chat.inspect.read",
        n=len(transcript.messages),
        app=ctx.t(f"chat.format.{transcript.format.value}"),
        title=transcript.title or "-",
        name=parsed.name,
    )
    for key, params in transcript.warnings:
        ctx.warn(key, **params)
    ctx.say("chat.cli.participants", names=", ".join(transcript.participants()) or "-")
    if scammer:
        ctx.say("chat.cli.scammer_given" if given else "chat.cli.scammer_proposed", name=scammer)
    else:
        ctx.say("chat.cli.scammer_unknown")
    if analysis.flags:
        ctx.say("chat.cli.flags_title", n=len(analysis.flags))
        for flag in analysis.flags:
            at = aware_time(flag.at, zone) if zone else flag.at
            line = (
                f"  {flag.id:<7} {at[:16]:<16}  {flag_kinds_text(ctx, flag)}  {flag.author}: {one_line(flag.preview)}"
            )
            print(printable(line))
    if analysis.identifiers:
        ctx.say("chat.cli.identifiers_title", n=len(analysis.identifiers))
        for proposal in analysis.identifiers:
            print(printable(f"  {proposal.id:<7} {identifier_line(ctx, proposal)}"))
    ctx.say("chat.inspect.nothing_added")
    return 0
