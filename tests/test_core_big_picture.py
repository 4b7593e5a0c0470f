"""Attack (issue 12, item 4): a 10900 × 10900 PNG of a few hundred KB (under the pixel limit, 340 MiB decoded).

``add`` must stay under 400 MiB and ``export`` under 500 MiB (peak resident memory of the real command in a
child process, read from the kernel's own count); both succeed, and the picture is downscaled in the dossier.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from helpers import CLI, PASSPHRASE, png_bytes, run_cli
from PIL import Image

from evidence_kit.core import decoding

SIDE = 10900
FLAT = (240, 240, 235)
RED = (200, 30, 30)
STRIPE = range(5000, 6000)  # rows painted red, full width

_PEAK = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stderr.write(done.stderr)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def write_big_png(path: Path) -> None:
    """Written row by row (never whole in memory): flat colour with a red stripe."""
    deflate = zlib.compressobj(9)
    flat, red = bytes(FLAT) * SIDE, bytes(RED) * SIDE
    idat = bytearray()
    for row in range(SIDE):
        idat += deflate.compress(b"\x00" + (red if row in STRIPE else flat))
    idat += deflate.flush()
    ihdr = struct.pack(">IIBBBBB", SIDE, SIDE, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", bytes(idat)) + _chunk(b"IEND", b""))


def _peak_mib(*args: str) -> tuple[int, float]:
    import os

    env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE=PASSPHRASE)
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, sys.executable, str(CLI), *args], capture_output=True, text=True, env=env
    )
    code, kib = done.stdout.split()[-2:]
    assert int(code) == 0, done.stderr
    return int(code), int(kib) / 1024


def test_bands_decode_exactly_what_a_whole_decode_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every filter type, a palette with transparency, RGBA: decoded in bands of a few rows, the same pixels."""
    monkeypatch.setattr(decoding, "BAND_BYTES", 2000)
    noise = Image.effect_noise((301, 203), 80)
    for image in (noise.convert("RGB"), noise.convert("RGBA"), noise.convert("L"), noise.convert("P")):
        if image.mode == "P":
            image.info["transparency"] = 3
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        out.seek(0)
        banded = decoding.reduced(out, (301, 203))
        expected = image.convert(banded.mode)
        assert banded.tobytes() == expected.tobytes(), image.mode


def test_a_truncated_large_png_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decoding, "BAND_BYTES", 2000)
    data = png_bytes(400, 300)
    with pytest.raises((decoding.Undecodable, OSError)):
        decoding.reduced(io.BytesIO(data[: len(data) // 2]), (100, 100))


@pytest.mark.slow
def test_a_10900_pixel_png_stays_within_the_memory_figures_in_add_and_export(tmp_path: Path) -> None:
    picture = tmp_path / "huge.png"
    write_big_png(picture)
    assert picture.stat().st_size < 1_000_000
    case_dir = tmp_path / "case"
    assert run_cli("case", "create", str(case_dir)).returncode == 0
    _, add_peak = _peak_mib("add", str(case_dir), str(picture), "--kind", "threat")
    out = tmp_path / "d.pdf"
    secret = tmp_path / "pw.txt"
    secret.write_text("my own long password")
    _, export_peak = _peak_mib(
        "export", str(case_dir), "--recipient", "police", "--out", str(out), "--password-file", str(secret)
    )
    print(f"peak resident memory: add {add_peak:.0f} MiB, export {export_peak:.0f} MiB")
    assert add_peak < 400 and export_peak < 500
    listed = json.loads(run_cli("list", str(case_dir), "--json").stdout)
    assert (listed[0]["width"], listed[0]["height"], listed[0]["stored_as_file"]) == (SIDE, SIDE, False)
    from evidence_kit.core.case import Case

    with Case.open(case_dir, PASSPHRASE) as case:
        thumb = Image.open(io.BytesIO(case.thumbnail_png(listed[0]["id"])))
        assert thumb.size == (480, 480)
        assert thumb.convert("RGB").getpixel((240, 100)) == FLAT
        assert thumb.convert("RGB").getpixel((240, 242)) == RED  # rows 5000-5999 of 10900 -> 220-264 of 480
    checked = run_cli("verify", str(out), "--password-file", str(secret))
    assert checked.returncode == 0, checked.stderr
    listing = subprocess.run(
        ["pdfimages", "-list", "-upw", "my own long password", str(out)], capture_output=True, text=True
    )
    if listing.returncode == 0:  # poppler present: the picture went in downscaled
        sizes = [tuple(map(int, line.split()[3:5])) for line in listing.stdout.splitlines()[2:]]
        assert max(max(s) for s in sizes) <= 2400
