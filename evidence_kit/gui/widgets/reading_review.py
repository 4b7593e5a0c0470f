"""The item panel's "Text read from this picture": the text, and what was found in it for the person to decide.

Nothing read from a picture is a fact by itself: each identifier (with its
checksum, or the correction that made it pass, said plainly with what was
read) and each flagged passage is a line the person ticks, then adds to the
case or drops (``ocr.review`` writes them, in a background task under the
session's write lock). The proposal list has the look of the chat review's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.gui import style
from evidence_kit.gui.pages.welcome import wrapping_label
from evidence_kit.gui.session import Session
from evidence_kit.gui.widgets.unlock_dialog import error_text
from evidence_kit.gui.workers import Task

PREVIEW_CHARS = 160
MAX_LINES = 14  # the proposal list's height, in lines, at most
TEXT_LINES = 6  # the text box's height, in lines of its small type
COLUMNS = ("kind", "value")  # the chat review's headings (gui.chat.col.*); the details are a line under each
IDENTIFIER, FLAG = "identifier", "flag"


class ReadingSection(QWidget):
    """One item's reading and its proposals; follows the runner (waiting, being read, stopped, failed)."""

    def __init__(self, session: Session, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = runner
        self.item: Any = None
        self.reading: Any = None
        self.task: Task | None = None
        self.setObjectName("reading_section")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, style.SPACE, 0, 0)
        layout.setSpacing(style.SPACE // 2)
        # Short lines are plain labels: a wrapping label asks the scrolling page for its height at the narrowest width.
        self.title = _label("subtitle")
        self.caption = _label("muted")
        self.caption.setObjectName("reading_caption")
        self.state = wrapping_label()
        self.state.setObjectName("reading_state")
        self.read_button = QPushButton()
        self.read_button.setObjectName("read_now")
        self.read_button.clicked.connect(self._read_now)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state, 1)
        state_row.addWidget(self.read_button)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reading_text")
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        small = QFont(QGuiApplication.font())
        small.setPointSizeF(style.base_point_size() * 0.9)
        self.text.setFont(small)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * TEXT_LINES + style.SPACE * 2)
        self.provenance = _label("muted")
        self.provenance.setObjectName("reading_provenance")
        self.intro = wrapping_label()
        self.proposals = _tree("reading_proposals")
        self.proposals.itemChanged.connect(lambda *_: self._update_buttons())
        self.rejected = wrapping_label("muted")
        self.rejected.setObjectName("reading_rejected")
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("reading_accept")
        self.accept_button.setProperty("role", "primary")
        self.accept_button.clicked.connect(lambda: self.decide(accept=True))
        self.dismiss_button = QPushButton()
        self.dismiss_button.setObjectName("reading_dismiss")
        self.dismiss_button.clicked.connect(lambda: self.decide(accept=False))
        self.result = wrapping_label()
        self.result.setObjectName("reading_result")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.result, 1)
        self.progress = QProgressBar()
        self.progress.setObjectName("reading_progress")
        self.progress.setMaximumHeight(style.SPACE * 2)
        self.progress.setTextVisible(False)
        self.progress_label = _label("muted")
        self.progress_label.setObjectName("reading_progress_label")
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("reading_stop")
        self.stop_button.clicked.connect(runner.stop)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label, 1)
        progress_row.addWidget(self.progress)
        progress_row.addWidget(self.stop_button)
        self.progress_box = QWidget()
        self.progress_box.setLayout(progress_row)
        progress_row.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.caption)
        layout.addLayout(state_row)
        layout.addWidget(self.text)
        layout.addWidget(self.provenance)
        layout.addWidget(self.intro)
        layout.addWidget(self.proposals)
        layout.addLayout(buttons)
        layout.addWidget(self.rejected)
        layout.addWidget(self.progress_box)
        runner.changed.connect(self._runner_changed)
        runner.item_read.connect(self._item_read)
        self.retranslate()
        self.show_item(None)

    def t(self, key: str, n: int | float | None = None, **params: object) -> str:
        return self.session.t(key, n, **params)

    # --- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.t
        self.title.setText(t("gui.ocr.title"))
        self.caption.setText(t("gui.ocr.caption"))
        self.intro.setText(t("gui.ocr.intro"))
        self.text.setAccessibleName(t("gui.ocr.title"))
        self.proposals.setAccessibleName(t("gui.ocr.proposals_a11y"))
        self.proposals.setHeaderLabels([t(f"gui.chat.col.{key}") for key in COLUMNS])
        for button, key in (
            (self.read_button, "gui.ocr.read_now"),
            (self.accept_button, "gui.ocr.accept"),
            (self.dismiss_button, "gui.ocr.dismiss"),
            (self.stop_button, "gui.ocr.stop"),
        ):
            button.setText(t(key))
            button.setAccessibleName(t(key))
        self.progress.setAccessibleName(t("gui.ocr.progress_a11y"))
        self.show_item(self.item)
        self._runner_changed()

    # --- one item ---------------------------------------------------------------------

    def show_item(self, item: Any) -> None:
        """Show ``item``'s reading (or why there is none); None hides the section."""
        changed = item is None or self.item is None or item.id != self.item.id
        self.item = item
        self.setVisible(item is not None)
        if changed:
            self.result.clear()
        if item is None:
            return
        case = self.session.case
        from evidence_kit.ocr.reading import refusal

        reason = refusal(item, case)
        self.reading = (
            None if reason or case is None else _preferred(_readings_of(case, item.id), self.runner.engine_name)
        )
        has_reading = self.reading is not None
        for widget in (self.caption, self.text, self.provenance):
            widget.setVisible(has_reading)
        self.state.setText(self._state_text(item, reason))
        self.state.setVisible(not has_reading or bool(self.state.text()))
        self.read_button.setVisible(
            not reason and not has_reading and self.runner.state(item.id) in ("stopped", "failed")
        )
        if has_reading:
            self.text.setPlainText(self.reading.text)
            self.provenance.setText(
                self.t("gui.ocr.read_by", engine=self.reading.engine_version, time=_local(self.reading.read_at))
            )
        else:
            self.text.clear()
        self._fill_proposals()

    def _state_text(self, item: Any, reason: str) -> str:
        if reason:
            return self.t(reason, item=item.id)
        if self.reading is not None:
            return "" if self.reading.text else self.t("gui.ocr.no_text")
        self.runner.prefer(item.id)
        state = self.runner.state(item.id)
        if state == "failed" or self.runner.unavailable:
            return self.t("gui.ocr.failed", reason=self.runner.error(item.id))
        return self.t({"reading": "gui.ocr.reading", "stopped": "gui.ocr.stopped"}.get(state, "gui.ocr.waiting"))

    def _fill_proposals(self) -> None:
        self.proposals.blockSignals(True)
        self.proposals.clear()
        reading = self.reading
        rows = []
        if reading is not None:
            rows = [self._identifier_row(n, found) for n, found in enumerate(reading.identifiers)]
            rows += [self._flag_row(n, flag) for n, flag in enumerate(reading.flags)]
        for row in rows:
            self.proposals.addTopLevelItem(row)
            row.child(0).setFirstColumnSpanned(True)
            row.setExpanded(True)
        self.proposals.blockSignals(False)
        any_rows = bool(rows)
        for widget in (self.intro, self.proposals, self.accept_button, self.dismiss_button):
            widget.setVisible(any_rows)
        if any_rows:  # every line in view, up to a screenful: the page scrolls, not the list
            line = max(self.proposals.fontMetrics().height(), self.proposals.iconSize().height()) + 2
            lines = min(2 * len(rows), MAX_LINES)
            self.proposals.setFixedHeight(line * (lines + 1) + style.SPACE * 2)
        rejected = reading.rejected if reading is not None else []
        self.rejected.setText(
            "\n".join(
                self.t(f"ocr.cli.rejected_{r.reason}", kind=self.t("chat.kind." + r.kind.value), value=r.read_as)
                for r in rejected
            )
        )
        self.rejected.setVisible(bool(rejected))
        self._update_buttons()

    def _identifier_row(self, index: int, found: Any) -> QTreeWidgetItem:
        from evidence_kit.chat.identifiers import payment_method_of

        becomes = "gui.chat.as_payment" if payment_method_of(found.kind) is not None else "gui.chat.as_account"
        # First what matters most when the line is cut short: a correction and what the picture reads.
        details = [self.t("gui.ocr.repaired", read_as=found.read_as)] if found.repaired else []
        details += [d for d in (found.network, found.platform) if d]
        if found.checked and not found.repaired:
            details.append(self.t("gui.chat.checked"))
        details.append(self.t("gui.ocr.becomes", what=self.t(becomes)))
        row = QTreeWidgetItem([self.t(f"chat.kind.{found.kind.value}"), found.value])
        return self._decidable(row, (IDENTIFIER, index), found, details)

    def _flag_row(self, index: int, flag: Any) -> QTreeWidgetItem:
        kinds = ", ".join(self.t(f"chat.flag.{k.value}") for k in flag.kinds)
        flat = " ".join(flag.text.split())
        shown = flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"
        row = QTreeWidgetItem([kinds, shown])
        row.setToolTip(0, kinds)
        row.setToolTip(1, flag.text)
        details = [" ".join(a) for a in flag.amounts]
        details.append(self.t("gui.ocr.becomes", what=self.t("gui.ocr.as_event")))
        return self._decidable(row, (FLAG, index), flag, details)

    def _decidable(
        self, row: QTreeWidgetItem, key: tuple[str, int], proposal: Any, details: list[str]
    ) -> QTreeWidgetItem:
        """A pending proposal gets a box to tick (unticked: nothing is taken for granted); a decided one says what.

        What it would become, and how it was checked or corrected, is a line under it across the list.
        """
        from evidence_kit.ocr.proposals import ProposalStatus

        row.setData(0, Qt.ItemDataRole.UserRole, key)
        status = proposal.status
        if status == ProposalStatus.PROPOSED:
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(0, Qt.CheckState.Unchecked)
        else:
            row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            record = getattr(proposal, "record_id", "") or getattr(proposal, "event_id", "")
            done = self.t("gui.ocr.accepted", record=record) if status == ProposalStatus.ACCEPTED else ""
            details = [done or self.t("gui.ocr.dismissed"), *details[:-1]]
            for column in range(len(COLUMNS)):
                row.setForeground(column, self.palette().placeholderText())
        line = QTreeWidgetItem([" · ".join(details)])
        line.setFlags(Qt.ItemFlag.ItemIsEnabled)
        line.setForeground(0, self.palette().placeholderText())
        line.setToolTip(0, line.text(0))
        row.addChild(line)
        return row

    def ticked(self) -> dict[str, list[int]]:
        """The ticked proposals, by kind and position in the reading."""
        chosen: dict[str, list[int]] = {IDENTIFIER: [], FLAG: []}
        for n in range(self.proposals.topLevelItemCount()):
            row = self.proposals.topLevelItem(n)
            if row.flags() & Qt.ItemFlag.ItemIsUserCheckable and row.checkState(0) == Qt.CheckState.Checked:
                kind, index = row.data(0, Qt.ItemDataRole.UserRole)
                chosen[kind].append(int(index))
        return chosen

    def details(self, value: str) -> str:
        """The line under the proposal whose value column reads ``value`` ("" when none)."""
        for n in range(self.proposals.topLevelItemCount()):
            row = self.proposals.topLevelItem(n)
            if row.text(1) == value:
                return row.child(0).text(0)
        return ""

    def tick(self, value: str, on: bool = True) -> bool:
        """Tick the proposal whose value column reads ``value`` (tests and keyboard-free use); False if none."""
        for n in range(self.proposals.topLevelItemCount()):
            row = self.proposals.topLevelItem(n)
            if row.text(1) == value and row.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                row.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return True
        return False

    def _update_buttons(self) -> None:
        chosen = self.ticked()
        some = bool(chosen[IDENTIFIER] or chosen[FLAG]) and self.task is None
        self.accept_button.setEnabled(some)
        self.dismiss_button.setEnabled(some)

    # --- decisions ----------------------------------------------------------------------

    def decide(self, accept: bool) -> None:
        """Add the ticked proposals to the case (accounts, payments, events linked to the picture) or drop them."""
        case = self.session.case
        if case is None or self.reading is None or self.task is not None:
            return
        chosen = self.ticked()
        if not (chosen[IDENTIFIER] or chosen[FLAG]):
            return
        item_id, engine = self.reading.item_id, self.reading.engine

        def run(_progress: Any, _cancelled: Any) -> int:
            with case.transaction():
                return apply_decision(case, item_id, engine, chosen, accept)

        task = Task(run, owner=self.session)
        task.succeeded.connect(lambda n: self._decided(accept, int(n), len(chosen[IDENTIFIER]) + len(chosen[FLAG])))
        task.failed.connect(self._decision_failed)
        task.finished.connect(self._decision_finished)
        self.task = task
        self.accept_button.setEnabled(False)
        self.dismiss_button.setEnabled(False)
        task.start()

    def _decided(self, accepted: bool, written: int, chosen: int) -> None:
        style.set_role(self.result, "")
        self.result.setText(self.t("gui.ocr.recorded", n=written) if accepted else self.t("gui.ocr.dropped", n=chosen))
        if accepted:
            for what in ("account", "payment", "event", "item"):
                self.session.notify(what)

    def _decision_failed(self, exc: BaseException) -> None:
        style.set_role(self.result, "error")
        self.result.setText(error_text(self.session, exc))

    def _decision_finished(self) -> None:
        self.task = None
        if self.session.case is not None and self.item is not None:
            item = self.session.case.items.get(self.item.id)
            self.show_item(item)

    # --- the runner -------------------------------------------------------------------------

    def _read_now(self) -> None:
        if self.item is not None:
            self.runner.read_now([self.item.id])

    def _item_read(self, item_id: str) -> None:
        if self.item is not None and item_id == self.item.id and self.session.case is not None:
            self.show_item(self.session.case.items.get(item_id))

    def _runner_changed(self) -> None:
        runner = self.runner
        busy = runner.busy
        self.progress_box.setVisible(busy)
        if busy:
            self.progress.setRange(0, runner.total if runner.total > 1 else 0)  # one picture: just "working"
            self.progress.setValue(runner.done)
            self.progress_label.setText(
                self.t("gui.ocr.progress", done=runner.done + 1, total=max(runner.total, runner.done + 1))
            )
        if self.item is not None and self.reading is None and self.session.case is not None:
            self.show_item(self.session.case.items.get(self.item.id))


# --- worker side: no widgets -----------------------------------------------------------------


def apply_decision(case: Any, item_id: str, engine: str, chosen: dict[str, list[int]], accept: bool) -> int:
    """Record (or drop) the chosen proposals of one reading; returns how many records were written."""
    from evidence_kit.ocr import review

    written = 0
    if accept:
        if chosen[IDENTIFIER]:
            written += len(review.accept_identifiers(case, item_id, engine, chosen[IDENTIFIER]))
        if chosen[FLAG]:
            written += len(review.confirm_flags(case, item_id, engine, chosen[FLAG]))
    else:
        if chosen[IDENTIFIER]:
            review.dismiss_identifiers(case, item_id, engine, chosen[IDENTIFIER])
        if chosen[FLAG]:
            review.dismiss_flags(case, item_id, engine, chosen[FLAG])
    return written


# --- small helpers ---------------------------------------------------------------------------


def _label(role: str) -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _tree(name: str) -> QTreeWidget:
    """A list of proposals, one tickable line each, as in the chat review."""
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setColumnCount(len(COLUMNS))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tree.setItemsExpandable(False)
    tree.setIndentation(0)
    header = tree.header()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _readings_of(case: Any, item_id: str) -> list[Any]:
    """The item's readings, found by their record ids (``item:engine``) without decoding the others."""
    from evidence_kit.core.model import from_dict
    from evidence_kit.ocr.reading import Reading

    records = case.extra.get("ocr", {})
    prefix = item_id + ":"
    return [
        from_dict(Reading, {k: v for k, v in records[key].items() if not k.startswith("_")})
        for key in sorted(records)
        if key.startswith(prefix)
    ]


def _preferred(found: list[Any], engine: str) -> Any:
    """The reading by the runner's engine when there is one, else the first kept."""
    for reading in found:
        if reading.engine == engine:
            return reading
    return found[0] if found else None


def _local(utc_text: str) -> str:
    """A UTC time as this computer's local time, with its offset."""
    moment = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    return moment.astimezone().isoformat(sep=" ", timespec="minutes")
