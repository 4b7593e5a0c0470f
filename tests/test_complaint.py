"""The complaint forms' fields carry the vault's own values (read from the records written here), never made up."""

from __future__ import annotations

from helpers import png_bytes

from evidence_kit.core.model import (
    Account,
    Origin,
    Payment,
    PaymentKind,
    PaymentMethod,
    Stage,
    TimelineEvent,
)
from evidence_kit.i18n import Register, Translator
from evidence_kit.knowledge.complaint import complaint_forms


def fill(case):  # type: ignore[no-untyped-def]
    account = case.save_account(
        Account(
            id="",
            platform="instagram",
            username="lea.du.75",
            numeric_id="60491827350",
            profile_url="https://www.instagram.com/lea.du.75/",
        )
    )
    case.save_event(
        TimelineEvent(id="", date="2026-11-20T21:05:00+01:00", stage=Stage.FIRST_CONTACT, description="Follow request")
    )
    case.save_event(
        TimelineEvent(id="", date="2026-07-02T23:40:00+02:00", stage=Stage.PUBLICATION, description="Posted")
    )
    case.save_payment(
        Payment(
            id="",
            kind=PaymentKind.PAYMENT,
            date="2026-11-21T09:30:00+01:00",
            amount="150",
            currency="EUR",
            method=PaymentMethod.COUPON,
            destination="PCS 4411 2298",
            reference="TX-778",
            paid=True,
            account_id=account.id,
        )
    )
    item = case.add_bytes(png_bytes(marker=b"c1"), origin=Origin.SCREEN_CAPTURE)
    case.update_item(item.item.id, account_ids=[account.id], kind="threat")
    return account


def fields(forms, form_id):  # type: ignore[no-untyped-def]
    form = next(f for f in forms if f.id == form_id)
    return {field.id: field for field in form.fields}


def test_thesee_fields_hold_the_records_values(case) -> None:
    fill(case)
    t = Translator("en", Register.HELPER)
    forms = complaint_forms("FR", case, t, dossier_sha256="ab" * 32)
    assert [f.id for f in forms] == ["thesee", "pharos"]
    thesee = fields(forms, "thesee")
    # Dates with the offset they were recorded with.
    assert thesee["first_contact"].value == "20/11/2026 21:05 UTC+01:00 · first contact: Follow request"
    assert "02/07/2026 23:40 UTC+02:00" in thesee["dates"].value
    # The scammer's identifiers: the label, then every identifier.
    ids = thesee["scammer_ids"].value.splitlines()
    assert ids[0] == "Instagram: @lea.du.75 · id 60491827350"
    assert "Numeric id: 60491827350" in ids and "Profile link: https://www.instagram.com/lea.du.75/" in ids
    # Amount, method, destination and transaction reference, as typed.
    paid = thesee["payments"].value
    assert paid.startswith("21/11/2026 09:30 UTC+01:00 · 150 EUR")
    assert "PCS 4411 2298" in paid and "TX-778" in paid
    assert thesee["seal"].value == case.keys.seal_fingerprint and len(thesee["seal"].value) == 64
    assert thesee["dossier_sha256"].value == "ab" * 32
    assert thesee["reference"].value == case.reference
    assert thesee["evidence"].value.startswith("1 evidence item")
    # No account of the facts written yet: the draft, said to be one.
    assert "lea.du.75" in thesee["facts"].value and thesee["facts"].note
    # No demand record: said so, nothing to copy.
    assert not thesee["demands"].copyable and thesee["demands"].missing
    pharos = fields(forms, "pharos")
    assert pharos["urls"].value == "https://www.instagram.com/lea.du.75/"
    assert pharos["publication_dates"].value.startswith("02/07/2026 23:40 UTC+02:00")
    assert forms[1].url == "https://www.internet-signalement.gouv.fr/"


def test_written_facts_are_used_and_missing_values_say_so(case) -> None:
    from dataclasses import replace

    case.save_profile(replace(case.profile, facts="Mon récit corrigé.", facts_edited=True))
    t = Translator("fr", Register.VICTIM)
    thesee = fields(complaint_forms("FR", case, t), "thesee")
    assert thesee["facts"].value == "Mon récit corrigé." and not thesee["facts"].note
    for empty in ("first_contact", "scammer_ids", "payments", "dossier_sha256"):
        assert thesee[empty].value == "" and thesee[empty].text.startswith(("Non noté", "Pas encore"))
    assert "que tu l'auras créé" in thesee["dossier_sha256"].missing  # the victim's "tu"
    vous = fields(complaint_forms("FR", case, Translator("fr", Register.HELPER)), "thesee")
    assert "que vous l'aurez créé" in vous["dossier_sha256"].missing


def test_every_documented_country_has_its_forms(case) -> None:
    account = fill(case)
    t = Translator("en", Register.HELPER)
    for country, expected in (("BE", ["be_police"]), ("CH", ["ch_police"]), ("CA-QC", ["cybertip"])):
        forms = complaint_forms(country, case, t)
        assert [f.id for f in forms] == expected
        for form in forms:
            assert form.url == "" or form.url.startswith("https://")
            values = {f.id: f for f in form.fields}
            assert values["scammer_ids"].value.startswith(account.label(t))
    assert complaint_forms("OTHER", case, t) == []
