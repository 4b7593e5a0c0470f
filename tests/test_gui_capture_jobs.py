"""The capture page's jobs run without Qt on a real case: each reports typed events and returns what it added."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import png_bytes

from evidence_kit.capture_jobs import (
    Added,
    BlankCapture,
    CaptureScreen,
    ChatImported,
    Derive,
    EditMode,
    ImportFiles,
    JobEvent,
    KeptAsFile,
    MarkIntimate,
    Paste,
    RecordIntimate,
    Rejected,
)
from evidence_kit.core.case import Case
from evidence_kit.core.errors import Cancelled
from evidence_kit.core.model import DerivationKind, Origin

LUCAS = Path(__file__).parent / "data" / "chat" / "Discussion WhatsApp avec Lucas.txt"


@dataclass
class Picture:
    """A ``PictureSource`` as the window's would be, without Qt."""

    data: bytes | None
    shown: list[dict[str, Any]]

    def png(self) -> bytes | None:
        return self.data

    def screens(self) -> list[dict[str, Any]]:
        return self.shown


def run(job: Any, case: Case, cancelled: bool = False) -> tuple[int, list[JobEvent], list[tuple[int, int]]]:
    events: list[JobEvent] = []
    progress: list[tuple[int, int]] = []
    added = job.run(case, events.append, lambda done, total: progress.append((done, total)), lambda: cancelled)
    return added, events, progress


def test_the_jobs_module_loads_no_qt() -> None:
    code = "import sys, evidence_kit.capture_jobs; print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_importing_files_reports_each_item_and_each_refusal_in_order(case: Case, make_png, tmp_path: Path) -> None:
    first, second = make_png(color=(200, 10, 10)), make_png(color=(10, 200, 10))
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    added, events, progress = run(ImportFiles([first, empty, second]), case)
    assert added == 2
    assert [type(e) for e in events] == [Added, Rejected, Added]
    assert events[0].item.sha256 == hashlib.sha256(first.read_bytes()).hexdigest()  # type: ignore[union-attr]
    assert events[1] == Rejected("empty.png", events[1].error) and events[1].error.key == "reject.empty"  # type: ignore[union-attr]
    total = first.stat().st_size + 1 + second.stat().st_size
    assert progress[-1] == (total, total)
    # The same file again: found, not stored twice, and said so.
    added, events, _ = run(ImportFiles([first]), case)
    assert added == 0 and events == [Added(case.find_by_sha256(events[0].item.sha256), duplicate=True)]  # type: ignore[union-attr,arg-type]


def test_a_cancelled_import_stops_before_the_next_file(case: Case, make_png) -> None:
    try:
        run(ImportFiles([make_png()]), case, cancelled=True)
    except Cancelled:
        pass
    else:
        raise AssertionError("the import went on")
    assert not case.items


def test_a_screen_capture_is_stored_with_its_screens_and_a_blank_one_is_not(case: Case) -> None:
    screens = [{"name": "HDMI-1", "width": 320, "height": 200}]
    added, events, _ = run(CaptureScreen(Picture(png_bytes(), screens)), case)
    (event,) = events
    assert added == 1 and isinstance(event, Added) and event.item.origin == Origin.SCREEN_CAPTURE
    added, events, _ = run(CaptureScreen(Picture(None, screens)), case)
    assert added == 0 and events == [BlankCapture()] and len(case.items) == 1


def test_a_paste_takes_bytes_or_a_picture_source(case: Case) -> None:
    added, events, _ = run(Paste(png_bytes(color=(1, 2, 3))), case)
    assert added == 1 and events[0].item.origin == Origin.CLIPBOARD  # type: ignore[union-attr]
    added, events, _ = run(Paste(Picture(png_bytes(color=(4, 5, 6)), [])), case)
    assert added == 1 and len(case.items) == 2


def test_crop_redact_and_intimate_jobs_report_the_new_or_changed_item(case: Case, tmp_path: Path) -> None:
    parent = case.add_bytes(png_bytes(320, 200), origin=Origin.SCREEN_CAPTURE).item
    _, (crop,), _ = run(Derive(parent.id, EditMode.CROP, [(10, 10, 100, 80)]), case)
    assert isinstance(crop, Added) and crop.item.derivation.kind == DerivationKind.CROP  # type: ignore[union-attr]
    assert (crop.item.width, crop.item.height) == (90, 70)  # boxes are (left, top, right, bottom)
    _, (redacted,), _ = run(Derive(parent.id, EditMode.REDACT, [(0, 0, 50, 50), (60, 60, 20, 20)]), case)
    assert redacted.item.derivation.kind == DerivationKind.REDACT  # type: ignore[union-attr]
    added, (marked,), _ = run(MarkIntimate(parent.id), case)
    assert added == 0 and marked.item.intimate and not marked.item.blob_id  # type: ignore[union-attr]
    secret = tmp_path / "private.jpg"
    secret.write_bytes(b"\xff\xd8 not kept")
    added, (recorded,), _ = run(RecordIntimate(secret, "sent under threat"), case)
    assert (
        added == 1
        and recorded.item.intimate
        and recorded.item.sha256 == hashlib.sha256(secret.read_bytes()).hexdigest()
    )  # type: ignore[union-attr]


def test_a_chat_export_is_imported_for_review_and_a_broken_one_kept_as_a_file(case: Case, tmp_path: Path) -> None:
    export = tmp_path / "Discussion WhatsApp avec Lucas.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("Discussion WhatsApp avec Lucas.txt", LUCAS.read_bytes())
        archive.writestr("IMG-20240313-WA0003.jpg", png_bytes(64, 48, (10, 200, 10)))
    added, events, _ = run(ImportFiles([export]), case)
    assert [type(e) for e in events] == [Added, ChatImported]
    assert added == 2  # the export (its text inside) and its picture
    assert events[1] == ChatImported(events[1].transcript_id, already=False)  # type: ignore[union-attr]
    broken = tmp_path / "notes.json"  # looks like a Telegram export, does not read as one
    broken.write_text('{"messages": [{"id": 1, "oops": ', encoding="utf-8")
    added, events, _ = run(ImportFiles([broken]), case)
    assert [type(e) for e in events] == [Rejected, Added, KeptAsFile] and added == 1
    assert events[2] == KeptAsFile("notes.json")
