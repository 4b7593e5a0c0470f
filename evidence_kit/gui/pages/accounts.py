"""Step 4: the scammer's accounts on each platform, the evidence that shows them, and the victim's own accounts."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.core.account_form import IDENTIFIER_FIELDS
from evidence_kit.core.model import Account, AccountOwner, EvidenceItem
from evidence_kit.core.phone import display_phone
from evidence_kit.gui import style
from evidence_kit.gui.evidence_model import EvidenceListModel
from evidence_kit.gui.pages import guide
from evidence_kit.gui.pages.account_status import AccountStatusBox
from evidence_kit.gui.pages.base import Page
from evidence_kit.gui.pages.common import (
    Writer,
    button,
    card,
    checkbox,
    error_message,
    fill_combo,
    guarded,
    line_edit,
    name,
    select_data,
    short_date,
    wrapping_label,
)
from evidence_kit.gui.session import Session
from evidence_kit.gui.thumbnails import ThumbnailLoader

if TYPE_CHECKING:
    from evidence_kit.core.case import Case
    from evidence_kit.i18n import Translator

THUMB = 48


def account_label(account: Account, t: Translator) -> str:
    """How an account is named in lists and titles: ``Account.label``, the one label (the report page uses it)."""
    return account.label(t, guide.platform_name(account.platform, t, account.platform_other))


def evidence_label(item: EvidenceItem, t: object) -> str:
    tr = t  # a Translator
    kind = tr(f"pages.kind.{item.kind.value}")  # type: ignore[operator]
    when = short_date(tr, item.happened_at or item.local_time or item.obtained_at)  # type: ignore[arg-type]
    parts = [item.id, kind, when]
    if item.source_name:
        parts.append(item.source_name)
    if item.intimate:
        parts.append(tr("pages.accounts.intimate_marker"))  # type: ignore[operator]
    return " · ".join(p for p in parts if p)


def evidence_counts(case: object) -> Counter[str]:
    """How many items show each account, in one pass over the items (not one pass per account)."""
    items = getattr(case, "items", {})
    return Counter(account_id for item in items.values() for account_id in set(item.account_ids))


class AccountsPage(Page):
    step_id = "accounts"
    title_key = "gui.step.accounts"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.writer = Writer(session, self)
        self.current_id: str | None = None
        self.current_owner = AccountOwner.SCAMMER
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE * 2)
        self.lead = wrapping_label("lead")
        layout.addWidget(self.lead)

        columns = QHBoxLayout()
        columns.setSpacing(style.SPACE * 2)
        columns.addLayout(self._build_lists(), 0)
        columns.addLayout(self._build_editor(), 1)
        layout.addLayout(columns)
        layout.addStretch(1)
        for first, second in zip(self.tab_order, self.tab_order[1:], strict=False):
            QWidget.setTabOrder(first, second)  # now that every field is inside this page

        self.session.case_opened.connect(self._case_opened)
        self.retranslate()

    # --- layout -----------------------------------------------------------------

    def _build_lists(self) -> QVBoxLayout:
        side = QVBoxLayout()
        side.setSpacing(style.SPACE)
        self.scammer_title = wrapping_label("subtitle")
        self.scammer_list = QListWidget()
        self.scammer_list.setObjectName("scammer_accounts")
        self.add_scammer_button = button("add_scammer_account", "primary")
        self.own_title = wrapping_label("subtitle")
        self.own_hint = wrapping_label("muted")
        self.own_list = QListWidget()
        self.own_list.setObjectName("own_accounts")
        self.add_own_button = button("add_own_account")
        for lst in (self.scammer_list, self.own_list):
            lst.setFixedWidth(300)
            lst.setMinimumHeight(120)
            # One line a row: a long label is shortened in its middle, so the status at its end stays in view.
            lst.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lst.currentItemChanged.connect(self._list_choice)
        self.scammer_list.setMinimumHeight(180)
        side.addWidget(self.scammer_title)
        side.addWidget(self.scammer_list)
        side.addWidget(self.add_scammer_button)
        side.addSpacing(style.SPACE)
        side.addWidget(self.own_title)
        side.addWidget(self.own_hint)
        side.addWidget(self.own_list)
        side.addWidget(self.add_own_button)
        side.addStretch(1)
        self.own_hint.setFixedWidth(300)
        self.add_scammer_button.clicked.connect(lambda: self.new_account(AccountOwner.SCAMMER))
        self.add_own_button.clicked.connect(lambda: self.new_account(AccountOwner.VICTIM))
        return side

    def _build_editor(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(style.SPACE * 2)
        self.editor, editor_layout = card()
        self.editor.setObjectName("account_editor")
        self.editor_title = wrapping_label("subtitle")
        editor_layout.addWidget(self.editor_title)
        self.platform = QComboBox()
        self.platform.setObjectName("account_platform")
        self.platform_other = line_edit("account_platform_other")
        self.fields = {f: line_edit(f"account_{f}") for f in IDENTIFIER_FIELDS}
        self.came_from = QComboBox()
        self.came_from.setObjectName("account_came_from")
        self.note = QPlainTextEdit()
        self.note.setObjectName("account_note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 2 + style.SPACE * 2)
        self.labels: dict[str, QLabel] = {}
        self.cells: dict[str, QWidget] = {}
        # Two fields a row, each label above its field: the whole account fits beside its evidence and
        # status at 1280x800, so "captured → reported → blocked" stays in view without scrolling.
        self.form = QGridLayout()
        self.form.setHorizontalSpacing(style.SPACE * 2)
        self.form.setVerticalSpacing(style.SPACE)
        grid: list[tuple[str, QWidget, int, int, int]] = [
            ("platform", self.platform, 0, 0, 1),
            ("platform_other", self.platform_other, 0, 1, 1),
            ("username", self.fields["username"], 1, 0, 1),
            ("display_name", self.fields["display_name"], 1, 1, 1),
            ("profile_url", self.fields["profile_url"], 2, 0, 1),
            ("numeric_id", self.fields["numeric_id"], 2, 1, 1),
            ("phone", self.fields["phone"], 3, 0, 1),
            ("email", self.fields["email"], 3, 1, 1),
            ("came_from", self.came_from, 4, 0, 1),
            ("note", self.note, 4, 1, 1),
        ]
        for key, widget, row, column_index, span in grid:
            label = QLabel()
            label.setBuddy(widget)
            self.labels[key] = label
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(style.SPACE // 2)
            cell_layout.addWidget(label)
            cell_layout.addWidget(widget)
            self.cells[key] = cell
            self.form.addWidget(cell, row, column_index, 1, span, Qt.AlignmentFlag.AlignTop)
        self.form.setColumnStretch(0, 1)
        self.form.setColumnStretch(1, 1)
        self.tab_order = [widget for _key, widget, *_ in grid]  # reading order: left to right, then down
        editor_layout.addLayout(self.form)
        self.identifier_hint = wrapping_label("muted")
        editor_layout.addWidget(self.identifier_hint)

        buttons = QHBoxLayout()
        self.save_button = button("save_account", "primary")
        self.delete_button = button("delete_account")
        self.save_message = wrapping_label()
        self.save_message.setObjectName("account_message")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_message, 1)
        editor_layout.addLayout(buttons)
        column.addWidget(self.editor)

        # Evidence linked to a scammer account, and its report/block status.
        self.evidence_card, evidence_layout = card()
        self.evidence_title = wrapping_label("subtitle")
        self.evidence_hint = wrapping_label("muted")
        # A view over a model: rows of one size, thumbnails decoded in the background for the rows shown.
        self.thumbnails = ThumbnailLoader(self.session, size=THUMB, parent=self)
        self.evidence_model = EvidenceListModel(self._evidence_text, self.thumbnails, checkable=True, parent=self)
        self.evidence_model.toggled.connect(self.link_evidence)
        self.evidence_list = QListView()
        self.evidence_list.setObjectName("account_evidence")
        self.evidence_list.setModel(self.evidence_model)
        self.evidence_list.setUniformItemSizes(True)
        self.evidence_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.evidence_list.setIconSize(QSize(THUMB, THUMB))
        self.evidence_list.setMinimumHeight(112)
        self.evidence_message = wrapping_label()
        self.evidence_message.setObjectName("evidence_message")
        self.go_capture = button("go_capture")
        self.go_capture.clicked.connect(lambda: self.request_step.emit("capture"))
        evidence_layout.addWidget(self.evidence_title)
        evidence_layout.addWidget(self.evidence_hint)
        evidence_layout.addWidget(self.evidence_list)
        capture_row = QHBoxLayout()
        capture_row.addWidget(self.go_capture)
        capture_row.addWidget(self.evidence_message, 1)
        evidence_layout.addLayout(capture_row)
        self.status_title = wrapping_label("subtitle")
        self.status_box = AccountStatusBox(self.session, "account")
        self.status_box.changed.connect(lambda _id: self._fill_lists())
        evidence_layout.addWidget(self.status_title)
        evidence_layout.addWidget(self.status_box)
        column.addWidget(self.evidence_card)

        # The victim's own account: privacy settings to lock down.
        self.secure_card, secure_layout = card()
        self.secure_title = wrapping_label("subtitle")
        self.secure_steps = wrapping_label()
        self.secure_steps.setObjectName("privacy_steps")
        self.secured = checkbox("account_secured")
        self.secured.toggled.connect(self._secured_toggled)
        secure_layout.addWidget(self.secure_title)
        secure_layout.addWidget(self.secure_steps)
        secure_layout.addWidget(self.secured)
        column.addWidget(self.secure_card)
        column.addStretch(1)

        self.platform.currentIndexChanged.connect(self._platform_changed)
        self.save_button.clicked.connect(self.save_account)
        self.delete_button.clicked.connect(self.delete_account)
        return column

    # --- texts ------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.t
        self.lead.setText(t("pages.accounts.lead"))
        self.scammer_title.setText(t("pages.accounts.scammer_title"))
        name(self.scammer_list, t("pages.accounts.scammer_title"))
        self.add_scammer_button.setText(t("pages.accounts.add_scammer"))
        name(self.add_scammer_button, t("pages.accounts.add_scammer"))
        self.own_title.setText(t("pages.accounts.own_title"))
        self.own_hint.setText(t("pages.accounts.own_hint"))
        name(self.own_list, t("pages.accounts.own_title"))
        self.add_own_button.setText(t("pages.accounts.add_own"))
        name(self.add_own_button, t("pages.accounts.add_own"))
        for key, label in self.labels.items():
            label.setText(t(f"pages.accounts.field.{key}"))
        name(self.platform, t("pages.accounts.field.platform"))
        name(self.platform_other, t("pages.accounts.field.platform_other"))
        for key, widget in self.fields.items():
            name(widget, t(f"pages.accounts.field.{key}"))
            widget.setPlaceholderText(t(f"pages.accounts.placeholder.{key}"))
        name(self.came_from, t("pages.accounts.field.came_from"), t("pages.accounts.came_from_hint"))
        self.came_from.setToolTip(t("pages.accounts.came_from_hint"))
        name(self.note, t("pages.accounts.field.note"))
        self.identifier_hint.setText(t("pages.accounts.identifier_hint"))
        self.save_button.setText(t("pages.accounts.save"))
        name(self.save_button, t("pages.accounts.save"))
        self.delete_button.setText(t("pages.accounts.delete"))
        name(self.delete_button, t("pages.accounts.delete"))
        self.evidence_title.setText(t("pages.accounts.evidence_title"))
        name(self.evidence_list, t("pages.accounts.evidence_title"), t("pages.accounts.evidence_hint"))
        self.go_capture.setText(t("pages.accounts.go_capture"))
        name(self.go_capture, t("pages.accounts.go_capture"))
        self.status_title.setText(t("pages.accounts.status_title"))
        self.secure_title.setText(t("pages.accounts.secure_title"))
        self.secured.setText(t("pages.accounts.secured"))
        name(self.secured, t("pages.accounts.secured"))
        self.status_box.retranslate()
        self._fill_platforms()
        self.refresh()

    # --- loading ----------------------------------------------------------------

    def _fill_platforms(self) -> None:
        t = self.session.translator
        entries = [("", t("pages.platform.choose"))] + [(p.id, p.name) for p in guide.platforms(t)]
        fill_combo(self.platform, entries)

    def _case_opened(self) -> None:
        if self.isVisible():  # a hidden page reloads when it is shown
            self.refresh()

    def refresh(self) -> None:
        self._fill_lists()
        case = self.session.case
        if case is None or (self.current_id is not None and self.current_id not in case.accounts):
            self.current_id = None
        self._show(self.current_id, self.current_owner)

    def _fill_lists(self) -> None:
        case = self.session.case
        t = self.session.translator
        counts = evidence_counts(case) if case is not None else Counter()
        for lst, owner in ((self.scammer_list, AccountOwner.SCAMMER), (self.own_list, AccountOwner.VICTIM)):
            lst.blockSignals(True)
            lst.clear()
            accounts = [] if case is None else [a for a in case.accounts.values() if a.owner == owner]
            for account in accounts:
                text = account_label(account, t)
                if owner == AccountOwner.SCAMMER:
                    status = account.status(counts[account.id])
                    text += " — " + t(f"pages.status.value.{status.value}")  # one line a row: rows of one height
                elif account.secured_at:
                    text += " — " + t("pages.accounts.secured_short")
                entry = QListWidgetItem(text)
                entry.setData(Qt.ItemDataRole.UserRole, account.id)
                entry.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace(" — ", ", "))
                entry.setToolTip(text)
                lst.addItem(entry)
                if account.id == self.current_id:
                    lst.setCurrentItem(entry)
            lst.blockSignals(False)

    def _list_choice(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None or self._loading:
            return
        account_id = current.data(Qt.ItemDataRole.UserRole)
        case = self.session.case
        if case is None or account_id not in case.accounts:
            return
        other = self.own_list if current.listWidget() is self.scammer_list else self.scammer_list
        other.blockSignals(True)
        other.setCurrentRow(-1)
        other.clearSelection()
        other.blockSignals(False)
        self._show(account_id, case.accounts[account_id].owner)

    def new_account(self, owner: AccountOwner) -> None:
        for lst in (self.scammer_list, self.own_list):
            lst.blockSignals(True)
            lst.setCurrentRow(-1)
            lst.clearSelection()
            lst.blockSignals(False)
        self._show(None, owner)
        self.platform.setFocus()

    def _show(self, account_id: str | None, owner: AccountOwner) -> None:
        """Load one account (or an empty form for a new one) into the editor."""
        case = self.session.case
        t = self.session.translator
        self._loading = True
        try:
            self.current_id = account_id
            self.current_owner = owner
            account = case.accounts.get(account_id) if case is not None and account_id else None
            account = account or Account(id="", platform="", owner=owner)
            self.editor.setEnabled(case is not None)
            scammer = owner == AccountOwner.SCAMMER
            if account.id:
                self.editor_title.setText(account_label(account, t))
            else:
                self.editor_title.setText(t("pages.accounts.new_scammer" if scammer else "pages.accounts.new_own"))
            select_data(self.platform, account.platform)
            self.platform_other.setText(account.platform_other)
            for key, widget in self.fields.items():
                widget.setText(getattr(account, key))
            self.fields["phone"].setText(display_phone(account.phone, self.session.country))
            # The victim's own accounts need only the platform and the user name.
            for key in ("display_name", "numeric_id", "phone", "email"):
                self._set_row_visible(key, scammer)
            self._set_row_visible("came_from", scammer)
            self.identifier_hint.setVisible(scammer)
            self._fill_came_from(account)
            self.note.setPlainText(account.note)
            self.delete_button.setEnabled(bool(account.id))
            self.save_message.clear()
            self._platform_changed()
            self.evidence_card.setVisible(scammer and case is not None)
            self.secure_card.setVisible(not scammer and case is not None)
            self._fill_evidence(account)
            self.status_box.set_account(account.id or None)
            self.status_box.setEnabled(bool(account.id))
            self._fill_privacy(account)
        finally:
            self._loading = False

    def _evidence_text(self, item: EvidenceItem) -> tuple[str, str]:
        text = evidence_label(item, self.session.translator)
        return text, text

    def _set_row_visible(self, key: str, visible: bool) -> None:
        self.cells[key].setVisible(visible)

    def _fill_came_from(self, account: Account) -> None:
        case = self.session.case
        t = self.session.translator
        entries = [("", t("pages.accounts.came_from_none"))]
        if case is not None:
            entries += [
                (a.id, account_label(a, t))
                for a in case.accounts.values()
                if a.owner == AccountOwner.SCAMMER and a.id != account.id
            ]
        fill_combo(self.came_from, entries, keep=account.came_from)

    def _fill_evidence(self, account: Account) -> None:
        case = self.session.case
        t = self.session.translator
        items = case.evidence_items() if case is not None else []
        linked = [item.id for item in items if account.id and account.id in item.account_ids]
        self.evidence_model.set_items(items, checked=linked)
        self.evidence_list.setEnabled(bool(account.id) and bool(items))
        if not items:
            self.evidence_hint.setText(t("pages.accounts.no_evidence"))
        elif not account.id:
            self.evidence_hint.setText(t("pages.accounts.save_first"))
        else:
            self.evidence_hint.setText(t("pages.accounts.evidence_hint"))
        self.go_capture.setVisible(not items)
        self.evidence_message.clear()

    def _fill_privacy(self, account: Account) -> None:
        t = self.session.translator
        steps = guide.report_guide(account.platform or guide.OTHER, t).privacy_steps
        if not steps:
            steps = [t("pages.accounts.privacy_generic")]
        self.secure_steps.setText("\n".join(f"• {s}" for s in steps))
        self.secured.blockSignals(True)
        self.secured.setChecked(bool(account.secured_at))
        self.secured.setEnabled(bool(account.id))
        self.secured.blockSignals(False)

    def _platform_changed(self) -> None:
        other = self.platform.currentData() == guide.OTHER
        self.cells["platform_other"].setVisible(other)
        if not self._loading and self.current_owner == AccountOwner.VICTIM:
            # The privacy advice follows the platform chosen, before the account is saved.
            case = self.session.case
            saved = case.accounts.get(self.current_id or "") if case is not None else None
            platform = str(self.platform.currentData() or "")
            self._fill_privacy(replace(saved, platform=platform) if saved else Account(id="", platform=platform))

    # --- saving -----------------------------------------------------------------

    def _form_account(self) -> Account | None:
        """The account as the form shows it, or None (with a message) when it cannot be saved."""
        from evidence_kit.core.account_form import check_account

        case = self.session.case
        if case is None:
            return None
        t = self.session.translator
        base = case.accounts.get(self.current_id or "") or Account(id="", platform="", owner=self.current_owner)
        platform = str(self.platform.currentData() or "")
        checked = check_account(
            base,
            {key: widget.text() for key, widget in self.fields.items()},
            platform=platform,
            owner=self.current_owner,
            platform_other=self.platform_other.text() if platform == guide.OTHER else "",
            came_from=str(self.came_from.currentData() or ""),
            note=self.note.toPlainText(),
            region=self.session.country,
        )
        if checked.account is None:
            self._message(t(checked.error), error=True)
            if checked.error == "pages.accounts.need_platform":
                self.platform.setFocus()
            return None
        self._warnings = [t(key) for key in checked.warnings]
        return checked.account

    def save_account(self) -> None:
        case = self.session.case
        self._warnings: list[str] = []
        account = self._form_account()
        if account is None or case is None:
            return
        warnings = list(self._warnings)

        def saved(result: Account) -> None:
            self.current_id = result.id
            self.session.notify("account")
            self.refresh()
            text = self.t("pages.accounts.saved")
            if warnings:
                text += " " + " ".join(warnings)
            self._message(text, error=bool(warnings))

        guarded(self.writer, self.save_message, lambda c: c.save_account(account), saved)

    def delete_account(self) -> None:
        case = self.session.case
        if case is None or not self.current_id:
            return
        account_id = self.current_id

        def deleted(_result: object) -> None:
            self.current_id = None
            self.session.notify("account")
            self.refresh()
            self._message(self.t("pages.accounts.deleted"))

        guarded(self.writer, self.save_message, lambda c: c.delete_record("account", account_id), deleted)

    def _message(self, text: str, error: bool = False) -> None:
        style.set_role(self.save_message, "error" if error else "muted")
        self.save_message.setText(text)

    def link_evidence(self, item_id: str, linked: bool) -> bool:
        """Link (or unlink) an evidence item to the account shown; the block box follows at once."""
        case = self.session.case
        account_id = self.current_id
        if case is None or not account_id:
            return False
        account = case.accounts[account_id]
        if not linked and account.blocked_at and len(case.evidence_for_account(account_id)) <= 1:
            # Unlinking the last proof of a blocked account would break the rule the core keeps.
            self.evidence_message.setText(self.t("pages.accounts.keep_last_evidence"))
            self.evidence_model.set_checked(item_id, True)
            return False

        def write(c: Case) -> object:
            with c.transaction():  # the item's links as they are now (another page may have changed them)
                ids = [a for a in c.item(item_id).account_ids if a != account_id]
                return c.update_item(item_id, account_ids=[*ids, account_id] if linked else ids)

        def done(result: EvidenceItem) -> None:
            self.evidence_model.put(result)
            self.evidence_message.clear()
            self.session.notify("item")
            self.status_box.reload()
            self._fill_lists()

        def failed(exc: BaseException) -> None:
            self.evidence_model.set_checked(item_id, not linked)
            style.set_role(self.evidence_message, "error")
            self.evidence_message.setText(error_message(self.session, exc))

        return self.writer.run(write, done, failed, queue=True)

    def _secured_toggled(self, on: bool) -> None:
        case = self.session.case
        if case is None or not self.current_id:
            return
        from evidence_kit.core import clock

        account_id = self.current_id
        secured_at = clock.now().utc if on else ""

        def write(c: Case) -> object:
            with c.transaction():
                return c.save_account(replace(c.accounts[account_id], secured_at=secured_at))

        def done(_result: object) -> None:
            self.session.notify("account")
            self._fill_lists()

        guarded(self.writer, self.save_message, write, done, queue=True)

    def is_done(self) -> bool:
        case = self.session.case
        if case is None:
            return False
        counts = evidence_counts(case)
        return any(a.owner == AccountOwner.SCAMMER and counts[a.id] for a in case.accounts.values())
