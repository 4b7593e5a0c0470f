"""Identifiers found in messages are checked: a string that fails its checksum is never proposed as valid."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_kit.chat import checksums
from evidence_kit.chat.flags import FlagKind, flag_message
from evidence_kit.chat.identifiers import IdentifierKind, brand_named, find_identifiers

BTC_P2PKH = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
BTC_P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
BTC_BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
BTC_P2WSH = "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"
BTC_TAPROOT = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
IBAN_FR = "FR76 3000 6000 0112 3456 7890 189"


def _one(text: str, kind: IdentifierKind, **kwargs: object) -> list:
    return [i for i in find_identifiers(text, **kwargs) if i.kind == kind]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "network"),
    [
        (BTC_P2PKH, "bitcoin"),
        (BTC_P2SH, "bitcoin"),
        (BTC_BECH32, "bitcoin"),
        (BTC_P2WSH, "bitcoin"),
        (BTC_TAPROOT, "bitcoin"),
        (ETH, "ethereum"),
        (TRON, "tron"),
    ],
)
def test_valid_wallets_are_found_and_checked(address: str, network: str) -> None:
    (found,) = _one(f"envoie sur {address}, merci", IdentifierKind.CRYPTO)
    assert (found.value, found.network, found.valid, found.checked) == (address, network, True, True)


@pytest.mark.parametrize(
    "address",
    [
        BTC_P2PKH[:-1] + "b",  # base58check fails
        BTC_BECH32[:-1] + "p",  # bech32 fails
        "bc1q" + BTC_TAPROOT[4:],  # a v0 program with a bech32m checksum (BIP-350)
        ETH[:-1] + "D",  # EIP-55 case wrong
        TRON[:-1] + "u",
    ],
)
def test_wallets_failing_their_checksum_are_not_valid(address: str) -> None:
    (found,) = _one(f"wallet: {address}", IdentifierKind.CRYPTO)
    assert not found.valid and not found.checked


def test_lowercase_ethereum_has_no_checksum_and_says_so() -> None:
    (found,) = _one(ETH.lower(), IdentifierKind.CRYPTO)
    assert found.valid and not found.checked


def test_eip55_encoding_round_trips() -> None:
    assert checksums.eip55_encode(ETH.lower()) == ETH
    assert checksums.eip55_valid(ETH) is True


@settings(max_examples=200, deadline=None)
@given(st.integers(2, len(ETH) - 1))
def test_any_case_flip_of_an_eip55_letter_fails(position: int) -> None:
    char = ETH[position]
    if not char.isalpha():
        return
    flipped = ETH[:position] + char.swapcase() + ETH[position + 1 :]
    assert checksums.eip55_valid(flipped) is False


@settings(max_examples=200, deadline=None)
@given(st.integers(4, len(BTC_BECH32) - 1), st.sampled_from("qpzry9x8gf2tvdw0s3jn54khce6mua7l"))
def test_any_one_character_change_of_a_bech32_address_fails(position: int, char: str) -> None:
    changed = BTC_BECH32[:position] + char + BTC_BECH32[position + 1 :]
    if changed == BTC_BECH32:
        return
    assert not checksums.segwit_address_valid(changed, "bc")


@settings(max_examples=200, deadline=None)
@given(st.integers(4, 26), st.sampled_from("0123456789"))
def test_any_one_digit_change_of_an_iban_is_not_proposed(position: int, digit: str) -> None:
    compact = IBAN_FR.replace(" ", "")
    changed = compact[:position] + digit + compact[position + 1 :]
    found = _one(f"IBAN {changed} merci", IdentifierKind.IBAN)
    if changed == compact:
        assert found[0].valid
    else:
        assert not found or not found[0].valid


def test_iban_with_spaces_stops_before_the_next_word() -> None:
    (found,) = _one(f"mon IBAN {IBAN_FR} MERCI BEAUCOUP", IdentifierKind.IBAN)
    assert found.value == IBAN_FR.replace(" ", "") and found.valid and found.raw == IBAN_FR


def test_phones_are_normalised_and_invalid_ones_ignored() -> None:
    found = _one("appelle le 06 12 34 56 78 ou +44 7911 123456, pas le 00 00 00 00 00", IdentifierKind.PHONE)
    assert [f.value for f in found] == ["+33612345678", "+447911123456"]


def test_profile_links_of_known_platforms() -> None:
    text = (
        "insta https://www.instagram.com/bad.guy_99/ tiktok.com/@bad_tok snapchat.com/add/snapguy "
        "https://www.facebook.com/profile.php?id=100012345678 wa.me/33612345678 https://t.me/kevin_backup "
        "x.com/badx https://example.org/leak paypal.me/arnaqueur https://www.instagram.com/p/Cxyz/"
    )
    found = {(i.kind, i.platform or i.network, i.value) for i in find_identifiers(text)}
    assert (IdentifierKind.PROFILE, "instagram", "instagram.com/bad.guy_99") in found
    assert (IdentifierKind.PROFILE, "tiktok", "tiktok.com/bad_tok") in found
    assert (IdentifierKind.PROFILE, "snapchat", "snapchat.com/snapguy") in found
    assert (IdentifierKind.PROFILE, "facebook", "facebook.com/profile.php?id=100012345678") in found
    assert (IdentifierKind.PROFILE, "whatsapp", "+33612345678") in found
    assert (IdentifierKind.PROFILE, "telegram", "t.me/kevin_backup") in found
    assert (IdentifierKind.PROFILE, "x", "x.com/badx") in found
    assert (IdentifierKind.URL, "", "https://example.org/leak") in found
    assert (IdentifierKind.PAYMENT_LINK, "PayPal", "paypal.me/arnaqueur") in found
    assert (IdentifierKind.URL, "", "https://www.instagram.com/p/Cxyz/") in found  # a post, not a profile


def test_handles_take_the_platform_named_before_them_and_emails_are_not_handles() -> None:
    found = find_identifiers("snap : @snap_guy, insta : @insta.guy, mail bad.guy@mail.com")
    handles = {(i.value, i.platform) for i in found if i.kind == IdentifierKind.HANDLE}
    assert handles == {("@snap_guy", "snapchat"), ("@insta.guy", "instagram")}
    assert [i.value for i in found if i.kind == IdentifierKind.EMAIL] == ["bad.guy@mail.com"]


def test_coupon_and_gift_codes_need_a_brand_nearby() -> None:
    assert not _one("code 4829 1735 6620 9184", IdentifierKind.COUPON)
    brand = brand_named("des coupons transcash")
    (coupon,) = _one("code 4829 1735 6620 9184", IdentifierKind.COUPON, brand=brand)
    assert coupon.value == "4829173566209184" and coupon.network == "Transcash" and not coupon.checked
    (gift,) = _one("XK9P-2M4T-Z8QA-7L3B", IdentifierKind.GIFT_CARD, brand=brand_named("carte google play"))
    assert gift.network == "Google Play"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Si tu ne paies pas j'envoie la vidéo à tous tes contacts", FlagKind.THREAT),
        ("I will send your pics to your whole family", FlagKind.THREAT),
        ("Tu as 2 heures", FlagKind.THREAT),
        ("Je veux 500 euros maintenant", FlagKind.PAYMENT_DEMAND),
        ("Pay me now", FlagKind.PAYMENT_DEMAND),
        ("Achète une recharge Neosurf", FlagKind.PAYMENT_METHOD),
        ("buy a steam gift card", FlagKind.PAYMENT_METHOD),
        ("Montre-moi ton corps", FlagKind.IMAGE_REQUEST),
        ("send me some pics of you", FlagKind.IMAGE_REQUEST),
        ("On passe sur Snapchat ?", FlagKind.MOVE_TO_OTHER_APP),
        ("add me on telegram", FlagKind.MOVE_TO_OTHER_APP),
        ("ça fera 1 500 €", FlagKind.AMOUNT),
    ],
)
def test_flag_rules_french_and_english(text: str, kind: FlagKind) -> None:
    found = flag_message(text)
    assert found is not None and kind in found.kinds


@pytest.mark.parametrize("text", ["Bonne nuit, à demain !", "On se voit au cinéma samedi ?", "lol", "Good morning"])
def test_ordinary_messages_are_not_flagged(text: str) -> None:
    assert flag_message(text) is None


def test_amounts_are_read_as_decimals_with_currency() -> None:
    found = flag_message("Envoie 1.500 € ou $2,000 ou 12,50 euros ou 0.05 btc ou 2k")
    assert found is not None
    assert [(a.value, a.currency) for a in found.amounts] == [
        ("1500", "EUR"),
        ("2000", "USD"),
        ("12.5", "EUR"),
        ("0.05", "BTC"),
        ("2000", "EUR"),
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_extraction_and_flagging_never_raise(text: str) -> None:
    for identifier in find_identifiers(text, brand=brand_named("pcs")):
        assert identifier.value
    flag_message(text)
