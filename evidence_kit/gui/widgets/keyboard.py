"""Keyboard and screen reader helpers shared by the window and its pages.

- ``bring_into_view``: after an action, the page scrolls so that what the person does next is on
  screen, and the keyboard focus goes there.
- ``first_control``: where the focus starts when a page is shown.
- ``name_line_edit_buttons``: the small buttons Qt puts inside line edits (the clear button) get a name.
- ``tab_leaves``: Tab leaves a date field at once (arrows and Left/Right still move between its parts).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QScrollArea, QWidget

MARGIN = 24  # pixels kept around what is brought into view


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _scroll_now(widgets: tuple[QWidget, ...]) -> None:
    shown = [w for w in widgets if w.isVisible()]
    if not shown:
        return
    area = scroll_area_of(shown[0])
    content = area.widget() if area is not None else None
    if area is None or content is None:
        return
    layout = content.layout()
    if layout is not None:
        layout.activate()  # the size after the change that just happened (a card folded, an item added)
    union = QRect()
    for widget in shown:
        union = union.united(QRect(widget.mapTo(content, widget.rect().topLeft()), widget.size()))
    if union.height() + 2 * MARGIN <= area.viewport().height():
        centre = union.center()
        area.ensureVisible(centre.x(), centre.y(), union.width() // 2 + MARGIN, union.height() // 2 + MARGIN)
    else:  # too tall together: the first one (what the person does next) wins
        area.ensureWidgetVisible(shown[0], MARGIN, MARGIN)


def bring_into_view(*widgets: QWidget, focus: QWidget | None = None) -> None:
    """Scroll the page so that ``widgets`` are in view (all of them if they fit), and give ``focus`` the focus.

    Done now and once more after the layout has settled (wrapped texts find their height a turn later).
    """
    if focus is not None and focus.isEnabled() and focus.isVisible():
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
    _scroll_now(widgets)
    QTimer.singleShot(0, lambda: _scroll_now(widgets))


def takes_tab(widget: QWidget) -> bool:
    return bool(
        widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusProxy() is None
    )


def first_control(root: QWidget) -> QWidget | None:
    """The first widget of ``root`` that Tab would stop on (in the focus chain's order)."""
    widget = root.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not root and seen < 5000:
        if root.isAncestorOf(widget) and takes_tab(widget):
            return widget
        widget = widget.nextInFocusChain()
        seen += 1
    return None


def focus_first_control(page: QWidget) -> None:
    """Focus the page's first control, unless the focus is already inside the page."""
    focused = QApplication.focusWidget()
    if focused is not None and page.isAncestorOf(focused):
        return
    first = first_control(page)
    if first is not None:
        first.setFocus(Qt.FocusReason.TabFocusReason)


def name_line_edit_buttons(root: QWidget, clear_text: str) -> None:
    """Name the clear button inside every line edit under ``root`` (Qt leaves it without a name)."""
    for edit in root.findChildren(QLineEdit):
        for action in edit.findChildren(QAction):
            if action.objectName() == "_q_qlineeditclearaction":
                action.setText(clear_text)
                action.setToolTip(clear_text)
        for child in edit.findChildren(QWidget):
            if type(child).__name__ in ("QLineEditIconButton", "QToolButton"):
                child.setAccessibleName(clear_text)


class _TabLeaves(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and isinstance(watched, QWidget):
            key = event.key()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and plain:
                forward = key == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                # QWidget's own step (a spin box's override steps through its sections first).
                QWidget.focusNextPrevChild(watched, forward)
                return True
        return False


_FILTER: _TabLeaves | None = None


def tab_leaves(*widgets: QAbstractSpinBox) -> None:
    """Tab and Shift+Tab go to the next and previous control, not to the next part of a date."""
    global _FILTER
    if _FILTER is None:
        _FILTER = _TabLeaves()
    for widget in widgets:
        widget.installEventFilter(_FILTER)
