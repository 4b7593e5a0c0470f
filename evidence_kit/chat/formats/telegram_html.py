"""Telegram Desktop's HTML export (messages.html…), as a registered format."""

from __future__ import annotations

from typing import ClassVar

from evidence_kit.chat.formats.base import ChatFormat, ExportText
from evidence_kit.chat.model import ChatApp, Transcript
from evidence_kit.chat.telegram_html import looks_like_telegram_html, parse_telegram_html


class TelegramHtml(ChatFormat):
    name: ClassVar[str] = "telegram-html"
    app: ClassVar[ChatApp] = ChatApp.TELEGRAM
    variants: ClassVar[str] = (
        "messages.html, messages2.html… of one chat; joined messages take the previous author; service messages "
        "are notices, negative ids are date headings; times from the title attribute, with UTC offset (recent) "
        "or without (older: the computer's wall clock); forwarded bodies name the original author; media links"
    )

    def sniff(self, export: ExportText) -> bool:
        return export.head[:1] == "<" and looks_like_telegram_html(export.head)

    def parse(self, export: ExportText) -> Transcript:
        return parse_telegram_html([(export.name, export.untrusted_text)], export.name)
