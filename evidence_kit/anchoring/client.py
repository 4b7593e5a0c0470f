"""Asks an RFC 3161 timestamping authority for a token over one SHA-256 digest, with pyHanko's HTTP client.

Only the digest leaves the computer.  Every failure comes back as an
``AnchorFailure`` with a reason a person can read; nothing here writes to a case.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from enum import StrEnum

from evidence_kit.anchoring.tokens import TokenProblem, TokenRejected, token_from_reply

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20.0  # seconds; a slow authority only delays the background sender or the end of a command


class FailureReason(StrEnum):
    UNREACHABLE = "unreachable"  # no network, authority down, timeout, not an HTTP answer
    REFUSED = TokenProblem.REFUSED.value
    MALFORMED = TokenProblem.MALFORMED.value
    BAD_NONCE = TokenProblem.BAD_NONCE.value
    OTHER_HASH = TokenProblem.OTHER_HASH.value
    BAD_SIGNATURE = TokenProblem.BAD_SIGNATURE.value


class AnchorFailure(Exception):
    def __init__(self, reason: FailureReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class Reply:
    reply_der: bytes  # the whole TimeStampResp, as the authority sent it (openssl ts -verify -in reads it)
    token_der: bytes  # the TimeStampToken inside it


def request_timestamp(url: str, digest: bytes, timeout: float = DEFAULT_TIMEOUT) -> Reply:
    """Send SHA-256 ``digest`` to the authority at ``url``; the answer is checked for status and nonce only."""
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    stamper = RequestsHTTPTimeStamper(url, timeout=timeout)  # type: ignore[no-untyped-call]
    nonce, request = stamper.request_cms(digest, "sha256")  # type: ignore[no-untyped-call]
    try:
        response = asyncio.run(stamper.async_request_tsa_response(request))
        reply = bytes(response.dump())
    except OSError as exc:  # pyHanko's TimestampRequestError is an OSError: no connection, or not a TSP answer
        log.info("timestamp request failed: %s", type(exc.__cause__ or exc).__name__)
        has_answer = len(exc.args) > 1  # pyHanko passes the HTTP response when the server answered wrongly
        raise AnchorFailure(FailureReason.REFUSED if has_answer else FailureReason.UNREACHABLE) from None
    except Exception:  # noqa: BLE001 - requests and asn1crypto raise many kinds on hostile answers
        log.info("timestamp request failed", exc_info=True)
        raise AnchorFailure(FailureReason.MALFORMED) from None
    try:
        token = token_from_reply(reply, nonce)
    except TokenRejected as exc:
        raise AnchorFailure(FailureReason(exc.problem.value)) from None
    return Reply(reply, token)
