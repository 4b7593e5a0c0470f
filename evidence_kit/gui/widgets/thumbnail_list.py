"""The evidence items as a list of thumbnails with their number, kind and time."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from evidence_kit.gui import style


def placeholder_icon(letter: str) -> QIcon:
    """For files that are not pictures and intimate images (never shown): a plain tile."""
    pixmap = QPixmap(style.THUMB_SIZE, style.THUMB_SIZE)
    pixmap.fill(QColor(style.PALETTE.side))
    painter = QPainter(pixmap)
    painter.setPen(QColor(style.PALETTE.muted))
    font = painter.font()
    font.setPointSizeF(style.base_point_size() * 2.2)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    return QIcon(pixmap)


def icon_from_png(png: bytes) -> QIcon | None:
    """The thumbnail centred on a square tile, so every entry's text starts at the same place."""
    image = QImage.fromData(png)
    if image.isNull():
        return None
    size = style.THUMB_SIZE
    scaled = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(style.PALETTE.side))
    painter = QPainter(pixmap)
    painter.drawImage((size - scaled.width()) // 2, (size - scaled.height()) // 2, scaled)
    painter.end()
    return QIcon(pixmap)


class ThumbnailList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnails")
        self.setIconSize(QSize(style.THUMB_SIZE, style.THUMB_SIZE))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setSpacing(2)

    def row_of(self, item_id: str) -> int:
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == item_id:
                return row
        return -1

    def put(self, item_id: str, text: str, icon: QIcon, accessible: str) -> QListWidgetItem:
        """Add the entry, or update it in place when it is already there."""
        row = self.row_of(item_id)
        entry = self.item(row) if row >= 0 else QListWidgetItem()
        entry.setText(text)
        entry.setIcon(icon)
        entry.setData(Qt.ItemDataRole.UserRole, item_id)
        entry.setData(Qt.ItemDataRole.AccessibleTextRole, accessible)
        if row < 0:
            self.addItem(entry)
        return entry

    def current_id(self) -> str:
        entry = self.currentItem()
        return str(entry.data(Qt.ItemDataRole.UserRole)) if entry is not None else ""

    def select(self, item_id: str) -> None:
        row = self.row_of(item_id)
        if row >= 0:
            self.setCurrentRow(row)
            self.scrollToItem(self.item(row))
