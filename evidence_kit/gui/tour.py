"""``evidence-kit tour --out DIR``: a picture of every page of the wizard, in each voice and two window sizes.

The voices are French as the victim reads it ("tu", ``fr-tu-…``), French as a
helper reads it ("vous", ``fr-vous-…``) and English (``en-…``).

The pages are filled with the demo case (``evidence_kit.demo.build_demo_case``
when it exists, else a small synthetic case built here), so the pictures show
the program as a person would see it in use.  Nothing personal is involved:
the case is synthetic and lives in a temporary folder removed at the end.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SIZES = ((1280, 800), (1920, 1080))
LANGS = ("fr", "en")
# (language, register, file name prefix): every page is pictured in each.
VOICES = (("fr", "tu", "fr-tu"), ("fr", "vous", "fr-vous"), ("en", "vous", "en"))
TOUR_PASSPHRASE = "tour of the wizard pages"


def cmd_tour(ctx: Any) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(ctx.args.out)
    out.mkdir(parents=True, exist_ok=True)
    saved = save_tour(out)
    for path in saved:
        print(path)
    return 0


def save_tour(out: Path, langs: tuple[str, ...] = LANGS, sizes: tuple[tuple[int, int], ...] = SIZES) -> list[Path]:
    from evidence_kit.gui.app import make_application

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="ek-tour-") as tmp:
        os.environ.setdefault("XDG_DATA_HOME", str(Path(tmp) / "data"))  # no stray "cases" in the real data folder
        for lang in langs:
            folder = Path(tmp) / f"case-{lang}"
            case = _demo_case(folder, lang)
            case.close()
            for voice_lang, register, prefix in VOICES:
                if voice_lang != lang:
                    continue
                for width, height in sizes:
                    saved.extend(_shoot_voice(app, out, lang, register, prefix, folder, width, height))
    return saved


def _shoot_voice(
    app: Any, out: Path, lang: str, register: str, prefix: str, folder: Path, width: int, height: int
) -> list[Path]:
    from evidence_kit.core.case import Case
    from evidence_kit.gui.app import build_window
    from evidence_kit.gui.window import STEPS
    from evidence_kit.i18n import Register

    session, window = build_window(lang)
    window.settings.auto_lock_minutes = 0
    window.set_auto_lock_minutes(0)
    window.resize(width, height)
    window.show()
    window.build_all_pages()
    _settle(app)
    window.pages["welcome"].set_voice(Register(register))  # shown as chosen, not saved in the settings
    saved = []
    # Before a case is open: the welcome and case pages as a first-time person sees them.
    for step in ("welcome", "case"):
        window.show_step(step)
        saved.append(_grab(app, window, out / f"{prefix}-{width}x{height}-{STEPS.index(step) + 1}-{step}.png"))
    session.set_case(Case.open(folder, passphrase=TOUR_PASSPHRASE))
    window.pages["capture"].refresh()
    for number, step in enumerate(STEPS, start=1):
        if step == "welcome":
            continue
        window.show_step(step)
        if step == "capture":
            _select_first_item(window)
        elif step == "accounts" and window.pages["accounts"].scammer_list.count():
            window.pages["accounts"].scammer_list.setCurrentRow(0)  # an account in use: evidence and status
        name = f"{prefix}-{width}x{height}-{number}-{step}" + ("-open" if step == "case" else "")
        saved.append(_grab(app, window, out / f"{name}.png"))
    session.lock()
    window.close()
    window.deleteLater()
    _settle(app)
    return saved


def _select_first_item(window: Any) -> None:
    page = window.pages["capture"]
    page.acknowledge_warning()  # a returning person has read it; the tour shows the page in use
    if page.items_list.count():
        page.items_list.setCurrentRow(0)


def _settle(app: Any) -> None:
    for _ in range(3):
        app.processEvents()


def _grab(app: Any, window: Any, path: Path) -> Path:
    _settle(app)
    if not window.grab().save(str(path)):
        raise OSError(f"the picture {path} could not be written")
    return path


# --- the case shown ----------------------------------------------------------------


def _demo_case(folder: Path, lang: str) -> Any:
    try:
        from evidence_kit.demo import build_demo_case  # written by the dossier engineer
    except ImportError:
        build_demo_case = None
    if build_demo_case is not None:
        try:
            built = build_demo_case(folder, TOUR_PASSPHRASE, lang)
            return _as_case(built, folder)
        except Exception:  # noqa: BLE001 - the tour still works with the small case below
            log.exception("demo case unavailable; using the tour's own")
    return _small_case(folder, lang)


def _as_case(built: Any, folder: Path) -> Any:
    from evidence_kit.core.case import Case

    if isinstance(built, tuple):
        built = built[0]
    if isinstance(built, Case):
        return built
    return Case.open(Path(built) if built else folder, passphrase=TOUR_PASSPHRASE)


def _small_case(folder: Path, lang: str) -> Any:
    """A believable little case: a profile, a threat, a payment demand, an account, a payment."""
    from evidence_kit.core.case import Case
    from evidence_kit.core.crypto import KdfParams
    from evidence_kit.core.model import (
        Account,
        CaseProfile,
        EvidenceKind,
        Origin,
        Payment,
        PaymentKind,
        PaymentMethod,
        Stage,
        TimelineEvent,
    )

    french = lang == "fr"
    profile = CaseProfile(name="Tour", user_role="victim", language=lang, country="FR", victim_is_minor=True)
    case, _ = Case.create(folder, TOUR_PASSPHRASE, kdf=KdfParams.for_tests(), profile=profile)
    account = case.save_account(
        Account(
            id="",
            platform="instagram",
            username="emma.rose_off",
            display_name="Emma",
            profile_url="https://www.instagram.com/emma.rose_off/",
        )
    )
    case.save_account(Account(id="", platform="whatsapp", phone="+225 07 00 00 00 00", came_from=account.id))
    conversations = [
        (EvidenceKind.PROFILE, [("emma.rose_off", "17 ans · Lyon" if french else "17 · Lyon")]),
        (
            EvidenceKind.THREAT,
            [
                (
                    "emma.rose_off",
                    "J'ai ta vidéo. Si tu ne payes pas, je l'envoie à tous tes abonnés."
                    if french
                    else "I have your video. If you don't pay, I send it to all your followers.",
                ),
                ("moi" if french else "me", "Arrête s'il te plaît" if french else "Please stop"),
                ("emma.rose_off", "Tu as 2 heures." if french else "You have 2 hours."),
            ],
        ),
        (
            EvidenceKind.PAYMENT_DEMAND,
            [
                (
                    "emma.rose_off",
                    "500 € en coupons PCS. Envoie les codes ici."
                    if french
                    else "500 € in PCS coupons. Send the codes here.",
                ),
            ],
        ),
    ]
    items = []
    for kind, lines in conversations:
        data = _chat_png(lines)
        item = case.add_bytes(
            data, origin=Origin.SCREEN_CAPTURE, kind=kind, platform="instagram", account="emma.rose_off"
        ).item
        items.append(case.update_item(item.id, account_ids=[account.id]))
    case.save_payment(
        Payment(
            id="",
            kind=PaymentKind.DEMAND,
            date="2024-05-03T21:40:00+02:00",
            amount="500",
            currency="EUR",
            method=PaymentMethod.COUPON,
            account_id=account.id,
            evidence_ids=[items[2].id],
        )
    )
    case.save_event(
        TimelineEvent(
            id="",
            date="2024-05-01T18:00:00+02:00",
            stage=Stage.FIRST_CONTACT,
            description="Premier message sur Instagram" if french else "First message on Instagram",
            account_id=account.id,
        )
    )
    case.save_event(
        TimelineEvent(
            id="",
            date="2024-05-03T21:30:00+02:00",
            stage=Stage.THREATS,
            description="Menaces et demande d'argent" if french else "Threats and money demand",
            account_id=account.id,
            evidence_ids=[items[1].id],
        )
    )
    return case


def _chat_png(lines: list[tuple[str, str]]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    from evidence_kit.resources_path import resource

    width, height = 720, 1280
    image = Image.new("RGB", (width, height), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype(str(resource("fonts", "DejaVuSans.ttf")), 26)
        bold = ImageFont.truetype(str(resource("fonts", "DejaVuSans-Bold.ttf")), 28)
    except OSError:
        font = bold = ImageFont.load_default()
    draw.rectangle((0, 0, width, 110), fill=(255, 255, 255))
    draw.ellipse((24, 24, 86, 86), fill=(230, 140, 170))
    draw.text((104, 38), lines[0][0], font=bold, fill=(20, 20, 20))
    y = 150
    for who, text in lines:
        mine = who in ("moi", "me")
        wrapped = _wrap(draw, text, font, 460)
        box_h = 24 + 36 * len(wrapped)
        left = width - 520 if mine else 24
        draw.rounded_rectangle(
            (left, y, left + 496, y + box_h), radius=22, fill=(60, 120, 240) if mine else (232, 232, 236)
        )
        for row, part in enumerate(wrapped):
            draw.text((left + 18, y + 12 + 36 * row), part, font=font, fill=(255, 255, 255) if mine else (20, 20, 20))
        y += box_h + 24
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _wrap(draw: Any, text: str, font: Any, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines
