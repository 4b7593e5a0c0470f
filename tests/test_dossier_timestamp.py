"""Trusted timestamps from a real RFC 3161 authority (openssl ts) running on 127.0.0.1 for the test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from evidence_kit.core.case import Case
from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier
from evidence_kit.dossier.verify import verify_dossier

sys.path.insert(0, str(Path(__file__).parent))
from test_dossier_export import build_case  # noqa: E402
from tsa_server import running_authority  # noqa: E402


def test_custody_head_and_signature_are_timestamped(case: Case, tmp_path: Path) -> None:
    build_case(case, tmp_path / "sources")
    head = case.custody_head()
    with running_authority() as authority:
        result = export_dossier(
            case, ExportOptions(Recipient.POLICE, tmp_path / "d.pdf", lang="en", tsa_url=authority.url)
        )
        assert authority.requests == 2  # the custody head, then the PDF signature
        ca_pem = tmp_path / "tsa-ca.pem"
        ca_pem.write_bytes(authority.ca_pem.read_bytes())
    assert result.timestamped and result.warnings == []

    report = verify_dossier(result.path, result.password)
    assert report.ok, report.problems
    assert report.timestamp and report.timestamp["valid"]
    assert "Test timestamping unit" in report.timestamp["authority"]
    assert report.signature_timestamp, "the PDF signature carries its own timestamp"

    # An independent check with OpenSSL, on the files pdfdetach takes out.
    folder = tmp_path / "detached"
    folder.mkdir()
    subprocess.run(["pdfdetach", "-upw", result.password, "-saveall", "-o", str(folder), str(result.path)], check=True)
    assert (folder / "custody-head.txt").read_text() == head
    checked = subprocess.run(
        [
            "openssl",
            "ts",
            "-verify",
            "-token_in",
            "-in",
            str(folder / "custody-head.tst"),
            "-data",
            str(folder / "custody-head.txt"),
            "-CAfile",
            str(ca_pem),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Verification: OK" in checked.stdout, checked.stdout + checked.stderr
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["custody_head_timestamp"]["file"] == "custody-head.tst"

    text = subprocess.run(
        ["pdftotext", "-upw", result.password, str(result.path), "-"], capture_output=True, text=True
    ).stdout
    assert "The chain of custody was timestamped on" in text
    sig = subprocess.run(["pdfsig", "-upw", result.password, str(result.path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in sig
    assert "ETSI.CAdES.detached" in sig
    # PAdES B-T: the B-B attributes (signing-certificate-v2, no CMS signing-time) plus a signature timestamp.
    from pyhanko.pdf_utils.reader import PdfFileReader

    with open(result.path, "rb") as handle:
        reader = PdfFileReader(handle)
        reader.decrypt(result.password)
        (embedded,) = reader.embedded_signatures
        signed = [a["type"].native for a in embedded.signer_info["signed_attrs"]]
        unsigned = [a["type"].native for a in embedded.signer_info["unsigned_attrs"]]
    assert "signing_certificate_v2" in signed and "signing_time" not in signed
    assert "signature_time_stamp_token" in unsigned


def test_a_token_swapped_for_another_head_fails(case: Case, tmp_path: Path) -> None:
    """The token must be over this dossier's custody head, not any head."""
    from evidence_kit.dossier import verify as verify_module
    from evidence_kit.dossier.seal import timestamp_data

    build_case(case, tmp_path / "sources")
    with running_authority() as authority:
        other = timestamp_data(b"0" * 64, authority.url)
    manifest = {"custody_head": case.custody_head(), "custody_head_timestamp": {"gen_time": "", "authority": ""}}
    report = verify_module.DossierReport("x")
    attached = verify_module._Attached({}, {"custody-head.tst": other.token_der})
    verify_module._check_head_timestamp(attached, manifest, report)
    assert report.timestamp is not None and not report.timestamp["valid"]
    assert [p.key for p in report.problems] == ["dossier.problem.timestamp_invalid"]
