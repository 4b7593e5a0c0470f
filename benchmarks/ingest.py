"""Benchmark: adding 1 GiB of evidence (200 screenshots and a large recording) against sha256sum + openssl.

Run by hand: ``python benchmarks/ingest.py [--total-mib 1024] [--keep DIR]``.
Prints the time of ``evidence-kit add`` (hash, encrypt, durable write, image
decoding and thumbnails), the time of ``sha256sum`` plus
``openssl enc -aes-256-ctr`` over the same files in the same run, their ratio
(target ≤ 2.0) and the peak resident memory of the add (target < 200 MiB).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw


def make_screenshots(folder: Path, count: int) -> list[Path]:
    rng = random.Random(7)
    paths = []
    for index in range(count):
        image = Image.new("RGB", (1920, 1080), (245, 245, 247))
        draw = ImageDraw.Draw(image)
        for row in range(30):
            y = 40 + row * 34
            x = 80 if row % 3 else 900
            width = rng.randint(300, 900)
            colour = (0, 132, 255) if x > 500 else (228, 230, 235)
            draw.rounded_rectangle((x, y, x + width, y + 28), radius=12, fill=colour)
            draw.text((x + 12, y + 7), f"message {index}-{row} " + "x" * rng.randint(5, 60), fill=(20, 20, 20))
        # Some noise, as photos and compression artefacts give real screenshots.
        noise = Image.frombytes("RGB", (400, 300), rng.randbytes(400 * 300 * 3))
        image.paste(noise, (1400, 700))
        path = folder / f"screenshot-{index:03d}.png"
        image.save(path)
        paths.append(path)
    return paths


def peak_child_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--total-mib", type=int, default=1024)
    parser.add_argument("--screenshots", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ek-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        sources = work / "sources"
        sources.mkdir(exist_ok=True)
        print(f"generating {args.screenshots} full-HD screenshots…", flush=True)
        files = make_screenshots(sources, args.screenshots)
        used = sum(p.stat().st_size for p in files)
        video = sources / "screen-recording.mp4"
        with open(video, "wb") as handle:
            handle.write(b"\x00\x00\x00\x18ftypmp42")
            remaining = (args.total_mib << 20) - used - 12
            block = os.urandom(8 << 20)
            while remaining > 0:
                handle.write(block[: min(len(block), remaining)])
                remaining -= len(block)
        files.append(video)
        total = sum(p.stat().st_size for p in files)
        print(f"{len(files)} files, {total / 2**20:.0f} MiB", flush=True)

        env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE="benchmark passphrase")
        case = work / "case"
        shutil.rmtree(case, ignore_errors=True)
        subprocess.run(
            [sys.executable, "-m", "evidence_kit", "case", "create", str(case)],
            env=env,
            check=True,
            capture_output=True,
        )
        base_rss = peak_child_mib()

        # Run the add under a small wrapper so its own peak memory is measured alone.
        wrapper = (
            "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        start = time.perf_counter()
        measured = subprocess.run(
            [sys.executable, "-c", wrapper, sys.executable, "-m", "evidence_kit", "add", str(case), *map(str, files)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        ours = time.perf_counter() - start
        ours_rss = int(measured.stdout.strip()) / 1024

        out = work / "openssl-out"
        out.mkdir(exist_ok=True)
        start = time.perf_counter()
        subprocess.run(["sha256sum", *map(str, files)], check=True, capture_output=True)
        key, iv = os.urandom(32).hex(), os.urandom(16).hex()
        for index, path in enumerate(files):
            subprocess.run(
                [
                    "openssl",
                    "enc",
                    "-aes-256-ctr",
                    "-K",
                    key,
                    "-iv",
                    iv,
                    "-in",
                    str(path),
                    "-out",
                    str(out / f"{index}.enc"),
                ],
                check=True,
            )
        subprocess.run(["sync"], check=False)
        baseline = time.perf_counter() - start

        print(f"evidence-kit add : {ours:7.2f} s  ({total / 2**20 / ours:6.0f} MiB/s)")
        print(f"sha256sum+openssl: {baseline:7.2f} s  ({total / 2**20 / baseline:6.0f} MiB/s)")
        print(f"ratio            : {ours / baseline:7.2f}  (target ≤ 2.0)")
        print(f"peak RSS of add  : {ours_rss:7.0f} MiB (create: {base_rss:.0f} MiB; target < 200)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
