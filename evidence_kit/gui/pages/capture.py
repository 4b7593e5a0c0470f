"""Step 3: keep the proof — capture the screen, import or paste pictures, describe, crop or redact them.

Every write to the case runs in a background task under the session's write
lock; each new item shows up in the list as soon as it is stored, with its
thumbnail and fingerprint (SHA-256).
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.gui import style
from evidence_kit.gui.pages.base import Page
from evidence_kit.gui.pages.common import form_layout
from evidence_kit.gui.pages.welcome import card, wrapping_label
from evidence_kit.gui.session import Session
from evidence_kit.gui.widgets.hash_label import HashLabel
from evidence_kit.gui.widgets.thumbnail_list import ThumbnailList, icon_from_png, placeholder_icon
from evidence_kit.gui.widgets.unlock_dialog import error_text
from evidence_kit.gui.workers import Task

log = logging.getLogger(__name__)

WARNING_SEEN = "capture.intimate_warning"
KINDS = ("threat", "payment_demand", "profile", "conversation", "payment_proof", "other")
PREVIEW_SIZE = 200
TAKE_IT_DOWN = "https://takeitdown.ncmec.org/"
STOP_NCII = "https://stopncii.org/"


def platform_choices(t: Any) -> list[tuple[str, str]]:
    """(id, name) of the known platforms, from the knowledge base through the pages' adapter ("other" apart)."""
    from evidence_kit.gui.pages import guide

    return [(p.id, p.name) for p in guide.platforms(t) if p.id != guide.OTHER]


@dataclass
class Added:
    """What a task hands over for each stored item (thumbnail read in the worker)."""

    item: Any
    thumbnail: bytes
    duplicate: bool = False


@dataclass
class Rejected:
    name: str
    error: BaseException  # translated in the GUI thread


@dataclass
class FileImport:
    paths: list[Path]
    chat_media: bool = True  # False: a chat zip is kept by its fingerprint and its text only, no picture
    conversation: str = ""  # for an export holding several conversations: the one to import


@dataclass
class ChooseConversation:
    """An export holds several conversations: the person picks one, then it is imported."""

    path: Path
    titles: list[str]
    chat_media: bool


@dataclass
class ChatImported:
    """A chat export was imported: its proposals wait for the person's review."""

    transcript_id: str
    already: bool


class CapturePage(Page):
    step_id = "capture"
    title_key = "gui.step.capture"
    needs_case = True

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.task: Task | None = None
        self.queue: list[tuple[str, Any]] = []
        self.sequence: Any = None
        self.last_blank = False
        self.messages: list[str] = []
        self.reviews: list[str] = []  # chat imports to open for review once the current task ends
        self.choices: list[ChooseConversation] = []  # exports holding several conversations, to ask about
        self.chat_review: Any = None
        self.platforms = platform_choices(session.translator)
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE * 2)
        layout.addWidget(self._build_warning())
        layout.addWidget(self._build_actions())
        layout.addWidget(self._build_blank_help())
        body = QHBoxLayout()
        body.setSpacing(style.SPACE * 2)
        self.items_list = ThumbnailList()
        self.items_list.setMinimumWidth(260)
        self.items_list.setMaximumWidth(340)
        self.items_list.setMinimumHeight(300)
        self.items_list.currentItemChanged.connect(lambda *_: self._show_current())
        body.addWidget(self.items_list)
        body.addWidget(self._build_details(), 1)
        layout.addLayout(body, 1)
        layout.addWidget(self._build_phone_help())

        self.paste_shortcut = QShortcut(QKeySequence.StandardKey.Paste, self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_shortcut.activated.connect(self.paste)
        session.case_closed.connect(self._case_closed)
        self.retranslate()
        self.refresh()

    # --- building -------------------------------------------------------------------

    def _build_warning(self) -> QWidget:
        frame, layout = card("warning")
        frame.setObjectName("intimate_warning")
        self.warning_title = wrapping_label("subtitle")
        self.warning_text = wrapping_label()
        self.warning_text.setTextFormat(Qt.TextFormat.RichText)
        self.warning_text.setOpenExternalLinks(False)
        self.warning_text.linkActivated.connect(self._open_link)
        self.warning_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.understood_button = QPushButton()
        self.understood_button.setObjectName("understood_button")
        self.understood_button.setProperty("role", "primary")
        self.understood_button.clicked.connect(self.acknowledge_warning)
        self.record_intimate_button = QPushButton()
        self.record_intimate_button.setObjectName("record_intimate")
        self.record_intimate_button.clicked.connect(self.record_intimate)
        # Title and "record an intimate image" on one line: once understood, the card is that line only.
        top = QHBoxLayout()
        top.setSpacing(style.SPACE * 2)
        top.addWidget(self.warning_title, 1)
        top.addWidget(self.record_intimate_button, 0)
        row = QHBoxLayout()
        row.addWidget(self.understood_button)
        row.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.warning_text)
        layout.addLayout(row)
        self.warning_card = frame
        return frame

    def _build_actions(self) -> QWidget:
        frame, layout = card()
        self.actions_card = frame
        row = QHBoxLayout()
        row.setSpacing(style.SPACE)
        self.capture_button = QPushButton()
        self.capture_button.setObjectName("capture_button")
        self.capture_button.setProperty("role", "primary")
        self.capture_button.clicked.connect(self.start_capture)
        self.delay_label = QLabel()
        self.delay = QSpinBox()
        self.delay.setObjectName("capture_delay")
        self.delay.setRange(0, 10)
        self.delay.setValue(self.session.settings.capture_delay)
        self.delay.valueChanged.connect(self._delay_changed)
        self.delay_label.setBuddy(self.delay)
        self.import_button = QPushButton()
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.choose_files)
        self.paste_button = QPushButton()
        self.paste_button.setObjectName("paste_button")
        self.paste_button.clicked.connect(self.paste)
        row.addWidget(self.capture_button)
        row.addWidget(self.delay_label)
        row.addWidget(self.delay)
        row.addSpacing(style.SPACE * 2)
        row.addWidget(self.import_button)
        row.addWidget(self.paste_button)
        row.addStretch(1)
        self.review_button = QPushButton()
        self.review_button.setObjectName("review_chat")
        self.review_button.clicked.connect(self.review_pending_chat)
        self.review_button.setVisible(False)
        row.addWidget(self.review_button)
        layout.addLayout(row)
        self.drop_hint = wrapping_label("muted")
        layout.addWidget(self.drop_hint)
        status = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancel_import")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_task)
        status.addWidget(self.progress, 1)
        status.addWidget(self.cancel_button)
        layout.addLayout(status)
        self.status = wrapping_label()
        self.status.setObjectName("capture_status")
        self.status.setVisible(False)
        layout.addWidget(self.status)
        return frame

    def _build_blank_help(self) -> QWidget:
        frame, layout = card("warning")
        frame.setObjectName("blank_help")
        self.blank_title = wrapping_label("subtitle")
        self.blank_text = wrapping_label()
        layout.addWidget(self.blank_title)
        layout.addWidget(self.blank_text)
        self.blank_card = frame
        frame.setVisible(False)
        return frame

    def _build_details(self) -> QWidget:
        frame, layout = card()
        self.details_card = frame
        self.empty_label = wrapping_label("muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.empty_label)
        self.details = QWidget()
        grid = QGridLayout(self.details)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(style.SPACE * 2)
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_SIZE, PREVIEW_SIZE)
        self.preview.setWordWrap(True)
        # The picture on the left; what it is and how to describe it on the right, so the
        # buttons below stay in view at 1280x800.
        grid.addWidget(self.preview, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        facts = QVBoxLayout()
        self.item_title = wrapping_label("subtitle")
        self.item_title.setObjectName("item_title")
        self.hash_caption = wrapping_label("muted")
        self.hash_label = HashLabel()
        self.obtained = wrapping_label()
        self.obtained.setObjectName("item_obtained")
        facts.setSpacing(style.SPACE // 2)
        for widget in (self.item_title, self.hash_caption, self.hash_label, self.obtained):
            facts.addWidget(widget)
        grid.addLayout(facts, 0, 1)

        form = form_layout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.kind = QComboBox()
        self.kind.setObjectName("item_kind")
        self.kind_label = QLabel()
        self.kind_label.setBuddy(self.kind)
        form.addRow(self.kind_label, self.kind)
        self.platform = QComboBox()
        self.platform.setObjectName("item_platform")
        self.platform.setEditable(True)
        self.platform.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.platform_label = QLabel()
        self.platform_label.setBuddy(self.platform)
        form.addRow(self.platform_label, self.platform)
        self.account = QComboBox()
        self.account.setObjectName("item_account")
        self.account.setEditable(True)
        self.account.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.account_label = QLabel()
        self.account_label.setBuddy(self.account)
        form.addRow(self.account_label, self.account)
        when_row = QHBoxLayout()
        self.when_known = QCheckBox()
        self.when_known.setObjectName("when_known")
        self.when = QDateTimeEdit()
        self.when.setObjectName("item_when")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setEnabled(False)
        self.when_known.toggled.connect(self.when.setEnabled)
        when_row.setContentsMargins(style.SPACE, 0, 0, 0)
        when_row.setSpacing(style.SPACE)
        when_row.addWidget(self.when_known)
        when_row.addWidget(self.when, 1)
        self.when_label = QLabel()
        form.addRow(self.when_label, when_row)
        self.note = QPlainTextEdit()
        self.note.setObjectName("item_note")
        self.note.setTabChangesFocus(True)
        # Three lines of text, whatever the system font size.
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + style.SPACE * 2)
        self.note_label = QLabel()
        self.note_label.setBuddy(self.note)
        form.addRow(self.note_label, self.note)
        for combo in (self.kind, self.platform, self.account):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        grid.addLayout(form, 1, 1)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(style.SPACE)

        buttons = QHBoxLayout()
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_item")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save_description)
        self.crop_button = QPushButton()
        self.crop_button.setObjectName("crop_button")
        self.crop_button.clicked.connect(lambda: self.edit_picture("crop"))
        self.redact_button = QPushButton()
        self.redact_button.setObjectName("redact_button")
        self.redact_button.clicked.connect(lambda: self.edit_picture("redact"))
        self.intimate_button = QPushButton()
        self.intimate_button.setObjectName("intimate_button")
        self.intimate_button.clicked.connect(self.mark_intimate)
        buttons.addWidget(self.save_button)
        buttons.addSpacing(style.SPACE * 2)
        buttons.addWidget(self.crop_button)
        buttons.addWidget(self.redact_button)
        buttons.addStretch(1)
        buttons.addWidget(self.intimate_button)
        grid.addLayout(buttons, 2, 0, 1, 2)
        self.saved_label = wrapping_label("muted")
        grid.addWidget(self.saved_label, 3, 0, 1, 2)
        layout.addWidget(self.details)
        layout.addStretch(1)
        return frame

    def _build_phone_help(self) -> QWidget:
        frame, layout = card()
        self.phone_title = wrapping_label("subtitle")
        self.phone_text = wrapping_label()
        layout.addWidget(self.phone_title)
        layout.addWidget(self.phone_text)
        return frame

    # --- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.t
        seen = self.session.case is not None and WARNING_SEEN in self.session.case.profile.steps_done
        self.warning_title.setText(t("gui.capture.reminder" if seen else "gui.capture.warning_title"))
        links = (
            f'<a href="{TAKE_IT_DOWN}">Take It Down</a>',
            f'<a href="{STOP_NCII}">StopNCII</a>',
        )
        self.warning_text.setText(
            html.escape(t("gui.capture.warning_text")).replace("\n", "<br>")
            + "<br><br>"
            + html.escape(t("gui.capture.warning_services")).format(take_it_down=links[0], stop_ncii=links[1])
        )
        self.warning_text.setAccessibleName(t("gui.capture.warning_title"))
        self.understood_button.setText(t("gui.capture.understood"))
        self.understood_button.setAccessibleName(t("gui.capture.understood"))
        self.record_intimate_button.setText(t("gui.capture.record_intimate"))
        self.record_intimate_button.setAccessibleName(t("gui.capture.record_intimate"))
        self.capture_button.setText(t("gui.capture.capture"))
        self.capture_button.setAccessibleName(t("gui.capture.capture_a11y"))
        self.delay_label.setText(t("gui.capture.delay"))
        self.delay.setSuffix(t("gui.capture.seconds_suffix"))
        self.delay.setAccessibleName(t("gui.capture.delay_a11y"))
        self.import_button.setText(t("gui.capture.import"))
        self.import_button.setAccessibleName(t("gui.capture.import"))
        self.paste_button.setText(t("gui.capture.paste"))
        self.paste_button.setAccessibleName(t("gui.capture.paste"))
        self.drop_hint.setText(t("gui.capture.drop_hint"))
        self._update_review_button()
        self.cancel_button.setText(t("gui.capture.cancel"))
        self.cancel_button.setAccessibleName(t("gui.capture.cancel"))
        self.progress.setAccessibleName(t("gui.capture.progress_a11y"))
        self.blank_title.setText(t("gui.capture.blank_title"))
        self.blank_text.setText(t("gui.capture.blank_text"))
        self.items_list.setAccessibleName(t("gui.capture.list_a11y"))
        self.empty_label.setText(t("gui.capture.empty"))
        self.hash_caption.setText(t("gui.capture.fingerprint"))
        self.hash_label.retranslate(t)
        self.preview.setAccessibleName(t("gui.capture.preview_a11y"))
        self.kind_label.setText(t("gui.capture.kind"))
        self.kind.setAccessibleName(t("gui.capture.kind"))
        current_kind = self.kind.currentData()
        self.kind.clear()
        for kind in KINDS:
            self.kind.addItem(t(f"gui.kind.{kind}"), kind)
        if current_kind:
            self.kind.setCurrentIndex(max(0, self.kind.findData(current_kind)))
        self.platform_label.setText(t("gui.capture.platform"))
        self.platform.setAccessibleName(t("gui.capture.platform"))
        self.platform.lineEdit().setAccessibleName(t("gui.capture.platform"))
        self._fill_platforms()
        self.account_label.setText(t("gui.capture.account"))
        self.account.setAccessibleName(t("gui.capture.account"))
        self.account.lineEdit().setAccessibleName(t("gui.capture.account"))
        self.when_label.setText(t("gui.capture.when"))
        self.when_known.setText(t("gui.capture.when_known"))
        self.when_known.setAccessibleName(t("gui.capture.when_known"))
        self.when.setAccessibleName(t("gui.capture.when"))
        self.note_label.setText(t("gui.capture.note"))
        self.note.setAccessibleName(t("gui.capture.note"))
        self.save_button.setText(t("gui.capture.save"))
        self.save_button.setAccessibleName(t("gui.capture.save"))
        self.crop_button.setText(t("gui.capture.crop"))
        self.crop_button.setAccessibleName(t("gui.capture.crop"))
        self.redact_button.setText(t("gui.capture.redact"))
        self.redact_button.setAccessibleName(t("gui.capture.redact"))
        self.intimate_button.setText(t("gui.capture.intimate"))
        self.intimate_button.setAccessibleName(t("gui.capture.intimate"))
        self.phone_title.setText(t("gui.capture.phone_title"))
        self.phone_text.setText(t("gui.capture.phone_text"))
        if self.session.case is not None:
            self._reload_list(keep=self.items_list.current_id())

    def _fill_platforms(self) -> None:
        text = self.platform.currentText()
        self.platform.clear()
        self.platform.addItem("", "")
        for pid, name in self.platforms:
            self.platform.addItem(name, pid)
        self.platform.addItem(self.t("gui.capture.platform_other"), "other")
        self.platform.setEditText(text)

    # --- state --------------------------------------------------------------------------

    def refresh(self) -> None:
        case = self.session.case
        seen = case is not None and WARNING_SEEN in case.profile.steps_done
        # Once understood, the warning shrinks to a one-line reminder that stays on the page.
        self.warning_title.setText(self.t("gui.capture.reminder" if seen else "gui.capture.warning_title"))
        self.warning_text.setVisible(not seen)
        self.understood_button.setVisible(not seen)
        self._set_capture_enabled(seen and self.task is None)
        if case is None:
            self.items_list.clear()
            self._show_current()
            return
        self._fill_accounts()
        self._reload_list(keep=self.items_list.current_id())
        self._update_review_button()

    def is_done(self) -> bool:
        case = self.session.case
        return case is not None and any(not i.intimate for i in case.items.values())

    def _set_capture_enabled(self, enabled: bool) -> None:
        for button in (self.capture_button, self.import_button, self.paste_button, self.delay):
            button.setEnabled(enabled)
        self.setAcceptDrops(enabled)

    def acknowledge_warning(self) -> None:
        case = self.session.case
        if case is None or WARNING_SEEN in case.profile.steps_done:
            return
        from dataclasses import replace

        with self.session.write_lock:
            profile = replace(case.profile, steps_done=[*case.profile.steps_done, WARNING_SEEN])
            case.save_profile(profile)
        self.refresh()
        self.capture_button.setFocus()

    def _fill_accounts(self) -> None:
        case = self.session.case
        self.account.clear()
        self.account.addItem("", "")
        if case is None:
            return
        for account in case.accounts.values():
            label = account.username or account.display_name or account.id
            self.account.addItem(f"{label} ({account.platform_other or account.platform})", account.id)

    def _label_for(self, item: Any) -> tuple[str, str]:
        kind = self.t(f"gui.kind.{item.kind.value}")
        when = _short_time(item.local_time)
        extra = self.t("gui.capture.derived_mark", parent=item.parent) if item.parent else ""
        text = f"{item.id} · {kind}{extra}\n{when}"
        return text, f"{item.id}, {kind}, {when}"

    def _icon_for(self, item: Any, thumbnail: bytes | None = None):  # type: ignore[no-untyped-def]
        if item.intimate:
            return placeholder_icon("#")
        case = self.session.case
        if thumbnail is None and case is not None and item.thumbnail_blob_id:
            try:
                thumbnail = case.thumbnail_png(item.id)
            except Exception:  # noqa: BLE001 - a damaged thumbnail shows a plain tile; verify reports it
                thumbnail = b""
        icon = icon_from_png(thumbnail) if thumbnail else None
        return icon or placeholder_icon(item.media_type.split("/")[-1][:4].upper() or "?")

    def _reload_list(self, keep: str = "") -> None:
        case = self.session.case
        if case is None:
            return
        self.items_list.blockSignals(True)
        self.items_list.clear()
        for item in case.evidence_items():
            text, accessible = self._label_for(item)
            self.items_list.put(item.id, text, self._icon_for(item), accessible)
        self.items_list.blockSignals(False)
        if keep and self.items_list.row_of(keep) >= 0:
            self.items_list.select(keep)
        elif self.items_list.count():
            self.items_list.setCurrentRow(self.items_list.count() - 1)
        self._show_current()

    def _show_item_added(self, added: Added) -> None:
        text, accessible = self._label_for(added.item)
        self.items_list.put(added.item.id, text, self._icon_for(added.item, added.thumbnail), accessible)
        self.items_list.select(added.item.id)
        self._show_current()

    def current_item(self) -> Any:
        case = self.session.case
        item_id = self.items_list.current_id()
        if case is None or not item_id:
            return None
        return case.items.get(item_id)

    def _show_current(self) -> None:
        item = self.current_item()
        self.details.setVisible(item is not None)
        self.empty_label.setVisible(item is None)
        self.saved_label.clear()
        if item is None:
            return
        case = self.session.case
        self.item_title.setText(
            self.t("gui.capture.item_title", item=item.id, kind=self.t(f"gui.kind.{item.kind.value}"))
        )
        self.hash_label.set_hash(item.sha256)
        self.obtained.setText(self._obtained_text(item))
        if item.intimate:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.t("gui.capture.intimate_kept"))
        else:
            png = b""
            if case is not None and item.thumbnail_blob_id:
                try:
                    png = case.thumbnail_png(item.id)
                except Exception:  # noqa: BLE001
                    png = b""
            image = QImage.fromData(png) if png else QImage()
            if image.isNull():
                self.preview.setPixmap(QPixmap())
                self.preview.setText(self.t("gui.capture.no_preview" if item.blob_id else "gui.capture.not_kept"))
            else:
                self.preview.setText("")
                self.preview.setPixmap(
                    QPixmap.fromImage(image).scaled(
                        280, 280, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                    )
                )
        self.kind.setCurrentIndex(max(0, self.kind.findData(item.kind.value)))
        index = self.platform.findData(item.platform)
        if index >= 0:
            self.platform.setCurrentIndex(index)
        else:
            self.platform.setEditText(item.platform)
        account_index = self.account.findData(item.account_ids[0]) if item.account_ids else -1
        if account_index >= 0:
            self.account.setCurrentIndex(account_index)
        else:
            self.account.setCurrentIndex(0)
            self.account.setEditText(item.account)
        self.when_known.setChecked(bool(item.happened_at))
        if item.happened_at:
            self.when.setDateTime(QDateTime.fromString(item.happened_at[:16], "yyyy-MM-ddTHH:mm"))
        else:
            self.when.setDateTime(QDateTime.currentDateTime())
        self.note.setPlainText(item.note)
        editable = item.is_image and bool(item.blob_id) and not item.intimate
        self.crop_button.setEnabled(editable and self.task is None)
        self.redact_button.setEnabled(editable and self.task is None)
        self.intimate_button.setEnabled(not item.intimate and self.task is None)

    def _obtained_text(self, item: Any) -> str:
        how = self.t(f"gui.origin.{item.origin.value}")
        if item.source_name:
            how = self.t("gui.capture.from_file", how=how, name=item.source_name)
        if item.derivation is not None:
            how = self.t(f"gui.capture.derived_{item.derivation.kind.value}", parent=item.derivation.parent_id)
        when = self.t("gui.capture.obtained_at", time=_short_time(item.local_time, seconds=True), zone=item.time_zone)
        size = f"{item.width}×{item.height}" if item.width else self.t("gui.capture.bytes", n=item.size)
        if not item.blob_id and not item.intimate:
            size += "\n" + self.t("gui.capture.fingerprint_only")
        return f"{how}\n{when}\n{size}"

    def _say(self, text: str, error: bool = False) -> None:
        style.set_role(self.status, "error" if error else "")
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # --- describing ------------------------------------------------------------------

    def save_description(self) -> None:
        item = self.current_item()
        case = self.session.case
        if item is None or case is None:
            return
        platform = (
            self.platform.currentData()
            if self.platform.currentText() == self.platform.itemText(self.platform.currentIndex())
            else None
        )
        platform_value = str(platform) if platform else self.platform.currentText().strip()
        changes: dict[str, Any] = {
            "kind": self.kind.currentData(),
            "platform": platform_value,
            "note": self.note.toPlainText().strip(),
            "happened_at": self.when.dateTime().toString("yyyy-MM-ddTHH:mm") if self.when_known.isChecked() else "",
        }
        account_id = (
            self.account.currentData()
            if self.account.currentText() == self.account.itemText(self.account.currentIndex())
            else ""
        )
        if account_id:
            account = case.accounts.get(account_id)
            changes["account"] = account.username if account and account.username else item.account
            changes["account_ids"] = [account_id, *[a for a in item.account_ids if a != account_id]]
        else:
            changes["account"] = self.account.currentText().strip()
        try:
            with self.session.write_lock:
                case.update_item(item.id, **changes)
        except Exception as exc:  # noqa: BLE001 - shown to the person, nothing changed
            self.saved_label.setText(error_text(self.session, exc))
            return
        self._show_item_added(
            Added(case.items[item.id], case.thumbnail_png(item.id) if item.thumbnail_blob_id else b"")
        )
        self.saved_label.setText(self.t("gui.capture.saved"))
        self.session.notify("item")

    # --- screen capture -----------------------------------------------------------------

    def _delay_changed(self, value: int) -> None:
        self.session.settings.capture_delay = value
        self.session.settings.save()

    def start_capture(self) -> None:
        if self.session.case is None or self.task is not None or self.sequence is not None:
            return
        from evidence_kit.gui.widgets.countdown import CaptureSequence

        window = self.window()
        self.blank_card.setVisible(False)
        self.sequence = CaptureSequence(window, self.delay.value(), self._grab, self)
        self.sequence.start()

    def _grab(self) -> None:
        from evidence_kit.gui.widgets.screen_grab import grab_screens

        self.sequence = None
        if self.session.case is None:
            return
        shots = grab_screens()
        self._run_writes("capture", shots)

    def _case_closed(self) -> None:
        if self.sequence is not None:
            self.sequence.cancel()
            self.sequence = None
        self.queue.clear()
        self.reviews.clear()
        self.choices.clear()
        if self.chat_review is not None:
            self.chat_review.done(0)

    # --- import, paste, drop ------------------------------------------------------------

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.t("gui.capture.import"),
            str(Path.home()),
            "",
            "",
            QFileDialog.Option.DontUseNativeDialog,  # the system's dialog would list them in "recent files"
        )
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]) -> None:
        if not paths:
            return
        keep_media = self._ask_about_chat_media(paths)
        if keep_media is None:
            return
        self._run_writes("import", FileImport(list(paths), keep_media))

    def _ask_about_chat_media(self, paths: list[Path]) -> bool | None:
        """A chat zip may hold intimate pictures: ask before any of them enters the case (None: cancelled)."""
        from evidence_kit.chat.reader import export_media_count, looks_like_chat_export

        count = sum(export_media_count(p) for p in paths if p.suffix.lower() == ".zip" and looks_like_chat_export(p))
        if not count:
            return True
        box = QMessageBox(self)
        box.setObjectName("chat_media_question")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.t("gui.capture.chat_media_title"))
        box.setText(self.t("gui.capture.chat_media_question", n=count))
        box.setInformativeText(self.t("gui.capture.chat_media_explain"))
        text_only = box.addButton(self.t("gui.capture.chat_text_only"), QMessageBox.ButtonRole.AcceptRole)
        text_only.setObjectName("chat_text_only")
        everything = box.addButton(self.t("gui.capture.chat_with_media"), QMessageBox.ButtonRole.AcceptRole)
        everything.setObjectName("chat_with_media")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(text_only)  # the safe choice is the one Enter takes
        box.exec()
        clicked = box.clickedButton()
        if clicked is text_only:
            return False
        return True if clicked is everything else None

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if files:
            self.import_files(files)
        elif mime.hasFormat("image/png"):
            self._run_writes("paste", bytes(mime.data("image/png").data()))
        elif mime.hasImage():
            image = QImage(mime.imageData())
            self._run_writes("paste", image)
        else:
            self._say(self.t("gui.capture.nothing_to_paste"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self.session.case is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            # After the drop has ended: a question asked inside it would freeze the drag on some systems.
            QTimer.singleShot(0, lambda: self.import_files(files))

    # --- background writes ---------------------------------------------------------------

    def _run_writes(self, what: str, payload: Any) -> None:
        """Queue a write; one task at a time, so items are stored in the order they came."""
        self.queue.append((what, payload))
        if self.task is None:
            self._next_write()

    def _next_write(self) -> None:
        case = self.session.case
        if not self.queue or case is None:
            return
        what, payload = self.queue.pop(0)
        session = self.session
        task: Task

        def run(progress, cancelled):  # type: ignore[no-untyped-def]
            with session.write_lock:
                return _WRITERS[what](case, payload, task, progress, cancelled)

        task = Task(run, owner=session)
        task.produced.connect(self._produced)
        task.progressed.connect(self.progress.setValue)
        task.succeeded.connect(self._write_done)
        task.failed.connect(self._write_failed)
        task.finished.connect(self._task_finished)
        self.task = task
        self.messages = []
        self._set_busy(True, what)
        task.start()

    def _set_busy(self, busy: bool, what: str = "") -> None:
        self.progress.setValue(0)
        self.progress.setVisible(busy and what == "import")
        self.cancel_button.setVisible(busy and what == "import")
        self._set_capture_enabled(
            not busy and self.session.case is not None and WARNING_SEEN in self.session.case.profile.steps_done
        )
        for button in (self.crop_button, self.redact_button, self.intimate_button):
            button.setEnabled(not busy)
        if busy:
            self._say(self.t(f"gui.capture.busy_{what}"))
        self.session.busy_changed.emit(busy)

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.queue.clear()

    def _produced(self, value: object) -> None:
        if isinstance(value, Added):
            self._show_item_added(value)
            key = "gui.capture.duplicate" if value.duplicate else "gui.capture.added"
            self.messages.append(self.t(key, item=value.item.id))
        elif isinstance(value, Rejected):
            self.messages.append(error_text(self.session, value.error))
        elif isinstance(value, ChatImported):
            if value.transcript_id not in self.reviews:
                self.reviews.append(value.transcript_id)
            self.messages.append(self.t("gui.capture.chat_already" if value.already else "gui.capture.chat_added"))
        elif isinstance(value, ChooseConversation):
            self.choices.append(value)
        elif value == "chat_kept_as_file":
            self.messages.append(self.t("gui.capture.chat_kept_as_file"))
        elif value == "blank":
            self.last_blank = True
            self.blank_card.setVisible(True)
            self.messages.append(self.t("gui.capture.blank_title"))

    def _write_done(self, result: object) -> None:
        count = int(result) if isinstance(result, int) else 0
        summary = self.t("gui.capture.summary", n=count) if count else ""
        lines = [summary] if summary else []
        lines.extend(self.messages[-6:])
        self._say("\n".join(lines))

    def _write_failed(self, exc: BaseException) -> None:
        from evidence_kit.core.errors import Cancelled

        key_text = self.t("gui.capture.cancelled") if isinstance(exc, Cancelled) else error_text(self.session, exc)
        self._say("\n".join([*self.messages[-5:], key_text]), error=not isinstance(exc, Cancelled))

    def _task_finished(self) -> None:
        self.task = None
        self._set_busy(False)
        if self.reviews:
            self._reload_list(keep=self.items_list.current_id())  # the export's media came in as items too
        self._show_current()
        self.session.notify("item")
        self._update_review_button()
        if self.queue:
            self._next_write()
        elif self.choices:
            self._choose_conversation(self.choices.pop(0))
        elif self.reviews:
            self.open_chat_review(self.reviews.pop(0))

    def _choose_conversation(self, choice: ChooseConversation) -> None:
        title, ok = QInputDialog.getItem(
            self,
            self.t("gui.capture.choose_conversation_title"),
            self.t("gui.capture.choose_conversation", name=choice.path.name, n=len(choice.titles)),
            choice.titles,
            0,
            False,
        )
        if ok and title:
            self._run_writes("import", FileImport([choice.path], choice.chat_media, conversation=title))
        else:
            self._say(self.t("gui.capture.chat_not_imported", name=choice.path.name))

    # --- chat exports --------------------------------------------------------------------

    def pending_chats(self) -> list[Any]:
        """Imports whose key messages, identifiers or scammer still wait for the person."""
        case = self.session.case
        if case is None or "transcript" not in case.extra:
            return []
        from evidence_kit.chat.importer import list_imports

        try:
            records = list_imports(case)
        except Exception:  # noqa: BLE001 - a record that does not read is reported by verify, not here
            log.warning("a chat import record could not be read")
            return []
        return [r for r in records if r.pending_flags() or r.pending_identifiers() or not r.scammer_given]

    def _update_review_button(self) -> None:
        pending = self.pending_chats()
        self.review_button.setVisible(bool(pending))
        if pending:
            self.review_button.setText(self.t("gui.capture.review_chat", n=len(pending)))
            self.review_button.setAccessibleName(self.t("gui.capture.review_chat", n=len(pending)))

    def review_pending_chat(self) -> None:
        pending = self.pending_chats()
        if pending:
            self.open_chat_review(pending[0].transcript_id)

    def open_chat_review(self, transcript_id: str) -> None:
        """The review opens window-modal and returns at once; the page updates when it closes."""
        if self.session.case is None or self.chat_review is not None:
            return
        from evidence_kit.gui.widgets.chat_review import ChatReviewDialog

        dialog = ChatReviewDialog(self.session, transcript_id, self)
        dialog.finished.connect(self._chat_review_closed)
        self.chat_review = dialog
        dialog.open()

    def _chat_review_closed(self, _result: int) -> None:
        dialog, self.chat_review = self.chat_review, None
        if dialog is not None:
            dialog.deleteLater()
        if self.session.case is None:
            return
        self._fill_accounts()
        self._reload_list(keep=self.items_list.current_id())
        self._update_review_button()
        if self.reviews:
            self.open_chat_review(self.reviews.pop(0))

    # --- derived items and intimate images ------------------------------------------------

    def edit_picture(self, mode: str) -> None:
        item = self.current_item()
        case = self.session.case
        if item is None or case is None or not item.is_image:
            return
        from evidence_kit.gui.widgets.image_editor import EditMode, ImageEditorDialog

        with case.open_original(item.id) as reader:
            data = reader.read()
        image = QImage.fromData(data)
        del data
        if image.isNull():
            self._say(self.t("gui.capture.no_preview"))
            return
        dialog = ImageEditorDialog(image, EditMode(mode), self.t, self)
        self.editor = dialog
        if dialog.exec() != ImageEditorDialog.DialogCode.Accepted:
            self.editor = None
            return
        self.editor = None
        self.derive(item.id, mode, dialog.boxes(), dialog.redaction_style())

    def derive(
        self, item_id: str, mode: str, boxes: list[tuple[int, int, int, int]], redaction_style: str = "black"
    ) -> None:
        self._run_writes("derive", (item_id, mode, boxes, redaction_style))

    def mark_intimate(self) -> None:
        item = self.current_item()
        if item is None:
            return
        answer = QMessageBox.question(
            self, self.t("gui.capture.intimate"), self.t("gui.capture.intimate_confirm", item=item.id)
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run_writes("intimate", item.id)

    def record_intimate(self) -> None:
        if self.session.case is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.t("gui.capture.record_intimate"),
            str(Path.home()),
            "",
            "",
            QFileDialog.Option.DontUseNativeDialog,
        )
        if not name:
            return
        description, ok = QInputDialog.getText(
            self, self.t("gui.capture.record_intimate"), self.t("gui.capture.intimate_description")
        )
        if ok:
            self._run_writes("record_intimate", (Path(name), description.strip()))

    def _open_link(self, url: str) -> None:
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl(url))


# --- what the worker thread does (no widgets here) -----------------------------------------


def _added(case: Any, result: Any) -> Added:
    """From an ``AddResult`` or an item already stored."""
    item = getattr(result, "item", result)
    thumb = case.thumbnail_png(item.id) if item.thumbnail_blob_id else b""
    return Added(item, thumb, getattr(result, "duplicate", False))


def _write_capture(case: Any, shots: Any, task: Task, progress: Any, cancelled: Any) -> int:
    from evidence_kit.core.model import Origin
    from evidence_kit.gui.widgets.screen_grab import compose, encode_png, is_blank

    image = compose(shots)
    if is_blank(image):
        task.produce("blank")
        return 0
    png = encode_png(image)
    result = case.add_bytes(png, origin=Origin.SCREEN_CAPTURE, source_name="", screens=[s.describe() for s in shots])
    task.produce(_added(case, result))
    return 1


def _write_paste(case: Any, payload: Any, task: Task, progress: Any, cancelled: Any) -> int:
    from evidence_kit.core.model import Origin
    from evidence_kit.gui.widgets.screen_grab import encode_png

    data = payload if isinstance(payload, bytes) else encode_png(payload)
    result = case.add_bytes(data, origin=Origin.CLIPBOARD)
    task.produce(_added(case, result))
    return 0 if result.duplicate else 1


def _write_import(case: Any, request: FileImport, task: Task, progress: Any, cancelled: Any) -> int:
    from evidence_kit.chat.reader import looks_like_chat_export
    from evidence_kit.core.errors import Cancelled, InputRejected

    paths = request.paths
    sizes = []
    for path in paths:
        try:
            sizes.append(max(1, path.stat().st_size))
        except OSError:
            sizes.append(1)
    total = sum(sizes)
    done = 0
    added = 0
    for path, size in zip(paths, sizes, strict=True):
        if cancelled():
            raise Cancelled()
        before = done
        try:
            if looks_like_chat_export(path):
                added += _import_chat(case, path, request, task, cancelled)
            else:
                result = case.add_file(path, progress=lambda d, _t, b=before: progress(b + d, total), cancel=cancelled)
                task.produce(_added(case, result))
                added += 0 if result.duplicate else 1
        except InputRejected as exc:
            task.produce(Rejected(path.name, exc))
        done += size
        progress(done, total)
    return added


def _import_chat(case: Any, path: Path, request: FileImport, task: Task, cancelled: Any) -> int:
    from evidence_kit.chat.importer import import_chat
    from evidence_kit.chat.model import ChatExportRejected

    with_media = request.chat_media
    try:
        record = import_chat(
            case,
            path,
            keep_export=with_media,
            import_media=with_media,
            conversation=request.conversation,
            cancel=cancelled,
        )
    except ChatExportRejected as exc:
        if exc.key == "chat.reject.many_threads" and exc.params.get("titles") and not request.conversation:
            task.produce(ChooseConversation(path, list(exc.params["titles"]), with_media))
            return 0
        # It looked like a chat but does not read as one: still evidence, so it is kept as a plain file.
        task.produce(Rejected(path.name, exc))
        result = case.add_file(path, cancel=cancelled)
        task.produce(_added(case, result))
        task.produce("chat_kept_as_file")
        return 0 if result.duplicate else 1
    task.produce(_added(case, case.item(record.item_id)))
    task.produce(ChatImported(record.transcript_id, record.already_imported))
    return 0 if record.already_imported else 1 + len(record.media) + len(record.text_item_ids)


def _write_derive(case: Any, payload: Any, task: Task, progress: Any, cancelled: Any) -> int:
    item_id, mode, boxes, redaction_style = payload
    if mode == "crop":
        item = case.derive_crop(item_id, boxes[0])
    else:
        item = case.derive_redaction(item_id, boxes, style=redaction_style)
    thumb = case.thumbnail_png(item.id) if item.thumbnail_blob_id else b""
    task.produce(Added(item, thumb))
    return 1


def _write_intimate(case: Any, item_id: str, task: Task, progress: Any, cancelled: Any) -> int:
    item = case.mark_intimate(item_id)
    task.produce(Added(item, b""))
    return 0


def _write_record_intimate(case: Any, payload: Any, task: Task, progress: Any, cancelled: Any) -> int:
    path, description = payload
    item = case.record_intimate_image(path, description)
    task.produce(Added(item, b""))
    return 1


_WRITERS = {
    "capture": _write_capture,
    "paste": _write_paste,
    "import": _write_import,
    "derive": _write_derive,
    "intimate": _write_intimate,
    "record_intimate": _write_record_intimate,
}


def _short_time(iso: str, seconds: bool = False) -> str:
    text = iso.replace("T", " ")
    return text[:19] if seconds else text[:16]
