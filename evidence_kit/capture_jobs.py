"""The capture page's background work, without Qt: one dataclass per job, one union of what jobs report.

A job runs in a worker thread with the open case; it reports each result as
soon as it exists through ``emit`` (one of the ``JobEvent`` types below) and
returns how many items it added. The page only turns those events into
widgets. Pictures taken by the window (screen captures, pasted images) come
as a ``PictureSource``, which the window implements with Qt and this module
only calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Protocol

from evidence_kit.core.model import EvidenceItem, Origin

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class PictureSource(Protocol):
    """A picture the window took (screens or clipboard), encoded in the worker thread."""

    def png(self) -> bytes | None:
        """The picture as PNG; None when there is nothing on it (a blank screen)."""

    def screens(self) -> list[dict[str, Any]]:
        """What was captured, screen by screen, for the item's record (empty for a pasted picture)."""


# --- what jobs report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    """An item stored (or found already stored: ``duplicate``)."""

    item: EvidenceItem
    duplicate: bool = False


@dataclass(frozen=True)
class Rejected:
    """A file that could not be taken in; the error is translated by the page."""

    name: str
    error: BaseException


@dataclass(frozen=True)
class ChooseConversation:
    """An export holds several conversations: the person picks one, then it is imported."""

    path: Path
    titles: list[str]
    chat_media: bool


@dataclass(frozen=True)
class ChatImported:
    """A chat export was imported: its proposals wait for the person's review."""

    transcript_id: str
    already: bool


@dataclass(frozen=True)
class KeptAsFile:
    """It looked like a chat export but does not read as one: it was kept as a plain file."""

    name: str


@dataclass(frozen=True)
class BlankCapture:
    """The screen capture came back blank (a system that refuses captures): nothing was stored."""


JobEvent = Added | Rejected | ChooseConversation | ChatImported | KeptAsFile | BlankCapture
Emit = Callable[[JobEvent], None]


# --- the jobs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    busy_key: ClassVar[str] = "gui.capture.busy_import"  # the message shown while it runs
    shows_progress: ClassVar[bool] = False  # a progress bar and a cancel button

    def run(self, case: Any, emit: Emit, progress: ProgressFn, cancelled: CancelledFn) -> int:
        raise NotImplementedError


@dataclass(frozen=True)
class CaptureScreen(Job):
    busy_key: ClassVar[str] = "gui.capture.busy_capture"
    source: PictureSource

    def run(self, case: Any, emit: Emit, progress: ProgressFn, cancelled: CancelledFn) -> int:
        png = self.source.png()
        if png is None:
            emit(BlankCapture())
            return 0
        result = case.add_bytes(png, origin=Origin.SCREEN_CAPTURE, source_name="", screens=self.source.screens())
        emit(Added(result.item, result.duplicate))
        return 0 if result.duplicate else 1


@dataclass(frozen=True)
class Paste(Job):
    busy_key: ClassVar[str] = "gui.capture.busy_paste"
    picture: bytes | PictureSource

    def run(self, case: Any, emit: Emit, progress: ProgressFn, cancelled: CancelledFn) -> int:
        data = self.picture if isinstance(self.picture, bytes) else self.picture.png()
        if not data:
            emit(BlankCapture())
            return 0
        result = case.add_bytes(data, origin=Origin.CLIPBOARD)
        emit(Added(result.item, result.duplicate))
        return 0 if result.duplicate else 1


@dataclass(frozen=True)
class ImportFiles(Job):
    busy_key: ClassVar[str] = "gui.capture.busy_import"
    shows_progress: ClassVar[bool] = True
    paths: list[Path] = field(default_factory=list)
    chat_media: bool = True  # False: a chat zip is kept by its fingerprint and its text only, no picture
    conversation: str = ""  # for an export holding several conversations: the one to import

    def run(self, case: Any, emit: Emit, progress: ProgressFn, cancelled: CancelledFn) -> int:
        from evidence_kit.chat.reader import looks_like_chat_export
        from evidence_kit.core.errors import Cancelled, InputRejected

        sizes = [_size(path) for path in self.paths]
        total = sum(sizes)
        done = 0
        added = 0
        for path, size in zip(self.paths, sizes, strict=True):
            if cancelled():
                raise Cancelled()
            before = done
            try:
                if looks_like_chat_export(path):
                    added += self._import_chat(case, path, emit, cancelled)
                else:
                    result = case.add_file(
                        path, progress=lambda d, _t, b=before: progress(b + d, total), cancel=cancelled
                    )
                    emit(Added(result.item, result.duplicate))
                    added += 0 if result.duplicate else 1
            except InputRejected as exc:
                emit(Rejected(path.name, exc))
            done += size
            progress(done, total)
        return added

    def _import_chat(self, case: Any, path: Path, emit: Emit, cancelled: CancelledFn) -> int:
        from evidence_kit.chat.importer import import_chat
        from evidence_kit.chat.model import ChatExportRejected

        try:
            record = import_chat(
                case,
                path,
                keep_export=self.chat_media,
                import_media=self.chat_media,
                conversation=self.conversation,
                cancel=cancelled,
            )
        except ChatExportRejected as exc:
            if exc.key == "chat.reject.many_threads" and exc.params.get("titles") and not self.conversation:
                emit(ChooseConversation(path, list(exc.params["titles"]), self.chat_media))
                return 0
            # It looked like a chat but does not read as one: still evidence, so it is kept as a plain file.
            emit(Rejected(path.name, exc))
            result = case.add_file(path, cancel=cancelled)
            emit(Added(result.item, result.duplicate))
            emit(KeptAsFile(path.name))
            return 0 if result.duplicate else 1
        emit(Added(case.item(record.item_id)))
        emit(ChatImported(record.transcript_id, record.already_imported))
        return 0 if record.already_imported else 1 + len(record.media) + len(record.text_item_ids)


class EditMode(StrEnum):
    CROP = "crop"
    REDACT = "redact"


@dataclass(frozen=True)
class Derive(Job):
    """A crop (the first box) or a redaction (every box) of a picture, stored as a new item."""

    busy_key: ClassVar[str] = "gui.capture.busy_derive"
    item_id: str
    mode: EditMode
    boxes: list[tuple[int, int, int, int]]
    redaction_style: str = "black"

    def run(self, case: Any, emit: Emit, progress: ProgressFn, cancelled: CancelledFn) -> int:
        if self.mode == EditMode.CROP:
            item = case.derive_crop(self.item_id, self.boxes[0])
        else:
            item = case.derive_redaction(self.item_id, self.boxes, style=self.redaction_style)
        emit(Added(item))
        return 1


@dataclass(frozen=True)
class MarkIntimate(Job):
    """The picture is intimate: kept by its fingerprint only, the picture itself purged."""

    busy_key: ClassVar[str] = "gui.capture.busy_intimate"
    item_id: str

    def run(self, case: Any, emit: Emit, progress: ProgressFn, cancelled: CancelledFn) -> int:
        emit(Added(case.mark_intimate(self.item_id)))
        return 0


@dataclass(frozen=True)
class RecordIntimate(Job):
    """An intimate image recorded by its fingerprint and a description, never stored."""

    busy_key: ClassVar[str] = "gui.capture.busy_record_intimate"
    path: Path
    description: str

    def run(self, case: Any, emit: Emit, progress: ProgressFn, cancelled: CancelledFn) -> int:
        emit(Added(case.record_intimate_image(self.path, self.description)))
        return 1


def _size(path: Path) -> int:
    try:
        return max(1, path.stat().st_size)
    except OSError:
        return 1
