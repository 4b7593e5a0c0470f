"""Snapchat's "My Data" chat history and TikTok's data export direct messages (JSON), read into messages.

Snapchat, ``json/chat_history.json`` — two known variants:
  * since 2023: ``{"<username>": [{"From", "Media Type", "Created": "2024-03-14 20:05:12 UTC", "Content",
    "Conversation Title", "IsSender", "Created(microseconds)", "IsSaved", "Media IDs"}, ...]}``, one key per
    conversation (the other person's username, or a group's id with its "Conversation Title");
  * before: ``{"Received Saved Chat History": [{"From", "Media Type", "Created", "Text"}], "Sent Saved Chat
    History": [{"To", ...}]}``: only saved chats, the sender of "Sent" ones being the account's owner.
  "Media Type" other than TEXT is a snap or a medium (its "Media IDs" name it); STATUS… types are the app's notices.
TikTok, ``user_data.json`` (or ``user_data_tiktok.json``): under "Direct Messages" (or "Direct Message"), a
"ChatHistory"/"Chat History" object whose keys are "Chat History with <user>:" and values lists of
``{"Date": "2024-03-14 20:05:12", "From", "Content"}``; the dates carry no zone (read as written).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from evidence_kit.chat.model import ChatApp, ChatExportRejected, Message, Transcript

OWNER = "(account owner)"  # the sender of an old Snapchat export's "Sent" chats: the export does not name them
_MAX_WALK = 6


def _utc(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    text = value.strip().removesuffix(" UTC")
    try:
        moment = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return ""
    return moment.isoformat() + ("Z" if value.strip().endswith("UTC") else "")


# --- Snapchat -------------------------------------------------------------------------------------


def _snap_rows(value: Any) -> list[dict[str, Any]]:
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def looks_like_snapchat(data: Any) -> bool:
    if not isinstance(data, dict) or not data:
        return False
    if "Received Saved Chat History" in data or "Sent Saved Chat History" in data:
        return True
    for rows in list(data.values())[:20]:
        first = next(iter(_snap_rows(rows)), None)
        if first is not None and "Media Type" in first and "Created" in first and "From" in first:
            return True
    return False


def _conversations_snapchat(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    if "Received Saved Chat History" in data or "Sent Saved Chat History" in data:
        by_person: dict[str, list[dict[str, Any]]] = {}
        for row in _snap_rows(data.get("Received Saved Chat History")):
            by_person.setdefault(str(row.get("From") or "?"), []).append(row)
        for row in _snap_rows(data.get("Sent Saved Chat History")):
            by_person.setdefault(str(row.get("To") or "?"), []).append(dict(row, From=OWNER))
        return by_person
    return {str(key): _snap_rows(rows) for key, rows in data.items() if _snap_rows(rows)}


def parse_snapchat(data: Any, name: str = "", wanted: str = "") -> Transcript:
    if not looks_like_snapchat(data):
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or "-")
    conversations = _conversations_snapchat(data)
    key = _choose(conversations, name, wanted, lambda rows: [str(r.get("From") or "") for r in rows])
    rows = sorted(conversations[key], key=lambda r: (str(r.get("Created") or ""), r.get("Created(microseconds)") or 0))
    title = next((str(r["Conversation Title"]) for r in rows if r.get("Conversation Title")), key)
    transcript = Transcript(ChatApp.SNAPCHAT, title, [], time_zone_known=True)
    for row in rows:
        kind = str(row.get("Media Type") or "TEXT")
        text = row.get("Content", row.get("Text"))
        media = str(row.get("Media IDs") or "")
        system = kind.upper().startswith("STATUS")
        author = "" if system else str(row.get("From") or "")
        attachments = [m.strip() for m in media.split("|") if m.strip()] if kind != "TEXT" else []
        body = text if isinstance(text, str) else ("" if kind == "TEXT" else f"[{kind}]")
        transcript.messages.append(
            Message(len(transcript.messages), _utc(row.get("Created")), author, body, attachments, system=system)
        )
    if not transcript.messages:
        raise ChatExportRejected("chat.reject.no_messages", name=name or "-")
    return transcript


# --- TikTok --------------------------------------------------------------------------------------


def _tiktok_history(data: Any, depth: int = 0) -> dict[str, list[dict[str, Any]]] | None:
    """The "Chat History with <user>:" lists, wherever the export version put them."""
    if not isinstance(data, dict) or depth > _MAX_WALK:
        return None
    found = {
        str(k): [r for r in v if isinstance(r, dict)]
        for k, v in data.items()
        if isinstance(k, str) and k.lower().startswith("chat history with") and isinstance(v, list)
    }
    if found:
        return found
    for key, value in data.items():
        if isinstance(key, str) and any(w in key.lower() for w in ("direct message", "chathistory", "chat history")):
            inner = _tiktok_history(value, depth + 1)
            if inner is not None:
                return inner
    return None


def looks_like_tiktok(data: Any) -> bool:
    return isinstance(data, dict) and _tiktok_history(data) is not None


def parse_tiktok(data: Any, name: str = "", wanted: str = "") -> Transcript:
    history = _tiktok_history(data) if isinstance(data, dict) else None
    if not history:
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or "-")
    key = _choose(history, name, wanted, lambda rows: [str(r.get("From") or "") for r in rows])
    title = key.removeprefix("Chat History with").removeprefix("chat history with").strip().rstrip(":").strip()
    transcript = Transcript(ChatApp.TIKTOK, title, [])
    for row in sorted(history[key], key=lambda r: str(r.get("Date") or "")):
        content = row.get("Content")
        transcript.messages.append(
            Message(
                len(transcript.messages),
                _utc(row.get("Date")),
                str(row.get("From") or ""),
                content if isinstance(content, str) else "",
            )
        )
    if not transcript.messages:
        raise ChatExportRejected("chat.reject.no_messages", name=name or "-")
    return transcript


def _choose(conversations: dict[str, list[dict[str, Any]]], name: str, wanted: str, authors: Any) -> str:
    """The conversation named (by its key or title, or the one where that person writes), else refused."""
    keys = list(conversations)
    if len(keys) == 1:
        return keys[0]
    if wanted:
        from evidence_kit.chat.analysis import comparable_name

        named = comparable_name(wanted)
        by_key = [k for k in keys if named in (comparable_name(k), comparable_name(_clean_key(k)))]
        if len(by_key) == 1:
            return by_key[0]
        writing = [k for k in keys if named in {comparable_name(a) for a in authors(conversations[k])}]
        if len(writing) == 1:
            return writing[0]
    titles = sorted((_clean_key(k) for k in keys), key=str.casefold)
    raise ChatExportRejected(
        "chat.reject.many_threads", name=name or "-", n=len(keys), threads=", ".join(titles[:12]), titles=titles
    )


def _clean_key(key: str) -> str:
    return key.removeprefix("Chat History with").strip().rstrip(":").strip()
