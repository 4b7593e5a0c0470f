"""Dossier passwords: proposes strong ones (≥ 80 bits) easy to read aloud over the phone, checks chosen ones
with a maintained strength estimator (zxcvbn), and makes the owner password (random, never shown)."""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

# Lower-case letters and digits without the look-alikes (0/o, 1/l/i) and without
# letters whose French and English names sound alike over a bad line (b/d/p/t/v, m/n, g/j).
ALPHABET = "acefhkqrsuwxyz2345679"
GROUP_SIZE = 4
GROUPS = 5
SEPARATOR = "-"


def password_bits(groups: int = GROUPS, group_size: int = GROUP_SIZE) -> float:
    """The entropy of a proposed password, in bits."""
    return groups * group_size * math.log2(len(ALPHABET))


def propose_password(groups: int = GROUPS, group_size: int = GROUP_SIZE) -> str:
    """A random password such as ``k7qs-9wea-...``: groups of four characters, dashes between them."""
    if password_bits(groups, group_size) < 80:
        raise ValueError("a dossier password needs at least 80 bits")
    return SEPARATOR.join("".join(secrets.choice(ALPHABET) for _ in range(group_size)) for _ in range(groups))


# --- a chosen password's strength ---------------------------------------------------------------------

MIN_LENGTH = 8
MIN_SCORE = 3  # zxcvbn's scale 0-4: 3 is "safely unguessable" (about 10^8 guesses and more)
_REASONS = {  # zxcvbn's match patterns -> our reasons (catalog keys password.weak.<reason>)
    "dictionary": "common",
    "spatial": "keyboard",
    "repeat": "repeat",
    "sequence": "sequence",
    "regex": "date",
    "date": "date",
}


@dataclass(frozen=True)
class Weakness:
    """Why a chosen password is refused; ``reason`` names a catalog message ``password.weak.<reason>``."""

    reason: str
    score: int  # zxcvbn's 0-4


def check_password(password: str, context: Iterable[str] = ()) -> Weakness | None:
    """None when the password is strong enough for a dossier, else why not.

    ``context``: words a guesser would try first (the case's name, the recipient…).
    """
    if len(password) < MIN_LENGTH:
        return Weakness("short", 0)
    from zxcvbn import zxcvbn

    # zxcvbn's cost grows with the length; past 100 characters the first 100 decide
    result = zxcvbn(password[:100], user_inputs=[w for w in context if w])
    score = int(result["score"])
    if score >= MIN_SCORE:
        return None
    patterns = [str(match.get("pattern", "")) for match in result.get("sequence", [])]
    reason = next((_REASONS[p] for p in patterns if p in _REASONS), "guessable")
    return Weakness(reason, score)


def owner_password() -> str:
    """The PDF owner password: random, 256 bits, never shown nor kept (no one needs to change the dossier)."""
    return secrets.token_urlsafe(32)
