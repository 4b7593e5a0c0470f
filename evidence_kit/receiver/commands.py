"""``evidence-kit receive``: receive files from a phone into a case, from the command line."""

from __future__ import annotations

import argparse
import io
import json
import queue
import sys
from datetime import datetime
from typing import Any

from evidence_kit.core.errors import UsageError
from evidence_kit.receiver.limits import MAX_MINUTES, ReceiverLimits, human_size
from evidence_kit.receiver.network import checked_bind_address
from evidence_kit.receiver.server import FileEvent, FileState, PhoneReceiver, StopReason


def _limits(args: argparse.Namespace) -> ReceiverLimits:
    if not 0 < args.minutes <= MAX_MINUTES:
        raise UsageError("receiver.error.minutes")
    if args.max_files < 0 or not 0 <= args.port <= 65535:
        raise UsageError("error.usage")
    if args.max_files:
        return ReceiverLimits(minutes=args.minutes, max_files=args.max_files)
    return ReceiverLimits(minutes=args.minutes)


def _print_qr(url: str) -> None:
    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    print(out.getvalue(), end="", flush=True)


def cmd_receive(ctx: Any) -> int:
    args = ctx.args
    limits = _limits(args)
    bind = checked_bind_address(args.bind)
    events: queue.Queue[FileEvent | StopReason] = queue.Queue()
    with ctx.open_case(args.case) as case:
        receiver = PhoneReceiver(
            case, bind=bind, port=args.port, limits=limits, on_event=events.put, on_stop=events.put
        )
        try:
            url = receiver.start()
        except OSError:
            raise UsageError("receiver.error.cannot_listen", address=bind, port=args.port) from None
        try:
            if args.json:
                print(json.dumps({"url": url}), flush=True)
            else:
                ctx.say("receiver.cli.open")
                _print_qr(url)
                print(url, flush=True)
                until = datetime.fromtimestamp(receiver.deadline).astimezone().isoformat(timespec="seconds")
                ctx.say("receiver.cli.until", time=until)
            _report(ctx, events, args.json)
        finally:
            receiver.stop()
            receiver.wait(10)
            while not events.empty():  # files that finished while stopping
                event = events.get_nowait()
                if isinstance(event, FileEvent):
                    _show(ctx, event, args.json)
    return 0


def _report(ctx: Any, events: queue.Queue[FileEvent | StopReason], as_json: bool) -> None:
    while True:
        try:
            event = events.get(timeout=0.5)  # a timeout keeps Ctrl+C responsive on Windows
        except queue.Empty:
            continue
        if isinstance(event, StopReason):
            if event == StopReason.TIME and not as_json:
                ctx.say("receiver.cli.stopped_time")
            return
        _show(ctx, event, as_json)


def _show(ctx: Any, event: FileEvent, as_json: bool) -> None:
    if event.state == FileState.STORED:
        if as_json:
            line = {
                "item": event.item_id,
                "sha256": event.sha256,
                "size": event.received,
                "name": event.name,
                "duplicate": event.duplicate,
            }
            print(json.dumps(line, ensure_ascii=False), flush=True)
        elif event.duplicate:
            ctx.say("receiver.cli.duplicate", name=event.name, item=event.item_id)
        else:
            size = human_size(event.received)
            ctx.say("receiver.cli.stored", item=event.item_id, sha256=event.sha256, size=size, name=event.name)
    elif event.state == FileState.FAILED and event.error is not None:
        print(ctx.t("receiver.cli.failed", name=event.name, reason=event.error.message(ctx.t)), file=sys.stderr)
