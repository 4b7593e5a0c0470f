"""The ``read`` command: read the case's screenshots and print, per item, the text, the identifiers and the flags."""

from __future__ import annotations

import json
import sys
from typing import Any

from evidence_kit.ocr.engine import get_engine
from evidence_kit.ocr.reading import read_items, reading_json

EXIT_REJECTED = 4


def cmd_read(ctx: Any) -> int:
    args = ctx.args
    engine = get_engine(getattr(args, "engine", None) or None)
    with ctx.open_case(args.case) as case:

        def progress(done: int, total: int, item_id: str) -> None:
            if not args.json and total > 1:
                print(ctx.t("ocr.cli.progress", done=done, total=total, item=item_id), file=sys.stderr, flush=True)

        report = read_items(case, list(args.ids) or None, engine, progress=progress)
        report.readings = [_accept(ctx, case, reading) for reading in report.readings]
    for item_id, key in report.refused:
        ctx.warn(key, item=item_id)
    if args.json:
        print(json.dumps([reading_json(r) for r in report.readings], ensure_ascii=False, indent=2))
    else:
        if not report.readings and not report.refused:
            ctx.say("ocr.cli.nothing_to_read")
        for reading in report.readings:
            _print_reading(ctx, reading)
    return EXIT_REJECTED if report.refused and args.ids else 0


def _accept(ctx: Any, case: Any, reading: Any) -> Any:
    """What --accept-identifiers and --accept-flags ask, then the reading as now stored."""
    from evidence_kit.ocr import review

    saved = events = 0
    if getattr(ctx.args, "accept_identifiers", False):
        saved = len(review.accept_identifiers(case, reading.item_id, reading.engine))
    if getattr(ctx.args, "accept_flags", False):
        events = len(review.confirm_flags(case, reading.item_id, reading.engine))
    if not ctx.args.json:
        if saved:
            ctx.say("ocr.cli.records_saved", n=saved, item=reading.item_id)
        if events:
            ctx.say("ocr.cli.events_saved", n=events, item=reading.item_id)
    return review.reading_of(case, reading.item_id, reading.engine) if saved or events else reading


def _print_reading(ctx: Any, reading: Any) -> None:
    t = ctx.t
    ctx.say("ocr.cli.item", item=reading.item_id, engine=reading.engine_version)
    ctx.say("ocr.cli.may_contain_errors")
    for line in reading.text.splitlines():
        print(f"    {line}" if line.strip() else "")
    if reading.identifiers:
        ctx.say("ocr.cli.identifiers_title", n=len(reading.identifiers))
        for found in reading.identifiers:
            details = [d for d in (found.network, found.platform) if d]
            if found.checked:
                details.append(t("ocr.cli.checked"))
            if found.repaired:
                details.append(t("ocr.cli.repaired", read_as=found.read_as))
            extra = f" ({', '.join(details)})" if details else ""
            print(f"  {t('chat.kind.' + found.kind.value)}: {found.value}{extra}")
    for rejected in reading.rejected:
        kind = t("chat.kind." + rejected.kind.value)
        ctx.say(f"ocr.cli.rejected_{rejected.reason}", kind=kind, value=rejected.read_as)
    if reading.flags:
        ctx.say("ocr.cli.flags_title", n=len(reading.flags))
        for flag in reading.flags:
            kinds = ", ".join(t(f"chat.flag.{k.value}") for k in flag.kinds)
            flat = " ".join(flag.text.split())
            print(f"  [{kinds}] {flat[:110]}")
    print()
