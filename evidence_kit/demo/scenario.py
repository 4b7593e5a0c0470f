"""Builds the demo case: a made-up sextortion story put through the real intake, records and custody log.

The story: "Jade", a fake Instagram profile, befriends Léo (15), moves the
talk to WhatsApp, obtains an intimate photo during a video call, threatens
to send it to his followers, gets a 100 € PCS coupon, then demands 300 € in
Bitcoin.  Léo tells his mother, who builds the case.  Every name, number,
code and address is invented: the phone number is in the range France keeps
for fiction (06 39 98 xx xx), the wallet address is valid in form but derived
from a sentence, so nobody holds a key for it.  The pictures are drawn
(``screens``), say "example" in a corner, and show no one's face.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import (
    Account,
    AccountOwner,
    CaseProfile,
    EvidenceItem,
    EvidenceKind,
    Origin,
    Payment,
    PaymentKind,
    PaymentMethod,
    Stage,
    TimelineEvent,
)
from evidence_kit.demo import screens
from evidence_kit.demo.draw import font
from evidence_kit.demo.screens import ChatScreen, Message, PictureList, ProfileCard, Separator
from evidence_kit.i18n import Register, Translator

VICTIM_NAME = "Léo Exemple"
VICTIM_INSTAGRAM = "leo.exemple"
SCAMMER_NAME = "Jade"
SCAMMER_INSTAGRAM = "jade.exemple_"
SCAMMER_INSTAGRAM_ID = "60491827350"
# France's regulator keeps 06 39 98 00 00 – 06 39 98 99 99 for films and books: it reaches nobody.
SCAMMER_PHONE_LOCAL = "06 39 98 41 27"
SCAMMER_PHONE = "+33 6 39 98 41 27"
COUPON_CODE = "7304 1958 2266 0417"
FOLLOWERS = ["Inès Exemple", "Maman", "Tom Démo", "Lycée Exemple 2nde B", "Sarah Fictif", "Hugo Exemple", "Papa"]
STORY_ZONE = "Europe/Paris"

# --- a made-up Bitcoin address that checks out ------------------------------------------------

_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

# The checksum maths is the chat reader's, which validates such addresses.
from evidence_kit.chat.checksums import _bech32_polymod, _hrp_expand  # noqa: E402


def _to_5_bits(data: bytes) -> list[int]:
    accumulator, bits, out = 0, 0, []
    for byte in data:
        accumulator = (accumulator << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append((accumulator >> bits) & 31)
    if bits:
        out.append((accumulator << (5 - bits)) & 31)
    return out


def segwit_address(program: bytes, hrp: str = "bc", version: int = 0) -> str:
    """A BIP-173 (bech32) segwit address for a witness program."""
    data = [version] + _to_5_bits(program)
    polymod = _bech32_polymod(_hrp_expand(hrp) + data + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + checksum)


def demo_bitcoin_address() -> str:
    """A well-formed Bitcoin address whose 20-byte program is the hash of a sentence, not of anyone's key."""
    program = hashlib.sha256(b"Evidence Kit demo wallet: made up, no key exists for it").digest()[:20]
    return segwit_address(program)


# --- time ----------------------------------------------------------------------------------


def _story_zone() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(STORY_ZONE)
    except Exception:  # noqa: BLE001 - no time zone database (some Windows installs): the computer's zone
        return dt.datetime.now().astimezone().tzinfo or dt.UTC


@dataclass
class Story:
    """When things happened, counted back from the moment the demo is built, so the case always looks recent."""

    now: dt.datetime
    t: Translator

    def at(self, days_ago: int, hour: int, minute: int) -> dt.datetime:
        day = self.now.date() - dt.timedelta(days=days_ago)
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.now.tzinfo)

    def hm(self, moment: dt.datetime) -> str:
        return moment.strftime("%H:%M")

    def day_chip(self, moment: dt.datetime, seen_from: dt.datetime) -> str:
        """WhatsApp's date chip: Today, Yesterday, a weekday, or a date."""
        delta = (seen_from.date() - moment.date()).days
        if delta == 0:
            return self.t("demo.day.today")
        if delta == 1:
            return self.t("demo.day.yesterday")
        if delta < 7:
            return self.t(f"demo.weekday.{moment.weekday()}")
        return f"{moment.day} {self.t(f'demo.month_short.{moment.month}')} {moment.year}"

    def ig_stamp(self, moment: dt.datetime, seen_from: dt.datetime) -> str:
        """Instagram's centred time line: "19:12", "Yesterday 19:12", "Tue 19:12"."""
        delta = (seen_from.date() - moment.date()).days
        time = self.hm(moment)
        if delta == 0:
            return time
        if delta == 1:
            return f"{self.t('demo.day.yesterday')} {time}"
        if delta < 7:
            return f"{self.t(f'demo.weekday_short.{moment.weekday()}')} {time}"
        return f"{moment.day} {self.t(f'demo.month_short.{moment.month}')}, {time}"

    def desktop_clock(self, moment: dt.datetime) -> str:
        return self.t(
            "demo.desktop_clock",
            weekday=self.t(f"demo.weekday_short.{moment.weekday()}"),
            month=self.t(f"demo.month_short.{moment.month}"),
            day=moment.day,
            time=self.hm(moment),
        )


def _euros(t: Translator, amount: int) -> str:
    return f"{amount} €" if t.lang == "fr" else f"€{amount}"


# --- the pictures ------------------------------------------------------------------------------


@dataclass
class PhoneShot:
    """A screenshot taken on the phone, later copied to the computer and imported."""

    file_name: str
    taken_at: dt.datetime
    rendered: screens.Rendered
    kind: EvidenceKind
    platform: str
    account: str
    happened_at: dt.datetime
    note_key: str


def _android_name(moment: dt.datetime, app: str) -> str:
    return f"Screenshot_{moment:%Y%m%d-%H%M%S}_{app}.png"


def _instagram_chat(story: Story) -> PhoneShot:
    t = story.t
    first = story.at(6, 19, 12)
    moved = story.at(5, 18, 30)
    taken = story.at(1, 21, 2).replace(second=14)
    phone = SCAMMER_PHONE_LOCAL if t.lang == "fr" else SCAMMER_PHONE
    minute = dt.timedelta(minutes=1)
    entries: list[screens.Entry] = [
        ProfileCard(
            SCAMMER_NAME,
            [
                f"{SCAMMER_INSTAGRAM} · Instagram",
                t("demo.ui.ig_card_followers", followers="1 254" if t.lang == "fr" else "1,254", posts=38),
                t("demo.ui.ig_card_mutual"),
            ],
            t("demo.ui.view_profile"),
        ),
        Separator(story.ig_stamp(first, taken)),
        Message(t("demo.chat.ig_1"), False, story.hm(first)),
        Message(t("demo.chat.ig_2"), True, story.hm(first + 2 * minute)),
        Message(t("demo.chat.ig_3"), False, story.hm(first + 3 * minute)),
        Message(t("demo.chat.ig_4"), False, story.hm(first + 3 * minute)),
        Message(t("demo.chat.ig_5"), True, story.hm(first + 5 * minute)),
        Separator(story.ig_stamp(moved, taken)),
        Message(t("demo.chat.ig_6"), False, story.hm(moved)),
        Message(t("demo.chat.ig_7", phone=phone), False, story.hm(moved)),
        Message(t("demo.chat.ig_8"), True, story.hm(moved + 3 * minute)),
    ]
    screen = ChatScreen(
        contact=SCAMMER_NAME,
        subtitle=SCAMMER_INSTAGRAM,
        clock=story.hm(taken),
        entries=entries,
        placeholder=t("demo.ui.ig_placeholder"),
        battery=41,
        seen_label=t("demo.ui.seen"),
        demo_label=t("demo.label"),
        saved_at=taken.isoformat(),
    )
    return PhoneShot(
        _android_name(taken, "Instagram"),
        taken,
        screens.instagram_dm(screen),
        EvidenceKind.CONVERSATION,
        "instagram",
        SCAMMER_INSTAGRAM,
        first,
        "demo.note.ig_chat",
    )


def _whatsapp_threat(story: Story) -> PhoneShot:
    t = story.t
    before = story.at(4, 21, 48)
    threat = story.at(3, 22, 40)
    taken = threat + dt.timedelta(minutes=6, seconds=12)
    minute = dt.timedelta(minutes=1)
    entries: list[screens.Entry] = [
        Separator(story.day_chip(before, taken)),
        Message(t("demo.chat.wa_1"), False, story.hm(before)),
        Separator(story.day_chip(threat, taken)),
        Message("", False, story.hm(threat), PictureList(t("demo.ui.followers"), FOLLOWERS)),
        Message(t("demo.chat.wa_2"), False, story.hm(threat + minute)),
        Message(t("demo.chat.wa_3"), False, story.hm(threat + minute)),
        Message(t("demo.chat.wa_4"), True, story.hm(threat + 3 * minute)),
        Message(t("demo.chat.wa_5"), True, story.hm(threat + 3 * minute)),
        Message(t("demo.chat.wa_6", amount=_euros(t, 100)), False, story.hm(threat + 4 * minute)),
    ]
    screen = ChatScreen(
        contact=SCAMMER_NAME,
        subtitle=t("demo.ui.online"),
        clock=story.hm(taken),
        entries=entries,
        placeholder=t("demo.ui.wa_placeholder"),
        battery=23,
        demo_label=t("demo.label"),
        saved_at=taken.isoformat(),
    )
    return PhoneShot(
        _android_name(taken, "WhatsApp"),
        taken,
        screens.whatsapp_chat(screen),
        EvidenceKind.THREAT,
        "whatsapp",
        SCAMMER_PHONE,
        threat,
        "demo.note.threat",
    )


def _whatsapp_demand(story: Story) -> PhoneShot:
    t = story.t
    paid = story.at(3, 23, 5)
    demand = story.at(2, 20, 15)
    taken = demand + dt.timedelta(minutes=5, seconds=41)
    minute = dt.timedelta(minutes=1)
    threat = story.at(3, 22, 40)
    entries: list[screens.Entry] = [
        Separator(story.day_chip(paid, taken)),
        Message(t("demo.chat.wa_6", amount=_euros(t, 100)), False, story.hm(threat + 4 * minute)),
        Message(t("demo.chat.wa_7", code=COUPON_CODE), True, story.hm(paid)),
        Message(t("demo.chat.wa_8"), True, story.hm(paid + minute)),
        Message(t("demo.chat.wa_9"), False, story.hm(paid + 2 * minute)),
        Separator(story.day_chip(demand, taken)),
        Message(t("demo.chat.wa_10", amount=_euros(t, 300)), False, story.hm(demand)),
        Message(t("demo.chat.wa_11", address=demo_bitcoin_address()), False, story.hm(demand)),
        Message(t("demo.chat.wa_12"), False, story.hm(demand + minute)),
        Message(t("demo.chat.wa_13"), True, story.hm(demand + 4 * minute)),
        Message(t("demo.chat.wa_14"), False, story.hm(demand + 5 * minute)),
    ]
    screen = ChatScreen(
        contact=SCAMMER_NAME,
        subtitle=t("demo.ui.online"),
        clock=story.hm(taken),
        entries=entries,
        placeholder=t("demo.ui.wa_placeholder"),
        battery=57,
        demo_label=t("demo.label"),
        saved_at=taken.isoformat(),
    )
    return PhoneShot(
        _android_name(taken, "WhatsApp"),
        taken,
        screens.whatsapp_chat(screen),
        EvidenceKind.PAYMENT_DEMAND,
        "whatsapp",
        SCAMMER_PHONE,
        demand,
        "demo.note.demand",
    )


def _profile_capture(story: Story) -> screens.Rendered:
    t = story.t
    page = screens.ProfilePage(
        username=SCAMMER_INSTAGRAM,
        display_name=SCAMMER_NAME,
        bio=[t("demo.profile.bio_1"), t("demo.profile.bio_2"), t("demo.profile.bio_3")],
        posts="38",
        followers="1 254" if t.lang == "fr" else "1,254",
        following="611",
        stats_labels=(t("demo.ui.stat_posts"), t("demo.ui.stat_followers"), t("demo.ui.stat_following")),
        follow=t("demo.ui.follow"),
        message=t("demo.ui.message"),
        tabs=(t("demo.ui.tab_posts"), t("demo.ui.tab_reels"), t("demo.ui.tab_tagged")),
        nav=t("demo.ui.nav").split("|"),
        highlights=t("demo.ui.highlights").split("|"),
        tab_title=t("demo.ui.tab_title", username=SCAMMER_INSTAGRAM),
        clock=story.desktop_clock(story.now),
        demo_label=t("demo.label"),
    )
    return screens.instagram_profile_desktop(page)


def placeholder_png(t: Translator) -> bytes:
    """The neutral file the demo records "by hash only" in place of an intimate image (which it never has)."""
    image = Image.new("RGB", (800, 600), (226, 229, 234))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 779, 579), outline=(150, 156, 166), width=4)
    y = 200
    from evidence_kit.demo.draw import wrap

    for line in wrap(draw, t("demo.placeholder"), font(28), 700):
        draw.text((400, y), line, font=font(28), fill=(60, 64, 72), anchor="mm")
        y += 42
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def write_pictures(folder: Path, shots: list[PhoneShot]) -> list[Path]:
    """Write the phone screenshots as files dated like copies from the phone (the import reads those dates)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for shot in shots:
        path = folder / shot.file_name
        path.write_bytes(shot.rendered.png)
        stamp = shot.taken_at.timestamp()
        os.utime(path, (stamp, stamp))
        paths.append(path)
    return paths


# --- the case ----------------------------------------------------------------------------------


@dataclass
class DemoCase:
    case: Case
    recovery_code: str
    pictures: list[Path] = field(default_factory=list)
    profile_capture: bytes = b""


def build(
    folder: Path,
    passphrase: str,
    lang: str = "fr",
    *,
    pictures_dir: Path | None = None,
    kdf: KdfParams | None = None,
    now: dt.datetime | None = None,
) -> DemoCase:
    """Build the whole demo case in ``folder`` (which must not hold anything yet) and return it open."""
    t = Translator(lang, Register.HELPER)
    story = Story((now or dt.datetime.now(_story_zone())).replace(second=0, microsecond=0), t)
    profile = CaseProfile(
        name=t("demo.case.name"),
        user_role="helper",
        victim_is_minor=True,
        victim_name=VICTIM_NAME,
        language=lang,
        country="FR",
    )
    case, recovery_code = Case.create(folder, passphrase, kdf=kdf, profile=profile)
    try:
        demo = DemoCase(case, recovery_code)
        _fill(case, story, demo, pictures_dir)
        return demo
    except BaseException:
        case.close()
        raise


def _fill(case: Case, story: Story, demo: DemoCase, pictures_dir: Path | None) -> None:
    t = story.t
    shots = [_instagram_chat(story), _whatsapp_threat(story), _whatsapp_demand(story)]

    # 1. The fake profile, captured on the computer by the program itself, before anything is blocked.
    capture = _profile_capture(story)
    demo.profile_capture = capture.png
    profile_item = case.add_bytes(
        capture.png,
        origin=Origin.SCREEN_CAPTURE,
        kind=EvidenceKind.PROFILE,
        platform="instagram",
        account=SCAMMER_INSTAGRAM,
        note=t("demo.note.profile"),
        screens=[
            {
                "name": "DEMO-1",
                "x": 0,
                "y": 0,
                "width": screens.DESKTOP[0],
                "height": screens.DESKTOP[1],
                "device_pixel_ratio": 1.0,
                "pixels": list(screens.DESKTOP),
            }
        ],
    ).item

    # 2. The phone's screenshots, imported as files through the ordinary import.
    if pictures_dir is not None:
        demo.pictures = write_pictures(pictures_dir, shots)
        imported = _import(case, story, shots, demo.pictures)
    else:
        with tempfile.TemporaryDirectory(prefix="ek-demo-") as tmp:  # made-up pictures, no case content
            imported = _import(case, story, shots, write_pictures(Path(tmp), shots))
    chat_item, threat_item, demand_item = imported

    # 3. The intimate photo: recorded by its hash only, from a neutral stand-in file.
    intimate = _record_intimate(case, t, story.at(4, 21, 10))

    # 4. The accounts, and the evidence linked to them (before any of them is marked blocked).
    instagram = case.save_account(
        Account(
            id="",
            platform="instagram",
            username=SCAMMER_INSTAGRAM,
            display_name=SCAMMER_NAME,
            numeric_id=SCAMMER_INSTAGRAM_ID,
            profile_url=f"https://www.instagram.com/{SCAMMER_INSTAGRAM}/",
            note=t("demo.account.instagram"),
        )
    )
    whatsapp = case.save_account(
        Account(
            id="",
            platform="whatsapp",
            display_name=SCAMMER_NAME,
            phone=SCAMMER_PHONE,
            came_from=instagram.id,
            note=t("demo.account.whatsapp"),
        )
    )
    case.save_account(
        Account(
            id="",
            platform="instagram",
            owner=AccountOwner.VICTIM,
            username=VICTIM_INSTAGRAM,
            display_name="Léo",
            profile_url=f"https://www.instagram.com/{VICTIM_INSTAGRAM}/",
            secured_at=_now_iso(),
            note=t("demo.account.victim"),
        )
    )
    case.update_item(profile_item.id, account_ids=[instagram.id])
    case.update_item(chat_item.id, account_ids=[instagram.id, whatsapp.id])
    for item in (threat_item, demand_item):
        case.update_item(item.id, account_ids=[whatsapp.id])
    case.update_item(intimate.id, account_ids=[whatsapp.id])

    # 5. A redacted copy of the threat: the followers are third parties, their names are hidden.
    box = shots[1].rendered.regions.get("shared_picture")
    if box is not None:
        redacted = case.derive_redaction(threat_item.id, [box], style="black")
        case.update_item(redacted.id, note=t("demo.note.redacted"))

    # 6. Reported, then blocked once evidence is linked (screenshot before blocking).
    # The computer's clock, as the wizard records them: after the captures above, before the export.
    case.save_account(replace(case.accounts[instagram.id], reported_at=_now_iso()))
    case.save_account(replace(case.accounts[instagram.id], blocked_at=_now_iso()))
    case.save_account(replace(case.accounts[whatsapp.id], reported_at=_now_iso()))

    # 7. The money: a demand, the coupon paid, a second demand in Bitcoin.
    threat_at = story.at(3, 22, 44)
    case.save_payment(
        Payment(
            id="",
            kind=PaymentKind.DEMAND,
            date=threat_at.isoformat(),
            amount="100",
            currency="EUR",
            method=PaymentMethod.COUPON,
            account_id=whatsapp.id,
            evidence_ids=[threat_item.id],
            note=t("demo.payment.demand_coupon"),
        )
    )
    case.save_payment(
        Payment(
            id="",
            kind=PaymentKind.PAYMENT,
            date=story.at(3, 23, 5).isoformat(),
            amount="100",
            currency="EUR",
            method=PaymentMethod.COUPON,
            destination=f"PCS {COUPON_CODE}",
            paid=True,
            account_id=whatsapp.id,
            evidence_ids=[demand_item.id],
            note=t("demo.payment.paid_coupon"),
        )
    )
    case.save_payment(
        Payment(
            id="",
            kind=PaymentKind.DEMAND,
            date=story.at(2, 20, 15).isoformat(),
            amount="300",
            currency="EUR",
            method=PaymentMethod.CRYPTO,
            destination=demo_bitcoin_address(),
            account_id=whatsapp.id,
            evidence_ids=[demand_item.id],
            note=t("demo.payment.demand_bitcoin"),
        )
    )

    # 8. The timeline, tagged with the stages of the scheme.
    events: list[tuple[dt.datetime, Stage, str, str, list[str]]] = [
        (story.at(6, 19, 12), Stage.FIRST_CONTACT, "first_contact", instagram.id, [chat_item.id, profile_item.id]),
        (story.at(5, 17, 40), Stage.TRUST_BUILDING, "trust", instagram.id, [chat_item.id]),
        (story.at(5, 18, 30), Stage.MOVE_TO_OTHER_APP, "move", whatsapp.id, [chat_item.id]),
        (story.at(4, 21, 10), Stage.IMAGE_REQUEST, "request", whatsapp.id, [intimate.id]),
        (story.at(3, 22, 40), Stage.THREATS, "threats", whatsapp.id, [threat_item.id]),
        (threat_at, Stage.PAYMENT_DEMAND, "demand_coupon", whatsapp.id, [threat_item.id]),
        (story.at(3, 23, 5), Stage.OTHER, "paid", whatsapp.id, [demand_item.id]),
        (story.at(2, 20, 15), Stage.PAYMENT_DEMAND, "demand_bitcoin", whatsapp.id, [demand_item.id]),
        (story.at(1, 20, 30), Stage.OTHER, "told", "", []),
    ]
    for moment, stage, key, account_id, evidence in events:
        case.save_event(
            TimelineEvent(
                id="",
                date=moment.isoformat(),
                stage=stage,
                description=t(f"demo.event.{key}"),
                account_id=account_id,
                evidence_ids=evidence,
            )
        )

    # 9. The account of the facts: the program's draft, completed by the person.
    from evidence_kit.core.facts import draft_facts

    facts = draft_facts(case, t).rstrip() + "\n\n" + t("demo.facts.closing")
    case.save_profile(replace(case.profile, facts=facts, facts_edited=True))


def _now_iso() -> str:
    return dt.datetime.now(_story_zone()).isoformat(timespec="seconds")


def _import(case: Case, story: Story, shots: list[PhoneShot], paths: list[Path]) -> list[EvidenceItem]:
    items = []
    for shot, path in zip(shots, paths, strict=True):
        result = case.add_file(
            path,
            kind=shot.kind,
            platform=shot.platform,
            account=shot.account,
            note=story.t(shot.note_key),
            happened_at=shot.happened_at.isoformat(),
        )
        items.append(result.item)
    return items


def _record_intimate(case: Case, t: Translator, happened: dt.datetime) -> EvidenceItem:
    """Record "an intimate image exists" from a neutral stand-in, as a person would from the real file."""
    with tempfile.TemporaryDirectory(prefix="ek-demo-") as tmp:
        path = Path(tmp) / "placeholder.png"
        path.write_bytes(placeholder_png(t))
        item = case.record_intimate_image(path, t("demo.note.intimate"), kind=EvidenceKind.OTHER)
    return case.update_item(item.id, happened_at=happened.isoformat(), platform="whatsapp")


def build_demo_case(
    folder: Path, passphrase: str, lang: str = "fr", *, kdf: KdfParams | None = None, **options: Any
) -> Case:
    """The demo case, open (the GUI's tour fills its pages with it); the caller closes it."""
    return build(Path(folder), passphrase, lang, kdf=kdf, **options).case
