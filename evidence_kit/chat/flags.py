"""Rules that flag the key messages of a sextortion chat, in French and English: threats, demands, amounts, methods…

The rules read a folded copy of the text (lower case, no accents, so "menacé"
and "menace", "Envoie" and "envoie" match alike). They propose; the person
confirms or dismisses each flag.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

from evidence_kit.core.model import Stage


class FlagKind(StrEnum):
    THREAT = "threat"  # to publish or send images to family, friends, school…
    PAYMENT_DEMAND = "payment_demand"
    AMOUNT = "amount"
    PAYMENT_METHOD = "payment_method"
    IMAGE_REQUEST = "image_request"
    MOVE_TO_OTHER_APP = "move_to_other_app"


# The stage of the timeline a confirmed flag becomes, the strongest kind first.
STAGE_OF_KIND: list[tuple[FlagKind, Stage]] = [
    (FlagKind.THREAT, Stage.THREATS),
    (FlagKind.PAYMENT_DEMAND, Stage.PAYMENT_DEMAND),
    (FlagKind.AMOUNT, Stage.PAYMENT_DEMAND),
    (FlagKind.PAYMENT_METHOD, Stage.PAYMENT_DEMAND),
    (FlagKind.IMAGE_REQUEST, Stage.IMAGE_REQUEST),
    (FlagKind.MOVE_TO_OTHER_APP, Stage.MOVE_TO_OTHER_APP),
]

_AUDIENCE = (
    r"(?:famille|family|parents?|mere|pere|mum|mom|dad|freres?|soeurs?|amis?|amies?|potes|copains?|copines?|friends?"
    r"|followers|abonnes|contacts?|ecole|college|lycee|school|classe|profs?|teachers?|travail|boulot|work|collegues"
    r"|patron|boss|tout le monde|everyone|everybody|internet|reseaux|social media|facebook|instagram|insta|snap"
    r"|tiktok|sites? porno?|porn)"
)
_PUBLISH = (
    r"(?:envoy\w*|envoi\w*|balanc\w*|publi\w*|partag\w*|diffus\w*|montr\w*|post\w*|mettre|mets|mettrai\w*|expos\w*"
    r"|send\w*|sent|shar\w*|post\w*|publish\w*|leak\w*|expos\w*|show\w*|spread\w*|upload\w*)"
)
_WANTED = (
    r"(?:photos?|pics?|pictures?|videos?|vids?|nudes?|toi|yourself|ton corps|your body|tes seins|ton sexe|sexy"
    r"|coquine?s?|hot|naked|nue?s?)\b"
)
_RULES: dict[FlagKind, list[str]] = {
    FlagKind.THREAT: [
        rf"{_PUBLISH}\b.{{0,60}}\b{_AUDIENCE}\b",
        rf"\b{_AUDIENCE}\b.{{0,40}}\b(?:va|vont|verra|verront|recevr\w*|will see|will get|will receive)\b",
        r"\b(?:ruin|detrui\w*|gach\w*|bousill\w*|destroy)\w*\b.{0,20}\b(?:ta|your|sa)\b.{0,10}\b(?:vie|life|reputation)",
        r"\b(?:sinon|otherwise|or else|if you don.?t|si tu (?:ne )?(?:paie|payes|paye|envoies) pas)\b",
        r"\b(?:je vais|i will|i.?ll|i am going to|i.?m going to)\b.{0,30}"
        r"\b(?:tout (?:envoyer|publier|balancer)|leak|expose)",
        r"\bt(?:u as|.?as) (?:\d+|une|deux|trois|vingt|24|48) ?(?:h|heures?|minutes?|min)\b",
        r"\byou have (?:\d+|one|two|24|48) ?(?:h|hours?|minutes?|mins?)\b",
    ],
    FlagKind.PAYMENT_DEMAND: [
        r"\b(?:pai\w*|pay\w*|verse\w*|vire\w*|virement|transf[ei]r\w*|wire|rembours\w*)\b",
        r"\b(?:envoie|envoies|envoyer|send|give|donne|donnes)\b.{0,20}\b(?:argent|money|fric|thune|cash|euros?|dollars?|€|\$|\d+)",
        r"\b(?:je veux|i want|il me faut|i need)\b.{0,20}(?:argent|money|€|\$|\d+ ?(?:euros?|dollars?|e\b))",
        r"\b(?:combien|how much)\b.{0,20}\b(?:tu (?:peux|as)|can you|do you have)\b",
    ],
    FlagKind.PAYMENT_METHOD: [
        r"\b(?:bitcoins?|btc|crypto\w*|usdt|tether|ethereum|eth|binance|coinbase|wallet|portefeuille"
        r"|adresse (?:btc|crypto)"
        r"|pcs|transcash|neosurf|paysafe\w*|toneo|cashlib|flexepin|coupons?|recharges?|tickets? (?:pcs|neosurf)"
        r"|cartes? cadeaux?|gift ?cards?|itunes|google play|steam|amazon|apple|playstation|psn|xbox|netflix"
        r"|western union|moneygram|ria|paypal|lydia"
        r"|revolut|wise|iban|rib|bank transfer|virement bancaire)\b",
    ],
    FlagKind.IMAGE_REQUEST: [
        rf"\b(?:envoie|envoies|envoyer|montre|montres|montrer)[- ](?:moi|me)\b.{{0,30}}\b{_WANTED}",
        rf"\bm.?(?:envoie|envoies|envoyer|montre|montres|montrer)\b.{{0,30}}\b{_WANTED}",
        rf"\b(?:send|show|give) me\b.{{0,30}}\b{_WANTED}",
        r"\bfais(?: moi| -moi|-moi)? voir\b",
        r"\b(?:send|envoie)\w* (?:moi |me )?(?:des |some |a |une )?nudes?\b",
        r"\b(?:appel|call|facetime|cam|webcam|camera)\b.{0,20}\b(?:video|nue?|naked|sexy|coquin\w*|hot)\b",
        r"\b(?:deshabill\w*|undress\w*|enleve (?:tes|ton)|take off your)\b",
    ],
    FlagKind.MOVE_TO_OTHER_APP: [
        r"\b(?:ajoute|add|rejoin\w*|join|viens|come|passe|passons|parle|parlons|ecris|contacte|text|message|talk|dm|go"
        r"|continu\w*|move|switch)\b"
        r".{0,40}\b(?:whatsapp|wsp|telegram|snap\w*|insta\w*|kik|signal|skype|discord|wickr|line|viber|messenger)\b",
        r"\b(?:mon|my) (?:num|numero|number|snap|insta|tel|phone|telegram|whatsapp)\b",
        r"\b(?:wa\.me|t\.me)/",
    ],
}
_COMPILED = {kind: re.compile("|".join(f"(?:{p})" for p in patterns)) for kind, patterns in _RULES.items()}
_AMOUNT = re.compile(
    r"(?:(?P<sym>[€$£])\s?(?P<a1>\d{1,7}(?:[ .,]\d{3})*(?:[.,]\d{1,2})?)"
    r"|(?P<a2>\d{1,7}(?:[ .,]\d{3})*(?:[.,]\d{1,8})?)\s?(?P<cur>€|\$|£|eur\b|euros?\b|e\b|usd\b|dollars?\b|gbp\b|chf\b"
    r"|btc\b|bitcoins?\b|eth\b|usdt\b|k\b|balles\b))"
)
_CURRENCY = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "e": "EUR",
    "balles": "EUR",
    "k": "EUR",
    "$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "chf": "CHF",
    "btc": "BTC",
    "bitcoin": "BTC",
    "bitcoins": "BTC",
    "eth": "ETH",
    "usdt": "USDT",
}
# Python's ``re`` tries each branch of a long alternation at every position, so before any rule runs, the words of
# the message are looked up: a rule runs only when a word begins like one of its keywords.
_RULE_WORDS: dict[FlagKind, str] = {
    # Only the distinctive word of each rule: common words ("tout", "je", "si") would open every gate.
    FlagKind.THREAT: (
        "envo balanc publi partag diffus montr post mettre mets mettrai expos send sent shar leak show spread upload"
        " ruin detrui gach bousill destroy sinon otherwise else don vont verra verront recevr heure heures hours hour"
        " minutes min mins"
    ),
    FlagKind.PAYMENT_DEMAND: (
        "pai pay vers vire virement transf wire rembours argent money fric thune cash euro euros dollar dollars"
        " combien much"
    ),
    FlagKind.PAYMENT_METHOD: (
        "bitcoin btc crypto usdt tether ethereum eth binance coinbase wallet portefeuille adresse pcs transcash neosurf"
        " paysafe toneo cashlib flexepin coupon coupons recharge recharges ticket tickets carte cartes gift itunes"
        " google steam amazon apple playstation psn xbox netflix western moneygram ria paypal lydia revolut wise iban"
        " rib bank virement"
    ),
    FlagKind.IMAGE_REQUEST: (
        "envoie envoies envoyer montre montres montrer send show give voir nude nudes appel call facetime cam webcam"
        " camera deshabill undress enleve take"
    ),
    FlagKind.MOVE_TO_OTHER_APP: (
        "whatsapp wsp telegram snap snapchat insta instagram kik signal skype discord wickr line viber messenger"
        " num numero number phone tel"
    ),
}
# Words shorter than four letters are kept whole; longer ones by their first four letters, except those whose four
# letters begin a very common word while the rule needs the whole one ("what" would open the rule on every "what").
_WHOLE_STEMS = {"whatsapp"}
_RULE_STEMS = {
    kind: {word if word in _WHOLE_STEMS else word[:4] for word in words.split()} for kind, words in _RULE_WORDS.items()
}
_ALL_STEMS = frozenset().union(*_RULE_STEMS.values())


def _trie_pattern(words: set[str]) -> str:
    """One regex branch per shared prefix (a trie): ``re`` then tries one branch per letter, not every word."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in sorted(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            return f"(?:{'|'.join(branches)})?" if branches else ""
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return walk(tree)


_GATE = re.compile(r"\b(" + _trie_pattern(set(_ALL_STEMS)) + ")")


def _stems_of(folded: str) -> set[str]:
    """The rule keywords whose first letters begin a word of the message."""
    return set(_GATE.findall(folded))


@dataclass(frozen=True)
class Amount:
    value: str  # decimal as text
    currency: str
    raw: str


@dataclass(frozen=True)
class MessageFlags:
    kinds: tuple[FlagKind, ...]
    amounts: tuple[Amount, ...]

    @property
    def stage(self) -> Stage:
        for kind, stage in STAGE_OF_KIND:
            if kind in self.kinds:
                return stage
        return Stage.OTHER


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKD", ch)[0].lower() if ch else ch


_FOLDED = {c: _fold_char(c) for c in "àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ’"}
_FOLDED["œ"] = "oe"
_FOLDED["æ"] = "ae"
_FOLDED["’"] = "'"
# A regex finds the few accented letters of a message; ``str.translate`` would look up every character (and raise
# and catch a KeyError for each one not in its table), several times slower on French text.
_FOLD_CHARS = re.compile("[" + "".join(_FOLDED) + "]")


def _fold_match(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


def fold(text: str) -> str:
    """Lower case without the accents of French (fast: a table, not a full Unicode decomposition)."""
    lowered = text.lower()
    return lowered if lowered.isascii() else _FOLD_CHARS.sub(_fold_match, lowered)


# Every amount has a money sign, or a digit followed by the first letter of a currency (_AMOUNT's two branches):
# a one-character-class screen spares the long pattern the digits of dates, file names and phone numbers.
_AMOUNT_SCREEN = re.compile(r"[€$£]|\d\s?[eudgcbk]")


def parse_amounts(folded: str) -> list[Amount]:
    if _AMOUNT_SCREEN.search(folded) is None:
        return []
    found = []
    for match in _AMOUNT.finditer(folded):
        number = match["a1"] or match["a2"] or ""
        unit = (match["sym"] or match["cur"] or "").lower()
        currency = _CURRENCY.get(unit, "EUR")
        digits = number.replace(" ", "")
        # "1.500" and "1,500" are thousands; "12,50" and "12.5" are decimals.
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
            digits = digits.replace(".", "").replace(",", "")
        else:
            digits = digits.replace(",", ".")
        try:
            value = Decimal(digits)
        except InvalidOperation:
            continue
        if unit == "k":
            value *= 1000
        if value <= 0:
            continue
        found.append(Amount(format(value.normalize(), "f"), currency, match.group(0)))
    return found


_DIGIT_OR_MONEY = re.compile(r"[\d€$£]")
# A digit opens the threat and demand rules ("tu as 24h", "je veux 500"), whose words the gate does not all know.
# Before those long rules run on a message the gate did not open, a screen checks that it holds at least one of the
# literal pieces every branch of the rule needs (one per branch, see _RULES): a screen that fails proves no match.
_NEEDED: dict[FlagKind, re.Pattern[str]] = {
    FlagKind.THREAT: re.compile(
        # publish verbs (branches 1 and 5), the audience's verbs (2), ruin (3), "or else" (4), "you have 24 h" (6, 7)
        "envo|balanc|publi|partag|diffus|montr|post|mett|mets|expos|send|sent|shar|leak|show|spread|upload"
        "|va|vont|verr|recevr|will "
        "|ruin|detrui|gach|bousill|destroy"
        "|sinon|otherwise|or else|don|si tu "
        "|as |you have"
    ),
    FlagKind.PAYMENT_DEMAND: re.compile(
        "pai|pay|verse|vire|transf|wire|rembours|envo|send|give|donne|je veux|i want|il me faut|i need|combien|how much"
    ),
}


def flag_message(text: str, folded: str | None = None) -> MessageFlags | None:
    """The flags of one message, or None when no rule matches; ``folded`` is ``fold(text)`` when already made."""
    folded = fold(text) if folded is None else folded
    has_digit = _DIGIT_OR_MONEY.search(folded) is not None
    stems = _stems_of(folded)
    if "wa.me" in folded or "t.me" in folded:
        stems.add("num")  # opens the move-to-another-app rule
    if not stems and not has_digit:
        return None
    kinds = [
        kind
        for kind, pattern in _COMPILED.items()
        if (stems & _RULE_STEMS[kind] or (has_digit and kind in _NEEDED and _NEEDED[kind].search(folded)))
        and pattern.search(folded)
    ]
    amounts = tuple(parse_amounts(folded)) if has_digit else ()
    if amounts:
        kinds.append(FlagKind.AMOUNT)
    if not kinds:
        return None
    return MessageFlags(tuple(dict.fromkeys(kinds)), amounts)
