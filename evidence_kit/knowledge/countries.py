"""Which country's helplines to show: from the system locale, changeable by the person.

Countries are region codes: ``FR``, ``BE``, ``CH``, ``CA-QC`` (Québec; the
Canadian services in the data are national or Québec ones), and ``OTHER``
for anywhere else, which shows only the services that work everywhere.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping

FRANCE = "FR"
BELGIUM = "BE"
SWITZERLAND = "CH"
QUEBEC = "CA-QC"
OTHER_COUNTRY = "OTHER"
SUPPORTED_COUNTRIES: tuple[str, ...] = (FRANCE, BELGIUM, SWITZERLAND, QUEBEC, OTHER_COUNTRY)
DEFAULT_COUNTRY = FRANCE

# Overseas parts of France use the French services (a 2-letter locale territory code each).
_FRENCH_TERRITORIES = {"FR", "RE", "GP", "MQ", "GF", "YT", "PM", "NC", "PF", "BL", "MF", "WF"}
_ALIASES = {"CA": QUEBEC, "QC": QUEBEC, "CA-QC": QUEBEC, "BE": BELGIUM, "CH": SWITZERLAND, "OTHER": OTHER_COUNTRY}


def normalize_country(code: str | None) -> str:
    """A supported region code for ``code`` ("ca", "CA-QC", "fr", "RE"…); unknown codes give ``OTHER``."""
    value = (code or "").strip().upper().replace("_", "-")
    if not value:
        return DEFAULT_COUNTRY
    if value in _FRENCH_TERRITORIES:
        return FRANCE
    return _ALIASES.get(value, OTHER_COUNTRY)


def country_from_locale(locale_name: str | None) -> str:
    """The region for a locale name such as ``fr_BE.UTF-8``, ``de-CH``, ``en_CA`` or ``fr``.

    A bare language or a locale that says nothing ("C", "POSIX", empty) gives
    the default, France: the program is French first.
    """
    name = (locale_name or "").split(".")[0].split("@")[0].replace("-", "_")
    if not name or name.upper() in ("C", "POSIX"):
        return DEFAULT_COUNTRY
    language, _, territory = name.partition("_")
    if not territory:
        return DEFAULT_COUNTRY if language.lower() == "fr" else OTHER_COUNTRY
    return normalize_country(territory)


def system_country(environ: Mapping[str, str] | None = None) -> str:
    """The region of this computer: ``EVIDENCE_KIT_COUNTRY`` if set, else the locale variables, else the locale."""
    environ = os.environ if environ is None else environ
    explicit = environ.get("EVIDENCE_KIT_COUNTRY", "")
    if explicit:
        return normalize_country(explicit)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value and value.split(".")[0] not in ("C", "POSIX"):
            return country_from_locale(value)
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return country_from_locale(code)
