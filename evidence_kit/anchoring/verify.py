"""Checks every stored token again: signature, message imprint = the hash of the custody entry at its position."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from asn1crypto import x509

from evidence_kit.anchoring.store import Anchor, anchors_for_case
from evidence_kit.anchoring.tokens import TokenCheck, TokenProblem, check_token
from evidence_kit.core.model import CustodyEntry


@dataclass(frozen=True)
class AnchorCheck:
    anchor: Anchor
    token: TokenCheck  # signature, imprint, authority name, trust
    in_chain: bool  # the custody entry at anchor.seq has the hash the token covers

    @property
    def ok(self) -> bool:
        """Genuine and in place; an unknown root ("not recognised") is not a failure."""
        return self.token.ok and self.in_chain


def check_anchor(
    anchor: Anchor, custody: Sequence[CustodyEntry], extra_roots: Iterable[x509.Certificate] = ()
) -> AnchorCheck:
    in_chain = 0 < anchor.seq <= len(custody) and custody[anchor.seq - 1].entry_hash == anchor.entry_hash
    token = check_token(anchor.reply_der, bytes.fromhex(anchor.entry_hash), extra_roots)
    return AnchorCheck(anchor, token, in_chain)


def check_token_at(
    untrusted_reply: bytes, seq: int, custody: Sequence[CustodyEntry], extra_roots: Iterable[x509.Certificate] = ()
) -> TokenCheck:
    """For a token attached to a dossier: does it cover custody entry ``seq`` of this (already checked) log?

    The message imprint must be that entry's hash; a position outside the log is reported as another hash.
    """
    if not 0 < seq <= len(custody):
        return TokenCheck(TokenProblem.OTHER_HASH)
    return check_token(untrusted_reply, bytes.fromhex(custody[seq - 1].entry_hash), extra_roots)


def verify_tokens(case: Any, extra_roots: Iterable[x509.Certificate] = ()) -> list[AnchorCheck]:
    """Every stored token checked against the case's custody log (the log's own chain is Case.verify's job)."""
    custody = list(case.custody)
    roots = list(extra_roots)
    return [check_anchor(anchor, custody, roots) for anchor in anchors_for_case(case)]


def openssl_command(anchor: Anchor, ca_file: str = "AUTHORITY-CA.pem") -> str:
    """How a recipient checks one attached token with OpenSSL alone, against the custody entry it covers."""
    return f"openssl ts -verify -in {anchor.file_name} -digest {anchor.entry_hash} -CAfile {ca_file}"
