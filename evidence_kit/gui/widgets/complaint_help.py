"""The last step's "File a complaint online" section: each form's fields with the vault's values and a Copy button.

The forms and values come from ``evidence_kit.knowledge.complaint`` (no Qt there); this widget only shows
them, opens the form's page through ``gui.external.open_url`` and copies through the shared clipboard,
which takes the value back after a while and at quick exit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_kit.gui import external, style
from evidence_kit.gui.pages.base import card, wrapping_label
from evidence_kit.gui.pages.common import button, name
from evidence_kit.gui.session import Session
from evidence_kit.gui.widgets.clipboard import shared_clipboard

COPY_LIFETIME_MS = 120_000  # personal data: taken back from the clipboard after two minutes
PREVIEW_CHARS = 400  # a long value (the account of the facts) shows its start; Copy copies all of it


LABEL_WIDTH = 200  # the same label column in every form


def preview(text: str) -> str:
    """The whole text when short; else its start, cut between words, with an ellipsis."""
    if len(text) <= PREVIEW_CHARS:
        return text
    cut = text[:PREVIEW_CHARS]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return (cut[:space] if space > PREVIEW_CHARS // 2 else cut).rstrip() + " …"


class ComplaintHelp(QFrame):
    """Refreshes itself when the case, its records or the language change."""

    def __init__(self, session: Session, dossier_sha256: Callable[[], str] = lambda: "", parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.dossier_sha256 = dossier_sha256
        self.setObjectName("complaint_help")
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.SPACE * 2, style.SPACE * 2, style.SPACE * 2, style.SPACE * 2)
        layout.setSpacing(style.SPACE)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.intro = wrapping_label("muted")
        self.status = wrapping_label("muted")
        self.status.setObjectName("complaint_status")
        self.body = QVBoxLayout()
        self.body.setSpacing(style.SPACE * 2)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(self.body)
        layout.addWidget(self.status)
        self.forms: list[object] = []
        self.copy_buttons: dict[tuple[str, str], QPushButton] = {}
        self.values: dict[tuple[str, str], QLabel] = {}
        self.link_buttons: dict[str, QPushButton] = {}
        self._stale = True
        session.case_opened.connect(self._changed)
        session.case_closed.connect(self._changed)
        session.case_changed.connect(lambda _what: self._changed())
        session.language_changed.connect(self._changed)
        self.refresh()

    def _changed(self) -> None:
        """Rebuild now when shown; otherwise when next shown (a capture on another step costs nothing here)."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def country(self) -> str:
        case = self.session.case
        return (case.profile.country if case is not None else "") or self.session.country

    def refresh(self) -> None:
        from evidence_kit.knowledge.complaint import complaint_forms

        self._stale = False
        t = self.session.translator
        self.title.setText(t("complaint.title"))
        self.intro.setText(t("complaint.intro"))
        self.status.clear()
        self._clear()
        case = self.session.case
        if case is None:
            self.forms = []
            self.body.addWidget(wrapping_label("muted"))
            self._last_label().setText(t("complaint.no_case"))
            return
        self.forms = complaint_forms(self.country(), case, t, dossier_sha256=self.dossier_sha256())
        if not self.forms:
            self.body.addWidget(wrapping_label("muted"))
            self._last_label().setText(t("complaint.no_forms"))
        for form in self.forms:
            self.body.addWidget(self._form_box(form))

    def _last_label(self) -> QLabel:
        widget = self.body.itemAt(self.body.count() - 1).widget()
        assert isinstance(widget, QLabel)
        return widget

    def _clear(self) -> None:
        self.copy_buttons.clear()
        self.values.clear()
        self.link_buttons.clear()
        while self.body.count():
            widget = self.body.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _form_box(self, form) -> QWidget:  # type: ignore[no-untyped-def]
        t = self.session.translator
        frame, inner = card("card")
        frame.setObjectName(f"complaint_form_{form.id}")
        heading = QLabel(form.name)
        heading.setProperty("role", "subtitle")
        inner.addWidget(heading)
        about = wrapping_label("muted")
        about.setText(form.about)
        inner.addWidget(about)
        if form.url:
            link = button(f"complaint_link_{form.id}")
            link.setText(t("complaint.open_link", label=form.link_label or form.url))
            name(link, t("complaint.open_link", label=form.link_label or form.url), form.url)
            link.setToolTip(form.url)
            link.clicked.connect(lambda _=False, url=form.url: self._open(url))
            self.link_buttons[form.id] = link
            inner.addWidget(link, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            none = wrapping_label("muted")
            none.setText(t("complaint.no_link"))
            inner.addWidget(none)
        grid = QGridLayout()
        grid.setHorizontalSpacing(style.SPACE * 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        for row, field in enumerate(form.fields):
            label = QLabel(field.label)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            shown = preview(field.text)
            if field.note:
                shown += "\n\n" + field.note
            value = wrapping_label("" if field.copyable else "muted")
            value.setObjectName(f"complaint_value_{form.id}_{field.id}")
            value.setText(shown)
            value.setTextFormat(Qt.TextFormat.PlainText)
            name(value, field.label, field.text)
            label.setBuddy(value)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            self.values[(form.id, field.id)] = value
            if field.copyable:
                copy = button(f"complaint_copy_{form.id}_{field.id}")
                copy.setText(t("complaint.copy"))
                name(copy, t("complaint.copy_name", field=field.label))
                copy.clicked.connect(lambda _=False, f=field: self._copy(f))
                grid.addWidget(copy, row, 2, Qt.AlignmentFlag.AlignTop)
                self.copy_buttons[(form.id, field.id)] = copy
        inner.addLayout(grid)
        return frame

    def _copy(self, field) -> None:  # type: ignore[no-untyped-def]
        shared_clipboard().copy(field.value, secret=True, lifetime_ms=COPY_LIFETIME_MS)
        self.status.setText(self.session.t("complaint.copied", field=field.label))

    def _open(self, url: str) -> None:
        if not external.open_url(url):
            self.status.setText(self.session.t("complaint.link_failed", url=url))
