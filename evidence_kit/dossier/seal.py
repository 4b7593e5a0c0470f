"""Seals a rendered dossier: pictures and attached files streamed in, AES-256 encryption, the case's PDF signature.

reportlab lays out the text pages (small, in memory).  This module copies
them into a pyHanko writer, adds each picture and attachment as a stream
that is read from the case, encrypted and written only when the file is
written, one at a time, so memory does not grow with the number of items
and no decrypted evidence ever reaches the disk.  The file is then signed
in place with the case's seal key (encrypt first, then sign).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PdfFileWriter, copy_into_new_writer

from evidence_kit.core.blobstore import check_cancel
from evidence_kit.core.errors import CaseDamaged
from evidence_kit.dossier.images import PdfImage

log = logging.getLogger(__name__)

SIGNATURE_FIELD = "EvidenceKitSeal"
BYTES_RESERVED = 24576  # room for the CMS signature, the certificate and a timestamp token with its chain
READ_CHUNK = 1 << 20
Progress = Callable[[], None]  # called once per picture or attachment written


@dataclass
class ImagePlacement:
    """Where a picture goes: a box on a page, in PDF points, drawn by the layout."""

    page: int  # 0-based
    x: float
    y: float
    width: float
    height: float
    item_id: str


@dataclass
class Attachment:
    """A file embedded in the dossier, read only while the file is written."""

    name: str
    description: str
    media_type: str
    open: Callable[[], BinaryIO]
    expected_sha256: str = ""  # checked while streaming; a mismatch aborts the export
    digests: dict[str, str] = field(default_factory=dict)  # filled in while written


# --- streams written on demand ---------------------------------------------------------


def _encrypting_writer(
    stream: BinaryIO, handler: Any, ref: generic.Reference | None
) -> tuple[Callable[[bytes], None], Callable[[], int]]:
    """Returns (write, finish): AES-256-CBC with the file key when the document is encrypted, as PDF 2.0 specifies."""
    written = 0
    if handler is None or ref is None:

        def write_plain(data: bytes) -> None:
            nonlocal written
            stream.write(data)
            written += len(data)

        return write_plain, lambda: written
    key = handler.get_stream_filter().derive_object_key(ref.idnum, ref.generation)
    iv = os.urandom(16)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    padder = padding.PKCS7(128).padder()
    stream.write(iv)
    written = len(iv)

    def write(data: bytes) -> None:
        nonlocal written
        out = encryptor.update(padder.update(data))
        stream.write(out)
        written += len(out)

    def finish() -> int:
        nonlocal written
        out = encryptor.update(padder.finalize()) + encryptor.finalize()
        stream.write(out)
        written += len(out)
        return written

    return write, finish


class _DeferredStream(generic.StreamObject):
    """A stream whose bytes are produced, encrypted and written only when the PDF is written.

    Its /Length is an indirect object written after it, so the data can be
    streamed without knowing its size in advance.
    """

    def __init__(
        self, writer: PdfFileWriter, produce: Callable[[_DeferredStream], Iterator[bytes]], entries: dict[str, Any]
    ):
        super().__init__(generic.DictionaryObject({pdf_name(k): v for k, v in entries.items()}))
        self._writer = writer
        self._produce = produce
        self.length_ref: generic.IndirectObject | None = None

    def reserve_length(self) -> None:
        # Allocated after the stream itself: the writer writes objects in id order.
        self.length_ref = self._writer.add_object(generic.NumberObject(0))

    def write_to_stream(self, stream: Any, handler: Any = None, container_ref: Any = None) -> None:
        assert self.length_ref is not None
        chunks = self._produce(self)  # may fill dictionary entries before the first chunk
        first = next(chunks, b"")
        self[pdf_name("/Length")] = self.length_ref
        generic.DictionaryObject.write_to_stream(self, stream, handler, container_ref)
        stream.write(b"\nstream\n")
        write, finish = _encrypting_writer(stream, handler, container_ref)
        write(first)
        for chunk in chunks:
            write(chunk)
        length = finish()
        stream.write(b"\nendstream")
        ref = self.length_ref
        self._writer.objects[(ref.generation, ref.idnum)] = generic.NumberObject(length)


# --- assembling --------------------------------------------------------------------------


@dataclass
class SealInputs:
    base_pdf: bytes  # the laid-out pages from reportlab
    placements: list[ImagePlacement]
    picture: Callable[[str], PdfImage]  # item id -> its PDF image (decrypted in memory, one at a time)
    attachments: list[Attachment]
    password: str


def build_encrypted(
    inputs: SealInputs, out: BinaryIO, progress: Progress | None = None, cancel: Callable[[], bool] | None = None
) -> None:
    """Write the complete, encrypted but not yet signed dossier to ``out``."""
    from pyhanko.pdf_utils.crypt import StandardSecurityHandler

    from evidence_kit.dossier.password import owner_password

    reader = PdfFileReader(io.BytesIO(inputs.base_pdf))
    writer = copy_into_new_writer(reader)
    # No ISO 32004 MAC: the PDF signature over the whole file is what proves integrity here,
    # and the MAC would force pyHanko to buffer the whole file.
    handler = StandardSecurityHandler.build_from_pw(owner_password(), inputs.password, pdf_mac=False)
    writer._assign_security_handler(handler)

    def tick() -> None:
        check_cancel(cancel)
        if progress:
            progress()

    for number, placement in enumerate(inputs.placements):
        _place_picture(writer, number, placement, inputs.picture, tick)
    if inputs.attachments:
        _embed_files(writer, inputs.attachments, tick)
    writer.write(out)


def _place_picture(
    writer: PdfFileWriter,
    number: int,
    placement: ImagePlacement,
    picture: Callable[[str], PdfImage],
    tick: Callable[[], None],
) -> None:
    def produce(stream: _DeferredStream) -> Iterator[bytes]:
        tick()
        image = picture(placement.item_id)
        stream[pdf_name("/Width")] = generic.NumberObject(image.width)
        stream[pdf_name("/Height")] = generic.NumberObject(image.height)
        stream[pdf_name("/BitsPerComponent")] = generic.NumberObject(image.bits)
        stream[pdf_name("/ColorSpace")] = _color_space(image.color_space)
        stream[pdf_name("/Filter")] = pdf_name(image.filter)
        if image.decode_parms:
            stream[pdf_name("/DecodeParms")] = generic.DictionaryObject(
                {pdf_name(k): generic.NumberObject(v) for k, v in image.decode_parms.items()}
            )
        data = image.data
        del image
        for start in range(0, len(data), READ_CHUNK):
            yield data[start : start + READ_CHUNK]

    xobject = _DeferredStream(writer, produce, {"/Type": pdf_name("/XObject"), "/Subtype": pdf_name("/Image")})
    xobject_ref = writer.add_object(xobject)
    xobject.reserve_length()
    name = f"/EkPic{number}"
    p = placement
    content = generic.StreamObject(
        stream_data=f"q {p.width:.3f} 0 0 {p.height:.3f} {p.x:.3f} {p.y:.3f} cm {name} Do Q\n".encode("ascii")
    )
    resources = generic.DictionaryObject(
        {pdf_name("/XObject"): generic.DictionaryObject({pdf_name(name): xobject_ref})}
    )
    writer.add_stream_to_page(p.page, writer.add_object(content), resources)


def _color_space(space: Any) -> generic.PdfObject:
    if isinstance(space, str):
        return pdf_name(space)
    kind, base, hival, palette = space
    return generic.ArrayObject(
        [pdf_name(kind), pdf_name(base), generic.NumberObject(hival), generic.ByteStringObject(palette)]
    )


def _embed_files(writer: PdfFileWriter, attachments: Iterable[Attachment], tick: Callable[[], None]) -> None:
    names = generic.ArrayObject()
    for attachment in sorted(attachments, key=lambda a: a.name.encode("utf-16-be")):
        names.append(generic.TextStringObject(attachment.name))
        names.append(_embed_one(writer, attachment, tick))
    root = writer.root
    catalog_names = root.get("/Names")
    if catalog_names is None:
        catalog_names = generic.DictionaryObject()
        root[pdf_name("/Names")] = catalog_names
    else:
        catalog_names = catalog_names.get_object()
    catalog_names[pdf_name("/EmbeddedFiles")] = generic.DictionaryObject({pdf_name("/Names"): names})
    writer.update_root()


def _embed_one(writer: PdfFileWriter, attachment: Attachment, tick: Callable[[], None]) -> generic.IndirectObject:
    params = generic.DictionaryObject()

    def produce(_stream: _DeferredStream) -> Iterator[bytes]:
        tick()
        sha256 = hashlib.sha256()
        md5 = hashlib.md5(usedforsecurity=False)
        size = 0
        with attachment.open() as reader:
            while chunk := reader.read(READ_CHUNK):
                sha256.update(chunk)
                md5.update(chunk)
                size += len(chunk)
                yield chunk
        if attachment.expected_sha256 and sha256.hexdigest() != attachment.expected_sha256:
            raise CaseDamaged("error.item_hash_mismatch", item=attachment.name)
        attachment.digests = {"sha256": sha256.hexdigest(), "md5": md5.hexdigest()}
        params[pdf_name("/Size")] = generic.NumberObject(size)
        params[pdf_name("/CheckSum")] = generic.ByteStringObject(md5.digest())

    stream = _DeferredStream(
        writer,
        produce,
        {"/Type": pdf_name("/EmbeddedFile"), "/Subtype": pdf_name("/" + attachment.media_type.replace("/", "#2F"))},
    )
    stream_ref = writer.add_object(stream)
    stream.reserve_length()
    # The parameters (size, MD5 checksum) are known only once the bytes went through: written after the stream.
    stream[pdf_name("/Params")] = writer.add_object(params)
    spec = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Filespec"),
            pdf_name("/F"): generic.TextStringObject(attachment.name),
            pdf_name("/UF"): generic.TextStringObject(attachment.name),
            pdf_name("/Desc"): generic.TextStringObject(attachment.description),
            pdf_name("/AFRelationship"): pdf_name("/Source"),
            pdf_name("/EF"): generic.DictionaryObject({pdf_name("/F"): stream_ref, pdf_name("/UF"): stream_ref}),
        }
    )
    return writer.add_object(spec)


# --- signing ----------------------------------------------------------------------------


@dataclass
class SealResult:
    timestamped: bool
    timestamp_error: str = ""


def sign_in_place(
    path: os.PathLike[str] | str,
    password: str,
    seal_key: Any,
    seal_certificate: Any,
    *,
    reason: str,
    location: str,
    tsa_url: str | None = None,
) -> SealResult:
    """Sign the encrypted file with the case's seal key, with an RFC 3161 timestamp on the signature when asked.

    If the timestamping authority cannot be reached, the file is signed without one.
    """
    timestamper = _timestamper(tsa_url) if tsa_url else None
    with open(path, "r+b") as handle:
        size = os.fstat(handle.fileno()).st_size
        if timestamper is not None:
            try:
                _sign(handle, password, seal_key, seal_certificate, reason, location, timestamper)
                return SealResult(True)
            except Exception as exc:  # noqa: BLE001 - no network, refused, malformed answer: sign without
                log.info("timestamp on the signature failed: %s", type(exc).__name__)
                handle.seek(0)
                handle.truncate(size)
                error = type(exc).__name__
        else:
            error = ""
        _sign(handle, password, seal_key, seal_certificate, reason, location, None)
        return SealResult(False, error)


def _sign(
    handle: BinaryIO, password: str, seal_key: Any, seal_certificate: Any, reason: str, location: str, timestamper: Any
) -> None:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    handle.seek(0)
    key = asn1_keys.PrivateKeyInfo.load(
        seal_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert = asn1_x509.Certificate.load(seal_certificate.public_bytes(serialization.Encoding.DER))
    signer = signers.SimpleSigner(
        signing_cert=cert, signing_key=key, cert_registry=SimpleCertificateStore.from_certs([cert])
    )
    writer = IncrementalPdfFileWriter(handle)
    writer.encrypt(password)
    # PAdES (ETSI.CAdES.detached, with the signing-certificate attribute): validators report PAdES B-B,
    # and B-T when the signature carries a timestamp.
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(
        writer, in_place=True, bytes_reserved=BYTES_RESERVED
    )
    handle.flush()
    os.fsync(handle.fileno())


def _timestamper(url: str) -> Any:
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(url, timeout=15)


# --- timestamp of the chain of custody ------------------------------------------------------


@dataclass
class HeadTimestamp:
    token_der: bytes  # the RFC 3161 TimeStampToken (CMS SignedData)
    gen_time: str  # UTC, ISO 8601
    authority: str  # the TSA certificate's subject


def timestamp_data(data: bytes, tsa_url: str) -> HeadTimestamp:
    """Ask the authority for a timestamp over SHA-256(data); raises on any network or protocol failure."""
    stamper = _timestamper(tsa_url)
    token = asyncio.run(stamper.async_timestamp(hashlib.sha256(data).digest(), "sha256"))
    return describe_token(token.dump())


def describe_token(token_der: bytes) -> HeadTimestamp:
    from asn1crypto import cms

    token = cms.ContentInfo.load(token_der)
    signed = token["content"]
    info = signed["encap_content_info"]["content"].parsed
    gen_time: dt.datetime = info["gen_time"].native
    authority = ""
    for cert in signed["certificates"] or []:
        if cert.name == "certificate" and not cert.chosen.ca:
            subject = cert.chosen.subject.native
            authority = str(subject.get("common_name") or cert.chosen.subject.human_friendly)
            if subject.get("organization_name"):
                authority += f" ({subject['organization_name']})"
            break
    return HeadTimestamp(token_der, gen_time.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"), authority)
