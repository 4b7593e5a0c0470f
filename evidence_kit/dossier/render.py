"""Lays out the dossier's pages with reportlab, in memory, leaving boxes where the pictures go.

The pictures themselves are added by ``seal.py`` while the encrypted file is
written, so this step stays small whatever the number of items.  One function
per section; the layout rules (styles, tables, monospace tokens, bookmarked
headings) are in ``layout.py``.
"""

# Long module: one function per dossier section (ten sections and the chat transcript), each reading
# best next to the others; the shared layout toolkit is in layout.py.

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from evidence_kit.core.model import Account, EvidenceItem, Payment, TimelineEvent
from evidence_kit.dossier import content
from evidence_kit.dossier.content import Recipient
from evidence_kit.dossier.layout import (
    ACCENT,
    BOTTOM,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
    SHADE,
    TOP,
    WARN,
    Marked,
    Mono,
    PictureSlot,
    box,
    esc,
    hash_text,
    head,
    kv,
    numbered_canvas_class,
    register_fonts,
    styles,
    table,
)
from evidence_kit.dossier.seal import ImagePlacement
from evidence_kit.i18n import Translator, times

rl_config.useA85 = 0  # binary streams: ASCII85 doubles the time and adds a quarter to the size

# --- what the layout needs -------------------------------------------------------------------


@dataclass
class PictureBlock:
    item: EvidenceItem
    shown: EvidenceItem | None  # the item whose picture is drawn (the item itself, or nothing)
    display_size: tuple[int, int] | None
    attachment_name: str  # "" when not attached
    note_key: str = ""  # why there is no picture


@dataclass
class RenderInput:
    t: Translator
    recipient: Recipient
    reference: str
    created_utc: str
    victim_name: str
    victim_is_minor: bool | None
    facts: str
    items: list[EvidenceItem]
    blocks: list[PictureBlock]
    accounts: list[Account]
    payments: list[Payment]
    events: list[TimelineEvent]
    custody: list[dict[str, Any]]
    custody_head: str
    custody_public_key: str
    seal_fingerprint: str
    originals_attached: bool
    attachments: list[tuple[str, str, str]]  # (file name, what it is, sha256 or "" when computed at write time)
    head_timestamp: Any  # seal.HeadTimestamp | None
    tsa_url: str
    excerpts: list[Any] = field(default_factory=list)
    helplines: list[tuple[str, str]] = field(default_factory=list)  # (name, how to reach)
    zone: str = ""  # the zone the computer's UTC stamps are shown in ("" : this computer's)
    build: Any = None  # build_identity.BuildIdentity of the program that made the dossier
    stamps: Any = None  # content.CustodyStamps: trusted timestamps taken as the case grew
    readings: dict[str, Any] = field(default_factory=dict)  # item id -> ocr Reading of its shown picture


def _at(data: RenderInput, text: str, seconds: bool = False) -> str:
    """The one clock: local wall time and its UTC offset (``evidence_kit.i18n.times``)."""
    return times.short_time(data.t, text, data.zone or None, seconds=seconds) if text else ""


def _day(data: RenderInput, text: str) -> str:
    return times.short_date(data.t, text, data.zone or None) if text else ""


@dataclass
class Rendered:
    pdf: bytes
    placements: list[ImagePlacement]
    pages: int


def render(data: RenderInput) -> Rendered:
    register_fonts()
    t = data.t
    s = styles(t.lang)
    placements: list[ImagePlacement] = []
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=t("dossier.meta_title", reference=data.reference),
        author="Evidence Kit",
        subject=t("dossier.meta_subject"),
        creator="Evidence Kit",
        pageCompression=1,
    )
    created = _at(data, data.created_utc)

    def footer(canvas: Any, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont("EkSans", 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, PAGE[1] - 12 * mm, t("dossier.header_left", reference=data.reference))
        canvas.drawRightString(PAGE[0] - MARGIN, PAGE[1] - 12 * mm, t("dossier.header_right", created=created))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, PAGE[1] - 13.8 * mm, PAGE[0] - MARGIN, PAGE[1] - 13.8 * mm)
        canvas.line(MARGIN, 13.5 * mm, PAGE[0] - MARGIN, 13.5 * mm)
        canvas.drawString(MARGIN, 9.5 * mm, t("dossier.footer_confidential"))
        canvas.drawRightString(PAGE[0] - MARGIN, 9.5 * mm, t("dossier.page_of", page=page, total=total))
        canvas.restoreState()

    story: list[Flowable] = []
    story += _cover(data, s)
    story.append(PageBreak())
    story += _summary(data, s)
    story.append(PageBreak())
    story += _facts_and_timeline(data, s)
    story += _identifiers(data, s)
    story += _payments(data, s)
    story += _account_status(data, s)
    story.append(PageBreak())
    story += _evidence(data, s, placements.append)
    if data.excerpts:
        story += _excerpts(data, s)
    story.append(PageBreak())
    story += _custody(data, s)
    story += _manifest(data, s)
    story.append(PageBreak())
    story += _proofs(data, s)
    story += _next_steps(data, s)
    doc.build(story, canvasmaker=numbered_canvas_class(footer))
    pdf = out.getvalue()
    return Rendered(pdf, placements, doc.page)


# --- sections --------------------------------------------------------------------------------


def _minor_text(t: Translator, minor: bool | None) -> str:
    return t({True: "dossier.minor_yes", False: "dossier.minor_no", None: "dossier.minor_unknown"}[minor])


def _cover(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    t = data.t
    story: list[Flowable] = [Spacer(1, 20 * mm)]
    story.append(Paragraph(esc(t("dossier.cover_title")), s["title"]))
    counts = content.overview(data.items, data.accounts, data.payments, data.events).counts
    subtitle = "dossier.cover_subtitle" if counts.money_demanded else "dossier.cover_subtitle_no_demand"
    story.append(Paragraph(esc(t(subtitle)), s["subtitle"]))
    story.append(Paragraph(esc(t("dossier.reference_label")), s["muted"]))
    story.append(Paragraph(esc(data.reference), s["ref"]))
    story.append(Spacer(1, 6 * mm))
    rows: list[tuple[str, Any]] = [
        (t("dossier.for_label"), esc(t(f"dossier.recipient.{data.recipient.value}"))),
        (t("dossier.created_label"), esc(_at(data, data.created_utc))),
        (t("dossier.zone_label"), esc(t("dossier.zone_text", zone=data.zone or times.zone_of_items([])))),
    ]
    if data.victim_name:
        rows.append(
            (t("dossier.victim_label"), esc(data.victim_name) + " — " + esc(_minor_text(t, data.victim_is_minor)))
        )
    rows += [
        (
            t("dossier.contents_label"),
            "<br/>".join(esc(line) for line in content.count_lines(t, counts)),
        ),
        (
            t("dossier.originals_label"),
            esc(t("dossier.originals_yes" if data.originals_attached else "dossier.originals_no")),
        ),
        (t("dossier.seal_label"), Mono(hash_text(data.seal_fingerprint), s["mono"])),
    ]
    story.append(kv(rows, s))
    story.append(Spacer(1, 8 * mm))
    story.append(
        box(
            [
                Paragraph("<b>" + esc(t("dossier.cover_confidential_title")) + "</b>", s["box"]),
                Paragraph(esc(t("dossier.cover_confidential")), s["box"]),
            ],
            WARN,
        )
    )
    story.append(Spacer(1, 8 * mm))
    story.append(Paragraph(esc(t("dossier.toc_title")), s["h2"]))
    for number, key in enumerate(_SECTIONS, start=1):
        story.append(Paragraph(f"{number}. {esc(t(key))}", s["small"]))
    return story


_SECTIONS = [
    "dossier.s.summary",
    "dossier.s.facts",
    "dossier.s.identifiers",
    "dossier.s.payments",
    "dossier.s.accounts",
    "dossier.s.evidence",
    "dossier.s.custody",
    "dossier.s.manifest",
    "dossier.s.proofs",
    "dossier.s.next",
]


def _section(data: RenderInput, key: str, s: dict[str, ParagraphStyle]) -> Paragraph:
    number = _SECTIONS.index(key) + 1
    title = f"{number}. {data.t(key)}"
    return Marked(esc(title), s["h1"], f"section-{number}", title, 0)


def _summary(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    t = data.t
    o = content.overview(data.items, data.accounts, data.payments, data.events)
    rows: list[tuple[str, Any]] = []
    victim = esc(data.victim_name) + " — " if data.victim_name else ""
    rows.append((t("dossier.sum.who"), victim + esc(_minor_text(t, data.victim_is_minor))))
    c = o.counts
    what = "dossier.sum.what_text" if c.money_demanded else "dossier.sum.what_text_no_demand"
    rows.append((t("dossier.sum.what"), esc(t(what))))
    if o.first_date:
        rows.append(
            (
                t("dossier.sum.when"),
                esc(
                    t("dossier.sum.when_text", first=_day(data, o.first_date), last=_day(data, o.last_date))
                    if _day(data, o.first_date) != _day(data, o.last_date)
                    else t("dossier.sum.when_day", day=_day(data, o.first_date))
                ),
            )
        )
    if o.platforms:
        rows.append((t("dossier.sum.platforms"), esc(" → ".join(o.platforms))))
    if o.scammer_accounts:
        shown = [esc(content.account_label(t, a)) for a in o.scammer_accounts[:6]]
        more = len(o.scammer_accounts) - len(shown)
        text = "<br/>".join(shown) + (f"<br/>{esc(t('dossier.sum.more', n=more))}" if more > 0 else "")
        rows.append((t("dossier.sum.accounts", n=len(o.scammer_accounts)), text))
    demanded, paid = content.Money.text(o.money.demanded), content.Money.text(o.money.paid)
    if demanded or paid:
        rows.append(
            (
                t("dossier.sum.money"),
                esc(t("dossier.sum.money_text", demanded=demanded or "—", paid=paid or t("dossier.sum.nothing_paid"))),
            )
        )
    kinds = ", ".join(t("dossier.sum.kind_count", label=t("dossier.kind." + k), n=n) for k, n in c.kinds.most_common())
    evidence = esc(t("dossier.sum.evidence_text", n=c.items, kinds=kinds or "—"))
    if c.derived:
        evidence += "<br/>" + esc(t("dossier.sum.derived", n=c.derived))
    if c.intimate:
        evidence += "<br/>" + esc(t("dossier.sum.intimate", n=c.intimate))
    rows.append((t("dossier.sum.evidence"), evidence))
    if o.scammer_accounts:
        rows.append(
            (
                t("dossier.sum.status"),
                esc(
                    ", ".join(
                        [
                            t("dossier.count.reported", n=c.reported, total=c.scammer_accounts),
                            t("dossier.count.blocked", n=c.blocked),
                            t("dossier.count.removed", n=c.removed),
                        ]
                    )
                ),
            )
        )
    rows.append(
        (
            t("dossier.sum.seal"),
            esc(t("dossier.sum.seal_text"))
            + "<br/>"
            + f"<font name='EkMono' size='7.4'>{esc(hash_text(data.seal_fingerprint))}</font>",
        )
    )
    timestamp = (
        t("dossier.sum.ts_yes", at=_at(data, data.head_timestamp.gen_time), authority=data.head_timestamp.authority)
        if data.head_timestamp
        else t("dossier.sum.ts_no")
    )
    stamps = data.stamps
    if stamps is not None and stamps.attached:
        lines = [t("dossier.sum.anchored", n=len(stamps.by_item), total=len(data.items))]
        if stamps.clock_difference is not None:
            lines.append(_clock_text(t, stamps.clock_difference))
        if data.head_timestamp:
            lines.append(timestamp)
        rows.append((t("dossier.sum.timestamp"), "<br/>".join(esc(line) for line in lines)))
    else:
        rows.append((t("dossier.sum.timestamp"), esc(timestamp)))
    ask = [Paragraph("<b>" + esc(t("dossier.sum.ask_title")) + "</b>", s["box"])]
    for line in _ask_lines(data, c):
        ask.append(Paragraph("• " + esc(line), s["box"]))
    return [
        _section(data, "dossier.s.summary", s),
        kv(rows, s),
        Spacer(1, 5 * mm),
        box(ask),
        Spacer(1, 3 * mm),
        Paragraph(esc(t("dossier.sum.where")), s["muted"]),
    ]


def _ask_lines(data: RenderInput, counts: Any) -> list[str]:
    """What the recipient is asked to do; the money trail only where money was asked or paid."""
    t = data.t
    if data.recipient != Recipient.POLICE:
        return t(f"dossier.ask.{data.recipient.value}").split("\n")
    lines = t("dossier.ask.police_core").split("\n")
    if not counts.scammer_accounts:
        lines = lines[:1]  # no account to ask the platforms about
    if counts.demands or counts.payments:
        lines.append(t("dossier.ask.police_money"))
    lines.append(t("dossier.ask.police_originals" if data.originals_attached else "dossier.ask.police_no_originals"))
    return lines


def _facts_and_timeline(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    t = data.t
    story: list[Flowable] = [_section(data, "dossier.s.facts", s)]
    story.append(Paragraph(esc(t("dossier.facts_title")), s["h2"]))
    if data.facts.strip():
        for paragraph in data.facts.strip().split("\n\n"):
            story.append(Paragraph(esc(paragraph.strip()), s["body"]))
        story.append(Paragraph(esc(t("dossier.facts_note")), s["muted"]))
    else:
        story.append(Paragraph(esc(t("dossier.facts_empty")), s["muted"]))
    story.append(Paragraph(esc(t("dossier.timeline_title")), s["h2"]))
    events = sorted(data.events, key=lambda e: (_sort_key(e.date), e.id))
    if not events:
        story.append(Paragraph(esc(t("dossier.timeline_empty")), s["muted"]))
        return story
    by_id = {a.id: a for a in data.accounts}
    rows: list[list[Any]] = [
        head([t("dossier.col.date"), t("dossier.col.stage"), t("dossier.col.what"), t("dossier.col.evidence")], s)
    ]
    for event in events:
        what = esc(event.description)
        if event.account_id in by_id:
            what += f"<br/><font color='#5b6673'>{esc(content.account_label(t, by_id[event.account_id]))}</font>"
        rows.append(
            [
                Paragraph(esc(_at(data, event.date)), s["cell"]),
                Paragraph(esc(t("dossier.stage." + event.stage.value)), s["cell"]),
                Paragraph(what, s["cell"]),
                Paragraph(esc(", ".join(event.evidence_ids)), s["cell"]),
            ]
        )
    story.append(table(rows, [30 * mm, 32 * mm, FRAME_WIDTH - 82 * mm, 20 * mm]))
    return story


def _identifiers(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    t = data.t
    scammers = [a for a in data.accounts if a.owner.value == "scammer"]
    by_id = {a.id: a for a in data.accounts}
    rows_data = content.identifier_rows(t, content._by_path(scammers), data.payments, by_id)
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        _section(data, "dossier.s.identifiers", s),
        Paragraph(esc(t("dossier.identifiers_intro")), s["muted"]),
    ]
    if not rows_data:
        story.append(Paragraph(esc(t("dossier.identifiers_empty")), s["muted"]))
        return story
    rows: list[list[Any]] = [head([t("dossier.col.type"), t("dossier.col.value"), t("dossier.col.where")], s)]
    for row in rows_data:
        # Machine identifiers (ids, URLs, wallets) in a fixed-width font; names as written, in the full Unicode font.
        value = Paragraph(esc(row.value), s["cell"]) if row.free_text else Mono(row.value, s["mono"])
        rows.append(
            [
                Paragraph(esc(row.kind), s["cell"]),
                value,
                Paragraph(esc(row.where), s["cell"]),
            ]
        )
    story.append(table(rows, [34 * mm, FRAME_WIDTH - 84 * mm, 50 * mm]))
    return story


def _payments(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    t = data.t
    story: list[Flowable] = [CondPageBreak(50 * mm), _section(data, "dossier.s.payments", s)]
    if not data.payments:
        story.append(Paragraph(esc(t("dossier.payments_empty")), s["muted"]))
        return story
    rows: list[list[Any]] = [
        head(
            [
                t("dossier.col.id"),
                t("dossier.col.date"),
                t("dossier.col.kind"),
                t("dossier.col.amount"),
                t("dossier.col.method"),
                t("dossier.col.destination"),
                t("dossier.col.reference"),
            ],
            s,
        )
    ]
    for p in sorted(data.payments, key=lambda p: (_sort_key(p.date), p.id)):
        kind = t("dossier.pay.payment" if (p.kind.value == "payment" or p.paid) else "dossier.pay.demand")
        rows.append(
            [
                Paragraph(esc(p.id), s["cell"]),
                Paragraph(esc(_at(data, p.date)), s["cell"]),
                Paragraph(esc(kind), s["cell"]),
                Paragraph(esc(f"{p.amount} {p.currency}".strip()), s["cell"]),
                Paragraph(esc(t("dossier.method." + p.method.value)), s["cell"]),
                Mono(p.destination, s["mono"]),
                [Mono(p.reference, s["mono"])] * bool(p.reference)
                + [Paragraph(f"<font color='#5b6673'>{esc(p.note)}</font>", s["cell"])] * bool(p.note),
            ]
        )
    story.append(table(rows, [10 * mm, 27 * mm, 18 * mm, 18 * mm, 27 * mm, FRAME_WIDTH - 130 * mm, 30 * mm]))
    return story


def _account_status(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    t = data.t
    story: list[Flowable] = [CondPageBreak(50 * mm), _section(data, "dossier.s.accounts", s)]
    if not data.accounts:
        story.append(Paragraph(esc(t("dossier.accounts_empty")), s["muted"]))
        return story
    counts: dict[str, int] = {}
    for item in data.items:
        for account_id in item.account_ids:
            counts[account_id] = counts.get(account_id, 0) + 1
    by_id = {a.id: a for a in data.accounts}
    rows: list[list[Any]] = [
        head(
            [
                t("dossier.col.account"),
                t("dossier.col.evidence"),
                t("dossier.col.reported"),
                t("dossier.col.blocked"),
                t("dossier.col.removed"),
            ],
            s,
        )
    ]
    for owner in ("scammer", "victim"):
        group = [a for a in content._by_path([a for a in data.accounts if a.owner.value == owner])]
        if not group:
            continue
        rows.append([Paragraph("<b>" + esc(t(f"dossier.owner.{owner}")) + "</b>", s["cell"]), "", "", "", ""])
        for a in group:
            label = esc(content.account_label(t, a))
            if a.came_from in by_id:
                came = t("dossier.came_from", account=content.account_label(t, by_id[a.came_from]))
                label += f"<br/><font color='#5b6673'>{esc(came)}</font>"
            reported = esc(_at(data, a.reported_at)) + (
                f"<br/>{esc(t('dossier.report_ref', reference=a.report_reference))}" if a.report_reference else ""
            )
            rows.append(
                [
                    Paragraph(label, s["cell"]),
                    Paragraph(esc(str(counts.get(a.id, 0))), s["cell"]),
                    Paragraph(reported or "—", s["cell"]),
                    Paragraph(esc(_at(data, a.blocked_at)) or "—", s["cell"]),
                    Paragraph(
                        esc(_at(data, a.removed_at or (a.secured_at if owner == "victim" else ""))) or "—", s["cell"]
                    ),
                ]
            )
    story.append(table(rows, [FRAME_WIDTH - 118 * mm, 18 * mm, 34 * mm, 33 * mm, 33 * mm]))
    story.append(Paragraph(esc(t("dossier.accounts_note")), s["muted"]))
    return story


def _evidence(
    data: RenderInput, s: dict[str, ParagraphStyle], record: Callable[[ImagePlacement], None]
) -> list[Flowable]:
    t = data.t
    story: list[Flowable] = [
        _section(data, "dossier.s.evidence", s),
        Paragraph(esc(t("dossier.evidence_intro")), s["muted"]),
    ]
    if not data.blocks:
        story.append(Paragraph(esc(t("dossier.evidence_empty")), s["muted"]))
    for block in data.blocks:
        story += _evidence_block(data, block, s, record)
    return story


def _evidence_block(
    data: RenderInput, block: PictureBlock, s: dict[str, ParagraphStyle], record: Callable[[ImagePlacement], None]
) -> list[Flowable]:
    t = data.t
    item = block.item
    title_bits = [item.id, t("dossier.kind." + item.kind.value)]
    if item.platform:
        title_bits.append(content.platform_name(item.platform))
    if item.account:
        title_bits.append(item.account)
    title = Marked(esc(" · ".join(title_bits)), s["h2"], f"item-{item.id}", " · ".join(title_bits), 1)
    heading: list[Flowable] = [CondPageBreak(70 * mm), title]
    if block.shown is not None and block.display_size:
        heading.append(PictureSlot(item.id, block.display_size, record, FRAME_HEIGHT * 0.62))
        reading = data.readings.get(item.id) if block.shown is item and not item.intimate else None
        if reading is not None:
            heading += _read_text(data, reading, s)
    else:
        heading.append(
            box(
                [
                    Paragraph(
                        esc(t(block.note_key, item=item.id, other=(block.shown.id if block.shown else ""))), s["box"]
                    )
                ],
                WARN if item.intimate else SHADE,
            )
        )
        heading.append(Spacer(1, 2 * mm))
    rows: list[tuple[str, Any]] = [("SHA-256", Mono(hash_text(item.sha256), s["mono"]))]
    rows.append((t("dossier.ev.obtained"), esc(t("dossier.origin." + item.origin.value))))
    rows.append(
        (
            t("dossier.ev.when"),
            esc(content.local_obtained(t, item)) + "<br/>" + esc(t("dossier.ev.clock_computer")),
        )
    )
    stamped = _stamp_row(data, item, s)
    if stamped is not None:
        rows.append(stamped)
    if item.source_name:
        rows.append((t("dossier.ev.source"), esc(item.source_name)))
    dates = [(d, "dossier.clock." + d.clock.value) for d in item.source_dates + item.embedded_dates]
    if dates:
        rows.append(
            (
                t("dossier.ev.other_dates"),
                "<br/>".join(
                    esc(f"{_at(data, d.value, seconds=True)} — {t(key)}" + (f" ({d.detail})" if d.detail else ""))
                    for d, key in dates
                ),
            )
        )
    if item.happened_at:
        rows.append(
            (t("dossier.ev.happened"), esc(_at(data, item.happened_at)) + " — " + esc(t("dossier.clock.person")))
        )
    size = t("dossier.ev.size_bytes", size=f"{item.size:,}".replace(",", " "), media=item.media_type)
    if item.width and item.height:
        size += f" — {item.width} × {item.height} px"
    rows.append((t("dossier.ev.file"), esc(size)))
    if item.note:
        rows.append((t("dossier.ev.note"), esc(item.note)))
    if item.derivation:
        d = item.derivation
        rows.append(
            (
                t("dossier.ev.derived"),
                esc(t("dossier.derivation." + d.kind.value, parent=d.parent_id))
                + "<br/>"
                + f"<font name='EkMono' size='7.4'>{esc(hash_text(d.parent_sha256))}</font>",
            )
        )
    if block.attachment_name:
        rows.append((t("dossier.ev.attached"), Mono(block.attachment_name, s["mono"])))
    else:
        rows.append(
            (
                t("dossier.ev.attached"),
                esc(t(_not_attached_key(item))),
            )
        )
    return [KeepTogether(heading), kv(rows, s, 36 * mm), Spacer(1, 4 * mm)]


def _read_text(data: RenderInput, reading: Any, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The text read from the picture, line for line, under a caption saying it was read by a machine."""
    t = data.t
    caption = t(
        "dossier.ev.read_caption",
        caption=t("ocr.dossier.caption"),
        engine=reading.engine_version
        if reading.engine_version.lower().startswith(reading.engine.lower())
        else f"{reading.engine} {reading.engine_version}".strip(),
    )
    lines = [" ".join(line.split()) for line in reading.text.splitlines()]
    text = "<br/>".join(esc(line) for line in lines if line)
    story: list[Flowable] = [Paragraph(f"<i>{esc(caption)}</i>", s["muted"]), Paragraph(text, s["read"])]
    found = [i for i in reading.identifiers if str(getattr(i.status, "value", i.status)) != "dismissed"]
    if found:
        story.append(Paragraph(f"<i>{esc(t('dossier.ev.read_identifiers', n=len(found)))}</i>", s["muted"]))
        rows: list[list[Any]] = []
        for identifier in found:
            kind = str(getattr(identifier.kind, "value", identifier.kind))
            notes = [t("ocr.cli.checked")] if identifier.checked else []
            if identifier.repaired:
                notes.append(t("ocr.cli.repaired", read_as=identifier.read_as))
            status = str(getattr(identifier.status, "value", identifier.status))
            notes.append(t("dossier.ev.read_accepted" if status == "accepted" else "dossier.ev.read_proposed"))
            rows.append(
                [
                    Paragraph(esc(t("chat.kind." + kind) if t.has("chat.kind." + kind) else kind), s["read"]),
                    Mono(identifier.value, s["mono"]),
                    Paragraph(esc("; ".join(notes)), s["read"]),
                ]
            )
        story.append(table(rows, [34 * mm, 78 * mm, FRAME_WIDTH - 112 * mm], header=False))
    story.append(Spacer(1, 2 * mm))
    return story


def _stamp_row(data: RenderInput, item: EvidenceItem, s: dict[str, ParagraphStyle]) -> tuple[str, Any] | None:
    """'existed no later than …' from the earliest trusted timestamp covering the item (None: no tokens at all)."""
    stamps = data.stamps
    if stamps is None or not stamps.attached:
        return None
    t = data.t
    anchor = stamps.by_item.get(item.id)
    if anchor is None:
        return (t("dossier.ev.timestamp"), esc(t("dossier.ev.not_timestamped")))
    text = t(
        "dossier.ev.no_later_than",
        at=_at(data, content.no_later_than(anchor.gen_time), seconds=True),
        authority=anchor.authority_name or anchor.authority_url,
    )
    markup = esc(text) + f"<br/><font name='EkMono' size='7.4'>{esc(anchor.file_name)}</font>"
    return (t("dossier.ev.timestamp"), Paragraph(markup, s["cellplain"]))


def _clock_text(t: Translator, difference: float) -> str:
    """The largest difference seen between this computer's clock and the authorities' (computer minus authority)."""
    size = abs(difference)
    if size < 1:
        return t("dossier.clock_diff.under_second")
    decimal = f"{size:.1f}".replace(".", "," if t.lang == "fr" else ".")
    amount = times.duration(t, size) if size >= 60 else t("dossier.clock_diff.seconds", value=decimal)
    key = "dossier.clock_diff.ahead" if difference > 0 else "dossier.clock_diff.behind"
    text = t(key, amount=amount)
    if size >= 120:
        text += " " + t("dossier.clock_diff.wrong")
    return text


def _excerpts(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The flagged messages of each imported chat, under the facts that tie them to the sealed export."""
    t = data.t
    # The section's title and introduction stay on the page of the first export's description.
    lead: list[Flowable] = [
        Paragraph(esc(t("dossier.excerpts_title")), s["h2"]),
        Paragraph(esc(t("dossier.chat.intro")), s["muted"]),
    ]
    exports: dict[str, list[Any]] = {}
    for excerpt in data.excerpts:
        exports.setdefault(excerpt.item_id, []).append(excerpt)
    story: list[Flowable] = []
    for number, windows in enumerate(exports.values()):
        story += _chat_export(data, windows, s, lead if number == 0 else [])
    return story


def _chat_export(
    data: RenderInput, windows: list[Any], s: dict[str, ParagraphStyle], lead: list[Flowable]
) -> list[Flowable]:
    """One export: what it is (file, item, fingerprint, app, scammer, size, clock), then its runs of messages."""
    t = data.t
    first = windows[0]
    app = content.platform_name(first.platform)
    heading = t("dossier.chat.heading", app=app, title=first.title or first.source_name, item=first.item_id)
    scammer_key = "dossier.chat.scammer_given" if first.scammer_given else "dossier.chat.scammer_proposed"
    shown = sum(1 for w in windows for m in w.messages if m.flagged)
    rows: list[tuple[str, Any]] = [
        (t("dossier.chat.file"), Paragraph(esc(first.source_name or "-"), s["cell"])),
        (t("dossier.chat.item"), esc(first.item_id)),
        ("SHA-256", Mono(hash_text(first.sha256), s["mono"])),
        (t("dossier.chat.app"), esc(t("dossier.chat.app_title", app=app, title=first.title or "-"))),
        (
            t("dossier.chat.scammer"),
            esc(t(scammer_key, name=first.scammer)) if first.scammer else esc(t("dossier.chat.scammer_none")),
        ),
        (
            t("dossier.chat.messages"),
            esc(
                t(
                    "dossier.chat.count_and_flagged",
                    count=t("dossier.chat.count", n=first.message_count),
                    flagged=t("dossier.chat.flagged", n=shown),
                )
            ),
        ),
        (t("dossier.chat.times"), esc(_clock_sentence(t, first))),
    ]
    story: list[Flowable] = [
        CondPageBreak(75 * mm),
        KeepTogether([*lead, Paragraph(esc(heading), s["h3"]), kv(rows, s, 36 * mm)]),
        Spacer(1, 2 * mm),
        _transcript_table(data, windows, s),
    ]
    if first.windows_left_out:
        story.append(Paragraph(esc(t("dossier.chat.left_out", n=first.windows_left_out)), s["muted"]))
    story.append(Spacer(1, 5 * mm))
    return story


def _clock_sentence(t: Translator, excerpt: Any) -> str:
    if excerpt.time_zone_known:
        return t("dossier.chat.time_utc")
    if excerpt.assumed_time_zone:
        return t(f"dossier.chat.time_local_{excerpt.time_zone_source or 'computer'}", zone=excerpt.assumed_time_zone)
    return t("dossier.chat.time_local_unknown")


def _message_time(data: RenderInput, at: str, zone_known: bool, assumed_zone: str = "") -> str:
    """An absolute time with its offset; a phone's wall-clock time as the export wrote it, never shifted.

    Without a zone in the export, the wall time gets the offset the assumed zone had then (the section
    says which zone was assumed and why), or is said to have no known offset.
    """
    if zone_known:
        return _at(data, at)
    moment = times.parse(at)
    tz = times.zone_info(assumed_zone)
    if moment is None:
        return at
    wall = moment.replace(tzinfo=None)
    if tz is not None:
        return times.short_time(data.t, wall.replace(tzinfo=tz), None)
    clock = times.short_date(data.t, wall.replace(tzinfo=moment.tzinfo)) + f" {wall:%H:%M}"
    return data.t("dossier.chat.offset_unknown", time=clock)


def _transcript_table(data: RenderInput, windows: list[Any], s: dict[str, ParagraphStyle]) -> Table:
    """Every run of messages of one export in one table; "[…]" where messages are left out between them."""
    t = data.t
    first = windows[0]
    rows: list[list[Any]] = [
        head([t("dossier.chat.col_time"), t("dossier.chat.col_author"), t("dossier.chat.col_text")], s)
    ]
    commands: list[tuple[Any, ...]] = []
    previous_end = 0  # index just after the last message shown
    for window in windows:
        for message in window.messages:
            gap = message.index - previous_end
            if gap > 0:
                commands += _gap_row(rows, t("dossier.chat.gap", n=gap), s)
            rows.append(_message_row(data, message, first, s))
            if message.flagged:
                background = WARN if message.confirmed else SHADE
                commands.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), background))
                commands.append(("LINEBEFORE", (0, len(rows) - 1), (0, len(rows) - 1), 2.5, ACCENT))
            previous_end = message.index + 1
    if first.message_count > previous_end:
        commands += _gap_row(rows, t("dossier.chat.gap", n=first.message_count - previous_end), s)
    transcript = table(rows, [31 * mm, 27 * mm, FRAME_WIDTH - 58 * mm], header=True)
    transcript.setStyle(TableStyle(commands))
    return transcript


def _gap_row(rows: list[list[Any]], text: str, s: dict[str, ParagraphStyle]) -> list[tuple[Any, ...]]:
    rows.append([Paragraph(esc(text), s["center"]), "", ""])
    row = len(rows) - 1
    return [
        ("SPAN", (0, row), (-1, row)),
        ("TOPPADDING", (0, row), (-1, row), 1),
        ("BOTTOMPADDING", (0, row), (-1, row), 1),
    ]


def _message_row(data: RenderInput, message: Any, export: Any, s: dict[str, ParagraphStyle]) -> list[Any]:
    t = data.t
    style = s["cellbold"] if message.flagged else s["cell"]
    sender = Paragraph(esc(message.sender) if message.sender else f"<i>{esc(t('dossier.chat.notice'))}</i>", style)
    cell: list[Flowable] = [Paragraph(esc(message.text), style)]
    for name in message.attachments:
        cell.append(Paragraph(esc(t("dossier.chat.attachment", name=name)), s["muted"]))
    if message.flagged:
        kinds = ", ".join(t(f"chat.flag.{kind}") for kind in message.flag_kinds)
        key = "dossier.chat.flag_confirmed" if message.confirmed else "dossier.chat.flag_proposed"
        cell.append(Paragraph(f"<font color='#{ACCENT.hexval()[2:]}'>{esc(t(key, kinds=kinds))}</font>", s["small"]))
    at = _message_time(data, message.at, export.time_zone_known, getattr(export, "assumed_time_zone", "") or "")
    return [Paragraph(esc(at), s["cell"]), sender, cell]


def _not_attached_key(item: EvidenceItem) -> str:
    if item.intimate:
        return "dossier.ev.not_attached_intimate"
    return "dossier.ev.not_attached" if item.blob_id else "dossier.ev.not_kept"


def _custody(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    t = data.t
    story: list[Flowable] = [
        _section(data, "dossier.s.custody", s),
        Paragraph(esc(t("dossier.custody_intro")), s["muted"]),
    ]
    story.append(
        kv(
            [
                (t("dossier.custody_head"), Mono(hash_text(data.custody_head), s["mono"])),
                (t("dossier.custody_key"), Mono(hash_text(data.custody_public_key), s["mono"])),
                (t("dossier.custody_entries"), esc(str(len(data.custody)))),
            ],
            s,
            44 * mm,
        )
    )
    story.append(Spacer(1, 3 * mm))
    rows: list[list[Any]] = [
        head(
            [
                "#",
                t("dossier.col.time"),
                t("dossier.col.action"),
                t("dossier.col.subject"),
                t("dossier.col.entry_hash"),
            ],
            s,
        )
    ]
    for entry in data.custody:
        subject = esc(entry.get("subject", ""))
        if entry.get("sha256"):
            subject += f"<br/><font name='EkMono' size='6.8'>{esc(entry['sha256'][:32])}…</font>"
        rows.append(
            [
                Paragraph(str(entry["seq"]), s["cell"]),
                Paragraph(esc(_at(data, entry["at"], seconds=True)), s["cell"]),
                Paragraph(
                    esc(t("custody." + entry["action"]) if t.has("custody." + entry["action"]) else entry["action"]),
                    s["cell"],
                ),
                Paragraph(subject, s["cell"]),
                Paragraph(esc(entry["entry_hash"][:24]) + "…", s["mono"]),
            ]
        )
    story.append(table(rows, [9 * mm, 34 * mm, 32 * mm, FRAME_WIDTH - 125 * mm, 50 * mm]))
    return story


def _manifest(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    t = data.t
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        _section(data, "dossier.s.manifest", s),
        Paragraph(esc(t("dossier.manifest_intro")), s["muted"]),
    ]
    rows: list[list[Any]] = [head([t("dossier.col.id"), "SHA-256", t("dossier.col.attached")], s)]
    attached = {b.item.id: b.attachment_name for b in data.blocks}
    for item in data.items:
        mark = (
            t("dossier.yes") if attached.get(item.id) else ("—" if not item.intimate else t("dossier.intimate_short"))
        )
        rows.append(
            [
                Paragraph(esc(item.id), s["cell"]),
                Mono(item.sha256, s["mono"]),
                Paragraph(esc(mark), s["cell"]),
            ]
        )
    story.append(table(rows, [14 * mm, FRAME_WIDTH - 44 * mm, 30 * mm]))
    story.append(Paragraph(esc(t("dossier.attachments_title")), s["h2"]))
    rows = [head([t("dossier.col.file"), t("dossier.col.what")], s)]
    for name, what, _digest in data.attachments:
        rows.append([Mono(name, s["mono"]), Paragraph(esc(what), s["cell"])])
    story.append(table(rows, [FRAME_WIDTH - 70 * mm, 70 * mm]))
    story.append(Paragraph(esc(t("dossier.attachments_note")), s["muted"]))
    return story


def _proofs(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    t = data.t
    story: list[Flowable] = [_section(data, "dossier.s.proofs", s)]
    for key in ("hash", "seal", "timestamp", "custody", "not"):
        story.append(Paragraph(esc(t(f"dossier.proof.{key}_title")), s["h2"]))
        for paragraph in t(f"dossier.proof.{key}").split("\n"):
            story.append(Paragraph(esc(paragraph), s["body"]))
    if data.head_timestamp:
        story.append(
            Paragraph(
                esc(
                    t(
                        "dossier.proof.ts_done",
                        at=_at(data, data.head_timestamp.gen_time, seconds=True),
                        authority=data.head_timestamp.authority,
                        url=data.tsa_url,
                    )
                ),
                s["body"],
            )
        )
    elif not (data.stamps and data.stamps.attached):
        story.append(Paragraph(esc(t("dossier.proof.ts_none")), s["body"]))
    if data.stamps and data.stamps.attached:
        story += _anchor_tokens(data, s)
    story.append(Paragraph(esc(t("dossier.proof.check_title")), s["h2"]))
    story.append(Paragraph(esc(t("dossier.proof.check_intro")), s["body"]))
    commands = [
        ("dossier.proof.cmd_verify", "evidence-kit verify dossier.pdf"),
        ("dossier.proof.cmd_pdfsig", "pdfsig -upw PASSWORD dossier.pdf"),
        ("dossier.proof.cmd_detach", "pdfdetach -upw PASSWORD -saveall dossier.pdf && sha256sum *"),
        (
            "dossier.proof.cmd_ts",
            "openssl ts -verify -token_in -in custody-head.tst -data custody-head.txt -CAfile TSA-CA.pem",
        ),
    ]
    rows = [[Paragraph(esc(t(key)), s["cell"]), Mono(cmd, s["mono"])] for key, cmd in commands]
    story.append(table(rows, [62 * mm, FRAME_WIDTH - 62 * mm], header=False))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(esc(t("dossier.proof.fingerprint_check")), s["body"]))
    if data.build is not None:
        story.append(Paragraph(esc(t("dossier.proof.build_title")), s["h2"]))
        story.append(Paragraph(esc(_build_sentence(t, data.build)), s["body"]))
    return story


def _anchor_tokens(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The tokens taken as the case grew: what each covers, who signed it, and the OpenSSL line that checks it."""
    from evidence_kit.anchoring import openssl_command

    t = data.t
    stamps = data.stamps
    story: list[Flowable] = [Paragraph(esc(t("dossier.proof.anchors_title")), s["h2"])]
    for paragraph in t("dossier.proof.anchors").split("\n"):
        story.append(Paragraph(esc(paragraph), s["body"]))
    if stamps.clock_difference is not None:
        story.append(Paragraph(esc(_clock_text(t, stamps.clock_difference)), s["body"]))
    widths = [62 * mm, 9 * mm, FRAME_WIDTH - 107 * mm, 36 * mm]
    header = [head([t("dossier.col.file"), "#", t("dossier.col.authority"), t("dossier.col.authority_time")], s)]
    pending: list[Flowable] = [table(header, widths)]  # the header stays with the first token
    for anchor in stamps.attached:
        # One small table per token, kept on one page: what it is, then the line that checks it.
        trust, root = stamps.trust.get(anchor.record_id, ("", ""))
        who = esc(anchor.authority_name or anchor.authority_url)
        if trust:
            who += f"<br/><font color='#5b6673'>{esc(t('anchor.trust.' + trust, root=root or '?'))}</font>"
        rows: list[list[Any]] = [
            [
                Mono(anchor.file_name, s["mono"]),
                Paragraph(str(anchor.seq), s["cell"]),
                Paragraph(who, s["cell"]),
                Paragraph(esc(_at(data, anchor.gen_time, seconds=True)), s["cell"]),
            ],
            [Mono(openssl_command(anchor), s["mono"]), "", "", ""],
        ]
        token = table(rows, widths, header=False)
        token.setStyle(TableStyle([("SPAN", (0, 1), (-1, 1)), ("LINEBELOW", (0, 0), (-1, 0), 0, SHADE)]))
        story.append(KeepTogether([*pending, token]))
        pending = []
    story.append(Paragraph(esc(t("dossier.proof.anchors_check")), s["muted"]))
    if stamps.left_out:
        story.append(Paragraph(esc(t("dossier.proof.anchors_left_out", n=len(stamps.left_out))), s["muted"]))
    return story


def _build_sentence(t: Translator, build: Any) -> str:
    """Which program sealed the dossier, and whether it ran the pinned dependencies of its lock file."""
    if not build.lock_sha256:
        return t("dossier.proof.build_unlocked", version=build.version)
    if build.matches_lock:
        return t("dossier.proof.build_locked", version=build.version, sha256=build.lock_sha256)
    return t(
        "dossier.proof.build_differs",
        version=build.version,
        sha256=build.lock_sha256,
        n=len(build.differing),
        which=", ".join(build.differing[:5]),
    )


def _next_steps(data: RenderInput, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(60 * mm), _section(data, "dossier.s.next", s)]
    rows = [
        [Paragraph("<b>" + esc(name) + "</b>", s["cell"]), Paragraph(esc(how), s["cell"])]
        for name, how in data.helplines
    ]
    if rows:
        story.append(table(rows, [50 * mm, FRAME_WIDTH - 50 * mm], header=False))
    return story


def _sort_key(text: str) -> tuple[int, float]:
    """Records in the order they happened (compared as instants, whatever their offsets); undated last."""
    moment = times.parse(text)
    return (0, moment.timestamp()) if moment is not None else (1, 0.0)
