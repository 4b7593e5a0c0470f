"""The records of the knowledge base: platforms, helplines and their contact ways, as frozen dataclasses.

Texts a person reads are ``Localized`` values (one per language, French and
English); data texts are written so they fit both the victim ("tu") and a
helper ("vous"): French steps use the infinitive ("Ouvrir le profil").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from evidence_kit.core.errors import EvidenceKitError

LANGS = ("fr", "en")


class KnowledgeDataError(EvidenceKitError):
    """A file of ``resources/knowledge`` does not follow ``resources/knowledge/SCHEMA.md``."""

    exit_code = 1
    default_key = "knowledge.error.data"


class Confidence(StrEnum):
    """How far a fact can be trusted, from the grade of its sources (see reporting-facts.md)."""

    HIGH = "high"  # an official or primary page (H)
    MEDIUM = "medium"  # a reputable secondary source (M): shown as "to check"
    LOW = "low"  # a weak source or an inference (L): shown as "to check"


class PlatformKind(StrEnum):
    SOCIAL = "social"
    MESSAGING = "messaging"
    DATING = "dating"
    VIDEO = "video"
    GAMING = "gaming"


class IdentifierKind(StrEnum):
    """What identifies an account; the user name and numeric id matter more than the display name."""

    USERNAME = "username"
    DISPLAY_NAME = "display_name"
    NUMERIC_ID = "numeric_id"
    PROFILE_URL = "profile_url"
    PHONE = "phone"
    EMAIL = "email"


class Audience(StrEnum):
    MINOR = "minor"
    ADULT = "adult"
    PARENT = "parent"


class ContactKind(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    CHAT = "chat"
    WEB = "web"  # a site or an online form
    APP = "app"
    EMAIL = "email"
    IN_PERSON = "in_person"


class Anonymity(StrEnum):
    ANONYMOUS = "anonymous"  # no name asked
    OPTIONAL = "optional"  # the person may stay anonymous
    NAMED = "named"  # the person gives their identity (a complaint)
    UNKNOWN = "unknown"


class HelplineRole(StrEnum):
    """What kind of place it is; the "where to go next" order depends on it."""

    EMERGENCY = "emergency"
    HELPLINE = "helpline"  # listen, advise, get content removed
    REPORT_CONTENT = "report_content"  # report illegal content (PHAROS, Cyberaide)
    COMPLAINT = "complaint"  # police, gendarmerie, online complaint
    IMAGE_REMOVAL = "image_removal"  # hash-based blocking (Take It Down, StopNCII)
    INFORMATION = "information"  # guides and advice sites


@dataclass(frozen=True)
class Localized:
    """One text in every language of the program."""

    fr: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"fr": self.fr, "en": self.en}


@dataclass(frozen=True)
class LocalizedSteps:
    """An ordered list of short steps in every language (same count in each)."""

    fr: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def __call__(self, lang: str) -> list[str]:
        return list(self.fr if lang == "fr" else self.en)

    def __bool__(self) -> bool:
        return bool(self.fr or self.en)


NO_STEPS = LocalizedSteps()

# Data files and callers name fields as in SCHEMA.md; PlatformInfo keeps short names for its step fields.
PLATFORM_FIELD_NAMES = {
    "report_steps": "report",
    "block_steps": "block",
    "privacy_settings": "privacy",
    "side_effects": "warnings",
    "report_urls": "report_links",
}


@dataclass(frozen=True)
class Source:
    url: str
    grade: Confidence = Confidence.HIGH
    note: str = ""  # what the source supports, for maintainers (not shown)


@dataclass(frozen=True)
class Link:
    """An official https page; ``label`` says what it is for."""

    url: str
    label: Localized


@dataclass(frozen=True)
class IdentifierHint:
    """Where to find one identifier of an account on this platform."""

    kind: IdentifierKind
    how: Localized
    pattern: str = ""  # e.g. "https://www.instagram.com/{username}/"


@dataclass(frozen=True)
class PlatformInfo:
    """What we know about reporting and blocking on one platform.

    ``known`` is False for the generic route (an unknown platform or one we
    have no facts on): then there are no links and the steps are the
    generic ones, never invented ones.
    """

    id: str
    name: str
    kind: PlatformKind
    report_links: tuple[Link, ...] = ()
    report: LocalizedSteps = NO_STEPS
    block: LocalizedSteps = NO_STEPS
    warnings: tuple[Localized, ...] = ()
    privacy: LocalizedSteps = NO_STEPS
    identifiers: tuple[IdentifierHint, ...] = ()
    note: Localized | None = None
    confidence: Confidence = Confidence.HIGH
    uncertain: frozenset[str] = frozenset()  # fields whose facts come from weaker sources
    sources: tuple[Source, ...] = ()
    last_verified: str = ""  # ISO date
    known: bool = True
    generic: PlatformInfo | None = field(default=None, repr=False, compare=False)

    @property
    def report_urls(self) -> list[str]:
        return [link.url for link in self.report_links]

    def report_steps(self, lang: str) -> list[str]:
        """The in-app steps to report; the generic ones when this platform's are unknown."""
        return self._steps("report", lang)

    def block_steps(self, lang: str) -> list[str]:
        return self._steps("block", lang)

    def privacy_settings(self, lang: str) -> list[str]:
        return self._steps("privacy", lang)

    def side_effects(self, lang: str) -> list[str]:
        return [warning(lang) for warning in self.warnings]

    def has_own(self, name: str) -> bool:
        """True when ``name`` (e.g. "report_steps") holds this platform's own facts, not generic ones."""
        return self.known and bool(getattr(self, PLATFORM_FIELD_NAMES.get(name, name), None))

    def is_certain(self, name: str) -> bool:
        """False when the facts of ``name`` must be shown as "to check" (weak source or generic route)."""
        field_name = PLATFORM_FIELD_NAMES.get(name, name)
        if not self.has_own(field_name):
            return False
        return self.confidence == Confidence.HIGH and field_name not in self.uncertain

    def _steps(self, name: str, lang: str) -> list[str]:
        own: LocalizedSteps = getattr(self, name)
        if own:
            return own(lang)
        if self.generic is not None:
            fallback: LocalizedSteps = getattr(self.generic, name)
            return fallback(lang)
        return []


@dataclass(frozen=True)
class Contact:
    """One way to reach a helpline: ``value`` is what a person dials or types, ``url`` what a click opens."""

    kind: ContactKind
    value: str
    url: str = ""  # https:, tel:, sms:, mailto:
    label: Localized | None = None

    @property
    def href(self) -> str:
        return self.url


@dataclass(frozen=True)
class Helpline:
    """A helpline, an authority or a service, in one region (a country code, ``CA-QC`` or ``global``)."""

    id: str
    region: str
    name: Localized
    role: HelplineRole
    audience: frozenset[Audience]
    contacts: tuple[Contact, ...]
    description: Localized
    can_do: tuple[Localized, ...] = ()
    hours: Localized | None = None  # None: unknown
    anonymity: Anonymity = Anonymity.UNKNOWN
    free: bool | None = None  # None: unknown
    eligibility: Localized | None = None
    needs: tuple[Localized, ...] = ()  # what to have at hand
    confidence: Confidence = Confidence.HIGH
    uncertain: frozenset[str] = frozenset()
    sources: tuple[Source, ...] = ()
    last_verified: str = ""
    urgent: bool = False  # an emergency number, shown in the help strip

    def for_audience(self, audience: Audience | None) -> bool:
        return audience is None or audience in self.audience

    def is_certain(self, name: str) -> bool:
        return self.confidence == Confidence.HIGH and name not in self.uncertain


def localized_texts(value: object) -> list[Mapping[str, object]]:
    """Every Localized / LocalizedSteps inside a record, as {lang: text or steps} (for completeness tests)."""
    found: list[Mapping[str, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, Localized):
            found.append(node.as_dict())
        elif isinstance(node, LocalizedSteps):
            if node:
                found.append({"fr": node.fr, "en": node.en})
        elif isinstance(node, tuple | list | frozenset):
            for inner in node:
                walk(inner)
        elif hasattr(node, "__dataclass_fields__"):
            for name in node.__dataclass_fields__:
                if name != "generic":
                    walk(getattr(node, name))

    walk(value)
    return found
