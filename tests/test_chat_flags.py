"""The key-message rules: whole words per language, every line of the threat set flagged, ordinary chats spared."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.chat import flags
from evidence_kit.chat.flags import FlagKind, flag_message, fold

ROOT = Path(__file__).resolve().parents[1]


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("chat_flags_bench", ROOT / "benchmarks" / "chat_flags.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_threat_and_demand_of_the_threat_set_is_flagged_and_benign_chats_are_spared() -> None:
    results = _bench().measure()
    for lang, figures in results.items():
        assert figures["missed"] == 0, lang
        assert figures["benign"] >= 5000 and figures["per_5000"] <= 1, (lang, figures)
    assert sum(r["benign"] for r in results.values()) >= 20000


@pytest.mark.parametrize(
    "text",
    [
        "my leg is such a pain lol",
        "we have to paint the fence tomorrow",
        "Press F to pay respect",
        "Can u send me the spanish work",
        "Unter dem Mikroskop sehen manche Viren wunderschön aus.",
        "Donne-moi un morceau de pain, je te prie.",
        "If you don't know the answers, guess.",
        "Je partage une maison avec deux de mes amies.",
    ],
)
def test_words_inside_other_words_and_lone_conditionals_are_no_threat_nor_demand(text: str) -> None:
    found = flag_message(text)
    assert found is None or not {FlagKind.THREAT, FlagKind.PAYMENT_DEMAND} & set(found.kinds)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "tu",
                "ta",
                "famille",
                "your",
                "family",
                "paie",
                "paye",
                "envoie",
                "send",
                "pay",
                "200",
                "€",
                "euros",
                "sinon",
                "or",
                "else",
                "deine",
                "Familie",
                "zahl",
                "geld",
                "si",
                "no",
                "pagas",
                "tus",
                "fotos",
                "voy",
                "a",
                "publicar",
                "i",
                "will",
                "leak",
                "pics",
                "you",
                "have",
                "24",
                "hours",
                "tienes",
                "horas",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_the_word_gate_never_hides_a_rule_that_matches(text: str) -> None:
    folded = fold(text)
    found = flag_message(text, folded)
    for kind in (FlagKind.THREAT, FlagKind.PAYMENT_DEMAND):
        if flags._COMPILED[kind].search(folded):
            assert found is not None and kind in found.kinds, (kind, text)


@pytest.mark.parametrize(
    "text",
    [
        "Achète un coupon PCS de 150 € et envoie-moi le code.",
        "Buy a PCS coupon and send me the code",
        "achete une carte PCS de 100 euros",
        "Kauf mir eine Paysafecard",
        "compra una tarjeta de regalo de 100 euros",
    ],
)
def test_being_told_to_buy_a_coupon_or_gift_card_is_a_payment_demand(text: str) -> None:
    flags = flag_message(text)
    assert flags is not None and FlagKind.PAYMENT_DEMAND in flags.kinds


@pytest.mark.parametrize("text", ["j'achète des bitcoins chaque mois", "I buy gift cards for my mum"])
def test_buying_for_oneself_is_not_a_demand(text: str) -> None:
    flags = flag_message(text)
    assert flags is None or FlagKind.PAYMENT_DEMAND not in flags.kinds
