"""Benchmark: how far the key-message rules can be trusted, per language (fr, en, de, es).

Usage: python benchmarks/chat_flags.py

Benign: 6,000 everyday sentences per language from the Tatoeba project (tests/data/chats/benign, CC-BY 2.0 FR)
and the teenagers' lines of issue 15 (tests/data/chats/benign-teen.txt). Threats: tests/data/chats/threats.tsv.
Only threat and payment-demand proposals are counted (the proposals a person has to dismiss one by one).
Prints, per language: the benign messages read, the false proposals (and their rate per 5,000 messages, target
at most 1), the threat-set lines, the missed ones (recall, target 100 %), and the precision over both sets.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evidence_kit.chat.flags import FlagKind, flag_message  # noqa: E402

DATA = ROOT / "tests" / "data" / "chats"
COUNTED = {FlagKind.THREAT, FlagKind.PAYMENT_DEMAND}
LANGUAGES = ("fr", "en", "de", "es")


def benign(lang: str) -> list[str]:
    with gzip.open(DATA / "benign" / f"tatoeba-{lang}.txt.gz", "rt", encoding="utf-8") as handle:
        return [line for line in handle.read().split("\n") if line]


def threats() -> dict[str, list[tuple[set[FlagKind], str]]]:
    found: dict[str, list[tuple[set[FlagKind], str]]] = {lang: [] for lang in LANGUAGES}
    for line in (DATA / "threats.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lang, kinds, text = line.split("\t")
        found[lang].append(({FlagKind(k) for k in kinds.split("+")}, text))
    return found


def counted(text: str) -> set[FlagKind]:
    flags = flag_message(text)
    return set(flags.kinds) & COUNTED if flags is not None else set()


def measure() -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    threat_set = threats()
    teen = [t for t in (DATA / "benign-teen.txt").read_text(encoding="utf-8").splitlines() if t and t[0] != "#"]
    for lang in LANGUAGES:
        messages = benign(lang) + (teen if lang == "en" else [])
        false = [m for m in messages if counted(m)]
        hits = [(want, text) for want, text in threat_set[lang] if want <= counted(text)]
        true_positive = sum(len(want) for want, _ in hits)
        results[lang] = {
            "benign": len(messages),
            "false": len(false),
            "per_5000": 5000 * len(false) / len(messages),
            "threats": len(threat_set[lang]),
            "missed": len(threat_set[lang]) - len(hits),
            "recall": len(hits) / len(threat_set[lang]),
            "precision": true_positive / (true_positive + len(false)) if true_positive + len(false) else 1.0,
        }
    return results


def main() -> int:
    results = measure()
    print(f"{'lang':<5}{'benign':>8}{'false':>7}{'/5000':>8}{'threats':>9}{'missed':>8}{'recall':>8}{'precision':>11}")
    ok = True
    for lang, r in results.items():
        print(
            f"{lang:<5}{r['benign']:>8.0f}{r['false']:>7.0f}{r['per_5000']:>8.2f}{r['threats']:>9.0f}"
            f"{r['missed']:>8.0f}{r['recall']:>8.0%}{r['precision']:>11.1%}"
        )
        ok = ok and r["per_5000"] <= 1 and r["missed"] == 0
    print("within targets" if ok else "OUT OF TARGETS")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
