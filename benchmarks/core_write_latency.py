"""Benchmark: how long a short write (saving an account) waits while a large import runs in another thread.

Run by hand: ``python benchmarks/core_write_latency.py [--mib 512]`` from any working directory.
The core holds its write lock only while it commits, never while it reads, hashes or encrypts
evidence; this measures it.  Saves an account every 20 ms, first alone (the baseline, in the same run),
then while another thread imports a large file and a 24-megapixel picture and records the fingerprint
of another, then (for
contrast) while that thread holds the lock for the whole import, as a caller-side lock around the
import did (the window's former ``Session.write_lock``).  Prints the three distributions and, as its
last line, ``max write during import: N ms (baseline M ms, lock held throughout K ms)``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from evidence_kit.core.case import Case  # noqa: E402
from evidence_kit.core.crypto import KdfParams  # noqa: E402
from evidence_kit.core.model import Account, Origin  # noqa: E402


def save_times(case: Case, until: threading.Event | None, count: int) -> list[float]:
    """Seconds each save_account took, one every 20 ms, ``count`` times or until ``until`` is set."""
    times = []
    index = 0
    while (until is None and index < count) or (until is not None and not until.is_set()):
        start = time.perf_counter()
        case.save_account(Account(id="", platform="tiktok", username=f"user{index}"))
        times.append(time.perf_counter() - start)
        index += 1
        time.sleep(0.02)
    return times


def measure_during_import(
    case: Case, big: Path, picture: Path, export: Path, hold_lock: bool
) -> tuple[list[float], float]:
    done = threading.Event()

    def import_meanwhile() -> None:
        try:
            if hold_lock:
                with case.transaction():
                    case.add_file(big, as_file=True)
            else:
                case.add_file(big)
                case.add_file(picture)  # decoded for its size, dates and thumbnail: seconds, outside the lock
                case.record_file_by_hash(export, origin=Origin.CHAT_EXPORT)
        finally:
            done.set()

    if hold_lock:  # new bytes, or the add would stop at "already in the case"
        with open(big, "r+b") as handle:
            handle.seek(-16, os.SEEK_END)
            handle.write(os.urandom(16))
    started = time.perf_counter()
    worker = threading.Thread(target=import_meanwhile)
    worker.start()
    times = save_times(case, done, 0)
    worker.join()
    return times, time.perf_counter() - started


def describe(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(len(ms) * 0.95)]
    return f"{len(ms)} saves, median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mib", type=int, default=512, help="size of the file imported meanwhile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ek-bench-") as tmp:
        work = Path(tmp)
        big = work / "recording.mp4"
        with open(big, "wb") as handle:
            handle.write(b"\x00\x00\x00\x18ftypmp42")
            for _ in range(args.mib):
                handle.write(os.urandom(1 << 20))
        picture = work / "photo.png"
        Image.frombytes("RGB", (6000, 4000), os.urandom(6000 * 4000 * 3)).save(picture, compress_level=1)
        export = work / "chat-export.zip"
        export.write_bytes(os.urandom(64 << 20))
        case, _ = Case.create(work / "case", "benchmark passphrase", kdf=KdfParams.for_tests())
        with case:
            baseline = save_times(case, None, 50)
            during, took = measure_during_import(case, big, picture, export, hold_lock=False)
            held, _ = measure_during_import(case, big, picture, export, hold_lock=True)
        print(f"baseline (nothing else running): {describe(baseline)}")
        print(
            f"during a {args.mib} MiB import, a 24 Mpx picture, a 64 MiB fingerprint ({took:.1f} s): {describe(during)}"
        )
        print(f"lock held for the whole import (contrast): {describe(held)}")
        print(
            f"max write during import: {max(during) * 1000:.0f} ms (baseline {max(baseline) * 1000:.0f} ms,"
            f" lock held throughout {max(held) * 1000:.0f} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
