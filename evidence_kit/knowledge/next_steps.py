"""Where to go next for one country and one situation (minor or adult victim, paid or not, images out or not).

The order is the advice: for a minor, the helpline first (3018, Child Focus,
147, Cyberaide), then image removal, then a complaint; for an adult, the
complaint first.  An emergency number always closes the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence_kit.knowledge.model import Audience, Helpline, HelplineRole

_ORDER_MINOR = (
    HelplineRole.HELPLINE,
    HelplineRole.IMAGE_REMOVAL,
    HelplineRole.COMPLAINT,
    HelplineRole.REPORT_CONTENT,
    HelplineRole.INFORMATION,
    HelplineRole.EMERGENCY,
)
_ORDER_ADULT = (
    HelplineRole.COMPLAINT,
    HelplineRole.HELPLINE,
    HelplineRole.IMAGE_REMOVAL,
    HelplineRole.REPORT_CONTENT,
    HelplineRole.INFORMATION,
    HelplineRole.EMERGENCY,
)
_ORDER_PUBLISHED = (
    HelplineRole.HELPLINE,
    HelplineRole.IMAGE_REMOVAL,
    HelplineRole.REPORT_CONTENT,
    HelplineRole.COMPLAINT,
    HelplineRole.INFORMATION,
    HelplineRole.EMERGENCY,
)


@dataclass(frozen=True)
class Situation:
    """What the "where to go next" list depends on."""

    victim_is_minor: bool | None = None  # None: not said; both routes are shown
    paid: bool = False  # something was already paid (coupon, crypto, gift card, transfer)
    published: bool = False  # pictures were already posted somewhere


@dataclass(frozen=True)
class NextStep:
    """One entry of the list: a helpline with the reason to go there, or an advice without a place.

    ``reason_key`` is a message of ``resources/i18n/knowledge.toml`` (with
    "tu"/"vous" variants), e.g. ``knowledge.next.complaint``.
    """

    reason_key: str
    helpline: Helpline | None = None


def _audiences(situation: Situation) -> set[Audience]:
    if situation.victim_is_minor is None:
        return {Audience.MINOR, Audience.ADULT, Audience.PARENT}
    if situation.victim_is_minor:
        return {Audience.MINOR, Audience.PARENT}
    return {Audience.ADULT}


def _order(situation: Situation) -> tuple[HelplineRole, ...]:
    if situation.published:
        return _ORDER_PUBLISHED
    return _ORDER_ADULT if situation.victim_is_minor is False else _ORDER_MINOR


def where_to_go(entries: list[Helpline], situation: Situation) -> list[NextStep]:
    """Order and filter ``entries`` (a country's and the global ones) for ``situation``."""
    audiences = _audiences(situation)
    order = _order(situation)
    chosen = [h for h in entries if h.audience & audiences]
    chosen.sort(key=lambda h: order.index(h.role))  # stable: keeps the data's order within a role
    steps: list[NextStep] = []
    if situation.paid:
        steps.append(NextStep("knowledge.next.paid"))
    steps.extend(NextStep(f"knowledge.next.{h.role.value}", h) for h in chosen)
    return steps
