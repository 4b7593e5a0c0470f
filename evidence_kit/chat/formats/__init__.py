"""The registry of chat-export formats: each format one module, each a ``ChatFormat`` (sniff, parse)."""

from __future__ import annotations

from evidence_kit.chat.formats.base import ChatFormat, ExportText
from evidence_kit.chat.formats.discord_json import DiscordJson
from evidence_kit.chat.formats.meta_json import MetaJson
from evidence_kit.chat.formats.snapchat_json import SnapchatJson
from evidence_kit.chat.formats.telegram_html import TelegramHtml
from evidence_kit.chat.formats.telegram_json import TelegramJson
from evidence_kit.chat.formats.tiktok_json import TikTokJson
from evidence_kit.chat.formats.whatsapp_text import WhatsAppText

REGISTRY: list[ChatFormat] = []


def register(chat_format: ChatFormat) -> ChatFormat:
    """Add a format (the first whose ``sniff`` says yes reads the file: the most specific go first)."""
    if all(existing.name != chat_format.name for existing in REGISTRY):
        REGISTRY.append(chat_format)
    return chat_format


def detect(export: ExportText) -> ChatFormat | None:
    """The format of a file, or None when no registered format recognises it."""
    return next((f for f in REGISTRY if f.sniff(export)), None)


def by_name(name: str) -> ChatFormat:
    return next(f for f in REGISTRY if f.name == name)


for _format in (
    MetaJson(),
    TelegramJson(),
    TelegramHtml(),
    SnapchatJson(),
    TikTokJson(),
    DiscordJson(),
    WhatsAppText(),
):
    register(_format)

__all__ = ["ChatFormat", "ExportText", "REGISTRY", "by_name", "detect", "register"]
