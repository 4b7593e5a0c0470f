"""Checking an account as a person typed it: what it must have, what looks wrong, what is tidied before saving.

No Qt: the accounts page shows the result (an error stops the save, warnings are said beside "saved"); the
messages are catalog keys.  A phone number is stored in E.164 through the one rule of ``core.phone``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from evidence_kit.core.model import Account, AccountOwner
from evidence_kit.core.phone import DEFAULT_REGION, normalise_phone

IDENTIFIER_FIELDS = ("username", "display_name", "numeric_id", "profile_url", "phone", "email")


@dataclass(frozen=True)
class AccountCheck:
    account: Account | None  # what to save; None when it cannot be saved (``error`` says why)
    error: str = ""  # catalog key
    warnings: tuple[str, ...] = ()  # catalog keys: saved anyway, but the person should look again


def check_account(
    base: Account,
    untrusted_fields: Mapping[str, str],
    *,
    platform: str,
    owner: AccountOwner,
    platform_other: str = "",
    came_from: str = "",
    note: str = "",
    region: str = DEFAULT_REGION,
) -> AccountCheck:
    """The account ``base`` with the typed identifiers (``IDENTIFIER_FIELDS``), checked and tidied.

    A platform and at least one identifier are required.  A valid phone number is stored in E.164 (read in
    ``region`` when typed without its country code); one that is not stays as typed, with a warning.  A profile
    address without its scheme gets ``https://``.
    """
    values = {key: str(untrusted_fields.get(key, "") or "").strip() for key in IDENTIFIER_FIELDS}
    if not platform:
        return AccountCheck(None, "pages.accounts.need_platform")
    if not any(values.values()):
        return AccountCheck(None, "pages.accounts.need_identifier")
    scammer = owner == AccountOwner.SCAMMER
    warnings: list[str] = []
    if values["phone"]:
        e164 = normalise_phone(values["phone"], region)
        if e164:
            values["phone"] = e164
        else:
            warnings.append("pages.accounts.phone_unusual")
    url = values["profile_url"]
    if url and not url.lower().startswith(("http://", "https://")):
        if "." in url and " " not in url:
            values["profile_url"] = "https://" + url
        else:
            warnings.append("pages.accounts.url_unusual")
    email = values["email"]
    if email and ("@" not in email or " " in email):
        warnings.append("pages.accounts.email_unusual")
    if values["username"] and " " in values["username"] and scammer:
        warnings.append("pages.accounts.username_has_space")
    account = replace(
        base,
        owner=owner,
        platform=platform,
        platform_other=platform_other.strip(),
        came_from=came_from if scammer else "",
        note=note.strip(),
        **values,
    )
    return AccountCheck(account, "", tuple(warnings))
