"""Telegram Desktop's JSON export (result.json), one chat or a full export, read into messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from evidence_kit.chat.model import ChatApp, ChatExportRejected, Message, Transcript


def looks_like_telegram(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    messages = data.get("messages")
    if isinstance(messages, list) and "participants" not in data:
        if "type" in data or "id" in data:
            return True
        # A chat's result.json saved alone, or trimmed by a tool, may lack the chat's own keys: its messages
        # still say what they are (Telegram's "type" of "message"/"service" and its "date_unixtime" or "from").
        first = next((m for m in messages[:20] if isinstance(m, dict)), None)
        return (
            first is not None
            and first.get("type") in ("message", "service")
            and ("date_unixtime" in first or "from" in first or "actor" in first)
        )
    chats = data.get("chats")
    return isinstance(chats, dict) and isinstance(chats.get("list"), list)


def _text(value: Any) -> str:
    """Telegram writes text as a string, or as a list of strings and {type, text} pieces (links, bold…)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for piece in value:
            if isinstance(piece, str):
                parts.append(piece)
            elif isinstance(piece, dict):
                inner = piece.get("text")
                parts.append(inner if isinstance(inner, str) else "")
                href = piece.get("href")
                if isinstance(href, str) and href and href != inner:
                    parts.append(f" ({href})")
        return "".join(parts)
    return ""


def _moment(raw: dict[str, Any]) -> tuple[str, bool]:
    """(ISO time, absolute?) — date_unixtime is UTC; date alone is the exporting computer's local time."""
    unix = raw.get("date_unixtime")
    if isinstance(unix, (str, int)) and str(unix).isdigit():
        try:
            moment = dt.datetime.fromtimestamp(int(unix), dt.UTC)
            return moment.isoformat().replace("+00:00", "Z"), True
        except (OverflowError, OSError, ValueError):
            pass
    date = raw.get("date")
    if isinstance(date, str):
        try:
            return dt.datetime.fromisoformat(date).isoformat(), False
        except ValueError:
            pass
    return "", False


def _attachments(raw: dict[str, Any]) -> list[str]:
    found = []
    for key in ("photo", "file", "thumbnail"):
        value = raw.get(key)
        if isinstance(value, str) and value and not value.startswith("(") and key != "thumbnail":
            found.append(value)
    return found


def _chats(data: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(data.get("messages"), list):
        return [data]
    chats = data.get("chats", {}).get("list", [])
    return [c for c in chats if isinstance(c, dict) and isinstance(c.get("messages"), list)]


def _choose_chat(chats: list[dict[str, Any]], name: str, wanted: str) -> list[dict[str, Any]]:
    """A whole account's export holds every chat: the one named (by title, or by a person writing in it) is read;
    without a single match the export is refused with the chats' titles, for the person to choose."""
    if len(chats) <= 1:
        return chats
    from evidence_kit.chat.analysis import comparable_name

    titles = [str(c.get("name") or c.get("id") or "?") for c in chats]
    if wanted:
        named = comparable_name(wanted)
        by_title = [c for c, t in zip(chats, titles, strict=True) if comparable_name(t) == named]
        if len(by_title) == 1:
            return by_title
        writing = [
            c
            for c in chats
            if any(
                isinstance(m, dict) and isinstance(m.get("from"), str) and comparable_name(m["from"]) == named
                for m in c["messages"]
            )
        ]
        if len(writing) == 1:
            return writing
    ordered = sorted(titles, key=str.casefold)
    raise ChatExportRejected(
        "chat.reject.many_threads", name=name or "-", n=len(chats), threads=", ".join(ordered[:12]), titles=ordered
    )


def parse_telegram(data: Any, name: str = "", wanted: str = "") -> Transcript:
    """One chat of a Telegram JSON export; ``wanted`` (a chat's title or a person's name) picks it among several."""
    if not looks_like_telegram(data):
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or "-")
    chats = _choose_chat(_chats(data), name, wanted)
    titles = [str(c.get("name") or "") for c in chats]
    transcript = Transcript(ChatApp.TELEGRAM, ", ".join(t for t in titles if t), [])
    absolute = True
    unreadable = 0
    for chat in chats:
        for raw in chat["messages"]:
            if not isinstance(raw, dict):
                unreadable += 1
                continue
            at, is_absolute = _moment(raw)
            absolute = absolute and is_absolute
            service = raw.get("type") == "service"
            author = raw.get("actor" if service else "from")
            author = author if isinstance(author, str) else ""
            author_id = raw.get("actor_id" if service else "from_id")
            author_id = author_id if isinstance(author_id, str) else ""
            text = _text(raw.get("text"))
            if service:
                action = raw.get("action")
                text = " ".join(p for p in (str(action) if action else "", text) if p)
            if author and author_id:
                transcript.participant_ids.setdefault(author, author_id)
            transcript.messages.append(
                Message(
                    len(transcript.messages),
                    at,
                    "" if service else author,
                    text,
                    _attachments(raw),
                    system=service,
                    author_id=author_id,
                )
            )
    if not transcript.messages:
        raise ChatExportRejected("chat.reject.no_messages", name=name or "-")
    transcript.time_zone_known = absolute
    if unreadable:
        transcript.warn("chat.warn.lines_skipped", n=unreadable)
    return transcript
