"""Proposes dossier passwords that are strong (≥ 80 bits) and easy to read aloud over the phone."""

from __future__ import annotations

import math
import secrets

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
