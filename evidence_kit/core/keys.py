"""The case's own keys: Ed25519 signs the chain of custody, ECDSA P-256 seals dossiers.

The seal key gets a self-signed certificate made for the case (PDF readers
such as poppler check ECDSA signatures, not Ed25519 ones).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class CaseKeys:
    custody_key: Ed25519PrivateKey
    seal_key: ec.EllipticCurvePrivateKey
    seal_certificate: x509.Certificate

    @property
    def custody_public_hex(self) -> str:
        raw = self.custody_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return raw.hex()

    @property
    def seal_key_pem(self) -> bytes:
        return self.seal_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def seal_certificate_pem(self) -> bytes:
        return self.seal_certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def seal_fingerprint(self) -> str:
        """SHA-256 of the certificate (DER), as a recipient compares it."""
        return self.seal_certificate.fingerprint(hashes.SHA256()).hex()

    def to_record(self) -> dict[str, str]:
        return {
            "custody_key": self.custody_key.private_bytes(
                serialization.Encoding.Raw,
                serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            ).hex(),
            "seal_key_pem": self.seal_key_pem.decode(),
            "seal_cert_pem": self.seal_certificate_pem.decode(),
        }

    @classmethod
    def from_record(cls, record: dict[str, str]) -> CaseKeys:
        custody = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(record["custody_key"]))
        seal = serialization.load_pem_private_key(record["seal_key_pem"].encode(), None)
        if not isinstance(seal, ec.EllipticCurvePrivateKey):
            raise ValueError("seal key is not ECDSA")
        cert = x509.load_pem_x509_certificate(record["seal_cert_pem"].encode())
        return cls(custody, seal, cert)

    @classmethod
    def generate(cls, case_reference: str, now: dt.datetime | None = None) -> CaseKeys:
        """New keys, the seal certificate valid from a day before ``now`` (the creation time) for 30 years."""
        custody = Ed25519PrivateKey.generate()
        seal = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, f"Evidence Kit seal {case_reference}"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Evidence Kit (self-signed, per case)"),
            ]
        )
        now = now or dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(seal.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365 * 30))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(seal.public_key()), critical=False)
            .sign(seal, hashes.SHA256())
        )
        return cls(custody, seal, cert)


def verify_custody_signature(public_hex: str, message: bytes, signature_hex: str) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(bytes.fromhex(signature_hex), message)
        return True
    except (InvalidSignature, ValueError):
        return False
