"""Time and memory of reading a phone screenshot (1080x2400), against the `tesseract` command line in the same run.

Our engine is timed in this process, one instance reused (models loaded before timing), on the labelled phone
screenshots of tests/data/ocr, with the case's whole reading path (grey levels, recognition, identifiers and flags);
the baseline runs `tesseract IMAGE stdout -l fra+eng` on the same files with the same models (a new process per
image, as a script would call it). Budget: at most 1.5 s per screenshot, peak memory under 600 MiB.

    python3 benchmarks/ocr.py [--images N]       (needs apt-get install tesseract-ocr for the baseline)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "ocr"
sys.path.insert(0, str(ROOT))

BUDGET_SECONDS = 1.5
BUDGET_MIB = 600


def phone_images(count: int) -> list[Path]:
    labels = json.loads((DATA / "labels.json").read_text(encoding="utf-8"))
    return [DATA / lab["file"] for lab in labels if lab["size"] == [1080, 2400]][:count]


def ours(images: list[Path]) -> list[float]:
    from PIL import Image

    from evidence_kit.ocr.engine import get_engine
    from evidence_kit.ocr.proposals import analyse_text

    engine = get_engine()
    engine.read(Image.new("RGB", (200, 60), "white"))
    times = []
    for path in images:
        begin = time.perf_counter()
        with Image.open(path) as image:
            read = engine.read(image)
        analyse_text(read.text, alternates=read.alternates)
        times.append(time.perf_counter() - begin)
    return times


def baseline(images: list[Path], tessdata: Path, threads: str = "") -> list[float]:
    """The command line on each image; ``threads`` sets OMP_THREAD_LIMIT (Debian's build uses OpenMP)."""
    env = dict(os.environ, OMP_THREAD_LIMIT=threads) if threads else None
    times = []
    for path in images:
        begin = time.perf_counter()
        subprocess.run(
            ["tesseract", str(path), "stdout", "-l", "fra+eng", "--tessdata-dir", str(tessdata)],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        times.append(time.perf_counter() - begin)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=6)
    args = parser.parse_args()
    from evidence_kit.ocr.tesseract import tessdata_dir

    images = phone_images(args.images)
    tessdata = tessdata_dir()
    print(f"images: {len(images)} phone screenshots 1080x2400 from tests/data/ocr")
    # The baseline runs first, while this process is still small: a child's peak memory counts what it inherited.
    runs: list[tuple[str, list[float]]] = []
    if shutil.which("tesseract") is not None:
        version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        runs.append((f"{version} command line", baseline(images, tessdata)))
        runs.append((f"{version} command line, OMP_THREAD_LIMIT=1", baseline(images, tessdata, "1")))
        child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    else:
        print("tesseract command line: not installed (apt-get install tesseract-ocr), no baseline")
    mine = ours(images)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ok = max(mine) <= BUDGET_SECONDS and peak < BUDGET_MIB
    print(f"evidence-kit read (two passes, identifiers and flags): mean {statistics.mean(mine):.2f} s, "
          f"max {max(mine):.2f} s, peak {peak:.0f} MiB "
          f"(budget {BUDGET_SECONDS} s, {BUDGET_MIB} MiB: {'within' if ok else 'OVER'})")  # fmt: skip
    for label, theirs in runs:
        print(f"{label}: mean {statistics.mean(theirs):.2f} s, max {max(theirs):.2f} s; "
              f"ratio ours/theirs {statistics.mean(mine) / statistics.mean(theirs):.2f}")  # fmt: skip
    if runs:
        print(f"command line peak {child_peak:.0f} MiB; ratio ours/theirs {peak / child_peak:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
