"""Exports a case as one encrypted, sealed PDF dossier for the police, the 3018 or the person's own copy."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import mimetypes
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from evidence_kit.build_identity import build_identity
from evidence_kit.core import clock
from evidence_kit.core.blobstore import check_cancel, fsync_dir, storage_error
from evidence_kit.core.errors import Cancelled, EvidenceKitError, UsageError
from evidence_kit.core.model import CustodyAction, EvidenceItem, to_dict
from evidence_kit.dossier import caseuco, content, render, seal
from evidence_kit.dossier.content import Recipient
from evidence_kit.dossier.images import display_size, pdf_image
from evidence_kit.dossier.password import propose_password
from evidence_kit.i18n import LANGUAGES, Translator, times

log = logging.getLogger(__name__)

__all__ = ["ExportOptions", "ExportResult", "Recipient", "export_dossier"]

MANIFEST_NAME = "manifest.json"
CUSTODY_NAME = "custody.json"
JSONLD_NAME = "dossier.jsonld"  # the manifest in the CASE/UCO ontology, for forensic tools
CERTIFICATE_NAME = "seal-certificate.pem"
HEAD_TEXT_NAME = "custody-head.txt"
HEAD_TOKEN_NAME = "custody-head.tst"
FORMAT = "evidence-kit dossier v1"
MIN_PASSWORD = 8

ProgressCallback = Callable[[int, int], None]
CancelCallback = Callable[[], bool]


@dataclass
class ExportOptions:
    recipient: Recipient
    out: Path
    lang: str = "fr"
    password: str | None = None
    originals: bool | None = None  # None: attached for the police, not for the others
    tsa_url: str | None = None


@dataclass
class ExportResult:
    path: Path
    sha256: str
    password: str
    password_generated: bool
    timestamped: bool
    warnings: list[str] = field(default_factory=list)  # catalog keys
    seal_fingerprint: str = ""  # SHA-256 of the seal certificate, to give out of band with the password


def _extension(media_type: str) -> str:
    known = {
        "image/jpeg": ".jpg",
        "image/png": ".png",
        "image/webp": ".webp",
        "image/heic": ".heic",
        "image/gif": ".gif",
    }
    return known.get(media_type) or mimetypes.guess_extension(media_type) or ".bin"


def attachment_name(item: EvidenceItem, t: Translator | None = None) -> str:
    """ "E4-menace-1a2b3c4d.png": the item, what it shows in the dossier's language, its hash's first characters."""
    t = t or Translator("fr")
    kind = t(f"dossier.file_kind.{item.kind.value}")
    return f"{item.id}-{kind}-{item.sha256[:8]}{_extension(item.media_type)}"


def attachment_description(item: EvidenceItem, t: Translator) -> str:
    """What an attached original is: item, kind, size, and the person's description when there is one."""
    size = t("dossier.ev.size_bytes", size=f"{item.size:,}".replace(",", "\u202f"), media=item.media_type)
    kind = t(f"dossier.kind.{item.kind.value}")
    note = " ".join(item.note.split())
    if note:
        return t("dossier.att.original_named", item=item.id, kind=kind, size=size, description=note)
    return t("dossier.att.original_short", item=item.id, kind=kind, size=size)


def _helplines(t: Translator, country: str) -> list[tuple[str, str]]:
    """Where to go next: the knowledge base's verified helplines for the person's country."""
    from evidence_kit import knowledge

    return [(str(name), str(how)) for name, how in knowledge.dossier_helplines(country=country, lang=t.lang)]


def _check_options(options: ExportOptions) -> tuple[Recipient, str, bool]:
    try:
        recipient = Recipient(options.recipient)
    except ValueError:
        raise UsageError("dossier.error.recipient", recipient=str(options.recipient)) from None
    if options.lang not in LANGUAGES:
        raise UsageError("dossier.error.language", lang=options.lang)
    if options.password is not None and len(options.password) < MIN_PASSWORD:
        raise UsageError("dossier.error.password_too_short", minimum=MIN_PASSWORD)
    out = Path(options.out)
    if not out.parent.is_dir():
        raise UsageError("dossier.error.out_folder", path=str(out.parent))
    if out.is_dir():
        raise UsageError("dossier.error.out_is_folder", path=str(out))
    password = options.password if options.password is not None else propose_password()
    return recipient, password, options.password is None


def export_dossier(
    case: Any,
    options: ExportOptions,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ExportResult:
    """Build, encrypt, seal and write the dossier; log it in the chain of custody.

    Writes ``options.out`` atomically: on failure or cancel nothing is left behind.
    """
    recipient, password, generated = _check_options(options)
    t = Translator(options.lang)
    originals = options.originals if options.originals is not None else recipient == Recipient.POLICE
    warnings: list[str] = []
    created = clock.now()
    assert case.keys is not None
    check_cancel(cancel)

    items: list[EvidenceItem] = case.evidence_items()
    custody = [to_dict(entry) for entry in case.custody]
    head = case.custody_head()

    head_stamp: seal.HeadTimestamp | None = None
    if options.tsa_url:
        try:
            head_stamp = seal.timestamp_data(head.encode("ascii"), options.tsa_url)
        except Exception as exc:  # noqa: BLE001 - offline, refused, or not a timestamping authority
            log.info("no timestamp for the custody head: %s", type(exc).__name__)
            warnings.append("dossier.warning.no_timestamp")
    check_cancel(cancel)

    blocks, attachments = _blocks_and_attachments(case, items, originals, t)
    stamps = content.custody_stamps(case)
    if stamps.left_out:
        warnings.append("dossier.warning.tokens_left_out")
    check_cancel(cancel)
    manifest = _manifest(case, recipient, options.lang, created.utc, items, blocks, head, head_stamp, stamps)
    twin = caseuco.case_uco(
        case.reference,
        items,
        {b.item.id: b.attachment_name for b in blocks if b.attachment_name},
        list(case.accounts.values()),
        custody,
        content.platform_name,
    )
    jsonld = json.dumps(twin, ensure_ascii=False, indent=1).encode("utf-8")
    extra = _extra_attachments(
        t, manifest, custody, case.keys.seal_certificate_pem, head, head_stamp, jsonld, stamps.attached
    )
    listing = [
        (b.attachment_name, attachment_description(b.item, t), b.item.sha256) for b in blocks if b.attachment_name
    ]
    listing += [(a.name, a.description, "") for a in extra]

    data = render.RenderInput(
        t=t,
        recipient=recipient,
        reference=case.reference,
        created_utc=created.utc,
        victim_name=case.profile.victim_name,
        victim_is_minor=case.profile.victim_is_minor,
        facts=case.profile.facts,
        items=items,
        blocks=blocks,
        accounts=list(case.accounts.values()),
        payments=list(case.payments.values()),
        events=list(case.events.values()),
        custody=custody,
        custody_head=head,
        custody_public_key=case.keys.custody_public_hex,
        seal_fingerprint=case.keys.seal_fingerprint,
        originals_attached=originals,
        attachments=listing,
        head_timestamp=head_stamp,
        tsa_url=options.tsa_url or "",
        excerpts=content.chat_excerpts(case),
        stamps=stamps,
        readings=content.screenshot_readings(case, [b.item for b in blocks if b.shown is b.item and b.display_size]),
        helplines=_helplines(t, case.profile.country),
        zone=times.zone_of_items(items),
        build=build_identity(),
    )
    rendered = render.render(data)
    check_cancel(cancel)

    total = len(rendered.placements) + len(attachments) + len(extra) + 2
    done = 1

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    if progress:
        progress(done, total)

    def picture(item_id: str) -> Any:
        with case.open_original(item_id) as reader:
            return pdf_image(reader.read())

    inputs = seal.SealInputs(rendered.pdf, rendered.placements, picture, attachments + extra, password)
    out = Path(options.out)
    partial = out.with_name(out.name + ".partial")
    try:
        partial.unlink(missing_ok=True)  # a killed export's leftover: never mistaken for a dossier
        with open(partial, "wb") as handle:
            seal.build_encrypted(inputs, handle, tick, cancel)
        check_cancel(cancel)
        sealed = seal.sign_in_place(
            partial,
            password,
            case.keys.seal_key,
            case.keys.seal_certificate,
            reason=t("dossier.seal_reason", reference=case.reference),
            location="Evidence Kit",
            tsa_url=options.tsa_url if head_stamp else None,
        )
        if options.tsa_url and head_stamp and not sealed.timestamped:
            warnings.append("dossier.warning.signature_not_timestamped")
        check_cancel(cancel)
        digest = _file_sha256(partial)
        os.replace(partial, out)
        fsync_dir(out.parent)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise storage_error(exc) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if progress:
        progress(total, total)
    try:  # the dossier exists only if its export is in the custody log
        case.log_action(
            CustodyAction.EXPORTED,
            sha256=digest,
            recipient=recipient.value,
            lang=options.lang,
            originals=originals,
            items=len(items),
            timestamped=bool(head_stamp),
            file_sha256=digest,
        )
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return ExportResult(
        out, digest, password, generated, bool(head_stamp), warnings, seal_fingerprint=case.keys.seal_fingerprint
    )


def _blocks_and_attachments(
    case: Any, items: list[EvidenceItem], originals: bool, t: Translator
) -> tuple[list[render.PictureBlock], list[seal.Attachment]]:
    redacted = content.redacted_versions(items)
    blocks: list[render.PictureBlock] = []
    attachments: list[seal.Attachment] = []
    for item in items:
        attach = originals and bool(item.blob_id) and not item.intimate
        name = attachment_name(item, t) if attach else ""
        if attach:
            attachments.append(
                seal.Attachment(
                    name,
                    attachment_description(item, t),
                    item.media_type,
                    _opener(case, item.id),
                    expected_sha256=item.sha256,
                )
            )
        if item.intimate:
            blocks.append(render.PictureBlock(item, None, None, name, "dossier.ev.intimate"))
        elif item.id in redacted:
            blocks.append(render.PictureBlock(item, redacted[item.id], None, name, "dossier.ev.shown_redacted"))
        elif not item.blob_id:
            blocks.append(render.PictureBlock(item, None, None, name, "dossier.ev.fingerprint_only"))
        elif item.is_image and item.blob_id and item.width and item.height:
            size = (item.width, item.height)
            if item.media_type == "image/jpeg":
                with case.open_original(item.id) as reader:
                    size = display_size(reader, item.width, item.height)
            blocks.append(render.PictureBlock(item, item, size, name))
        else:
            blocks.append(render.PictureBlock(item, None, None, name, "dossier.ev.not_pictured"))
    return blocks, attachments


def _opener(case: Any, item_id: str) -> Callable[[], BinaryIO]:
    return lambda: case.open_original(item_id)


def _manifest(
    case: Any,
    recipient: Recipient,
    lang: str,
    created: str,
    items: list[EvidenceItem],
    blocks: list[render.PictureBlock],
    head: str,
    stamp: seal.HeadTimestamp | None,
    stamps: content.CustodyStamps | None = None,
) -> dict[str, Any]:
    attached = {b.item.id: b.attachment_name for b in blocks}
    stamps = stamps or content.CustodyStamps()
    return {
        "format": FORMAT,
        "reference": case.reference,
        "created": created,
        "recipient": recipient.value,
        "lang": lang,
        "seal_certificate_sha256": case.keys.seal_fingerprint,
        "custody_public_key": case.keys.custody_public_hex,
        "custody_head": head,
        "custody_head_timestamp": {"file": HEAD_TOKEN_NAME, "gen_time": stamp.gen_time, "authority": stamp.authority}
        if stamp
        else None,
        # Trusted timestamps taken as the case grew: each token covers custody entry `seq` (its hash) and so
        # every item recorded up to it.
        "custody_timestamps": [
            {
                "file": a.file_name,
                "seq": a.seq,
                "entry_hash": a.entry_hash,
                "authority": a.authority_name,
                "authority_url": a.authority_url,
                "gen_time": a.gen_time,
                "clock_difference_seconds": a.clock_difference,
            }
            for a in stamps.attached
        ],
        "items": [
            {
                "id": i.id,
                "sha256": i.sha256,
                "size": i.size,
                "media_type": i.media_type,
                "kind": i.kind.value,
                "origin": i.origin.value,
                "obtained_at": i.obtained_at,
                "intimate": i.intimate,
                "parent": i.derivation.parent_id if i.derivation else "",
                "parent_sha256": i.derivation.parent_sha256 if i.derivation else "",
                "attachment": attached.get(i.id, ""),
                "timestamped_at": stamps.by_item[i.id].gen_time if i.id in stamps.by_item else None,
                "timestamp_file": stamps.by_item[i.id].file_name if i.id in stamps.by_item else None,
            }
            for i in items
        ],
        "attachments": {attached[i.id]: i.sha256 for i in items if attached.get(i.id)},
    }


def _extra_attachments(
    t: Translator,
    manifest: dict[str, Any],
    custody: list[dict[str, Any]],
    certificate_pem: bytes,
    head: str,
    stamp: seal.HeadTimestamp | None,
    jsonld: bytes = b"",
    tokens: list[Any] | None = None,
) -> list[seal.Attachment]:
    files: list[tuple[str, str, str, bytes]] = []
    if jsonld:
        files.append((JSONLD_NAME, t("dossier.att.jsonld"), "application/ld+json", jsonld))
    custody_json = json.dumps(custody, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    files.append((CUSTODY_NAME, t("dossier.att.custody"), "application/json", custody_json))
    files.append((CERTIFICATE_NAME, t("dossier.att.certificate"), "application/x-pem-file", certificate_pem))
    if stamp:
        files.append((HEAD_TEXT_NAME, t("dossier.att.head"), "text/plain", head.encode("ascii")))
        files.append((HEAD_TOKEN_NAME, t("dossier.att.token"), "application/timestamp-reply", stamp.token_der))
    for anchor in tokens or []:
        what = t("dossier.att.anchor", seq=anchor.seq, authority=anchor.authority_name or anchor.authority_url)
        files.append((anchor.file_name, what, "application/timestamp-reply", anchor.reply_der))
    for name, _what, _media, data in files:
        manifest["attachments"][name] = hashlib.sha256(data).hexdigest()
    # The manifest lists every other attachment; the signature over the whole file covers the manifest itself.
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    files.insert(0, (MANIFEST_NAME, t("dossier.att.manifest"), "application/json", manifest_bytes))
    return [
        seal.Attachment(name, what, media, _bytes_opener(data), hashlib.sha256(data).hexdigest())
        for name, what, media, data in files
    ]


def _bytes_opener(data: bytes) -> Callable[[], BinaryIO]:
    return lambda: io.BytesIO(data)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# Re-exported for callers that handle every failure the same way.
ExportError = EvidenceKitError
__all__ += ["Cancelled", "ExportError", "attachment_name"]
