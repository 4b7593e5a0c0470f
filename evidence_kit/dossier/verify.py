"""Checks a dossier as a recipient would: seal over the whole file, attachments, custody chain, timestamp.

The seal is checked twice: once straight from the file's bytes (no password
needed, no PDF library: the signed byte ranges, the CMS signature and the
padding of the space reserved for it), and once with pyHanko after
decryption (coverage, modifications).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from evidence_kit.core.errors import UsageError, WrongSecret
from evidence_kit.core.model import CustodyEntry, from_dict

log = logging.getLogger(__name__)

TAIL = 1 << 18  # the signature lives in the last incremental update
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512, "sha1": hashes.SHA1}


@dataclass
class DossierProblem:
    key: str  # catalog key
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class DossierReport:
    path: str
    reference: str = ""
    seal_fingerprint: str = ""  # SHA-256 of the signer's certificate
    signature_valid: bool = False
    covers_whole_file: bool = False
    signature_timestamp: str = ""  # the timestamp on the PDF signature, if any
    attachments_checked: int = 0
    custody_entries: int = 0
    custody_head: str = ""
    timestamp: dict[str, Any] | None = None  # the custody head's timestamp: gen_time, authority, valid
    # Tokens taken as the case grew: file, seq, gen_time, authority, trust, root, ok, problem
    tokens: list[dict[str, Any]] = field(default_factory=list)
    problems: list[DossierProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.signature_valid and self.covers_whole_file

    def add(self, key: str, **params: Any) -> None:
        self.problems.append(DossierProblem(key, params))

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "path": self.path,
            "reference": self.reference,
            "seal_fingerprint": self.seal_fingerprint,
            "signature_valid": self.signature_valid,
            "covers_whole_file": self.covers_whole_file,
            "signature_timestamp": self.signature_timestamp,
            "attachments_checked": self.attachments_checked,
            "custody_entries": self.custody_entries,
            "custody_head": self.custody_head,
            "timestamp": self.timestamp,
            "tokens": self.tokens,
            "problems": [{"key": p.key, "params": p.params} for p in self.problems],
        }


def verify_dossier(path: Path | str, password: str) -> DossierReport:
    """Check everything a dossier claims; raises ``WrongSecret`` when the password does not open an intact file."""
    path = Path(path)
    if not path.is_file():
        raise UsageError("error.case_not_found", path=str(path))
    report = DossierReport(str(path))
    raw_ok = _check_raw_seal(path, report)
    from pyhanko.pdf_utils.crypt import AuthStatus
    from pyhanko.pdf_utils.reader import PdfFileReader

    with open(path, "rb") as handle:
        try:
            reader = PdfFileReader(handle, strict=False)
            if reader.encrypted and reader.decrypt(password).status == AuthStatus.FAILED:
                if raw_ok:
                    raise WrongSecret("dossier.verify.wrong_password")
                return report  # a damaged file: say so rather than blame the password
        except WrongSecret:
            raise
        except Exception:  # noqa: BLE001 - any parse failure means the file is not a sound dossier
            log.debug("dossier unreadable", exc_info=True)
            report.add("dossier.problem.unreadable")
            return report
        try:
            _check_pdf_signature(reader, report)
            files = _attachments(reader)
        except Exception:  # noqa: BLE001
            log.debug("dossier damaged", exc_info=True)
            report.add("dossier.problem.unreadable")
            return report
    manifest = _check_manifest(files, report)
    if manifest is not None:
        entries = _check_custody(files, manifest, report)
        _check_head_timestamp(files, manifest, report)
        _check_custody_tokens(files, manifest, entries, report)
    return report


# --- the seal, straight from the bytes -------------------------------------------------------------


def _check_raw_seal(path: Path, report: DossierReport) -> bool:
    # pyHanko registers the CMS attribute types it signs with (signing_certificate_v2…) in asn1crypto when its
    # signing module loads; parsing a seal before that leaves asn1crypto's cached parse broken for the next export.
    import pyhanko.sign.signers  # noqa: F401
    size = path.stat().st_size
    with open(path, "rb") as handle:
        handle.seek(max(0, size - TAIL))
        tail = handle.read()
        found = list(_BYTE_RANGE.finditer(tail))
        if not found:
            report.add("dossier.problem.no_signature")
            return False
        a, b, c, d = (int(v) for v in found[-1].groups())
        if a != 0 or c <= b or c + d != size:
            report.add("dossier.problem.signature_coverage")
            return False
        handle.seek(b)
        gap = handle.read(c - b)
        der = _contents_der(gap)
        if der is None:
            report.add("dossier.problem.signature_padding")
            return False
        digest = hashlib.sha256()
        for start, length in ((a, b), (c, d)):
            handle.seek(start)
            remaining = length
            while remaining:
                chunk = handle.read(min(1 << 20, remaining))
                if not chunk:
                    break
                digest.update(chunk)
                remaining -= len(chunk)
    try:
        signed = cms.ContentInfo.load(der)["content"]
        ok, cert = _signer_ok(signed, digest.digest(), "sha256")
    except Exception:  # noqa: BLE001 - a signature that does not parse is a broken seal
        ok, cert = False, None
    if cert is not None:
        report.seal_fingerprint = cert.fingerprint(hashes.SHA256()).hex()
    if not ok:
        report.add("dossier.problem.signature_invalid")
        return False
    report.signature_valid = True
    report.covers_whole_file = True
    return True


def _contents_der(gap: bytes) -> bytes | None:
    """The CMS bytes of /Contents, provided the reserved space is exactly pyHanko's: upper-case hex, then zeros."""
    if len(gap) < 4 or gap[:1] != b"<" or gap[-1:] != b">":
        return None
    text = gap[1:-1]
    if not re.fullmatch(rb"[0-9A-F]*", text) or len(text) % 2:
        return None
    raw = bytes.fromhex(text.decode("ascii"))
    length = _der_length(raw)
    if length is None or length > len(raw) or any(raw[length:]):
        return None
    return raw[:length]


def _der_length(raw: bytes) -> int | None:
    if len(raw) < 2 or raw[0] != 0x30:
        return None
    first = raw[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or len(raw) < 2 + count:
        return None
    return 2 + count + int.from_bytes(raw[2 : 2 + count], "big")


def _signer_ok(
    signed: cms.SignedData, content_digest: bytes, expected_md: str | None
) -> tuple[bool, x509.Certificate | None]:
    """Checks the one SignerInfo: its message digest, and its signature with the certificate it names."""
    infos = signed["signer_infos"]
    if len(infos) != 1:
        return False, None
    info = infos[0]
    md = info["digest_algorithm"]["algorithm"].native
    if expected_md and md != expected_md:
        return False, None
    sid = info["sid"]
    cert_asn1 = None
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            continue
        candidate = choice.chosen
        if sid.name == "issuer_and_serial_number":
            match = (
                candidate.issuer == sid.chosen["issuer"]
                and candidate.serial_number == sid.chosen["serial_number"].native
            )
        else:
            match = candidate.key_identifier == sid.chosen.native
        if match:
            cert_asn1 = candidate
            break
    if cert_asn1 is None:
        return False, None
    cert = x509.load_der_x509_certificate(cert_asn1.dump())
    attrs = info["signed_attrs"]
    digests = [a["values"][0].native for a in attrs if a["type"].native == "message_digest"]
    if digests != [content_digest]:
        return False, cert
    signed_bytes = b"\x31" + attrs.dump()[1:]  # signed over as a SET OF, not as the [0] it is stored as
    signature = info["signature"].native
    algo = info["signature_algorithm"].signature_algo
    hash_cls = _HASHES.get(md)
    if hash_cls is None:
        return False, cert
    key = cert.public_key()
    try:
        if algo == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, signed_bytes, ec.ECDSA(hash_cls()))
        elif algo == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, signed_bytes, padding.PKCS1v15(), hash_cls())
        elif algo == "rsassa_pss" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, signed_bytes, padding.PSS(padding.MGF1(hash_cls()), padding.PSS.AUTO), hash_cls())
        else:
            return False, cert
    except InvalidSignature:
        return False, cert
    return True, cert


# --- the seal, as a PDF reader sees it ---------------------------------------------------------------


def _check_pdf_signature(reader: Any, report: DossierReport) -> None:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signatures = reader.embedded_signatures
    if len(signatures) != 1:
        report.add(
            "dossier.problem.no_signature" if not signatures else "dossier.problem.several_signatures",
            n=len(signatures),
        )
        report.signature_valid = False
        return
    signature = signatures[0]
    context = ValidationContext(trust_roots=[signature.signer_cert], allow_fetching=False)
    status = validate_pdf_signature(signature, signer_validation_context=context)
    if not (status.intact and status.valid):
        report.signature_valid = False
        if not any(p.key == "dossier.problem.signature_invalid" for p in report.problems):
            report.add("dossier.problem.signature_invalid")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        report.covers_whole_file = False
        report.add("dossier.problem.signature_coverage")
    stamp = status.timestamp_validity
    if stamp is not None and stamp.intact and stamp.valid:
        report.signature_timestamp = _iso(stamp.timestamp)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class _Attached:
    sha256: dict[str, str]  # every embedded file's SHA-256, by name
    small: dict[str, bytes]  # the dossier's own files (manifest, custody, token), kept to be read

    def get(self, name: str) -> bytes | None:
        return self.small.get(name)


_KEPT = (".json", ".tst", ".tsr", ".txt", ".pem")


def _attachments(reader: Any) -> _Attached:
    """Every embedded file's SHA-256, decrypted one at a time; only the dossier's own small files are kept."""
    files = _Attached({}, {})
    names_root = reader.root.get("/Names")
    if names_root is None:
        return files
    tree = names_root.get_object().get("/EmbeddedFiles")
    if tree is None:
        return files
    stack = [tree.get_object()]
    while stack:
        node = stack.pop()
        pairs = node.get("/Names")
        if pairs is not None:
            pairs = pairs.get_object()
            for index in range(0, len(pairs) - 1, 2):
                name = str(pairs[index])
                spec = pairs[index + 1].get_object()
                stream = spec["/EF"].get_object()["/F"].get_object()
                data = stream.data
                files.sha256[name] = hashlib.sha256(data).hexdigest()
                if name.endswith(_KEPT) and len(data) < (64 << 20):
                    files.small[name] = data
                # Forget the decrypted bytes: a dossier may carry hundreds of originals.
                stream._data = stream._encoded_data = None  # noqa: SLF001
                del data
        for kid in node.get("/Kids", []) or []:
            stack.append(kid.get_object())
    return files


# --- what the dossier says about itself ------------------------------------------------------------------


def _check_manifest(files: _Attached, report: DossierReport) -> dict[str, Any] | None:
    from evidence_kit.dossier.export import MANIFEST_NAME

    try:
        manifest: dict[str, Any] = json.loads(files.small[MANIFEST_NAME])
        listed: dict[str, str] = manifest["attachments"]
    except (KeyError, ValueError, TypeError):
        report.add("dossier.problem.no_manifest")
        return None
    report.reference = str(manifest.get("reference", ""))
    report.custody_head = str(manifest.get("custody_head", ""))
    if report.seal_fingerprint and manifest.get("seal_certificate_sha256") != report.seal_fingerprint:
        report.add("dossier.problem.certificate_mismatch")
    for name, expected in sorted(listed.items()):
        found = files.sha256.get(name)
        if found is None:
            report.add("dossier.problem.attachment_missing", name=name)
        elif found != expected:
            report.add("dossier.problem.attachment_mismatch", name=name)
        else:
            report.attachments_checked += 1
    for name in sorted(set(files.sha256) - set(listed) - {MANIFEST_NAME}):
        report.add("dossier.problem.attachment_unlisted", name=name)
    return manifest


def _check_custody(files: _Attached, manifest: dict[str, Any], report: DossierReport) -> list[CustodyEntry] | None:
    """The attached custody log, checked end to end; returned when it holds (the tokens are checked against it)."""
    from evidence_kit.core.custody import check_custody
    from evidence_kit.dossier.export import CUSTODY_NAME

    try:
        entries = [from_dict(CustodyEntry, e) for e in json.loads(files.small[CUSTODY_NAME])]
    except (KeyError, ValueError, TypeError):
        report.add("dossier.problem.custody_missing")
        return None
    report.custody_entries = len(entries)
    if entries and entries[0].details.get("seal_certificate_sha256") != manifest.get("seal_certificate_sha256"):
        report.add("dossier.problem.certificate_mismatch")
    check = check_custody(entries, str(manifest.get("custody_public_key", "")))
    if not check.ok:
        report.add("dossier.problem.custody_broken", seq=check.findings[0].position)
        return None
    if check.head != manifest.get("custody_head"):
        report.add("dossier.problem.custody_head")
    for item in manifest.get("items", []):
        if check.added.get(item.get("id")) != item.get("sha256"):
            report.add("dossier.problem.custody_item", item=item.get("id", "?"))
    return entries


def _check_head_timestamp(files: _Attached, manifest: dict[str, Any], report: DossierReport) -> None:
    from evidence_kit.dossier.export import HEAD_TOKEN_NAME
    from evidence_kit.dossier.seal import describe_token

    declared = manifest.get("custody_head_timestamp")
    if not declared:
        return
    token = files.get(HEAD_TOKEN_NAME)
    valid = False
    info: dict[str, Any] = {"gen_time": declared.get("gen_time", ""), "authority": declared.get("authority", "")}
    if token is not None:
        try:
            signed = cms.ContentInfo.load(token)["content"]
            content = signed["encap_content_info"]["content"]
            tst = content.parsed
            imprint = tst["message_imprint"]
            head_digest = hashlib.sha256(str(manifest.get("custody_head", "")).encode("ascii")).digest()
            imprint_ok = (
                imprint["hash_algorithm"]["algorithm"].native == "sha256"
                and imprint["hashed_message"].native == head_digest
            )
            md = signed["signer_infos"][0]["digest_algorithm"]["algorithm"].native
            content_digest = hashes.Hash(_HASHES[md]())
            content_digest.update(content.contents)
            signature_ok, _cert = _signer_ok(signed, content_digest.finalize(), None)
            described = describe_token(token)
            info = {"gen_time": described.gen_time, "authority": described.authority}
            valid = imprint_ok and signature_ok
        except Exception:  # noqa: BLE001 - a token that does not parse is not valid
            log.debug("timestamp token unreadable", exc_info=True)
    info["valid"] = valid
    report.timestamp = info
    if not valid:
        report.add("dossier.problem.timestamp_invalid")


def _check_custody_tokens(
    files: _Attached, manifest: dict[str, Any], entries: list[CustodyEntry] | None, report: DossierReport
) -> None:
    """Every token taken as the case grew: signature, message imprint = the hash of the custody entry it names.

    An authority whose root this program does not know is reported with its name, not as a failure.
    """
    declared = manifest.get("custody_timestamps") or []
    names = {str(d.get("file", "")) for d in declared if isinstance(d, dict)}
    for name in sorted(n for n in files.sha256 if n.endswith(".tsr") and n not in names):
        report.add("dossier.problem.token_undeclared", file=name)
    if not declared:
        return
    from evidence_kit.anchoring import check_token_at

    for entry in declared:
        if not isinstance(entry, dict):
            continue
        name = str(entry.get("file", ""))
        try:
            seq = int(entry.get("seq", 0))
        except (TypeError, ValueError):
            seq = 0
        reply = files.get(name)
        if reply is None:
            report.add("dossier.problem.token_missing", file=name)
            continue
        if entries is None:
            continue  # the custody log itself failed: already reported, nothing to check the token against
        check = check_token_at(reply, seq, entries)
        facts: dict[str, Any] = {
            "file": name,
            "seq": seq,
            "gen_time": check.gen_time,
            "authority": check.authority,
            "trust": check.trust.value,
            "root": check.root,
            "ok": check.ok,
            "problem": check.problem.value if check.problem else None,
        }
        report.tokens.append(facts)
        if not check.ok:
            assert check.problem is not None
            report.add("dossier.problem.token_invalid", file=name, seq=seq, reason_key=check.problem.value)
        elif _time(check.gen_time) != _time(str(entry.get("gen_time", ""))) or check.authority != entry.get(
            "authority"
        ):
            report.add("dossier.problem.token_claims", file=name)


def _time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def file_size(path: Path) -> int:
    return os.stat(path).st_size
