"""The records of a parsed chat export: messages, transcript, and the error every parser raises."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from evidence_kit.core.errors import InputRejected


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Building hundreds of thousands of small objects makes the cycle collector rescan them all, again and
    again (half the parse time); nothing built here forms cycles, so collection waits until the end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ChatExportRejected(InputRejected):
    """An export that cannot be read as a chat (or only partly); the case is unchanged when raised."""

    default_key = "chat.reject.generic"


class ChatApp(StrEnum):
    """The app an export comes from (its id in the JSON the commands print, as `format`)."""

    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    INSTAGRAM = "instagram"
    MESSENGER = "messenger"
    SNAPCHAT = "snapchat"
    TIKTOK = "tiktok"
    DISCORD = "discord"


# The platform id (resources/knowledge/platforms) of each format.
PLATFORM_OF_FORMAT = {
    ChatApp.WHATSAPP: "whatsapp",
    ChatApp.TELEGRAM: "telegram",
    ChatApp.INSTAGRAM: "instagram",
    ChatApp.MESSENGER: "facebook",
    ChatApp.SNAPCHAT: "snapchat",
    ChatApp.TIKTOK: "tiktok",
    ChatApp.DISCORD: "discord",
}


@dataclass(slots=True)
class Message:
    """One message as the export shows it; ``at`` is ISO 8601 (naive when the export gives local time only)."""

    index: int
    at: str
    author: str  # "" for a system line
    text: str
    attachments: list[str] = field(default_factory=list)  # file names or paths as the export names them
    system: bool = False
    author_id: str = ""  # a platform id when the export gives one (Telegram "user123")

    def to_json(self) -> list[Any]:
        # Compact positional form: a 200,000-message transcript stays small once encrypted.
        return [self.index, self.at, self.author, self.text, self.attachments, self.system, self.author_id]

    @classmethod
    def from_json(cls, row: list[Any]) -> Message:
        index, at, author, text, attachments, system, author_id = row
        return cls(
            int(index), str(at), str(author), str(text), [str(a) for a in attachments], bool(system), str(author_id)
        )


@dataclass
class Transcript:
    """What a parser found in an export."""

    format: ChatApp
    title: str  # the chat's name as the export gives it (often the other person's name)
    messages: list[Message]
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (message key, params)
    time_zone_known: bool = False  # True when times are absolute (UTC), False for the phone's local time
    participant_ids: dict[str, str] = field(default_factory=dict)  # author -> platform id, when given
    declared_participants: list[str] = field(default_factory=list)  # names the export lists, even silent ones

    @property
    def platform(self) -> str:
        return PLATFORM_OF_FORMAT[self.format]

    def participants(self) -> list[str]:
        """Authors, most active first."""
        counts: dict[str, int] = {}
        for message in self.messages:
            if message.author and not message.system:
                counts[message.author] = counts.get(message.author, 0) + 1
        return sorted(counts, key=lambda name: (-counts[name], name))

    def warn(self, key: str, **params: Any) -> None:
        self.warnings.append((key, params))


# --- the zone of an export's local times -----------------------------------------------------------


class TimeZoneSource(StrEnum):
    """Why a zone was assumed for an export whose times carry none."""

    GIVEN = "given"  # the person named it (import-chat --time-zone)
    COMPUTER = "computer"  # this computer's zone at import time


def check_time_zone(name: str) -> str:
    """The IANA zone name as given (stripped); ``UsageError`` when it is no zone this computer knows."""
    from evidence_kit.core.errors import UsageError

    wanted = name.strip()
    if _zone(wanted) is None:
        raise UsageError("chat.error.bad_time_zone", zone=name or "-")
    return wanted


def computer_time_zone() -> str:
    """This computer's IANA zone (as the core's clock learns it); "" when it has no IANA name."""
    from evidence_kit.core.clock import local_zone_name

    name = local_zone_name()
    return name if _zone(name) is not None else ""


def _zone(name: str) -> Any:
    import zoneinfo

    if not name or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def aware_time(at: str, zone: str) -> str:
    """A wall-clock time of the export with the offset ``zone`` had then ("2024-03-14T21:05:00+01:00").

    Times that already carry an offset, and any time when no zone is known, are returned unchanged: nothing is
    ever shifted, the offset only says which instant the phone's clock showed.
    """
    import datetime as dt

    tz = _zone(zone)
    if not at or tz is None:
        return at
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is not None:
        return at
    return moment.replace(tzinfo=tz).isoformat()
