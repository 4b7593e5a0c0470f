"""The guidance texts (what sextortion is, the stages, what to capture, what to do…) read topic by topic.

A topic in ``resources/i18n/guidance.toml`` is a title, an optional intro
and points ``s1``, ``s2``… in order; the translator picks the language and
the register ("tu" for the victim, "vous" for a helper).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from evidence_kit.core.model import Stage
from evidence_kit.i18n import Translator


class Topic(StrEnum):
    NOW = "now"  # three things to do right now (welcome page)
    WHAT = "what"  # what sextortion is
    STAGES = "stages"  # how the scam goes (title and intro; stages below)
    DEEPFAKE = "deepfake"
    DONT_PAY = "dont_pay"
    BEFORE_BLOCKING = "before_blocking"
    CAPTURE = "capture"  # what to capture: identifiers, not only pictures
    INTIMATE = "intimate"  # the intimate-image rule, Take It Down / StopNCII
    IPHONE = "iphone"  # screenshots off an iPhone
    ANDROID = "android"  # screenshots off an Android phone
    PAID = "paid"  # a payment was already made


MAX_POINTS = 20


@dataclass(frozen=True)
class Guidance:
    topic: Topic
    title: str
    intro: str
    points: list[str]


def helpline_to_name(country: str | None, t: Translator) -> str:
    """The helpline the texts point to in ``country`` ("3018 (e-Enfance)", "Child Focus : 116 000"…).

    A country without one gets "an adult you trust".
    """
    from evidence_kit.knowledge import HelplineRole, urgent_helplines

    for helpline in urgent_helplines(country):
        if helpline.role == HelplineRole.HELPLINE:
            return helpline.name(t.lang)
    return t("guidance.now.trusted_adult")


def guidance(topic: Topic | str, t: Translator, country: str | None = None) -> Guidance:
    """One topic in ``t``'s language and register; ``country`` (default: the system's) names the helpline."""
    topic = Topic(topic)
    prefix = f"guidance.{topic.value}"
    params = {"helpline": helpline_to_name(country, t)}
    points = []
    for index in range(1, MAX_POINTS + 1):
        key = f"{prefix}.s{index}"
        if not t.has(key):
            break
        points.append(t(key, None, **params))
    intro = t(f"{prefix}.intro") if t.has(f"{prefix}.intro") else ""
    return Guidance(topic, t(f"{prefix}.title"), intro, points)


def stage_name(stage: Stage | str, t: Translator) -> str:
    """The short name of a timeline stage tag."""
    return t(f"guidance.stage.{Stage(stage).value}.name")


def stage_help(stage: Stage | str, t: Translator) -> str:
    """One or two sentences saying what happens at that stage."""
    return t(f"guidance.stage.{Stage(stage).value}.help")


def stages(t: Translator) -> list[tuple[Stage, str, str]]:
    """(stage, name, help) in the order of the scheme, "other" last."""
    return [(stage, stage_name(stage, t), stage_help(stage, t)) for stage in Stage]
