"""Account form checks in the core: what must be there, what is tidied, what is flagged (no Qt involved)."""

from __future__ import annotations

from evidence_kit.core.account_form import check_account
from evidence_kit.core.model import Account, AccountOwner

NEW = Account(id="", platform="")


def test_a_platform_and_one_identifier_are_required() -> None:
    assert check_account(NEW, {"username": "lea"}, platform="", owner=AccountOwner.SCAMMER).error == (
        "pages.accounts.need_platform"
    )
    blank = check_account(NEW, {"username": "  "}, platform="instagram", owner=AccountOwner.SCAMMER)
    assert blank.account is None and blank.error == "pages.accounts.need_identifier"


def test_a_typed_french_number_is_stored_in_e164_like_an_imported_one() -> None:
    # 06 12 34 56 78 read in France is +33 6 12 34 56 78: E.164 drops the spaces and the national 0.
    checked = check_account(NEW, {"phone": "06 12 34 56 78"}, platform="whatsapp", owner=AccountOwner.SCAMMER)
    assert checked.account is not None and checked.account.phone == "+33612345678"
    assert checked.warnings == ()
    # The same number typed in its international form, from a Belgian computer.
    abroad = check_account(
        NEW, {"phone": "+33 6 12 34 56 78"}, platform="whatsapp", owner=AccountOwner.SCAMMER, region="BE"
    )
    assert abroad.account is not None and abroad.account.phone == "+33612345678"


def test_a_number_that_is_not_one_is_kept_as_typed_with_a_warning() -> None:
    checked = check_account(NEW, {"phone": "12"}, platform="whatsapp", owner=AccountOwner.SCAMMER)
    assert checked.account is not None and checked.account.phone == "12"
    assert checked.warnings == ("pages.accounts.phone_unusual",)


def test_addresses_and_names_are_tidied_or_flagged() -> None:
    checked = check_account(
        NEW,
        {"profile_url": "instagram.com/lea.du.75", "email": "lea at mail", "username": "lea du 75"},
        platform="instagram",
        owner=AccountOwner.SCAMMER,
        came_from="account-1",
        note="  met there  ",
    )
    account = checked.account
    assert account is not None
    assert account.profile_url == "https://instagram.com/lea.du.75"
    assert account.came_from == "account-1" and account.note == "met there"
    assert checked.warnings == ("pages.accounts.email_unusual", "pages.accounts.username_has_space")
    bad_url = check_account(NEW, {"profile_url": "my profile"}, platform="instagram", owner=AccountOwner.SCAMMER)
    assert bad_url.warnings == ("pages.accounts.url_unusual",)


def test_the_victims_own_account_keeps_no_path_and_a_space_in_its_name_is_fine() -> None:
    checked = check_account(
        NEW, {"username": "my name"}, platform="snapchat", owner=AccountOwner.VICTIM, came_from="account-1"
    )
    assert checked.account is not None and checked.account.came_from == "" and checked.warnings == ()
    assert checked.account.owner == AccountOwner.VICTIM


def test_an_existing_account_keeps_what_the_form_does_not_show() -> None:
    base = Account(id="account-3", platform="instagram", username="old", reported_at="2026-03-01T10:00:00+01:00")
    checked = check_account(base, {"username": "new"}, platform="instagram", owner=AccountOwner.SCAMMER)
    assert checked.account is not None
    assert checked.account.id == "account-3" and checked.account.username == "new"
    assert checked.account.reported_at == "2026-03-01T10:00:00+01:00"
