"""A real RFC 3161 timestamping authority on 127.0.0.1 for tests: openssl ts behind http.server, own CA."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_CONFIG = """
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/ca.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


@dataclass
class TestAuthority:
    url: str
    ca_pem: Path
    folder: Path
    requests: int = 0
    # How the authority answers (set by a test, read per request): "ok"; "refuse" (status rejection);
    # "garbage" (not a timestamp reply); "forge" (a granted token altered after signing); "other_hash" (a
    # genuine token over another hash); "unchained" (no CA certificate sent, so the signer chains to nothing).
    mode: str = "ok"
    delay: float = 0.0  # seconds to wait before answering (a request in flight, for kill tests)
    stop: Callable[[], None] = lambda: None  # close the port (an authority that went down)
    start: Callable[[], None] = lambda: None  # serve again on the same port


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Evidence Kit tests"),
        ]
    )


def _make_pki(folder: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Test TSA root"))
        .issuer_name(_name("Test TSA root"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = (
        x509.CertificateBuilder()
        .subject_name(_name("Test timestamping unit"))
        .issuer_name(ca.subject)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa.pem").write_bytes(tsa.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa.key").write_bytes(
        tsa_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (folder / "serial").write_text("01\n")
    (folder / "tsa.cnf").write_text(_CONFIG.format(dir=folder))
    unchained = _CONFIG.format(dir=folder).replace("certs = $dir/ca.pem\n", "")
    (folder / "tsa-unchained.cnf").write_text(unchained)


def _query_for_other_hash(body: bytes) -> bytes:
    """The same request (nonce included) over another hash: a genuine token that does not cover the case."""
    from asn1crypto import tsp

    query = tsp.TimeStampReq.load(body)
    imprint = query["message_imprint"]
    changed = tsp.TimeStampReq(
        {
            "version": query["version"].native,
            "message_imprint": tsp.MessageImprint(
                {"hash_algorithm": imprint["hash_algorithm"], "hashed_message": hashlib.sha256(b"other").digest()}
            ),
            "nonce": query["nonce"].native,
            "cert_req": True,
        }
    )
    return changed.dump()


def _forged(reply: bytes) -> bytes:
    """Change one digit of the signed time inside a granted reply: the signature no longer matches."""
    from asn1crypto import tsp

    response = tsp.TimeStampResp.load(reply)
    tst_info = response["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    gen = tst_info["gen_time"].dump()
    forged_gen = gen[:-3] + (b"1" if gen[-3:-2] != b"1" else b"2") + gen[-2:]
    assert len(forged_gen) == len(gen) and reply.count(gen) == 1
    return reply.replace(gen, forged_gen)


def _refusal() -> bytes:
    from asn1crypto import tsp

    # A TimeStampResp without a token (asn1crypto will not build one): SEQUENCE { PKIStatusInfo }.
    status = tsp.PKIStatusInfo({"status": "rejection", "status_string": ["refused for the test"]}).dump()
    return b"\x30" + bytes([len(status)]) + status


@contextmanager
def running_authority() -> Iterator[TestAuthority]:
    """Start the authority on a free port of 127.0.0.1; stop it on exit."""
    with tempfile.TemporaryDirectory(prefix="ek-tsa-") as tmp:
        folder = Path(tmp)
        _make_pki(folder)
        lock = threading.Lock()
        authority = TestAuthority("", folder / "ca.pem", folder)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock:
                    authority.requests += 1
                    mode = authority.mode
                    delay = authority.delay
                if delay:
                    time.sleep(delay)
                if mode == "refuse":
                    self._answer(_refusal())
                    return
                if mode == "garbage":
                    self._answer(b"\x30\x03\x02\x01\x07 not a reply")
                    return
                if mode == "other_hash":
                    body = _query_for_other_hash(body)
                config = "tsa-unchained.cnf" if mode == "unchained" else "tsa.cnf"
                with lock:
                    query = folder / "query.tsq"
                    query.write_bytes(body)
                    result = subprocess.run(
                        [
                            "openssl",
                            "ts",
                            "-reply",
                            "-config",
                            str(folder / config),
                            "-queryfile",
                            str(query),
                            *([] if mode == "unchained" else ["-chain", str(folder / "ca.pem")]),
                            "-out",
                            "-",
                        ],
                        capture_output=True,
                        check=False,
                    )
                if result.returncode != 0:
                    self.send_response(500)
                    self.end_headers()
                    return
                self._answer(_forged(result.stdout) if mode == "forge" else result.stdout)

            def _answer(self, reply: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        servers: list[ThreadingHTTPServer] = []

        def serve(port: int) -> None:
            server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()

        def stop() -> None:
            while servers:
                server = servers.pop()
                server.shutdown()
                server.server_close()

        serve(0)
        port = servers[0].server_address[1]
        authority.url = f"http://127.0.0.1:{port}/tsa"
        authority.stop = stop
        authority.start = lambda: None if servers else serve(port)
        try:
            yield authority
        finally:
            stop()
