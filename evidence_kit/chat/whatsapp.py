"""WhatsApp "Export chat" text (Android and iOS, French and English, 12 and 24 hours) read into messages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from evidence_kit.chat.model import ChatExportRejected, ChatFormat, Message, Transcript

_SPACE = "[ \u202f\u00a0]"
_HEADER = re.compile(
    r"^[\u200e\u200f\ufeff]*(?P<br>\[)?"
    r"(?P<d1>\d{1,4})(?P<sep>[/.\-])(?P<d2>\d{1,2})(?P=sep)(?P<d3>\d{1,4})\.?"
    rf",?{_SPACE}+(?:(?:à|at|um|a las|alle){_SPACE}+)?"
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?"
    rf"(?:{_SPACE}*(?P<ap>[AaPp])\.?{_SPACE}?[Mm]\.?)?"
    rf"(?(br)\]{_SPACE}*|{_SPACE}+[-–]{_SPACE}+)"
    r"(?P<rest>.*)$"
)
_ATTACHED = re.compile(
    r"(?:<(?:attached|pièce jointe|pi\u00e8ce jointe)[ \u202f\u00a0]?:[ \u202f\u00a0]?(?P<ios>[^>\n]+)>"
    r"|(?P<android>[^\s<>:/\\][^<>:/\\\n]*?\.\w{1,5})[ \u202f\u00a0]\((?:file attached|fichier joint)\))"
)
_SYSTEM_PHRASES = re.compile(
    r"end-to-end encrypted|chiffrés de bout en bout|security code|code de sécurité|created group|a créé le groupe"
    r"|disappearing messages|messages éphémères|changed the subject|a modifié le sujet|changed this group"
    r"|a modifié l'icône|changed the group|joined using|a rejoint|is a contact|est un contact"
    r"|blocked this contact|avez bloqué ce contact|unblocked this contact|avez débloqué",
    re.IGNORECASE,
)
_MAX_AUTHOR = 80
_PROBE_LINES = 60  # a chat's first header must come within this many lines


class _Order:
    DMY, MDY, YMD = "dmy", "mdy", "ymd"


def _date_order(lines: Iterable[str]) -> tuple[str, bool]:
    """Which of day/month comes first; second value: the file contradicts itself (found only while still unsure).

    The scan stops at the first date that settles it (a day above 12), so long chats cost one early look.
    """
    month_first = twelve_hours = year_first = False
    for line in lines:
        if line[:1] not in _HEADER_START:
            continue
        match = _HEADER.match(line)
        if match is None:
            continue
        if len(match["d1"]) == 4:
            year_first = True
            continue
        if match["ap"]:
            twelve_hours = True
        if int(match["d1"]) > 12:
            return _Order.DMY, month_first
        if int(match["d2"]) > 12:
            month_first = True
    if year_first and not month_first:
        return _Order.YMD, False
    if month_first:
        return _Order.MDY, False
    # Nothing above 12: a 12-hour clock points to the American order, everything else to the European one.
    return (_Order.MDY if twelve_hours else _Order.DMY), False


_HEADER_START = frozenset("0123456789[\u200e\u200f\ufeff")


class _Clock:
    """Turns matched headers into ISO times; dates repeat thousands of times in a chat, so each is checked once."""

    def __init__(self, order: str) -> None:
        self.order = order
        self.dates: dict[tuple[str, str, str], str] = {}

    def timestamp(self, match: re.Match[str]) -> str:
        key = (match["d1"], match["d2"], match["d3"])
        date = self.dates.get(key)
        if date is None:
            date = self.dates[key] = _date(key, self.order)
        if not date:
            raise ValueError
        hour, minute = int(match["h"]), int(match["m"])
        second = int(match["s"]) if match["s"] else 0
        marker = match["ap"]
        if marker:
            if not 1 <= hour <= 12:
                raise ValueError
            hour = hour % 12 + (12 if marker in "Pp" else 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError
        return f"{date}T{hour:02d}:{minute:02d}:{second:02d}"


def _date(parts: tuple[str, str, str], order: str) -> str:
    """ISO date, or "" when the numbers are no date in this order."""
    d1, d2, d3 = int(parts[0]), int(parts[1]), int(parts[2])
    if order == _Order.YMD or len(parts[0]) == 4:
        year, month, day = d1, d2, d3
    elif order == _Order.MDY:
        month, day, year = d1, d2, d3
    else:
        day, month, year = d1, d2, d3
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def _split_author(rest: str) -> tuple[str, str, bool]:
    """(author, text, system) from what follows the date."""
    author, sep, text = rest.partition(": ")
    if not sep or len(author) > _MAX_AUTHOR or not author.strip():
        return "", rest.strip("\u200e"), True
    author = author.strip("\u200e\u202a\u202c\u200f ").strip()
    if text.startswith("\u200e") and _SYSTEM_PHRASES.search(text):
        # iOS writes its notices under the chat's name with an invisible mark in front.
        return "", text.strip("\u200e"), True
    return author, text, False


def _attachments(text: str) -> list[str]:
    found = []
    for match in _ATTACHED.finditer(text):
        name = (match["ios"] or match["android"] or "").strip().strip("\u200e")
        if name:
            found.append(name)
    return found


def looks_like_whatsapp(head: str) -> bool:
    """Whether the first line of a text is a WhatsApp message header."""
    return _HEADER.match(head.split("\n", 1)[0]) is not None


def parse_whatsapp(text: str, title: str = "", name: str = "") -> Transcript:
    """Parse an exported chat; raises ``ChatExportRejected`` when the text is not a WhatsApp chat."""
    lines = text.split("\n")
    probe = [line for line in lines[: _PROBE_LINES * 4] if line.strip()][:_PROBE_LINES]
    if not any(_HEADER.match(line) for line in probe):
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or title or "-")
    order, contradictory = _date_order(lines)
    transcript = Transcript(ChatFormat.WHATSAPP, title, [])
    if contradictory:
        transcript.warn("chat.warn.date_order")
    messages = transcript.messages
    clock = _Clock(order)
    current: Message | None = None
    extra_lines: list[str] = []
    skipped = 0
    for raw in lines:
        line = raw[:-1] if raw.endswith("\r") else raw
        match = _HEADER.match(line) if line[:1] in _HEADER_START else None
        at = ""
        if match is not None:
            try:
                at = clock.timestamp(match)
            except ValueError:
                match = None
        if match is None:
            if current is None:
                if line.strip():
                    skipped += 1
                continue
            extra_lines.append(line)
            continue
        if current is not None:
            _close(current, extra_lines)
            extra_lines = []
        author, body, system = _split_author(match["rest"])
        current = Message(len(messages), at, author, body, system=system)
        messages.append(current)
    if current is not None:
        _close(current, extra_lines)
    if not messages:
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or title or "-")
    if skipped:
        transcript.warn("chat.warn.lines_skipped", n=skipped)
    return transcript


def _close(message: Message, extra_lines: list[str]) -> None:
    while extra_lines and not extra_lines[-1].strip():
        extra_lines.pop()
    message.text = message.text.lstrip("\u200e")
    if extra_lines:
        message.text = "\n".join([message.text, *extra_lines])
    if "(" in message.text or "<" in message.text:
        message.attachments = _attachments(message.text)


_TITLE_PATTERNS = (
    re.compile(r"^WhatsApp Chat (?:with|-) (?P<name>.+?)(?: \(\d+\))?$", re.IGNORECASE),
    re.compile(r"^Discussion WhatsApp avec (?P<name>.+?)(?: \(\d+\))?$", re.IGNORECASE),
    re.compile(r"^Discussion WhatsApp - (?P<name>.+?)(?: \(\d+\))?$", re.IGNORECASE),
)


def title_from_name(file_name: str) -> str:
    """The other person's (or group's) name from the export's file name, where the phone wrote it."""
    stem = file_name.rsplit("/", 1)[-1]
    for suffix in (".txt", ".zip", ".TXT", ".ZIP"):
        stem = stem.removesuffix(suffix)
    for pattern in _TITLE_PATTERNS:
        match = pattern.match(stem)
        if match:
            return match["name"].strip()
    return ""
