"""Random cases, laid out by the real renderer and read back by pdftotext: the dossier states exactly the
case's numbers (cover, summary, account of the facts), and a money demand is mentioned if and only if one
is recorded."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.core.facts import draft_facts
from evidence_kit.core.model import (
    Account,
    AccountOwner,
    CaseProfile,
    Derivation,
    DerivationKind,
    EvidenceItem,
    EvidenceKind,
    Origin,
    Payment,
    PaymentKind,
    PaymentMethod,
)
from evidence_kit.dossier import render
from evidence_kit.dossier.content import Recipient
from evidence_kit.i18n import Translator

KINDS = list(EvidenceKind)


def _item(number: int, kind: EvidenceKind, derived_from: EvidenceItem | None = None, intimate: bool = False):
    sha = f"{number:02d}" * 32
    return EvidenceItem(
        id=f"E{number}",
        sha256=sha,
        size=1000 + number,
        media_type="image/png",
        origin=Origin.DERIVED if derived_from else (Origin.INTIMATE_RECORD if intimate else Origin.IMPORT),
        obtained_at="2026-11-20T10:00:00Z",
        local_time="2026-11-20T11:00:00+01:00",
        time_zone="Europe/Paris",
        kind=kind,
        derivation=Derivation(DerivationKind.CROP, derived_from.id, derived_from.sha256) if derived_from else None,
        intimate=intimate,
    )


@st.composite
def cases(draw: st.DrawFn) -> SimpleNamespace:
    originals = draw(st.integers(0, 4))
    items: list[EvidenceItem] = []
    for _ in range(originals):
        items.append(_item(len(items) + 1, draw(st.sampled_from(KINDS))))
    for parent in list(items[: draw(st.integers(0, originals))]):
        items.append(_item(len(items) + 1, parent.kind, derived_from=parent))
    for _ in range(draw(st.integers(0, 2))):
        items.append(_item(len(items) + 1, EvidenceKind.OTHER, intimate=True))
    accounts: dict[str, Account] = {}
    for number in range(draw(st.integers(0, 3))):
        reported, blocked, removed = draw(st.tuples(st.booleans(), st.booleans(), st.booleans()))
        accounts[f"A{number}"] = Account(
            id=f"A{number}",
            platform=draw(st.sampled_from(["whatsapp", "instagram", "tiktok"])),
            phone=f"+33 6 39 98 00 {number:02d}",
            username=f"user{number}",
            reported_at="2026-11-21T10:00:00Z" if reported else "",
            blocked_at="2026-11-21T11:00:00Z" if blocked else "",
            removed_at="2026-11-22T11:00:00Z" if removed else "",
        )
    for number in range(draw(st.integers(0, 1))):
        accounts[f"V{number}"] = Account(
            id=f"V{number}", platform="instagram", owner=AccountOwner.VICTIM, username="me"
        )
    payments: dict[str, Payment] = {}
    for number in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(list(PaymentKind)))
        payments[f"P{number}"] = Payment(
            id=f"P{number}",
            kind=kind,
            date=f"2026-11-2{number}T20:15:00+01:00",
            amount=str(draw(st.integers(1, 900))),
            method=draw(st.sampled_from(list(PaymentMethod))),
            paid=kind == PaymentKind.PAYMENT or draw(st.booleans()),
        )
    return SimpleNamespace(
        profile=CaseProfile(victim_name="", victim_is_minor=None),
        accounts=accounts,
        payments=payments,
        events={},
        evidence_items=lambda: list(items),
    )


def fr_count(n: int, one: str, other: str) -> str:
    """French: 0 and 1 take the singular."""
    return f"{n} {one if n < 2 else other}"


def rendered_text(case: SimpleNamespace, lang: str) -> str:
    t = Translator(lang)
    items = case.evidence_items()
    data = render.RenderInput(
        t=t,
        recipient=Recipient.POLICE,
        reference="EK-TEST-0001",
        created_utc="2026-11-29T10:00:00Z",
        victim_name="",
        victim_is_minor=None,
        facts=draft_facts(case, t),
        items=items,
        blocks=[render.PictureBlock(i, None, None, "", "dossier.ev.fingerprint_only") for i in items],
        accounts=list(case.accounts.values()),
        payments=list(case.payments.values()),
        events=[],
        custody=[],
        custody_head="0" * 64,
        custody_public_key="1" * 64,
        seal_fingerprint="2" * 64,
        originals_attached=False,
        attachments=[],
        head_timestamp=None,
        tsa_url="",
        zone="Europe/Paris",
    )
    pdf = render.render(data).pdf
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_the_dossier_states_exactly_the_recorded_numbers(case: SimpleNamespace) -> None:
    items = case.evidence_items()
    originals = sum(1 for i in items if not i.derivation and not i.intimate)
    derived = sum(1 for i in items if i.derivation)
    intimate = sum(1 for i in items if i.intimate)
    scammers = [a for a in case.accounts.values() if a.owner == AccountOwner.SCAMMER]
    own = len(case.accounts) - len(scammers)
    demands = sum(1 for p in case.payments.values() if p.kind == PaymentKind.DEMAND)
    paid = sum(1 for p in case.payments.values() if p.kind == PaymentKind.PAYMENT or p.paid)

    text = rendered_text(case, "fr")
    # Cover: one line per kind of record, each with its own plural.
    contents = [fr_count(originals, "élément de preuve", "éléments de preuve")]
    if derived:
        contents.append(fr_count(derived, "copie recadrée ou masquée", "copies recadrées ou masquées"))
    if intimate:
        contents.append(
            fr_count(
                intimate,
                "image intime enregistrée par sa seule empreinte",
                "images intimes enregistrées par leur seule empreinte",
            )
        )
    assert ", ".join(contents) in text
    accounts = [fr_count(len(scammers), "compte de l'auteur", "comptes de l'auteur")]
    if own:
        accounts.append(fr_count(own, "compte de la victime", "comptes de la victime"))
    assert ", ".join(accounts) in text
    # Summary.
    assert re.search(rf"\b{originals} éléments? \(", text), "the summary's evidence count"
    if scammers:
        reported = sum(1 for a in scammers if a.reported_at)
        word = "signalé" if reported < 2 else "signalés"
        assert f"{reported} sur {len(scammers)} {word} à la plateforme" in text
    # Account of the facts: the same originals.
    if originals:
        assert fr_count(originals, "preuve est conservée", "preuves sont conservées") in text
    # Money: a demand is mentioned if and only if one is recorded.
    assert ("avec une demande d'argent" in text) == bool(demands)
    assert ("Aucune demande d'argent n'est enregistrée" in text) == (not demands)
    assert ("Demandes d'argent (" in text) == bool(demands)
    assert (fr_count(demands, "demande d'argent", "demandes d'argent") in text) == bool(demands)
    assert (fr_count(paid, "paiement", "paiements") in text) == bool(paid)
    assert ("Suivre la trace de l'argent" in text) == bool(demands or paid)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_the_english_dossier_states_exactly_the_recorded_numbers(case: SimpleNamespace) -> None:
    items = case.evidence_items()
    originals = sum(1 for i in items if not i.derivation and not i.intimate)
    demands = sum(1 for p in case.payments.values() if p.kind == PaymentKind.DEMAND)
    text = rendered_text(case, "en")
    assert f"{originals} evidence item{'' if originals == 1 else 's'}" in text
    assert ("with a demand for money" in text) == bool(demands)
    assert ("No demand for money is recorded" in text) == (not demands)
