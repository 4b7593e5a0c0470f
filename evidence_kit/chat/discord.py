"""Discord chats: DiscordChatExporter's JSON (every author), and Discord's own data package (the owner's side only).

Known variants:
  * DiscordChatExporter (the tool people use to save a Discord conversation): ``{"guild", "channel", "messages":
    [{"id", "type", "timestamp": "2023-01-15T10:30:00+00:00", "author": {"id", "name", "nickname"}, "content",
    "attachments": [{"url", "fileName"}]}]}``; types other than Default/Reply are the app's notices;
  * Discord's "Request my data" package: ``messages/c<channel id>/messages.json`` (since 2023; before,
    ``messages.csv``) with ``{"ID", "Timestamp": "2023-01-15 10:30:00.123000+00:00", "Contents", "Attachments"}``
    and ``channel.json`` (``recipients`` ids); it holds only the messages the account's owner sent.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from evidence_kit.chat.model import ChatApp, ChatExportRejected, Message, Transcript

OWNER = "(account owner)"
_USER_TYPES = {"Default", "Reply", "0", "19", "ThreadStarterMessage"}


def _moment(value: Any) -> str:
    if not isinstance(value, str) or not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
        return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    return moment.replace(microsecond=0).isoformat()


def looks_like_chat_exporter(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list) or "channel" not in data:
        return False
    first = next((m for m in data["messages"][:20] if isinstance(m, dict)), None)
    return first is not None and isinstance(first.get("author"), dict) and "timestamp" in first


def parse_chat_exporter(data: Any, name: str = "") -> Transcript:
    if not looks_like_chat_exporter(data):
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or "-")
    channel: dict[str, Any] = data["channel"] if isinstance(data.get("channel"), dict) else {}
    transcript = Transcript(ChatApp.DISCORD, str(channel.get("name") or ""), [], time_zone_known=True)
    for raw in data["messages"]:
        if not isinstance(raw, dict):
            continue
        author: dict[str, Any] = raw["author"] if isinstance(raw.get("author"), dict) else {}
        name_shown = str(author.get("nickname") or author.get("name") or "")
        system = str(raw.get("type", "Default")) not in _USER_TYPES
        attachments = [
            str(a.get("fileName") or a.get("url") or "")
            for a in raw.get("attachments") or []
            if isinstance(a, dict) and (a.get("fileName") or a.get("url"))
        ]
        content = raw.get("content")
        message = Message(
            len(transcript.messages),
            _moment(raw.get("timestamp")),
            "" if system else name_shown,
            content if isinstance(content, str) else "",
            attachments,
            system=system,
            author_id="" if system else str(author.get("id") or ""),
        )
        if message.author and message.author_id:
            transcript.participant_ids.setdefault(message.author, message.author_id)
        transcript.messages.append(message)
    if not transcript.messages:
        raise ChatExportRejected("chat.reject.no_messages", name=name or "-")
    return transcript


def parse_package_channel(messages_text: str, is_csv: bool, owner: str, title: str, name: str = "") -> Transcript:
    """One channel of Discord's own data package: only what the owner sent."""
    import json

    rows: list[dict[str, Any]]
    if is_csv:
        rows = list(csv.DictReader(io.StringIO(messages_text)))
    else:
        try:
            loaded = json.loads(messages_text)
        except (ValueError, RecursionError):
            raise ChatExportRejected("chat.reject.json_damaged", name=name or "-") from None
        rows = [r for r in loaded if isinstance(r, dict)] if isinstance(loaded, list) else []
    transcript = Transcript(ChatApp.DISCORD, title, [], time_zone_known=True)
    for row in sorted(rows, key=lambda r: str(r.get("Timestamp") or "")):
        attachments = [a for a in str(row.get("Attachments") or "").split() if a]
        transcript.messages.append(
            Message(
                len(transcript.messages),
                _moment(row.get("Timestamp")),
                owner or OWNER,
                str(row.get("Contents") or ""),
                attachments,
            )
        )
    if not transcript.messages:
        raise ChatExportRejected("chat.reject.no_messages", name=name or "-")
    transcript.warn("chat.warn.discord_own_side")
    return transcript
