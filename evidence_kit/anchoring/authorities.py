"""Which timestamping authorities a vault asks, and the short name each token file is given (custody-17-freetsa.tsr)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from evidence_kit.core.errors import UsageError

# Two independent services, free of charge, that answer anonymous RFC 3161 requests over HTTP(S).
# Their terms are summarised in the README ("Trusted timestamps while the vault grows").
DEFAULT_AUTHORITY_URLS: tuple[str, ...] = (
    "https://freetsa.org/tsr",
    "http://timestamp.digicert.com",
)

_GENERIC_LABELS = {"timestamp", "timestamping", "tsa", "ts", "www", "time", "rfc3161", "tsp", "api"}


@dataclass(frozen=True)
class Authority:
    url: str
    slug: str  # lower-case letters, digits and dashes; unique within a vault

    def to_dict(self) -> dict[str, str]:
        return {"url": self.url, "slug": self.slug}


def check_url(untrusted_url: str) -> str:
    """An authority's address must be an http(s) URL with a host; returns it stripped."""
    url = untrusted_url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError("anchor.error.bad_url", url=url)
    return url


def slug_for(url: str) -> str:
    """freetsa.org -> freetsa, timestamp.digicert.com -> digicert, 127.0.0.1:8080 -> tsa-127-0-0-1-8080."""
    parts = urlsplit(url)
    host = (parts.hostname or "tsa").lower()
    try:
        ipaddress.ip_address(host)
        name = "tsa-" + host + (f"-{parts.port}" if parts.port else "")
    except ValueError:
        labels = host.split(".")
        if len(labels) > 1:
            labels = labels[:-1]  # the top-level domain says nothing about the authority
        meaningful = [label for label in labels if label not in _GENERIC_LABELS]
        name = (meaningful or labels)[-1]
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "tsa"


def authorities_for(urls: Iterable[str]) -> list[Authority]:
    """One Authority per distinct URL, each with a slug no other one has."""
    found: list[Authority] = []
    used: set[str] = set()
    for raw in urls:
        url = check_url(raw)
        if any(a.url == url for a in found):
            continue
        base = slug_for(url)
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        found.append(Authority(url, slug))
    return found
