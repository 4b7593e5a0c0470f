"""Step 2: create a case (name, passphrase twice, recovery code shown once) or open one."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.gui import style
from evidence_kit.gui.pages.base import Page
from evidence_kit.gui.pages.common import form_layout
from evidence_kit.gui.pages.welcome import card, wrapping_label
from evidence_kit.gui.session import Session, usable_from_any_thread
from evidence_kit.gui.settings import default_cases_dir
from evidence_kit.gui.widgets.clipboard import shared_clipboard
from evidence_kit.gui.widgets.passphrase_field import PassphraseField
from evidence_kit.gui.widgets.unlock_dialog import error_text
from evidence_kit.gui.workers import Task, close_unclaimed_case
from evidence_kit.i18n import Register, times

log = logging.getLogger(__name__)
MIN_PASSPHRASE = 8


class _Modes(QWidget):
    """Like a QStackedWidget, but only the shown part takes room (the small ones are not stretched)."""

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._parts: list[QWidget] = []
        self._current = 0

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 - same name as QStackedWidget
        self._parts.append(widget)
        self._layout.addWidget(widget)
        widget.setVisible(len(self._parts) - 1 == self._current)

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        self._current = index
        for position, widget in enumerate(self._parts):
            widget.setVisible(position == index)

    def currentIndex(self) -> int:  # noqa: N802
        return self._current


class _FittingTabs(QTabWidget):
    """Tabs as tall as the shown tab needs at the current width (a plain tab panel takes its tallest tab's)."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def _chrome(self) -> int:
        frame = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, self)
        return self.tabBar().sizeHint().height() + frame

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return self.currentWidget() is not None

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        current = self.currentWidget()
        if current is None:
            return super().heightForWidth(width)
        inner = current.heightForWidth(width) if current.hasHeightForWidth() else -1
        return (inner if inner > 0 else current.sizeHint().height()) + self._chrome()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        if self.currentWidget() is not None:
            hint.setHeight(self.heightForWidth(max(hint.width(), self.width())))
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        if self.currentWidget() is not None:
            hint.setHeight(self.heightForWidth(max(hint.width(), self.width())))
        return hint


def choose_folder(parent: QWidget, title: str, start: Path) -> Path | None:
    # Qt's own dialog: the system's would add the folder to "recent places".
    folder = QFileDialog.getExistingDirectory(
        parent, title, str(start), QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly
    )
    return Path(folder) if folder else None


def new_case_folder(base: Path) -> Path:
    """A neutral folder name (no personal word on disk): case-YYYYMMDD-HHMM, numbered if taken."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    candidate = base / f"case-{stamp}"
    number = 2
    while candidate.exists():
        candidate = base / f"case-{stamp}-{number}"
        number += 1
    return candidate


def known_cases(base: Path) -> list[Path]:
    from evidence_kit.core.case import is_case_folder

    try:
        return sorted((p for p in base.iterdir() if is_case_folder(p)), key=lambda p: p.name, reverse=True)
    except OSError:
        return []


class CasePage(Page):
    step_id = "case"
    title_key = "gui.step.case"
    needs_case = False

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.task: Task | None = None
        self.recovery_code = ""
        self.new_folder = new_case_folder(default_cases_dir())
        self.open_folder: Path | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE * 2)
        self.mode = _Modes()
        layout.addWidget(self.mode)
        self.mode.addWidget(self._build_choose())
        self.mode.addWidget(self._build_recovery())
        self.mode.addWidget(self._build_open_state())
        layout.addStretch(1)
        self.retranslate()
        self.refresh()

    # --- building ------------------------------------------------------------------

    def _build_choose(self) -> QWidget:
        self.tabs = _FittingTabs()
        self.tabs.setObjectName("case_tabs")

        create = QWidget()
        create_layout = QVBoxLayout(create)
        create_layout.setContentsMargins(style.SPACE * 2, style.SPACE * 2, style.SPACE * 2, style.SPACE * 2)
        create_layout.setSpacing(style.SPACE * 3 // 2)
        self.create_intro = wrapping_label()
        create_layout.addWidget(self.create_intro)
        form = form_layout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("case_name")
        self.name_label = QLabel()
        self.name_label.setBuddy(self.name_edit)
        form.addRow(self.name_label, self.name_edit)
        folder_row = QHBoxLayout()
        self.folder_value = wrapping_label("muted")
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self._pick_new_folder)
        folder_row.addWidget(self.folder_value, 1)
        folder_row.addWidget(self.folder_button)
        self.folder_label = QLabel()
        form.addRow(self.folder_label, folder_row)
        self.passphrase1 = PassphraseField()
        self.passphrase1.setObjectName("new_passphrase")
        self.passphrase1_label = QLabel()
        self.passphrase1_label.setBuddy(self.passphrase1.edit)
        form.addRow(self.passphrase1_label, self.passphrase1)
        self.passphrase2 = PassphraseField()
        self.passphrase2.setObjectName("repeat_passphrase")
        self.passphrase2_label = QLabel()
        self.passphrase2_label.setBuddy(self.passphrase2.edit)
        form.addRow(self.passphrase2_label, self.passphrase2)
        create_layout.addLayout(form)
        self.passphrase_hint = wrapping_label("muted")
        create_layout.addWidget(self.passphrase_hint)
        # Asked once per vault: the custody log's hash goes to timestamping authorities when online.
        self.anchoring_opt_in = QCheckBox()
        self.anchoring_opt_in.setObjectName("anchoring_opt_in")
        create_layout.addWidget(self.anchoring_opt_in)
        self.anchoring_help = wrapping_label("muted")
        create_layout.addWidget(self.anchoring_help)
        self.create_error = wrapping_label()
        self.create_error.setObjectName("create_error")
        create_layout.addWidget(self.create_error)
        row = QHBoxLayout()
        self.create_button = QPushButton()
        self.create_button.setObjectName("create_button")
        self.create_button.setProperty("role", "primary")
        self.create_button.clicked.connect(self.create_case)
        row.addWidget(self.create_button)
        row.addStretch(1)
        create_layout.addLayout(row)
        create_layout.addStretch(1)
        for field in (self.passphrase1.edit, self.passphrase2.edit):
            field.textChanged.connect(self._check_passphrases)
            field.returnPressed.connect(self.create_case)

        opening = QWidget()
        open_layout = QVBoxLayout(opening)
        open_layout.setContentsMargins(style.SPACE * 2, style.SPACE * 2, style.SPACE * 2, style.SPACE * 2)
        open_layout.setSpacing(style.SPACE * 3 // 2)
        self.open_intro = wrapping_label()
        open_layout.addWidget(self.open_intro)
        self.case_list = QListWidget()
        self.case_list.setObjectName("case_list")
        # Room for about five cases; hidden while there is none (an empty box says nothing).
        self.case_list.setFixedHeight(self.case_list.fontMetrics().lineSpacing() * 6 + style.SPACE * 2)
        self.case_list.setVisible(False)
        self.case_list.currentItemChanged.connect(self._case_selected)
        open_layout.addWidget(self.case_list)
        other_row = QHBoxLayout()
        self.open_folder_value = wrapping_label("muted")
        self.other_folder_button = QPushButton()
        self.other_folder_button.clicked.connect(self._pick_open_folder)
        other_row.addWidget(self.open_folder_value, 1)
        other_row.addWidget(self.other_folder_button)
        open_layout.addLayout(other_row)
        open_form = form_layout()
        open_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        open_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.open_secret = PassphraseField()
        self.open_secret.setObjectName("open_passphrase")
        self.open_secret.edit.returnPressed.connect(self.open_case)
        self.open_secret_label = QLabel()
        self.open_secret_label.setBuddy(self.open_secret.edit)
        open_form.addRow(self.open_secret_label, self.open_secret)
        open_layout.addLayout(open_form)
        self.use_recovery = QCheckBox()
        self.use_recovery.toggled.connect(lambda _on: self.retranslate())
        open_layout.addWidget(self.use_recovery)
        self.remember = QCheckBox()
        self.remember.setObjectName("remember_folder")
        self.remember.setChecked(self.session.settings.remember_case_folder)  # ticked unless the person unticked it
        open_layout.addWidget(self.remember)
        self.open_error = wrapping_label()
        self.open_error.setObjectName("open_error")
        open_layout.addWidget(self.open_error)
        row = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.setObjectName("open_button")
        self.open_button.setProperty("role", "primary")
        self.open_button.clicked.connect(self.open_case)
        row.addWidget(self.open_button)
        row.addStretch(1)
        open_layout.addLayout(row)
        open_layout.addStretch(1)

        self.tabs.addTab(create, "")
        self.tabs.addTab(opening, "")
        return self.tabs

    def _build_recovery(self) -> QWidget:
        frame, layout = card()
        frame.setObjectName("recovery_panel")
        self.recovery_title = wrapping_label("subtitle")
        self.recovery_text = wrapping_label()
        self.recovery_label = QLabel()
        self.recovery_label.setObjectName("recovery_code")
        self.recovery_label.setProperty("role", "code")
        self.recovery_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recovery_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.recovery_warning = wrapping_label("muted")
        buttons = QHBoxLayout()
        self.print_button = QPushButton()
        self.print_button.setObjectName("print_code")
        self.print_button.clicked.connect(self.print_code)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copy_code")
        self.copy_button.clicked.connect(self.copy_code)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        self.copied_label = wrapping_label("muted")
        self.written_down = QCheckBox()
        self.written_down.setObjectName("code_written_down")
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("continue_button")
        self.continue_button.setProperty("role", "primary")
        self.continue_button.setEnabled(False)
        self.written_down.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self.finish_recovery)
        for widget in (self.recovery_title, self.recovery_text, self.recovery_label, self.recovery_warning):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.copied_label)
        layout.addWidget(self.written_down)
        row = QHBoxLayout()
        row.addWidget(self.continue_button)
        row.addStretch(1)
        layout.addLayout(row)
        return frame

    def _build_open_state(self) -> QWidget:
        frame, layout = card()
        self.open_state_text = wrapping_label("lead")
        self.open_state_text.setObjectName("open_state")
        self.open_state_more = wrapping_label("muted")
        row = QHBoxLayout()
        self.go_on_button = QPushButton()
        self.go_on_button.setProperty("role", "primary")
        self.go_on_button.clicked.connect(lambda: self.request_step.emit("capture"))
        self.close_case_button = QPushButton()
        self.close_case_button.setObjectName("close_case")
        self.close_case_button.clicked.connect(self._close_case)
        row.addWidget(self.go_on_button)
        row.addWidget(self.close_case_button)
        row.addStretch(1)
        layout.addWidget(self.open_state_text)
        layout.addWidget(self.open_state_more)
        layout.addLayout(row)
        return frame

    # --- texts ----------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.t
        self.tabs.setTabText(0, t("gui.case.tab_create"))
        self.tabs.setTabText(1, t("gui.case.tab_open"))
        self.tabs.setAccessibleName(t("gui.case.tabs_a11y"))
        self.create_intro.setText(t("gui.case.create_intro"))
        self.name_label.setText(t("gui.case.name"))
        self.name_edit.setPlaceholderText(t("gui.case.name_placeholder"))
        self.name_edit.setAccessibleName(t("gui.case.name"))
        self.folder_label.setText(t("gui.case.folder"))
        self.folder_value.setText(str(self.new_folder))
        self.folder_button.setText(t("gui.case.change_folder"))
        self.folder_button.setAccessibleName(t("gui.case.change_folder_a11y"))
        self.passphrase1_label.setText(t("gui.case.passphrase"))
        self.passphrase1.retranslate(t, t("gui.case.passphrase"))
        self.passphrase2_label.setText(t("gui.case.passphrase_again"))
        self.passphrase2.retranslate(t, t("gui.case.passphrase_again"))
        self.passphrase_hint.setText(t("gui.case.passphrase_hint", minimum=MIN_PASSPHRASE))
        self.anchoring_opt_in.setText(t("gui.case.anchoring_opt_in"))
        self.anchoring_opt_in.setAccessibleName(t("gui.case.anchoring_opt_in"))
        self.anchoring_help.setText(t("gui.case.anchoring_opt_in_help"))
        self.create_button.setText(t("gui.case.create"))
        self.create_button.setAccessibleName(t("gui.case.create"))
        self.open_intro.setText(t("gui.case.open_intro"))
        self.case_list.setAccessibleName(t("gui.case.list_a11y"))
        self.other_folder_button.setText(t("gui.case.other_folder"))
        self.other_folder_button.setAccessibleName(t("gui.case.other_folder"))
        self.open_folder_value.setText(str(self.open_folder) if self.open_folder else t("gui.case.no_folder"))
        recovery = self.use_recovery.isChecked()
        label = t("gui.case.recovery_code_field" if recovery else "gui.case.open_passphrase")
        self.open_secret_label.setText(label)
        self.open_secret.retranslate(t, label)
        self.use_recovery.setText(t("gui.case.use_recovery"))
        self.use_recovery.setAccessibleName(t("gui.case.use_recovery"))
        self.remember.setText(t("gui.case.remember"))
        self.remember.setAccessibleName(t("gui.case.remember"))
        self.open_button.setText(t("gui.case.open"))
        self.open_button.setAccessibleName(t("gui.case.open"))
        self.recovery_title.setText(t("gui.case.recovery_title"))
        self.recovery_text.setText(t("gui.case.recovery_text"))
        self.recovery_label.setAccessibleName(t("gui.case.recovery_title"))
        self.recovery_warning.setText(t("gui.case.recovery_warning"))
        self.print_button.setText(t("gui.case.print"))
        self.print_button.setAccessibleName(t("gui.case.print"))
        self.copy_button.setText(t("gui.case.copy"))
        self.copy_button.setAccessibleName(t("gui.case.copy"))
        self.written_down.setText(t("gui.case.written_down"))
        self.written_down.setAccessibleName(t("gui.case.written_down"))
        self.continue_button.setText(t("gui.case.continue"))
        self.continue_button.setAccessibleName(t("gui.case.continue"))
        self.go_on_button.setText(t("gui.case.go_on"))
        self.go_on_button.setAccessibleName(t("gui.case.go_on"))
        self.close_case_button.setText(t("gui.case.close"))
        self.close_case_button.setAccessibleName(t("gui.case.close"))
        self._update_open_state()
        self._refresh_list_labels()

    # --- state ------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.recovery_code:
            self.mode.setCurrentIndex(1)
        elif self.session.case is not None:
            self.mode.setCurrentIndex(2)
        else:
            self.mode.setCurrentIndex(0)
            self._fill_case_list()
        self._update_open_state()

    def is_done(self) -> bool:
        return self.session.case is not None and not self.recovery_code

    def _update_open_state(self) -> None:
        case = self.session.case
        if case is not None:
            self.open_state_text.setText(self.t("gui.case.open_state", reference=case.reference))
            items = sum(1 for i in case.items.values() if not i.intimate)
            self.open_state_more.setText(
                self.t(
                    "gui.case.open_counts",
                    items=self.t("gui.case.count_items", n=items),
                    accounts=self.t("gui.case.count_accounts", n=len(case.accounts)),
                )
                + " "
                + self.t("gui.case.lock_advice")
            )

    def _fill_case_list(self) -> None:
        self.case_list.clear()
        folders = known_cases(default_cases_dir())
        remembered = self.session.settings.last_case_folder
        if remembered and Path(remembered) not in folders:
            folders.insert(0, Path(remembered))
        for folder in folders:
            item = QListWidgetItem(folder.name)
            item.setData(Qt.ItemDataRole.UserRole, str(folder))
            self.case_list.addItem(item)
        self.case_list.setVisible(bool(folders))
        self._refresh_list_labels()
        if folders:
            self.tabs.setCurrentIndex(1 if self.open_folder is None else self.tabs.currentIndex())
            if self.open_folder is None:
                self.case_list.setCurrentRow(0)

    def _refresh_list_labels(self) -> None:
        for row in range(self.case_list.count()):
            item = self.case_list.item(row)
            folder = Path(item.data(Qt.ItemDataRole.UserRole))
            try:
                changed = dt.datetime.fromtimestamp((folder / "case.ek").stat().st_mtime).astimezone()
                when = times.short_time(self.session.translator, changed)  # with its UTC offset, as everywhere
            except OSError:
                when = "?"
            item.setText(self.t("gui.case.list_entry", folder=folder.name, date=when))

    def _case_selected(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_folder = Path(item.data(Qt.ItemDataRole.UserRole))
            self.open_folder_value.setText(str(self.open_folder))

    def prefill_open(self, folder: Path) -> None:
        """After a lock the person gave up unlocking: the same case is ready to open."""
        self.open_folder = Path(folder)
        self.open_folder_value.setText(str(folder))
        self.tabs.setCurrentIndex(1)
        self.mode.setCurrentIndex(0)
        self.open_secret.setFocus()

    def _pick_new_folder(self) -> None:
        base = self.new_folder.parent if self.new_folder.parent.exists() else Path.home()
        folder = choose_folder(self, self.t("gui.case.change_folder"), base)
        if folder is not None:
            self.new_folder = folder if not any(folder.iterdir()) else new_case_folder(folder)
            self.folder_value.setText(str(self.new_folder))

    def _pick_open_folder(self) -> None:
        folder = choose_folder(self, self.t("gui.case.other_folder"), Path.home())
        if folder is not None:
            self.open_folder = folder
            self.case_list.clearSelection()
            self.open_folder_value.setText(str(folder))

    def _check_passphrases(self) -> bool:
        first, second = self.passphrase1.text(), self.passphrase2.text()
        message = ""
        if first and len(first) < MIN_PASSPHRASE:
            message = self.t("gui.case.passphrase_short", minimum=MIN_PASSPHRASE)
        elif second and first != second:
            message = self.t("gui.case.passphrase_differ")
        style.set_role(self.create_error, "error")
        self.create_error.setText(message)
        return bool(first) and len(first) >= MIN_PASSPHRASE and first == second

    # --- creating ------------------------------------------------------------------------

    def _profile(self):  # type: ignore[no-untyped-def]
        from evidence_kit.core.model import CaseProfile

        return CaseProfile(
            name=self.name_edit.text().strip(),
            user_role="victim" if self.session.translator.register == Register.VICTIM else "helper",
            language=self.session.translator.lang,
            country=self.session.country,
        )

    def create_case(self) -> None:
        if self.task is not None:
            return
        if not self._check_passphrases():
            if not self.create_error.text():
                style.set_role(self.create_error, "error")
                self.create_error.setText(self.t("gui.case.passphrase_short", minimum=MIN_PASSPHRASE))
            return
        from evidence_kit.core.case import Case

        folder, passphrase, profile = self.new_folder, self.passphrase1.text(), self._profile()
        name = profile.name
        anchoring = self.anchoring_opt_in.isChecked()

        def create(_progress: object, _cancelled: object) -> tuple[Case, str]:
            case, code = Case.create(folder, passphrase, name=name, profile=profile)
            if anchoring:
                from evidence_kit.anchoring import save_settings

                try:
                    save_settings(case, True)  # the default authorities; nothing is sent until there is evidence
                except BaseException:
                    case.close()  # the page gets the error; the lock must not stay with a case nobody holds
                    raise
            return usable_from_any_thread(case), code

        task = Task(create, owner=self.session, discard=close_unclaimed_case)
        task.succeeded.connect(self._created)
        task.failed.connect(self._create_failed)
        self._start(task, self.create_error, "gui.case.creating")

    def _start(self, task: Task, status: QLabel, key: str) -> None:
        self.task = task
        self.create_button.setEnabled(False)
        self.open_button.setEnabled(False)
        style.set_role(status, "muted")  # "creating…", "opening…": news, not a problem
        status.setText(self.t(key))
        self.session.busy_changed.emit(True)
        task.start()

    def _done(self) -> None:
        self.task = None
        self.create_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.session.busy_changed.emit(False)

    def _failed(self, exc: BaseException, status: QLabel) -> None:
        self._done()
        style.set_role(status, "error")
        status.setText(error_text(self.session, exc))

    def _create_failed(self, exc: BaseException) -> None:
        self._failed(exc, self.create_error)

    def _open_failed(self, exc: BaseException) -> None:
        self._failed(exc, self.open_error)

    def _created(self, result: object) -> None:
        self._done()
        case, code = result  # type: ignore[misc]
        self.passphrase1.clear()
        self.passphrase2.clear()
        self.anchoring_opt_in.setChecked(False)
        self.create_error.clear()
        self.recovery_code = str(code)
        self.recovery_label.setText(self.recovery_code)
        self.written_down.setChecked(False)
        self.copied_label.clear()
        self.mode.setCurrentIndex(1)
        self.session.settings.remember_folder(case.folder)
        self.session.settings.save()  # the last vault's place survives a restart
        self.session.set_case(case)
        self.new_folder = new_case_folder(default_cases_dir())
        self.folder_value.setText(str(self.new_folder))
        self.written_down.setFocus()

    def copy_code(self) -> None:
        shared_clipboard().copy(self.recovery_code, secret=True)
        self.copied_label.setText(self.t("gui.case.copied"))

    def print_code(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.t("gui.case.print"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setHtml(self.recovery_sheet_html())
        document.print_(printer)

    def recovery_sheet_html(self) -> str:
        import html

        case = self.session.case
        reference = case.reference if case is not None else ""
        return (
            f"<h2>{html.escape(self.t('gui.case.sheet_title'))}</h2>"
            f"<p>{html.escape(self.t('gui.case.sheet_reference', reference=reference))}</p>"
            f"<p style='font-family:monospace;font-size:20pt'>{html.escape(self.recovery_code)}</p>"
            f"<p>{html.escape(self.t('gui.case.recovery_text'))}</p>"
            f"<p>{html.escape(self.t('gui.case.recovery_warning'))}</p>"
        )

    def finish_recovery(self) -> None:
        # The code is forgotten as soon as the person goes on: it is shown only once.
        if shared_clipboard().holds_ours:
            shared_clipboard().clear()
        self.recovery_code = ""
        self.recovery_label.clear()
        self.mode.setCurrentIndex(2)
        self.request_step.emit("capture")

    # --- opening --------------------------------------------------------------------------

    def open_case(self) -> None:
        if self.task is not None:
            return
        folder = self.open_folder
        secret = self.open_secret.text()
        if folder is None:
            style.set_role(self.open_error, "error")
            self.open_error.setText(self.t("gui.case.choose_folder_first"))
            return
        if not secret:
            style.set_role(self.open_error, "error")
            self.open_error.setText(self.t("gui.unlock.empty"))
            return
        from evidence_kit.gui.widgets.unlock_dialog import open_case_task

        task = open_case_task(self.session, folder, secret, recovery=self.use_recovery.isChecked())
        task.succeeded.connect(self._opened)
        task.failed.connect(self._open_failed)
        self._start(task, self.open_error, "gui.case.opening")

    def _opened(self, case: object) -> None:
        self._done()
        self.open_secret.clear()
        self.open_error.clear()
        settings = self.session.settings
        was_remembering = settings.remember_case_folder
        settings.remember_case_folder = self.remember.isChecked()
        settings.remember_folder(case.folder)  # type: ignore[attr-defined]
        if settings.remember_case_folder or was_remembering:
            settings.save()
        role = case.profile.user_role  # type: ignore[attr-defined]
        self.session.set_register(Register.VICTIM if role == "victim" else Register.HELPER)
        self.session.set_case(case)  # type: ignore[arg-type]
        self.mode.setCurrentIndex(2)
        self.request_step.emit("capture")

    def _close_case(self) -> None:
        self.session.set_case(None)
        self.refresh()
