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


class ChatFormat(StrEnum):
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    INSTAGRAM = "instagram"
    MESSENGER = "messenger"


# The platform id (resources/knowledge/platforms) of each format.
PLATFORM_OF_FORMAT = {
    ChatFormat.WHATSAPP: "whatsapp",
    ChatFormat.TELEGRAM: "telegram",
    ChatFormat.INSTAGRAM: "instagram",
    ChatFormat.MESSENGER: "facebook",
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

    format: ChatFormat
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
