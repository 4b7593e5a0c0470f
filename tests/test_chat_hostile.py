"""Hostile and broken archives: escaping paths, links, bombs, huge listings, damage. Refused with our message,
the case unchanged, memory bounded."""

from __future__ import annotations

import contextlib
import io
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.chat.importer import import_chat
from evidence_kit.chat.model import ChatExportRejected
from evidence_kit.chat.reader import ReadLimits, read_export_stream
from evidence_kit.chat.safezip import SafeZip, ZipLimits
from evidence_kit.core.case import Case, iter_case_files
from evidence_kit.i18n import Translator

CHAT = "14/03/2024 21:05 - Max: envoie 100€ sinon j'envoie tout à ta famille\n14/03/2024 21:06 - Zoé: non\n"


def _zip(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)
    return out.getvalue()


def _link(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return info, target.encode()


def _snapshot(case: Case) -> tuple[int, int, list[str]]:
    return len(case.items), len(case.custody), [p.name for p in iter_case_files(case.folder)]


def _refused(case: Case, tmp_path: Path, data: bytes, key: str, name: str = "export.zip") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    before = _snapshot(case)
    with pytest.raises(ChatExportRejected) as caught:
        import_chat(case, path)
    assert caught.value.key == key
    assert _snapshot(case) == before, "a refused export must leave the case unchanged"
    return caught.value.message(Translator("en"))


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/cron.d/evil", "media/../../x.jpg", "C:/Windows/evil.txt"])
def test_paths_leaving_the_archive_are_refused(case: Case, tmp_path: Path, name: str) -> None:
    info = zipfile.ZipInfo("placeholder")
    info.filename = name  # zipfile would otherwise clean some of these names
    data = _zip([("WhatsApp Chat with Max.txt", CHAT.encode()), (info, b"x")])
    message = _refused(case, tmp_path, data, "chat.reject.zip_escape")
    assert "outside the archive" in message


def test_symbolic_links_are_refused(case: Case, tmp_path: Path) -> None:
    data = _zip([("WhatsApp Chat with Max.txt", CHAT.encode()), _link("IMG-1.jpg", "/home/someone/.ssh/id_rsa")])
    assert "symbolic link" in _refused(case, tmp_path, data, "chat.reject.zip_link")


def test_a_decompression_bomb_by_ratio_is_refused(case: Case, tmp_path: Path) -> None:
    bomb = bytes(9 << 20)  # 9 MiB of zeros packs into a few KiB
    data = _zip([("WhatsApp Chat with Max.txt", CHAT.encode()), ("VID-1.mp4", bomb)])
    assert len(data) < 100_000
    assert "zip bomb" in _refused(case, tmp_path, data, "chat.reject.zip_bomb")


def test_a_bomb_by_total_size_is_refused() -> None:
    members = [("WhatsApp Chat with Max.txt", CHAT.encode())] + [(f"f{i}.bin", bytes(200_000)) for i in range(10)]
    data = _zip(members)
    limits = ZipLimits(max_total_size=1 << 20, ratio_floor=1 << 30)
    with pytest.raises(ChatExportRejected) as caught:
        SafeZip(io.BytesIO(data), "x.zip", limits)
    assert caught.value.key == "chat.reject.zip_bomb"


def test_thousands_of_files_are_refused(case: Case, tmp_path: Path) -> None:
    members = [("WhatsApp Chat with Max.txt", CHAT.encode())] + [(f"m/{i}.jpg", b"") for i in range(2100)]
    assert "2101 files" in _refused(case, tmp_path, _zip(members), "chat.reject.zip_too_many")


def test_a_forged_listing_count_is_refused_before_reading_it() -> None:
    data = bytearray(_zip([("WhatsApp Chat with Max.txt", CHAT.encode())]))
    eocd = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, eocd + 8, 60000, 60000)
    with pytest.raises(ChatExportRejected) as caught:
        SafeZip(io.BytesIO(bytes(data)), "x.zip")
    assert caught.value.key == "chat.reject.zip_too_many"


@pytest.mark.parametrize("cut", [10, 200, -30, -5])
def test_truncated_zips_are_refused(case: Case, tmp_path: Path, cut: int) -> None:
    data = _zip([("WhatsApp Chat with Max.txt", CHAT.encode() * 50), ("IMG-1.jpg", b"\xff\xd8" * 500)])
    _refused(case, tmp_path, data[:cut], "chat.reject.zip_damaged")


def test_a_zip_without_a_chat_is_refused(case: Case, tmp_path: Path) -> None:
    _refused(case, tmp_path, _zip([("holiday.jpg", b"\xff\xd8\xff")]), "chat.reject.zip_no_chat")


def test_a_damaged_member_is_refused_by_its_checksum() -> None:
    data = bytearray(_zip([("WhatsApp Chat with Max.txt", CHAT.encode() * 20)]))
    # Flip bytes inside the compressed text: the CRC (or inflate) catches it.
    data[60] ^= 0xFF
    data[61] ^= 0xFF
    with pytest.raises(ChatExportRejected) as caught:
        read_export_stream(io.BytesIO(bytes(data)), "x.zip")
    assert caught.value.key in ("chat.reject.zip_member_damaged", "chat.reject.not_a_chat", "chat.reject.zip_damaged")


def test_oversized_and_encrypted_media_are_skipped_not_fatal(case: Case, tmp_path: Path) -> None:
    data = bytearray(
        _zip(
            [
                ("WhatsApp Chat with Max.txt", CHAT.encode()),
                ("VID-big.mp4", bytes(range(256)) * 600),
                ("IMG-locked.jpg", b"secret"),
            ]
        )
    )
    # Mark the last member as encrypted in the central directory (general purpose bit 0).
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x01
    path = tmp_path / "WhatsApp Chat with Max.zip"
    path.write_bytes(bytes(data))
    result = import_chat(case, path, limits=ReadLimits(max_media_member=100_000))
    assert result.message_count == 2
    assert sorted(result.skipped_media) == ["IMG-locked.jpg", "VID-big.mp4"]
    assert ["chat.warn.media_skipped", {"n": 2}] in result.warnings
    assert len(case.items) == 1  # only the sealed export


def test_a_chat_text_beyond_the_limit_is_refused(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Max.txt"
    path.write_bytes(CHAT.encode() * 100)
    before = _snapshot(case)
    with pytest.raises(ChatExportRejected) as caught:
        import_chat(case, path, limits=ReadLimits(max_text=1000))
    assert caught.value.key == "chat.reject.too_large"
    assert _snapshot(case) == before


_fuzz = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_VALID = _zip([("WhatsApp Chat with Max.txt", CHAT.encode() * 5), ("IMG-1.jpg", b"\xff\xd8\xff" * 40)])


@_fuzz
@given(st.lists(st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_mutated_zips_raise_only_our_error(changes: list[tuple[int, int]]) -> None:
    data = bytearray(_VALID)
    for position, value in changes:
        data[position] = value
    try:
        parsed = read_export_stream(io.BytesIO(bytes(data)), "x.zip")
    except ChatExportRejected:
        return
    with SafeZip(io.BytesIO(bytes(data)), "x.zip") as archive:
        for member, _name in parsed.media:
            with contextlib.suppress(ChatExportRejected):
                archive.read(member, 1 << 20)


@_fuzz
@given(st.binary(min_size=0, max_size=400))
def test_random_bytes_behind_a_zip_signature_raise_only_our_error(tail: bytes) -> None:
    with contextlib.suppress(ChatExportRejected):
        read_export_stream(io.BytesIO(b"PK\x03\x04" + tail), "x.zip")


@_fuzz
@given(st.lists(st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), max_size=8), st.booleans())
def test_telling_a_chat_from_other_files_never_raises(changes: list[tuple[int, int]], as_text: bool) -> None:
    import tempfile

    from evidence_kit.chat.reader import export_media_count, looks_like_chat_export

    data = bytearray(CHAT.encode() if as_text else _VALID)
    for position, value in changes:
        if position < len(data):
            data[position] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x"
        path.write_bytes(bytes(data))
        assert isinstance(looks_like_chat_export(path), bool)
        assert export_media_count(path) >= 0
