"""Find the identifiers in a message — phones, e-mails, links and profiles, handles, wallets, IBANs, coupon codes.

Each candidate is checked the way its kind allows (phone numbering plans,
IBAN check digits, base58check, bech32/bech32m, EIP-55); one that fails its
check is returned with ``valid=False`` and is never proposed as an account or
a payment destination.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

from schwifty import IBAN
from schwifty.exceptions import InvalidChecksumDigits

from evidence_kit.chat import checksums
from evidence_kit.core import phone
from evidence_kit.core.model import PaymentMethod


class IdentifierKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    URL = "url"
    PROFILE = "profile"  # a profile link of a known platform
    HANDLE = "handle"  # @name
    PAYMENT_LINK = "payment_link"  # paypal.me, revolut.me…
    CRYPTO = "crypto"  # a wallet address; ``network`` tells which
    IBAN = "iban"
    COUPON = "coupon"  # PCS, Transcash, Neosurf, Paysafecard… recharge codes
    GIFT_CARD = "gift_card"
    PLATFORM_ID = "platform_id"  # a numeric account id given by the export itself
    NAME = "name"  # a participant's name as the export shows it (a display name, not a user name)


def payment_method_of(kind: IdentifierKind) -> PaymentMethod | None:
    """The way of paying an identifier of this kind points to; None for identifiers of people, not of money."""
    return _PAYMENT_METHODS.get(kind)


_PAYMENT_METHODS = {
    IdentifierKind.CRYPTO: PaymentMethod.CRYPTO,
    IdentifierKind.IBAN: PaymentMethod.BANK_TRANSFER,
    IdentifierKind.COUPON: PaymentMethod.COUPON,
    IdentifierKind.GIFT_CARD: PaymentMethod.GIFT_CARD,
    IdentifierKind.PAYMENT_LINK: PaymentMethod.OTHER,
}


@dataclass(frozen=True)
class Identifier:
    kind: IdentifierKind
    value: str  # normalised: E.164 phone, lower-case e-mail, compact IBAN, address as written
    valid: bool = True
    checked: bool = False  # True when a checksum or numbering plan confirmed it
    platform: str = ""  # platform id for profiles and handles, when known
    username: str = ""
    network: str = ""  # bitcoin, ethereum, tron… for wallets; the brand for coupons and gift cards
    raw: str = ""  # as written in the message

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind.value, self.value.casefold() if self.kind != IdentifierKind.CRYPTO else self.value)


# --- patterns ------------------------------------------------------------------------

_BASE58 = r"[1-9A-HJ-NP-Za-km-z]"
_BASE58_ADDRESS = re.compile(rf"(?<![\w/])[13LMDT]{_BASE58}{{25,34}}(?![\w/])")
_BECH32_ADDRESS = re.compile(r"(?<![\w/])(?:bc1|ltc1|BC1|LTC1)[a-zA-HJ-NP-Z02-9]{6,87}(?![\w/])")
_ETH_ADDRESS = re.compile(r"(?<![\w/])0x[0-9a-fA-F]{40}(?![\w/])")
_IBAN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ \u00a0\-]?[A-Z0-9]){10,32}", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}(?![\w])")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'«»]+"
    r"|(?<![\w.@/])(?:instagram\.com|t\.me|telegram\.me|wa\.me|snapchat\.com|tiktok\.com|facebook\.com|fb\.com"
    r"|m\.facebook\.com|x\.com|twitter\.com|discord\.gg|discord\.com|paypal\.me|revolut\.me)/[^\s<>\"'«»]*",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@./])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
_PHONE_HINT = re.compile(
    r"(?:\+|\b0)\d[\d \u00a0\u202f.\-()]{6,}\d|\b\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2}\b"
    r"|\(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}\b|\b\d{3}[ .\-]\d{3}[ .\-]\d{4}\b"  # North American groupings
)
_CODE = re.compile(r"(?<![\w-])[A-Z0-9]{3,8}(?:[ \-][A-Z0-9]{3,8}){0,4}(?![\w-])|(?<![\w-])[A-Z0-9]{8,24}(?![\w-])")
_TRAILING = ".,;:!?)]}'\"»…"
# A cheap test before the costly ones: most messages hold no identifier at all.
PREFILTER = re.compile(
    r"@|\d(?:[ .\-]?\d){6}|://|[wW]{3}\.|\.(?:com|me|gg|COM|ME|GG)/|0x|[bB][cC]1|[lL][tT][cC]1"
    r"|[13LMDT]" + _BASE58 + r"{25}"  # case matters here: an ignore-case class would try every l, m, d, t
)
# The branches of PREFILTER that need no literal character: a digit run, or a long base58 run (ten times faster
# alone than the whole alternation, which ``re`` tries branch by branch at every position).
_DIGITS_OR_BASE58 = re.compile(r"\d(?:[ .\-]?\d){6}|[13LMDT]" + _BASE58 + r"{25}")


def may_hold_identifier(text: str) -> bool:
    """Exactly ``PREFILTER.search(text) is not None``, answered by substring tests first."""
    if "@" in text or "://" in text or "0x" in text:
        return True
    if _DIGITS_OR_BASE58.search(text) is not None:
        return True
    # What is left needs a "/" (.com/), a "w." (www.) or a "c1"/"C1" (bc1, ltc1) somewhere.
    if "/" in text or "w." in text or "W." in text or "c1" in text or "C1" in text:
        return PREFILTER.search(text) is not None
    return False


PLATFORM_WORDS: dict[str, str] = {
    "insta": "instagram",
    "instagram": "instagram",
    "ig": "instagram",
    "snap": "snapchat",
    "snapchat": "snapchat",
    "telegram": "telegram",
    "telegramme": "telegram",
    "tg": "telegram",
    "whatsapp": "whatsapp",
    "wsp": "whatsapp",
    "tiktok": "tiktok",
    "twitter": "x",
    "discord": "discord",
    "facebook": "facebook",
    "fb": "facebook",
    "messenger": "facebook",
    "kik": "other",
    "signal": "other",
    "skype": "other",
}
_PLATFORM_WORD = re.compile(r"\b(" + "|".join(sorted(PLATFORM_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)

COUPON_BRANDS: dict[str, str] = {
    "pcs": "PCS",
    "transcash": "Transcash",
    "neosurf": "Neosurf",
    "paysafecard": "Paysafecard",
    "paysafe": "Paysafecard",
    "toneo": "Toneo First",
    "cashlib": "CashLib",
    "flexepin": "Flexepin",
}
GIFT_BRANDS: dict[str, str] = {
    "amazon": "Amazon",
    "google play": "Google Play",
    "itunes": "Apple",
    "apple": "Apple",
    "steam": "Steam",
    "playstation": "PlayStation",
    "psn": "PlayStation",
    "xbox": "Xbox",
    "netflix": "Netflix",
    "carte cadeau": "",
    "gift card": "",
}
_BRAND = re.compile(r"\b(" + "|".join(sorted({**COUPON_BRANDS, **GIFT_BRANDS}, key=len, reverse=True)) + r")\b", re.I)

_PROFILE_RULES: list[tuple[tuple[str, ...], str]] = [
    (("instagram.com", "www.instagram.com", "m.instagram.com"), "instagram"),
    (("t.me", "telegram.me", "www.t.me"), "telegram"),
    (("snapchat.com", "www.snapchat.com"), "snapchat"),
    (("tiktok.com", "www.tiktok.com", "vm.tiktok.com"), "tiktok"),
    (("facebook.com", "www.facebook.com", "m.facebook.com", "fb.com", "web.facebook.com"), "facebook"),
    (("x.com", "twitter.com", "www.x.com", "www.twitter.com", "mobile.twitter.com"), "x"),
    (("discord.com", "discord.gg", "www.discord.com"), "discord"),
]
_NOT_PROFILES = {
    "p",
    "reel",
    "reels",
    "explore",
    "accounts",
    "stories",
    "share",
    "watch",
    "groups",
    "events",
    "i",
    "intent",
    "home",
    "hashtag",
    "search",
    "login",
    "help",
    "privacy",
    "legal",
    "about",
    "s",
    "joinchat",
    "video",
    "tag",
    "channels",
    "invite",
}


# --- checks ----------------------------------------------------------------------------


def check_crypto(address: str) -> tuple[str, bool | None]:
    """(network, valid) for a wallet address; valid None when the format has no checksum (lower-case Ethereum)."""
    if address.startswith("0x"):
        result = checksums.eip55_valid(address)
        return "ethereum", result
    lowered = address.lower()
    if lowered.startswith(("bc1", "ltc1")):
        hrp = "bc" if lowered.startswith("bc1") else "ltc"
        return ("bitcoin" if hrp == "bc" else "litecoin"), checksums.segwit_address_valid(address, hrp)
    network = checksums.base58_wallet(address)
    guessed = {"1": "bitcoin", "3": "bitcoin", "L": "litecoin", "M": "litecoin", "D": "dogecoin", "T": "tron"}
    return (network or guessed.get(address[:1], "")), bool(network)


def check_iban(candidate: str) -> tuple[str, bool] | None:
    """The longest run of the candidate that is an IBAN: (compact, valid); None when nothing looks like one."""
    tokens = re.split(r"[ \u00a0\-]", candidate.upper())
    bad_checksum = ""
    for end in range(len(tokens), 0, -1):
        compact = "".join(tokens[:end])
        if not 15 <= len(compact) <= 34:
            continue
        try:
            return IBAN(compact).compact, True
        except InvalidChecksumDigits:
            bad_checksum = bad_checksum or compact
        except ValueError:
            continue
    return (bad_checksum, False) if bad_checksum else None


def _iban_raw(candidate: str, compact: str) -> str:
    """The part of the text that spells the IBAN (the candidate may run into the next word)."""
    taken = 0
    for position, ch in enumerate(candidate):
        if ch.isalnum():
            taken += 1
            if taken == len(compact):
                return candidate[: position + 1]
    return candidate


def profile_from_url(url: str) -> Identifier | None:
    """A known platform's profile (or a payment link) from a URL; None for other links."""
    text = url if "://" in url else "https://" + url
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if host in ("wa.me", "api.whatsapp.com"):
        digits = segments[0] if segments else "".join(parse_qs(parts.query).get("phone", [""]))
        phone = normalise_phone("+" + digits.lstrip("+")) if digits.lstrip("+").isdigit() else ""
        if phone:
            return Identifier(IdentifierKind.PROFILE, phone, True, True, "whatsapp", phone, raw=url)
        return None
    if host in ("paypal.me", "www.paypal.me", "revolut.me") and segments:
        brand = "PayPal" if "paypal" in host else "Revolut"
        return Identifier(
            IdentifierKind.PAYMENT_LINK, f"{host}/{segments[0]}", network=brand, username=segments[0], raw=url
        )
    for hosts, platform in _PROFILE_RULES:
        if host not in hosts:
            continue
        if platform == "facebook" and segments[:1] == ["profile.php"]:
            numeric = "".join(parse_qs(parts.query).get("id", [""]))
            if numeric.isdigit():
                return Identifier(
                    IdentifierKind.PROFILE,
                    f"facebook.com/profile.php?id={numeric}",
                    platform=platform,
                    username=numeric,
                    raw=url,
                )
            return None
        if platform == "snapchat" and segments[:1] == ["add"]:
            segments = segments[1:]
        if platform == "discord" and host == "discord.com" and segments[:1] == ["users"]:
            segments = segments[1:]
        if not segments:
            return None
        name = segments[0].lstrip("@") if platform == "tiktok" else segments[0]
        if platform == "tiktok" and not segments[0].startswith("@"):
            return None
        if name.lower() in _NOT_PROFILES or not re.fullmatch(r"[A-Za-z0-9_.\-]{1,64}", name):
            return None
        canonical = {"discord": "discord.gg"}.get(platform, hosts[0])
        return Identifier(
            IdentifierKind.PROFILE, f"{canonical}/{name.lower()}", platform=platform, username=name, raw=url
        )
    return None


def normalise_phone(text: str, region: str = "FR") -> str:
    """E.164 for a valid phone number, "" otherwise (the program's one rule: ``core.phone``)."""
    return phone.normalise_phone(text, region)


def platform_named(text: str) -> str:
    """The single platform a message names ("ajoute-moi sur snap"), or "" when none or several."""
    found = {PLATFORM_WORDS[m.lower()] for m in _PLATFORM_WORD.findall(text)}
    return found.pop() if len(found) == 1 else ""


def brand_named(text: str) -> tuple[IdentifierKind, str] | None:
    """The coupon or gift-card brand a message names."""
    generic: tuple[IdentifierKind, str] | None = None
    for match in _BRAND.finditer(text):
        word = match.group(1).lower()
        if word in COUPON_BRANDS:
            return IdentifierKind.COUPON, COUPON_BRANDS[word]
        if GIFT_BRANDS[word]:
            return IdentifierKind.GIFT_CARD, GIFT_BRANDS[word]
        generic = generic or (IdentifierKind.GIFT_CARD, "")
    return generic


# --- extraction ----------------------------------------------------------------------------


class _Spans:
    """Character ranges already claimed, so a wallet is not read again as a coupon code or a phone."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.ranges)

    def claim(self, start: int, end: int) -> None:
        self.ranges.append((start, end))


def find_identifiers(
    text: str, region: str = "FR", brand: tuple[IdentifierKind, str] | None = None
) -> list[Identifier]:
    """Every identifier in one message; ``brand`` is a coupon/gift-card brand named in or just before it."""
    if brand is None and not may_hold_identifier(text):
        return []
    found: list[Identifier] = []
    spans = _Spans()
    # Each finder runs only when the characters its patterns cannot do without are there.
    _find_crypto(text, spans, found)
    _find_ibans(text, spans, found)
    at_sign = "@" in text
    if "/" in text or "w." in text or "W." in text:
        _find_links(text, spans, found)
    if at_sign:
        _find_emails(text, spans, found)
    _find_phones(text, region, spans, found)
    if at_sign:
        _find_handles(text, spans, found)
    if brand is not None:
        _find_codes(text, brand, spans, found)
    return found


def _crypto_patterns(text: str) -> list[re.Pattern[str]]:
    """The wallet patterns that may match: each needs "0x", a "c1" (bc1, ltc1) or 26 characters at least."""
    patterns = []
    if "0x" in text:
        patterns.append(_ETH_ADDRESS)
    if "c1" in text or "C1" in text:
        patterns.append(_BECH32_ADDRESS)
    if len(text) >= 26:
        patterns.append(_BASE58_ADDRESS)
    return patterns


def _find_crypto(text: str, spans: _Spans, found: list[Identifier]) -> None:
    for pattern in _crypto_patterns(text):
        for match in pattern.finditer(text):
            if not spans.free(*match.span()):
                continue
            address = match.group(0)
            network, valid = check_crypto(address)
            if not network:
                continue
            if pattern is _BASE58_ADDRESS and not valid and not any(c.isdigit() for c in address):
                continue  # a long word, not a mistyped wallet
            spans.claim(*match.span())
            found.append(
                Identifier(
                    IdentifierKind.CRYPTO, address, valid is not False, valid is True, network=network, raw=address
                )
            )


def _find_ibans(text: str, spans: _Spans, found: list[Identifier]) -> None:
    for match in _IBAN_CANDIDATE.finditer(text):
        if not spans.free(*match.span()):
            continue
        result = check_iban(match.group(0))
        if result is None:
            continue
        compact, valid = result
        raw = _iban_raw(match.group(0), compact)
        spans.claim(match.start(), match.start() + len(raw))
        found.append(Identifier(IdentifierKind.IBAN, compact, valid, valid, raw=raw))


def _find_links(text: str, spans: _Spans, found: list[Identifier]) -> None:
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        start = match.start()
        if not spans.free(start, start + len(url)):
            continue
        spans.claim(start, start + len(url))
        profile = profile_from_url(url)
        if profile is not None:
            found.append(profile)
        else:
            found.append(Identifier(IdentifierKind.URL, url if "://" in url else "https://" + url, raw=url))


def _find_emails(text: str, spans: _Spans, found: list[Identifier]) -> None:
    for match in _EMAIL.finditer(text):
        if spans.free(*match.span()):
            spans.claim(*match.span())
            found.append(Identifier(IdentifierKind.EMAIL, match.group(0).lower(), raw=match.group(0)))


def _find_phones(text: str, region: str, spans: _Spans, found: list[Identifier]) -> None:
    # Each phone-like run is parsed alone: phonenumbers' matcher over a whole message costs ten times more.
    for match in _PHONE_HINT.finditer(text):
        start, end = match.span()
        if not spans.free(start, end) or _inside_other_token(text, start, end):
            continue
        raw = match.group(0)
        e164 = phone.written_phone(raw, region)
        # "06 12 34 56 78 2 fois": the run took a number that follows; drop trailing groups until it reads.
        cuts = [i for i, ch in enumerate(raw) if ch in " \u00a0\u202f"][::-1][:3]
        for cut in cuts if not e164 else []:
            e164 = phone.written_phone(raw[:cut], region)
            if e164:
                raw = raw[:cut].rstrip()
                break
        if not e164:
            continue
        spans.claim(start, start + len(raw))
        found.append(Identifier(IdentifierKind.PHONE, e164, True, True, raw=raw))


_GLUED_BEFORE = re.compile(r"(?:\w|[\w][\-./_:]|[\-_/\\])$")
_GLUED_AFTER = re.compile(r"^(?:\w|[\-./_:]\w|[\-_/\\])")


def _inside_other_token(text: str, start: int, end: int) -> bool:
    """Whether the digits run on into a longer token on either side: a date ("2021-06-15-08-06-53"), a file
    name ("…203050.png", "00000145-PHOTO-…"), a time, a reference. Written phone numbers stand alone."""
    return (
        _GLUED_BEFORE.search(text[max(0, start - 2) : start]) is not None
        or _GLUED_AFTER.match(text[end : end + 2]) is not None
    )


def _platform_before(text: str, position: int) -> str:
    """The platform word nearest before a handle ("snap : @x, insta : @y"), else the only one the message names."""
    window = text[max(0, position - 40) : position]
    words = _PLATFORM_WORD.findall(window)
    return PLATFORM_WORDS[words[-1].lower()] if words else platform_named(text)


def _find_handles(text: str, spans: _Spans, found: list[Identifier]) -> None:
    for match in _HANDLE.finditer(text):
        if not spans.free(*match.span()):
            continue
        spans.claim(*match.span())
        platform = _platform_before(text, match.start())
        name = match.group(1)
        found.append(
            Identifier(IdentifierKind.HANDLE, "@" + name.lower(), platform=platform, username=name, raw=match.group(0))
        )


def _find_codes(text: str, brand: tuple[IdentifierKind, str], spans: _Spans, found: list[Identifier]) -> None:
    kind, name = brand
    for match in _CODE.finditer(text):
        if not spans.free(*match.span()):
            continue
        compact = re.sub(r"[ \-]", "", match.group(0))
        digits = sum(c.isdigit() for c in compact)
        # Recharge and gift codes are 10 to 20 characters, mostly or wholly digits for coupons.
        if not 10 <= len(compact) <= 20 or digits < 4:
            continue
        if compact.isdigit() and len(set(compact)) < 3:
            continue
        spans.claim(*match.span())
        found.append(Identifier(kind, compact, True, False, network=name, raw=match.group(0)))
