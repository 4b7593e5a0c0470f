"""The dossier's layout toolkit: page geometry, fonts, paragraph styles, tables and bookmarked headings.

Rules a reader can trust, kept in one place: headings stay with what follows them, words break only at
spaces or at a hyphenation point (with its hyphen), long tokens (hashes, addresses, IBANs) are set in
monospace and broken in fixed groups, cells are top-aligned, split tables repeat their header and
widen a column rather than cut a header word, and headings can be PDF bookmarks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from evidence_kit.dossier.glyphs import drawable, font_glyphs
from evidence_kit.dossier.seal import ImagePlacement
from evidence_kit.resources_path import resource

PAGE = A4
MARGIN = 18 * mm
TOP = 22 * mm
BOTTOM = 20 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
FRAME_HEIGHT = PAGE[1] - TOP - BOTTOM
INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5b6673")
RULE = colors.HexColor("#c9d1da")
SHADE = colors.HexColor("#eef2f6")
ACCENT = colors.HexColor("#1f4e79")
WARN = colors.HexColor("#fff4d6")

_fonts_ready = False


def register_fonts() -> None:
    """DejaVu (embedded, subset) so names in Latin, Greek or Cyrillic script print as written."""
    global _fonts_ready
    if _fonts_ready:
        return
    pdfmetrics.registerFont(TTFont("EkSans", str(resource("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont("EkSans-Bold", str(resource("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFont(TTFont("EkMono", str(resource("fonts", "DejaVuSansMono.ttf"))))
    pdfmetrics.registerFontFamily(
        "EkSans", normal="EkSans", bold="EkSans-Bold", italic="EkSans", boldItalic="EkSans-Bold"
    )
    _fonts_ready = True


HYPHENATION = {"fr": "fr", "en": "en_GB"}  # pyphen dictionaries
MONO_ADVANCE = 0.602  # DejaVu Sans Mono: every glyph is 0.602 em wide
MONO_GROUP = 4  # long tokens break only between groups of this many characters


@cache
def _hyphenation(lang: str) -> Any:
    """A hyphenator for ``lang`` (pyphen's dictionary), or "" (break at spaces only) without pyphen.

    Names with a capital inside or a digit (WhatsApp, TikTok, E4) are never hyphenated.
    """
    try:
        import pyphen
    except ImportError:
        return ""
    dictionary = HYPHENATION.get(lang)
    if not dictionary:
        return ""
    try:
        iterate = pyphen.Pyphen(lang=dictionary).iterate
    except (KeyError, OSError):  # a frozen build without pyphen's dictionaries: break at spaces only
        return ""

    def hyphenate(word: str) -> Any:
        if any(ch.isdigit() for ch in word) or any(ch.isupper() for ch in word[1:]):
            return iter(())
        return iterate(word)

    return hyphenate


def styles(lang: str = "fr") -> dict[str, ParagraphStyle]:
    # splitLongWords=0: a word is never cut without its hyphen; hyphenation per language instead.
    base = ParagraphStyle(
        "body",
        fontName="EkSans",
        fontSize=9.5,
        leading=13.2,
        textColor=INK,
        spaceAfter=4,
        splitLongWords=0,
        hyphenationLang=_hyphenation(lang),
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.2, leading=10.6, spaceAfter=0),
        "muted": ParagraphStyle("muted", parent=base, fontSize=8.2, leading=10.6, textColor=MUTED, spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.2, leading=10.4, spaceAfter=0),
        # Names and times that must copy as written (an authority's name, a time): never hyphenated.
        "cellplain": ParagraphStyle(
            "cellplain", parent=base, fontSize=8.2, leading=10.4, spaceAfter=0, hyphenationLang=""
        ),
        "cellbold": ParagraphStyle(
            "cellbold", parent=base, fontName="EkSans-Bold", fontSize=8.2, leading=10.4, spaceAfter=0
        ),
        "cellhead": ParagraphStyle(  # column headers: never hyphenated, the column is widened instead
            "cellhead",
            parent=base,
            fontName="EkSans-Bold",
            fontSize=8.2,
            leading=10.4,
            spaceAfter=0,
            hyphenationLang="",
        ),
        "mono": ParagraphStyle(
            "mono", parent=base, fontName="EkMono", fontSize=7.6, leading=9.8, spaceAfter=0, hyphenationLang=""
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName="EkSans-Bold",
            fontSize=15,
            leading=19,
            spaceBefore=12,
            spaceAfter=8,
            textColor=ACCENT,
            keepWithNext=1,
            hyphenationLang="",
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName="EkSans-Bold",
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            textColor=INK,
            keepWithNext=1,
            hyphenationLang="",
        ),
        "h3": ParagraphStyle(  # one export's heading in the transcript section
            "h3",
            parent=base,
            fontName="EkSans-Bold",
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
            textColor=ACCENT,
            keepWithNext=1,
            hyphenationLang="",
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName="EkSans-Bold", fontSize=22, leading=28, textColor=ACCENT, spaceAfter=6
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, leading=16, textColor=MUTED, spaceAfter=14),
        "ref": ParagraphStyle(
            "ref", parent=base, fontName="EkMono", fontSize=20, leading=26, textColor=INK, spaceAfter=4
        ),
        # Text read from a screenshot: small, never hyphenated (a hyphen added inside a copied address is an error).
        "read": ParagraphStyle(
            "read", parent=base, fontSize=7, leading=8.9, spaceAfter=0, hyphenationLang="", textColor=INK
        ),
        "box": ParagraphStyle("box", parent=base, fontSize=9.5, leading=13.2, spaceAfter=2),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER, textColor=MUTED, fontSize=8.2),
    }


def esc(text: Any) -> str:
    return escape(drawable(str(text), _sans_glyphs())).replace("\n", "<br/>")


@cache
def _sans_glyphs() -> Callable[[int], bool]:
    register_fonts()
    return font_glyphs("EkSans")


class Mono(Paragraph):
    """A machine token (hash, address, IBAN, file name) in monospace, broken only between fixed groups.

    Tokens longer than a line are cut every ``MONO_GROUP`` × k characters, k as large as the cell allows,
    so a reader copying a wallet address by eye reads whole groups on each line.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        self.raw = str(text)
        self._laid_for: float | None = None
        super().__init__(esc(self.raw), style)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._laid_for != avail_width:
            self._laid_for = avail_width
            per_char = MONO_ADVANCE * self.style.fontSize
            fits = int((avail_width - 1) // per_char)
            line = max(MONO_GROUP, fits - fits % MONO_GROUP)
            lines: list[str] = []
            for word in self.raw.split(" "):
                pieces = [word[i : i + line] for i in range(0, len(word), line)] or [""]
                lines.append("<br/>".join(esc(piece) for piece in pieces))
            Paragraph.__init__(self, " ".join(lines), self.style)
            self._laid_for = avail_width
        return super().wrap(avail_width, avail_height)

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        return super().split(avail_width, avail_height)


class Marked(Paragraph):
    """A heading that is also a bookmark (outline entry) of the PDF, at ``level`` (0: a section)."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, title: str, level: int) -> None:
        super().__init__(text, style)
        self.mark = (key, title, level)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - reportlab's name
        marks = getattr(canvas, "_ek_marks", None)
        if marks is not None:
            marks.append((*self.mark, y + self.height))
        super().drawOn(canvas, x, y, _sW)


def hash_text(digest: str) -> str:
    """A SHA-256 in four groups of 16, easier to compare by eye."""
    return " ".join(digest[i : i + 16] for i in range(0, len(digest), 16))


class PictureSlot(Flowable):
    """An empty framed box the size of a picture; records where it lands so the picture can be drawn there."""

    def __init__(
        self, item_id: str, size: tuple[int, int], record: Callable[[ImagePlacement], None], max_height: float
    ) -> None:
        super().__init__()
        self.item_id = item_id
        self.size = size
        self.record = record
        self.max_height = max_height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.size
        # Screenshots are shown at most at 150 dpi-ish on paper, never enlarged beyond 1 px = 0.75 pt.
        scale = min(avail_width / width, self.max_height / height, 0.75)
        self.draw_w, self.draw_h = width * scale, height * scale
        return avail_width, self.draw_h + 6

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - reportlab's name
        left = x + 0
        self.record(ImagePlacement(canvas.getPageNumber() - 1, left, y + 3, self.draw_w, self.draw_h, self.item_id))
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.rect(left - 0.5, y + 2.5, self.draw_w + 1, self.draw_h + 1)
        canvas.restoreState()


def numbered_canvas_class(draw_footer: Callable[[Any, int, int], None]) -> type:
    class NumberedCanvas(rl_canvas.Canvas):
        """Keeps each page until the end so every footer can say 'page n of N'."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []
            self._ek_marks: list[tuple[str, str, int, float]] = []  # bookmarks of the page being drawn

        def showPage(self) -> None:  # noqa: N802
            self._saved.append(dict(self.__dict__))
            self._ek_marks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                draw_footer(self, self._pageNumber, total)
                # Bookmarks are added while the page is really written, so each points at its own page.
                for key, title, level, top in state.get("_ek_marks", []):
                    self.bookmarkHorizontalAbsolute(key, top + 4)
                    self.addOutlineEntry(title, key, level=level, closed=level > 0)
                super().showPage()
            if any(state.get("_ek_marks") for state in self._saved):
                self.showOutline()
            super().save()

    return NumberedCanvas


def fit_header(rows: list[list[Any]], widths: list[float]) -> list[float]:
    """Widen any column whose header has a word wider than the column, taking the room from the widest one."""
    widths = list(widths)
    for column, cell in enumerate(rows[0]):
        text = getattr(cell, "ek_text", "")
        if not text:
            continue
        style = cell.style
        need = max(pdfmetrics.stringWidth(word, style.fontName, style.fontSize) for word in text.split()) + 9
        if widths[column] < need:
            widest = max(range(len(widths)), key=lambda i: widths[i] if i != column else -1)
            widths[widest] -= need - widths[column]
            widths[column] = need
    return widths


def table(rows: list[list[Any]], widths: list[float], header: bool = True, zebra: bool = True) -> Table:
    if header:
        widths = fit_header(rows, widths)
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
    table.setStyle(TableStyle(style))
    return table


def kv(rows: list[tuple[str, Any]], s: dict[str, ParagraphStyle], label_width: float = 42 * mm) -> Table:
    body = [
        [Paragraph(esc(k), s["cellbold"]), v if isinstance(v, Flowable) else Paragraph(v, s["cell"])] for k, v in rows
    ]
    return table(body, [label_width, FRAME_WIDTH - label_width], header=False)


def head(cells: list[str], s: dict[str, ParagraphStyle]) -> list[Paragraph]:
    heads = []
    for text in cells:
        cell = Paragraph(esc(text), s["cellhead"])
        cell.ek_text = text  # type: ignore[attr-defined]  # read by fit_header
        heads.append(cell)
    return heads


def box(paragraphs: list[Paragraph], background: Any = SHADE) -> Table:
    table = Table([[p] for p in paragraphs], colWidths=[FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
                ("TOPPADDING", (0, 1), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -2), 1),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, ACCENT),
            ]
        )
    )
    return table
