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


@dataclass
class Helpline:
    id: str
    name: str
    description: str
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (label, URL: https:, tel:, mailto:)


def _knowledge() -> Any:
    try:
        from evidence_kit import knowledge
    except Exception:  # noqa: BLE001 - the pages still work without it, with generic routes
        log.debug("knowledge base unavailable")
        return None
    return knowledge


def _text(value: Any, t: Translator) -> str:
    """A knowledge text: a plain string, or a mapping by language (and maybe by register)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        chosen = value.get(t.lang, value.get("en", ""))
        if isinstance(chosen, dict):
            chosen = chosen.get(t.register.value, chosen.get("vous", next(iter(chosen.values()), "")))
        return str(chosen or "")
    return str(value)


def _texts(value: Any, t: Translator) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict) and (t.lang in value or "en" in value):
        chosen = value.get(t.lang, value.get("en"))
        if isinstance(chosen, dict):
            chosen = chosen.get(t.register.value, chosen.get("vous", []))
        return [str(v) for v in (chosen or [])] if isinstance(chosen, list) else [str(chosen)]
    if isinstance(value, list | tuple):
        return [text for text in (_text(v, t) for v in value) if text]
    return [_text(value, t)]


def _get(record: Any, *names: str) -> Any:
    for attr in names:
        if isinstance(record, dict) and attr in record:
            return record[attr]
        if hasattr(record, attr):
            return getattr(record, attr)
    return None


def _all_platform_records() -> list[Any]:
    knowledge = _knowledge()
    if knowledge is None:
        return []
    for attr in ("platforms", "all_platforms", "load_platforms"):
        finder = getattr(knowledge, attr, None)
        if finder is None:
            continue
        try:
            found = finder() if callable(finder) else finder
        except Exception:  # noqa: BLE001 - broken data must not break the page
            log.exception("knowledge platforms failed")
            return []
        return list(found.values()) if isinstance(found, dict) else list(found)
    return []


def _platform_record(platform_id: str) -> Any:
    for record in _all_platform_records():
        if _get(record, "id") == platform_id:
            return record
    return None


# Names only (never links) for when the knowledge base is missing: the page still offers the usual places.
_FALLBACK_PLATFORMS = (
    "Facebook", "Instagram", "WhatsApp", "Telegram", "TikTok", "Snapchat", "Tinder", "Meetic",
    "AdopteUnMec", "Badoo", "Grindr", "Disonsdemain", "Discord", "X", "Yubo", "YouTube", "Twitch",
    "Reddit", "Roblox",
)  # fmt: skip


def platforms(t: Translator) -> list[PlatformInfo]:
    """Known platforms, by name, then "other" last."""
    found = []
    records = _all_platform_records() or [{"id": n.lower(), "name": n} for n in _FALLBACK_PLATFORMS]
    for record in records:
        pid = str(_get(record, "id") or "")
        if not pid or pid == OTHER:
            continue
        found.append(PlatformInfo(pid, _text(_get(record, "name"), t) or pid, str(_get(record, "kind") or "")))
    found.sort(key=lambda p: p.name.casefold())
    found.append(PlatformInfo(OTHER, t("pages.platform.other")))
    return found


def platform_name(platform_id: str, t: Translator, other_name: str = "") -> str:
    if platform_id == OTHER or not platform_id:
        return other_name or t("pages.platform.other")
    record = _platform_record(platform_id)
    if record is not None:
        return _text(_get(record, "name"), t) or platform_id
    for known in _FALLBACK_PLATFORMS:
        if known.lower() == platform_id:
            return known
    return platform_id.replace("_", " ").title()


def _links(record: Any, t: Translator) -> list[tuple[str, str]]:
    raw = _get(record, "report_urls", "report_links", "links", "urls") or []
    links = []
    for entry in raw:
        if isinstance(entry, str):
            url, label = entry, ""
        else:
            url = str(_get(entry, "url", "href") or "")
            label = _text(_get(entry, "label", "title", "name"), t)
        if url.startswith("https://"):
            links.append((label or url, url))
    return links


def report_guide(platform_id: str, t: Translator) -> ReportGuide:
    record = _platform_record(platform_id) if platform_id != OTHER else None
    name = platform_name(platform_id, t)
    if record is None:
        return ReportGuide(platform_id, name, known=False)
    guide = ReportGuide(
        platform_id,
        name,
        known=True,
        links=_links(record, t),
        report_steps=_texts(_get(record, "report_steps", "report_in_app", "in_app_report"), t),
        block_steps=_texts(_get(record, "block_steps", "block_in_app", "in_app_block"), t),
        side_effects=_texts(_get(record, "side_effects", "warnings"), t),
        privacy_steps=_texts(_get(record, "privacy", "privacy_settings", "privacy_steps"), t),
        identifiers=_texts(_get(record, "identifiers", "identifier_help"), t),
    )
    guide.known = bool(guide.links or guide.report_steps)
    return guide


_FALLBACK_HELPLINES = {
    "FR": ("3018", "emergency", "pharos", "thesee", "takeitdown", "stopncii"),
    "BE": ("belgium", "emergency", "takeitdown", "stopncii"),
    "CH": ("switzerland", "emergency", "takeitdown", "stopncii"),
    "CA": ("quebec", "takeitdown", "stopncii"),
}


def helplines(country: str, t: Translator) -> list[Helpline]:
    """Where to go next for a person in ``country`` (FR, BE, CH, CA…), most useful first."""
    knowledge = _knowledge()
    for attr in ("helplines", "helplines_for", "where_to_go"):
        finder = getattr(knowledge, attr, None) if knowledge is not None else None
        if finder is None:
            continue
        try:
            records = list(finder(country=country))
        except TypeError:
            records = list(finder(country))
        except Exception:  # noqa: BLE001 - show the built-in list rather than nothing
            log.exception("knowledge helplines failed")
            break
        result = []
        for record in records:
            contacts = []
            for contact in _get(record, "contacts", "contact", "ways") or []:
                url = str(_get(contact, "url", "href", "value") or "")
                label = _text(_get(contact, "label", "name"), t) or url
                if url.startswith(("https://", "tel:", "mailto:")):
                    contacts.append((label, url))
            result.append(
                Helpline(
                    str(_get(record, "id") or ""),
                    _text(_get(record, "name"), t),
                    _text(_get(record, "description", "what", "summary"), t),
                    contacts,
                )
            )
        if result:
            return result
    keys = _FALLBACK_HELPLINES.get(country.upper(), _FALLBACK_HELPLINES["FR"])
    return [Helpline(k, t(f"dossier.help.{k}.name"), t(f"dossier.help.{k}.how")) for k in keys]
