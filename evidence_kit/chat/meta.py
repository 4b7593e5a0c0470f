"""Instagram and Facebook Messenger "Download your information" JSON, with their mis-encoded text repaired."""

from __future__ import annotations

import datetime as dt
from typing import Any

from evidence_kit.chat.model import ChatApp, ChatExportRejected, Message, Transcript


def repair_mojibake(text: str) -> str:
    """Meta writes each UTF-8 byte as its own character (é becomes Ã©); undo that, leave correct text alone."""
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def looks_like_meta(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        return False
    if "participants" in data:
        return True
    first = next((m for m in data["messages"] if isinstance(m, dict)), None)
    return first is not None and ("sender_name" in first or "senderName" in first)


def _str(value: Any) -> str:
    return repair_mojibake(value) if isinstance(value, str) else ""


def _moment(raw: dict[str, Any]) -> str:
    stamp = raw.get("timestamp_ms", raw.get("timestamp"))
    if isinstance(stamp, bool) or not isinstance(stamp, (int, float)):
        return ""
    seconds = stamp / 1000 if stamp > 10**11 else stamp  # milliseconds in every known version
    try:
        moment = dt.datetime.fromtimestamp(seconds, dt.UTC).replace(microsecond=0)
    except (OverflowError, OSError, ValueError):
        return ""
    return moment.isoformat().replace("+00:00", "Z")


def _attachments(raw: dict[str, Any]) -> list[str]:
    found = []
    for key in ("photos", "videos", "audio_files", "files", "gifs", "media"):
        entries = raw.get(key)
        if isinstance(entries, list):
            for entry in entries:
                uri = entry.get("uri") if isinstance(entry, dict) else None
                if isinstance(uri, str) and uri:
                    found.append(repair_mojibake(uri))
    sticker = raw.get("sticker")
    if isinstance(sticker, dict) and isinstance(sticker.get("uri"), str):
        found.append(repair_mojibake(sticker["uri"]))
    return found


def _text(raw: dict[str, Any]) -> str:
    text = _str(raw.get("content", raw.get("text")))
    share = raw.get("share")
    if isinstance(share, dict):
        link = _str(share.get("link"))
        if link and link not in text:
            text = f"{text}\n{link}" if text else link
    return text


def thread_participants(data: Any) -> list[str]:
    """The names a conversation file lists (to pick the scammer's thread out of a whole export)."""
    return _participants(data) if isinstance(data, dict) else []


def _participants(data: dict[str, Any]) -> list[str]:
    found = []
    entries = data.get("participants")
    for entry in entries if isinstance(entries, list) else []:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str):
            found.append(repair_mojibake(name))
    return found


def guess_format(data: dict[str, Any], hint: str) -> tuple[ChatApp, bool]:
    """Instagram or Messenger, and whether the export's own structure says so (or it is only guessed).

    Read from the structure only, never from what people wrote: the folders the file sits in
    (``your_instagram_activity/messages/…``, ``your_facebook_activity/messages/…``), its ``thread_path``, the
    paths of its media, and Messenger's own end-to-end-encrypted layout (``senderName``, ``isUnsent``).
    """
    paths = [hint.lower(), str(data.get("thread_path", "")).lower()]
    camel = False
    for raw in data.get("messages", [])[:200]:
        if isinstance(raw, dict):
            paths.extend(uri.lower() for uri in _attachments(raw))
            camel = camel or "senderName" in raw or "isUnsent" in raw
    clues = " ".join(paths)
    instagram = "your_instagram_activity" in clues or "instagram" in clues
    facebook = "your_facebook_activity" in clues or "facebook" in clues or "messenger" in clues or camel
    if instagram and not facebook:
        return ChatApp.INSTAGRAM, True
    if facebook and not instagram:
        return ChatApp.MESSENGER, True
    return ChatApp.INSTAGRAM, False


def parse_meta(documents: list[Any], name: str = "", hint: str = "") -> Transcript:
    """One conversation, possibly split over message_1.json, message_2.json…"""
    documents = [d for d in documents if looks_like_meta(d)]
    if not documents:
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or "-")
    chat_format, certain = guess_format(documents[0], hint)
    title = _str(documents[0].get("title", documents[0].get("threadName")))
    transcript = Transcript(chat_format, title, [], time_zone_known=True)
    if not certain:
        transcript.warn("chat.warn.platform_guessed", platform=chat_format.value)
    rows: list[tuple[str, int, Message]] = []
    unreadable = 0
    for document in documents:
        for position, raw in enumerate(document["messages"]):
            if not isinstance(raw, dict):
                unreadable += 1
                continue
            author = _str(raw.get("sender_name", raw.get("senderName")))
            message = Message(0, _moment(raw), author, _text(raw), _attachments(raw), system=not author)
            rows.append((message.at, -position, message))
    if not rows:
        raise ChatExportRejected("chat.reject.no_messages", name=name or "-")
    # Meta lists the newest message first; the transcript reads oldest first.
    rows.sort(key=lambda row: (row[0], row[1]))
    for index, (_at, _pos, message) in enumerate(rows):
        message.index = index
        transcript.messages.append(message)
    transcript.declared_participants = _participants(documents[0])
    if unreadable:
        transcript.warn("chat.warn.lines_skipped", n=unreadable)
    return transcript
