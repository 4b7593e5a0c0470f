"""Thumbnails decrypted and decoded in a background thread, only those a list asks for, kept in a bounded cache.

A list view asks its model for the pictures of the rows it paints, and only
those; the model asks here. A tile not in the cache is queued (the newest
request first, the queue itself bounded, so scrolling fast through thousands
of rows never decodes them all) and ``loaded`` tells the model when it is
ready. One worker thread at a time, started on demand and ended when the
queue is empty, so no thread lingers. The cache forgets everything when the
case is locked or another one opened: no decrypted picture outlives the keys.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap

from evidence_kit.gui import style
from evidence_kit.gui.session import Session

log = logging.getLogger(__name__)

CACHE_TILES = 400  # about 15 MiB of 96-pixel tiles: several screens of rows
MAX_PENDING = 120  # requests beyond this (rows scrolled past) are dropped, the oldest first

Key = tuple[str, str]  # (item id, thumbnail blob id): a new thumbnail is a new key


def tile_image(png: bytes, size: int) -> QImage | None:
    """The picture scaled into a square tile of the list's background (safe outside the GUI thread)."""
    image = QImage.fromData(png)
    if image.isNull():
        return None
    scaled = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    tile = QImage(size, size, QImage.Format.Format_RGB32)
    tile.fill(QColor(style.PALETTE.side))
    painter = QPainter(tile)
    painter.drawImage((size - scaled.width()) // 2, (size - scaled.height()) // 2, scaled)
    painter.end()
    return tile


class ThumbnailLoader(QObject):
    loaded = Signal(str)  # the item id whose tile is now in the cache
    _decoded = Signal(int, object, object)  # generation, key, QImage or None (from the worker thread)

    def __init__(
        self,
        session: Session,
        size: int = style.THUMB_SIZE,
        cache_tiles: int = CACHE_TILES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.size = size
        self.cache_tiles = cache_tiles
        self._cache: OrderedDict[Key, QIcon | None] = OrderedDict()
        self._pending: OrderedDict[Key, Any] = OrderedDict()  # key -> the case it was asked of
        self._in_flight: set[Key] = set()  # being decoded, or decoded and on its way: not asked twice
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._worker: threading.Thread | None = None
        self._generation = 0
        self.decoded_count = 0  # tiles decoded since this loader was made (tests and benchmarks read it)
        self._decoded.connect(self._store)
        session.case_closed.connect(self.clear)
        session.case_opened.connect(self.clear)

    def icon(self, item_id: str, blob_id: str) -> QIcon | None:
        """The tile when it is cached (None: asked for; ``loaded`` follows). A tile that did not decode is None too."""
        key = (item_id, blob_id)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        self._request(key)
        return None

    def is_cached(self, item_id: str, blob_id: str) -> bool:
        return (item_id, blob_id) in self._cache

    def cached_count(self) -> int:
        return len(self._cache)

    def clear(self) -> None:
        """Forget every tile and every request (the case was locked, closed or replaced)."""
        with self._lock:
            self._generation += 1
            self._pending.clear()
            self._in_flight.clear()
        self._cache.clear()

    def wait_idle(self, timeout_s: float = 60.0) -> bool:
        """Until the queue is empty and the worker has ended (tests); the tiles arrive with the next events."""
        with self._idle:
            return self._idle.wait_for(lambda: self._worker is None, timeout_s)

    # --- worker thread ------------------------------------------------------------------

    def _request(self, key: Key) -> None:
        case = self.session.case
        if case is None:
            return
        with self._lock:
            if key in self._in_flight:
                return
            if key in self._pending:
                self._pending.move_to_end(key)
            else:
                self._pending[key] = case
                while len(self._pending) > MAX_PENDING:
                    self._pending.popitem(last=False)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="thumbnails", daemon=True)
                self._worker.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._worker = None
                    self._idle.notify_all()
                    return
                key, case = self._pending.popitem(last=True)  # the row asked for last is on screen now
                self._in_flight.add(key)
                generation = self._generation
            image: QImage | None = None
            try:
                image = tile_image(case.read_blob(key[1]), self.size)
            except Exception:  # noqa: BLE001 - a locked case or a damaged thumbnail: a plain tile; verify reports it
                log.debug("a thumbnail could not be read")
            try:
                self._decoded.emit(generation, key, image)
            except RuntimeError:  # the loader's page is gone
                with self._lock:
                    self._worker = None
                    self._idle.notify_all()
                return

    # --- GUI thread ------------------------------------------------------------------------

    def _store(self, generation: int, key: Key, image: QImage | None) -> None:
        with self._lock:
            self._in_flight.discard(key)
        if generation != self._generation:
            return  # decoded for a case that is locked or closed since
        self.decoded_count += 1
        self._cache[key] = QIcon(QPixmap.fromImage(image)) if image is not None else None
        while len(self._cache) > self.cache_tiles:
            self._cache.popitem(last=False)
        self.loaded.emit(key[0])
