"""The computer's clock, written the way a dossier needs it: UTC, local time with offset, zone name."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Instant:
    utc: str
    local: str
    zone: str


def now() -> Instant:
    moment = dt.datetime.now(dt.UTC).replace(microsecond=0)
    local = moment.astimezone()
    return Instant(
        utc=moment.isoformat().replace("+00:00", "Z"),
        local=local.isoformat(),
        zone=local_zone_name(local),
    )


def utc_iso(timestamp: float) -> str:
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def local_zone_name(local: dt.datetime | None = None) -> str:
    """The IANA name where the system tells it (Europe/Paris), else the abbreviation (CET)."""
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if "/" in tz_env:
        return tz_env
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    timezone_file = Path("/etc/timezone")
    try:
        if timezone_file.is_file():
            name = timezone_file.read_text().strip()
            if name:
                return name
    except OSError:
        pass
    local = local or dt.datetime.now().astimezone()
    return local.tzname() or "local"


def parse_iso(text: str) -> dt.datetime:
    """Accepts ISO 8601 with or without a zone (a naive time is taken as local time)."""
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.astimezone()
    return value
