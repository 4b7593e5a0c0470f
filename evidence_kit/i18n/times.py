"""One clock for everything a person or a recipient reads: the local wall time, then its UTC offset.

Every time of day printed by the program goes through ``short_time`` ("23/11/2026
19:12 UTC+01:00") or ``long_time`` ("le 23 novembre 2026 à 19 h 12 (UTC+01:00)").
A record keeps its own offset: a date a person entered with +01:00 in winter and
another entered with +02:00 in summer print with those offsets.  A stamp of the
computer's clock stored in UTC ("…Z") is shown in the case's zone, with the offset
that zone had at that instant (so summer time is right on both sides of a change).
Durations are written with units ("3 s", "2 min"), never like a time of day.
No Qt here: the window, the command line and the dossier all call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol


class _Translate(Protocol):
    def __call__(self, key: str, n: int | float | None = None, **params: Any) -> str: ...


Moment = dt.datetime | str


@cache
def zone_info(name: str) -> dt.tzinfo | None:
    """The IANA zone ``name`` ("Europe/Paris"), or None when unknown or when no zone database is installed."""
    if not name:
        return None
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - unknown name, or no tz database (some Windows installs)
        return None


def parse(text: str) -> dt.datetime | None:
    """An ISO 8601 date and time; None when empty or unreadable.  A naive one is taken as the computer's time."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.astimezone()


def _is_utc_stamp(text: str, moment: dt.datetime) -> bool:
    return moment.utcoffset() == dt.timedelta(0) and text.strip().endswith(("Z", "+00:00"))


def wall(value: Moment, zone: str | dt.tzinfo | None = None) -> dt.datetime | None:
    """The aware wall time to print for ``value``.

    A time with its own offset keeps it; a UTC stamp ("Z") is moved into ``zone``
    (a name or a tzinfo; None: the computer's zone) at the offset of that instant.
    """
    moment: dt.datetime | None
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.astimezone()
        utc_stamp = moment.tzinfo is dt.UTC
    else:
        moment = parse(value)
        utc_stamp = moment is not None and _is_utc_stamp(value, moment)
    if moment is None:
        return None
    if utc_stamp:
        tz = zone_info(zone) if isinstance(zone, str) else zone
        moment = moment.astimezone(tz) if tz is not None else moment.astimezone()
    return moment


def offset_text(moment: dt.datetime) -> str:
    """ "UTC+01:00", "UTC-04:00", "UTC+00:00"."""
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def short_time(t: _Translate, value: Moment, zone: str | dt.tzinfo | None = None, seconds: bool = False) -> str:
    """ "23/11/2026 19:12 UTC+01:00" (``seconds``: "19:12:05"); the text unchanged when it is not a date."""
    moment = wall(value, zone)
    if moment is None:
        return value if isinstance(value, str) else ""
    clock = f"{moment.hour:02d}:{moment.minute:02d}" + (f":{moment.second:02d}" if seconds else "")
    return t("time.short", date=short_date(t, moment), time=clock, offset=offset_text(moment))


def short_date(t: _Translate, value: Moment, zone: str | dt.tzinfo | None = None) -> str:
    """ "23/11/2026": the local date of the record (no time of day, so no offset needed)."""
    moment = wall(value, zone)
    if moment is None:
        return value if isinstance(value, str) else ""
    return t("time.date", day=f"{moment.day:02d}", month=f"{moment.month:02d}", year=moment.year)


def long_time(t: _Translate, value: Moment, zone: str | dt.tzinfo | None = None, with_time: bool = True) -> str:
    """Prose: "23 novembre 2026 à 19 h 12 (UTC+01:00)" / "23 November 2026 at 19:12 (UTC+01:00)"."""
    moment = wall(value, zone)
    if moment is None:
        return value if isinstance(value, str) else ""
    day = "1er" if getattr(t, "lang", "") == "fr" and moment.day == 1 else str(moment.day)
    month = t(f"time.month.{moment.month}")
    if not with_time:
        return t("time.long_date", day=day, month=month, year=moment.year)
    return t(
        "time.long",
        day=day,
        month=month,
        year=moment.year,
        hour=str(moment.hour),
        minute=f"{moment.minute:02d}",
        offset=offset_text(moment),
    )


def duration(t: _Translate, seconds: float) -> str:
    """ "3 s", "2 min", "1 h 05 min": a length of time, with its units."""
    total = max(0, round(seconds))
    if total < 60:
        return t("time.seconds", n=total)
    minutes = round(total / 60) if total < 3600 else total // 60
    if minutes < 60:
        return t("time.minutes", n=minutes)
    return t("time.hours_minutes", hours=minutes // 60, minutes=f"{minutes % 60:02d}")


def zone_of_items(items: Sequence[object]) -> str:
    """The zone a case's records are shown in: the zone of the computer that obtained its latest item.

    Falls back to the computer's own zone when no item names a zone this machine knows.
    """
    for item in reversed(items):
        name = str(getattr(item, "time_zone", "") or "")
        if zone_info(name) is not None:
            return name
    from evidence_kit.core.clock import local_zone_name

    return local_zone_name()
