"""Benchmark: peak memory of ``add`` and ``export`` for a 10900 × 10900 PNG of a few hundred KB (issue 12).

Run by hand: ``python benchmarks/big_picture.py [--side 10900] [--keep DIR]``.  Prints the peak resident
memory of each command (targets: add < 400 MiB, export < 500 MiB) and, as the baseline measured in the same
run, the peak of a bare Pillow process that decodes the same picture whole (what the budget avoids).
The case uses the test suite's cheap key derivation (``tests/cli_with_test_kdf.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "tests" / "cli_with_test_kdf.py"
_PEAK = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def write_png(path: Path, side: int) -> None:
    """Flat colour with a red stripe, written row by row."""
    deflate = zlib.compressobj(9)
    flat, red = bytes((240, 240, 235)) * side, bytes((200, 30, 30)) * side
    idat = bytearray()
    for row in range(side):
        idat += deflate.compress(b"\x00" + (red if side // 2 <= row < side // 2 + side // 10 else flat))
    idat += deflate.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", bytes(idat)) + _chunk(b"IEND", b""))


def peak(*command: str) -> tuple[float, float]:
    env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE="benchmark passphrase", PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    code, kib = done.stdout.split()[-2:]
    if code != "0":
        raise SystemExit(f"{command[1:3]} failed ({code})")
    return int(kib) / 1024, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side", type=int, default=10900)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ek-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        picture = work / "huge.png"
        write_png(picture, args.side)
        case = work / "case"
        subprocess.run(
            [sys.executable, str(CLI), "case", "create", str(case)],
            check=True,
            capture_output=True,
            env=dict(os.environ, EVIDENCE_KIT_PASSPHRASE="benchmark passphrase", PYTHONPATH=str(ROOT)),
        )
        whole, whole_s = peak(sys.executable, "-c", f"from PIL import Image; Image.open({str(picture)!r}).load()")
        add, add_s = peak(sys.executable, str(CLI), "add", str(case), str(picture))
        secret = work / "pw.txt"
        secret.write_text("benchmark dossier password")
        out = work / "d.pdf"
        export, export_s = peak(
            sys.executable, str(CLI), "export", str(case), "--recipient", "police", "--out", str(out),
            "--password-file", str(secret),
        )  # fmt: skip
        size_kib = picture.stat().st_size / 1024
        print(f"picture: {args.side}x{args.side} PNG, {size_kib:.0f} KiB")
        print(f"baseline (Pillow decodes it whole): {whole:.0f} MiB peak, {whole_s:.1f} s")
        print(f"add:    {add:.0f} MiB peak ({add / whole:.2f} x baseline), {add_s:.1f} s   (target < 400 MiB)")
        print(f"export: {export:.0f} MiB peak ({export / whole:.2f} x baseline), {export_s:.1f} s   (target < 500 MiB)")
        return 0 if add < 400 and export < 500 else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
