"""A vault with many items: lists are views over models, and only the thumbnails on screen are decoded, off the GUI
thread, into a bounded cache that a lock empties. (How fast is measured by benchmarks/gui_scale.py, not here.)"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes
from PySide6.QtWidgets import QApplication, QListView, QListWidget

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import Account, AccountOwner, Origin
from tests.test_gui_helpers import WAIT_MS, finish, open_window

pytest.importorskip("pytestqt")

ITEMS = 150


def _case(folder: Path) -> tuple[Case, str]:
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    scammer = case.save_account(Account(id="", platform="instagram", owner=AccountOwner.SCAMMER, username="many"))
    for index in range(ITEMS):
        colour = (index % 256, (index * 7) % 256, 120)
        result = case.add_bytes(png_bytes(120, 90, colour, marker=index.to_bytes(2, "big")), origin=Origin.IMPORT)
        if index == 0:
            case.update_item(result.item.id, account_ids=[scammer.id])
    return case, scammer.id


def _rows_on_screen(view: QListView) -> list[int]:
    """Rows a person sees: the list may be partly scrolled out of the page, so its visible region, not its size."""
    viewport = view.viewport().visibleRegion().boundingRect()
    model = view.model()
    return [row for row in range(model.rowCount()) if view.visualRect(model.index(row, 0)).intersects(viewport)]


def _settle(loader) -> None:  # type: ignore[no-untyped-def]
    """Until the views have painted, the loader decoded all it was asked for, and no new request came."""
    before = -1
    for _ in range(50):
        QApplication.processEvents()
        assert loader.wait_idle(WAIT_MS / 1000)
        QApplication.processEvents()
        if loader.decoded_count == before:
            return
        before = loader.decoded_count


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """The case is made once for the module (its items cost seconds); each test opens its own copy."""
    folder = tmp_path_factory.mktemp("scale") / "case"
    case, scammer_id = _case(folder)
    case.close()
    return folder, scammer_id


@pytest.fixture
def window(qtbot, isolated_dirs, tmp_path, built):  # type: ignore[no-untyped-def]
    folder, scammer_id = built
    shutil.copytree(folder, tmp_path / "case")
    session, win = open_window(qtbot)
    session.set_case(Case.open(tmp_path / "case", passphrase=PASSPHRASE))
    win.scammer_id = scammer_id
    yield win
    finish(session)


def test_the_capture_list_decodes_only_the_rows_on_screen(window) -> None:  # type: ignore[no-untyped-def]
    window.show_step("capture")
    page = window.pages["capture"]
    view = page.items_list
    assert isinstance(view, QListView) and not isinstance(view, QListWidget)  # no widget item per record
    assert page.model.rowCount() == ITEMS
    _settle(page.thumbnails)
    shown = _rows_on_screen(view)
    assert 0 < len(shown) < ITEMS // 4
    items = page.session.case.evidence_items()
    assert all(page.thumbnails.is_cached(items[r].id, items[r].thumbnail_blob_id) for r in shown)
    assert page.thumbnails.decoded_count <= len(shown) + 2  # rows scrolled past while selecting may add one or two
    # Scrolled to the top, the first rows are decoded in their turn; the total stays far below every item.
    view.scrollToTop()
    _settle(page.thumbnails)
    top = _rows_on_screen(view)
    assert all(page.thumbnails.is_cached(items[r].id, items[r].thumbnail_blob_id) for r in top)
    assert page.thumbnails.decoded_count <= len(shown) + len(top) + 2 < ITEMS
    # The worker thread ends once idle; nothing lingers.
    assert not any(thread.name == "thumbnails" for thread in threading.enumerate())


def test_the_accounts_evidence_list_decodes_only_the_rows_on_screen(window) -> None:  # type: ignore[no-untyped-def]
    window.show_step("accounts")
    page = window.pages["accounts"]
    page.scammer_list.setCurrentRow(0)
    assert page.current_id == window.scammer_id
    assert page.evidence_model.rowCount() == ITEMS
    _settle(page.thumbnails)
    shown = _rows_on_screen(page.evidence_list)
    assert 0 < len(shown) < ITEMS // 4
    assert page.thumbnails.decoded_count <= len(shown) + 2
    first = page.session.case.evidence_items()[0]
    assert page.evidence_model.is_checked(first.id)  # the item linked to the account is ticked


def test_locking_forgets_every_decoded_thumbnail(window) -> None:  # type: ignore[no-untyped-def]
    window.show_step("capture")
    page = window.pages["capture"]
    _settle(page.thumbnails)
    assert page.thumbnails.cached_count() > 0
    window.session.lock()
    assert page.thumbnails.cached_count() == 0 and page.model.rowCount() == 0


def test_the_cache_keeps_at_most_its_bound(window) -> None:  # type: ignore[no-untyped-def]
    from evidence_kit.gui.thumbnails import ThumbnailLoader

    loader = ThumbnailLoader(window.session, cache_tiles=10)
    for item in window.session.case.evidence_items()[:40]:
        assert loader.icon(item.id, item.thumbnail_blob_id) is None  # asked for, decoded in the background
        _settle(loader)
        assert loader.is_cached(item.id, item.thumbnail_blob_id)
        assert loader.cached_count() <= 10
    assert loader.decoded_count == 40
