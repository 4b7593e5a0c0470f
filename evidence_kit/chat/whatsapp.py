"""WhatsApp "Export chat" text (Android and iOS, French and English, 12 and 24 hours) read into messages."""

from __future__ import annotations

import datetime as dt
import re

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
_AUTHOR_MARKS = "\u200e\u202a\u202c\u200f "  # direction marks phones put around names
_PROBE_LINES = 60  # a chat's first header must come within this many lines


class _Order:
    DMY, MDY, YMD = "dmy", "mdy", "ymd"


# The same header, found anywhere in a whole export at once: the scan over lines runs in C, not line by line.
_HEADER_LINE = re.compile(_HEADER.pattern, re.MULTILINE)


def _date_order(text: str) -> tuple[str, bool]:
    """Which of day/month comes first; second value: the file contradicts itself (found only while still unsure).

    The scan stops at the first date that settles it (a day above 12), so long chats cost one early look.
    """
    month_first = twelve_hours = year_first = False
    for match in _HEADER_LINE.finditer(text):
        d1, d2, ap = match.group("d1", "d2", "ap")
        if len(d1) == 4:
            year_first = True
            continue
        if ap:
            twelve_hours = True
        if int(d1) > 12:
            return _Order.DMY, month_first
        if int(d2) > 12:
            month_first = True
    if year_first and not month_first:
        return _Order.YMD, False
    if month_first:
        return _Order.MDY, False
    # Nothing above 12: a 12-hour clock points to the American order, everything else to the European one.
    return (_Order.MDY if twelve_hours else _Order.DMY), False


def _time(h: str, m: str, s: str | None, ap: str | None) -> str:
    """HH:MM:SS, or "" when the numbers are no time of day."""
    hour, minute, second = int(h), int(m), int(s) if s else 0
    if ap:
        if not 1 <= hour <= 12:
            return ""
        hour = hour % 12 + (12 if ap in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return ""
    return f"{hour:02d}:{minute:02d}:{second:02d}"


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


def _head_lines(text: str, count: int) -> list[str]:
    """The first ``count`` lines, without splitting (and copying) the whole text."""
    lines: list[str] = []
    start = 0
    while len(lines) < count and start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            lines.append(text[start:])
            break
        lines.append(text[start:end])
        start = end + 1
    return lines


def parse_whatsapp(text: str, title: str = "", name: str = "") -> Transcript:
    """Parse an exported chat; raises ``ChatExportRejected`` when the text is not a WhatsApp chat."""
    if "\r" in text:
        # A line's trailing carriage return (Windows line ends) is not part of the message.
        text = text.replace("\r\n", "\n").removesuffix("\r")
    probe = [line for line in _head_lines(text, _PROBE_LINES * 4) if line.strip()][:_PROBE_LINES]
    if not any(_HEADER.match(line) for line in probe):
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or title or "-")
    order, contradictory = _date_order(text)
    transcript = Transcript(ChatFormat.WHATSAPP, title, [])
    if contradictory:
        transcript.warn("chat.warn.date_order")
    messages = transcript.messages
    current: Message | None = None
    header_end = 0  # where the current message's first line ends (its "\n", or the end of the text)
    skipped = 0
    # Dates and times repeat thousands of times in a chat: each is built and checked once.
    dates: dict[tuple[str, str, str], str] = {}
    times: dict[tuple[str, str, str | None, str | None], str] = {}
    # One loop body for 200,000 messages, written out whole: a function call per message costs.
    for match in _HEADER_LINE.finditer(text):
        _br, d1, _sep, d2, d3, h, m, s, ap, rest = match.groups()
        date = dates.get((d1, d2, d3))
        if date is None:
            date = dates[(d1, d2, d3)] = _date((d1, d2, d3), order)
        time = times.get((h, m, s, ap))
        if time is None:
            time = times[(h, m, s, ap)] = _time(h, m, s, ap)
        if not date or not time:
            continue  # a line that only looks like a header: it stays in the message above it
        start = match.start()
        if current is None:
            skipped = sum(1 for line in text[:start].split("\n") if line.strip())
        else:
            if start - 1 > header_end:
                _add_lines(current, text[header_end + 1 : start - 1].split("\n"))
            if "(" in current.text or "<" in current.text:
                current.attachments = _attachments(current.text)
        author, sep, body = rest.partition(": ")
        if not sep or len(author) > _MAX_AUTHOR or not author.strip():
            author, body, system = "", rest.strip("\u200e"), True
        elif body[:1] == "\u200e" and _SYSTEM_PHRASES.search(body):
            # iOS writes its notices under the chat's name with an invisible mark in front.
            author, body, system = "", body.strip("\u200e"), True
        else:
            author, system = author.strip(_AUTHOR_MARKS).strip(), False
        current = Message(len(messages), f"{date}T{time}", author, body.lstrip("\u200e"), system=system)
        messages.append(current)
        header_end = match.end()
    if current is None:
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or title or "-")
    _add_lines(current, text[header_end + 1 :].split("\n"))
    if "(" in current.text or "<" in current.text:
        current.attachments = _attachments(current.text)
    if skipped:
        transcript.warn("chat.warn.lines_skipped", n=skipped)
    return transcript


def _add_lines(message: Message, lines: list[str]) -> None:
    """The lines below a message's first one are its own (a multi-line message), blank lines at the end aside."""
    while lines and not lines[-1].strip():
        lines.pop()
    if lines:
        message.text = "\n".join([message.text, *lines])


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
