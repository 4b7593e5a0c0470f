"""The records of the knowledge base: platforms, helplines and their contact ways, as frozen dataclasses.

Texts a person reads are ``Localized`` values (one per language, French and
English); data texts are written so they fit both the victim ("tu") and a
helper ("vous"): French steps use the infinitive ("Ouvrir le profil").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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


class Localized(dict[str, str]):
    """One text in every language of the program: a mapping {"fr": …, "en": …} that is also called with a language."""

    def __init__(self, fr: str, en: str) -> None:
        super().__init__(fr=fr, en=en)

    @property
    def fr(self) -> str:
        return self["fr"]

    @property
    def en(self) -> str:
        return self["en"]

    def __call__(self, lang: str) -> str:
        return self["fr"] if lang == "fr" else self["en"]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash((self["fr"], self["en"]))

    def as_dict(self) -> dict[str, str]:
        return dict(self)


class LocalizedSteps(dict[str, tuple[str, ...]]):
    """Ordered short texts in every language (same count in each): {"fr": (…), "en": (…)}, called with a language.

    Empty (and false) when the facts are unknown.
    """

    def __init__(self, fr: tuple[str, ...] = (), en: tuple[str, ...] = ()) -> None:
        super().__init__({"fr": tuple(fr), "en": tuple(en)} if (fr or en) else {})

    @property
    def fr(self) -> tuple[str, ...]:
        return self.get("fr", ())

    @property
    def en(self) -> tuple[str, ...]:
        return self.get("en", ())

    def __call__(self, lang: str) -> list[str]:
        return list(self.fr if lang == "fr" else self.en)

    def __hash__(self) -> int:  # type: ignore[override]
        return hash((self.fr, self.en))


NO_STEPS = LocalizedSteps()
STEP_FIELDS = ("report_steps", "block_steps", "privacy_settings", "side_effects")
# Other names callers may use for a field.
PLATFORM_FIELD_NAMES = {"report_urls": "report_links"}


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

    The step fields are ``LocalizedSteps``: call them with a language
    (``p.report_steps("fr")``).  When this platform's own steps are unknown
    the loader fills them with the generic route's and names the field in
    ``generic_fields``; ``known`` is False for a platform we know nothing
    about.  Links are never filled in: no link means none is known.
    """

    id: str
    name: str
    kind: PlatformKind
    report_links: tuple[Link, ...] = ()
    report_steps: LocalizedSteps = NO_STEPS
    block_steps: LocalizedSteps = NO_STEPS
    privacy_settings: LocalizedSteps = NO_STEPS
    side_effects: LocalizedSteps = NO_STEPS  # what reporting or blocking does; never generic
    identifiers: tuple[IdentifierHint, ...] = ()
    note: Localized | None = None
    confidence: Confidence = Confidence.HIGH
    uncertain: frozenset[str] = frozenset()  # fields whose facts come from weaker sources
    sources: tuple[Source, ...] = ()
    last_verified: str = ""  # ISO date
    known: bool = True
    generic_fields: frozenset[str] = frozenset()  # step fields filled from the generic route

    @property
    def report_urls(self) -> list[str]:
        return [link.url for link in self.report_links]

    def has_own(self, name: str) -> bool:
        """True when ``name`` (e.g. "report_steps") holds this platform's own facts, not generic ones."""
        name = PLATFORM_FIELD_NAMES.get(name, name)
        return self.known and name not in self.generic_fields and bool(getattr(self, name, None))

    def is_certain(self, name: str) -> bool:
        """False when the facts of ``name`` must be shown as "to check" (weak source or generic route)."""
        name = PLATFORM_FIELD_NAMES.get(name, name)
        return self.has_own(name) and self.confidence == Confidence.HIGH and name not in self.uncertain


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

    @property
    def verified(self) -> bool:
        """True when the entry as a whole comes from a primary source (its fields may still be uncertain)."""
        return self.confidence == Confidence.HIGH

    def is_certain(self, name: str) -> bool:
        """True when the facts of field ``name`` are verified: only those may be printed in a dossier."""
        return self.confidence == Confidence.HIGH and name not in self.uncertain


def localized_texts(value: object) -> list[Mapping[str, object]]:
    """Every Localized / LocalizedSteps inside a record, as {lang: text or steps} (for completeness tests)."""
    found: list[Mapping[str, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, Localized | LocalizedSteps):
            if node:
                found.append(dict(node))
        elif isinstance(node, tuple | list | frozenset):
            for inner in node:
                walk(inner)
        elif hasattr(node, "__dataclass_fields__"):
            for name in node.__dataclass_fields__:
                walk(getattr(node, name))

    walk(value)
    return found
