"""What the vault keeps about trusted timestamps: the opt-in, the tokens, and why a request still waits.

Everything is a record of the case's generic encrypted store (``Case.save_extra``):

* ``anchoring/settings`` — opted in or not, and the authorities to ask;
* ``anchor/custody-17-freetsa`` — one token: the custody entry it covers (its
  position and hash), the authority's reply, its time and name, and the
  computer's clock when it was asked;
* ``anchor_wait/freetsa`` — the last failure for an authority (why, since when).

The queue itself is not a separate list that could be lost: an authority has
work waiting whenever the custody log holds an entry after the last one it
anchored.  It survives a kill because it is computed from committed records.
Saving these records adds custody entries of their own ("record saved"); those
bookkeeping entries do not call for another timestamp, or anchoring would never
end, but any later change covers them.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evidence_kit.anchoring.authorities import DEFAULT_AUTHORITY_URLS, Authority, authorities_for
from evidence_kit.anchoring.tokens import Trust
from evidence_kit.core.model import CustodyAction, CustodyEntry

SETTINGS_KIND = "anchoring"
TOKEN_KIND = "anchor"
WAIT_KIND = "anchor_wait"
BOOKKEEPING_KINDS = frozenset({SETTINGS_KIND, TOKEN_KIND, WAIT_KIND})
_ADDED_ACTIONS = (
    CustodyAction.CAPTURED,
    CustodyAction.IMPORTED,
    CustodyAction.PASTED,
    CustodyAction.DERIVED,
    CustodyAction.RECORDED,
)


@dataclass(frozen=True)
class AnchorSettings:
    enabled: bool = False
    authorities: tuple[Authority, ...] = ()


@dataclass(frozen=True)
class Anchor:
    """One trusted timestamp on the custody log: everything up to entry ``seq`` existed at ``gen_time``."""

    record_id: str  # custody-17-freetsa
    seq: int  # the custody entry covered (its position in the chain)
    entry_hash: str  # that entry's hash: the token's message imprint
    authority_url: str
    authority_slug: str
    authority_name: str  # the CN of the authority's signing certificate
    gen_time: str  # the authority's time, UTC ISO 8601
    requested_at: str  # the computer's clock when the request left, UTC ISO 8601
    clock_difference: float  # seconds: computer clock minus authority time (positive: the computer is ahead)
    trust: Trust  # as seen when the token was received
    serial: str
    reply_der: bytes = field(repr=False)  # the authority's whole TimeStampResp
    trust_root: str = ""  # the CN of the root its chain ended at, when it was received

    @property
    def file_name(self) -> str:
        """The name to give the reply when attached to a dossier: custody-17-freetsa.tsr."""
        return f"{self.record_id}.tsr"

    @property
    def gen_datetime(self) -> dt.datetime:
        return _parse(self.gen_time)

    @property
    def token_der(self) -> bytes:
        from evidence_kit.anchoring.tokens import token_from_reply

        return token_from_reply(self.reply_der)

    def to_record(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "entry_hash": self.entry_hash,
            "authority_url": self.authority_url,
            "authority_slug": self.authority_slug,
            "authority_name": self.authority_name,
            "gen_time": self.gen_time,
            "requested_at": self.requested_at,
            "clock_difference": self.clock_difference,
            "trust": self.trust.value,
            "serial": self.serial,
            "reply": base64.b64encode(self.reply_der).decode("ascii"),
            "trust_root": self.trust_root,
        }

    @classmethod
    def from_record(cls, record_id: str, data: dict[str, Any]) -> Anchor:
        return cls(
            record_id=record_id,
            seq=int(data["seq"]),
            entry_hash=str(data["entry_hash"]),
            authority_url=str(data["authority_url"]),
            authority_slug=str(data["authority_slug"]),
            authority_name=str(data.get("authority_name", "")),
            gen_time=str(data["gen_time"]),
            requested_at=str(data["requested_at"]),
            clock_difference=float(data.get("clock_difference", 0.0)),
            trust=Trust(data.get("trust", Trust.NO_CHAIN.value)),
            serial=str(data.get("serial", "")),
            reply_der=base64.b64decode(data["reply"]),
            trust_root=str(data.get("trust_root", "")),
        )


@dataclass(frozen=True)
class Waiting:
    """An authority that has custody entries it has not timestamped yet."""

    authority: Authority
    first_seq: int  # the first custody entry it has not covered
    since: str  # UTC ISO 8601: when that entry was made (or the first failure, if earlier is unknown)
    reason: str = ""  # the last failure's reason ("unreachable", "refused"…), "" when not tried yet
    attempted_at: str = ""  # the computer's clock at the last failed attempt


def record_id(seq: int, slug: str) -> str:
    return f"custody-{seq}-{slug}"


def utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


# --- reading the vault ----------------------------------------------------------------------


def settings_of(case: Any) -> AnchorSettings:
    data = case.extra.get(SETTINGS_KIND, {}).get("settings")
    if not data:
        return AnchorSettings()
    authorities = tuple(Authority(str(a["url"]), str(a["slug"])) for a in data.get("authorities", []))
    return AnchorSettings(bool(data.get("enabled")), authorities)


def save_settings(case: Any, enabled: bool, urls: Iterable[str] | None = None) -> AnchorSettings:
    """Store the opt-in; ``urls`` replace the default authorities when given."""
    chosen = list(urls or ()) or list(DEFAULT_AUTHORITY_URLS)
    authorities = tuple(authorities_for(chosen))
    case.save_extra(SETTINGS_KIND, "settings", {"enabled": enabled, "authorities": [a.to_dict() for a in authorities]})
    return AnchorSettings(enabled, authorities)


def anchors_for_case(case: Any) -> list[Anchor]:
    """Every stored token, by custody position then authority; records that do not read are skipped."""
    found = []
    for rid, data in case.extra.get(TOKEN_KIND, {}).items():
        try:
            found.append(Anchor.from_record(rid, data))
        except (KeyError, ValueError, TypeError):
            continue
    return sorted(found, key=lambda a: (a.seq, a.authority_slug))


def is_bookkeeping(entry: CustodyEntry) -> bool:
    """An entry that records anchoring itself: it does not call for another timestamp."""
    return entry.action == CustodyAction.RECORDED and entry.details.get("record") in BOOKKEEPING_KINDS


def last_anchorable_seq(custody: list[CustodyEntry]) -> int:
    for entry in reversed(custody):
        if not is_bookkeeping(entry):
            return entry.seq
    return 0


def waiting(case: Any) -> list[Waiting]:
    """The authorities with custody entries not yet covered by one of their tokens (the queue)."""
    settings = settings_of(case)
    if not settings.enabled:
        return []
    custody = list(case.custody)
    target = last_anchorable_seq(custody)
    anchors = anchors_for_case(case)
    failures = case.extra.get(WAIT_KIND, {})
    result = []
    for authority in settings.authorities:
        mine = [a for a in anchors if a.authority_slug == authority.slug and _in_chain(a, custody)]
        covered = max((a.seq for a in mine), default=0)
        if covered >= target:
            continue
        first = next((e for e in custody if e.seq > covered and not is_bookkeeping(e)), None)
        since = first.at if first else ""
        failure = failures.get(authority.slug) or {}
        last_token = max((a.requested_at for a in mine), default="")
        reason = attempted = ""
        if failure and str(failure.get("attempted_at", "")) > last_token:
            reason = str(failure.get("reason", ""))
            attempted = str(failure.get("attempted_at", ""))
        result.append(Waiting(authority, first.seq if first else covered + 1, since, reason, attempted))
    return result


def _in_chain(anchor: Anchor, custody: list[CustodyEntry]) -> bool:
    """The token's custody entry is where it says, with the hash it covers."""
    return 0 < anchor.seq <= len(custody) and custody[anchor.seq - 1].entry_hash == anchor.entry_hash


def _arrivals(custody: list[CustodyEntry]) -> dict[str, int]:
    """Each record's first custody entry (for an item: the capture, import or derivation that brought it in)."""
    arrivals: dict[str, int] = {}
    for entry in custody:
        if entry.action in _ADDED_ACTIONS and entry.subject and entry.subject not in arrivals:
            arrivals[entry.subject] = entry.seq
    return arrivals


def item_entry_seq(case: Any, item_id: str) -> int:
    """The custody entry that recorded the item's arrival (0 if none)."""
    return _arrivals(list(case.custody)).get(item_id, 0)


def item_anchors(case: Any) -> dict[str, Anchor]:
    """For every item, the token with the earliest authority time among those covering it."""
    custody = list(case.custody)
    anchors = [a for a in anchors_for_case(case) if _in_chain(a, custody)]
    arrivals = _arrivals(custody)
    found: dict[str, Anchor] = {}
    for item in case.items.values():
        seq = arrivals.get(item.id, 0)
        covering = [a for a in anchors if seq and a.seq >= seq]
        if covering:
            found[item.id] = min(covering, key=lambda a: (a.gen_datetime, a.seq, a.authority_slug))
    return found


def earliest_anchor(case: Any, item_id: str) -> Anchor | None:
    """The first trusted time at which the item is proved to have existed, or None."""
    return item_anchors(case).get(item_id)


def largest_clock_difference(anchors: Iterable[Anchor]) -> float | None:
    """The computer-minus-authority difference of largest size (signed), or None without tokens."""
    differences = [a.clock_difference for a in anchors]
    return max(differences, key=abs) if differences else None
