"""WhatsApp "Export chat" text (Android and iOS, every locale's header layout, 12 and 24 hours) read into messages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from evidence_kit.chat import notices
from evidence_kit.chat.model import ChatApp, ChatExportRejected, Message, Transcript

_SPACE = "[ \u202f\u00a0]"
_MARKS = "[\u200e\u200f\u202a\u202b\u202c\u061c\ufeff]*"  # direction marks phones put around dates and names
# Every layout WhatsApp writes: day/month/year in any order, with / . or - (Hungarian "2018. 06. 13."), a word
# before the time in some languages ("à", "klo", "um"), 12 or 24 hours (a.m., "a. m.", PM…), then "] ", " - ",
# ": " or a bare space; which of those ends the headers is settled once per file (see _layout).
_HEADER = re.compile(
    rf"^{_MARKS}(?P<br>\[)?{_MARKS}"
    r"(?P<d1>\d{1,4})(?P<sep>[/.\-]) ?(?P<d2>\d{1,2})(?P=sep) ?(?P<d3>\d{1,4})\.?"
    rf"{_MARKS}(?:,{_SPACE}*|{_SPACE}+){_MARKS}(?:(?:à|at|um|a las|alle|klo|kl\.|às|om|saat|o){_SPACE}+)?"
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?"
    rf"(?:{_SPACE}*(?P<ap>[AaPp]\.?{_SPACE}?[Mm]\.?|vorm\.|nachm\.))?{_MARKS}"
    rf"(?P<end>(?(br)\]|(?:{_SPACE}*[-–]|:|(?={_SPACE}))))[ \u202f\u00a0\u200e\u200f\u202a\u202b\u202c\u061c]*"
    r"(?P<rest>.*)$"
)
# Signal has no export of its own; the tools that dump it (signal-export, chat-miner's reader) write this.
_SIGNAL_HEADER = re.compile(r"^\[\d{4}-\d{2}-\d{2}, \d{2}:\d{2}\] ")
_ATTACHED = re.compile(
    r"(?:<(?:attached|pièce jointe|pi\u00e8ce jointe|Anhang|adjunto|allegato|anexo|bijlage)[ \u202f\u00a0]?:"
    r"[ \u202f\u00a0]?(?P<ios>[^>\n]+)>"
    r"|(?P<old_ios>[^\s<>:/\\][^<>:/\\\n]*?\.\w{1,5})[ \u202f\u00a0]?<\u200e?attached>"
    r"|(?P<android>[^\s<>:/\\][^<>:/\\\n]*?\.\w{1,5})[ \u202f\u00a0]\((?:file attached|fichier joint"
    r"|Datei angehängt|Datei angeha\u0308ngt|archivo adjunto|file allegato|arquivo anexado|bestand bijgevoegd"
    r"|dosya ekli)\))"
)
_MAX_AUTHOR = 80
_AUTHOR_MARKS = "\u200e\u202a\u202b\u202c\u200f\u061c \u202f\u00a0"  # marks and spaces phones put around names
_PROBE_LINES = 60  # a chat's first header must come within this many lines


class _Order:
    DMY, MDY, YMD = "dmy", "mdy", "ymd"


# The same header, found anywhere in a whole export at once: the scan over lines runs in C, not line by line.
_HEADER_LINE = re.compile(_HEADER.pattern, re.MULTILINE)


def _date_order(keys: Iterable[tuple[str, str, str]], twelve_hours: bool) -> tuple[str, str]:
    """Which of day/month comes first, read from every date of the file; second value: "" when the dates settle
    it, "contradictory" when some need one order and others the other, "guessed" when none tells."""
    day_first = month_first = year_first = False
    for d1, d2, _d3 in keys:
        if len(d1) == 4:
            year_first = True
        elif int(d1) > 12:
            day_first = True
        elif int(d2) > 12:
            month_first = True
    if day_first and month_first:
        return _Order.DMY, "contradictory"
    if day_first:
        return _Order.DMY, ""
    if month_first:
        return _Order.MDY, ""
    if year_first:
        return _Order.YMD, ""
    # Nothing above 12: a 12-hour clock points to the American order, everything else to the European one.
    return (_Order.MDY if twelve_hours else _Order.DMY), "guessed"


def plausible_keys(plausible: dict[tuple[str, str, str], bool]) -> list[tuple[str, str, str]]:
    return [key for key, ok in plausible.items() if ok]


def _plausible_date(parts: tuple[str, str, str]) -> bool:
    return bool(_date(parts, _Order.DMY) or _date(parts, _Order.MDY))


def _time(h: str, m: str, s: str | None, ap: str | None) -> str:
    """HH:MM:SS, or "" when the numbers are no time of day (12-hour clocks also write 00:08 a. m.)."""
    hour, minute, second = int(h), int(m), int(s) if s else 0
    if ap:
        if hour > 12:
            return ""
        pm = ap[0] in "Pp" or ap.startswith("nachm")
        hour = hour % 12 + (12 if pm else 0)
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
        name = (match["ios"] or match["old_ios"] or match["android"] or "").strip().strip("\u200e")
        if name:
            found.append(name)
    return found


_DASHES = {" -": "-", "-": "-", " –": "-", "–": "-"}


def _end_style(match: re.Match[str]) -> str:
    """How a header ends: "]", "-", ":" or " " (a bare space, Croatian and some Android locales)."""
    if match["br"]:
        return "]"
    end = match["end"].strip(" \u202f\u00a0")
    return {"–": "-"}.get(end, end) or " "


def _valid_header(match: re.Match[str]) -> bool:
    d1, d2, d3, h, m, s, ap = match.group("d1", "d2", "d3", "h", "m", "s", "ap")
    dates_ok = bool(_date((d1, d2, d3), _Order.DMY) or _date((d1, d2, d3), _Order.MDY))
    return dates_ok and bool(_time(h, m, s, ap))


def _layout(probe: list[str]) -> str:
    """The end style of this file's headers, from its first lines; "" when none is a header."""
    styles: dict[str, int] = {}
    authored: set[str] = set()
    for line in probe:
        match = _HEADER.match(line)
        if match is not None and _valid_header(match):
            style = _end_style(match)
            styles[style] = styles.get(style, 0) + (1 if style == " " else 2)  # a bare space is the last resort
            if _split_author(match["rest"]) is not None:
                authored.add(style)
    # A bare space after the time is only a chat's layout when someone writes in it ("Name: text"): a diary's
    # "12/03/2024 14:30 dentist" lines are no chat.
    styles = {k: v for k, v in styles.items() if k != " " or k in authored}
    return max(styles, key=lambda k: styles[k]) if styles else ""


def looks_like_whatsapp(head: str) -> bool:
    """Whether the first line of a text is a WhatsApp message header."""
    line = head.split("\n", 1)[0]
    match = _HEADER.match(line)
    return match is not None and _SIGNAL_HEADER.match(line) is None and _valid_header(match)


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


def clean_author(name: str) -> str:
    """A name as a person reads it: no direction marks, no "~" WhatsApp puts before someone not in the contacts."""
    name = name.strip(_AUTHOR_MARKS)
    if name.startswith("~"):
        name = name[1:].strip(_AUTHOR_MARKS)
    return name


_QUOTES = re.compile('["«»„“”‚‘’]')


def _split_author(rest: str) -> tuple[str, str] | None:
    """(author, body) of a header's remainder, None for a line filed under no one (a notice)."""
    author, sep, body = rest.partition(": ")
    if not sep:
        author, sep, body = rest.partition(":")
        # "Name:" alone, or "Name:." — a message without a space after the colon; notices hold no colon.
        if not sep or " " in body[:1] or notices.looks_like_group_notice(rest):
            return None
    if len(author) > _MAX_AUTHOR or not author.strip(_AUTHOR_MARKS):
        return None
    # 'Alice changed the subject to "Maths: homework"': the colon inside a quoted name is no author's colon.
    if _QUOTES.search(author) and " " in author.strip() and notices.QUOTING_NOTICE.search(author):
        return None
    return author, body


def parse_whatsapp(text: str, title: str = "", name: str = "") -> Transcript:
    """Parse an exported chat; raises ``ChatExportRejected`` when the text is not a WhatsApp chat."""
    if "\r" in text:
        # A line's trailing carriage return (Windows line ends) is not part of the message.
        text = text.replace("\r\n", "\n").removesuffix("\r")
    probe = [line for line in _head_lines(text, _PROBE_LINES * 4) if line.strip()][:_PROBE_LINES]
    first_header = next((line for line in probe if _HEADER.match(line)), "")
    if _SIGNAL_HEADER.match(first_header.lstrip("\ufeff")):
        raise ChatExportRejected("chat.reject.unsupported_app", name=name or title or "-", app="Signal")
    layout = _layout(probe)
    if not layout:
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or title or "-")
    transcript = Transcript(ChatApp.WHATSAPP, title, [])
    messages = transcript.messages
    current: Message | None = None
    header_end = 0  # where the current message's first line ends (its "\n", or the end of the text)
    skipped = 0
    # Dates and times repeat thousands of times in a chat: each is checked once. A message's date is written
    # once the whole file has said which of day and month comes first (see below the loop).
    plausible: dict[tuple[str, str, str], bool] = {}
    times: dict[tuple[str, str, str | None, str | None], str] = {}
    date_keys: list[tuple[str, str, str]] = []
    twelve_hours = False
    # One loop body for 200,000 messages, written out whole: a function call per message costs.
    for match in _HEADER_LINE.finditer(text):
        br, d1, _sep, d2, d3, h, m, s, ap, end, rest = match.groups()
        if (layout != "]") if br else (layout != (_DASHES.get(end, end.strip(" \u202f\u00a0")) or " ")):
            continue  # not this file's layout: a line of the message above that starts with a date
        key = (d1, d2, d3)
        ok = plausible.get(key)
        if ok is None:
            ok = plausible[key] = _plausible_date(key)
        time = times.get((h, m, s, ap))
        if time is None:
            time = times[(h, m, s, ap)] = _time(h, m, s, ap)
        if not ok or not time:
            continue  # a line that only looks like a header: it stays in the message above it
        twelve_hours = twelve_hours or ap is not None
        start = match.start()
        if current is None:
            skipped = sum(1 for line in text[:start].split("\n") if line.strip())
        else:
            if start - 1 > header_end:
                _add_lines(current, text[header_end + 1 : start - 1].split("\n"))
            if "(" in current.text or "<" in current.text:
                current.attachments = _attachments(current.text)
        split = _split_author(rest)
        if split is None:
            author, body, system = "", rest.strip("\u200e"), True
        else:
            author, body = split
            if notices.is_notice(body, body[:1] == "\u200e"):
                # iOS writes its notices under the chat's (or a person's) name with an invisible mark in front.
                author, system = "", True
            else:
                author, system = clean_author(author), False
            body = body.lstrip("\u200e")
        current = Message(len(messages), time, author, body, system=system)
        messages.append(current)
        date_keys.append(key)
        header_end = match.end()
    order, doubt = _date_order(plausible_keys(plausible), twelve_hours)
    if doubt == "contradictory":
        transcript.warn("chat.warn.date_order")
    elif doubt == "guessed":
        transcript.warn("chat.warn.date_order_guessed", order=order)
    dates = {key: _date(key, order) for key in plausible}
    for message, key in zip(messages, date_keys, strict=True):
        message.at = f"{dates[key]}T{message.at}" if dates[key] else ""
    if current is None:
        raise ChatExportRejected("chat.reject.not_a_chat", name=name or title or "-")
    _add_lines(current, text[header_end + 1 :].split("\n"))
    if "(" in current.text or "<" in current.text:
        current.attachments = _attachments(current.text)
    _file_group_notices(transcript)
    if all(m.system for m in messages):
        # Notices alone: an empty chat, or dated lines of something else ("12/03/2024, 14:30 - dentist").
        raise ChatExportRejected("chat.reject.no_messages", name=name or title or "-")
    if skipped:
        transcript.warn("chat.warn.lines_skipped", n=skipped)
    return transcript


_FEW = 200  # a group's name files a handful of notices; a person who writes hundreds of lines is a person


def _file_group_notices(transcript: Transcript) -> None:
    """A name under which only notices are filed (a group's name, in older iOS exports) is no participant.

    Only notices' wording is not enough (a person may write "I left"): the name must also be the chat's title, or
    file the encryption notice, or every one of its lines must name another participant ("Leon hat Ali
    hinzugefügt" filed under the group's name).
    """
    by_author: dict[str, list[Message]] = {}
    for message in transcript.messages:
        if not message.system:
            rows = by_author.setdefault(message.author, [])
            if len(rows) <= _FEW:
                rows.append(message)
    title = transcript.title.casefold().strip()
    for author, rows in by_author.items():
        if len(rows) > _FEW or not all(notices.looks_like_group_notice(m.text) and not m.attachments for m in rows):
            continue
        others = [a for a in by_author if a != author and len(a) > 1]
        if (
            author.casefold() == title
            or any(notices.ALWAYS_NOTICE.match(m.text) for m in rows)
            or all(any(other in m.text for other in others) for m in rows)
        ):
            for message in rows:
                message.author, message.system = "", True


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
