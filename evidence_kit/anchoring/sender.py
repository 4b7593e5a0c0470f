"""Sends the waiting timestamp requests: the custody head's hash to every authority that has not covered it yet.

The clock is a parameter (``clock() -> aware datetime``): it decides whether a
request is due (one per minute of activity at most, unless forced) and is
recorded beside the authority's time on each token.  Failures never raise:
they are stored as the reason the request still waits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import x509

from evidence_kit.anchoring.client import DEFAULT_TIMEOUT, AnchorFailure, FailureReason, request_timestamp
from evidence_kit.anchoring.store import (
    TOKEN_KIND,
    WAIT_KIND,
    Anchor,
    Waiting,
    anchors_for_case,
    record_id,
    settings_of,
    utc_iso,
    waiting,
)
from evidence_kit.anchoring.tokens import check_token

log = logging.getLogger(__name__)

MIN_INTERVAL = dt.timedelta(minutes=1)
Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class SendReport:
    enabled: bool = True
    anchored: list[Anchor] = field(default_factory=list)
    failed: list[tuple[Waiting, FailureReason]] = field(default_factory=list)  # tried now and failed
    waiting: list[Waiting] = field(default_factory=list)  # still waiting after this round
    deferred_until: dt.datetime | None = None  # not sent: the last request is less than a minute old

    @property
    def done(self) -> bool:
        return not self.waiting


def next_due(case: Any, clock: Clock, interval: dt.timedelta = MIN_INTERVAL) -> dt.datetime | None:
    """When a request may be sent again (None: now).  A computer clock set back never blocks sending."""
    last = max((a.requested_at for a in anchors_for_case(case)), default="")
    if not last:
        return None
    due = dt.datetime.fromisoformat(last.replace("Z", "+00:00")) + interval
    now = clock()
    if now >= due or now < due - interval:
        return None
    return due


def send_waiting(
    case: Any,
    clock: Clock,
    *,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    extra_roots: Iterable[x509.Certificate] = (),
    cancelled: Callable[[], bool] | None = None,
) -> SendReport:
    """Anchor the custody head with every authority that waits; store each token, or why it still waits."""
    if not settings_of(case).enabled:
        return SendReport(enabled=False)
    queue = waiting(case)
    if not queue:
        return SendReport()
    if not force:
        due = next_due(case, clock)
        if due is not None:
            return SendReport(waiting=queue, deferred_until=due)
    head = case.custody[-1]
    seq, entry_hash = int(head.seq), str(head.entry_hash)
    report = SendReport()
    roots = list(extra_roots)
    for item in queue:
        if cancelled and cancelled():
            break
        requested = clock()
        try:
            reply = request_timestamp(item.authority.url, bytes.fromhex(entry_hash), timeout)
            check = check_token(reply.token_der, bytes.fromhex(entry_hash), roots)
            if not check.ok:
                assert check.problem is not None
                raise AnchorFailure(FailureReason(check.problem.value))
        except AnchorFailure as exc:
            report.failed.append((item, exc.reason))
            _record_failure(case, item, exc.reason, requested)
            continue
        gen = dt.datetime.fromisoformat(check.gen_time.replace("Z", "+00:00"))
        anchor = Anchor(
            record_id=record_id(seq, item.authority.slug),
            seq=seq,
            entry_hash=entry_hash,
            authority_url=item.authority.url,
            authority_slug=item.authority.slug,
            authority_name=check.authority,
            gen_time=check.gen_time,
            requested_at=utc_iso(requested),
            clock_difference=round((requested - gen).total_seconds(), 3),
            trust=check.trust,
            serial=check.serial,
            reply_der=reply.reply_der,
            trust_root=check.root,
        )
        case.save_extra(TOKEN_KIND, anchor.record_id, anchor.to_record())
        report.anchored.append(anchor)
    report.waiting = waiting(case)
    return report


def _record_failure(case: Any, item: Waiting, reason: FailureReason, attempted: dt.datetime) -> None:
    """Keep why the request waits; written only when the reason changes, so retries do not fill the log."""
    if item.reason == reason.value:
        return
    case.save_extra(
        WAIT_KIND,
        item.authority.slug,
        {"url": item.authority.url, "reason": reason.value, "attempted_at": utc_iso(attempted)},
    )
