"""Recognise an export (WhatsApp .txt/.zip, Telegram result.json, Instagram/Messenger JSON or .zip) and parse it.

Nothing here touches a case: an export is read and checked whole first, so a
refusal leaves the case unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from evidence_kit.chat import formats
from evidence_kit.chat.analysis import comparable_name
from evidence_kit.chat.formats.base import ExportText
from evidence_kit.chat.meta import parse_meta, repair_mojibake, thread_participants
from evidence_kit.chat.model import ChatApp, ChatExportRejected, Transcript, no_gc_pauses
from evidence_kit.chat.safezip import SafeZip, ZipLimits
from evidence_kit.chat.telegram_html import looks_like_telegram_html, page_number, parse_telegram_html
from evidence_kit.chat.textcodec import decode_text, looks_binary
from evidence_kit.chat.unsupported import refuse_unsupported, unsupported_app
from evidence_kit.chat.whatsapp import looks_like_whatsapp, title_from_name


@dataclass(frozen=True)
class ReadLimits:
    max_text: int = 64 << 20  # a chat text or JSON read whole: about a million messages
    max_media_member: int = 64 << 20  # a media file read into memory to become an item; larger ones stay in the zip
    max_export: int = 4 << 30
    zip: ZipLimits = field(default_factory=ZipLimits)


@dataclass
class ParsedExport:
    name: str  # the export's file name
    container: str  # "zip", "text" or "json"
    transcript: Transcript
    chat_member: str = ""  # the member holding the chat, for a zip
    chat_members: list[str] = field(default_factory=list)  # every member holding it (Meta splits long chats)
    media: list[tuple[str, str]] = field(default_factory=list)  # (member path, name the messages use)
    skipped_media: list[str] = field(default_factory=list)
    sha256: str = ""
    size: int = 0


_JUNK = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)", re.IGNORECASE)
_META_MESSAGE_FILE = re.compile(r"(^|/)messages/(?:[^/]+/)?[^/]+/(?P<thread>[^/]+)/message_\d+\.json$")
# Snapchat's json/chat_history.json, TikTok's user_data.json: one file holding every conversation.
_JSON_CHAT_FILE = re.compile(r"(^|/)(?:chat_history|user_data(?:_tiktok)?)\.json$", re.IGNORECASE)
_DISCORD_CHANNEL = re.compile(r"(^|/)messages/c(?P<id>\d+)/messages\.(?:json|csv)$", re.IGNORECASE)
_META_MESSAGE_FILE_ANY = re.compile(r"(^|/)(?P<thread>[^/]+)/message_\d+\.json$")


def _hash_stream(handle: BinaryIO) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    handle.seek(0)
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return digest.hexdigest(), size


def read_export(path: Path | str, scammer: str = "", limits: ReadLimits | None = None) -> ParsedExport:
    """Open and parse an export file; raises ``ChatExportRejected`` with a message for anything unusable."""
    path = Path(path)
    name = path.name
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise ChatExportRejected("reject.not_found", name=name) from None
    except IsADirectoryError:
        raise ChatExportRejected("chat.reject.directory", name=name) from None
    except OSError:
        raise ChatExportRejected("reject.unreadable", name=name) from None
    with handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ChatExportRejected("reject.special", name=name)
        with no_gc_pauses():
            return read_export_stream(handle, name, scammer=scammer, limits=limits)


def read_export_stream(
    handle: BinaryIO, name: str, scammer: str = "", limits: ReadLimits | None = None
) -> ParsedExport:
    """Parse an export from a seekable stream (a file, or a sealed copy inside a case)."""
    limits = limits or ReadLimits()
    try:
        sha256, size = _hash_stream(handle)
        head = handle.read(4)
        handle.seek(0)
    except OSError:
        raise ChatExportRejected("reject.unreadable", name=name) from None
    if size == 0:
        raise ChatExportRejected("reject.empty", name=name)
    if size > limits.max_export:
        raise ChatExportRejected("chat.reject.too_large", name=name)
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        with SafeZip(handle, name, limits.zip) as archive:
            parsed = _read_zip(archive, name, scammer, limits)
    else:
        if size > limits.max_text:
            raise ChatExportRejected("chat.reject.too_large", name=name)
        data = handle.read(limits.max_text + 1)
        parsed = _read_single(data, name, scammer)
    parsed.sha256, parsed.size = sha256, size
    return parsed


def _read_single(data: bytes, name: str, scammer: str, hint: str = "") -> ParsedExport:
    decoded = decode_text(data)
    text = decoded.text
    del data
    if looks_binary(text):
        raise ChatExportRejected("chat.reject.not_a_chat", name=name)
    export = ExportText(name, text, hint=hint or name, wanted=scammer)
    refuse_unsupported(export.head[:4096], name)
    chat_format = formats.detect(export)
    if chat_format is None:
        if export.looks_like_json():
            export.document()  # a damaged JSON file is said so (json_damaged), not "not a chat"
        raise ChatExportRejected("chat.reject.not_a_chat", name=name)
    transcript = chat_format.parse(export)
    document = export.document_or_none() if chat_format.app != ChatApp.WHATSAPP else None
    if isinstance(document, dict) and document.get("_truncated"):
        transcript.warn("chat.warn.json_truncated", n=len(transcript.messages))
    if decoded.guessed and chat_format.app == ChatApp.WHATSAPP:
        transcript.warn("chat.warn.encoding", encoding=decoded.encoding)
    return ParsedExport(name, "json" if export.looks_like_json() else "text", transcript)


def load_json(text: str, name: str) -> Any:
    """A JSON export read whole, or what can be saved of one cut short; ``ChatExportRejected`` otherwise."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ChatExportRejected("chat.reject.json_damaged", name=name) from None
    except ValueError:
        salvaged = _salvage_json(text)
        if salvaged is None:
            raise ChatExportRejected("chat.reject.json_damaged", name=name) from None
        return salvaged


_load_json = load_json


def _salvage_json(text: str) -> dict[str, Any] | None:
    """A JSON export cut short: keep the fields before "messages" and every whole message object."""
    start = text.find('"messages"')
    bracket = text.find("[", start)
    if start < 0 or bracket < 0 or text[start + len('"messages"') : bracket].strip() != ":":
        return None
    head_text = text[:start].rstrip().rstrip(",")
    try:
        head = json.loads(head_text + "}") if head_text.lstrip().startswith("{") else {}
    except (ValueError, RecursionError):
        head = {}
    if not isinstance(head, dict):
        head = {}
    decoder = json.JSONDecoder()
    messages: list[Any] = []
    position = bracket + 1
    length = len(text)
    while position < length:
        while position < length and text[position] in " \t\r\n,":
            position += 1
        if position >= length or text[position] == "]":
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            break
        messages.append(value)
    if not messages:
        return None
    head["messages"] = messages
    head["_truncated"] = True
    return head


# --- zip archives ------------------------------------------------------------------


def _usable(path: str) -> bool:
    return not _JUNK.search(path)


def _read_zip(archive: SafeZip, name: str, scammer: str, limits: ReadLimits) -> ParsedExport:
    paths = [m.path for m in archive.members if _usable(m.path)]
    telegram = [p for p in paths if PurePosixPath(p).name == "result.json"]
    meta_files = [p for p in paths if _META_MESSAGE_FILE_ANY.search(p)]
    texts = [p for p in paths if p.lower().endswith(".txt")]
    pages = [p for p in paths if page_number(p)]
    if telegram:
        return _read_zip_telegram(archive, name, min(telegram, key=len), paths, limits, scammer)
    if meta_files:
        return _read_zip_meta(archive, name, meta_files, paths, scammer, limits)
    if pages:
        return _read_zip_telegram_html(archive, name, pages, paths, limits)
    discord = [p for p in paths if _DISCORD_CHANNEL.search(p)]
    if discord:
        return _read_zip_discord(archive, name, discord, paths, scammer, limits)
    json_chats = [p for p in paths if _JSON_CHAT_FILE.search(p)]
    if json_chats:
        chosen = min(json_chats, key=lambda p: (p.count("/"), p))
        parsed = _read_single(archive.read(chosen, limits.max_text), name, scammer, hint=chosen)
        parsed.container, parsed.chat_member, parsed.chat_members = "zip", chosen, [chosen]
        return parsed
    if texts:
        return _read_zip_whatsapp(archive, name, texts, paths, limits)
    raise ChatExportRejected("chat.reject.zip_no_chat", name=name)


def _read_zip_whatsapp(
    archive: SafeZip, name: str, texts: list[str], paths: list[str], limits: ReadLimits
) -> ParsedExport:
    def rank(path: str) -> tuple[int, int, str]:
        base = PurePosixPath(path).name
        known = base == "_chat.txt" or bool(title_from_name(base))
        return (0 if known else 1, path.count("/"), path)

    chat = min(texts, key=rank)
    data = archive.read(chat, limits.max_text)
    parsed = _read_single(data, name, "")
    transcript = parsed.transcript
    if not transcript.title:
        transcript.title = title_from_name(PurePosixPath(chat).name) or title_from_name(name)
    parsed.container, parsed.chat_member = "zip", chat
    # Every other file of a WhatsApp export is a medium of this chat.
    members = [p for p in paths if p != chat]
    _attach_media(parsed, archive, members, {PurePosixPath(p).name: p for p in members}, limits)
    return parsed


def _read_zip_telegram(
    archive: SafeZip, name: str, result: str, paths: list[str], limits: ReadLimits, scammer: str = ""
) -> ParsedExport:
    data = archive.read(result, limits.max_text)
    parsed = _read_single(data, name, scammer)
    parsed.container, parsed.chat_member = "zip", result
    base = str(PurePosixPath(result).parent)
    prefix = "" if base == "." else base + "/"
    by_reference = {p[len(prefix) :]: p for p in paths if p.startswith(prefix) and p != result}
    referenced = [by_reference[a] for m in parsed.transcript.messages for a in m.attachments if a in by_reference]
    _attach_media(parsed, archive, list(dict.fromkeys(referenced)), {k: v for k, v in by_reference.items()}, limits)
    return parsed


def _read_zip_telegram_html(
    archive: SafeZip, name: str, pages: list[str], paths: list[str], limits: ReadLimits
) -> ParsedExport:
    """Telegram Desktop's HTML export of one chat: messages.html, messages2.html… in the shallowest folder."""
    folder = min((str(PurePosixPath(p).parent) for p in pages), key=lambda f: (f.count("/"), f))
    chosen = sorted((p for p in pages if str(PurePosixPath(p).parent) == folder), key=page_number)
    files = [(p, decode_text(archive.read(p, limits.max_text)).text) for p in chosen]
    transcript = parse_telegram_html(files, name)
    parsed = ParsedExport(name, "zip", transcript, chat_member=chosen[0], chat_members=chosen)
    prefix = "" if folder == "." else folder + "/"
    by_reference = {p[len(prefix) :]: p for p in paths if p.startswith(prefix) and p not in chosen}
    referenced = [by_reference[a] for m in transcript.messages for a in m.attachments if a in by_reference]
    _attach_media(parsed, archive, list(dict.fromkeys(referenced)), by_reference, limits)
    return parsed


def _read_zip_discord(
    archive: SafeZip, name: str, files: list[str], paths: list[str], wanted: str, limits: ReadLimits
) -> ParsedExport:
    """Discord's own data package: one channel (the one named, or the only one), the owner's messages only."""
    from evidence_kit.chat.analysis import comparable_name
    from evidence_kit.chat.discord import OWNER, parse_package_channel

    def read_json(path: str) -> Any:
        try:
            return json.loads(decode_text(archive.read(path, limits.max_text)).text)
        except (ValueError, RecursionError, ChatExportRejected):
            return None

    index_path = next((p for p in paths if re.search(r"(^|/)messages/index\.json$", p, re.IGNORECASE)), "")
    index = read_json(index_path) if index_path else None
    names = {str(k): str(v) for k, v in index.items()} if isinstance(index, dict) else {}
    channels = {_DISCORD_CHANNEL.search(p)["id"]: p for p in sorted(files)}  # type: ignore[index]
    titles = {cid: names.get(cid) or cid for cid in channels}
    if len(channels) == 1:
        chosen = next(iter(channels))
    else:
        named = comparable_name(wanted)
        matches = [
            cid
            for cid, title in titles.items()
            if wanted and (named == comparable_name(title) or named in comparable_name(title).split())
        ]
        if len(matches) != 1:
            ordered = sorted(titles.values(), key=str.casefold)
            raise ChatExportRejected(
                "chat.reject.many_threads", name=name, n=len(channels), threads=", ".join(ordered[:12]), titles=ordered
            )
        chosen = matches[0]
    user_path = next((p for p in paths if re.search(r"(^|/)account/user\.json$", p, re.IGNORECASE)), "")
    user = read_json(user_path) if user_path else None
    owner = str(user.get("username") or OWNER) if isinstance(user, dict) else OWNER
    member = channels[chosen]
    text = decode_text(archive.read(member, limits.max_text)).text
    transcript = parse_package_channel(text, member.lower().endswith(".csv"), owner, titles[chosen], name)
    return ParsedExport(name, "zip", transcript, chat_member=member, chat_members=[member])


def _thread_of(path: str) -> str:
    match = _META_MESSAGE_FILE.search(path) or _META_MESSAGE_FILE_ANY.search(path)
    return path[: match.start("thread")] + match["thread"] if match else ""


def _read_zip_meta(
    archive: SafeZip, name: str, files: list[str], paths: list[str], scammer: str, limits: ReadLimits
) -> ParsedExport:
    threads: dict[str, list[str]] = {}
    for path in sorted(files):
        threads.setdefault(_thread_of(path), []).append(path)
    chosen = next(iter(threads)) if len(threads) == 1 else _choose_thread(archive, name, threads, scammer, limits)
    documents = []
    truncated = False
    for path in threads[chosen]:
        text = decode_text(archive.read(path, limits.max_text)).text
        document = _load_json(text, name)
        if isinstance(document, dict) and document.pop("_truncated", False):
            truncated = True
        documents.append(document)
    transcript = parse_meta(documents, name, hint=name + " " + chosen)
    if truncated:
        transcript.warn("chat.warn.json_truncated", n=len(transcript.messages))
    parsed = ParsedExport(name, "zip", transcript, chat_member=threads[chosen][0], chat_members=threads[chosen])
    lookup = {p: p for p in paths}
    referenced = []
    for message in transcript.messages:
        for uri in message.attachments:
            member = _find_member(uri, lookup)
            if member:
                referenced.append(member)
    _attach_media(parsed, archive, list(dict.fromkeys(referenced)), lookup, limits)
    return parsed


def _find_member(uri: str, lookup: dict[str, str]) -> str:
    """Meta's URIs start at the export's root, which may sit under a folder in the zip."""
    uri = uri.lstrip("/")
    if uri in lookup:
        return uri
    for path in lookup:
        if path.endswith("/" + uri):
            return path
    return ""


def _choose_thread(archive: SafeZip, name: str, threads: dict[str, list[str]], scammer: str, limits: ReadLimits) -> str:
    titles: dict[str, str] = {}
    matches = []
    for thread, files in threads.items():
        try:
            document = json.loads(decode_text(archive.read(files[0], limits.max_text)).text)
        except (ValueError, RecursionError, ChatExportRejected):
            continue
        title = repair_mojibake(str(document.get("title", ""))) if isinstance(document, dict) else ""
        titles[thread] = title or PurePosixPath(thread).name
        people = thread_participants(document)
        named = comparable_name(scammer)
        if scammer and (
            named in (comparable_name(p) for p in people)
            or named in (comparable_name(title), comparable_name(titles[thread]))
        ):
            matches.append(thread)
    if len(matches) == 1:
        return matches[0]
    ordered = sorted(titles.values(), key=str.casefold)
    # ``titles`` (every one) lets a window offer the choice; ``threads`` is the first few, for the message.
    raise ChatExportRejected(
        "chat.reject.many_threads", name=name, n=len(threads), threads=", ".join(ordered[:12]), titles=ordered
    )


def _attach_media(
    parsed: ParsedExport, archive: SafeZip, members: list[str], names: dict[str, str], limits: ReadLimits
) -> None:
    sizes = {m.path: m for m in archive.members}
    reverse = {v: k for k, v in names.items()}
    for path in members:
        member = sizes.get(path)
        if member is None:
            continue
        if member.size > limits.max_media_member or member.encrypted or member.size == 0:
            parsed.skipped_media.append(path)
            continue
        parsed.media.append((path, reverse.get(path, PurePosixPath(path).name)))
    if parsed.skipped_media:
        parsed.transcript.warn("chat.warn.media_skipped", n=len(parsed.skipped_media))


# --- telling a chat export from any other file, cheaply ------------------------------------

_SNIFF_BYTES = 64 << 10
_JSON_CHAT_KEYS = re.compile(
    r'"(?:sender_name|senderName|participants|chats|Media Type|Received Saved Chat History|Direct Messages?'
    r'|guild)"\s*:'
    r'|"messages"\s*:\s*\[\s*\{\s*"(?:id|type)"'
)


def _text_looks_like_chat(data: bytes) -> bool:
    text = decode_text(data).text
    if looks_binary(text):
        return False
    stripped = text.lstrip("\ufeff\u200e \t\r\n")
    lines = [line for line in stripped.split("\n")[:20] if line.strip()]
    if any(looks_like_whatsapp(line) for line in lines[:5]) or looks_like_telegram_html(stripped):
        return True
    if unsupported_app(stripped[:4096]):
        return True  # routed to the chat import, which refuses it by name (the file is then kept as a plain one)
    return stripped[:1] in ("{", "[") and _JSON_CHAT_KEYS.search(stripped) is not None


def _zip_looks_like_chat(path: Path) -> bool:
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > ZipLimits().max_members:
                return False
            names = [i.filename for i in infos if _usable(i.filename)]
            if any(
                PurePosixPath(n).name == "result.json"
                or _META_MESSAGE_FILE_ANY.search(n)
                or page_number(n)
                or _JSON_CHAT_FILE.search(n)
                or _DISCORD_CHANNEL.search(n)
                for n in names
            ):
                return True
            texts = [i for i in infos if i.filename.lower().endswith(".txt") and _usable(i.filename)]
            for info in texts[:3]:
                with archive.open(info) as member:
                    if _text_looks_like_chat(member.read(_SNIFF_BYTES)):
                        return True
    except (OSError, ValueError, zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error):
        return False  # damaged: not recognised here; the import itself names what is wrong
    return False


_PICTURE_OR_VIDEO = re.compile(r"\.(jpe?g|png|gif|webp|hei[cf]|bmp|tiff?|mp4|m4v|mov|3gp|avi|mkv|webm)$", re.IGNORECASE)


def export_media_count(path: Path | str) -> int:
    """How many pictures and videos a zip export holds; 0 for anything else.

    Read from the zip's listing only, so the window can ask before anything is imported.
    """
    import zipfile

    try:
        with open(path, "rb") as handle:
            if handle.read(4) not in (b"PK\x03\x04", b"PK\x05\x06"):
                return 0
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (OSError, ValueError, zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError):
        return 0
    names = [i.filename for i in infos]  # ZipInfo.is_dir() fails on an empty name: a forged listing has them
    return sum(1 for n in names if n and not n.endswith("/") and _usable(n) and _PICTURE_OR_VIDEO.search(n))


def looks_like_chat_export(path: Path | str) -> bool:
    """Whether a file is most likely a chat export, from its first bytes (or a zip's listing): no full parse.

    Used to route a dropped or chosen file to the chat import; the import itself checks everything again.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return False
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _zip_looks_like_chat(path)
    return bool(head) and _text_looks_like_chat(head)


__all__ = [
    "ParsedExport",
    "ReadLimits",
    "read_export",
    "read_export_stream",
    "ChatApp",
    "export_media_count",
    "looks_like_chat_export",
]
