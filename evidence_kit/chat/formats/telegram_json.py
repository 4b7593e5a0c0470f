"""Telegram Desktop's JSON export (result.json: one chat, a whole account, or a chat without its own keys)."""

from __future__ import annotations

from typing import ClassVar

from evidence_kit.chat.formats.base import ChatFormat, ExportText
from evidence_kit.chat.model import ChatApp, Transcript
from evidence_kit.chat.telegram import looks_like_telegram, parse_telegram


class TelegramJson(ChatFormat):
    name: ClassVar[str] = "telegram-json"
    app: ClassVar[ChatApp] = ChatApp.TELEGRAM
    variants: ClassVar[str] = (
        "one chat {name, type, id, messages}; a whole account {chats: {list: [...]}}; messages alone {messages}; "
        "text as a string or as pieces; date_unixtime (UTC) or date (local); service messages with actor/action"
    )

    def sniff(self, export: ExportText) -> bool:
        return export.looks_like_json() and looks_like_telegram(export.document_or_none())

    def parse(self, export: ExportText) -> Transcript:
        return parse_telegram(export.document(), export.name, export.wanted)
