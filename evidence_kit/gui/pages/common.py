"""Small building blocks shared by the accounts, payments, facts, report and dossier pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from evidence_kit.gui import external, style
from evidence_kit.gui.pages.base import card, wrapping_label  # noqa: F401 - re-exported for the pages
from evidence_kit.gui.session import Session
from evidence_kit.gui.workers import Writer  # noqa: F401 - re-exported for the pages
from evidence_kit.i18n import Translator, times

if TYPE_CHECKING:
    from evidence_kit.core.case import Case

DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm"


def form_layout() -> QFormLayout:
    """A label/field form: labels on the left, centred on their field's height, fields taking the width."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setHorizontalSpacing(style.SPACE * 2)
    form.setVerticalSpacing(style.SPACE)
    return form


def centre_form_labels(root: QWidget) -> None:
    """Centre each form label on its field's height (a form tops them on tall fields such as field + button).

    A label that may grow vertically gets the whole row's height, and a label centres its text.
    """
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel) and not label.wordWrap():
                policy = label.sizePolicy()
                policy.setVerticalPolicy(QSizePolicy.Policy.Expanding)
                label.setSizePolicy(policy)


def name(widget: QWidget, text: str, description: str = "") -> None:
    """Give a control its accessible name (what a screen reader says) and, if any, a longer description."""
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)


def button(object_name: str, role: str = "") -> QPushButton:
    widget = QPushButton()
    widget.setObjectName(object_name)
    if role:
        widget.setProperty("role", role)
    return widget


def line_edit(object_name: str) -> QLineEdit:
    widget = QLineEdit()
    widget.setObjectName(object_name)
    widget.setClearButtonEnabled(True)
    return widget


def date_time_edit(object_name: str) -> QDateTimeEdit:
    widget = QDateTimeEdit()
    widget.setObjectName(object_name)
    widget.setCalendarPopup(True)
    widget.setDisplayFormat(DATE_TIME_FORMAT)
    widget.setDateTime(QDateTime.currentDateTime())
    return widget


def iso_from_edit(edit: QDateTimeEdit) -> str:
    """The edit's local date and time as ISO 8601 with the computer's offset (what the core stores)."""
    value = edit.dateTime().toPython()
    assert isinstance(value, dt.datetime)
    return value.replace(second=0, microsecond=0).astimezone().isoformat()


def wall_time(text: str) -> dt.datetime | None:
    """The clock time a person reads for a stored date.

    A date the person entered keeps the offset it was entered with, and shows
    as entered; a UTC stamp ("Z", the computer's record) shows in local time.
    """
    moment = times.parse(text)
    if moment is None:
        return None
    if moment.utcoffset() == dt.timedelta(0) and text.strip().endswith(("Z", "+00:00")):
        moment = moment.astimezone()
    return moment.replace(tzinfo=None)


def set_edit_from_iso(edit: QDateTimeEdit, text: str) -> None:
    """Show a stored date as its wall time; an empty or unreadable one shows now."""
    moment = wall_time(text)
    edit.setDateTime(QDateTime(moment) if moment is not None else QDateTime.currentDateTime())


def short_date(t: Translator, text: str) -> str:
    """A stored date as a list shows it: "14/03/2026 21:05 UTC+01:00", through the one formatter (``i18n.times``).

    A date the person entered keeps the offset it was entered with; a UTC stamp shows in the computer's zone.
    """
    return times.short_time(t, text) if text else ""


def fill_combo(combo: QComboBox, entries: list[tuple[str, str]], keep: str | None = None) -> None:
    """Replace a combo's (data, text) entries, keeping the current choice when it is still there."""
    current = combo.currentData() if keep is None else keep
    combo.blockSignals(True)
    combo.clear()
    for data, text in entries:
        combo.addItem(text, data)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else (0 if combo.count() else -1))
    combo.blockSignals(False)


def select_data(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def open_link(url: str) -> bool:
    """Links open in the person's browser (never inside the program)."""
    return external.open_url(url)


def link_label(text: str, url: str) -> QLabel:
    """A keyboard-reachable link that opens in the browser."""
    label = QLabel(f'<a href="{_escape(url)}">{_escape(text)}</a>')
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    label.setOpenExternalLinks(False)
    label.linkActivated.connect(open_link)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    label.setAccessibleDescription(url)
    label.setToolTip(url)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def error_message(session: Session, exc: BaseException) -> str:
    """The sentence a person reads for an error (never a traceback)."""
    from evidence_kit.core.errors import EvidenceKitError

    if isinstance(exc, EvidenceKitError):
        return exc.message(session.translator)
    return session.t("error.generic")


def guarded(
    writer: Writer,
    status: QLabel,
    action: Callable[[Case], object],
    then: Callable[[Any], None] | None = None,
    queue: bool = False,
) -> bool:
    """Run a case write off the GUI thread; ``then(result)`` on success, the error's sentence in ``status``.

    False when nothing was started (a write of this page is still in flight, or no case is open);
    with ``queue`` it runs after the page's write in flight instead.
    """

    def failed(exc: BaseException) -> None:
        style.set_role(status, "error")
        status.setText(error_message(writer.session, exc))

    def done(result: object) -> None:
        style.set_role(status, "muted")
        if then is not None:
            then(result)

    return writer.run(action, done, failed, queue)


def update_profile(case: Case, **changes: Any) -> object:
    """Change some fields of the case's profile, read and written under one lock (no other change lost)."""
    with case.transaction():
        return case.save_profile(replace(case.profile, **changes))


def checkbox(object_name: str) -> QCheckBox:
    widget = QCheckBox()
    widget.setObjectName(object_name)
    return widget
