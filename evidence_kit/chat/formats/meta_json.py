"""Instagram's and Facebook Messenger's "Download your information" JSON (message_1.json…), as a registered format."""

from __future__ import annotations

from typing import ClassVar

from evidence_kit.chat.formats.base import ChatFormat, ExportText
from evidence_kit.chat.meta import looks_like_meta, parse_meta
from evidence_kit.chat.model import ChatApp, Transcript


class MetaJson(ChatFormat):
    name: ClassVar[str] = "meta-json"
    app: ClassVar[ChatApp] = ChatApp.INSTAGRAM  # or Messenger: the export's folders and keys tell (meta.guess_format)
    variants: ClassVar[str] = (
        "your_instagram_activity/messages/inbox/<thread>/message_N.json, your_facebook_activity/messages/…, older "
        "messages/inbox/…; participants and messages (sender_name, timestamp_ms, content, photos…), newest first, "
        "text in mis-encoded UTF-8; Messenger's end-to-end-encrypted export (senderName, timestamp, text, media)"
    )

    def sniff(self, export: ExportText) -> bool:
        return export.looks_like_json() and looks_like_meta(export.document_or_none())

    def parse(self, export: ExportText) -> Transcript:
        return parse_meta([export.document()], export.name, export.hint or export.name)
