"""The case's numbers, computed once: every place that states them (dossier cover, summary, account
of the facts, the window's export step) calls ``case_counts``.

Definitions, so that two pages never count differently:

- an *item* is an original piece of evidence: not derived, not an intimate record;
- a *derived copy* is a crop, a redaction or an archive member made from another record;
- an *intimate record* is an intimate image recorded by its fingerprint only;
- a *demand* is a payment record of kind ``demand``; a *payment* is a record of kind ``payment``
  or one marked paid (a demand marked paid is both: it was asked, then paid);
- amounts are summed per currency, as decimals, from the amounts as typed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from evidence_kit.core.model import Account, AccountOwner, EvidenceItem, Payment, PaymentKind


@dataclass(frozen=True)
class CaseCounts:
    items: int
    derived: int
    intimate: int
    scammer_accounts: int
    own_accounts: int
    reported: int
    blocked: int
    removed: int
    demands: int
    payments: int
    demanded: dict[str, Decimal] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)
    kinds: Counter[str] = field(default_factory=Counter)  # originals by kind

    @property
    def records(self) -> int:
        """Every evidence record of the manifest: items, derived copies and intimate records."""
        return self.items + self.derived + self.intimate

    @property
    def accounts(self) -> int:
        return self.scammer_accounts + self.own_accounts

    @property
    def money_demanded(self) -> bool:
        return self.demands > 0

    @property
    def money_paid(self) -> bool:
        return self.payments > 0


def is_payment(payment: Payment) -> bool:
    return payment.kind == PaymentKind.PAYMENT or payment.paid


def is_demand(payment: Payment) -> bool:
    return payment.kind == PaymentKind.DEMAND


def amount_of(payment: Payment) -> Decimal | None:
    """The amount as typed ("1 250,50", "0.0042"), as a decimal; None when empty or not a number."""
    text = (payment.amount or "").replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _sum(payments: Iterable[Payment]) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for payment in payments:
        value = amount_of(payment)
        if value is not None:
            sums[payment.currency] = sums.get(payment.currency, Decimal(0)) + value
    return sums


def case_counts(items: Iterable[EvidenceItem], accounts: Iterable[Account], payments: Iterable[Payment]) -> CaseCounts:
    items = list(items)
    payments = list(payments)
    accounts = list(accounts)
    scammers = [a for a in accounts if a.owner == AccountOwner.SCAMMER]
    own = [a for a in accounts if a.owner == AccountOwner.VICTIM]
    originals = [i for i in items if not i.derivation and not i.intimate]
    demands = [p for p in payments if is_demand(p)]
    paid = [p for p in payments if is_payment(p)]
    return CaseCounts(
        items=len(originals),
        derived=sum(1 for i in items if i.derivation and not i.intimate),
        intimate=sum(1 for i in items if i.intimate),
        scammer_accounts=len(scammers),
        own_accounts=len(own),
        reported=sum(1 for a in scammers if a.reported_at),
        blocked=sum(1 for a in scammers if a.blocked_at),
        removed=sum(1 for a in scammers if a.removed_at),
        demands=len(demands),
        payments=len(paid),
        demanded=_sum(demands),
        paid=_sum(paid),
        kinds=Counter(i.kind.value for i in originals),
    )


def counts_of_case(case: object) -> CaseCounts:
    """``case_counts`` for an open core ``Case``."""
    return case_counts(
        case.evidence_items(),  # type: ignore[attr-defined]
        case.accounts.values(),  # type: ignore[attr-defined]
        case.payments.values(),  # type: ignore[attr-defined]
    )
