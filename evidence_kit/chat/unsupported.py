"""Exports of apps Evidence Kit cannot read (Signal, Viber), recognised so they are refused by name, never misread."""

from __future__ import annotations

import re

from evidence_kit.chat.model import ChatExportRejected

# Signal has no export of its own; the tools people use to dump it (signal-export, sigtop's text output,
# chat-miner's reader) write "[2019-12-24, 12:23] Name: text" or "[2019-12-24 12:23] Name: text". WhatsApp's own
# bracketed (iOS) headers always carry seconds.
_SIGNAL = re.compile(r"^\[\d{4}-\d{2}-\d{2},? \d{2}:\d{2}\] ", re.MULTILINE)
# Viber's "Export chat history" (Android) mails a CSV whose rows start with a date and time in quotes or not,
# then the sender and the phone number: "12/03/2024,21:05:12,Nina,+33612345678,Salut".
_VIBER = re.compile(r"^\"?\d{1,2}[./]\d{1,2}[./]\d{2,4}\"?,\"?\d{1,2}:\d{2}(?::\d{2})?\"?,[^,\n]*,\"?\+?\d{6,15}\"?,")


def unsupported_app(head: str) -> str:
    """The app whose export this text is, among those we refuse; "" when it is none of them."""
    first = next((line for line in head.split("\n", 20)[:20] if line.strip()), "")
    if _SIGNAL.match(first):
        return "Signal"
    if _VIBER.match(first) or first.lower().startswith("viber"):
        return "Viber"
    return ""


def refuse_unsupported(head: str, name: str) -> None:
    app = unsupported_app(head)
    if app:
        raise ChatExportRejected("chat.reject.unsupported_app", name=name or "-", app=app)
