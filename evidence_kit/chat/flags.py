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

# Whole words only, per language, each inflection listed: a rule never matches inside a word ("pain", "paint",
# "Viren" are no payment; "Press F to pay respect" asks for none). Patterns read the folded text (see ``fold``).
_POSSESSIVE = (
    r"(?:your|ur|all your|ta|ton|tes|a ta|a ton|a tes|tous tes|toute ta|votre|vos"
    r"|deine|deiner|deinen|deinem|dein|tu|tus|a tu|a tus)"
)
_AUDIENCE_WORDS = (
    r"(?:family|parents|mom|mum|dad|mother|father|brothers?|sisters?|friends|followers|contacts|school|classmates"
    r"|teachers?|work|job|boss|colleagues|coworkers|girlfriend|boyfriend|wife|husband"
    r"|famille|parents|mere|pere|maman|papa|freres?|soeurs?|amis|amies|potes|copains|copines|abonnes|contacts|ecole"
    r"|college|lycee|classe|profs?|travail|boulot|collegues|patron|copine|copain|femme|mari"
    r"|familie|eltern|mutter|vater|mama|bruder|schwester|freunde|freundinnen|follower|kontakte|schule|klasse|lehrer"
    r"|arbeit|chef|kollegen|freundin"
    r"|familia|padres|madre|padre|hermanos?|hermanas?|amigos|amigas|seguidores|contactos|escuela|colegio|instituto"
    r"|clase|profesores|trabajo|jefe|companeros|novia|novio|esposa|marido)"
)
_EVERYONE = (
    r"(?:everyone|everybody|the whole internet|social media|tout le monde|les reseaux|reseaux sociaux|alle deine"
    r"|allen|jeder|jedem|im internet|todo el mundo|todos tus|las redes|redes sociales)"
)
_PUBLISH = (
    r"(?:send|sending|sent|share|sharing|shared|post|posting|posted|publish|publishing|leak|leaking|leaked|expose"
    r"|exposing|show|showing|spread|spreading|upload|uploading"
    r"|envoie|envoies|envoyer|envoyerai|enverrai|enverrais|enverra|envoye|balance|balancer|balancerai|balancerais"
    r"|publie|publier|publierai|publierais|partage|partager|partagerai|partagerais|diffuse|diffuser|diffuserai"
    r"|montre|montrer|montrerai|montrerais|poste|poster|posterai|posterais|mets|mettre|mettrai|mettrais|expose|exposer"
    r"|exposerai"
    r"|schicke|schick|schicken|sende|senden|verschicke|verschicken|teile|teilen|poste|posten|veroffentliche"
    r"|veroffentlichen|zeige|zeigen|verbreite|verbreiten|lade|hochladen"
    r"|envio|enviare|enviar|mando|mandare|mandar|publico|publicare|publicar|subo|subire|subir|comparto|compartire"
    r"|compartir|difundo|difundire|difundir|enseno|ensenare|ensenar|muestro|mostrare|mostrar|paso|pasare)"
)
_MEDIA = (
    r"(?:pics?|photos?|pictures?|videos?|vids?|nudes?|images?|everything|it all|them"
    r"|tout|tes photos|ta video|fotos?|bilder|nacktbilder|alles|todo|desnudos?)"
)
_MONEY = (
    r"(?:\d+(?:[.,]\d+)? ?(?:[€$£]|(?:euros?|eur|e|dollars?|dolares|dolar|usd|bucks|balles|pesos|k)\b)|[€$£] ?\d"
    r"|money|cash|bucks|bitcoins?|btc|crypto|gift ?cards?"
    r"|argent|fric|thunes?|sous|oseille|cartes? cadeaux?|coupons?|pcs|transcash|neosurf|paysafecard"
    r"|geld|kohle|knete|krypto|gutscheine?|geschenkkarten?"
    r"|dinero|plata|pasta|lana|efectivo|cripto|tarjetas? de regalo)"
)
# Imperatives and second persons only (infinitives come after "you must", handled apart), and never after a
# first person or a past tense ("je te donne", "j'ai payé", "zahle ich"): the demand is made to the reader.
_PAY = (
    r"(?<!\bje )(?<!je te )(?<!\bil )(?<!\bon )(?<!\bai )(?<!\bas )(?<!\ba )(?<!\bont )(?<!\bete )(?<!\bich )"
    r"(?:pay|send|transfer|wire|give"
    r"|paie|paye|payes|payez|envoie|envoies|envoyez|vire|vires|virez|verse|verses|versez"
    r"|transfere|transferes|donne|donnes|donnez"
    r"|zahl|zahle|zahlst|bezahl|bezahle|bezahlst|uberweis|uberweise|uberweist|schick"
    r"|schicke|schickst|sende|sendest|gib|gibst"
    r"|paga|pagame|pagas|pague|pagues|envia|enviame|envias|manda|mandame|mandas"
    r"|transfiere|transfiereme|deposita|depositame|dame)(?! ich\b| wir\b| er\b| sie\b)"
)
_NOT_MINE = r"(?<!\bmy )(?<!\bmein )(?<!\bmeine )(?<!\bmon )(?<!\bmes )(?<!\bmi )(?<!\bmis )"
_WANTED = (
    r"(?:photos?|pics?|pictures?|videos?|vids?|nudes?|toi|yourself|ton corps|your body|tes seins|ton sexe|sexy"
    r"|coquine?s?|hot|naked|nue?s?)\b"
)
_RULES: dict[FlagKind, list[str]] = {
    FlagKind.THREAT: [
        # publish … to your family / everyone
        rf"\b{_PUBLISH}\b.{{0,60}}\b(?:{_POSSESSIVE} (?:\w+ )?{_AUDIENCE_WORDS}|{_EVERYONE})\b",
        # your family will see / ta famille va voir
        rf"\b{_POSSESSIVE} (?:\w+ )?{_AUDIENCE_WORDS}\b.{{0,40}}\b(?:will see|will get|will receive|will know"
        r"|va (?:tout )?voir|vont (?:tout )?voir|verra|verront|recevra|recevront|saura|sauront"
        r"|wird (?:alles )?sehen|werden (?:alles )?sehen|sieht alles|sehen alles"
        r"|va a ver|van a ver|vera|veran|recibira|recibiran|sabra|sabran)\b",
        # ruin your life
        r"\b(?:ruin|destroy|ruiner|ruinerai|detruire|detruirai|gacher|bousiller|zerstoren|zerstore|ruinieren"
        r"|arruinar|arruinare|destruir|destruire)\b.{0,20}\b(?:your|ta|ton|deine|dein|tu)\b.{0,10}"
        r"\b(?:life|reputation|vie|leben|ruf|vida|reputacion)\b",
        # if you don't pay / si tu ne paies pas / wenn du nicht zahlst / si no pagas
        r"\b(?:if you don.?t|if u don.?t|if you do not|unless you) (?:pay|send)\b",
        r"\bsi tu (?:ne )?(?:me )?(?:paies|payes|paye|envoies|verses|vires) pas\b",
        r"\bwenn du (?:mir )?(?:nicht|kein geld) (?:zahlst|bezahlst|schickst|uberweist)\b",
        r"\bsi no (?:me )?(?:pagas|envias|mandas|depositas)\b",
        # or else … (with something to publish or to pay in the same message)
        rf"\b(?:or else|otherwise|sinon|sonst|ansonsten|o si no)\b(?=.*\b(?:{_PUBLISH}|{_PAY}|{_MEDIA})\b)",
        # I will leak your pictures / je vais publier tes photos / ich schicke deine Bilder / voy a publicar tus fotos
        rf"\b(?:i will|i.?ll|i am going to|i.?m going to|im gonna|i.?m gonna)\b.{{0,20}}\b{_PUBLISH}\b"
        rf".{{0,30}}\b{_MEDIA}\b",
        rf"\bje (?:vais|v) (?:tout )?{_PUBLISH}\b.{{0,30}}\b{_MEDIA}\b",
        r"\bje (?:vais|v) tout (?:balancer|publier|envoyer|diffuser|poster|montrer|leak|exposer)\b",
        rf"\b(?:publierai|balancerai|enverrai|diffuserai|posterai|partagerai|montrerai)\b.{{0,40}}\b{_MEDIA}\b",
        rf"\bich (?:werde )?{_PUBLISH}\b.{{0,30}}\b(?:deine|die|diese|das|alle)\b.{{0,20}}\b{_MEDIA}\b",
        rf"\bich (?:werde|will)\b.{{0,40}}\b{_MEDIA}\b.{{0,30}}\b{_PUBLISH}\b",
        rf"\b(?:voy a|vamos a) {_PUBLISH}\b.{{0,30}}\b{_MEDIA}\b",
        rf"\b(?:publicare|enviare|mandare|subire|compartire|difundire|ensenare|mostrare)\b.{{0,30}}\b{_MEDIA}\b",
        # you have 24 hours
        r"\b(?:you have|u have|you got|u got|tu as|t.?as|vous avez|du hast|ihr habt|tienes|tenes)"
        r" (?:\d+|one|two|une|deux|trois|eine|zwei|drei|una|dos|tres)"
        r" ?(?:h|hours?|hrs?|minutes?|mins?|heures?|stunden?|std|minuten?|horas?|minutos?)\b"
        # said as a deadline (the sentence ends there, not "tu as 10 minutes ?") or tied to paying or sending
        r"(?=\s*(?:[.!]|$)|.{0,30}\b(?:pay|send|payer|envoyer|zahlen|schicken|pagar|enviar|or|ou|oder|o)\b)",
    ],
    FlagKind.PAYMENT_DEMAND: [
        rf"\b{_PAY}\b(?:[- ](?:me|us|moi|mir|uns))?\b.{{0,25}}{_NOT_MINE}{_MONEY}",
        # "send 200 or…": a bare amount, then the threat's "or"
        rf"\b{_PAY}\b(?:[- ](?:me|us|moi|mir|uns))? \d+\b(?=.{{0,20}}\b(?:or|ou|sinon|oder|sonst|o)\b)",
        r"\b(?:pay me(?! back| a visit| a compliment| in advance)|pay up|pay now|pay or|pay before|pay within"
        r"|pay today|pay tonight|you (?:have to|must|need to|gotta|will|better) pay(?! attention| for| in advance"
        r"| a visit| back| taxes| the bill| your| their| his| her))\b",
        r"\btu (?:dois|vas|va|devras) (?:me )?(?:payer|verser|virer|transferer)\b",
        # "achète un coupon PCS…", "buy a gift card": told to buy what scammers are paid with (never "I buy…")
        r"(?<!j')(?<!\bi )(?<!je )(?<!we )(?<!ich )(?<!wir )(?<!yo )(?<!on )"
        r"\b(?:achete|achetez|buy|kauf|kaufe|compra|compre)\b.{0,30}\b(?:coupons?|recharges?|tickets? pcs"
        r"|cartes? (?:pcs|cadeaux?|transcash|neosurf|steam|amazon|itunes|google play)|gift ?cards?|pcs|transcash"
        r"|neosurf|paysafe\w*|bitcoins?|btc|geschenkkarten?|gutscheinkarten?|tarjetas? de regalo)\b",
        r"\b(?:paie|paye|payes|payez)(?:[- ]moi)?"
        r" (?:ou|sinon|maintenant|vite|tout de suite|avant|ce soir|aujourd.?hui)\b",
        r"\bdu (?:musst|sollst|wirst) (?:mir )?(?:\S+ ){0,3}(?:zahlen|bezahlen|uberweisen)\b",
        r"\b(?:zahl|zahle|bezahl|bezahle) (?:oder|sonst|jetzt|sofort|heute)\b",
        r"\b(?:tienes|vas|tenes) que (?:pagar|pagarme|transferir|depositar)\b",
        r"\bpaga(?:me)? (?:o|ya|ahora|hoy)\b",
        rf"\b(?:i want|i need|je veux|il me faut|ich will|ich brauche|quiero|necesito) (?:the |de l.?|l.?|des |du |das "
        rf"|el |la )?{_MONEY}(?! nicht| pas| not| no\b)",
    ],
    FlagKind.PAYMENT_METHOD: [
        r"\b(?:bitcoins?|btc|crypto\w*|usdt|tether|ethereum|eth|binance|coinbase|(?:btc|bitcoin|crypto|usdt|eth) wallet"
        r"|wallet (?:address|adresse)|portefeuille crypto"
        r"|adresse (?:btc|crypto)"
        r"|pcs|transcash|neosurf|paysafe\w*|toneo|cashlib|flexepin|coupons? (?:pcs|neosurf|transcash)|recharges? (?:pcs"
        r"|neosurf|transcash)|tickets? (?:pcs|neosurf)"
        r"|cartes? cadeaux?|gift ?cards?|itunes|google play|steam card|carte steam|amazon card|carte amazon"
        r"|western union|moneygram|paypal|lydia|revolut|bank transfer|virement bancaire|geschenkkarte"
        r"|(?:mon|ton|my|your|mein|meine|dein|deine|el|tu|mi|the|un|an|ein|le) (?:\w+ )?(?:iban|rib)|(?:iban|rib) ?:"
        r"|gutscheinkarte|tarjeta de regalo|bizum)\b",
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
    FlagKind.PAYMENT_METHOD: (
        "bitcoin bitcoins btc crypto usdt tether ethereum eth binance coinbase wallet portefeuille adresse pcs"
        " transcash neosurf paysafe toneo cashlib flexepin coupon coupons recharge recharges ticket tickets carte"
        " cartes"
        " gift giftcard itunes google steam amazon western moneygram paypal lydia revolut iban rib bank virement"
        " geschenkkarte gutscheinkarte tarjeta bizum"
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
# The threat and demand rules are gated by every word their patterns spell, except the commonest ones ("you",
# "tu", "si"…), which would open the long patterns on nearly every message; each branch keeps a rarer word (a
# verb, an audience, a currency), or a digit with the screen of _NEEDED.
_COMMON_WORDS = (
    "i u you your ur tu ta ton tes je il si du ich vous ihr if im vas va a o on or ou no not me moi mir us uns the"
    " de des le la el das die to all and have has will got am going gonna ll don t do que mon my mein meine mi tus"
    " deine dein deiner deinen deinem votre vos avez as hast habt tienes tenes want need veux faut brauche quiero"
    " necesito ne pas se es en un une et y s e k h an ein is it at in for that this with he she we they be"
    # pictures, "everyone" and "now": each branch naming them also needs a verb of the gate ("publish", "pay")
    " pics pic photos photo pictures picture videos video vids vid nudes nude images image everything them tout"
    " fotos foto bilder nacktbilder alles todo todos desnudos desnudo everyone everybody whole internet social media"
    " monde les reseaux sociaux alle allen jeder jedem las redes sociales now up today tonight within before"
    " maintenant vite avant ce soir aujourd hui jetzt sofort heute oder sonst ya ahora hoy"
)
_COMMON = frozenset(_COMMON_WORDS.split())


_NEGATIVE_LOOK = re.compile(r"\(\?<?!(?:[^()]|\([^()]*\))*\)")  # words a rule refuses open no gate


def _spelled_words(kind: FlagKind) -> str:
    spelled = _NEGATIVE_LOOK.sub(" ", " ".join(_RULES[kind])).replace("\\b", " ")
    return " ".join(sorted(set(re.findall(r"[a-z']{2,}", spelled)) - _COMMON))


_RULE_WORDS[FlagKind.THREAT] = _spelled_words(FlagKind.THREAT)
_RULE_WORDS[FlagKind.PAYMENT_DEMAND] = _spelled_words(FlagKind.PAYMENT_DEMAND)
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
# A digit opens the deadline ("tu as 24h") and amount ("je veux 500€") branches, whose other words are common:
# before those long rules run on a message the gate did not open, a screen checks for what they need.
_NEEDED: dict[FlagKind, re.Pattern[str]] = {
    FlagKind.THREAT: re.compile(
        r"\b(?:you have|u have|you got|u got|tu as|t.?as|vous avez|du hast|ihr habt|tienes|tenes)\b"
    ),
    FlagKind.PAYMENT_DEMAND: re.compile(r"[€$£]|\b(?:want|need|veux|faut|will|brauche|quiero|necesito)\b"),
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
