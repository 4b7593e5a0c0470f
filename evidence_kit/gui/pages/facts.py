"""Step 6: the dated events of the timeline, tagged with the stages of the scheme, and the account of the facts."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.core.facts import draft_facts
from evidence_kit.core.model import AccountOwner, Stage, TimelineEvent
from evidence_kit.gui import style
from evidence_kit.gui.pages import guide
from evidence_kit.gui.pages.base import Page
from evidence_kit.gui.pages.common import (
    Writer,
    button,
    card,
    date_time_edit,
    fill_combo,
    form_layout,
    guarded,
    iso_from_edit,
    name,
    select_data,
    set_edit_from_iso,
    update_profile,
    wrapping_label,
)
from evidence_kit.gui.session import Session
from evidence_kit.i18n import times

COLUMNS = ("date", "stage", "description")


class FactsPage(Page):
    step_id = "facts"
    title_key = "gui.step.facts"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.writer = Writer(session, self)
        self.current_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE * 2)
        self.lead = wrapping_label("lead")
        layout.addWidget(self.lead)
        layout.addWidget(self._build_timeline())
        layout.addWidget(self._build_facts())
        layout.addStretch(1)
        self.session.case_opened.connect(self.refresh)
        self.retranslate()

    # --- layout -------------------------------------------------------------------

    def _build_timeline(self) -> QWidget:
        frame, inner = card()
        self.timeline_title = wrapping_label("subtitle")
        self.timeline_hint = wrapping_label("muted")
        inner.addWidget(self.timeline_title)
        inner.addWidget(self.timeline_hint)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("timeline_table")
        self.table.setTabKeyNavigation(False)  # arrows move inside the table; Tab goes to the next control
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(120)
        self.table.setMaximumHeight(200)
        self.table.itemSelectionChanged.connect(self._row_chosen)
        inner.addWidget(self.table)

        form = form_layout()
        form.setHorizontalSpacing(style.SPACE * 2)
        form.setVerticalSpacing(style.SPACE)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.date = date_time_edit("event_date")
        self.stage = QComboBox()
        self.stage.setObjectName("event_stage")
        self.stage_hint = wrapping_label("muted")
        self.description = QPlainTextEdit()
        self.description.setObjectName("event_description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(64)
        self.account = QComboBox()
        self.account.setObjectName("event_account")
        self.labels: dict[str, QLabel] = {}
        for key, widget in (
            ("date", self.date),
            ("stage", self.stage),
            ("stage_hint", self.stage_hint),
            ("description", self.description),
            ("account", self.account),
        ):
            label = QLabel()
            label.setBuddy(widget)
            self.labels[key] = label
            form.addRow(label, widget)
        inner.addLayout(form)
        buttons = QHBoxLayout()
        self.new_button = button("new_event")
        self.save_button = button("save_event", "primary")
        self.delete_button = button("delete_event")
        self.event_message = wrapping_label()
        self.event_message.setObjectName("event_message")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.event_message, 1)
        inner.addLayout(buttons)
        self.new_button.clicked.connect(self.new_event)
        self.save_button.clicked.connect(self.save_event)
        self.delete_button.clicked.connect(self.delete_event)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        return frame

    def _build_facts(self) -> QWidget:
        frame, inner = card()
        self.facts_title = wrapping_label("subtitle")
        self.facts_hint = wrapping_label("muted")
        inner.addWidget(self.facts_title)
        inner.addWidget(self.facts_hint)
        self.facts_edit = QPlainTextEdit()
        self.facts_edit.setObjectName("facts_text")
        self.facts_edit.setTabChangesFocus(True)
        self.facts_edit.setMinimumHeight(280)
        self.facts_edit.textChanged.connect(self._facts_typed)
        inner.addWidget(self.facts_edit)

        # Asked inline rather than in a dialog, so nothing pops up over the person's text.
        self.confirm, confirm_layout = card("warning")
        self.confirm.setObjectName("redraft_confirm")
        self.confirm_text = wrapping_label()
        confirm_buttons = QHBoxLayout()
        self.confirm_replace = button("redraft_replace")
        self.confirm_keep = button("redraft_keep", "primary")
        confirm_buttons.addWidget(self.confirm_keep)
        confirm_buttons.addWidget(self.confirm_replace)
        confirm_buttons.addStretch(1)
        confirm_layout.addWidget(self.confirm_text)
        confirm_layout.addLayout(confirm_buttons)
        self.confirm.setVisible(False)
        inner.addWidget(self.confirm)

        buttons = QHBoxLayout()
        self.save_facts_button = button("save_facts", "primary")
        self.draft_button = button("draft_facts")
        self.facts_message = wrapping_label()
        self.facts_message.setObjectName("facts_message")
        buttons.addWidget(self.save_facts_button)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.facts_message, 1)
        inner.addLayout(buttons)
        self.save_facts_button.clicked.connect(self.save_facts)
        self.draft_button.clicked.connect(self.request_draft)
        self.confirm_replace.clicked.connect(self._confirm_replace)
        self.confirm_keep.clicked.connect(self._confirm_keep)
        return frame

    def retranslate(self) -> None:
        t = self.t
        self.lead.setText(t("pages.facts.lead"))
        self.timeline_title.setText(t("pages.facts.timeline_title"))
        self.timeline_hint.setText(t("pages.facts.timeline_hint"))
        self.table.setHorizontalHeaderLabels([t(f"pages.facts.col.{c}") for c in COLUMNS])
        name(self.table, t("pages.facts.timeline_title"))
        for key, label in self.labels.items():
            label.setText("" if key == "stage_hint" else t(f"pages.facts.field.{key}"))
        for key, widget in (
            ("date", self.date),
            ("stage", self.stage),
            ("description", self.description),
            ("account", self.account),
        ):
            name(widget, t(f"pages.facts.field.{key}"))
        self.description.setPlaceholderText(t("pages.facts.placeholder.description"))
        fill_combo(self.stage, [(s.value, t(f"pages.stage.{s.value}")) for s in Stage])
        for widget, key in (
            (self.new_button, "pages.facts.new_event"),
            (self.save_button, "pages.facts.save_event"),
            (self.delete_button, "pages.facts.delete_event"),
            (self.save_facts_button, "pages.facts.save_facts"),
            (self.draft_button, "pages.facts.draft"),
            (self.confirm_replace, "pages.facts.confirm_replace"),
            (self.confirm_keep, "pages.facts.confirm_keep"),
        ):
            widget.setText(t(key))
            name(widget, t(key))
        self.facts_title.setText(t("pages.facts.facts_title"))
        self.facts_hint.setText(t("pages.facts.facts_hint"))
        name(self.facts_edit, t("pages.facts.facts_title"), t("pages.facts.facts_hint"))
        self.confirm_text.setText(t("pages.facts.confirm_text"))
        self._stage_changed()
        self.refresh()

    # --- timeline -----------------------------------------------------------------

    def _events(self) -> list[TimelineEvent]:
        case = self.session.case
        if case is None:
            return []
        return sorted(case.events.values(), key=lambda e: (_instant(e.date), e.id))

    def refresh(self) -> None:
        case = self.session.case
        t = self.session.translator
        events = self._events()
        self.table.blockSignals(True)
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            for column, text in enumerate(
                (times.short_time(t, event.date), t(f"pages.stage.{event.stage.value}"), event.description)
            ):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, event.id)
                self.table.setItem(row, column, cell)
            if event.id == self.current_id:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self.table.setVisible(bool(events))
        if case is None or (self.current_id and self.current_id not in case.events):
            self.current_id = None
        entries = [("", t("pages.facts.no_account"))]
        if case is not None:
            entries += [(a.id, a.label(t)) for a in case.accounts.values() if a.owner == AccountOwner.SCAMMER]
        fill_combo(self.account, entries)
        self._show_event(self.current_id)
        self._load_facts()

    def _row_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            cell = self.table.item(rows[0].row(), 0)
            if cell is not None:
                self._show_event(cell.data(Qt.ItemDataRole.UserRole))

    def new_event(self) -> None:
        self.table.clearSelection()
        self._show_event(None)
        self.date.setFocus()

    def _show_event(self, event_id: str | None) -> None:
        case = self.session.case
        self.current_id = event_id
        event = case.events.get(event_id or "") if case is not None else None
        event = event or TimelineEvent(id="", date="")
        set_edit_from_iso(self.date, event.date)
        select_data(self.stage, event.stage.value)
        self.description.setPlainText(event.description)
        select_data(self.account, event.account_id)
        self.delete_button.setEnabled(bool(event.id))
        self.event_message.clear()

    def _stage_changed(self) -> None:
        stage = self.stage.currentData() or Stage.OTHER.value
        self.stage_hint.setText(self.t(f"pages.stage_hint.{stage}"))

    def save_event(self) -> None:
        case = self.session.case
        if case is None:
            return
        base = case.events.get(self.current_id or "") or TimelineEvent(id="", date="")
        event = replace(
            base,
            date=iso_from_edit(self.date),
            stage=Stage(self.stage.currentData()),
            description=self.description.toPlainText().strip(),
            account_id=str(self.account.currentData() or ""),
        )

        def saved(result: TimelineEvent) -> None:
            self.current_id = result.id
            self.session.notify("event")
            self.refresh()
            self.event_message.setText(self.t("pages.facts.saved"))

        guarded(self.writer, self.event_message, lambda c: c.save_event(event), saved)

    def delete_event(self) -> None:
        case = self.session.case
        if case is None or not self.current_id:
            return
        event_id = self.current_id

        def deleted(_result: object) -> None:
            self.current_id = None
            self.session.notify("event")
            self.refresh()

        guarded(self.writer, self.event_message, lambda c: c.delete_record("event", event_id), deleted)

    # --- account of the facts ------------------------------------------------------

    def _load_facts(self, force: bool = False) -> None:
        case = self.session.case
        if getattr(self, "_unsaved", False) and case is not None and not force:
            return  # the person's typing wins over a reload; it is saved when they leave the page
        self._loading_facts = True
        self.facts_edit.setPlainText(case.profile.facts if case is not None else "")
        self._loading_facts = False
        self._unsaved = False
        self.confirm.setVisible(False)
        self.facts_edit.setEnabled(case is not None)

    def _facts_typed(self) -> None:
        if not getattr(self, "_loading_facts", False):
            self._unsaved = True
            self.facts_message.clear()

    def draft(self) -> str:
        case = self.session.case
        assert case is not None
        translator = self.session.translator
        return draft_facts(case, translator, lambda pid, other: guide.platform_name(pid, translator, other))

    def request_draft(self) -> None:
        """Draft the text from the data; if the person wrote their own, ask before replacing it."""
        case = self.session.case
        if case is None:
            return
        edited = case.profile.facts_edited or (self._unsaved and self.facts_edit.toPlainText().strip())
        if edited and self.facts_edit.toPlainText().strip():
            self.confirm.setVisible(True)
            self.confirm_keep.setFocus()
            return
        self._replace_with_draft()

    def _confirm_replace(self) -> None:
        self.confirm.setVisible(False)
        self._replace_with_draft()

    def _confirm_keep(self) -> None:
        self.confirm.setVisible(False)
        self.facts_edit.setFocus()

    def _replace_with_draft(self) -> None:
        case = self.session.case
        if case is None:
            return
        text = self.draft()

        def drafted(_result: object) -> None:
            self.session.notify("profile")
            self._load_facts(force=True)
            self.facts_message.setText(self.t("pages.facts.drafted"))
            self.facts_edit.setFocus()

        action = lambda c: update_profile(c, facts=text, facts_edited=False)  # noqa: E731
        guarded(self.writer, self.facts_message, action, drafted)

    def save_facts(self) -> None:
        case = self.session.case
        if case is None:
            return
        text = self.facts_edit.toPlainText()
        if text == case.profile.facts:
            self.facts_message.setText(self.t("pages.facts.saved"))
            return

        def saved(_result: object) -> None:
            self._unsaved = self.facts_edit.toPlainText() != text  # typed on while it was saved
            self.session.notify("profile")
            self.facts_message.setText(self.t("pages.facts.saved"))

        guarded(self.writer, self.facts_message, lambda c: update_profile(c, facts=text, facts_edited=True), saved)

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        # Leaving the page keeps what was typed.
        if getattr(self, "_unsaved", False) and self.session.case is not None:
            self.save_facts()
        super().hideEvent(event)  # type: ignore[arg-type]

    def is_done(self) -> bool:
        case = self.session.case
        return case is not None and bool(case.profile.facts.strip())


def _instant(text: str) -> float:
    """Events in the order they happened, whatever offsets they were entered with; undated last."""
    moment = times.parse(text)
    return moment.timestamp() if moment is not None else float("inf")
