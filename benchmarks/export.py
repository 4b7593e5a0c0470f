"""Benchmark: export a case of N full-HD screenshots with originals, against img2pdf on the same PNGs.

img2pdf copies PNG data into a PDF without re-encoding: the near-limit of
putting lossless pictures in a PDF.  Each side runs in its own process so
its peak RSS is its own.

    python benchmarks/export.py [--items 200] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSPHRASE = "benchmark passphrase"
ROOT = Path(__file__).resolve().parents[1]


def make_screenshots(folder: Path, count: int) -> list[Path]:
    """Chat-like 1920x1080 screenshots: bubbles of text on a light background (compresses like the real thing)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "DejaVuSans.ttf"), 22)
    words = [
        "tu",
        "vas",
        "payer",
        "sinon",
        "j'envoie",
        "tes",
        "photos",
        "à",
        "tous",
        "tes",
        "amis",
        "500",
        "euros",
        "en",
        "coupon",
        "PCS",
        "avant",
        "ce",
        "soir",
        "je",
        "sais",
        "où",
        "tu",
        "es",
    ]
    paths = []
    for index in range(count):
        rng = random.Random(index)
        image = Image.new("RGB", (1920, 1080), (236, 229, 221))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, 1920, 90), fill=(7, 94, 84))
        title = f"+225 07 {rng.randint(10, 99)} {rng.randint(10, 99)} 56 78 · conversation {index}"
        draw.text((40, 30), title, fill="white", font=font)
        # A photo in the chat (a profile picture, a "proof"): noise does not compress, like a real photo.
        image.paste(Image.frombytes("RGB", (420, 380), rng.randbytes(420 * 380 * 3)), (1440, 300))
        y = 120
        while y < 1000:
            mine = rng.random() < 0.4
            text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
            width = min(1100, 30 + 13 * len(text))
            x = 1920 - width - 60 if mine else 60
            draw.rounded_rectangle((x, y, x + width, y + 70), 14, fill=(220, 248, 198) if mine else (255, 255, 255))
            draw.text((x + 18, y + 12), text, fill=(20, 20, 20), font=font)
            clock = f"{rng.randint(10, 23)}:{rng.randint(10, 59)}"
            draw.text((x + width - 90, y + 44), clock, fill=(120, 120, 120), font=font)
            y += 95
        path = folder / f"screenshot-{index:04d}.png"
        image.save(path, optimize=False)
        paths.append(path)
    return paths


def child_img2pdf(pictures: list[str], out: str) -> None:
    import img2pdf

    with open(out, "wb") as handle:
        img2pdf.convert(pictures, outputstream=handle)


def child_export(case_dir: str, out: str) -> None:
    sys.path.insert(0, str(ROOT))
    from evidence_kit.core.case import Case
    from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier

    with Case.open(case_dir, passphrase=PASSPHRASE) as case:
        export_dossier(case, ExportOptions(Recipient.POLICE, Path(out), lang="fr", password="benchmark-password"))


def measure(args: list[str]) -> dict[str, float]:
    """Run one side in a child process; its wall time and its own peak RSS (which the child reports)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = json.loads(done.stdout.strip().splitlines()[-1])["peak_rss_mib"]
    return {"seconds": round(elapsed, 2), "peak_rss_mib": peak}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--workdir")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        {"img2pdf": lambda: child_img2pdf(rest[1:], rest[0]), "export": lambda: child_export(rest[0], rest[1])}[kind]()
        print(json.dumps({"peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
        return 0

    sys.path.insert(0, str(ROOT))
    from evidence_kit.core.case import Case
    from evidence_kit.core.crypto import KdfParams

    work = Path(args.workdir or tempfile.mkdtemp(prefix="ek-bench-"))
    pictures_dir = work / "pictures"
    pictures_dir.mkdir(parents=True, exist_ok=True)
    pictures = sorted(pictures_dir.glob("*.png"))
    if len(pictures) != args.items:
        for old in pictures:
            old.unlink()
        pictures = make_screenshots(pictures_dir, args.items)
    case_dir = work / f"case-{args.items}"
    if not case_dir.exists():
        case, _code = Case.create(case_dir, PASSPHRASE, name="benchmark", kdf=KdfParams.for_tests())
        with case:
            for picture in pictures:
                case.add_file(picture)
    input_mib = sum(p.stat().st_size for p in pictures) / (1 << 20)

    baseline = measure(["--child", "img2pdf", str(work / "img2pdf.pdf"), *map(str, pictures)])
    ours = measure(["--child", "export", str(case_dir), str(work / "dossier.pdf")])
    result = {
        "items": args.items,
        "input_mib": round(input_mib, 1),
        "img2pdf": {**baseline, "pdf_mib": round((work / "img2pdf.pdf").stat().st_size / (1 << 20), 1)},
        "export": {**ours, "pdf_mib": round((work / "dossier.pdf").stat().st_size / (1 << 20), 1)},
        "time_ratio": round(ours["seconds"] / baseline["seconds"], 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
