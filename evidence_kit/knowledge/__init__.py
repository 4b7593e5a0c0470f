"""What the program knows: platforms (how to report and block), helplines and authorities, by country.

The facts live in ``resources/knowledge`` (TOML, schema in
``resources/knowledge/SCHEMA.md``), each with its sources, a
``last_verified`` date and a confidence; the words around them live in
``resources/i18n/knowledge.toml`` and ``resources/i18n/guidance.toml``.
No Qt and no PDF code here: ``present`` turns entries into short translated
lines for any face, ``guidance`` reads the guidance texts.

Texts in the data are ``Localized`` ({"fr", "en"} mappings) and step lists
``LocalizedSteps``; both are called with a language: ``p.report_steps("fr")``.

Platforms::

    load_platforms() -> list[PlatformInfo]   # sorted by name; platforms() is the same function
    platform("whatsapp") -> PlatformInfo     # any unknown id, or "other": the generic route (known=False)
    p.id, p.name, p.kind, p.report_urls, p.report_links (url + label), p.identifiers (kind, how, pattern)
    p.report_steps(lang), p.block_steps(lang), p.side_effects(lang), p.privacy_settings(lang)
    p.note, p.sources, p.last_verified, p.confidence, p.known
    p.has_own("report_steps")     # False: the generic steps fill in for unknown facts
    p.is_certain("report_steps")  # False: not verified (weak source or generic): never in a dossier

  Links are never filled in: an empty ``report_links`` means none is known.

Helplines and where to go next::

    SUPPORTED_COUNTRIES                  # ("FR", "BE", "CH", "CA-QC", "OTHER")
    country_from_locale("fr_BE.UTF-8")   # "BE"; system_country() reads EVIDENCE_KIT_COUNTRY, then the locale
    helplines("BE", audience=Audience.MINOR) -> list[Helpline]  # the country's, then the global ones
    urgent_helplines("FR") -> list[Helpline]                    # the help strip: 3018, 17/112
    where_to_go("CA-QC", Situation(victim_is_minor=True, paid=False, published=False)) -> list[NextStep]
    dossier_helplines("BE", "fr") -> list[tuple[name, one line]]  # for the dossier's section

  A ``Helpline`` has ``name``, ``description``, ``role``, ``audience``,
  ``contacts`` (kind, value, url: https:/tel:/sms:/mailto:, label), ``hours``,
  ``anonymity``, ``free``, ``can_do``, ``eligibility``, ``needs``, ``sources``.
  A ``NextStep`` is a ``reason_key`` (a catalog message with "tu"/"vous"
  variants) and a ``helpline`` (None for an advice such as "call the bank").

Lines for a page or a dossier (``evidence_kit.knowledge.present``)::

    helpline_lines(h, t), helpline_summary(h, t), help_strip_line(urgent_helplines(c), t),
    platform_lines(p, t), next_step_lines(where_to_go(c, s), t)

Guidance (``evidence_kit.knowledge.guidance``)::

    guidance(Topic.CAPTURE, t, country="FR") -> Guidance(title, intro, points)
    stages(t) -> [(Stage, name, help)]        # the timeline tags of evidence_kit.core.model.Stage

Every function reads the data once (cached); a broken data file raises
``KnowledgeDataError`` (an ``EvidenceKitError``) naming the file and field.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from evidence_kit.knowledge.countries import (
    DEFAULT_COUNTRY,
    OTHER_COUNTRY,
    SUPPORTED_COUNTRIES,
    country_from_locale,
    normalize_country,
    system_country,
)
from evidence_kit.knowledge.loader import (
    is_https_url,
    load_generic_platform,
    load_helpline_files,
    load_platform_files,
)
from evidence_kit.knowledge.model import (
    Anonymity,
    Audience,
    Confidence,
    Contact,
    ContactKind,
    Helpline,
    HelplineRole,
    IdentifierHint,
    IdentifierKind,
    KnowledgeDataError,
    Link,
    Localized,
    LocalizedSteps,
    PlatformInfo,
    PlatformKind,
    Source,
)
from evidence_kit.knowledge.next_steps import NextStep, Situation
from evidence_kit.knowledge.next_steps import where_to_go as _where_to_go

__all__ = [
    "DEFAULT_COUNTRY", "OTHER_COUNTRY", "SUPPORTED_COUNTRIES", "Anonymity", "Audience", "Confidence", "Contact",
    "ContactKind", "Helpline", "HelplineRole", "IdentifierHint", "IdentifierKind", "KnowledgeDataError", "Link",
    "Localized", "LocalizedSteps", "NextStep", "PlatformInfo", "PlatformKind", "Situation", "Source",
    "all_helplines", "country_from_locale", "dossier_helplines", "generic_platform", "helplines", "is_https_url",
    "load_platforms", "normalize_country", "platform", "platforms", "system_country", "urgent_helplines",
    "where_to_go",
]  # fmt: skip

GLOBAL = "global"


@cache
def _platforms() -> dict[str, PlatformInfo]:
    return load_platform_files()


@cache
def generic_platform() -> PlatformInfo:
    """The route for a platform we know nothing about: generic steps, no links."""
    return load_generic_platform()


def load_platforms() -> list[PlatformInfo]:
    """Every known platform, sorted by name."""
    return sorted(_platforms().values(), key=lambda p: p.name.casefold())


platforms = load_platforms


def platform(platform_id: str) -> PlatformInfo:
    """The platform ``platform_id``; for an unknown id (or "other"), the generic route named after the id."""
    found = _platforms().get((platform_id or "").strip().lower())
    if found is not None:
        return found
    generic = generic_platform()
    name = (platform_id or "").strip() or generic.name
    return replace(generic, id=(platform_id or "other").strip().lower() or "other", name=name)


@cache
def all_helplines() -> tuple[Helpline, ...]:
    """Every helpline of every region, in data order."""
    return tuple(load_helpline_files())


def helplines(country: str | None = None, audience: Audience | str | None = None) -> list[Helpline]:
    """The helplines of ``country`` (a code or alias: "FR", "CA", "CA-QC"…) followed by the global ones.

    ``audience`` keeps only those for a minor, an adult or a parent.
    ``country=None`` takes the system's country.
    """
    region = normalize_country(country) if country is not None else system_country()
    wanted = Audience(audience) if audience is not None else None
    entries = all_helplines()
    local = [h for h in entries if h.region == region]
    worldwide = [h for h in entries if h.region == GLOBAL]
    return [h for h in local + worldwide if h.for_audience(wanted)]


def urgent_helplines(country: str | None = None) -> list[Helpline]:
    """The few numbers for the help strip on every page: the country's first helpline and its emergency numbers."""
    entries = helplines(country)
    urgent = [h for h in entries if h.urgent]
    return urgent


def where_to_go(country: str | None, situation: Situation | None = None) -> list[NextStep]:
    """The ordered "where to go next" entries for ``country`` and ``situation`` (see ``next_steps``)."""
    region = normalize_country(country) if country is not None else system_country()
    from evidence_kit.i18n import default_catalog

    catalog = default_catalog()
    steps = _where_to_go(helplines(region), situation or Situation(), lambda key: key in catalog)
    if region == OTHER_COUNTRY:
        steps.insert(0, NextStep("knowledge.next.local_police"))
    return steps


def dossier_helplines(
    country: str | None = None, lang: str = "fr", situation: Situation | None = None
) -> list[tuple[str, str]]:
    """(name, how to reach and what for) lines for the dossier's "where to go next" section.

    Only verified facts: a helpline whose entry as a whole is not from a primary source
    (confidence below high) is left out, and so is any field of an entry marked uncertain.
    """
    from evidence_kit.i18n import Translator
    from evidence_kit.knowledge.present import helpline_summary

    t = Translator(lang)
    return [
        helpline_summary(step.helpline, t, verified_only=True)
        for step in where_to_go(country, situation)
        if step.helpline is not None and step.helpline.verified
    ]
