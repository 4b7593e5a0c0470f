"""The case's evidence items as a list model: one row per item, text and picture made only for the rows shown.

Filling the model is a Python list and one reset, whatever the number of
items: a view asks for the text and thumbnail of the rows it paints (with
uniform row sizes, only those), and thumbnails come from a ``ThumbnailLoader``
in the background. Optionally checkable (the accounts page ticks the items
that show an account): a tick is reported through ``toggled`` and the page
decides whether it stands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon

from evidence_kit.core.model import EvidenceItem
from evidence_kit.gui.thumbnails import ThumbnailLoader
from evidence_kit.gui.widgets.thumbnail_list import placeholder_icon

Describe = Callable[[EvidenceItem], tuple[str, str]]  # (text shown, text read by a screen reader)
Index = QModelIndex | QPersistentModelIndex

ItemIdRole = Qt.ItemDataRole.UserRole


def media_letters(item: EvidenceItem) -> str:
    """What a tile without a picture shows: "#" for an intimate image, else the file type (PNG, ZIP, …)."""
    if item.intimate:
        return "#"
    return item.media_type.split("/")[-1][:4].upper() or "?"


class EvidenceListModel(QAbstractListModel):
    toggled = Signal(str, bool)  # item id, ticked (checkable models only)

    def __init__(
        self,
        describe: Describe,
        loader: ThumbnailLoader | None = None,
        checkable: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.describe = describe
        self.loader = loader
        self.checkable = checkable
        self._items: list[EvidenceItem] = []
        self._rows: dict[str, int] = {}
        self._checked: set[str] = set()
        self._placeholders: dict[str, QIcon] = {}
        if loader is not None:
            loader.loaded.connect(self._thumbnail_loaded)

    # --- filling -------------------------------------------------------------------------

    def set_items(self, items: Iterable[EvidenceItem], checked: Iterable[str] = ()) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._rows = {item.id: row for row, item in enumerate(self._items)}
        self._checked = set(checked)
        self.endResetModel()

    def put(self, item: EvidenceItem) -> int:
        """Update an item in place, or add it at the end; its row."""
        row = self._rows.get(item.id)
        if row is None:
            row = len(self._items)
            self.beginInsertRows(QModelIndex(), row, row)
            self._items.append(item)
            self._rows[item.id] = row
            self.endInsertRows()
        else:
            self._items[row] = item
            index = self.index(row)
            self.dataChanged.emit(index, index)
        return row

    def clear(self) -> None:
        self.set_items([])

    def refresh_texts(self) -> None:
        """The language changed: every shown row asks for its text again."""
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def set_checked(self, item_id: str, checked: bool) -> None:
        (self._checked.add if checked else self._checked.discard)(item_id)
        row = self._rows.get(item_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])

    # --- reading -------------------------------------------------------------------------

    def row_of(self, item_id: str) -> int:
        return self._rows.get(item_id, -1)

    def item_at(self, row: int) -> EvidenceItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def is_checked(self, item_id: str) -> bool:
        return item_id in self._checked

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name and default
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.describe(item)[0]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(item)
        if role == ItemIdRole:
            return item.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.describe(item)[1]
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable:
            return Qt.CheckState.Checked if item.id in self._checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.checkable and index.isValid():
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None or role != Qt.ItemDataRole.CheckStateRole or not self.checkable:
            return False
        ticked = _is_checked(value)
        self.set_checked(item.id, ticked)
        self.toggled.emit(item.id, ticked)
        return True

    # --- pictures ------------------------------------------------------------------------

    def _icon(self, item: EvidenceItem) -> QIcon:
        if not item.intimate and item.thumbnail_blob_id and self.loader is not None:
            icon = self.loader.icon(item.id, item.thumbnail_blob_id)
            if icon is not None:
                return icon
        letters = media_letters(item)
        if letters not in self._placeholders:
            self._placeholders[letters] = placeholder_icon(letters)
        return self._placeholders[letters]

    def _thumbnail_loaded(self, item_id: str) -> None:
        row = self._rows.get(item_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def _is_checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return int(value) == Qt.CheckState.Checked.value
