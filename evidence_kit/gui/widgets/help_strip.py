"""The help line at the bottom of every page: the 3018, emergency numbers, and the country's own services."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from evidence_kit.gui import deferred, external

log = logging.getLogger(__name__)

Translate = Callable[..., str]


class HelpEntry(NamedTuple):
    text: str  # what the service is, in a few words
    link_text: str = ""
    url: str = ""


class _Line(NamedTuple):
    """What the strip says about one helpline (from the knowledge base, or the built-in copy below)."""

    name: str
    phones: tuple[str, ...]
    free: bool
    anonymous: str  # "always", "optional" or ""
    web: str


# Until the knowledge base is read (right after the first paint) and if it cannot be: the same
# facts as resources/knowledge/helplines, so the strip does not change under the person's eyes.
_CYBERTIP = "https://www.cybertip.ca/app/fr/about-how_it_works"
_BUILTIN: dict[str, tuple[dict[str, _Line], tuple[str, ...]]] = {
    "FR": (
        {lang: _Line("3018 (e-Enfance)", ("3018",), True, "always", "https://3018.fr/") for lang in ("fr", "en")},
        ("17", "112"),
    ),
    "BE": (
        {
            "fr": _Line("Child Focus : 116 000", ("116 000",), True, "", "https://childfocus.be/fr-be/"),
            "en": _Line("Child Focus: 116 000", ("116 000",), True, "", "https://childfocus.be/fr-be/"),
        },
        ("112", "101"),
    ),
    "CH": (
        {
            lang: _Line("147 (Pro Juventute)", ("147",), True, "", "https://www.projuventute.ch/fr")
            for lang in ("fr", "en")
        },
        ("117", "112"),
    ),
    "CA-QC": (
        {
            "fr": _Line("Cyberaide.ca", ("1-866-658-9022",), True, "optional", _CYBERTIP),
            "en": _Line("Cybertip.ca", ("1-866-658-9022",), True, "optional", _CYBERTIP),
        },
        ("911",),
    ),
}
_ALIASES = {"CA": "CA-QC", "QC": "CA-QC"}


def knowledge_entries(t: Translate, lang: str, country: str) -> list[HelpEntry] | None:
    """The country's urgent helplines from ``evidence_kit.knowledge``, in this program's words.

    The knowledge base gives which services, their numbers, web pages, and
    whether they are free and anonymous; the sentences (and "tu"/"vous")
    come from this window's catalog.  None when the knowledge base cannot
    answer (the built-in entries stand in).
    """
    try:
        from evidence_kit import knowledge
        from evidence_kit.knowledge import Anonymity, ContactKind, HelplineRole

        helplines = knowledge.urgent_helplines(country)
    except Exception:  # noqa: BLE001 - the help strip must always show, with the built-in entries if need be
        log.warning("knowledge help entries unavailable")
        return None
    lines: list[_Line] = []
    emergency: list[str] = []
    for helpline in helplines:
        phones = tuple(c.value for c in helpline.contacts if c.kind == ContactKind.PHONE)
        if helpline.role == HelplineRole.EMERGENCY:
            emergency.extend(phones)
            continue
        web = next((c.url for c in helpline.contacts if c.url.startswith("https://")), "")
        anonymous = {Anonymity.ANONYMOUS: "always", Anonymity.OPTIONAL: "optional"}.get(helpline.anonymity, "")
        lines.append(_Line(helpline.name(lang), phones, bool(helpline.free), anonymous, web))
    if not lines and not emergency:
        return None
    return _entries(t, lines, tuple(emergency))


def builtin_entries(t: Translate, country: str, lang: str = "fr") -> list[HelpEntry]:
    found = _BUILTIN.get(_ALIASES.get(country, country))
    if found is None:  # another country: the number that works across Europe, and the person's own
        return [HelpEntry(t("gui.help.emergency_other"))]
    lines, emergency = found
    return _entries(t, [lines.get(lang, lines["en"])], emergency)


def _entries(t: Translate, lines: list[_Line], emergency: tuple[str, ...]) -> list[HelpEntry]:
    entries = []
    for line in lines:
        squeezed = line.name.replace(" ", "")
        missing = [p for p in line.phones if p.replace(" ", "") not in squeezed]  # "Child Focus : 116 000"
        text = t("gui.help.numbers", name=line.name, numbers=t("gui.help.or").join(missing)) if missing else line.name
        if line.free and line.anonymous == "always":
            text = t("gui.help.free_anonymous", text=text)
        elif line.free and line.anonymous == "optional":
            text = t("gui.help.free_can_be_anonymous", text=text)
        elif line.free:
            text = t("gui.help.free", text=text)
        entries.append(HelpEntry(text, _host(line.web), line.web))
    if emergency:
        entries.append(HelpEntry(t("gui.help.emergency", numbers=t("gui.help.or_number").join(emergency))))
    return entries


def _host(url: str) -> str:
    """What a link shows: the site's name, without "https://" and "www."."""
    if not url:
        return ""
    host = QUrl(url).host()
    return host[4:] if host.startswith("www.") else host


class HelpStrip(QFrame):
    """Always visible; links open in the person's browser, never inside the program."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_strip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setOpenExternalLinks(False)
        deferred.later(self._links_by_keyboard)
        self.label.linkActivated.connect(self.open_link)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.label)
        self.entries: list[HelpEntry] = []

    def _links_by_keyboard(self) -> None:
        from PySide6.QtCore import Qt

        # The text always holds markup (bold title, links), so Qt shows it as rich text by itself.
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def retranslate(self, t: Translate, lang: str, country: str, use_knowledge: bool = True) -> None:
        """Show the help line for ``country``; ``use_knowledge=False`` keeps to the built-in entries.

        The window passes False before its first paint: reading the knowledge base waits until
        the first page is on screen (the built-in entries say the same for the usual countries).
        """
        entries = knowledge_entries(t, lang, country) if use_knowledge else None
        if not entries:
            entries = builtin_entries(t, country, lang)
        self.entries = entries
        parts = []
        for entry in entries:
            text = html.escape(entry.text)
            if entry.url:
                text += f' (<a href="{html.escape(entry.url)}">{html.escape(entry.link_text or entry.url)}</a>)'
            parts.append(text)
        self.label.setText(f"<b>{html.escape(t('gui.help.title'))}</b>&nbsp;&nbsp;" + " &nbsp;·&nbsp; ".join(parts))
        # Read out in full (a screen reader otherwise says only the title): every number, every site.
        spoken = " · ".join(f"{e.text} ({e.link_text or e.url})" if e.url else e.text for e in entries)
        self.label.setAccessibleName(f"{t('gui.help.title')} {spoken}")
        self.setAccessibleName(t("gui.help.title"))

    def open_link(self, url: str) -> bool:
        # Only web links: the strip never runs a program or opens a local file.
        qurl = QUrl(url)
        if qurl.scheme() not in ("https", "http", "tel"):
            return False
        return external.open_url(url)
