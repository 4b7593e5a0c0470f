"""Evidence intake: what is recognised, what is recorded, what is refused (and leaves the case unchanged)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from helpers import png_bytes, run_cli
from PIL import Image

from evidence_kit.core.case import Case, iter_case_files
from evidence_kit.core.errors import InputRejected
from evidence_kit.core.intake import HEIF_SUPPORTED
from evidence_kit.core.model import Clock, Origin


def _snapshot(case: Case) -> dict[str, bytes]:
    return {str(p.relative_to(case.folder)): p.read_bytes() for p in iter_case_files(case.folder)}


def _rejected(case: Case, path: Path, key: str, **kwargs: object) -> None:
    before = _snapshot(case)
    with pytest.raises(InputRejected) as caught:
        case.add_file(path, **kwargs)  # type: ignore[arg-type]
    assert caught.value.key == key
    assert _snapshot(case) == before, "a refused file must leave the case unchanged"


def _image(fmt: str, size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=fmt, **save)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("PNG", "image/png"),
        ("JPEG", "image/jpeg"),
        ("WEBP", "image/webp"),
        ("GIF", "image/gif"),
        ("BMP", "image/bmp"),
        ("TIFF", "image/tiff"),
    ],
)
def test_images_are_recognised_by_content_not_name(case: Case, tmp_path: Path, fmt: str, media_type: str) -> None:
    path = tmp_path / "misnamed.dat"
    path.write_bytes(_image(fmt))
    item = case.add_file(path).item
    assert item.media_type == media_type
    assert (item.width, item.height) == (40, 30)
    assert item.thumbnail_blob_id and case.thumbnail_png(item.id).startswith(b"\x89PNG")


@pytest.mark.skipif(not HEIF_SUPPORTED, reason="pillow-heif not installed")
def test_heic_from_an_iphone_is_an_image(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "IMG_0001.HEIC"
    try:
        path.write_bytes(_image("HEIF"))
    except (KeyError, OSError):
        pytest.skip("this pillow-heif build cannot encode HEIF")
    item = case.add_file(path).item
    assert item.media_type in ("image/heic", "image/heif") and item.width == 40


def test_what_is_recorded_about_an_import(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "IMG_2024.jpg"
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2026:11:20 21:14:03"
    exif.get_ifd(0x8769)[36881] = "+01:00"
    out = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(out, format="JPEG", exif=exif)
    path.write_bytes(out.getvalue())
    os.utime(path, (1_700_000_000, 1_700_000_000))
    item = case.add_file(path, note="menace").item
    assert item.origin == Origin.IMPORT and item.source_name == "IMG_2024.jpg"
    assert item.obtained_at.endswith("Z") and item.time_zone and item.local_time
    assert any(d.clock == Clock.FILE_MODIFIED and d.value == "2023-11-14T22:13:20Z" for d in item.source_dates)
    assert [(d.clock, d.value, d.detail) for d in item.embedded_dates][0] == (
        Clock.EXIF,
        "2026-11-20T21:14:03+01:00",
        "DateTimeOriginal",
    )
    import hashlib

    assert item.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_duplicates_are_reported_not_stored_twice(case: Case, make_png) -> None:
    first = make_png()
    item = case.add_file(first).item
    copy = first.with_name("copy.png")
    copy.write_bytes(first.read_bytes())
    before = _snapshot(case)
    again = case.add_file(copy)
    assert again.duplicate and again.item.id == item.id
    assert _snapshot(case) == before


def test_empty_file_is_refused(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    _rejected(case, path, "reject.empty")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_special_files_are_refused_without_blocking(case: Case, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    _rejected(case, fifo, "reject.special")
    if Path("/dev/zero").exists():
        _rejected(case, Path("/dev/zero"), "reject.special")


def test_files_over_the_limit_are_refused(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * 5000)
    case.max_item_size = 4096
    _rejected(case, path, "reject.too_large")


def test_a_file_announced_as_an_image_must_decode_unless_kept_as_file(case: Case, tmp_path: Path) -> None:
    fake = tmp_path / "photo.png"
    fake.write_bytes(b"this is not a picture at all")
    _rejected(case, fake, "reject.not_an_image")
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(png_bytes(400, 300)[:-40])
    _rejected(case, truncated, "reject.not_an_image")
    kept = case.add_file(fake, as_file=True).item
    assert kept.stored_as_file and not kept.thumbnail_blob_id


def test_decompression_bombs_are_refused(case: Case, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG")  # 400 Mpx in a few kB
    bomb.write_bytes(out.getvalue())
    assert bomb.stat().st_size < 200_000
    _rejected(case, bomb, "reject.image_bomb")


def test_cli_reports_each_refusal_in_one_line_and_exit_4(tmp_path: Path) -> None:
    folder = str(tmp_path / "case")
    assert run_cli("case", "create", folder).returncode == 0
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    good = tmp_path / "ok.png"
    good.write_bytes(png_bytes())
    result = run_cli("add", folder, str(empty), str(good))
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and "empty.jpg" in result.stderr
    assert "E1" in result.stdout
    big = run_cli("add", folder, str(good.with_name("ok.png")), "--max-size", "10")
    assert big.returncode == 4


def test_derived_items_name_their_parent_and_leave_it_unchanged(case: Case, make_png) -> None:
    noisy = make_png().with_name("noisy.png")
    Image.frombytes("RGB", (200, 100), os.urandom(200 * 100 * 3)).save(noisy)
    parent = case.add_file(noisy).item
    crop = case.derive_crop(parent.id, (10, 10, 110, 60))
    redaction = case.derive_redaction(parent.id, [(0, 0, 50, 50)], style="blur")
    assert crop.parent == parent.id and crop.derivation.parent_sha256 == parent.sha256
    assert (crop.width, crop.height) == (100, 50)
    assert redaction.derivation.kind.value == "redact" and redaction.origin == Origin.DERIVED
    with case.open_original(parent.id) as stream:
        import hashlib

        assert hashlib.sha256(stream.read()).hexdigest() == parent.sha256
    assert case.verify().ok


def test_intimate_images_keep_only_their_hash(case: Case, make_png) -> None:
    path = make_png()
    record = case.record_intimate_image(path, "photo envoyée le 12")
    assert record.intimate and not record.blob_id
    item = case.add_file(make_png(color=(1, 2, 3))).item
    purged = case.mark_intimate(item.id)
    assert purged.intimate and not purged.blob_id and not case.blobs.path_for(item.blob_id).exists()
    assert case.verify().ok
