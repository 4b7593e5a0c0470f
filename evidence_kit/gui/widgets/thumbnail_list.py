"""The evidence items as a list of thumbnails with their number, kind and time (a view over a model)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

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


class ThumbnailList(QListView):
    """A list view over an ``EvidenceListModel``: rows of one size, so only the rows on screen are asked for."""

    current_changed = Signal(str)  # the item id now current ("" when none)

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnails")
        self.setIconSize(QSize(style.THUMB_SIZE, style.THUMB_SIZE))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)  # else the view measures every row, asking for every picture
        self.setSpacing(2)
        self.setModel(model)
        self.selectionModel().currentChanged.connect(
            lambda current, _previous: self.current_changed.emit(
                str(current.data(Qt.ItemDataRole.UserRole) or "") if current.isValid() else ""
            )
        )

    def count(self) -> int:
        return self.model().rowCount()

    def row_of(self, item_id: str) -> int:
        model = self.model()
        finder = getattr(model, "row_of", None)
        return int(finder(item_id)) if callable(finder) else -1

    def current_id(self) -> str:
        index = self.currentIndex()
        return str(index.data(Qt.ItemDataRole.UserRole) or "") if index.isValid() else ""

    def setCurrentRow(self, row: int) -> None:  # noqa: N802 - as QListWidget, which pages and tests know
        index = self.model().index(row, 0)
        if index.isValid():
            self.setCurrentIndex(index)
        else:
            self.selectionModel().clear()

    def select(self, item_id: str) -> None:
        row = self.row_of(item_id)
        if row >= 0:
            self.setCurrentRow(row)
            self.scrollTo(self.model().index(row, 0))
