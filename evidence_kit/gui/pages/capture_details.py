"""The capture page's right-hand panel: one item's picture, fingerprint and origin, and the form that describes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.core.model import EvidenceItem, EvidenceKind
from evidence_kit.gui import style
from evidence_kit.gui.pages.common import form_layout
from evidence_kit.gui.pages.welcome import wrapping_label
from evidence_kit.gui.widgets.hash_label import HashLabel

PREVIEW_SIZE = 200
# The panel's widgets the capture page also offers as its own attributes (tests and the tour use them).
PAGE_WIDGETS = (
    "preview",
    "item_title",
    "hash_label",
    "obtained",
    "kind",
    "platform",
    "account",
    "when_known",
    "when",
    "note",
    "save_button",
    "crop_button",
    "redact_button",
    "intimate_button",
    "saved_label",
    "empty_label",
)

# Widget attribute -> catalog key of its accessible name (and of its text for buttons and boxes).
NAMED = {
    "preview": "gui.capture.preview_a11y",
    "kind": "gui.capture.kind",
    "platform": "gui.capture.platform",
    "account": "gui.capture.account",
    "when": "gui.capture.when",
    "note": "gui.capture.note",
}
TEXTS = {
    "empty_label": "gui.capture.empty",
    "hash_caption": "gui.capture.fingerprint",
    "kind_label": "gui.capture.kind",
    "platform_label": "gui.capture.platform",
    "account_label": "gui.capture.account",
    "when_label": "gui.capture.when",
    "note_label": "gui.capture.note",
}
BUTTONS = {
    "when_known": "gui.capture.when_known",
    "save_button": "gui.capture.save",
    "crop_button": "gui.capture.crop",
    "redact_button": "gui.capture.redact",
    "intimate_button": "gui.capture.intimate",
}


def short_time(t: Any, iso: str, seconds: bool = False) -> str:
    """The item's time as the whole program writes it: local wall time, then its UTC offset (``i18n.times``)."""
    from evidence_kit.i18n import times

    return times.short_time(t, iso, seconds=seconds)


def _combo(object_name: str, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(object_name)
    if editable:
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def _button(object_name: str, role: str = "") -> QPushButton:
    button = QPushButton()
    button.setObjectName(object_name)
    if role:
        button.setProperty("role", role)
    return button


class ItemDetails(QFrame):
    """Shows one item (or a hint when there is none); ``changes()`` reads back what the person described."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.SPACE * 2, style.SPACE * 2, style.SPACE * 2, style.SPACE * 2)
        layout.setSpacing(style.SPACE)
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
        facts.setSpacing(style.SPACE // 2)
        self.item_title = wrapping_label("subtitle")
        self.item_title.setObjectName("item_title")
        self.hash_caption = wrapping_label("muted")
        self.hash_label = HashLabel()
        self.obtained = wrapping_label()
        self.obtained.setObjectName("item_obtained")
        self.anchored = wrapping_label("muted")
        self.anchored.setObjectName("item_anchored")
        self.anchored.setVisible(False)
        for widget in (self.item_title, self.hash_caption, self.hash_label, self.obtained, self.anchored):
            facts.addWidget(widget)
        grid.addLayout(facts, 0, 1)
        grid.addLayout(self._build_form(), 1, 1)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(style.SPACE)

        buttons = QHBoxLayout()
        self.save_button = _button("save_item", "primary")
        self.crop_button = _button("crop_button")
        self.redact_button = _button("redact_button")
        self.intimate_button = _button("intimate_button")
        buttons.addWidget(self.save_button)
        buttons.addSpacing(style.SPACE * 2)
        buttons.addWidget(self.crop_button)
        buttons.addWidget(self.redact_button)
        buttons.addStretch(1)
        buttons.addWidget(self.intimate_button)
        grid.addLayout(buttons, 2, 0, 1, 2)
        self.saved_label = wrapping_label("muted")
        grid.addWidget(self.saved_label, 3, 0, 1, 2)
        self.grid = grid
        self.reading: Any = None  # the "text read from this picture" section, once added (add_reading)
        self.anchor_text: Callable[[str], str] | None = None
        self.item: EvidenceItem | None = None
        layout.addWidget(self.details)
        layout.addStretch(1)

    def add_reading(self, section: Any, anchor_text: Callable[[str], str] | None = None) -> None:
        """Put the section that shows what was read from the picture under the buttons, and the timestamp line."""
        self.reading = section
        self.anchor_text = anchor_text
        self.grid.addWidget(section, 4, 0, 1, 2)
        section.show_item(self.item)

    def _build_form(self) -> QFormLayout:
        form = form_layout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.kind = _combo("item_kind")
        self.platform = _combo("item_platform", editable=True)
        self.account = _combo("item_account", editable=True)
        self.when_known = QCheckBox()
        self.when_known.setObjectName("when_known")
        self.when = QDateTimeEdit()
        self.when.setObjectName("item_when")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setEnabled(False)
        self.when_known.toggled.connect(self.when.setEnabled)
        when_row = QHBoxLayout()
        when_row.setContentsMargins(style.SPACE, 0, 0, 0)
        when_row.setSpacing(style.SPACE)
        when_row.addWidget(self.when_known)
        when_row.addWidget(self.when, 1)
        self.note = QPlainTextEdit()
        self.note.setObjectName("item_note")
        self.note.setTabChangesFocus(True)
        # Three lines of text, whatever the system font size.
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + style.SPACE * 2)
        self.kind_label, self.platform_label, self.account_label = QLabel(), QLabel(), QLabel()
        self.when_label, self.note_label = QLabel(), QLabel()
        self.kind_label.setBuddy(self.kind)
        self.platform_label.setBuddy(self.platform)
        self.account_label.setBuddy(self.account)
        self.note_label.setBuddy(self.note)
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.platform_label, self.platform)
        form.addRow(self.account_label, self.account)
        form.addRow(self.when_label, when_row)
        form.addRow(self.note_label, self.note)
        return form

    # --- texts ----------------------------------------------------------------------------

    def retranslate(self, t: Any, platforms: list[tuple[str, str]]) -> None:
        for attribute, key in NAMED.items():
            getattr(self, attribute).setAccessibleName(t(key))
        for attribute, key in TEXTS.items():
            getattr(self, attribute).setText(t(key))
        for attribute, key in BUTTONS.items():
            widget = getattr(self, attribute)
            widget.setText(t(key))
            widget.setAccessibleName(t(key))
        for combo in (self.platform, self.account):
            combo.lineEdit().setAccessibleName(combo.accessibleName())
        self.hash_label.retranslate(t)
        if self.reading is not None:
            self.reading.retranslate()
        current_kind = self.kind.currentData()
        self.kind.clear()
        for kind in EvidenceKind:
            self.kind.addItem(t(f"gui.kind.{kind.value}"), kind.value)
        if current_kind:
            self.kind.setCurrentIndex(max(0, self.kind.findData(current_kind)))
        text = self.platform.currentText()
        self.platform.clear()
        self.platform.addItem("", "")
        for platform_id, platform_name in platforms:
            self.platform.addItem(platform_name, platform_id)
        self.platform.addItem(t("gui.capture.platform_other"), "other")
        self.platform.setEditText(text)

    def fill_accounts(self, case: Any) -> None:
        self.account.clear()
        self.account.addItem("", "")
        if case is None:
            return
        for account in case.accounts.values():
            label = account.username or account.display_name or account.id
            self.account.addItem(f"{label} ({account.platform_other or account.platform})", account.id)

    # --- one item ---------------------------------------------------------------------------

    def show_item(self, item: EvidenceItem | None, case: Any, t: Any, busy: bool) -> None:
        self.details.setVisible(item is not None)
        self.empty_label.setVisible(item is None)
        self.saved_label.clear()
        self.item = item
        if self.reading is not None:
            self.reading.show_item(item)
        if item is None:
            return
        self.refresh_anchor()
        self.item_title.setText(t("gui.capture.item_title", item=item.id, kind=t(f"gui.kind.{item.kind.value}")))
        self.hash_label.set_hash(item.sha256)
        self.obtained.setText(obtained_text(item, t))
        self._show_picture(item, case, t)
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
        self.set_busy(item, busy)

    def refresh_anchor(self) -> None:
        """When the vault timestamps its custody log: since when the item is known to exist (or that it waits)."""
        text = self.anchor_text(self.item.id) if self.anchor_text is not None and self.item is not None else ""
        self.anchored.setText(text)
        self.anchored.setVisible(bool(text))

    def set_busy(self, item: EvidenceItem | None, busy: bool) -> None:
        editable = item is not None and item.is_image and bool(item.blob_id) and not item.intimate
        self.crop_button.setEnabled(editable and not busy)
        self.redact_button.setEnabled(editable and not busy)
        self.intimate_button.setEnabled(item is not None and not item.intimate and not busy)

    def _show_picture(self, item: EvidenceItem, case: Any, t: Any) -> None:
        if item.intimate:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(t("gui.capture.intimate_kept"))
            return
        png = b""
        if case is not None and item.thumbnail_blob_id:
            try:
                png = case.thumbnail_png(item.id)
            except Exception:  # noqa: BLE001 - a damaged thumbnail shows a message; verify reports it
                png = b""
        image = QImage.fromData(png) if png else QImage()
        if image.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText(t("gui.capture.no_preview" if item.blob_id else "gui.capture.not_kept"))
            return
        self.preview.setText("")
        self.preview.setPixmap(
            QPixmap.fromImage(image).scaled(
                280, 280, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def changes(self, item: EvidenceItem, case: Any) -> dict[str, Any]:
        """What the form says about ``item``, as ``Case.update_item`` takes it."""
        typed_platform = self.platform.currentText() != self.platform.itemText(self.platform.currentIndex())
        platform = "" if typed_platform else str(self.platform.currentData() or "")
        changes: dict[str, Any] = {
            "kind": self.kind.currentData(),
            "platform": platform or self.platform.currentText().strip(),
            "note": self.note.toPlainText().strip(),
            "happened_at": self.when.dateTime().toString("yyyy-MM-ddTHH:mm") if self.when_known.isChecked() else "",
        }
        typed_account = self.account.currentText() != self.account.itemText(self.account.currentIndex())
        account_id = "" if typed_account else str(self.account.currentData() or "")
        if account_id:
            account = case.accounts.get(account_id)
            changes["account"] = account.username if account and account.username else item.account
            changes["account_ids"] = [account_id, *[a for a in item.account_ids if a != account_id]]
        else:
            changes["account"] = self.account.currentText().strip()
        return changes


def obtained_text(item: EvidenceItem, t: Any) -> str:
    """How, when and at what size the item was obtained, three lines."""
    how = t(f"gui.origin.{item.origin.value}")
    if item.source_name:
        how = t("gui.capture.from_file", how=how, name=item.source_name)
    if item.derivation is not None:
        how = t(f"gui.capture.derived_{item.derivation.kind.value}", parent=item.derivation.parent_id)
    when = t("gui.capture.obtained_at", time=short_time(t, item.local_time, seconds=True), zone=item.time_zone)
    size = f"{item.width}×{item.height}" if item.width else t("gui.capture.bytes", n=item.size)
    if not item.blob_id and not item.intimate:
        size += "\n" + t("gui.capture.fingerprint_only")
    return f"{how}\n{when}\n{size}"
