"""The one clock (evidence_kit.i18n.times) and the one account label (Account.label), as a reader sees them."""

from __future__ import annotations

import pytest

from evidence_kit.core.model import Account
from evidence_kit.i18n import Translator, times

FR, EN = Translator("fr"), Translator("en")


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        # A record keeps its own offset, whatever the zone the case is shown in.
        ("2026-11-23T19:12:00+01:00", "23/11/2026 19:12 UTC+01:00"),
        ("2026-07-01T09:05:00+02:00", "01/07/2026 09:05 UTC+02:00"),
        ("2026-07-01T09:05:00-04:00", "01/07/2026 09:05 UTC-04:00"),
        # A UTC stamp of the computer's clock moves into the case's zone at that instant's offset:
        # Paris changes to summer time on 29 March 2026 at 01:00 UTC.
        ("2026-03-29T00:59:00Z", "29/03/2026 01:59 UTC+01:00"),
        ("2026-03-29T01:00:00Z", "29/03/2026 03:00 UTC+02:00"),
        # … and back on 25 October 2026 at 01:00 UTC (02:59 summer, then 02:00 winter).
        ("2026-10-25T00:59:00Z", "25/10/2026 02:59 UTC+02:00"),
        ("2026-10-25T01:00:00Z", "25/10/2026 02:00 UTC+01:00"),
    ],
)
def test_short_time_is_the_local_wall_time_and_its_offset(stamp: str, expected: str) -> None:
    assert times.short_time(FR, stamp, "Europe/Paris") == expected
    assert times.short_time(EN, stamp, "Europe/Paris") == expected


def test_long_time_reads_as_prose_with_the_offset() -> None:
    assert times.long_time(FR, "2026-11-23T19:12:00+01:00") == "23 novembre 2026 à 19 h 12 (UTC+01:00)"
    assert times.long_time(EN, "2026-11-23T19:12:00+01:00") == "23 November 2026 at 19:12 (UTC+01:00)"
    assert times.long_time(FR, "2026-07-01T09:05:00+02:00") == "1er juillet 2026 à 9 h 05 (UTC+02:00)"
    assert times.long_time(FR, "2026-07-01T09:05:00+02:00", with_time=False) == "1er juillet 2026"


def test_seconds_dates_and_unreadable_text() -> None:
    assert times.short_time(FR, "2026-11-23T18:12:05Z", "Europe/Paris", seconds=True) == "23/11/2026 19:12:05 UTC+01:00"
    assert times.short_date(FR, "2026-11-23T23:30:00Z", "Europe/Paris") == "24/11/2026"  # the local date
    assert times.short_time(FR, "hier soir") == "hier soir"
    assert times.short_time(FR, "") == ""


@pytest.mark.parametrize(
    ("seconds", "fr", "en"), [(3, "3 s", "3 s"), (125, "2 min", "2 min"), (3900, "1 h 05 min", "1 h 05 min")]
)
def test_durations_carry_their_units(seconds: float, fr: str, en: str) -> None:
    assert times.duration(FR, seconds) == fr
    assert times.duration(EN, seconds) == en


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        (
            Account(id="a", platform="whatsapp", display_name="Jade", phone="+33 6 39 98 41 27"),
            "WhatsApp: +33 6 39 98 41 27",
        ),
        (
            Account(id="a", platform="telegram", username="jade_x", phone="+33 6 39 98 41 27"),
            "Telegram: +33 6 39 98 41 27",
        ),
        (Account(id="a", platform="telegram", username="jade_x"), "Telegram: @jade_x"),
        (
            Account(
                id="a", platform="instagram", username="jade.exemple_", numeric_id="60491827350", display_name="Jade"
            ),
            "Instagram: @jade.exemple_ · id 60491827350",
        ),
        (Account(id="a", platform="snapchat", numeric_id="123", username="@jade"), "Snapchat: @jade · id 123"),
        (
            Account(id="a", platform="tiktok", profile_url="https://www.tiktok.com/@jade"),
            "TikTok: https://www.tiktok.com/@jade",
        ),
        (
            Account(id="a", platform="whatsapp", display_name="Jade"),
            "WhatsApp: “Jade” (display name only: no number, user name or id known)",
        ),
        (Account(id="a", platform="whatsapp"), "WhatsApp: no identifier known"),
    ],
)
def test_accounts_show_their_strongest_identifier_first(account: Account, expected: str) -> None:
    assert account.label(EN) == expected
    if account.display_name:
        assert account.identifiers()[-1] == ("display_name", account.display_name)  # the weakest, always last
