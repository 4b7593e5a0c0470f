"""Draws the labelled screenshots the OCR tests and benchmarks read, and writes their labels (labels.json).

Run ``python3 tests/data/ocr/make_screens.py`` to draw them again; the output is the same every time (a fixed seed,
the DejaVu fonts shipped in resources/fonts). Every picture is synthetic: messenger-like layouts in the styles of
Instagram, WhatsApp, Snapchat and Messenger, phone-sized (1080x2400) and desktop (1920x1080), light and dark, in
French and English, holding user names, amounts, IBANs written in groups of four, Bitcoin and Ethereum addresses
with valid checksums, PCS coupon codes and accented French sentences. The labels are the texts drawn, in reading
order, and the identifiers they hold, written from the values the generator put in (never from an OCR run).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from schwifty import IBAN  # noqa: E402

from evidence_kit.chat import checksums  # noqa: E402
from evidence_kit.demo import draw as d  # noqa: E402
from evidence_kit.demo.draw import font, line_height, text_width, wrap  # noqa: E402

PHONE = (1080, 2400)
DESKTOP = (1920, 1080)
RGB = tuple[int, int, int]

# --- identifiers with valid checksums, made from a fixed seed -------------------------------------------------

_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def bech32_address(program: bytes) -> str:
    """A version-0 native segwit address (BIP-173) for a 20-byte program."""
    acc = bits = 0
    data = [0]
    for byte in program:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp = "bc"
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    mod = _polymod(expanded + data + [0] * 6) ^ 1
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[v] for v in data + checksum)


def base58_address(payload: bytes, version: int = 0) -> str:
    raw = bytes([version]) + payload
    raw += hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    number = int.from_bytes(raw, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def eth_address(rng: random.Random) -> str:
    return checksums.eip55_encode("0x" + bytes(rng.getrandbits(8) for _ in range(20)).hex())


def french_iban(rng: random.Random) -> IBAN:
    bank = "".join(rng.choice("0123456789") for _ in range(10))
    account = "".join(rng.choice("0123456789") for _ in range(11))
    return IBAN.generate("FR", bank_code=bank, account_code=account)


def pcs_code(rng: random.Random) -> str:
    """A made-up 12-digit recharge code in groups of four (never starting with 0, so it cannot pass for a phone)."""
    digits = rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(11))
    return f"{digits[:4]} {digits[4:8]} {digits[8:]}"


# --- themes --------------------------------------------------------------------------------------------------


@dataclass
class Theme:
    background: RGB
    header: RGB
    header_ink: RGB
    muted: RGB
    incoming: RGB
    incoming_ink: RGB
    outgoing: RGB
    outgoing_ink: RGB
    field: RGB
    bubbles: bool = True  # Snapchat shows lines under a name, not bubbles
    me_ink: RGB = (242, 60, 87)
    them_ink: RGB = (14, 173, 255)


THEMES: dict[tuple[str, str], Theme] = {
    ("whatsapp", "light"): Theme(
        (239, 231, 222), (0, 128, 105), (255, 255, 255), (102, 119, 129),
        (255, 255, 255), (17, 27, 33), (217, 253, 211), (17, 27, 33), (255, 255, 255),
    ),
    ("whatsapp", "dark"): Theme(
        (11, 20, 26), (31, 44, 52), (233, 237, 239), (134, 150, 160),
        (32, 44, 51), (233, 237, 239), (0, 92, 75), (233, 237, 239), (42, 57, 66),
    ),
    ("instagram", "light"): Theme(
        (255, 255, 255), (255, 255, 255), (0, 0, 0), (115, 115, 115),
        (239, 239, 239), (0, 0, 0), (55, 151, 240), (255, 255, 255), (239, 239, 239),
    ),
    ("instagram", "dark"): Theme(
        (0, 0, 0), (0, 0, 0), (245, 245, 245), (168, 168, 168),
        (38, 38, 38), (245, 245, 245), (113, 58, 226), (255, 255, 255), (38, 38, 38),
    ),
    ("snapchat", "light"): Theme(
        (255, 255, 255), (255, 255, 255), (0, 0, 0), (120, 120, 120),
        (255, 255, 255), (22, 22, 22), (255, 255, 255), (22, 22, 22), (240, 240, 240), bubbles=False,
    ),
    ("snapchat", "dark"): Theme(
        (18, 18, 18), (18, 18, 18), (240, 240, 240), (150, 150, 150),
        (18, 18, 18), (236, 236, 236), (18, 18, 18), (236, 236, 236), (44, 44, 44), bubbles=False,
    ),
    ("messenger", "light"): Theme(
        (255, 255, 255), (255, 255, 255), (5, 5, 5), (101, 103, 107),
        (240, 240, 240), (5, 5, 5), (0, 132, 255), (255, 255, 255), (240, 242, 245),
    ),
    ("messenger", "dark"): Theme(
        (0, 0, 0), (36, 37, 38), (228, 230, 235), (176, 179, 184),
        (48, 48, 48), (228, 230, 235), (0, 132, 255), (255, 255, 255), (58, 59, 60),
    ),
}  # fmt: skip

# --- what each picture says ----------------------------------------------------------------------------------

TEXTS = {
    "fr": {
        "placeholder": "Votre message…",
        "online": "en ligne",
        "me": "MOI",
        "hello": "Salut, c'est toi sur la photo de la soirée ?",
        "reply": "Oui pourquoi ? On se connaît ?",
        "threat": "J'ai enregistré la vidéo. Si tu ne paies pas, je l'envoie à ta famille et à tous tes amis du lycée.",
        "deadline": "Tu as 24 heures. Après, ce sera trop tard pour réfléchir.",
        "plead": "Arrête s'il te plaît, je n'ai pas cet argent…",
        "amount": "Je veux {amount} € et c'est terminé, je supprime tout.",
        "pcs": "Achète un coupon PCS de {amount} € au bureau de tabac et envoie-moi le code.",
        "pcs_code": "Voilà le code PCS : {code}",
        "btc": "Sinon paie en Bitcoin sur cette adresse :",
        "eth": "Ou en Ethereum sur ce portefeuille :",
        "iban": "Fais le virement sur cet IBAN :",
        "handle": "Ajoute-moi sur snap : @{handle}",
        "last": "Dernière chance. Réponds-moi maintenant, sinon tout le monde verra ça.",
    },
    "en": {
        "placeholder": "Message…",
        "online": "online",
        "me": "ME",
        "hello": "Hey, is that you on the party photo?",
        "reply": "Yes why? Do we know each other?",
        "threat": "I recorded the video. If you don't pay, I will send it to your family and all your friends.",
        "deadline": "You have 24 hours. After that it is too late.",
        "plead": "Please stop, I don't have that money…",
        "amount": "I want ${amount} and it is over, I delete everything.",
        "pcs": "Buy a PCS voucher for {amount} € at the newsagent and send me the code.",
        "pcs_code": "Here is the PCS code: {code}",
        "btc": "Or pay in Bitcoin to this address:",
        "eth": "Or in Ethereum to this wallet:",
        "iban": "Send the bank transfer to this IBAN:",
        "handle": "Add me on snap: @{handle}",
        "last": "Last chance. Answer me now or everyone will see it.",
    },
}

HANDLES = ["lea.music_06", "jules_martin94", "chloe.dance2009", "emma_bts_fan", "noah.gaming77", "sarah_kp13"]
NAMES = ["Léa Moreau", "Jules Martin", "Chloé Garnier", "Emma Lefèvre", "Noah Durand", "Sarah Kervella"]


@dataclass
class Line:
    text: str
    mine: bool


@dataclass
class Screen:
    name: str
    app: str
    lang: str
    theme: str
    desktop: bool
    contact: str
    handle: str
    clock: str
    lines: list[Line]
    identifiers: list[dict[str, str]] = field(default_factory=list)


def _script(rng: random.Random, lang: str, pay: list[str]) -> tuple[list[Line], list[dict[str, str]]]:
    """The conversation: greeting, threat, then the payment ways in ``pay`` ("btc", "eth", "iban", "pcs")."""
    t = TEXTS[lang]
    amount = rng.choice([150, 250, 300, 500])
    lines = [Line(t["hello"], False), Line(t["reply"], True), Line(t["threat"], False), Line(t["deadline"], False)]
    lines.append(Line(t["plead"], True))
    lines.append(Line(t["amount"].format(amount=amount), False))
    found: list[dict[str, str]] = []
    for way in pay:
        if way == "btc":
            address = bech32_address(rng.randbytes(20)) if rng.random() < 0.6 else base58_address(rng.randbytes(20))
            lines += [Line(t["btc"], False), Line(address, False)]
            found.append({"kind": "crypto", "value": address, "network": "bitcoin"})
        elif way == "eth":
            address = eth_address(rng)
            lines += [Line(t["eth"], False), Line(address, False)]
            found.append({"kind": "crypto", "value": address, "network": "ethereum"})
        elif way == "iban":
            iban = french_iban(rng)
            lines += [Line(t["iban"], False), Line(iban.formatted, False)]
            found.append({"kind": "iban", "value": iban.compact})
        elif way == "pcs":
            code = pcs_code(rng)
            lines += [Line(t["pcs"].format(amount=amount), False), Line(t["pcs_code"].format(code=code), False)]
            found.append({"kind": "coupon", "value": code.replace(" ", ""), "network": "PCS"})
        elif way == "handle":
            handle = rng.choice(HANDLES)
            lines.append(Line(t["handle"].format(handle=handle), False))
            found.append({"kind": "handle", "value": "@" + handle})
    lines.append(Line(t["last"], False))
    return lines, found


# --- drawing -------------------------------------------------------------------------------------------------

TEXT_PX = 40


def _phone(screen: Screen, out: list[str]) -> Image.Image:
    theme = THEMES[(screen.app, screen.theme)]
    width, height = PHONE
    image = Image.new("RGB", PHONE, theme.background)
    draw = ImageDraw.Draw(image)
    status_h, header_h = 84, 170
    draw.rectangle((0, 0, width, status_h + header_h), fill=theme.header)
    d.status_bar(draw, width, status_h, screen.clock, theme.header_ink, 71)
    mid = status_h + header_h // 2
    d.chevron_left(draw, 40, mid, 44, theme.header_ink, 6)
    d.avatar(image, (100, mid - 52, 204, mid + 52), (236, 170, 150), (180, 110, 150))
    draw.text((232, mid - 6), screen.contact, font=font(46, "bold"), fill=theme.header_ink, anchor="ls")
    subtitle = "@" + screen.handle if screen.app != "whatsapp" else TEXTS[screen.lang]["online"]
    draw.text((232, mid + 10), subtitle, font=font(34), fill=theme.muted, anchor="lt")
    out += [screen.clock, screen.contact, subtitle]
    y = status_h + header_h + 40
    fnt = font(TEXT_PX)
    lh = line_height(fnt)
    max_w = 820
    for line in screen.lines:
        if not theme.bubbles:
            label = TEXTS[screen.lang]["me"] if line.mine else screen.contact.split()[0].upper()
            ink = theme.me_ink if line.mine else theme.them_ink
            draw.text((48, y), label, font=font(30, "bold"), fill=ink)
            y += 44
            rows = wrap(draw, line.text, fnt, width - 120)
            draw.rectangle((40, y, 45, y + lh * len(rows) - 8), fill=ink)
            for row in rows:
                draw.text((64, y), row, font=fnt, fill=theme.incoming_ink)
                y += lh
            y += 26
            out += [label, *rows]
            continue
        rows = wrap(draw, line.text, fnt, max_w)
        bubble_w = max(text_width(draw, row, fnt) for row in rows) + 64
        bubble_h = len(rows) * lh + 36
        x0 = width - 32 - bubble_w if line.mine else 48
        fill, ink = (theme.outgoing, theme.outgoing_ink) if line.mine else (theme.incoming, theme.incoming_ink)
        draw.rounded_rectangle((x0, y, x0 + bubble_w, y + bubble_h), radius=min(40, bubble_h // 2), fill=fill)
        ty = y + 18
        for row in rows:
            draw.text((x0 + 32, ty), row, font=fnt, fill=ink)
            ty += lh
        y += bubble_h + 18
        out += rows
    if y > height - 260:
        raise ValueError(f"{screen.name}: the conversation does not fit ({y} px)")
    field_top = height - 200
    draw.rounded_rectangle((28, field_top, width - 28, field_top + 116), radius=58, fill=theme.field)
    placeholder = TEXTS[screen.lang]["placeholder"]
    draw.text((90, field_top + 58), placeholder, font=font(40), fill=theme.muted, anchor="lm")
    out.append(placeholder)
    return image


def _desktop(screen: Screen, out: list[str]) -> Image.Image:
    """A messenger in a browser: a list of conversations on the left, the open one on the right."""
    theme = THEMES[(screen.app, screen.theme)]
    width, height = DESKTOP
    image = Image.new("RGB", DESKTOP, theme.background)
    draw = ImageDraw.Draw(image)
    side = 520
    draw.rectangle((0, 0, side, height), fill=theme.header)
    draw.line((side, 0, side, height), fill=theme.muted, width=1)
    title = {"fr": "Discussions", "en": "Chats"}[screen.lang]
    draw.text((32, 40), title, font=font(34, "bold"), fill=theme.header_ink)
    out.append(title)
    y = 120
    for name in [screen.contact, *[n for n in NAMES if n != screen.contact][:4]]:
        d.avatar(image, (28, y, 100, y + 72), (200, 180, 240), (120, 110, 190))
        draw.text((120, y + 36), name, font=font(26, "bold" if name == screen.contact else "regular"),
                  fill=theme.header_ink, anchor="lm")  # fmt: skip
        out.append(name)
        y += 100
    draw.text((side + 40, 46), screen.contact, font=font(30, "bold"), fill=theme.header_ink)
    draw.text((side + 40, 86), "@" + screen.handle, font=font(22), fill=theme.muted)
    out += [screen.contact, "@" + screen.handle]
    draw.line((side, 130, width, 130), fill=theme.muted, width=1)
    fnt = font(26)
    lh = line_height(fnt)
    y = 160
    for line in screen.lines:
        rows = wrap(draw, line.text, fnt, 760)
        bubble_w = max(text_width(draw, row, fnt) for row in rows) + 40
        bubble_h = len(rows) * lh + 22
        x0 = width - 40 - bubble_w if line.mine else side + 40
        fill, ink = (theme.outgoing, theme.outgoing_ink) if line.mine else (theme.incoming, theme.incoming_ink)
        draw.rounded_rectangle((x0, y, x0 + bubble_w, y + bubble_h), radius=min(22, bubble_h // 2), fill=fill)
        ty = y + 11
        for row in rows:
            draw.text((x0 + 20, ty), row, font=fnt, fill=ink)
            ty += lh
        y += bubble_h + 10
        out += rows
    if y > height - 20:
        raise ValueError(f"{screen.name}: the conversation does not fit ({y} px)")
    return image


# --- the set -------------------------------------------------------------------------------------------------

PLAN = [
    # name, app, lang, theme, desktop, payment ways
    ("wa-fr-light", "whatsapp", "fr", "light", False, ["btc", "iban"]),
    ("wa-fr-dark", "whatsapp", "fr", "dark", False, ["pcs", "btc"]),
    ("wa-en-dark", "whatsapp", "en", "dark", False, ["eth", "iban"]),
    ("ig-fr-light", "instagram", "fr", "light", False, ["iban", "handle"]),
    ("ig-fr-dark", "instagram", "fr", "dark", False, ["btc", "pcs"]),
    ("ig-en-light", "instagram", "en", "light", False, ["btc", "handle"]),
    ("snap-fr-dark", "snapchat", "fr", "dark", False, ["pcs", "iban"]),
    ("snap-en-light", "snapchat", "en", "light", False, ["eth"]),
    ("msg-fr-light", "messenger", "fr", "light", False, ["eth", "pcs"]),
    ("msg-fr-dark", "messenger", "fr", "dark", False, ["btc", "iban"]),
    ("msg-en-dark", "messenger", "en", "dark", False, ["iban", "btc"]),
    ("web-ig-fr-dark", "instagram", "fr", "dark", True, ["btc", "pcs"]),
    ("web-msg-en-light", "messenger", "en", "light", True, ["eth", "iban"]),
    ("web-wa-fr-light", "whatsapp", "fr", "light", True, ["pcs", "eth"]),
]


def build(out_dir: Path = HERE) -> list[dict[str, object]]:
    rng = random.Random(20261129)
    labels = []
    for index, (name, app, lang, theme, desktop, pay) in enumerate(PLAN):
        lines, found = _script(rng, lang, pay)
        contact = NAMES[index % len(NAMES)]
        screen = Screen(name, app, lang, theme, desktop, contact, HANDLES[index % len(HANDLES)],
                        f"{21 + index % 3}:{10 + index:02d}", lines, found)  # fmt: skip
        texts: list[str] = []
        image = _desktop(screen, texts) if desktop else _phone(screen, texts)
        path = out_dir / f"{name}.png"
        image.save(path, format="PNG", optimize=True)
        labels.append(
            {
                "file": path.name,
                "app": app,
                "lang": lang,
                "theme": theme,
                "size": list(image.size),
                "text": "\n".join(texts),
                "identifiers": found,
            }
        )
    (out_dir / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return labels


if __name__ == "__main__":
    for label in build():
        print(label["file"], label["size"], len(label["identifiers"]), "identifiers")
