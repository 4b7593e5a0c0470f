"""Drafts the account of the facts, in plain French or English prose, from what the case holds.

The draft is a starting point the person corrects: it states only what the
records say (accounts, dated events, demands and payments, evidence kept,
reports and blocks), in the third person, so it reads the same whether the
victim or a helper wrote it.  Paragraphs are separated by a blank line.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from evidence_kit.core.model import (
    Account,
    AccountOwner,
    EvidenceItem,
    EvidenceKind,
    Origin,
    Payment,
    Stage,
    TimelineEvent,
)
from evidence_kit.core.summary import case_counts, is_demand, is_payment
from evidence_kit.i18n import times

Translate = Callable[..., str]
PlatformName = Callable[[str, str], str]  # (platform id, name given for "other") -> display name

_TIDY_NAMES = {"whatsapp": "WhatsApp", "tiktok": "TikTok", "youtube": "YouTube", "adopteunmec": "AdopteUnMec"}


def default_platform_name(platform: str, other: str = "") -> str:
    """The knowledge base's name for a platform when it knows it, else a tidy version of its id."""
    if other:
        return other
    if not platform:
        return ""
    from evidence_kit import knowledge

    known = {p.id: p.name for p in knowledge.load_platforms()}
    name = known.get(platform.strip().lower())
    if name:
        return name
    return _TIDY_NAMES.get(platform, platform.replace("_", " ").title() if platform.islower() else platform)


def draft_facts(case: Any, translator: Translate, platform_name: PlatformName | None = None) -> str:
    """The account of the facts for ``case`` (a core ``Case``), in the translator's language."""
    drafter = _Drafter(case, translator, platform_name or default_platform_name)
    return drafter.draft()


class _Drafter:
    def __init__(self, case: Any, t: Translate, platform_name: PlatformName) -> None:
        self.case = case
        self.t = t
        self.lang = str(getattr(t, "lang", "en"))
        self.platform_name = platform_name
        profile = case.profile
        self.victim = profile.victim_name.strip() or t("facts.the_victim")
        self.named = bool(profile.victim_name.strip())
        self.minor = profile.victim_is_minor
        self.scammer_accounts: list[Account] = [a for a in case.accounts.values() if a.owner == AccountOwner.SCAMMER]
        self.accounts_by_id: dict[str, Account] = dict(case.accounts)
        self.events: list[TimelineEvent] = sorted(case.events.values(), key=lambda e: (_moment_key(e.date), e.id))
        self.payments: list[Payment] = sorted(case.payments.values(), key=lambda p: (_moment_key(p.date), p.id))
        self.items: list[EvidenceItem] = list(case.evidence_items())
        self.zone = times.zone_of_items(self.items)
        self.counts = case_counts(self.items, case.accounts.values(), case.payments.values())

    def draft(self) -> str:
        paragraphs = [
            self._introduction(),
            self._accounts(),
            *self._timeline(),
            self._money(),
            self._evidence(),
            self._reports(),
        ]
        return "\n\n".join(p for p in paragraphs if p.strip()) + "\n"

    # --- wording helpers --------------------------------------------------------

    def date(self, text: str, with_time: bool = True) -> str:
        """The one clock, in prose: "23 novembre 2026 à 19 h 12 (UTC+01:00)"; a date alone needs no offset."""
        if _parse(text) is None:
            return text
        return times.long_time(self.t, text, self.zone, with_time=with_time)

    def sentence(self, key: str, **params: Any) -> str:
        """A message that starts a sentence: its first letter in capitals ("the victim" → "The victim")."""
        text = self.t(key, **params)
        return text[:1].upper() + text[1:]

    def account(self, account: Account) -> str:
        """An account named by its platform and its strongest identifier (``Account.handle``)."""
        platform = self.platform_name(account.platform, account.platform_other)
        handle = account.handle()
        if not handle and account.display_name:
            return self.t("facts.account_display_only", platform=platform, name=account.display_name)
        if not handle:
            return self.t("facts.account_no_handle", platform=platform)
        return self.t("facts.account", platform=platform, handle=handle)

    def money(self, amount: str, currency: str) -> str:
        if not amount:
            return self.t("facts.amount_unknown")
        try:
            value = Decimal(amount)
        except InvalidOperation:
            return f"{amount} {currency}".strip()
        text = f"{value:,.2f}" if value != value.to_integral_value() else f"{value:,.0f}"
        if self.lang == "fr":
            text = text.replace(",", "\u202f").replace(".", ",")
        return f"{text} {currency}".strip()

    def join(self, parts: list[str]) -> str:
        if len(parts) <= 1:
            return "".join(parts)
        return self.t("facts.list_join", first=", ".join(parts[:-1]), last=parts[-1])

    # --- paragraphs -------------------------------------------------------------------

    def _introduction(self) -> str:
        text = self.t("facts.intro_named" if self.named else "facts.intro", victim=self.victim)
        if self.minor is True:
            text += " " + self.sentence("facts.minor", victim=self.victim)
        first = next((e for e in self.events if e.stage == Stage.FIRST_CONTACT and e.date), None)
        if first is None and self.events and self.events[0].date:
            first = self.events[0]
        if first is not None:
            account = self.accounts_by_id.get(first.account_id)
            if account is not None:
                text += " " + self.t("facts.started_on_with", date=self.date(first.date), account=self.account(account))
            else:
                text += " " + self.t("facts.started_on", date=self.date(first.date))
        return text

    def _ordered_accounts(self) -> list[Account]:
        """Accounts along the path the scammer took: each after the one it came from."""
        known = {a.id for a in self.scammer_accounts}
        children: dict[str, list[Account]] = defaultdict(list)
        roots = []
        for account in self.scammer_accounts:
            if account.came_from and account.came_from in known and account.came_from != account.id:
                children[account.came_from].append(account)
            else:
                roots.append(account)
        ordered: list[Account] = []
        seen: set[str] = set()

        def visit(account: Account) -> None:
            if account.id in seen:
                return
            seen.add(account.id)
            ordered.append(account)
            for child in children.get(account.id, []):
                visit(child)

        for root in roots:
            visit(root)
        for account in self.scammer_accounts:  # a loop of came_from links: keep them all anyway
            visit(account)
        return ordered

    def _accounts(self) -> str:
        accounts = self._ordered_accounts()
        if not accounts:
            return ""
        sentences = [self.t("facts.accounts_intro", n=len(accounts))]
        for account in accounts:
            details = []
            if account.display_name:
                details.append(self.t("facts.detail.display_name", value=account.display_name))
            shown = account.handle()
            for key, value in account.identifiers():
                if key != "display_name" and value not in shown:
                    details.append(self.t(f"facts.detail.{key}", value=value))
            line = "- " + self.account(account)
            if details:
                line += " (" + self.t("facts.sep").join(details) + ")"
            sentences.append(line)
        moves = []
        for account in accounts:
            before = self.accounts_by_id.get(account.came_from)
            if before is not None and before.id != account.id:
                moves.append(
                    self.t(
                        "facts.moved",
                        before=self.platform_name(before.platform, before.platform_other),
                        after=self.platform_name(account.platform, account.platform_other),
                    )
                )
        text = "\n".join(sentences)
        if moves:
            text += "\n" + " ".join(moves)
        return text

    def _timeline(self) -> list[str]:
        if not self.events:
            return []
        lines = [self.t("facts.timeline_intro")]
        for event in self.events:
            stage = self.t(f"facts.stage.{event.stage.value}")
            description = event.description.strip().rstrip(".")
            account = self.accounts_by_id.get(event.account_id)
            where = " " + self.t("facts.via", account=self.account(account)) if account is not None else ""
            when = self.date(event.date) if event.date else self.t("facts.undated")
            if description:
                lines.append(self.t("facts.event", date=when, stage=stage, text=description, where=where))
            else:
                lines.append(self.t("facts.event_stage_only", date=when, stage=stage, where=where))
        return ["\n".join(lines)]

    def _payment_line(self, payment: Payment, key: str) -> str:
        method = self.t(f"facts.method.{payment.method.value}")
        amount = self.money(payment.amount, payment.currency)
        if _parse(payment.date) is not None:
            parts = [self.t(key, amount=amount, method=method, date=self.date(payment.date))]
        else:
            parts = [self.t("facts.money_line_undated", amount=amount, method=method)]
        if payment.destination:
            parts.append(self.t("facts.destination", value=payment.destination))
        if payment.reference:
            parts.append(self.t("facts.reference", value=payment.reference))
        account = self.accounts_by_id.get(payment.account_id)
        if account is not None:
            parts.append(self.t("facts.asked_by", account=self.account(account)))
        return "- " + self.t("facts.sep").join(parts)

    def _money(self) -> str:
        if not self.payments:
            return ""
        demands = [p for p in self.payments if is_demand(p)]
        paid = [p for p in self.payments if is_payment(p)]
        lines = []
        if demands:
            lines.append(self.t("facts.demands_intro", n=len(demands)))
            lines += [self._payment_line(p, "facts.demand_line") for p in demands]
        if paid:
            lines.append(self.sentence("facts.paid_intro", victim=self.victim, n=len(paid)))
            lines += [self._payment_line(p, "facts.paid_line") for p in paid]
            totals = sorted(self.counts.paid.items())
            if totals:
                total_text = self.join([self.money(str(v), c) for c, v in totals])
                lines.append(self.t("facts.paid_total", total=total_text))
        else:
            lines.append(self.sentence("facts.nothing_paid", victim=self.victim))
        return "\n".join(lines)

    def _evidence(self) -> str:
        # The same counts as the dossier's cover and summary (core.summary): originals, copies, intimate records.
        kept = [i for i in self.items if not i.intimate and not i.derivation]
        intimate = [i for i in self.items if i.intimate]
        if self.counts.records == 0:
            return self.t("facts.no_evidence")
        parts = []
        if kept:
            origins = Counter(i.origin for i in kept)
            captured = origins[Origin.SCREEN_CAPTURE] + origins[Origin.CLIPBOARD]
            how = [
                self.t(f"facts.how.{key}", n=count)
                for key, count in (("captured", captured), ("imported", len(kept) - captured))
                if count
            ]
            how_text = " (" + self.t("facts.sep").join(how) + ")" if how else ""
            parts.append(self.t("facts.evidence_kept", n=len(kept), how=how_text))
            kinds = Counter(i.kind for i in kept)
            shown = [
                self.t(f"facts.shows.{kind.value}", n=kinds[kind])
                for kind in (EvidenceKind.THREAT, EvidenceKind.PAYMENT_DEMAND, EvidenceKind.PROFILE)
                if kinds[kind]
            ]
            if shown and len(kept) > 1:
                parts.append(self.t("facts.evidence_shows", list=self.join(shown)))
        if self.counts.derived:
            parts.append(self.t("facts.derived_kept", n=self.counts.derived))
        if intimate:
            parts.append(self.t("facts.intimate_recorded", n=len(intimate)))
        return " ".join(parts)

    def _reports(self) -> str:
        lines = []
        for account in self._ordered_accounts():
            steps = []
            if account.reported_at:
                key = "facts.reported_ref" if account.report_reference else "facts.reported"
                steps.append(self.t(key, date=self.date(account.reported_at, False), ref=account.report_reference))
            if account.blocked_at:
                steps.append(self.t("facts.blocked", date=self.date(account.blocked_at, False)))
            if account.removed_at:
                steps.append(self.t("facts.removed", date=self.date(account.removed_at, False)))
            if steps:
                lines.append(self.t("facts.account_status", account=self.account(account), steps=self.join(steps)))
        not_reported = [a for a in self.scammer_accounts if not a.reported_at]
        if not_reported and lines:
            lines.append(self.t("facts.some_not_reported", n=len(not_reported)))
        return " ".join(lines)


def _parse(text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _moment_key(text: str) -> str:
    """Sort key: records without a date go last; dates compare in UTC."""
    moment = _parse(text)
    if moment is None:
        return "9999"
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(dt.UTC).isoformat()
