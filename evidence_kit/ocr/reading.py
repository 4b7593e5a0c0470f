"""Reading a case's screenshots: which items may be read, reading one, and keeping the result encrypted with it.

A reading is a generic record of the case (``Case.save_extra``, kind
``"ocr"``), one per item and engine, so reading again with another engine
keeps both. It holds the text, the engine, its version and its models'
SHA-256, the item's SHA-256 at the time, and the proposals made from the text.
An item marked intimate, or recorded by its fingerprint only, is never read.
"""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from evidence_kit.core import clock
from evidence_kit.core.errors import Cancelled, CaseDamaged, InputRejected, UsageError
from evidence_kit.core.model import EvidenceItem, from_dict, to_dict
from evidence_kit.ocr.engine import OcrEngine, get_engine
from evidence_kit.ocr.proposals import FoundFlag, FoundIdentifier, RejectedValue, analyse_text

EXTRA_KIND = "ocr"
MAX_PIXELS = 60_000_000  # far above any screen; a larger picture is refused rather than decoded

ProgressCallback = Callable[[int, int, str], None]  # done, total, item id
CancelCheck = Callable[[], bool]


@dataclass
class Reading:
    item_id: str
    item_sha256: str
    engine: str
    engine_version: str
    models: dict[str, str]  # model file -> SHA-256
    languages: list[str]
    read_at: str  # UTC, ISO 8601
    seconds: float
    text: str
    alternates: list[str] = field(default_factory=list)  # second readings of the lines that may hold identifiers
    identifiers: list[FoundIdentifier] = field(default_factory=list)
    flags: list[FoundFlag] = field(default_factory=list)
    rejected: list[RejectedValue] = field(default_factory=list)

    @property
    def record_id(self) -> str:
        return record_id(self.item_id, self.engine)


def record_id(item_id: str, engine: str) -> str:
    return f"{item_id}:{engine}"


def refusal(item: EvidenceItem, case: Any = None) -> str:
    """Why an item must not or cannot be read (a catalog key), or "" when it may be.

    With the case, a crop (or any copy other than a redaction) of an intimate picture is refused too: it may show
    what the original showed. A redaction is the person's deliberate way to make a picture safe to keep.
    """
    if item.intimate:
        return "ocr.refused.intimate"
    if case is not None and _from_intimate(case, item):
        return "ocr.refused.intimate"
    if item.stored_as_file or not item.blob_id:
        return "ocr.refused.fingerprint_only" if not item.blob_id else "ocr.refused.not_an_image"
    if not item.is_image:
        return "ocr.refused.not_an_image"
    return ""


def _from_intimate(case: Any, item: EvidenceItem) -> bool:
    from evidence_kit.core.model import DerivationKind

    seen: set[str] = set()
    while item.derivation is not None and item.derivation.kind != DerivationKind.REDACT and item.parent not in seen:
        seen.add(item.id)
        parent = case.items.get(item.parent)
        if parent is None:
            return False
        if parent.intimate:
            return True
        item = parent
    return False


def readings(case: Any, item_id: str | None = None) -> list[Reading]:
    """The readings kept in the case (of one item when ``item_id`` is given), in item then engine order."""
    records = case.extra.get(EXTRA_KIND, {})
    out = []
    for key in sorted(records):
        data = {k: v for k, v in records[key].items() if not k.startswith("_")}
        reading = from_dict(Reading, data)
        if item_id is None or reading.item_id == item_id:
            out.append(reading)
    return out


def pending_items(case: Any, engine: str) -> list[EvidenceItem]:
    """The items that may be read and have no reading by ``engine`` yet."""
    done = case.extra.get(EXTRA_KIND, {})
    items = case.evidence_items()
    return [item for item in items if not refusal(item, case) and record_id(item.id, engine) not in done]


def _open_picture(case: Any, item: EvidenceItem) -> Image.Image:
    with case.open_original(item.id) as reader:
        untrusted_bytes = reader.read()
    if hashlib.sha256(untrusted_bytes).hexdigest() != item.sha256:
        raise CaseDamaged("error.item_hash_mismatch", item=item.id)
    try:
        with Image.open(io.BytesIO(untrusted_bytes)) as untrusted_image:
            width, height = untrusted_image.size
            if width * height > MAX_PIXELS:
                raise InputRejected("ocr.refused.too_large", item=item.id)
            untrusted_image.load()
            return untrusted_image.convert("RGB")
    except (OSError, Image.DecompressionBombError, ValueError):
        raise InputRejected("ocr.refused.unreadable", item=item.id) from None


def read_item(case: Any, item_id: str, engine: OcrEngine | None = None, *, save: bool = True) -> Reading:
    """Read one item's picture, propose its identifiers and flags, and keep the reading in the case."""
    item = case.item(item_id)
    reason = refusal(item, case)
    if reason:
        raise UsageError(reason, item=item.id)
    engine = engine or get_engine()
    picture = _open_picture(case, item)
    started = time.perf_counter()
    read = engine.read(picture)
    seconds = round(time.perf_counter() - started, 3)
    analysis = analyse_text(read.text, item.platform, alternates=read.alternates)
    provenance = engine.provenance()
    reading = Reading(
        item_id=item.id,
        item_sha256=item.sha256,
        engine=provenance.engine,
        engine_version=provenance.version,
        models=dict(provenance.models),
        languages=list(provenance.languages),
        read_at=clock.now().utc,
        seconds=seconds,
        text=read.text.strip(),
        alternates=list(read.alternates),
        identifiers=analysis.identifiers,
        flags=analysis.flags,
        rejected=analysis.rejected,
    )
    if save:
        save_reading(case, reading)
    return reading


def save_reading(case: Any, reading: Reading) -> None:
    case.save_extra(EXTRA_KIND, reading.record_id, to_dict(reading))


@dataclass
class ReadReport:
    readings: list[Reading] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (item id, catalog key)


def read_items(
    case: Any,
    item_ids: list[str] | None = None,
    engine: OcrEngine | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ReadReport:
    """Read the given items, or every item not yet read by the engine; refusals are reported, never read.

    Meant for a worker thread: ``progress`` is called after each item, ``cancel`` checked before each one (the
    readings done so far are kept).
    """
    engine = engine or get_engine()
    report = ReadReport()
    items = [case.item(i) for i in item_ids] if item_ids else pending_items(case, engine.name)
    for done, item in enumerate(items):
        if cancel is not None and cancel():
            raise Cancelled()
        reason = refusal(item, case)
        if reason:
            report.refused.append((item.id, reason))
        else:
            report.readings.append(read_item(case, item.id, engine))
        if progress is not None:
            progress(done + 1, len(items), item.id)
    return report


def reading_json(reading: Reading) -> dict[str, Any]:
    """What ``evidence-kit read --json`` prints for one reading."""
    return {
        "id": reading.item_id,
        "text": reading.text,
        "identifiers": [
            {
                "kind": i.kind.value,
                "value": i.value,
                "network": i.network,
                "platform": i.platform,
                "checked": i.checked,
                "repaired": i.repaired,
                "read_as": i.read_as,
                "status": i.status.value,
                "record_id": i.record_id,
            }
            for i in reading.identifiers
        ],
        "flags": [
            {
                "kinds": [k.value for k in f.kinds],
                "text": f.text,
                "amounts": f.amounts,
                "status": f.status.value,
                "event_id": f.event_id,
            }
            for f in reading.flags
        ],
        "rejected": [{"kind": r.kind.value, "read_as": r.read_as, "reason": r.reason} for r in reading.rejected],
        "engine": reading.engine,
        "engine_version": reading.engine_version,
        "models": reading.models,
        "read_at": reading.read_at,
        "item_sha256": reading.item_sha256,
    }
