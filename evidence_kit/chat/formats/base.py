"""What every chat-export format provides: a cheap ``sniff`` and a ``parse`` into a ``Transcript``."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from evidence_kit.chat.model import ChatApp, ChatExportRejected, Transcript


@dataclass
class ExportText:
    """One decoded file of an export, as every format sees it (``untrusted_``: nothing in it is checked yet)."""

    name: str  # the file's name (for messages, and for the hints a name gives, such as WhatsApp's chat title)
    untrusted_text: str
    hint: str = ""  # where the file sat (a path inside a zip), for formats whose folders say something
    wanted: str = ""  # in an export of several conversations: a conversation's title or a person's name
    _document: Any = field(default=None, repr=False)
    _loaded: bool = field(default=False, repr=False)

    @property
    def head(self) -> str:
        """The start of the text without a byte-order mark, marks and blank space: what sniffing reads."""
        return self.untrusted_text[:65536].lstrip("\ufeff\u200e\u200f \t\r\n")

    def looks_like_json(self) -> bool:
        return self.head[:1] in ("{", "[")

    def document(self) -> Any:
        """The text read as JSON, once; ``ChatExportRejected`` when it is no JSON at all."""
        if not self._loaded:
            from evidence_kit.chat.reader import load_json

            self._document = load_json(self.untrusted_text, self.name)
            self._loaded = True
        return self._document

    def document_or_none(self) -> Any:
        try:
            return self.document()
        except (ChatExportRejected, json.JSONDecodeError):
            return None


class ChatFormat(ABC):
    """A chat-export format: registered in ``formats.REGISTRY``, tested by ``tests/test_chat_formats.py``."""

    name: ClassVar[str]  # "whatsapp-text", "telegram-json"…
    app: ClassVar[ChatApp]
    variants: ClassVar[str] = ""  # the known variants this reader handles, for the documentation

    @abstractmethod
    def sniff(self, export: ExportText) -> bool:
        """Whether the file is in this format, from its start (cheap; never raises)."""

    @abstractmethod
    def parse(self, export: ExportText) -> Transcript:
        """Every message; raises ``ChatExportRejected`` (never anything else) for what it cannot read."""
