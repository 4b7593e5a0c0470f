"""The "Receive from my phone" panel: a QR code, the address, three steps, the files as they arrive, Stop.

The receiver runs only while this panel is open (and at most 30 minutes):
it starts when the panel is shown and stops when it is closed, when Stop is
pressed, or when the case is locked.  Files go straight into the vault through
the core; the panel only shows what the receiver reports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.gui import style
from evidence_kit.gui.session import Session
from evidence_kit.receiver.limits import ReceiverLimits
from evidence_kit.receiver.server import FileEvent, FileState, PhoneReceiver, StopReason

COLUMNS = ("name", "size", "progress", "sha256", "item")


class _Bridge(QObject):
    """Carries the receiver's reports from its threads to the GUI thread (queued signals)."""

    event = Signal(object)
    stopped = Signal(object)


def qr_pixmap(text: str, scale: int = 6) -> QPixmap:
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=4)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def local_time_with_offset(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp).astimezone()
    offset = moment.strftime("%z")
    return f"{moment:%H:%M} (UTC{offset[:3]}:{offset[3:]})"


class PhoneReceiverPanel(QDialog):
    """Open it with ``PhoneReceiverPanel(session, parent).exec()`` (or ``.open()``) while a case is open.

    ``bind`` is for tests (``"127.0.0.1"``); by default the receiver takes this
    computer's private LAN address, or the panel explains why it cannot.
    """

    item_stored = Signal(str)  # item id, also told to the pages through session.notify("item")

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        bind: str | None = None,
        limits: ReceiverLimits | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("phone_receiver_panel")
        self.session = session
        self.receiver: PhoneReceiver | None = None
        self._bind = bind
        self._limits = limits or ReceiverLimits()
        self._rows: dict[str, int] = {}
        self._bridge = _Bridge()
        self._bridge.event.connect(self._on_event)
        self._bridge.stopped.connect(self._on_stopped)
        self._build()
        self.retranslate()
        session.case_closed.connect(self.close)
        session.language_changed.connect(self.retranslate)

    # --- layout -----------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.qr = QLabel()
        self.qr.setObjectName("receiver_qr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(220, 220)
        steps = QVBoxLayout()
        self.steps = [QLabel() for _ in range(3)]
        for label in self.steps:
            label.setWordWrap(True)
            steps.addWidget(label)
        self.address_intro = QLabel()
        self.address_intro.setWordWrap(True)
        self.address = QLabel()
        self.address.setObjectName("receiver_address")
        self.address.setFont(style.monospace_font())
        self.address.setWordWrap(True)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.until = QLabel()
        self.until.setProperty("role", "muted")
        self.status = QLabel()
        self.status.setObjectName("receiver_status")
        self.status.setWordWrap(True)
        for widget in (self.address_intro, self.address, self.until, self.status):
            steps.addWidget(widget)
        steps.addStretch(1)
        top.addWidget(self.qr)
        top.addLayout(steps, 1)
        layout.addLayout(top)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("receiver_files")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long name or hash keeps both ends
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(2, 170)
        layout.addWidget(self.table, 1)

        self.help_title = QLabel()
        self.help_title.setProperty("role", "muted")
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setProperty("role", "muted")
        layout.addWidget(self.help_title)
        layout.addWidget(self.help)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("receiver_stop")
        self.stop_button.clicked.connect(self.stop)
        buttons.addWidget(self.stop_button)
        layout.addLayout(buttons)
        self.resize(760, 560)

    def retranslate(self) -> None:
        t = self.session.t
        self.setWindowTitle(t("receiver.panel.open"))
        for label, key in zip(self.steps, ("step_wifi", "step_scan", "step_pick"), strict=True):
            label.setText(t(f"receiver.panel.{key}"))
        self.address_intro.setText(t("receiver.panel.address"))
        self.table.setHorizontalHeaderLabels([t(f"receiver.panel.col_{c}") for c in COLUMNS])
        self.help_title.setText(t("receiver.panel.cannot_reach_title"))
        self.help.setText(t("receiver.panel.cannot_reach"))
        self.stop_button.setText(t("receiver.panel.stop"))
        self.stop_button.setAccessibleName(t("receiver.panel.stop"))
        if self.receiver is not None and not self.receiver.stopped:
            self.until.setText(t("receiver.panel.until", time=local_time_with_offset(self.receiver.deadline)))

    # --- lifecycle --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's naming
        super().showEvent(event)
        if self.receiver is None:
            self.start()

    def start(self) -> None:
        from evidence_kit.core.errors import EvidenceKitError
        from evidence_kit.receiver.network import checked_bind_address

        case = self.session.case
        if case is None:
            self._show_problem(self.session.t("error.case_locked"))
            return
        try:
            bind = checked_bind_address(self._bind)
            receiver = PhoneReceiver(
                case,
                bind=bind,
                limits=self._limits,
                on_event=self._bridge.event.emit,
                on_stop=self._bridge.stopped.emit,
                register=self.session.translator.register,
            )
            url = receiver.start()
        except EvidenceKitError as exc:
            self._show_problem(exc.message(self.session.translator))
            return
        except OSError:  # the port or address was refused by the system
            self._show_problem(self.session.t("receiver.error.cannot_listen", address=self._bind or "-", port=0))
            return
        self.receiver = receiver
        self.qr.setPixmap(qr_pixmap(url))
        self.qr.setAccessibleName(self.session.t("receiver.panel.step_scan"))
        self.address.setText(url)
        self.retranslate()

    def _show_problem(self, text: str) -> None:
        style.set_role(self.status, "error")
        self.status.setText(text)
        self.qr.clear()
        self.address.clear()
        self.stop_button.setEnabled(False)

    def stop(self) -> None:
        if self.receiver is not None:
            self.receiver.stop()

    def done(self, result: int) -> None:
        self.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.stop()
        super().closeEvent(event)

    def _on_stopped(self, _reason: StopReason) -> None:
        self.qr.clear()
        self.address.clear()
        self.until.clear()
        style.set_role(self.status, "muted")
        self.status.setText(self.session.t("receiver.panel.stopped"))
        self.stop_button.setEnabled(False)

    # --- the files --------------------------------------------------------------------

    def _row(self, event: FileEvent) -> int:
        row = self._rows.get(event.file_id)
        if row is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self._rows[event.file_id] = row
            self.table.setItem(row, 0, QTableWidgetItem(event.name))
            self.table.setItem(row, 1, QTableWidgetItem(self._size(event.size)))
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setAccessibleName(event.name)
            self.table.setCellWidget(row, 2, bar)
            for column in (3, 4):
                self.table.setItem(row, column, QTableWidgetItem(""))
        return row

    def _size(self, size: int) -> str:
        number = f"{size / (1 << 20):.1f}"
        if self.session.translator.lang == "fr":
            number = number.replace(".", ",")  # French decimal comma
        return self.session.t("receiver.panel.size", mib=number)

    def _on_event(self, event: FileEvent) -> None:
        row = self._row(event)
        bar = self.table.cellWidget(row, 2)
        assert isinstance(bar, QProgressBar)
        if event.state in (FileState.STARTED, FileState.RECEIVING):
            bar.setValue(int(1000 * event.received / max(1, event.size)))
        elif event.state == FileState.STORED:
            bar.setValue(1000)
            bar.setFormat(
                self.session.t("receiver.panel.state_duplicate" if event.duplicate else "receiver.panel.state_stored")
            )
            sha = self.table.item(row, 3)
            sha.setText(event.sha256)
            sha.setToolTip(event.sha256)
            sha.setFont(style.monospace_font())
            self.table.item(row, 4).setText(event.item_id)
            self.item_stored.emit(event.item_id)
            self.session.notify("item")
        elif event.state == FileState.FAILED:
            bar.setValue(0)
            reason = event.error.message(self.session.translator) if event.error else self.session.t("error.generic")
            bar.setFormat(reason)
            bar.setToolTip(reason)
            self.table.item(row, 0).setToolTip(reason)

    # for tests and the lead's page: the rows as plain values
    def rows(self) -> list[dict[str, Any]]:
        out = []
        for row in range(self.table.rowCount()):
            bar = self.table.cellWidget(row, 2)
            out.append(
                {
                    "name": self.table.item(row, 0).text(),
                    "size": self.table.item(row, 1).text(),
                    "progress": bar.value() if isinstance(bar, QProgressBar) else 0,
                    "sha256": self.table.item(row, 3).text(),
                    "item": self.table.item(row, 4).text(),
                }
            )
        return out
