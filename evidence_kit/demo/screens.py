"""Draws the demo's synthetic screenshots: a WhatsApp-style chat, an Instagram-style direct message and profile.

Everything is made up and drawn from shapes (no photo of anyone, no real
face, no logo file); each picture carries a red "EXAMPLE / DEMO" band in a
corner.  A function returns the PNG bytes and the boxes of named regions
(for instance where the followers list is), so the demo can redact them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from evidence_kit.demo import draw as d
from evidence_kit.demo.draw import RGB, font, line_height, text_width, wrap

PHONE = (1080, 2340)
DESKTOP = (1920, 1080)
Box = tuple[int, int, int, int]


@dataclass
class Message:
    """One chat bubble; ``picture`` puts a list of names (a shared screenshot) above the text."""

    text: str
    mine: bool
    time: str
    picture: PictureList | None = None


@dataclass
class PictureList:
    """A screenshot the scammer sends back: a title and rows of names (e.g. the victim's followers)."""

    title: str
    rows: list[str]
    region: str = "shared_picture"


@dataclass
class Separator:
    """A date or time chip between messages ("YESTERDAY", "Tue 19:12")."""

    label: str


@dataclass
class ProfileCard:
    """The card a messenger shows at the start of a conversation: picture, name, a few facts, a button."""

    name: str
    lines: list[str]
    button: str


Entry = Message | Separator | ProfileCard


@dataclass
class ChatScreen:
    contact: str
    subtitle: str  # "online", the user name…
    clock: str  # status bar time
    entries: list[Entry]
    placeholder: str  # the input field's hint
    battery: int = 64
    seen_label: str = ""  # Instagram's "Seen" under the last message sent
    demo_label: str = "EXEMPLE · DEMO"
    saved_at: str = ""  # written in the PNG as "Creation Time", as phones and screenshot tools do


@dataclass
class Rendered:
    png: bytes
    size: tuple[int, int]
    regions: dict[str, Box] = field(default_factory=dict)


def _png(image: Image.Image, regions: dict[str, Box], saved_at: str = "") -> Rendered:
    out = io.BytesIO()
    info = PngInfo()
    if saved_at:
        info.add_text("Creation Time", saved_at)
    image.save(out, format="PNG", optimize=False, compress_level=6, pnginfo=info)
    return Rendered(out.getvalue(), image.size, regions)


# --- WhatsApp-style chat ------------------------------------------------------------

WA_BAR = (0, 103, 88)
WA_HEADER = (0, 128, 105)
WA_BACKGROUND = (239, 231, 222)
WA_INCOMING = (255, 255, 255)
WA_OUTGOING = (217, 253, 211)
WA_GREY = (102, 119, 129)
WA_BLUE_TICKS = (83, 189, 235)
WA_GREEN = (0, 168, 132)
TEXT = (17, 27, 33)

STATUS_H = 84
NAV_H = 66


def whatsapp_chat(screen: ChatScreen) -> Rendered:
    width, height = PHONE
    image = Image.new("RGB", PHONE, WA_BACKGROUND)
    _wallpaper_doodles(image)
    draw = ImageDraw.Draw(image)
    header_bottom = STATUS_H + 168
    input_top = height - NAV_H - 170
    regions: dict[str, Box] = {}
    _layout_bubbles(image, screen.entries, header_bottom + 20, input_top - 20, _wa_bubble, _wa_separator, regions)

    draw.rectangle((0, 0, width, STATUS_H), fill=WA_BAR)
    d.status_bar(draw, width, STATUS_H, screen.clock, (255, 255, 255), screen.battery)
    draw.rectangle((0, STATUS_H, width, header_bottom), fill=WA_HEADER)
    mid = (STATUS_H + header_bottom) // 2
    d.back_arrow(draw, 36, mid, 54, (255, 255, 255))
    d.avatar(image, (112, mid - 58, 228, mid + 58), (236, 170, 150), (180, 110, 150))
    draw.text((256, mid - 8), screen.contact, font=font(50, "bold"), fill=(255, 255, 255), anchor="ls")
    draw.text((256, mid + 10), screen.subtitle, font=font(36), fill=(225, 245, 240), anchor="lt")
    d.video_icon(draw, width - 300, mid, 64, (255, 255, 255))
    d.phone_icon(draw, width - 170, mid, 52, (255, 255, 255))
    d.dots_vertical(draw, width - 60, mid, 50, (255, 255, 255))

    # input bar: the message field, then the round microphone button
    draw.rounded_rectangle((22, input_top + 22, width - 170, input_top + 150), radius=64, fill=(255, 255, 255))
    field_mid = input_top + 86
    d.smiley_icon(draw, 90, field_mid, 52, WA_GREY)
    draw.text((150, field_mid), screen.placeholder, font=font(44), fill=(134, 150, 160), anchor="lm")
    d.paperclip_icon(image, width - 330, field_mid, 64, WA_GREY)
    d.camera_icon(draw, width - 232, field_mid, 56, WA_GREY)
    draw.ellipse((width - 150, input_top + 22, width - 22, input_top + 150), fill=WA_GREEN)
    d.mic_icon(draw, width - 86, field_mid, 62, (255, 255, 255))
    _nav_bar(draw, width, height, WA_BACKGROUND)
    d.demo_ribbon(image, screen.demo_label)
    return _png(image, regions, screen.saved_at)


def _wallpaper_doodles(image: Image.Image) -> None:
    """WhatsApp's faint wallpaper pattern, as scattered outlines a shade darker than the background."""
    import random

    draw = ImageDraw.Draw(image)
    ink = (229, 220, 210)
    rng = random.Random(7)  # the same pattern every time
    for y in range(0, image.height, 120):
        for x in range(0, image.width, 120):
            cx, cy = x + rng.randint(10, 100), y + rng.randint(10, 100)
            shape = rng.randrange(4)
            r = rng.randint(14, 26)
            if shape == 0:
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=4)
            elif shape == 1:
                draw.rounded_rectangle((cx - r, cy - r, cx + r, cy + r // 2), radius=8, outline=ink, width=4)
            elif shape == 2:
                draw.polygon([(cx, cy - r), (cx + r, cy + r), (cx - r, cy + r)], outline=ink, width=4)
            else:
                draw.arc((cx - r, cy - r, cx + r, cy + r), 200, 340, fill=ink, width=4)


def _nav_bar(draw: ImageDraw.ImageDraw, width: int, height: int, background: RGB) -> None:
    draw.rectangle((0, height - NAV_H, width, height), fill=background)
    draw.rounded_rectangle((width // 2 - 130, height - 38, width // 2 + 130, height - 26), radius=6, fill=(40, 40, 40))


@dataclass
class _Block:
    height: int
    paint: object  # callable(image, top) -> None


def _layout_bubbles(
    image: Image.Image,
    entries: list[Entry],
    top: int,
    bottom: int,
    bubble: object,
    separator: object,
    regions: dict[str, Box],
) -> None:
    """Lay the entries out bottom-aligned above the input bar, as a chat shows its latest messages."""
    blocks: list[_Block] = []
    previous: Entry | None = None
    for index, entry in enumerate(entries):
        following = entries[index + 1] if index + 1 < len(entries) else None
        if not isinstance(entry, Message):
            blocks.append(separator(image, entry))  # type: ignore[operator]
        else:
            first = not (isinstance(previous, Message) and previous.mine == entry.mine)
            last = not (isinstance(following, Message) and following.mine == entry.mine)
            blocks.append(bubble(image, entry, first, last, following is None, regions))  # type: ignore[operator]
        previous = entry
    y = bottom - sum(b.height for b in blocks)
    for block in blocks:
        if y + block.height > top - 200:  # older ones scrolled off above the header
            block.paint(image, y)  # type: ignore[operator]
        y += block.height


def _wa_separator(image: Image.Image, entry: Separator) -> _Block:
    fnt = font(34)

    def paint(img: Image.Image, top: int) -> None:
        draw = ImageDraw.Draw(img)
        w = text_width(draw, entry.label, fnt) + 60
        cx = img.width // 2
        draw.rounded_rectangle((cx - w // 2, top + 24, cx + w // 2, top + 92), radius=18, fill=(255, 255, 255))
        draw.text((cx, top + 58), entry.label, font=fnt, fill=(84, 101, 111), anchor="mm")

    return _Block(120, paint)


def _wa_bubble(
    image: Image.Image, message: Message, first: bool, last: bool, newest: bool, regions: dict[str, Box]
) -> _Block:
    draw = ImageDraw.Draw(image)
    fnt = font(42)
    small = font(30)
    max_text = 760
    lines = wrap(draw, message.text, fnt, max_text) if message.text else []
    lh = line_height(fnt)
    meta_w = text_width(draw, message.time, small) + (58 if message.mine else 0)
    text_w = max((text_width(draw, line, fnt) for line in lines), default=0)
    last_w = text_width(draw, lines[-1], fnt) if lines else 0
    pad_x, pad_y = 30, 18
    picture_h = 0
    if message.picture is not None:
        picture_h = 126 + 100 * len(message.picture.rows) + 24
        text_w = max(text_w, 640)
    same_line = bool(lines) and last_w + 26 + meta_w <= max(text_w, max_text)
    inner_w = max(text_w, last_w + 26 + meta_w if same_line else meta_w, 1 if lines else 640)
    inner_h = picture_h + len(lines) * lh + (0 if same_line else 44)
    bubble_w = inner_w + 2 * pad_x
    bubble_h = inner_h + 2 * pad_y
    gap = 14 if first else 6
    height = gap + bubble_h + (10 if last else 0)

    def paint(img: Image.Image, top: int) -> None:
        dr = ImageDraw.Draw(img)
        y0 = top + gap
        if message.mine:
            x1 = img.width - 36
            x0 = x1 - bubble_w
            fill = WA_OUTGOING
        else:
            x0 = 36
            x1 = x0 + bubble_w
            fill = WA_INCOMING
        # soft shadow, then the bubble, then the tail on the first of a group
        dr.rounded_rectangle((x0, y0 + 3, x1, y0 + bubble_h + 3), radius=24, fill=(214, 206, 197))
        dr.rounded_rectangle((x0, y0, x1, y0 + bubble_h), radius=24, fill=fill)
        if first:
            if message.mine:
                dr.polygon([(x1 - 30, y0), (x1 + 22, y0), (x1 - 4, y0 + 34)], fill=fill)
            else:
                dr.polygon([(x0 + 30, y0), (x0 - 22, y0), (x0 + 4, y0 + 34)], fill=fill)
        y = y0 + pad_y
        if message.picture is not None:
            box = (x0 + 10, y0 + 10, x1 - 10, y0 + 10 + picture_h - 12)
            _paint_shared_list(img, box, message.picture)
            regions[message.picture.region] = box
            y += picture_h
        for line in lines:
            dr.text((x0 + pad_x, y), line, font=fnt, fill=TEXT)
            y += lh
        meta_y = y0 + bubble_h - 26
        right = x1 - 22
        if message.mine:
            right -= d.ticks(dr, right, meta_y - 2, WA_BLUE_TICKS) + 8
        dr.text((right, meta_y), message.time, font=small, fill=WA_GREY, anchor="rm")

    return _Block(height, paint)


def _paint_shared_list(image: Image.Image, box: Box, picture: PictureList) -> None:
    """A small screenshot inside a bubble: a title bar and rows of names with round pictures."""
    x0, y0, x1, y1 = box
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(box, radius=16, fill=(255, 255, 255), outline=(220, 220, 220), width=2)
    draw.rectangle((x0 + 2, y0 + 2, x1 - 2, y0 + 96), fill=(250, 250, 250))
    d.chevron_left(draw, x0 + 30, y0 + 50, 30, (20, 20, 20), 5)
    draw.text((x0 + 70, y0 + 50), picture.title, font=font(36, "bold"), fill=(20, 20, 20), anchor="lm")
    draw.line((x0 + 2, y0 + 97, x1 - 2, y0 + 97), fill=(230, 230, 230), width=2)
    palette = [
        ((246, 200, 170), (214, 140, 120)),
        ((170, 200, 246), (110, 140, 210)),
        ((190, 230, 190), (110, 170, 120)),
    ]
    y = y0 + 116
    for index, name in enumerate(picture.rows):
        if y + 96 > y1:
            break
        top, bottom = palette[index % len(palette)]
        d.avatar(image, (x0 + 24, y, x0 + 104, y + 80), top, bottom)
        draw.text((x0 + 126, y + 40), name, font=font(34), fill=(30, 30, 30), anchor="lm")
        draw.text((x1 - 40, y + 40), "⋮", font=font(40, "bold"), fill=(60, 60, 60), anchor="mm")
        y += 100


# --- Instagram-style direct message -----------------------------------------------------

IG_BLUE = (55, 151, 240)
IG_GREY_BUBBLE = (239, 239, 239)
IG_TEXT = (0, 0, 0)
IG_MUTED = (115, 115, 115)
IG_RING = [(254, 218, 117), (250, 126, 30), (214, 41, 118), (150, 47, 191), (79, 91, 213)]


def instagram_dm(screen: ChatScreen) -> Rendered:
    width, height = PHONE
    image = Image.new("RGB", PHONE, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    header_bottom = STATUS_H + 160
    input_top = height - NAV_H - 160
    regions: dict[str, Box] = {}
    _layout_bubbles(
        image, screen.entries, header_bottom + 20, input_top - 10, _ig_bubble(screen), _ig_separator, regions
    )

    draw.rectangle((0, 0, width, header_bottom), fill=(255, 255, 255))
    d.status_bar(draw, width, STATUS_H, screen.clock, (0, 0, 0), screen.battery)
    mid = (STATUS_H + header_bottom) // 2
    d.chevron_left(draw, 40, mid, 44, IG_TEXT, 6)
    d.avatar(image, (104, mid - 52, 208, mid + 52), (250, 200, 180), (200, 120, 160))
    draw.text((232, mid - 6), screen.contact, font=font(44, "bold"), fill=IG_TEXT, anchor="ls")
    draw.text((232, mid + 8), screen.subtitle, font=font(34), fill=IG_MUTED, anchor="lt")
    d.phone_icon(draw, width - 220, mid, 54, IG_TEXT, width=7)
    d.video_icon(draw, width - 90, mid, 64, IG_TEXT, outline=True)
    draw.line((0, header_bottom, width, header_bottom), fill=(219, 219, 219), width=2)

    draw.rectangle((0, input_top, width, height), fill=(255, 255, 255))
    draw.rounded_rectangle((28, input_top + 20, width - 28, input_top + 140), radius=60, fill=(239, 239, 239))
    field_mid = input_top + 80
    draw.ellipse((44, field_mid - 46, 136, field_mid + 46), fill=(55, 151, 240))
    d.camera_icon(draw, 90, field_mid, 44, (255, 255, 255), width=4)
    draw.text((160, field_mid), screen.placeholder, font=font(42), fill=IG_MUTED, anchor="lm")
    d.mic_icon(draw, width - 250, field_mid, 56, IG_TEXT)
    draw.rounded_rectangle(
        (width - 196, field_mid - 26, width - 144, field_mid + 26), radius=10, outline=IG_TEXT, width=5
    )
    draw.ellipse((width - 100, field_mid - 28, width - 48, field_mid + 28), outline=IG_TEXT, width=5)
    _nav_bar(draw, width, height, (255, 255, 255))
    d.demo_ribbon(image, screen.demo_label)
    return _png(image, regions, screen.saved_at)


def _ig_separator(image: Image.Image, entry: Separator | ProfileCard) -> _Block:
    if isinstance(entry, ProfileCard):
        return _ig_profile_card(entry)
    fnt = font(32, "bold")

    def paint(img: Image.Image, top: int) -> None:
        ImageDraw.Draw(img).text((img.width // 2, top + 60), entry.label, font=fnt, fill=IG_MUTED, anchor="mm")

    return _Block(116, paint)


def _ig_profile_card(card: ProfileCard) -> _Block:
    def paint(img: Image.Image, top: int) -> None:
        dr = ImageDraw.Draw(img)
        cx = img.width // 2
        d.avatar(img, (cx - 130, top + 40, cx + 130, top + 300), (250, 200, 180), (200, 120, 160))
        dr.text((cx, top + 350), card.name, font=font(50, "bold"), fill=IG_TEXT, anchor="mm")
        y = top + 420
        for line in card.lines:
            dr.text((cx, y), line, font=font(34), fill=IG_MUTED, anchor="mm")
            y += 50
        w = text_width(dr, card.button, font(34, "bold")) + 70
        dr.rounded_rectangle((cx - w // 2, y + 10, cx + w // 2, y + 90), radius=18, fill=IG_GREY_BUBBLE)
        dr.text((cx, y + 50), card.button, font=font(34, "bold"), fill=IG_TEXT, anchor="mm")

    return _Block(420 + 50 * len(card.lines) + 140, paint)


def _ig_bubble(screen: ChatScreen) -> object:
    def bubble(
        image: Image.Image, message: Message, first: bool, last: bool, newest: bool, regions: dict[str, Box]
    ) -> _Block:
        draw = ImageDraw.Draw(image)
        fnt = font(42)
        lines = wrap(draw, message.text, fnt, 700)
        lh = line_height(fnt)
        text_w = max(text_width(draw, line, fnt) for line in lines)
        bubble_w = text_w + 64
        bubble_h = len(lines) * lh + 40
        seen = bool(message.mine and newest and screen.seen_label)
        gap = 18 if first else 6
        height = gap + bubble_h + (56 if seen else 0)

        def paint(img: Image.Image, top: int) -> None:
            dr = ImageDraw.Draw(img)
            y0 = top + gap
            if message.mine:
                x1 = img.width - 32
                x0 = x1 - bubble_w
                fill, ink = IG_BLUE, (255, 255, 255)
            else:
                x0 = 128
                x1 = x0 + bubble_w
                fill, ink = IG_GREY_BUBBLE, IG_TEXT
                if last:
                    d.avatar(img, (32, y0 + bubble_h - 76, 108, y0 + bubble_h), (250, 200, 180), (200, 120, 160))
            dr.rounded_rectangle((x0, y0, x1, y0 + bubble_h), radius=min(52, bubble_h // 2), fill=fill)
            y = y0 + 20
            for line in lines:
                dr.text((x0 + 32, y), line, font=fnt, fill=ink)
                y += lh
            if seen:
                dr.text((x1 - 8, y0 + bubble_h + 30), screen.seen_label, font=font(30), fill=IG_MUTED, anchor="rm")

        return _Block(height, paint)

    return bubble


# --- Instagram-style profile, seen in a desktop browser ---------------------------------


@dataclass
class ProfilePage:
    """The scammer's fake profile as the program's screen capture saw it, in a browser on the computer."""

    username: str
    display_name: str
    bio: list[str]
    posts: str
    followers: str
    following: str
    stats_labels: tuple[str, str, str]  # "posts", "followers", "following"
    follow: str
    message: str
    tabs: tuple[str, str, str]
    nav: list[str]  # the left menu entries
    highlights: list[str]
    tab_title: str
    clock: str  # the desktop's top bar
    demo_label: str = "EXEMPLE · DEMO"


def instagram_profile_desktop(page: ProfilePage) -> Rendered:
    width, height = DESKTOP
    image = Image.new("RGB", DESKTOP, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    regions: dict[str, Box] = {}
    # desktop top bar
    draw.rectangle((0, 0, width, 34), fill=(24, 24, 24))
    draw.text((18, 17), "●  ●  ●", font=font(14), fill=(180, 180, 180), anchor="lm")
    draw.text((width // 2, 17), page.clock, font=font(17, "bold"), fill=(240, 240, 240), anchor="mm")
    draw.text((width - 20, 17), "FR   ▾", font=font(16), fill=(220, 220, 220), anchor="rm")
    # browser: tab strip and toolbar
    draw.rectangle((0, 34, width, 80), fill=(222, 225, 230))
    draw.rounded_rectangle((8, 40, 420, 86), radius=10, fill=(255, 255, 255))
    draw.rounded_rectangle((22, 52, 44, 74), radius=6, fill=(225, 48, 108))
    title = page.tab_title
    while text_width(draw, title, font(16)) > 320 and len(title) > 2:
        title = title[:-2] + "…"
    draw.text((56, 63), title, font=font(16), fill=(30, 30, 30), anchor="lm")
    draw.text((404, 63), "×", font=font(20), fill=(90, 90, 90), anchor="rm")
    draw.text((446, 60), "+", font=font(26), fill=(80, 80, 80), anchor="lm")
    for index, symbol in enumerate(("—", "□", "×")):
        draw.text((width - 130 + index * 44, 58), symbol, font=font(20), fill=(60, 60, 60), anchor="mm")
    draw.rectangle((0, 80, width, 132), fill=(255, 255, 255))
    d.back_arrow(draw, 22, 106, 22, (90, 90, 90), 3)
    draw.line((80, 106, 102, 106), fill=(190, 190, 190), width=3)
    draw.line((102, 106, 91, 95), fill=(190, 190, 190), width=3)
    draw.line((102, 106, 91, 117), fill=(190, 190, 190), width=3)
    draw.arc((128, 95, 150, 117), 30, 330, fill=(90, 90, 90), width=3)
    draw.rounded_rectangle((176, 88, width - 120, 124), radius=18, fill=(240, 242, 245))
    draw.rounded_rectangle((194, 99, 206, 113), radius=2, outline=(90, 90, 90), width=2)
    draw.arc((196, 92, 204, 104), 180, 360, fill=(90, 90, 90), width=2)
    url = f"https://www.instagram.com/{page.username}/"
    draw.text((222, 106), url, font=font(18), fill=(30, 30, 30), anchor="lm")
    regions["address_bar"] = (176, 88, width - 120, 124)
    draw.line((0, 132, width, 132), fill=(210, 210, 210), width=1)

    # left menu
    draw.line((244, 133, 244, height), fill=(219, 219, 219), width=1)
    draw.text((28, 190), "Instagram", font=font(34, "italic"), fill=(0, 0, 0), anchor="lm")
    y = 270
    for index, entry in enumerate(page.nav):
        _menu_icon(draw, 40, y, index)
        draw.text(
            (78, y),
            entry,
            font=font(19, "bold" if index == len(page.nav) - 1 else "regular"),
            fill=(0, 0, 0),
            anchor="lm",
        )
        y += 64

    # profile header
    left = 520
    d.avatar(image, (left, 180, left + 168, 348), (250, 196, 170), (196, 110, 150), ring=IG_RING)
    x = left + 270
    draw.text((x, 200), page.username, font=font(25), fill=(0, 0, 0), anchor="lm")
    nx = x + text_width(draw, page.username, font(25)) + 26
    for label, fill, ink in ((page.follow, (0, 149, 246), (255, 255, 255)), (page.message, (239, 239, 239), (0, 0, 0))):
        w = text_width(draw, label, font(17, "bold")) + 40
        draw.rounded_rectangle((nx, 182, nx + w, 218), radius=8, fill=fill)
        draw.text((nx + w // 2, 200), label, font=font(17, "bold"), fill=ink, anchor="mm")
        nx += w + 10
    draw.text((nx + 14, 196), "···", font=font(22, "bold"), fill=(0, 0, 0), anchor="lm")
    sx = x
    for number, label in zip((page.posts, page.followers, page.following), page.stats_labels, strict=True):
        draw.text((sx, 262), number, font=font(19, "bold"), fill=(0, 0, 0), anchor="lm")
        w = text_width(draw, number, font(19, "bold"))
        draw.text((sx + w + 7, 262), label, font=font(19), fill=(0, 0, 0), anchor="lm")
        sx += w + 7 + text_width(draw, label, font(19)) + 40
    draw.text((x, 312), page.display_name, font=font(17, "bold"), fill=(0, 0, 0), anchor="lm")
    by = 340
    for line in page.bio:
        draw.text((x, by), line, font=font(17), fill=(0, 0, 0), anchor="lm")
        by += 26
    regions["profile_header"] = (left - 10, 170, 1780, by + 10)

    # highlights
    hx = left + 30
    for index, label in enumerate(page.highlights):
        colors = [(255, 214, 165), (255, 170, 140)] if index % 2 == 0 else [(170, 210, 255), (120, 160, 230)]
        ring = Image.new("L", (96, 96), 0)
        ImageDraw.Draw(ring).ellipse((0, 0, 95, 95), fill=255)
        image.paste((219, 219, 219), (hx, 470), ring)
        inner = Image.new("L", (88, 88), 0)
        ImageDraw.Draw(inner).ellipse((0, 0, 87, 87), fill=255)
        image.paste(d.gradient((88, 88), colors), (hx + 4, 474), inner)
        draw.text((hx + 48, 592), label, font=font(15, "bold"), fill=(0, 0, 0), anchor="mm")
        hx += 150

    # tabs and the grid of posts (landscapes and objects, never people)
    draw.line((330, 640, 1700, 640), fill=(219, 219, 219), width=1)
    tx = 760
    for index, tab in enumerate(page.tabs):
        if index == 0:
            draw.line((tx - 10, 640, tx + text_width(draw, tab, font(14, "bold")) + 10, 640), fill=(0, 0, 0), width=2)
        draw.text((tx, 670), tab, font=font(14, "bold"), fill=(0, 0, 0) if index == 0 else IG_MUTED, anchor="lm")
        tx += text_width(draw, tab, font(14, "bold")) + 80
    tile, gap = 304, 6
    gx = 1015 - (3 * tile + 2 * gap) // 2
    for row in range(2):
        for col in range(3):
            box = (gx + col * (tile + gap), 700 + row * (tile + gap))
            image.paste(_post_tile(tile, row * 3 + col), box)
    d.demo_ribbon(image, page.demo_label, band=88)
    return _png(image, regions)


def _menu_icon(draw: ImageDraw.ImageDraw, x: int, y: int, index: int) -> None:
    ink = (0, 0, 0)
    if index == 0:  # home
        draw.polygon([(x - 13, y - 1), (x, y - 14), (x + 13, y - 1)], outline=ink, width=3)
        draw.rectangle((x - 10, y - 1, x + 10, y + 13), outline=ink, width=3)
    elif index == 1:  # search
        draw.ellipse((x - 12, y - 12, x + 6, y + 6), outline=ink, width=3)
        draw.line((x + 4, y + 4, x + 13, y + 13), fill=ink, width=3)
    elif index == 2:  # explore
        draw.ellipse((x - 13, y - 13, x + 13, y + 13), outline=ink, width=3)
        draw.polygon([(x + 6, y - 6), (x + 2, y + 2), (x - 6, y + 6), (x - 2, y - 2)], fill=ink)
    elif index == 3:  # reels
        draw.rounded_rectangle((x - 13, y - 13, x + 13, y + 13), radius=6, outline=ink, width=3)
        draw.polygon([(x - 4, y - 5), (x + 6, y + 1), (x - 4, y + 7)], fill=ink)
    elif index == 4:  # messages
        draw.polygon([(x - 14, y - 2), (x + 14, y - 13), (x + 3, y + 14)], outline=ink, width=3)
    elif index == 5:  # notifications
        draw.polygon(
            [(x, y + 12), (x - 13, y - 3), (x - 7, y - 12), (x, y - 6), (x + 7, y - 12), (x + 13, y - 3)],
            outline=ink,
            width=3,
        )
    elif index == 6:  # create
        draw.rounded_rectangle((x - 13, y - 13, x + 13, y + 13), radius=6, outline=ink, width=3)
        draw.line((x - 6, y, x + 6, y), fill=ink, width=3)
        draw.line((x, y - 6, x, y + 6), fill=ink, width=3)
    else:  # profile
        draw.ellipse((x - 14, y - 14, x + 14, y + 14), fill=(210, 210, 210))


def _post_tile(size: int, index: int) -> Image.Image:
    """A made-up post: a sunset, a beach, a city at night, flowers, a café table, the sea."""
    import random

    rng = random.Random(index + 11)
    scenes: list[list[RGB]] = [
        [(255, 170, 110), (244, 110, 140), (110, 70, 140)],
        [(140, 205, 240), (250, 240, 210), (232, 210, 160)],
        [(20, 24, 60), (50, 40, 90), (20, 20, 30)],
        [(240, 230, 240), (250, 200, 220), (170, 210, 160)],
        [(200, 170, 140), (150, 110, 80), (90, 60, 40)],
        [(120, 190, 230), (40, 120, 180), (20, 70, 120)],
    ]
    tile = d.gradient((size, size), scenes[index % len(scenes)])
    draw = ImageDraw.Draw(tile)
    kind = index % 6
    if kind == 0:  # sun over the sea
        draw.ellipse((size * 0.35, size * 0.35, size * 0.65, size * 0.65), fill=(255, 226, 150))
        draw.rectangle((0, size * 0.56, size, size), fill=(80, 60, 120))
        for row in range(6):
            yy = int(size * 0.6 + row * 18)
            draw.line((size * 0.4 + row * 4, yy, size * 0.6 - row * 4, yy), fill=(255, 200, 140), width=3)
    elif kind == 1:  # beach and parasol
        draw.rectangle((0, size * 0.62, size, size), fill=(236, 214, 170))
        draw.rectangle((0, size * 0.5, size, size * 0.62), fill=(60, 160, 200))
        draw.pieslice((size * 0.2, size * 0.3, size * 0.6, size * 0.7), 180, 360, fill=(230, 80, 90))
        draw.line((size * 0.4, size * 0.5, size * 0.42, size * 0.85), fill=(90, 70, 50), width=5)
    elif kind == 2:  # city lights
        for _ in range(40):
            x, y = rng.randint(0, size), rng.randint(int(size * 0.3), size)
            r = rng.randint(2, 7)
            draw.ellipse(
                (x - r, y - r, x + r, y + r), fill=rng.choice([(255, 210, 120), (255, 160, 90), (180, 200, 255)])
            )
        for bx in range(0, size, 38):
            draw.rectangle((bx, size - rng.randint(60, 170), bx + 30, size), fill=(15, 15, 25))
    elif kind == 3:  # flowers
        for _ in range(9):
            x, y = rng.randint(30, size - 30), rng.randint(60, size - 40)
            color = rng.choice([(240, 120, 160), (250, 180, 80), (200, 120, 220)])
            for angle in range(0, 360, 72):
                import math

                px = x + int(18 * math.cos(math.radians(angle)))
                py = y + int(18 * math.sin(math.radians(angle)))
                draw.ellipse((px - 13, py - 13, px + 13, py + 13), fill=color)
            draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=(250, 220, 90))
    elif kind == 4:  # a cup on a table
        draw.ellipse((size * 0.28, size * 0.3, size * 0.72, size * 0.74), fill=(245, 240, 232))
        draw.ellipse((size * 0.38, size * 0.4, size * 0.62, size * 0.64), fill=(120, 80, 50))
        draw.ellipse((size * 0.46, size * 0.48, size * 0.54, size * 0.56), fill=(220, 190, 160))
    else:  # waves
        for row in range(8):
            yy = int(size * 0.2 + row * size * 0.1)
            draw.arc((-40, yy, size + 40, yy + 60), 200, 340, fill=(230, 245, 255), width=4)
    return tile
