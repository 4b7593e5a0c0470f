"""What the online complaint and report forms ask for, with the vault's own value for each field.

For a country (FR, BE, CH, CA-QC) and an open core ``Case``, ``complaint_forms`` lists the forms
documented in the knowledge base (THESEE and PHAROS in France, the police in Belgium and Switzerland,
Cybertip.ca for Québec) and, for each, the fields it asks for (from the reporting facts, see
``resources/knowledge/helplines``), each with the value the records give:

- times through ``i18n.times.short_time`` (with their UTC offset), in the zone of the case's items;
- the scammer's identifiers through ``Account.label`` and ``Account.identifiers``;
- amounts as typed, with currency, method, destination and transaction reference;
- the account of the facts as the person corrected it (``profile.facts``), else the draft (``core.facts``);
- the counts through ``core.summary`` (in the dossier's words), the seal's fingerprint from the case keys.

A field the vault does not record carries an empty ``value`` and a ``missing`` text that says so;
nothing is ever made up.  No Qt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from evidence_kit.core.model import Account, AccountOwner, Payment, Stage, TimelineEvent
from evidence_kit.core.summary import counts_of_case, is_demand, is_payment
from evidence_kit.i18n import Translator, times

COMPLAINT_COUNTRIES = ("FR", "BE", "CH", "CA-QC")

# Each form: its id, the knowledge base's entry (name and link), and the fields it asks for, in the
# order of the reference (shared/reference/reporting-facts.md, "What the online forms … ask for").
FORMS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "FR": (
        (
            "thesee",
            "fr-thesee",
            (
                "first_contact",
                "dates",
                "scammer_ids",
                "platforms",
                "demands",
                "payments",
                "facts",
                "evidence",
                "seal",
                "dossier_sha256",
                "reference",
            ),
        ),
        ("pharos", "fr-pharos", ("publication_dates", "platforms", "urls", "facts")),
    ),
    "BE": (
        (
            "be_police",
            "be-police",
            (
                "scammer_ids",
                "platforms",
                "publication_dates",
                "demands",
                "payments",
                "dates",
                "facts",
                "evidence",
                "seal",
            ),
        ),
    ),
    "CH": (("ch_police", "ch-police", ("platforms", "scammer_ids", "dates", "facts", "evidence", "seal")),),
    "CA-QC": (
        (
            "cybertip",
            "ca-cyberaide",
            ("dates", "urls", "images", "threats", "scammer_ids", "payments", "facts"),
        ),
    ),
}


@dataclass(frozen=True)
class FormField:
    """One field of a form: ``value`` is what to paste (empty when the vault does not record it)."""

    id: str
    label: str
    value: str
    missing: str = ""  # said instead of a value: why there is none
    note: str = ""  # e.g. "the program's draft: read it again"

    @property
    def text(self) -> str:
        return self.value or self.missing

    @property
    def copyable(self) -> bool:
        return bool(self.value)


@dataclass(frozen=True)
class ComplaintForm:
    id: str
    name: str
    about: str  # what the form is for, one line
    url: str  # "" when the knowledge base knows no https link
    link_label: str
    fields: tuple[FormField, ...]


def complaint_forms(
    country: str,
    case: Any,
    t: Translator,
    dossier_sha256: str = "",
    platform_name: Callable[[str, str], str] | None = None,
) -> list[ComplaintForm]:
    """The forms of ``country`` with the vault's values; an unknown country gives no form."""
    from evidence_kit import knowledge

    region = knowledge.normalize_country(country)
    entries = {h.id: h for h in knowledge.all_helplines()}
    values = _Values(case, t, dossier_sha256, platform_name)
    forms = []
    for form_id, helpline_id, field_ids in FORMS.get(region, ()):
        helpline = entries.get(helpline_id)
        url, link_label = "", ""
        if helpline is not None:
            web = next((c for c in helpline.contacts if c.url.startswith("https://")), None)
            if web is not None:
                url = web.url
                link_label = web.label(t.lang) if web.label else web.value
        name = helpline.name(t.lang) if helpline is not None else form_id
        forms.append(
            ComplaintForm(
                id=form_id,
                name=name,
                about=t(f"complaint.form.{form_id}.about"),
                url=url,
                link_label=link_label,
                fields=tuple(values.field(field_id, form_id) for field_id in field_ids),
            )
        )
    return forms


class _Values:
    """Each field's value, computed once from the records."""

    def __init__(self, case: Any, t: Translator, dossier_sha256: str, platform_name: Callable[[str, str], str] | None):
        from evidence_kit.core.facts import default_platform_name

        self.case = case
        self.t = t
        self.dossier_sha256 = dossier_sha256
        self.platform_name = platform_name or default_platform_name
        self.items = list(case.evidence_items())
        self.zone = times.zone_of_items(self.items)
        self.scammers: list[Account] = [a for a in case.accounts.values() if a.owner == AccountOwner.SCAMMER]
        self.events: list[TimelineEvent] = sorted(case.events.values(), key=lambda e: (_instant(e.date), e.id))
        self.payments: list[Payment] = sorted(case.payments.values(), key=lambda p: (_instant(p.date), p.id))

    def field(self, field_id: str, form_id: str) -> FormField:
        label_key = f"complaint.field.{form_id}.{field_id}"
        label = self.t(label_key if self.t.has(label_key) else f"complaint.field.{field_id}")
        value, note = getattr(self, f"_{field_id}")()
        missing = "" if value else self.t(f"complaint.missing.{field_id}")
        return FormField(field_id, label, value, missing, note)

    # --- helpers -------------------------------------------------------------------

    def when(self, text: str) -> str:
        return times.short_time(self.t, text, self.zone) if times.parse(text) is not None else text

    def event_line(self, event: TimelineEvent) -> str:
        stage = self.t(f"facts.stage.{event.stage.value}")
        when = self.when(event.date) or self.t("complaint.undated")
        line = self.t("complaint.event_line", date=when, stage=stage)
        return f"{line} {event.description.strip()}".rstrip() if event.description.strip() else line

    def events_of(self, *stages: Stage) -> list[TimelineEvent]:
        return [e for e in self.events if not stages or e.stage in stages]

    def payment_line(self, payment: Payment) -> str:
        parts = []
        if payment.date.strip():
            parts.append(self.when(payment.date))
        amount = f"{payment.amount.strip()} {payment.currency}".strip() if payment.amount.strip() else ""
        parts.append(amount or self.t("complaint.amount_unknown"))
        parts.append(self.t(f"facts.method.{payment.method.value}"))
        if payment.destination.strip():
            parts.append(self.t("complaint.destination", value=payment.destination.strip()))
        if payment.reference.strip():
            parts.append(self.t("complaint.transaction", value=payment.reference.strip()))
        return " · ".join(parts)

    # --- the fields (each returns its value and a note) -------------------------------

    def _first_contact(self) -> tuple[str, str]:
        first = self.events_of(Stage.FIRST_CONTACT)
        return (self.event_line(first[0]), "") if first else ("", "")

    def _dates(self) -> tuple[str, str]:
        return "\n".join(self.event_line(e) for e in self.events), ""

    def _publication_dates(self) -> tuple[str, str]:
        return "\n".join(self.event_line(e) for e in self.events_of(Stage.PUBLICATION)), ""

    def _threats(self) -> tuple[str, str]:
        return "\n".join(self.event_line(e) for e in self.events_of(Stage.THREATS, Stage.PAYMENT_DEMAND)), ""

    def _scammer_ids(self) -> tuple[str, str]:
        blocks = []
        for account in self.scammers:
            lines = [account.label(self.t, self.platform_name(account.platform, account.platform_other))]
            lines += [
                self.t("complaint.identifier", name=self.t(f"knowledge.identifier.{name}"), value=value)
                for name, value in account.identifiers()
            ]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks), ""

    def _platforms(self) -> tuple[str, str]:
        names: list[str] = []
        for account in self.scammers:
            name = self.platform_name(account.platform, account.platform_other)
            if name and name not in names:
                names.append(name)
        return ", ".join(names), ""

    def _urls(self) -> tuple[str, str]:
        urls = [a.profile_url.strip() for a in self.scammers if a.profile_url.strip()]
        return "\n".join(dict.fromkeys(urls)), ""

    def _demands(self) -> tuple[str, str]:
        return "\n".join(self.payment_line(p) for p in self.payments if is_demand(p)), ""

    def _payments(self) -> tuple[str, str]:
        return "\n".join(self.payment_line(p) for p in self.payments if is_payment(p)), ""

    def _facts(self) -> tuple[str, str]:
        written = self.case.profile.facts.strip()
        if written:
            return written, ""
        from evidence_kit.core.facts import draft_facts

        draft = draft_facts(self.case, self.t, self.platform_name).strip()
        return draft, self.t("complaint.facts_draft") if draft else ""

    def _evidence(self) -> tuple[str, str]:
        from evidence_kit.dossier.content import count_lines

        return self.t("pages.dossier.counts_sep").join(count_lines(self.t, counts_of_case(self.case))), ""

    def _images(self) -> tuple[str, str]:
        intimate = counts_of_case(self.case).intimate
        return (self.t("complaint.images_recorded", n=intimate), "") if intimate else ("", "")

    def _seal(self) -> tuple[str, str]:
        keys = self.case.keys
        return (str(keys.seal_fingerprint) if keys is not None else ""), ""

    def _dossier_sha256(self) -> tuple[str, str]:
        return self.dossier_sha256, ""

    def _reference(self) -> tuple[str, str]:
        return str(self.case.reference), ""


def _instant(text: str) -> str:
    moment = times.parse(text)
    return moment.astimezone(dt.UTC).isoformat() if moment is not None else "~" + text
