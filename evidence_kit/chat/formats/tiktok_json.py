"""TikTok's data export direct messages (user_data.json, "Direct Messages" › "Chat History"), as a registered
format."""

from __future__ import annotations

from typing import ClassVar

from evidence_kit.chat.formats.base import ChatFormat, ExportText
from evidence_kit.chat.model import ChatApp, Transcript
from evidence_kit.chat.snapchat_tiktok import looks_like_tiktok, parse_tiktok


class TikTokJson(ChatFormat):
    name: ClassVar[str] = "tiktok-json"
    app: ClassVar[ChatApp] = ChatApp.TIKTOK
    variants: ClassVar[str] = (
        "user_data.json (or user_data_tiktok.json): 'Direct Messages' or 'Direct Message', then 'Chat History' or "
        "'ChatHistory', then one 'Chat History with <user>:' list of {Date, From, Content} per conversation; "
        "dates without a zone. Not read: the TXT variant of the export"
    )

    def sniff(self, export: ExportText) -> bool:
        return export.looks_like_json() and looks_like_tiktok(export.document_or_none())

    def parse(self, export: ExportText) -> Transcript:
        return parse_tiktok(export.document(), export.name, export.wanted)
