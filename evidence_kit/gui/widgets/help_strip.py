"""The help line at the bottom of every page: the 3018, emergency numbers, and the country's own services."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

log = logging.getLogger(__name__)

Translate = Callable[..., str]


@dataclass(frozen=True)
class HelpEntry:
    text: str  # what the service is, in a few words
    link_text: str = ""
    url: str = ""


def _knowledge_entries(country: str, lang: str) -> list[HelpEntry] | None:
    """The country's helplines from ``evidence_kit.knowledge`` when that module provides them."""
    try:
        from evidence_kit import knowledge
    except ImportError:
        return None
    provider = getattr(knowledge, "help_strip_entries", None)
    if provider is None:
        return None
    try:
        found = provider(country, lang)
    except Exception:  # noqa: BLE001 - the help strip must always show, with the built-in entries if need be
        log.warning("knowledge help entries unavailable")
        return None
    entries = []
    for entry in found or []:
        text = getattr(entry, "text", None) or (entry.get("text") if isinstance(entry, dict) else None)
        if not text:
            continue
        url = getattr(entry, "url", None) or (entry.get("url", "") if isinstance(entry, dict) else "")
        link = getattr(entry, "link_text", None) or (entry.get("link_text", "") if isinstance(entry, dict) else "")
        entries.append(HelpEntry(str(text), str(link or url), str(url or "")))
    return entries


def builtin_entries(t: Translate, country: str) -> list[HelpEntry]:
    if country == "BE":
        return [
            HelpEntry(t("gui.help.be_childfocus"), "childfocus.be", "https://childfocus.be/fr-be/"),
            HelpEntry(t("gui.help.emergency_eu")),
        ]
    if country == "CH":
        return [
            HelpEntry(t("gui.help.ch_147"), "147.ch", "https://www.147.ch/fr/"),
            HelpEntry(t("gui.help.emergency_ch")),
        ]
    if country in ("CA", "QC"):
        return [
            HelpEntry(t("gui.help.ca_cyberaide"), "cyberaide.ca", "https://www.cyberaide.ca/"),
            HelpEntry(t("gui.help.emergency_ca")),
        ]
    return [HelpEntry(t("gui.help.fr_3018"), "3018.fr", "https://3018.fr/"), HelpEntry(t("gui.help.emergency_fr"))]


class HelpStrip(QFrame):
    """Always visible; links open in the person's browser, never inside the program."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_strip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setOpenExternalLinks(False)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.label.linkActivated.connect(self.open_link)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.label)
        self.entries: list[HelpEntry] = []

    def retranslate(self, t: Translate, lang: str, country: str) -> None:
        entries = _knowledge_entries(country, lang)
        if not entries:
            entries = builtin_entries(t, country)
        self.entries = entries
        parts = []
        for entry in entries:
            text = html.escape(entry.text)
            if entry.url:
                text += f' <a href="{html.escape(entry.url)}">{html.escape(entry.link_text or entry.url)}</a>'
            parts.append(text)
        self.label.setText(f"<b>{html.escape(t('gui.help.title'))}</b>&nbsp;&nbsp;" + " &nbsp;·&nbsp; ".join(parts))
        self.label.setAccessibleName(t("gui.help.title"))
        self.setAccessibleName(t("gui.help.title"))

    def open_link(self, url: str) -> bool:
        # Only web links: the strip never runs a program or opens a local file.
        qurl = QUrl(url)
        if qurl.scheme() not in ("https", "http", "tel"):
            return False
        return QDesktopServices.openUrl(qurl)
