"""The contract every wizard page follows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from evidence_kit.gui import deferred, style
from evidence_kit.gui.session import Session


def card(role: str = "card") -> tuple[QFrame, QVBoxLayout]:
    """A framed box with the sheet's card (or warning) look; every page builds its sections from these."""
    frame = QFrame()
    frame.setProperty("role", role)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(style.SPACE * 2, style.SPACE * 2, style.SPACE * 2, style.SPACE * 2)
    layout.setSpacing(style.SPACE)
    return frame, layout


def wrapping_label(role: str = "", selectable: bool = True, defer: bool = False) -> QLabel:
    """A label that wraps its text; selectable so a person can copy it (``defer``: made selectable after the
    first paint, for the page shown at start-up, where it costs time)."""
    label = QLabel()
    label.setWordWrap(True)
    if selectable:
        if defer:
            deferred.later(lambda: _selectable(label))
        else:
            _selectable(label)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if role:
        label.setProperty("role", role)
    return label


def _selectable(label: QLabel) -> None:
    from PySide6.QtCore import Qt  # Qt's large enum namespace: not needed before the first paint

    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


class Page(QWidget):
    """A step of the wizard.

    ``step_id`` names the step (welcome, case, capture, accounts, payments,
    facts, report, dossier); ``title_key`` is its catalog key in the step list.
    A page builds its widgets in ``__init__``, sets every visible text in
    ``retranslate()`` (called again when the language or the register changes),
    and reloads from ``session.case`` in ``refresh()`` (called when the page is
    shown and when the case changes).  ``is_done()`` drives the step list.
    A page asks the window to show another step by emitting ``request_step``
    with the step's id (e.g. the welcome page's "Start" button → "case").
    """

    request_step = Signal(str)

    step_id = ""
    title_key = ""
    needs_case = True

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(f"page_{self.step_id}")

    def t(self, key: str, n: int | float | None = None, **params: object) -> str:
        return self.session.t(key, n, **params)

    def retranslate(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload from the case; the default does nothing."""

    def is_done(self) -> bool:
        return False
