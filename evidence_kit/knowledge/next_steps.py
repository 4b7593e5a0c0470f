"""Where to go next for one country and one situation (minor or adult victim, paid or not, images out or not).

The order is the advice: for a minor, the helpline first (3018, Child Focus,
147, Cyberaide), then image removal, then a complaint; for an adult, the
complaint first.  An emergency number always closes the list.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _reason_key(helpline: Helpline, has_key: Callable[[str], bool]) -> str:
    """A reason written for this helpline when the catalog has one, else the reason for its role."""
    own = f"knowledge.next.{helpline.id}"
    return own if has_key(own) else f"knowledge.next.{helpline.role.value}"


def where_to_go(
    entries: list[Helpline], situation: Situation, has_key: Callable[[str], bool] = lambda key: False
) -> list[NextStep]:
    """Order and filter ``entries`` (a country's and the global ones) for ``situation``.

    Within a role the data's order is kept, except that places made for the
    victim's age group come before those that also serve the other one (an
    adult sees StopNCII before Take It Down).
    """
    audiences = _audiences(situation)
    order = _order(situation)
    # Places that also serve the other age group come after those made for this one.
    other = (
        None if situation.victim_is_minor is None else Audience.ADULT if situation.victim_is_minor else Audience.MINOR
    )
    chosen = [h for h in entries if h.audience & audiences]
    chosen.sort(key=lambda h: (order.index(h.role), other is not None and other in h.audience))
    steps: list[NextStep] = []
    if situation.paid:
        steps.append(NextStep("knowledge.next.paid"))
    steps.extend(NextStep(_reason_key(h, has_key), h) for h in chosen)
    return steps
