"""Snapchat's "My Data" chat history (json/chat_history.json), as a registered format."""

from __future__ import annotations

from typing import ClassVar

from evidence_kit.chat.formats.base import ChatFormat, ExportText
from evidence_kit.chat.model import ChatApp, Transcript
from evidence_kit.chat.snapchat_tiktok import looks_like_snapchat, parse_snapchat


class SnapchatJson(ChatFormat):
    name: ClassVar[str] = "snapchat-json"
    app: ClassVar[ChatApp] = ChatApp.SNAPCHAT
    variants: ClassVar[str] = (
        "since 2023 one key per conversation with From, Media Type, Created (UTC), Content, Conversation Title, "
        "IsSender, Media IDs; before, 'Received/Sent Saved Chat History' lists with Text (saved chats only). "
        "Not read: the HTML variant (html/chat_history.html)"
    )

    def sniff(self, export: ExportText) -> bool:
        return export.looks_like_json() and looks_like_snapchat(export.document_or_none())

    def parse(self, export: ExportText) -> Transcript:
        return parse_snapchat(export.document(), export.name, export.wanted)
