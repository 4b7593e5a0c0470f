"""Short translated lines for knowledge entries (name, how to reach, when, anonymous or not), for any face.

Plain functions over a ``Translator``: the GUI puts the lines in labels and
links, the dossier in paragraphs, the command line prints them.  No Qt and
no PDF code here.  No editing mark ever reaches a reader: facts from weaker
sources are shown in the window as plain text (``to_check`` tells a page
which ones they are), and left out of a dossier altogether
(``helpline_summary(..., verified_only=True)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evidence_kit.i18n import Translator
from evidence_kit.knowledge.model import Anonymity, Contact, ContactKind, Helpline, HelplineRole, PlatformInfo
from evidence_kit.knowledge.next_steps import NextStep


@dataclass(frozen=True)
class HelplineLines:
    """One helpline, ready to show; ``links`` are (label, href) with href https:, tel:, sms: or mailto:."""

    id: str
    name: str
    description: str
    reach: str  # every contact way on one line
    links: list[tuple[str, str]]
    hours: str
    anonymity: str
    cost: str
    eligibility: str
    can_do: list[str]
    needs: list[str]
    to_check: bool  # some of these facts come from weaker sources


@dataclass(frozen=True)
class PlatformLines:
    """How to report and block on one platform, ready to show."""

    id: str
    name: str
    known: bool  # False: the generic route (no links, general steps)
    intro: str  # one sentence saying whether these steps are the platform's own, checked or to check
    note: str
    links: list[tuple[str, str]]  # (label, https URL); empty when unknown
    report_steps: list[str]
    block_steps: list[str]
    side_effects: list[str]
    privacy_settings: list[str]
    identifiers: list[str]
    to_check: list[str] = field(default_factory=list)  # section names shown with the "to check" mark


@dataclass(frozen=True)
class NextStepLines:
    reason: str
    helpline: HelplineLines | None


def contact_label(contact: Contact, t: Translator) -> str:
    """The words for one contact way: "Phone: 3018", "Chat: 3018.fr", or the data's own label."""
    if contact.label is not None:
        return contact.label(t.lang)
    return t(f"knowledge.contact.{contact.kind.value}", value=contact.value)


def reach_line(helpline: Helpline, t: Translator) -> str:
    return t("knowledge.separator").join(contact_label(c, t) for c in helpline.contacts)


def hours_line(helpline: Helpline, t: Translator) -> str:
    """Opening hours; "not known" only for a place reached at a distance (no hours line for a station)."""
    if helpline.hours is not None:
        return helpline.hours(t.lang)
    if all(c.kind == ContactKind.IN_PERSON for c in helpline.contacts):
        return ""
    return t("knowledge.hours.unknown")


def anonymity_line(helpline: Helpline, t: Translator) -> str:
    return t(f"knowledge.anonymity.{helpline.anonymity.value}")


def cost_line(helpline: Helpline, t: Translator) -> str:
    if helpline.free is None:
        return t("knowledge.cost.unknown")
    return t("knowledge.cost.free") if helpline.free else t("knowledge.cost.paid")


def _marked(text: str, certain: bool, t: Translator) -> str:
    """The text as it is: an editing mark such as "(to check)" is never printed (the flags say it instead)."""
    del certain, t
    return text


def helpline_lines(helpline: Helpline, t: Translator) -> HelplineLines:
    lang = t.lang
    uncertain = helpline.confidence.value != "high" or bool(helpline.uncertain)
    return HelplineLines(
        id=helpline.id,
        name=helpline.name(lang),
        description=helpline.description(lang),
        reach=_marked(reach_line(helpline, t), helpline.is_certain("contacts"), t),
        links=[(contact_label(c, t), c.url) for c in helpline.contacts if c.url],
        hours=_marked(hours_line(helpline, t), helpline.hours is None or helpline.is_certain("hours"), t)
        if hours_line(helpline, t)
        else "",
        anonymity=anonymity_line(helpline, t),
        cost=cost_line(helpline, t),
        eligibility=helpline.eligibility(lang) if helpline.eligibility else "",
        can_do=[_marked(c(lang), helpline.is_certain("can_do"), t) for c in helpline.can_do],
        needs=[_marked(n(lang), helpline.is_certain("needs"), t) for n in helpline.needs],
        to_check=uncertain,
    )


def helpline_summary(helpline: Helpline, t: Translator, verified_only: bool = False) -> tuple[str, str]:
    """(name, one line: what it is for, how to reach, when, anonymous or not) for a list or a dossier.

    ``verified_only`` (the dossier) keeps only the facts checked against a primary source: the
    others are left out, never printed with a mark.
    """
    lines = helpline_lines(helpline, t)

    def keep(name: str) -> bool:
        return not verified_only or helpline.is_certain(name)

    parts = [lines.description if keep("description") else ""]
    parts.append(lines.reach if keep("contacts") else "")
    if helpline.hours is not None and keep("hours"):
        parts.append(lines.hours)
    if helpline.anonymity in (Anonymity.ANONYMOUS, Anonymity.OPTIONAL) and keep("anonymity"):
        parts.append(lines.anonymity)
    if lines.eligibility and keep("eligibility"):
        parts.append(lines.eligibility)
    return lines.name, " ".join(p if p.endswith((".", "!", "?", ")")) else p + "." for p in parts if p)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def help_strip_line(helplines: list[Helpline], t: Translator) -> str:
    """The line of the help strip on every page, from ``urgent_helplines(country)``."""
    parts = []
    for helpline in helplines:
        numbers = [c.value for c in helpline.contacts if c.kind == ContactKind.PHONE]
        if not numbers:
            continue
        name = helpline.name(t.lang)
        if helpline.role != HelplineRole.EMERGENCY and all(_digits(n) in _digits(name) for n in numbers):
            parts.append(name)  # "3018 (e-Enfance)", "Child Focus : 116 000": the number is already there
            continue
        key = "knowledge.strip.emergency" if helpline.role == HelplineRole.EMERGENCY else "knowledge.strip.helpline"
        parts.append(t(key, name=name, numbers=t("knowledge.or").join(numbers)))
    return t("knowledge.separator").join(parts)


def platform_lines(platform: PlatformInfo, t: Translator) -> PlatformLines:
    lang = t.lang
    sections: dict[str, list[str]] = {
        "report_steps": platform.report_steps(lang),
        "block_steps": platform.block_steps(lang),
        "privacy_settings": platform.privacy_settings(lang),
        "side_effects": platform.side_effects(lang),
        "identifiers": [hint.how(lang) for hint in platform.identifiers],
        "report_links": [link.url for link in platform.report_links],
    }
    to_check = [name for name, value in sections.items() if value and not platform.is_certain(name)]
    if not platform.known:
        intro = t("knowledge.platform.generic", name=platform.name)
    elif not platform.has_own("report_steps"):
        intro = t("knowledge.platform.no_facts", name=platform.name)
    elif "report_steps" in to_check:
        intro = t("knowledge.platform.to_check", name=platform.name, date=platform.last_verified)
    else:
        intro = t("knowledge.platform.checked", name=platform.name, date=platform.last_verified)
    return PlatformLines(
        id=platform.id,
        name=platform.name,
        known=platform.known,
        intro=intro,
        note=platform.note(lang) if platform.note else "",
        links=[(link.label(lang), link.url) for link in platform.report_links],
        report_steps=sections["report_steps"],
        block_steps=sections["block_steps"],
        side_effects=sections["side_effects"],
        privacy_settings=sections["privacy_settings"],
        identifiers=sections["identifiers"],
        to_check=to_check,
    )


def next_step_lines(steps: list[NextStep], t: Translator) -> list[NextStepLines]:
    """The "where to go next" list as reasons (in the reader's register) and helplines."""
    return [
        NextStepLines(t(step.reason_key), helpline_lines(step.helpline, t) if step.helpline else None) for step in steps
    ]
