"""Telegram Desktop's HTML export (messages.html, messages2.html…) read into messages.

Known variants: a message's first line carries ``from_name``; the next ones from the same person are "joined"
(no name: they take the previous author, across files too); service messages (``message service``) are the app's
notices, and those with a negative id are only the date headings between days; the time is in the date's
``title`` attribute, "14.03.2024 21:05:12 UTC+01:00" in recent versions (an absolute time), without the offset in
older ones (the exporting computer's wall clock); forwarded messages hold their own ``from_name`` inside a
``forwarded body`` (the original author, not the sender); media are links under ``media_wrap``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from evidence_kit.chat.model import ChatApp, ChatExportRejected, Message, Transcript

_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: UTC([+-]\d{2}):?(\d{2}))?\s*$")
_MEDIA_HREF = re.compile(r"^(?!https?:|#|javascript:|tg:|mailto:)[^<>\"]{1,400}$", re.IGNORECASE)
_MAX_DEPTH = 200


def looks_like_telegram_html(head: str) -> bool:
    return ('class="message default' in head or 'class="message service' in head) and "page_wrap" in head


def moment(title: str) -> tuple[str, bool]:
    """(ISO time, absolute?) from a date's title attribute; ("", False) when it is no date."""
    match = _DATE.match(title)
    if match is None:
        return "", False
    day, month, year, hour, minute, second, off_h, off_m = match.groups()
    try:
        naive = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        return "", False
    if off_h is None:
        return naive.isoformat(), False
    sign = -1 if off_h.startswith("-") else 1
    offset = dt.timedelta(hours=abs(int(off_h)), minutes=int(off_m or 0)) * sign
    try:
        return naive.replace(tzinfo=dt.timezone(offset)).isoformat(), True
    except ValueError:
        return naive.isoformat(), False


@dataclass
class _Draft:
    service: bool
    joined: bool
    heading: bool  # a date heading between days (negative id), not a message
    at: str = ""
    absolute: bool = False
    author: str = ""
    text: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.drafts: list[_Draft] = []
        self._stack: list[str] = []  # the class of each open div ("" for others)
        self._draft: _Draft | None = None
        self._draft_depth = 0
        self._capture = ""  # "from", "text", "title", "service"
        self._capture_depth = 0
        self._forwarded_depth = 0
        self._media_depth = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "br" and self._capture:
            self._buffer.append("\n")
            return
        if tag == "a" and self._media_depth and self._draft is not None:
            href = values.get("href", "")
            if _MEDIA_HREF.match(href):
                self._draft.attachments.append(href)
            return
        if tag != "div" or len(self._stack) > _MAX_DEPTH:
            return
        classes = values.get("class", "").split()
        self._stack.append(" ".join(classes))
        depth = len(self._stack)
        if "message" in classes and ("default" in classes or "service" in classes):
            self._close_draft()
            ident = values.get("id", "")
            self._draft = _Draft("service" in classes, "joined" in classes, ident.startswith("message-"))
            self._draft_depth = depth
            return
        if "forwarded" in classes and "body" in classes:
            self._forwarded_depth = self._forwarded_depth or depth
        if "media_wrap" in classes:
            self._media_depth = self._media_depth or depth
        draft = self._draft
        if self._capture:
            return
        if draft is None:
            page_header = any("page_header" in c for c in self._stack)
            if not self.title and page_header and "text" in classes and "bold" in classes:
                self._start("title", depth)
            return
        if "date" in classes and "details" in classes and "pull_right" in classes and not self._forwarded_depth:
            draft.at, draft.absolute = moment(values.get("title", ""))
        elif "from_name" in classes and not self._forwarded_depth:
            self._start("from", depth)
        elif "text" in classes:
            self._start("text", depth)
        elif draft.service and "body" in classes and "details" in classes:
            self._start("service", depth)

    def _start(self, what: str, depth: int) -> None:
        self._capture, self._capture_depth, self._buffer = what, depth, []

    def handle_endtag(self, tag: str) -> None:
        if tag != "div" or not self._stack:
            return
        depth = len(self._stack)
        if self._capture and depth == self._capture_depth:
            self._finish_capture()
        if depth == self._forwarded_depth:
            self._forwarded_depth = 0
        if depth == self._media_depth:
            self._media_depth = 0
        if self._draft is not None and depth == self._draft_depth:
            self._close_draft()
        self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._buffer.append(data)

    def _finish_capture(self) -> None:
        text = "".join(self._buffer)
        text = "\n".join(line.strip() for line in text.strip().split("\n"))
        what, self._capture = self._capture, ""
        if what == "title":
            self.title = text
        elif self._draft is not None:
            if what == "from":
                self._draft.author = " ".join(text.split())
            else:
                self._draft.text.append(text)

    def _close_draft(self) -> None:
        if self._draft is not None:
            self.drafts.append(self._draft)
        self._draft = None
        self._forwarded_depth = self._media_depth = 0


def parse_telegram_html(files: list[tuple[str, str]], name: str = "") -> Transcript:
    """One chat's pages, in order (messages.html, messages2.html…); ``ChatExportRejected`` when none holds one."""
    transcript = Transcript(ChatApp.TELEGRAM, "", [])
    author = ""
    absolute = True
    for file_name, text in files:
        if not looks_like_telegram_html(text[:65536]):
            raise ChatExportRejected("chat.reject.not_a_chat", name=name or file_name or "-")
        reader = _Reader()
        try:
            reader.feed(text)
            reader.close()
        except (AssertionError, ValueError):  # html.parser on malformed declarations
            pass
        reader._close_draft()
        transcript.title = transcript.title or reader.title
        for draft in reader.drafts:
            if draft.heading:
                continue
            if draft.service:
                body = "\n".join(t for t in draft.text if t)
                transcript.messages.append(Message(len(transcript.messages), draft.at, "", body, system=True))
                continue
            author = draft.author or (author if draft.joined else "")
            body = "\n".join(t for t in draft.text if t)
            absolute = absolute and draft.absolute
            transcript.messages.append(
                Message(len(transcript.messages), draft.at, author, body, list(dict.fromkeys(draft.attachments)))
            )
    if not transcript.messages:
        raise ChatExportRejected("chat.reject.no_messages", name=name or "-")
    transcript.time_zone_known = absolute and any(m.at for m in transcript.messages)
    return transcript


def page_number(file_name: str) -> int:
    """messages.html is page 1, messages2.html page 2…; 0 for any other name."""
    match = re.fullmatch(r"messages(\d*)\.html", file_name.rsplit("/", 1)[-1])
    if match is None:
        return 0
    return int(match.group(1) or 1)
