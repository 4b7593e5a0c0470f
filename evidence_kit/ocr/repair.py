"""Checksum-guided repair of what text recognition confuses in identifiers: l/1/I, O/0/o, S/5/s, B/8.

A wallet address or an IBAN read from a picture that fails its checksum is
never proposed as read. We try the readings that swap confusable characters
(first the characters the format cannot contain, then the fewest optional
swaps) and keep a repaired value only when exactly one reading at the
smallest number of changes passes the checksum; otherwise nothing is
proposed. The caller says it was repaired.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from schwifty import IBAN

from evidence_kit.chat import checksums

CONFUSABLE: dict[str, str] = {
    "l": "1Ii",
    "1": "lIi",
    "I": "1li",
    "i": "1lI",
    "|": "1lI",
    "!": "1lI",
    "O": "0o",
    "0": "Oo",
    "o": "0O",
    "Q": "0O",
    "D": "0",
    "S": "5s",
    "5": "Ss",
    "s": "5S",
    "B": "8",
    "8": "B",
    # Beyond the classic pairs, what Tesseract gave on our labelled screenshots (DejaVu Sans): 7 as a slash, J as a
    # bracket, g and q for each other.
    "/": "71",
    "]": "J1l",
    "g": "q9",
    "q": "g9",
}
# Letters whose capital is the small letter drawn larger: recognition often gets their case wrong.
for _letter in "cuvwxzkp":
    CONFUSABLE[_letter] = CONFUSABLE.get(_letter, "") + _letter.upper()
    CONFUSABLE[_letter.upper()] = CONFUSABLE.get(_letter.upper(), "") + _letter
MAX_OPTIONAL_SWAPS = 3
MAX_CANDIDATES = 50_000

_BECH32 = set("qpzry9x8gf2tvdw0s3jn54khce6mua7l")
_BASE58 = set("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
_HEX = set("0123456789abcdefABCDEF")
_ALNUM = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class RepairStatus(StrEnum):
    VALID = "valid"  # passed its checksum as read
    REPAIRED = "repaired"  # exactly one reading with the fewest swaps passes
    AMBIGUOUS = "ambiguous"  # several readings pass: none is proposed
    FAILED = "failed"  # no reading passes


class Format(StrEnum):
    BECH32 = "bech32"
    BASE58 = "base58"
    ETHEREUM = "ethereum"
    IBAN = "iban"


@dataclass(frozen=True)
class Repair:
    status: RepairStatus
    value: str = ""  # the valid value (as read or repaired); "" unless VALID or REPAIRED
    read_as: str = ""  # what the recognition gave
    changes: int = 0  # characters changed
    candidates: int = 0  # readings that passed at the smallest number of changes


def _iban_valid(text: str) -> bool:
    try:
        IBAN(text)
    except ValueError:
        return False
    return True


def _base58_valid(text: str) -> bool:
    return bool(checksums.base58_wallet(text))


_CHECKS: dict[Format, Callable[[str], bool]] = {
    Format.BECH32: lambda text: checksums.segwit_address_valid(text, "bc"),
    Format.BASE58: _base58_valid,
    Format.ETHEREUM: lambda text: checksums.eip55_valid(text) is True,
    Format.IBAN: _iban_valid,
}


def _positions(text: str, allowed: list[set[str]]) -> tuple[list[list[str]], list[tuple[int, list[str]]]] | None:
    """Per character: the forced choices (character not allowed there) and the optional swaps."""
    forced: list[list[str]] = []
    optional: list[tuple[int, list[str]]] = []
    for index, ch in enumerate(text):
        ok = allowed[index]
        swaps = [alt for alt in CONFUSABLE.get(ch, "") if alt in ok and alt != ch]
        if ch in ok:
            forced.append([ch])
            if swaps:
                optional.append((index, swaps))
        elif swaps:
            forced.append(swaps)
        else:
            return None
    return forced, optional


def _allowed(fmt: Format, text: str) -> list[set[str]] | None:
    """The characters each position of ``text`` may hold in the format (None when the length cannot fit)."""
    n = len(text)
    if fmt == Format.BECH32:
        return [{"b"}, {"c"}, {"1"}] + [_BECH32] * (n - 3) if 14 <= n <= 90 else None
    if fmt == Format.BASE58:
        return [{"1", "3"}] + [_BASE58] * (n - 1) if 26 <= n <= 35 else None
    if fmt == Format.ETHEREUM:
        return [{"0"}, {"x"}] + [_HEX] * 40 if n == 42 else None
    letters = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    digits = set("0123456789")
    return [letters, letters, digits, digits] + [_ALNUM] * (n - 4) if 15 <= n <= 34 else None


def _normalise(fmt: Format, text: str) -> str:
    """Case the format fixes, before any swap: bech32 is one case (we read it lower), an IBAN upper."""
    if fmt == Format.BECH32:
        return text.lower() if text.lower() != text and text.upper() != text else text.lower()
    if fmt == Format.ETHEREUM:
        return text[:2].lower().replace("o", "0") + text[2:]
    if fmt == Format.IBAN:
        return text.upper().replace("|", "I")
    return text


def _search(fmt: Format, text: str, max_swaps: int) -> set[str] | None:
    """The readings that pass at the smallest number of optional swaps (None when none does, or too many to try)."""
    check = _CHECKS[fmt]
    allowed = _allowed(fmt, text)
    found = _positions(text, allowed) if allowed is not None else None
    if found is None:
        return None
    forced, optional = found
    tried = 0
    for k in range(max_swaps + 1):
        passing: set[str] = set()
        for chosen in itertools.combinations(optional, k):
            for forced_choice in itertools.product(*forced):
                chars = list(forced_choice)
                for swaps in itertools.product(*(alts for _index, alts in chosen)):
                    for (index, _alts), alt in zip(chosen, swaps, strict=True):
                        chars[index] = alt
                    candidate = "".join(chars)
                    tried += 1
                    if check(candidate):
                        passing.add(candidate)
                    if tried > MAX_CANDIDATES:
                        return None
        if passing:
            return passing
    return None


@lru_cache(maxsize=1024)  # the same run comes up in several views of a block (joined lines, second readings)
def repair(fmt: Format, read_as: str) -> Repair:
    """Check ``read_as`` (no spaces) against its format's checksum, and repair confusable characters if it fails.

    When no swap of confusable characters passes, one character too many (a stray letter the recognition added)
    is tried away, with at most one swap more: again only a single passing reading is kept.
    """
    text = _normalise(fmt, read_as)
    if _CHECKS[fmt](text):
        status = RepairStatus.VALID if text == read_as else RepairStatus.REPAIRED
        return Repair(status, text, read_as, _distance(text, read_as), 1)
    passing = _search(fmt, text, MAX_OPTIONAL_SWAPS)
    if passing is None:
        passing = set()
        for index in range(len(text)):
            passing |= _search(fmt, text[:index] + text[index + 1 :], 1) or set()
    if len(passing) == 1:
        value = passing.pop()
        return Repair(RepairStatus.REPAIRED, value, read_as, _distance(value, read_as), 1)
    if passing:
        return Repair(RepairStatus.AMBIGUOUS, read_as=read_as, candidates=len(passing))
    return Repair(RepairStatus.FAILED, read_as=read_as)


def _distance(value: str, read_as: str) -> int:
    """Characters changed (a removed one counts once)."""
    if len(value) == len(read_as):
        return sum(a != b for a, b in zip(value, read_as, strict=True))
    return 1 + min(
        (sum(a != b for a, b in zip(value, read_as[:i] + read_as[i + 1 :], strict=True)) for i in range(len(read_as))),
        default=0,
    )


# --- finding what may be a damaged identifier in recognised text ------------------------------------------------

_EDGE_BEFORE = r"(?<![A-Za-z0-9|/\]])"
_EDGE_AFTER = r"(?![A-Za-z0-9|/\]])"
LOOSE_PATTERNS: dict[Format, re.Pattern[str]] = {
    Format.BECH32: re.compile(_EDGE_BEFORE + r"[bB8][cC][1lI|!][A-Za-z0-9|/\]]{11,88}" + _EDGE_AFTER),
    Format.ETHEREUM: re.compile(_EDGE_BEFORE + r"[0Oo][xX][A-Za-z0-9|/\]]{40,41}" + _EDGE_AFTER),
    Format.BASE58: re.compile(_EDGE_BEFORE + r"[13lI|][A-Za-z0-9|/\]]{25,35}" + _EDGE_AFTER),
    Format.IBAN: re.compile(_EDGE_BEFORE + r"[A-Z]{2}(?:\d[0-9OolISB|]|[OolISB|]\d)(?:[ \u00a0]?[A-Za-z0-9|]){11,32}"),
}


@dataclass(frozen=True)
class LooseMatch:
    fmt: Format
    raw: str  # as it stands in the text (an IBAN with its spaces)
    start: int
    repair: Repair


def _iban_runs(raw: str) -> list[str]:
    """The compact runs an IBAN read with spaces may be: whole groups, the longest first."""
    tokens = re.split(r"[ \u00a0]", raw)
    runs = []
    for end in range(len(tokens), 0, -1):
        compact = "".join(tokens[:end])
        if 15 <= len(compact) <= 34:
            runs.append(compact)
    return runs


def find_damaged(text: str) -> list[LooseMatch]:
    """Every run of ``text`` shaped like a wallet address or an IBAN, checked and repaired where possible."""
    found: list[LooseMatch] = []
    for fmt, pattern in LOOSE_PATTERNS.items():
        for match in pattern.finditer(text):
            raw = match.group(0)
            if fmt == Format.BASE58 and (raw.isalpha() or raw.isdigit()):
                continue  # a long word or a number, not an address
            if fmt == Format.IBAN and sum(c.isdigit() for c in raw) < 10:
                continue  # words in capitals, not an account number
            if fmt == Format.IBAN:
                best: LooseMatch | None = None
                for compact in _iban_runs(raw):
                    result = repair(fmt, compact)
                    if result.status in (RepairStatus.VALID, RepairStatus.REPAIRED):
                        best = LooseMatch(fmt, raw, match.start(), result)
                        break
                    best = best or LooseMatch(fmt, raw, match.start(), result)
                if best is not None:
                    found.append(best)
                continue
            found.append(LooseMatch(fmt, raw, match.start(), repair(fmt, raw)))
    return found
