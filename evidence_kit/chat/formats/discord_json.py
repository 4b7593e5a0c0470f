"""Discord conversations saved with DiscordChatExporter (JSON), as a registered format. Discord's own data
package (messages/c<id>/messages.json: the owner's side only) is read from its zip by the reader."""

from __future__ import annotations

from typing import ClassVar

from evidence_kit.chat.discord import looks_like_chat_exporter, parse_chat_exporter
from evidence_kit.chat.formats.base import ChatFormat, ExportText
from evidence_kit.chat.model import ChatApp, Transcript


class DiscordJson(ChatFormat):
    name: ClassVar[str] = "discord-json"
    app: ClassVar[ChatApp] = ChatApp.DISCORD
    variants: ClassVar[str] = (
        "DiscordChatExporter JSON {guild, channel, messages: [{id, type, timestamp, author {id, name, nickname}, "
        "content, attachments}]}; Discord's own package (messages/c<id>/messages.json or messages.csv with "
        "channel.json) holds only the owner's messages and is read from its zip"
    )

    def sniff(self, export: ExportText) -> bool:
        return export.looks_like_json() and looks_like_chat_exporter(export.document_or_none())

    def parse(self, export: ExportText) -> Transcript:
        return parse_chat_exporter(export.document(), export.name)
