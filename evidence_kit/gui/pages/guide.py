"""What the pages need from the knowledge base (platforms, report routes, helplines), in one adapter.

The pages read platform names, report links and steps, side effects, privacy
settings and helplines through these functions only, so the knowledge base's
data format can change in one place.  When it has nothing on a platform the
pages show a generic route, never an invented link.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from evidence_kit.i18n import Translator

log = logging.getLogger(__name__)

OTHER = "other"


@dataclass(frozen=True)
class PlatformInfo:
    id: str
    name: str
    kind: str = ""  # social, messaging, dating…


@dataclass
class ReportGuide:
    """How to report and block an account on one platform, in the reader's language."""

    platform_id: str
    name: str
    known: bool  # False: the knowledge base has no route; the page shows the generic one
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, https URL)
    report_steps: list[str] = field(default_factory=list)
    block_steps: list[str] = field(default_factory=list)
    side_effects: list[str] = field(default_factory=list)
    privacy_steps: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)  # where to find the user name, id, URL
    uncertain: bool = False  # the steps come from a weaker source or are the generic ones: "check them"


@dataclass
class Helpline:
    """One place to go next, with why, in the reader's language."""

    id: str
    name: str
    description: str
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (label, URL: https:, tel:, sms:, mailto:)
    reason: str = ""  # why go there, for this person
    hours: str = ""


def _knowledge() -> Any:
    try:
        from evidence_kit import knowledge
    except Exception:  # noqa: BLE001 - the pages still work without it, with generic routes
        log.exception("knowledge base unavailable")
        return None
    return knowledge


# Names only (never links) of places the reference lists: offered even before the knowledge base has their facts.
_FALLBACK_PLATFORMS = (
    "Facebook", "Instagram", "WhatsApp", "Telegram", "TikTok", "Snapchat", "Tinder", "Meetic",
    "AdopteUnMec", "Badoo", "Grindr", "Disonsdemain", "Discord", "X", "Yubo", "YouTube", "Twitch",
    "Reddit", "Roblox",
)  # fmt: skip


def _known_platforms() -> list[Any]:
    knowledge = _knowledge()
    if knowledge is None:
        return []
    try:
        return list(knowledge.load_platforms())
    except Exception:  # noqa: BLE001 - broken data must not break the page
        log.exception("knowledge platforms failed")
        return []


def platforms(t: Translator) -> list[PlatformInfo]:
    """Known platforms, by name, then "other" last."""
    found = {p.id: PlatformInfo(p.id, p.name, str(p.kind.value)) for p in _known_platforms()}
    if not found:  # the knowledge base could not be read: names only, so an item can still be described
        found = {name.lower(): PlatformInfo(name.lower(), name) for name in _FALLBACK_PLATFORMS}
    found.pop(OTHER, None)
    ordered = sorted(found.values(), key=lambda p: p.name.casefold())
    ordered.append(PlatformInfo(OTHER, t("pages.platform.other")))
    return ordered


def platform_name(platform_id: str, t: Translator, other_name: str = "") -> str:
    if platform_id == OTHER or not platform_id:
        return other_name or t("pages.platform.other")
    for known in _known_platforms():
        if known.id == platform_id:
            return str(known.name)
    for fallback in _FALLBACK_PLATFORMS:
        if fallback.lower() == platform_id:
            return fallback
    return platform_id.replace("_", " ").title()


def report_guide(platform_id: str, t: Translator, other_name: str = "") -> ReportGuide:
    """How to report and block on a platform; the knowledge base's generic route when it knows nothing."""
    name = platform_name(platform_id, t, other_name)
    knowledge = _knowledge()
    if knowledge is None:
        return ReportGuide(platform_id, name, known=False, uncertain=True)
    try:
        info = knowledge.platform(platform_id or OTHER)
        lang = t.lang
        return ReportGuide(
            platform_id,
            name,
            known=bool(info.known),
            links=[(link.label(lang), link.url) for link in info.report_links if link.url.startswith("https://")],
            report_steps=info.report_steps(lang),
            block_steps=info.block_steps(lang),
            side_effects=info.side_effects(lang),
            privacy_steps=info.privacy_settings(lang),
            identifiers=[hint.how(lang) for hint in info.identifiers],
            uncertain=not info.is_certain("report_steps"),
        )
    except Exception:  # noqa: BLE001 - show the generic wording rather than nothing
        log.exception("knowledge platform failed")
        return ReportGuide(platform_id, name, known=False, uncertain=True)


_FALLBACK_HELPLINES = {
    "FR": ("3018", "emergency", "pharos", "thesee", "takeitdown", "stopncii"),
    "BE": ("belgium", "emergency", "takeitdown", "stopncii"),
    "CH": ("switzerland", "emergency", "takeitdown", "stopncii"),
    "CA": ("quebec", "takeitdown", "stopncii"),
}


def helplines(country: str, t: Translator, victim_is_minor: bool | None = None, paid: bool = False) -> list[Helpline]:
    """Where to go next for a person in ``country`` (FR, BE, CH, CA-QC…), in the order the advice gives."""
    knowledge = _knowledge()
    if knowledge is not None:
        try:
            steps = knowledge.where_to_go(country, knowledge.Situation(victim_is_minor=victim_is_minor, paid=paid))
            result = [_helpline(step, t) for step in steps if step.helpline is not None]
            if result:
                return result
        except Exception as exc:  # noqa: BLE001 - the built-in list is better than nothing
            log.warning("knowledge helplines unavailable: %s", type(exc).__name__)
    keys = _FALLBACK_HELPLINES.get(country.upper()[:2], _FALLBACK_HELPLINES["FR"])
    return [Helpline(k, t(f"dossier.help.{k}.name"), t(f"dossier.help.{k}.how")) for k in keys]


def _helpline(step: Any, t: Translator) -> Helpline:
    entry = step.helpline
    lang = t.lang
    contacts = []
    for contact in entry.contacts:
        url = str(contact.url or "")
        label = contact.label(lang) if contact.label is not None else str(contact.value)
        if url.startswith(("https://", "tel:", "sms:", "mailto:")):
            contacts.append((label or url, url))
    reason = t(step.reason_key) if step.reason_key and t.has(step.reason_key) else ""
    return Helpline(
        entry.id,
        entry.name(lang),
        entry.description(lang),
        contacts,
        reason=reason,
        hours=entry.hours(lang) if entry.hours is not None else "",
    )


def countries() -> list[str]:
    """The countries the "where to go next" list knows, as codes (FR, BE, CH, CA-QC…)."""
    from evidence_kit.knowledge import OTHER_COUNTRY, SUPPORTED_COUNTRIES

    return [c for c in SUPPORTED_COUNTRIES if c != OTHER_COUNTRY]
