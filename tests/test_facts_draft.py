"""The account of the facts drafted from a case: what it says, in both languages, and what it never does."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from helpers import png_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.core.facts import draft_facts
from evidence_kit.core.model import (
    Account,
    EvidenceKind,
    Origin,
    Payment,
    PaymentKind,
    PaymentMethod,
    Stage,
    TimelineEvent,
)
from evidence_kit.i18n import Translator


def fill(case):  # type: ignore[no-untyped-def]
    insta = case.save_account(Account(id="", platform="instagram", username="@lea.du.75", display_name="Léa"))
    whatsapp = case.save_account(Account(id="", platform="whatsapp", phone="+225 07 07 07 07 07", came_from=insta.id))
    item = case.add_bytes(png_bytes(), origin=Origin.SCREEN_CAPTURE).item
    case.update_item(item.id, kind=EvidenceKind.THREAT.value, account_ids=[whatsapp.id])
    case.add_bytes(png_bytes(color=(1, 2, 3), marker=b"x"), origin=Origin.IMPORT)
    case.save_account(
        replace(
            case.accounts[whatsapp.id],
            reported_at="2026-03-05T10:00:00+01:00",
            report_reference="WA-778",
            blocked_at="2026-03-05T10:05:00+01:00",
        )
    )
    case.save_event(
        TimelineEvent(
            id="",
            date="2026-03-03T22:40:00+01:00",
            stage=Stage.THREATS,
            description="threatens to send the video to my friends",
            account_id=whatsapp.id,
        )
    )
    case.save_event(
        TimelineEvent(id="", date="2026-03-01T20:15:00+01:00", stage=Stage.FIRST_CONTACT, account_id=insta.id)
    )
    case.save_payment(
        Payment(
            id="",
            kind=PaymentKind.DEMAND,
            date="2026-03-03T22:45:00+01:00",
            amount="500",
            method=PaymentMethod.COUPON,
            account_id=whatsapp.id,
        )
    )
    case.save_payment(
        Payment(
            id="",
            kind=PaymentKind.PAYMENT,
            date="2026-03-04T09:00:00+01:00",
            amount="1250.50",
            method=PaymentMethod.COUPON,
            destination="PCS 1234 5678 9012",
            paid=True,
            reference="TX-42",
        )
    )
    case.save_profile(replace(case.profile, victim_name="Tom Martin", victim_is_minor=True))
    return insta, whatsapp


def test_the_draft_states_every_identifier_date_amount_and_status_in_french(case) -> None:
    fill(case)
    text = draft_facts(case, Translator("fr"))
    for expected in (
        "Tom Martin",
        "a moins de 18 ans",
        "@lea.du.75 sur Instagram",
        "« Léa »",
        "+225 07 07 07 07 07 sur WhatsApp",
        "Après Instagram, la conversation s'est poursuivie sur WhatsApp.",
        "1er mars 2026 à 20 h 15",
        "menaces",
        "threatens to send the video to my friends",
        "500 EUR",
        "1\u202f250,50 EUR",
        "PCS 1234 5678 9012",
        "TX-42",
        "Total payé : 1\u202f250,50 EUR.",
        "2 preuves sont conservées",
        "WA-778",
        "bloqué le 5 mars 2026",
        "1 compte n'a pas encore été signalé",
    ):
        assert expected in text, expected
    # The path the scammer took: Instagram comes before WhatsApp, the first contact before the threats.
    assert text.index("@lea.du.75 sur Instagram (") < text.index("+225 07 07 07 07 07 sur WhatsApp\n")
    assert text.index("1er mars") < text.index("3 mars 2026 à 22 h 40")


def test_the_draft_reads_naturally_in_english(case) -> None:
    fill(case)
    text = draft_facts(case, Translator("en"))
    assert text.startswith("This account concerns a sextortion attempt against Tom Martin")
    assert "1 March 2026 at 20:15" in text
    assert "1,250.50 EUR" in text
    assert (
        "Account +225 07 07 07 07 07 on WhatsApp: reported to the platform on 5 March 2026 (reference WA-778)" in text
    )
    assert "Tom Martin is under 18." in text


def test_an_empty_case_gives_a_short_honest_draft(case) -> None:
    for lang in ("fr", "en"):
        text = draft_facts(case, Translator(lang))
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        assert len(paragraphs) == 2  # what it is about, and that no evidence is recorded yet
        assert "The victim" not in text or lang == "en"
    assert "No evidence has been recorded" in draft_facts(case, Translator("en"))


def test_intimate_records_are_counted_but_never_described_as_attached(case) -> None:
    item = case.add_bytes(png_bytes(color=(9, 9, 9), marker=b"i"), origin=Origin.IMPORT).item
    case.mark_intimate(item.id)
    text = draft_facts(case, Translator("en"))
    assert "1 intimate image is recorded by its fingerprint and a description only" in text
    assert "piece of evidence is kept" not in text


def test_nothing_paid_is_said_when_only_demands_exist(case) -> None:
    case.save_payment(Payment(id="", kind=PaymentKind.DEMAND, amount="300", currency="EUR"))
    text = draft_facts(case, Translator("fr"))
    assert "La victime n'a rien payé." in text
    assert "- 300 EUR par un autre moyen (date non notée)" in text


def test_accounts_that_point_at_each_other_are_all_kept(case) -> None:
    a = case.save_account(Account(id="", platform="telegram", username="@one"))
    b = case.save_account(Account(id="", platform="snapchat", username="two", came_from=a.id))
    case.save_account(replace(case.accounts[a.id], came_from=b.id))
    text = draft_facts(case, Translator("en"))
    assert "@one on Telegram" in text and "two on Snapchat" in text


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    username=_text,
    display=_text,
    description=_text,
    amount=st.one_of(st.just(""), st.decimals(min_value=0, max_value=10**9, places=2).map(str)),
    date=st.one_of(st.just(""), st.just("garbage"), st.datetimes().map(lambda d: d.isoformat())),
    lang=st.sampled_from(["fr", "en"]),
)
def test_the_draft_never_fails_and_never_shows_a_message_key_or_placeholder(
    case, username, display, description, amount, date, lang
) -> None:  # type: ignore[no-untyped-def]
    account = Account(id="A900", platform="other", platform_other="", username=username, display_name=display)
    event = TimelineEvent(id="T900", date=date, description=description, account_id="A900")
    payment = Payment(id="P900", amount=amount, date=date, paid=True, account_id="A900")
    # Records put straight in memory: the drafter must cope with whatever a case may hold.
    case.accounts["A900"], case.events["T900"], case.payments["P900"] = account, event, payment
    try:
        text = draft_facts(case, Translator(lang))
    finally:
        del case.accounts["A900"], case.events["T900"], case.payments["P900"]
    assert text.strip()
    # Remove what the person typed, longest first (one input may contain another), then look for
    # catalog keys and unfilled {placeholders}: braces typed by the person are legitimate.
    leftover = text
    for typed in sorted((description, username, display), key=len, reverse=True):
        if typed:
            leftover = leftover.replace(typed, "")
    assert not re.search(r"\bfacts\.[a-z_.]+", leftover)
    assert not re.search(r"\{[A-Za-z_][A-Za-z0-9_]*\}", leftover)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_facts_message_exists_in_both_languages(lang: str) -> None:
    t = Translator(lang)
    keys = [k for k in t.catalog.messages if k.startswith("facts.")]
    assert len(keys) > 60
    for key in keys:
        assert "fr" in t.catalog.messages[key] and "en" in t.catalog.messages[key], key


def test_times_carry_their_offset_and_accounts_their_strongest_identifier(case) -> None:  # type: ignore[no-untyped-def]
    fill(case)
    fr = draft_facts(case, Translator("fr"))
    en = draft_facts(case, Translator("en"))
    # Read from the records above: 22:40 at +01:00, the WhatsApp account known by its phone number.
    assert "3 mars 2026 à 22 h 40 (UTC+01:00)" in fr
    assert "3 March 2026 at 22:40 (UTC+01:00)" in en
    assert "1er mars 2026 à 20 h 15 (UTC+01:00)" in fr
    assert "+225 07 07 07 07 07 sur WhatsApp" in fr
    assert "@lea.du.75" in fr
    from tests.test_dossier_truth import times_without_offset

    for text in (fr, en):
        assert times_without_offset(text) == []
