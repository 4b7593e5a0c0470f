"""WhatsApp's "Export chat" text file (Android and iOS, every locale), as a registered format."""

from __future__ import annotations

from typing import ClassVar

from evidence_kit.chat.formats.base import ChatFormat, ExportText
from evidence_kit.chat.model import ChatApp, Transcript
from evidence_kit.chat.whatsapp import looks_like_whatsapp, parse_whatsapp, title_from_name


class WhatsAppText(ChatFormat):
    name: ClassVar[str] = "whatsapp-text"
    app: ClassVar[ChatApp] = ChatApp.WHATSAPP
    variants: ClassVar[str] = (
        "Android '13/06/2018, 21:25 - Name: text' and iOS '[13/06/2018, 21:25:15] Name: text'; day, month and year "
        "in any order with / . - or '. ' (Hungarian); 'à', 'klo', 'um'… before the time; dotted times; a colon or "
        "a bare space after the time; 12-hour a.m./p.m./'a. m.' with hour 00; no-break and narrow spaces; LRM/RLM"
    )

    def sniff(self, export: ExportText) -> bool:
        lines = [line for line in export.head[:8192].split("\n")[:20] if line.strip()]
        return any(looks_like_whatsapp(line) for line in lines[:5])

    def parse(self, export: ExportText) -> Transcript:
        return parse_whatsapp(export.untrusted_text, title_from_name(export.name), export.name)
