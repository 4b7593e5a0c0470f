"""Checksum-guided repair of confusable characters, and the proposals made from recognised text (no engine needed).

The values are public test vectors (BIP-173, the Bitcoin genesis address, EIP-55, a French IBAN example) with
characters swapped by hand the way text recognition confuses them.
"""

from __future__ import annotations

from evidence_kit.chat.identifiers import IdentifierKind
from evidence_kit.ocr.proposals import analyse_text
from evidence_kit.ocr.repair import Format, RepairStatus, repair

BECH32 = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # BIP-173
BASE58 = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"  # the genesis block's address
ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55
IBAN = "FR7630006000011234567890189"


def test_a_value_that_passes_as_read_is_valid_and_unchanged() -> None:
    for fmt, value in [(Format.BECH32, BECH32), (Format.BASE58, BASE58), (Format.ETHEREUM, ETH), (Format.IBAN, IBAN)]:
        result = repair(fmt, value)
        assert result.status == RepairStatus.VALID
        assert result.value == value


def test_bech32_with_l_for_1_and_O_for_0_is_repaired() -> None:
    read_as = "bclqw5O8d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # bc1 → bcl, 508 → 5O8
    result = repair(Format.BECH32, read_as)
    assert result.status == RepairStatus.REPAIRED
    assert result.value == BECH32
    assert result.changes == 2


def test_base58_with_l_for_1_is_repaired() -> None:
    read_as = "1A1zPleP5QGefi2DMPTfTL5SLmv7DivfNa"  # zP1e → zPle (l is not in base58)
    result = repair(Format.BASE58, read_as)
    assert (result.status, result.value) == (RepairStatus.REPAIRED, BASE58)


def test_ethereum_with_O_for_0_and_S_for_5_is_repaired() -> None:
    read_as = "0x5aAeb6O53F3E94C9b9A09f33669435E7Ef1BeAed".replace("0x5a", "0xSa")  # 6053 → 6O53, 5a → Sa
    result = repair(Format.ETHEREUM, read_as)
    assert (result.status, result.value) == (RepairStatus.REPAIRED, ETH)


def test_iban_with_B_for_8_is_repaired() -> None:
    result = repair(Format.IBAN, "FR763000600001123456789O1B9")  # 0 → O, 8 → B
    assert (result.status, result.value) == (RepairStatus.REPAIRED, IBAN)


def test_a_stray_character_is_removed_only_when_one_reading_passes() -> None:
    read_as = BECH32[:20] + "M" + BECH32[20:]
    result = repair(Format.BECH32, read_as)
    assert (result.status, result.value) == (RepairStatus.REPAIRED, BECH32)


def test_a_character_that_is_not_confusable_is_never_guessed() -> None:
    read_as = BECH32.replace("qejx", "aejx")  # q read as a: not a confusable pair
    assert repair(Format.BECH32, read_as).status == RepairStatus.FAILED
    assert repair(Format.BECH32, read_as).value == ""


def test_analysis_joins_an_address_cut_over_two_lines_and_says_it_was_repaired() -> None:
    text = "Sinon paie en Bitcoin sur cette adresse :\n\nbclqw508d6qejxtdg4y5r3zar\nvary0c5xw7kv8f3t4\n"
    analysis = analyse_text(text)
    crypto = [i for i in analysis.identifiers if i.kind == IdentifierKind.CRYPTO]
    assert [(i.value, i.repaired, i.checked) for i in crypto] == [(BECH32, True, True)]
    assert crypto[0].read_as.startswith("bclq")


def test_analysis_finds_an_iban_in_groups_of_four_cut_over_two_lines() -> None:
    analysis = analyse_text("Fais le virement sur cet IBAN :\nFR76 3000 6000 0112\n3456 7890 189\n")
    assert [(i.kind, i.value, i.repaired) for i in analysis.identifiers] == [(IdentifierKind.IBAN, IBAN, False)]


def test_a_damaged_address_is_shown_as_rejected_never_proposed() -> None:
    analysis = analyse_text("Bitcoin : " + BECH32.replace("qejx", "aejx"))
    assert not [i for i in analysis.identifiers if i.kind == IdentifierKind.CRYPTO]
    assert [r.reason for r in analysis.rejected] == [RepairStatus.FAILED]


def test_flags_and_coupon_come_from_the_chat_rules() -> None:
    text = (
        "Si tu ne paies pas, j'envoie la vidéo à ta famille.\n\n"
        "Achète un coupon PCS de 150 € et envoie-moi le code.\n\nVoilà le code PCS : 4829 1736 0512\n"
    )
    analysis = analyse_text(text)
    kinds = {k.value for f in analysis.flags for k in f.kinds}
    assert {"threat", "payment_demand", "payment_method", "amount"} <= kinds
    assert [(i.kind, i.value, i.network) for i in analysis.identifiers] == [
        (IdentifierKind.COUPON, "482917360512", "PCS")
    ]


def test_a_handle_takes_the_screenshot_platform_when_the_text_names_none() -> None:
    analysis = analyse_text("Écris-moi : @lea.music_06", platform="instagram")
    assert [(i.value, i.platform) for i in analysis.identifiers] == [("@lea.music_06", "instagram")]


def test_a_letter_read_in_the_wrong_case_is_repaired_in_case_sensitive_base58() -> None:
    read_as = BASE58.replace("Lmv7", "LmV7")  # v and V are drawn alike
    assert (repair(Format.BASE58, read_as).status, repair(Format.BASE58, read_as).value) == (
        RepairStatus.REPAIRED,
        BASE58,
    )
