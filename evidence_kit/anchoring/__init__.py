"""Trusted timestamps on the chain of custody as the case grows (RFC 3161), queued while offline.

The custody log is a hash chain: a token over its head proves that every entry
up to it, and so every item recorded there, existed at the authority's time.
Qt-free; the window runs ``send_waiting`` in the background
(``evidence_kit.gui.anchoring``) and the command line at the end of each
command that wrote to the vault.

For the dossier: ``anchors_for_case``, ``item_anchors`` / ``earliest_anchor``,
``largest_clock_difference``, ``verify_tokens`` (or ``check_token_at`` on an
attached file and the dossier's custody log) and ``openssl_command``.
"""

from __future__ import annotations

from evidence_kit.anchoring.authorities import DEFAULT_AUTHORITY_URLS, Authority
from evidence_kit.anchoring.sender import SendReport, next_due, send_waiting, system_clock
from evidence_kit.anchoring.store import (
    Anchor,
    AnchorSettings,
    Waiting,
    anchors_for_case,
    earliest_anchor,
    item_anchors,
    largest_clock_difference,
    save_settings,
    settings_of,
    waiting,
)
from evidence_kit.anchoring.tokens import TokenCheck, TokenProblem, Trust, check_token
from evidence_kit.anchoring.verify import AnchorCheck, check_token_at, openssl_command, verify_tokens

__all__ = [
    "DEFAULT_AUTHORITY_URLS",
    "Anchor",
    "AnchorCheck",
    "AnchorSettings",
    "Authority",
    "SendReport",
    "TokenCheck",
    "TokenProblem",
    "Trust",
    "Waiting",
    "anchors_for_case",
    "check_token",
    "check_token_at",
    "earliest_anchor",
    "item_anchors",
    "largest_clock_difference",
    "next_due",
    "openssl_command",
    "save_settings",
    "send_waiting",
    "settings_of",
    "system_clock",
    "verify_tokens",
    "waiting",
]
