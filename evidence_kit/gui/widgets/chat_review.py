"""Reviewing a chat export once it is in the case: who the scammer is, which key messages become timeline
events, which identifiers become accounts and payment destinations, and which pictures are intimate.

Nothing is decided for the person: every proposal is a line they tick or untick, and "Decide later" leaves
them all pending (the Capture page offers the review again). Writes run in a background task under the
session's write lock; the dialog only reads the import record and the thumbnails.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.gui import style
from evidence_kit.gui.pages.welcome import card, wrapping_label
from evidence_kit.gui.session import Session
from evidence_kit.gui.widgets.hash_label import HashLabel
from evidence_kit.gui.widgets.thumbnail_list import icon_from_png, placeholder_icon
from evidence_kit.gui.widgets.unlock_dialog import error_text
from evidence_kit.gui.workers import Task

log = logging.getLogger(__name__)

PREVIEW_CHARS = 160
CONTEXT = 3  # messages shown before and after a key message
PIXELS_WHEN_HIDDEN = 6  # a hidden picture is shown as a 6x6 mosaic: colours only, nothing recognisable


class ChatReviewDialog(QDialog):
    """One import's pending decisions; ``done_with(changed)`` tells the page what was written."""

    def __init__(self, session: Session, transcript_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.transcript_id = transcript_id
        self.task: Task | None = None
        self.record: Any = None
        self.messages: list[Any] | None = None  # the transcript, read once in the background when first needed
        self.reading: Task | None = None
        self.setObjectName("chat_review")
        self.setWindowTitle(self.t("gui.chat.window_title"))
        self.setModal(True)
        self.resize(980, 700)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        layout.setSpacing(style.SPACE)
        layout.addWidget(self._build_header())
        layout.addWidget(self._build_scammer())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("chat_tabs")
        self.tabs.addTab(self._build_flags(), "")
        self.tabs.addTab(self._build_identifiers(), "")
        self.tabs.addTab(self._build_media(), "")
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_buttons())
        self._load()

    def t(self, key: str, n: int | float | None = None, **params: object) -> str:
        return self.session.t(key, n, **params)

    # --- building -----------------------------------------------------------------------

    def _build_header(self) -> QWidget:
        frame, layout = card()
        self.title_label = wrapping_label("subtitle")
        self.title_label.setObjectName("chat_title")
        self.facts_label = wrapping_label("muted")
        self.facts_label.setObjectName("chat_facts")
        self.hash_label = HashLabel()
        self.hash_label.retranslate(self.t)
        self.notices = wrapping_label()
        self.notices.setObjectName("chat_notices")
        for widget in (self.title_label, self.facts_label, self.hash_label, self.notices):
            layout.addWidget(widget)
        layout.addWidget(self._build_zone())
        return frame

    def _choice_row(self, label_key: str, name: str) -> tuple[QWidget, QComboBox, QLabel]:
        """A labelled list to choose from, with a line beside it saying where the current choice came from."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.t(label_key))
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(self.t(label_key))
        combo.setMinimumWidth(260)
        label.setBuddy(combo)
        hint = wrapping_label("muted")
        row.addWidget(label)
        row.addWidget(combo)
        row.addWidget(hint, 1)
        return box, combo, hint

    def _build_zone(self) -> QWidget:
        """For an export whose times carry no zone: which zone the phone was set to (this computer's at first)."""
        self.zone_row, self.zone, self.zone_hint = self._choice_row("gui.chat.zone", "chat_zone")
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.activated.connect(lambda _i: self._zone_chosen())
        self.zone.lineEdit().editingFinished.connect(self._zone_chosen)
        return self.zone_row

    def _build_scammer(self) -> QWidget:
        box, self.scammer, self.scammer_hint = self._choice_row("gui.chat.scammer", "chat_scammer")
        self.scammer.activated.connect(self._scammer_chosen)
        return box

    def _tree(self, name: str, column_keys: tuple[str, ...], accessible_key: str) -> QTreeWidget:
        """A list of proposals, one tickable line each, with ``column_keys`` as its headings."""
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setAccessibleName(self.t(accessible_key))
        columns = [self.t(f"gui.chat.col.{key}") for key in column_keys]
        tree.setColumnCount(len(columns))
        tree.setHeaderLabels(columns)
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = tree.header()
        header.setStretchLastSection(True)
        for column in range(len(columns) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return tree

    def _tick_buttons(self, target: Any) -> QHBoxLayout:
        row = QHBoxLayout()
        every = QPushButton(self.t("gui.chat.tick_all"))
        none = QPushButton(self.t("gui.chat.tick_none"))
        every.clicked.connect(lambda: _tick_all(target, True))
        none.clicked.connect(lambda: _tick_all(target, False))
        row.addWidget(every)
        row.addWidget(none)
        row.addStretch(1)
        return row

    def _build_flags(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self._intro("gui.chat.flags_intro"))
        self.flags = self._tree("chat_flags", ("when", "author", "why", "message"), "gui.chat.flags_tab")
        self.flags.currentItemChanged.connect(lambda *_: self._show_context())
        layout.addWidget(self.flags, 3)
        layout.addLayout(self._tick_buttons(self.flags))
        self.context_title = wrapping_label("muted")
        self.context_title.setText(self.t("gui.chat.context_title"))
        self.context = QTextBrowser()
        self.context.setObjectName("chat_context")
        self.context.setAccessibleName(self.t("gui.chat.context_title"))
        self.context.setOpenLinks(False)
        layout.addWidget(self.context_title)
        layout.addWidget(self.context, 2)
        return page

    def _build_identifiers(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self._intro("gui.chat.identifiers_intro"))
        self.identifiers = self._tree(
            "chat_identifiers", ("kind", "value", "becomes", "details"), "gui.chat.identifiers_tab"
        )
        layout.addWidget(self.identifiers, 1)
        layout.addLayout(self._tick_buttons(self.identifiers))
        self.rejected_label = wrapping_label("muted")
        self.rejected_label.setObjectName("chat_rejected")
        layout.addWidget(self.rejected_label)
        return page

    def _build_media(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self._intro("gui.chat.media_intro"))
        self.show_pictures = QCheckBox(self.t("gui.chat.show_pictures"))
        self.show_pictures.setObjectName("chat_show_pictures")
        self.show_pictures.toggled.connect(lambda _on: self._fill_media())
        layout.addWidget(self.show_pictures)
        self.media = QListWidget()
        self.media.setObjectName("chat_media")
        self.media.setAccessibleName(self.t("gui.chat.media_tab"))
        self.media.setViewMode(QListWidget.ViewMode.IconMode)
        self.media.setIconSize(QSize(style.THUMB_SIZE, style.THUMB_SIZE))
        self.media.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.media.setMovement(QListWidget.Movement.Static)
        self.media.setSpacing(style.SPACE)
        self.media.setWordWrap(True)
        layout.addWidget(self.media, 1)
        return page

    def _intro(self, key: str) -> QLabel:
        label = wrapping_label()
        label.setText(self.t(key))
        return label

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status = wrapping_label()
        self.status.setObjectName("chat_status")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName(self.t("gui.chat.saving"))
        self.later_button = QPushButton(self.t("gui.chat.later"))
        self.later_button.setObjectName("chat_later")
        self.later_button.clicked.connect(self.reject)
        self.save_button = QPushButton(self.t("gui.chat.save"))
        self.save_button.setObjectName("chat_save")
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.status, 1)
        row.addWidget(self.busy)
        row.addWidget(self.later_button)
        row.addWidget(self.save_button)
        return row

    # --- filling ------------------------------------------------------------------------

    def _load(self) -> None:
        from evidence_kit.chat.importer import load_import

        case = self.session.case
        if case is None:
            return
        self.record = record = load_import(case, self.transcript_id)
        app = self.t(f"chat.format.{record.format.value}")
        self.title_label.setText(self.t("gui.chat.title", app=app, title=record.title or record.source_name))
        self.facts_label.setText(
            self.t("gui.chat.facts", n=record.message_count, name=record.source_name, item=record.item_id)
        )
        self.hash_label.set_hash(record.sha256)
        notices = [self.t(key, **params) for key, params in record.warnings]
        if not record.time_zone_known:
            notices.append(self.t("gui.chat.zone_unknown"))
        self.notices.setText("\n".join(notices))
        self.notices.setVisible(bool(notices))
        self._fill_zone()
        self._fill_scammer()
        self._fill_flags()
        self._fill_identifiers()
        self._fill_media()

    def _fill_zone(self) -> None:
        record = self.record
        self.zone_row.setVisible(not record.time_zone_known)
        if record.time_zone_known:
            return
        if not self.zone.count():
            import zoneinfo

            zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/"))
            self.zone.addItems(zones)
        self.zone.setEditText(record.assumed_time_zone)
        source = getattr(record, "time_zone_source", "")
        self.zone_hint.setText(self.t("gui.chat.zone_given" if source == "given" else "gui.chat.zone_computer"))

    def _zone_chosen(self) -> bool:
        """Check the zone typed or picked; it is written with the other choices. False when it is no zone."""
        from evidence_kit.chat.model import check_time_zone
        from evidence_kit.core.errors import UsageError

        if self.record is None or self.record.time_zone_known:
            return True
        try:
            check_time_zone(self.zone.currentText())
        except UsageError as exc:
            style.set_role(self.status, "error")
            self.status.setText(error_text(self.session, exc))
            return False
        style.set_role(self.status, "")
        self.status.clear()
        return True

    def chosen_zone(self) -> str:
        """The zone to record, when the person changed it; "" otherwise."""
        if self.record is None or self.record.time_zone_known:
            return ""
        name = self.zone.currentText().strip()
        return name if name != self.record.assumed_time_zone else ""

    def _fill_scammer(self) -> None:
        record = self.record
        self.scammer.blockSignals(True)
        self.scammer.clear()
        for name in record.participants:
            self.scammer.addItem(name, name)
        index = self.scammer.findData(record.scammer)
        self.scammer.setCurrentIndex(index if index >= 0 else -1)
        self.scammer.blockSignals(False)
        if not record.scammer:
            hint = "gui.chat.scammer_unknown"
        else:
            hint = "gui.chat.scammer_given" if record.scammer_given else "gui.chat.scammer_proposed"
        self.scammer_hint.setText(self.t(hint))

    def _fill_flags(self) -> None:
        self.flags.clear()
        pending = self.record.pending_flags()
        for flag in pending:
            kinds = ", ".join(self.t(f"chat.flag.{k.value}") for k in flag.kinds)
            row = QTreeWidgetItem([_when(flag.at), flag.author, kinds, _flat(flag.preview)])
            row.setToolTip(3, flag.preview)
            row.setData(0, Qt.ItemDataRole.UserRole, flag.id)
            row.setData(1, Qt.ItemDataRole.UserRole, flag.message_index)
            row.setCheckState(0, Qt.CheckState.Checked)
            self.flags.addTopLevelItem(row)
        self.tabs.setTabText(0, self.t("gui.chat.flags_tab_n", n=len(pending)))

    def _fill_identifiers(self) -> None:
        self.identifiers.clear()
        pending = self.record.pending_identifiers()
        for proposal in pending:
            row = QTreeWidgetItem(
                [
                    self.t(f"chat.kind.{proposal.kind.value}"),
                    _identifier_value(proposal),
                    self.t("gui.chat.as_payment" if proposal.target.value == "payment" else "gui.chat.as_account"),
                    self._identifier_details(proposal),
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, proposal.id)
            row.setCheckState(0, Qt.CheckState.Checked)
            self.identifiers.addTopLevelItem(row)
        self.tabs.setTabText(1, self.t("gui.chat.identifiers_tab_n", n=len(pending)))
        rejected = self.record.rejected
        lines = [
            f"{self.t('chat.kind.' + r.kind.value)} {r.value}" + (f" ({r.network})" if r.network else "")
            for r in rejected[:8]
        ]
        text = self.t("gui.chat.rejected", n=len(rejected)) + "\n" + "\n".join(lines) if rejected else ""
        self.rejected_label.setText(text)
        self.rejected_label.setVisible(bool(rejected))

    def _identifier_details(self, proposal: Any) -> str:
        details = []
        if proposal.participant:
            details.append(self.t("gui.chat.participant"))
        for extra in (proposal.platform, proposal.network):
            if extra and extra not in details:
                details.append(extra)
        if proposal.checked:
            details.append(self.t("gui.chat.checked"))
        if proposal.amount:
            details.append(f"{proposal.amount} {proposal.currency}".strip())
        if proposal.count > 1:
            details.append(self.t("gui.chat.times_seen", n=proposal.count))
        return " · ".join(details)

    def media_items(self) -> list[Any]:
        """The export's media still in the case with their content (not yet marked intimate)."""
        case = self.session.case
        if case is None or self.record is None:
            return []
        items = [case.items.get(item_id) for item_id in self.record.media.values()]
        return [i for i in items if i is not None and not i.intimate and i.blob_id]

    def _fill_media(self) -> None:
        ticked = {
            self.media.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.media.count())
            if self.media.item(r).checkState() == Qt.CheckState.Checked
        }
        self.media.clear()
        items = self.media_items()
        for item in items:
            entry = QListWidgetItem(self._media_icon(item), item.source_name.rsplit("/", 1)[-1])
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setToolTip(f"{item.id} · {item.source_name}")
            entry.setData(
                Qt.ItemDataRole.AccessibleTextRole, self.t("gui.chat.medium_a11y", item=item.id, name=item.source_name)
            )
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if item.id in ticked else Qt.CheckState.Unchecked)
            self.media.addItem(entry)
        self.tabs.setTabText(2, self.t("gui.chat.media_tab_n", n=len(items)))
        self.tabs.setTabEnabled(2, bool(items))
        self.show_pictures.setEnabled(any(i.thumbnail_blob_id for i in items))

    def _media_icon(self, item: Any) -> QIcon:
        case = self.session.case
        png = b""
        if case is not None and item.thumbnail_blob_id:
            try:
                png = case.thumbnail_png(item.id)
            except Exception:  # noqa: BLE001 - a damaged thumbnail shows a plain tile; verify names it
                png = b""
        if png and not self.show_pictures.isChecked():
            png = _mosaic(png)
        icon = icon_from_png(png) if png else None
        return icon or placeholder_icon(item.media_type.split("/")[-1][:4].upper() or "?")

    # --- context of a key message -------------------------------------------------------

    def _show_context(self) -> None:
        row = self.flags.currentItem()
        if row is None or self.record is None:
            self.context.clear()
            return
        if self.messages is None:
            self._read_transcript()
            self.context.setPlainText(self.t("gui.chat.context_loading"))
            return
        index = int(row.data(1, Qt.ItemDataRole.UserRole))
        self.context.setHtml(_context_html(self.messages, index, self.record.scammer))
        self.context.scrollToAnchor("flagged")

    def _read_transcript(self) -> None:
        case = self.session.case
        if case is None or self.reading is not None:
            return
        from evidence_kit.chat.importer import load_transcript

        transcript_id = self.transcript_id
        task = Task(lambda _p, _c: load_transcript(case, transcript_id).messages, owner=self.session)
        task.succeeded.connect(self._transcript_read)
        task.failed.connect(self._failed)
        self.reading = task
        task.start()

    def _transcript_read(self, messages: object) -> None:
        self.messages = list(messages) if isinstance(messages, list) else []
        self.reading = None
        self._show_context()

    # --- decisions ----------------------------------------------------------------------

    def _scammer_chosen(self, _index: int) -> None:
        name = self.scammer.currentData()
        if not name or self.record is None or name == self.record.scammer:
            return
        from evidence_kit.chat.importer import set_scammer

        transcript_id = self.transcript_id
        self._run(lambda case: set_scammer(case, transcript_id, name), self._scammer_saved)

    def _scammer_saved(self, _result: object) -> None:
        self._load()
        self.status.setText(self.t("gui.chat.scammer_saved"))
        self.session.notify("account")

    def choices(self) -> dict[str, list[str]]:
        """What the person ticked and unticked, by proposal or item id."""
        flags, identifiers = _split(self.flags), _split(self.identifiers)
        media = [
            self.media.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.media.count())
            if self.media.item(r).checkState() == Qt.CheckState.Checked
        ]
        return {
            "confirm": flags[0],
            "dismiss": flags[1],
            "accept": identifiers[0],
            "refuse": identifiers[1],
            "intimate": media,
            "zone": [zone] if (zone := self.chosen_zone()) else [],
        }

    def save(self) -> None:
        if not self._zone_chosen():
            self.zone.setFocus()
            return
        choices = self.choices()
        transcript_id = self.transcript_id
        self._run(lambda case: apply_choices(case, transcript_id, choices), self._saved)

    def _saved(self, result: object) -> None:
        for what in ("event", "account", "payment", "item"):
            self.session.notify(what)
        self.accept()

    def _run(self, write: Any, done: Any) -> None:
        case = self.session.case
        if case is None or self.task is not None:
            return

        def run(progress, cancelled):  # type: ignore[no-untyped-def]
            with case.transaction():  # the choices land together: no other write in between
                return write(case)

        task = Task(run, owner=self.session)
        task.succeeded.connect(done)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self.task = task
        self._set_busy(True)
        task.start()

    def _failed(self, exc: BaseException) -> None:
        style.set_role(self.status, "error")
        self.status.setText(error_text(self.session, exc))

    def _finished(self) -> None:
        self.task = None
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.save_button, self.later_button, self.scammer, self.tabs):
            widget.setEnabled(not busy)
        if busy:
            style.set_role(self.status, "")
            self.status.setText(self.t("gui.chat.saving"))

    def reject(self) -> None:
        if self.task is None:  # never close while a write runs
            super().reject()

    def done(self, result: int) -> None:
        if self.reading is not None:
            self.reading.detach()  # a transcript still being read is dropped with the dialog
            self.reading = None
        super().done(result)


# --- worker side: no widgets -----------------------------------------------------------------


def apply_choices(case: Any, transcript_id: str, choices: dict[str, list[str]]) -> int:
    """Record the person's decisions on one import; returns how many records were written."""
    from evidence_kit.chat.importer import (
        accept_identifiers,
        confirm_flags,
        dismiss_flags,
        dismiss_identifiers,
        set_time_zone,
    )

    written = 0
    if choices.get("zone"):  # first: the events below take their offset from it
        set_time_zone(case, transcript_id, choices["zone"][0])
    if choices["confirm"]:
        written += len(confirm_flags(case, transcript_id, choices["confirm"]))
    if choices["dismiss"]:
        dismiss_flags(case, transcript_id, choices["dismiss"])
    if choices["accept"]:
        written += len(accept_identifiers(case, transcript_id, choices["accept"]))
    if choices["refuse"]:
        dismiss_identifiers(case, transcript_id, choices["refuse"])
    for item_id in choices["intimate"]:
        case.mark_intimate(item_id)
        written += 1
    return written


# --- small helpers ---------------------------------------------------------------------------


def _tick_all(tree: QTreeWidget, on: bool) -> None:
    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
    for row in range(tree.topLevelItemCount()):
        tree.topLevelItem(row).setCheckState(0, state)


def _split(tree: QTreeWidget) -> tuple[list[str], list[str]]:
    ticked: list[str] = []
    unticked: list[str] = []
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        target = ticked if item.checkState(0) == Qt.CheckState.Checked else unticked
        target.append(str(item.data(0, Qt.ItemDataRole.UserRole)))
    return ticked, unticked


def _flat(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


def _context_html(messages: list[Any], index: int, scammer: str, around: int = CONTEXT) -> str:
    """The flagged message in bold with ``around`` messages before and after it, as the export shows them."""
    position = next((i for i, m in enumerate(messages) if m.index == index), -1)
    if position < 0:
        return ""
    rows = []
    for message in messages[max(0, position - around) : position + around + 1]:
        author = html.escape(message.author or "—")
        if message.author and message.author == scammer:
            author = f"<span style='color:{style.PALETTE.error}'>{author}</span>"
        text = html.escape(message.text).replace("\n", "<br>")
        if message.attachments:
            text += "<br><i>" + html.escape(", ".join(message.attachments)) + "</i>"
        when = html.escape(_when(message.at))
        line = f"<span style='color:{style.PALETTE.muted}'>{when}</span> <b>{author}</b>: {text}"
        if message.index == index:
            rows.append(f"<p style='background:{style.PALETTE.warning_bg}'><a name='flagged'></a><b>{line}</b></p>")
        else:
            rows.append(f"<p>{line}</p>")
    return "".join(rows)


def _when(iso: str) -> str:
    return iso.replace("T", " ")[:16]


def _identifier_value(proposal: Any) -> str:
    if proposal.kind.value == "platform_id":
        return f"{proposal.network} ({proposal.username})"
    return str(proposal.value)


def _mosaic(png: bytes) -> bytes:
    """The thumbnail reduced to a few coloured squares: enough to tell pictures apart, not to see them."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage.fromData(png)
    if image.isNull():
        return b""
    small = image.scaled(
        PIXELS_WHEN_HIDDEN,
        PIXELS_WHEN_HIDDEN,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    big = small.scaled(
        image.width(), image.height(), Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation
    )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    big.save(buffer, "PNG")
    return bytes(data.data())
