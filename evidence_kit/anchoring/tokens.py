"""Reads and checks RFC 3161 timestamp replies: status, message imprint, signature, and whose root the signer chains to.

pyHanko and pyhanko-certvalidator do the cryptography; this module only says
what a person needs: is the token genuine, is it over the hash we expect,
when did the authority sign it, who is the authority (its certificate's CN),
and does its certificate chain to a root we know. A root we do not know is
"not recognised", never a failure: the token's signature still holds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from asn1crypto import cms, core, pem, tsp, x509

from evidence_kit.resources_path import resource

log = logging.getLogger(__name__)


class Trust(StrEnum):
    RECOGNISED = "recognised"  # chains to a root this program knows
    NOT_RECOGNISED = "not_recognised"  # chains to a root this program does not know (named by its CN)
    NO_CHAIN = "no_chain"  # the signing certificate chains to no root at all


class TokenProblem(StrEnum):
    """Why an authority's answer is not a usable token; each is also the message key's last part."""

    REFUSED = "refused"  # the authority answered, but did not grant a token
    MALFORMED = "malformed"  # not an RFC 3161 reply
    BAD_NONCE = "bad_nonce"  # an answer to another request
    OTHER_HASH = "other_hash"  # a token over another hash than the one we sent
    BAD_SIGNATURE = "bad_signature"  # the token was altered, or its certificate did not sign it


@dataclass(frozen=True)
class TokenCheck:
    """What a token says and whether it holds; ``problem`` is None for a genuine token over the expected hash."""

    problem: TokenProblem | None
    gen_time: str = ""  # the authority's time, UTC ISO 8601 (with microseconds when the authority gives them)
    authority: str = ""  # the signing certificate's CN
    root: str = ""  # the CN of the root the chain ends at (or of the last certificate reached)
    trust: Trust = Trust.NO_CHAIN
    serial: str = ""
    imprint: str = ""  # hex of the hashed message the token covers

    @property
    def ok(self) -> bool:
        return self.problem is None


class TokenRejected(Exception):
    """A reply that cannot be stored as an anchor (refused, malformed, forged, over another hash)."""

    def __init__(self, problem: TokenProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


# --- reading -------------------------------------------------------------------------------


class _Reply(core.Sequence):  # type: ignore[misc]
    """TimeStampResp as RFC 3161 defines it: the token is OPTIONAL (asn1crypto's class requires it, so a refusal
    would not even parse)."""

    _fields = [("status", tsp.PKIStatusInfo), ("time_stamp_token", cms.ContentInfo, {"optional": True})]


def token_from_reply(untrusted_reply: bytes, nonce: int | None = None) -> bytes:
    """The TimeStampToken (CMS) inside a TimeStampResp, once its status says granted."""
    try:
        response = _Reply.load(untrusted_reply)
        status = response["status"]["status"].native
    except (ValueError, TypeError, KeyError):
        raise TokenRejected(TokenProblem.MALFORMED) from None
    if status not in ("granted", "granted_with_mods"):
        raise TokenRejected(TokenProblem.REFUSED)
    try:
        token = response["time_stamp_token"]
        info = token["content"]["encap_content_info"]["content"].parsed
        received = info["nonce"].native
        der = token.dump()
    except (ValueError, TypeError, KeyError, AttributeError):
        raise TokenRejected(TokenProblem.MALFORMED) from None
    if nonce is not None and received != nonce:
        raise TokenRejected(TokenProblem.BAD_NONCE)
    return bytes(der)


def _common_name(name: x509.Name) -> str:
    native = name.native
    return str(native.get("common_name") or name.human_friendly)


def _utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


# --- trust roots ---------------------------------------------------------------------------


@cache
def known_roots() -> tuple[x509.Certificate, ...]:
    """The roots a token may chain to: the Mozilla bundle (certifi) and those in resources/anchoring/roots."""
    found: list[x509.Certificate] = []
    sources: list[Path] = []
    try:
        import certifi

        sources.append(Path(certifi.where()))
    except ImportError:  # pragma: no cover - certifi comes with requests
        pass
    shipped = resource("anchoring") / "roots"
    if shipped.is_dir():
        sources += sorted(shipped.glob("*.pem"))
    for source in sources:
        found += load_certificates(source.read_bytes())
    return tuple(found)


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle or one DER certificate."""
    certificates = []
    try:
        if pem.detect(data):
            for _kind, _headers, der in pem.unarmor(data, multiple=True):
                certificates.append(x509.Certificate.load(der))
        else:
            certificates.append(x509.Certificate.load(data))
    except (ValueError, TypeError):
        log.warning("a root certificate file could not be read")
    return certificates


# --- checking ------------------------------------------------------------------------------


def check_token(
    untrusted_token: bytes, expected_imprint: bytes, extra_roots: Iterable[x509.Certificate] = ()
) -> TokenCheck:
    """Check a TimeStampToken (or a whole TimeStampResp) over ``expected_imprint`` (a SHA-256 digest).

    Never raises on bad input: a token that does not hold comes back with its ``problem``.
    """
    try:
        token_der = _as_token(untrusted_token)
        token = cms.ContentInfo.load(token_der)
        signed = token["content"]
        info = signed["encap_content_info"]["content"].parsed
        if not isinstance(info, tsp.TSTInfo):
            return TokenCheck(TokenProblem.MALFORMED)
        gen_time = _utc_iso(info["gen_time"].native)
        serial = str(info["serial_number"].native)
        imprint = info["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        hashed = bytes(imprint["hashed_message"].native)
    except TokenRejected as exc:
        return TokenCheck(exc.problem)
    except Exception:  # noqa: BLE001 - asn1crypto raises many kinds on hostile input
        return TokenCheck(TokenProblem.MALFORMED)
    facts: dict[str, Any] = {"gen_time": gen_time, "serial": serial, "imprint": hashed.hex()}
    if algorithm != "sha256" or hashed != expected_imprint:
        return TokenCheck(TokenProblem.OTHER_HASH, **facts)
    roots = list(known_roots()) + list(extra_roots)
    try:
        status = _validate(signed, hashed, roots)
    except Exception:  # noqa: BLE001 - pyHanko raises on structures it cannot validate
        log.debug("timestamp token failed validation", exc_info=True)
        return TokenCheck(TokenProblem.BAD_SIGNATURE, **facts)
    signer = status.signing_cert
    authority = _common_name(signer.subject) if signer is not None else ""
    if not (status.intact and status.valid):
        return TokenCheck(TokenProblem.BAD_SIGNATURE, authority=authority, **facts)
    trust, root = _trust(signed, signer, status, roots)
    return TokenCheck(None, authority=authority, root=root, trust=trust, **facts)


def _as_token(data: bytes) -> bytes:
    """Accept either a TimeStampResp (.tsr) or a bare TimeStampToken (.tst)."""
    try:
        content_type = cms.ContentInfo.load(data)["content_type"].native
        if content_type == "signed_data":
            return data
    except (ValueError, TypeError, KeyError):
        pass
    return token_from_reply(data)


@contextmanager
def _quiet_validator() -> Iterator[None]:
    """pyHanko logs a traceback for every chain it cannot build; here that is an expected answer, not an error."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _validate(signed: cms.SignedData, imprint: bytes, roots: Sequence[x509.Certificate]) -> Any:
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko.sign.validation.status import TimestampSignatureStatus
    from pyhanko_certvalidator import ValidationContext

    info = signed["encap_content_info"]["content"].parsed
    context = ValidationContext(
        trust_roots=list(roots),
        moment=info["gen_time"].native,  # the chain must hold when the authority signed, not today
        allow_fetching=False,  # checking a token never touches the network
        revocation_mode="soft-fail",
    )
    with _quiet_validator():
        kwargs = asyncio.run(validate_tst_signed_data(signed, context, lambda _algorithm: imprint))
    return TimestampSignatureStatus(**kwargs)


def _trust(
    signed: cms.SignedData, signer: x509.Certificate, status: Any, roots: Sequence[x509.Certificate]
) -> tuple[Trust, str]:
    path = getattr(status, "validation_path", None)
    if getattr(status, "trust_problem_indic", None) is None and path is not None:
        return Trust.RECOGNISED, _common_name(path.trust_anchor.authority.name)
    # Not recognised: does it chain to a root of its own (a CA we do not know), or to nothing?
    carried = [c.chosen for c in signed["certificates"] or [] if c.name == "certificate"]
    own_roots = [c for c in carried if c.self_signed == "maybe" or c.subject == c.issuer]
    if own_roots:
        try:
            retry = _validate(signed, bytes(_imprint_of(signed)), own_roots)
            path = getattr(retry, "validation_path", None)
            if getattr(retry, "trust_problem_indic", None) is None and path is not None:
                return Trust.NOT_RECOGNISED, _common_name(path.trust_anchor.authority.name)
        except Exception:  # noqa: BLE001 - a chain that does not build is "no chain", not an error
            log.debug("token chain did not build", exc_info=True)
    issuer = _common_name(signer.issuer) if signer is not None else ""
    return Trust.NO_CHAIN, issuer


def _imprint_of(signed: cms.SignedData) -> bytes:
    return bytes(signed["encap_content_info"]["content"].parsed["message_imprint"]["hashed_message"].native)
