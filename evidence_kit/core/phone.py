"""Phone numbers, one rule for the whole program: stored in E.164, shown in the national format of the case's country.

Built on Google's numbering plans (the ``phonenumbers`` library). ``normalise_phone`` reads what a person typed
into a form; ``written_phone`` is stricter and reads what someone wrote in free text (a chat), where digit runs
are also dates, times and file names.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

DEFAULT_REGION = "FR"
_DIGIT_GROUPS = re.compile(r"\d+")


def _region(region: str) -> str | None:
    region = (region or "").strip().upper()
    return region if len(region) == 2 and region.isalpha() else None


def _parse(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, _region(region))
    except NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """E.164 ("+33612345678") for a valid number typed in any usual way; "" otherwise.

    ``region`` (ISO 3166 alpha-2) is the country a number without ``+`` belongs to.
    """
    number = _parse(text.strip(), region) if text and text.strip() else None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164) if number is not None else ""


def written_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """E.164 for a number written as people write phone numbers, "" for any other digits.

    Accepted: an international form (``+33 6 12…``, ``0033 6…``), or a national form of ``region``: the
    national prefix first (``06 12 34 56 78``, ``0612345678``), or for a country whose numbers carry no prefix
    when dialled at home (the United States), the national grouping itself (``(415) 555-1234``).
    """
    text = text.strip()
    number = _parse(text, region) if text else None
    if number is None:
        return ""
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if text.startswith("+") or text.startswith("00"):
        return e164
    home = _region(region)
    if home is None or phonenumbers.region_code_for_number(number) != home:
        return ""  # a national form only belongs to the chat's own country
    written = _DIGIT_GROUPS.findall(text)
    prefix = _national_prefix(home)
    if prefix and written[0].startswith(prefix):
        return e164
    national = _DIGIT_GROUPS.findall(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
    return e164 if written == national and len(written) > 1 else ""


def _national_prefix(region: str) -> str:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    prefix = metadata.national_prefix if metadata is not None else None
    # Regions whose "prefix" is the country code again (NANP's "1") do not write it at home.
    if not prefix or prefix == str(phonenumbers.country_code_for_region(region)):
        return ""
    return prefix


def display_phone(e164: str, region: str = DEFAULT_REGION) -> str:
    """How a person of ``region`` reads the number: national format at home ("06 12 34 56 78"), else international
    ("+44 7400 123456"); the text unchanged when it is no valid number."""
    number = _parse(e164, region) if e164 else None
    if number is None:
        return e164
    same = phonenumbers.region_code_for_number(number) == _region(region)
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL if same else PhoneNumberFormat.INTERNATIONAL)


def region_of(e164: str) -> str:
    """The ISO country of a valid number ("FR"), "" when unknown."""
    number = _parse(e164, "") if e164.startswith("+") else None
    if number is None:
        return ""
    return phonenumbers.region_code_for_number(number) or ""


def is_phone_region(region: str) -> bool:
    """Whether ``region`` is a country with a numbering plan (to check a setting)."""
    found = _region(region)
    return found is not None and found in phonenumbers.SUPPORTED_REGIONS


__all__ = ["DEFAULT_REGION", "display_phone", "is_phone_region", "normalise_phone", "region_of", "written_phone"]
