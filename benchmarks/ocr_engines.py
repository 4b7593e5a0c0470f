"""Compares the text-recognition engines on the labelled screenshots of tests/data/ocr (how the default was chosen).

For each engine available here, in its own process (so memory is its own): character error rate against the
labels, the share of labelled identifiers (IBAN, BTC/ETH addresses, coupon codes, handles) proposed exactly after
the checksum-guided repair, the share of accented words read with their accents, time and peak memory per image,
and what the engine adds to an installation (its wheels' files, beyond what Evidence Kit already needs).

    python3 benchmarks/ocr_engines.py [--engines tesseract,rapidocr] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
import unicodedata
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "ocr"
sys.path.insert(0, str(ROOT))

# What each engine brings with it (the distributions, and files outside them that ship with the program).
ENGINE_DISTRIBUTIONS = {"tesseract": ["tesserocr"], "rapidocr": ["rapidocr", "onnxruntime"]}


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def accented_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text) if not w.isascii()}


def run_engine(name: str, limit: int) -> dict[str, object]:
    """Runs inside the child process: reads every labelled picture with one engine instance."""
    from PIL import Image

    from evidence_kit.ocr.engine import get_engine
    from evidence_kit.ocr.proposals import analyse_text

    labels = json.loads((DATA / "labels.json").read_text(encoding="utf-8"))[:limit]
    started = time.perf_counter()
    engine = get_engine(name)
    engine.read(Image.new("RGB", (200, 60), "white"))  # models loaded before timing
    load_seconds = time.perf_counter() - started
    rows = []
    for label in labels:
        with Image.open(DATA / label["file"]) as image:
            image.load()
            begin = time.perf_counter()
            read = engine.read(image)
            seconds = time.perf_counter() - begin
        analysis = analyse_text(read.text, label["app"], alternates=read.alternates)
        text = read.text
        got = {(i.kind.value, i.value) for i in analysis.identifiers}
        wanted = [(i["kind"], i["value"]) for i in label["identifiers"]]
        accents = accented_words(label["text"])
        rows.append(
            {
                "file": label["file"],
                "seconds": seconds,
                "errors": levenshtein(flat(label["text"]), flat(text)),
                "chars": len(flat(label["text"])),
                "identifiers": sum(w in got for w in wanted),
                "identifiers_wanted": len(wanted),
                "repaired": sum(i.repaired for i in analysis.identifiers),
                "missed": [v for k, v in wanted if (k, v) not in got],
                "accents": len(accents & accented_words(text)),
                "accents_wanted": len(accents),
            }
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"engine": name, "version": engine.provenance().version, "load_seconds": load_seconds,
            "peak_mib": peak, "rows": rows}  # fmt: skip


def _requirement_names(dist: metadata.Distribution) -> list[str]:
    names = []
    for requirement in dist.requires or []:
        if "extra ==" in requirement:
            continue
        names.append(re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0])
    return names


def _closure(names: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        todo += _requirement_names(dist)
    return seen


def added_install_bytes(engine: str) -> tuple[int, list[str]]:
    """Bytes of the distributions an engine pulls in that Evidence Kit's own dependencies do not already bring."""
    engines = {name.lower() for names in ENGINE_DISTRIBUTIONS.values() for name in names}
    ours = _closure([n for n in _requirement_names(metadata.distribution("evidence-kit")) if n.lower() not in engines])
    added = sorted(_closure(ENGINE_DISTRIBUTIONS[engine]) - ours)
    total = 0
    for name in added:
        for file in metadata.distribution(name).files or []:
            path = Path(str(file.locate()))
            if path.is_file():
                total += path.stat().st_size
    if engine == "tesseract":
        total += sum(p.stat().st_size for p in (ROOT / "resources" / "ocr" / "tessdata").glob("*.traineddata"))
    return total, added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="tesseract,rapidocr")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_engine(args.child, args.limit)))
        return 0
    print(f"{'engine':<10} {'CER':>6} {'ids exact':>10} {'repaired':>8} {'accents':>8} {'s/image':>8} "
          f"{'max s':>6} {'load s':>6} {'peak MiB':>8} {'added MB':>8}")  # fmt: skip
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for name in args.engines.split(","):
        child = subprocess.run(
            [sys.executable, __file__, "--child", name, "--limit", str(args.limit)],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        if child.returncode != 0:
            print(f"{name:<10} not available here: {child.stderr.strip().splitlines()[-1:]}")
            continue
        result = json.loads(child.stdout.strip().splitlines()[-1])
        rows = result["rows"]
        cer = sum(r["errors"] for r in rows) / sum(r["chars"] for r in rows)
        ids = sum(r["identifiers"] for r in rows), sum(r["identifiers_wanted"] for r in rows)
        accents = sum(r["accents"] for r in rows), sum(r["accents_wanted"] for r in rows)
        times = [r["seconds"] for r in rows]
        size, dists = added_install_bytes(name)
        print(f"{name:<10} {cer:6.2%} {ids[0]:>4}/{ids[1]:<5} {sum(r['repaired'] for r in rows):>8} "
              f"{accents[0]:>3}/{accents[1]:<4} {sum(times) / len(times):8.2f} {max(times):6.2f} "
              f"{result['load_seconds']:6.2f} {result['peak_mib']:8.0f} {size / 1e6:8.1f}")  # fmt: skip
        print(f"           {result['version']}; adds {', '.join(dists)}")
        for row in rows:
            if row["missed"]:
                print(f"           {row['file']}: missed {', '.join(row['missed'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
