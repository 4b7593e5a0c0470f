"""The cheap screens that spare the chat rules most messages never hide a match the full patterns would find."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.chat import flags, identifiers
from evidence_kit.chat.flags import FlagKind, fold
from evidence_kit.chat.whatsapp import parse_whatsapp

_fuzz = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words of every rule, pieces of identifiers and of amounts, glued by spaces, punctuation or nothing at all.
_PIECES = sorted(
    {word for words in flags._RULE_WORDS.values() for word in words.split()}
    | {
        "tu as",
        "t'as",
        "you have",
        "si tu paie pas",
        "if you don't",
        "or else",
        "je vais",
        "i'll",
        "tout envoyer",
        "ta famille",
        "your family",
        "va",
        "will see",
        "ta vie",
        "your life",
        "je veux",
        "i need",
        "how much",
        "24",
        "300",
        "1.500",
        "12,50",
        "h",
        "min",
        "€",
        "$",
        "£",
        "e",
        "k",
        "eur",
        "usd",
        "btc",
        "balles",
        "@",
        "://",
        "www.",
        "WWW.",
        ".com/",
        "0x",
        "bc1",
        "LTC1",
        "06 12 34 56 78",
        "+33",
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
        "m'",
        "-moi",
        "renvoie",
        "whatsapp",
        "what",
        "wa.me/",
        "Été",
        "œ",
        "dame",
        "paysafecard",
        "24h",
        "500€",
        "sinon",
        "send",
    }
)
_text = st.lists(
    st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", "  ", ", ", "-", "'", "\n", "/", "."])), max_size=12
).map(lambda parts: "".join(piece + glue for piece, glue in parts)) | st.text(max_size=80)


@_fuzz
@given(_text)
def test_a_rule_that_matches_is_always_run(text: str) -> None:
    # The word gate and the digit screens only spare work: whatever a rule matches, flag_message reports.
    folded = fold(text)
    found = flags.flag_message(text, folded)
    for kind, pattern in flags._COMPILED.items():
        if pattern.search(folded):
            assert found is not None and kind in found.kinds, (kind, folded)
    if flags._AMOUNT_SCREEN.search(folded) is None:
        assert flags._AMOUNT.search(folded) is None


@_fuzz
@given(_text)
def test_the_identifier_prefilter_answers_like_the_whole_pattern(text: str) -> None:
    assert identifiers.may_hold_identifier(text) == (identifiers.PREFILTER.search(text) is not None)


@_fuzz
@given(_text)
def test_the_whatsapp_stem_opens_the_rule_for_every_whatsapp_word(text: str) -> None:
    folded = fold(text)
    if flags._COMPILED[FlagKind.MOVE_TO_OTHER_APP].search(folded):
        found = flags.flag_message(text, folded)
        assert found is not None and FlagKind.MOVE_TO_OTHER_APP in found.kinds


def test_fold_keeps_its_table() -> None:
    assert fold("Ça MENACÉ l’œil Ænée ÿ ☺") == "ca menace l'oeil aenee y ☺"


def test_windows_line_ends_and_lone_carriage_returns() -> None:
    text = "14/03/2024 21:05 - A: one\r\n  two\r\n\r\n14/03/2024 21:06 - B: x\ry\r"
    messages = parse_whatsapp(text).messages
    assert [(m.author, m.text) for m in messages] == [("A", "one\n  two"), ("B", "x\ry")]
