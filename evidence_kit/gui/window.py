"""The main window: step list, the current page, back/next, help strip, quick exit and auto-lock."""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.gui import deferred, style
from evidence_kit.gui.pages.base import Page
from evidence_kit.gui.session import Session
from evidence_kit.gui.settings import Settings
from evidence_kit.gui.widgets.clipboard import shared_clipboard
from evidence_kit.gui.widgets.help_strip import HelpStrip
from evidence_kit.gui.widgets.step_list import StepEntry, StepList
from evidence_kit.gui.workers import Task

log = logging.getLogger(__name__)

STEPS: tuple[str, ...] = ("welcome", "case", "capture", "accounts", "payments", "facts", "report", "dossier")
PAGE_CLASSES = {
    "welcome": "WelcomePage",
    "case": "CasePage",
    "capture": "CapturePage",
    "accounts": "AccountsPage",
    "payments": "PaymentsPage",
    "facts": "FactsPage",
    "report": "ReportPage",
    "dossier": "DossierPage",
}
DOUBLE_ESCAPE_MS = 700
QUICK_EXIT_WAIT_MS = 3000
WARM_DELAY_MS = 300  # after a case opens, the hidden pages reload once the page shown is painted


def load_page_class(step_id: str) -> type[Page]:
    """The page class of a step (each page's module is imported when the step is first shown)."""
    cls = getattr(importlib.import_module(f"evidence_kit.gui.pages.{step_id}"), PAGE_CLASSES[step_id])
    assert isinstance(cls, type) and issubclass(cls, Page)
    return cls


class _InputWatcher(QObject):
    """Application-wide: notices any input (for auto-lock) and a double Escape (for quick exit)."""

    _INPUT = {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
    }

    def __init__(self, on_input: Callable[[], None], on_double_escape: Callable[[], None]) -> None:
        super().__init__()
        self._on_input = on_input
        self._on_double_escape = on_double_escape
        self._last_escape = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in self._INPUT:
            self._on_input()
        # A key event reaches the QWindow first, then each widget up the chain; count it once.
        if kind == QEvent.Type.KeyPress and isinstance(watched, QWindow) and _is_escape(event):
            now = time.monotonic()
            if now - self._last_escape <= DOUBLE_ESCAPE_MS / 1000:
                self._last_escape = 0.0
                self._on_double_escape()
                return True
            self._last_escape = now
        return False


def _centre_form_labels(page: QWidget) -> None:
    from evidence_kit.gui.pages.common import centre_form_labels  # after the first paint: it loads Qt's enums

    centre_form_labels(page)


def _is_escape(event: QEvent) -> bool:
    from PySide6.QtCore import Qt  # after the first paint (see evidence_kit.gui.deferred)

    return bool(event.key() == Qt.Key.Key_Escape)  # type: ignore[attr-defined]


class MainWindow(QMainWindow):
    quick_exited = Signal()  # the window is hidden and the case locked; the application should end
    locked = Signal()  # auto-lock happened

    def __init__(self, session: Session, settings: Settings | None = None) -> None:
        super().__init__()
        self.session = session
        self.settings = settings or session.settings
        session.settings = self.settings
        self.setObjectName("main_window")
        self.pages: dict[str, Page] = {}
        self._page_classes: dict[str, type[Page]] = {}
        self._scrolls: dict[str, QScrollArea] = {}
        self.current_step = "welcome"
        self.unlock_dialog: QWidget | None = None
        self._given_up_dialog: QWidget | None = None
        self.about_dialog: QWidget | None = None
        self._locked_folder: Path | None = None
        self._quick_exit_done = False
        self._pages_to_warm: list[str] = []
        self._laid_out: set[str] = set()  # pages shown at least once
        self._focus_placed = False

        self._build()
        self._wire()
        from evidence_kit.gui.anchoring import AnchorRunner

        # Timestamps of the custody log, when the vault opted in: sent in the background, never on this thread.
        self.anchoring = AnchorRunner(self.session, parent=self)
        self.anchoring.status_changed.connect(lambda text: self.statusBar().showMessage(text))
        self._auto_lock_timer = QTimer(self)
        self._auto_lock_timer.setSingleShot(True)
        self._auto_lock_timer.timeout.connect(self.auto_lock)
        self.set_auto_lock_minutes(self.settings.auto_lock_minutes)
        # Watched on this program's own windows only (the main one and its dialogs), not application-wide:
        # a Python filter on the application would run for every event Qt makes, thousands per page built.
        self._watcher = _InputWatcher(self._user_input, self.quick_exit)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._watch_window)

        # The other pages (and the core they import), the full message catalog and the knowledge
        # base are read after the first paint, one page per turn of the event loop so the window
        # answers input meanwhile; the timer covers a window that is never painted (tests, tour).
        self._settled = False  # what waited for the first paint is done
        self._all_built = False
        self._build_scheduled = False
        self.show_step("welcome")  # the page translates itself when it is built
        self.retranslate(pages=False)
        QTimer.singleShot(400, self._schedule_building)

    # --- layout ------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        side = QFrame()
        side.setObjectName("side_panel")
        side.setFixedWidth(style.SIDE_WIDTH)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(style.SPACE * 2, style.SPACE * 3, style.SPACE * 2, style.SPACE * 2)
        side_layout.setSpacing(style.SPACE)
        self.app_name = QLabel()
        self.app_name.setProperty("role", "subtitle")
        self.case_label = QLabel()
        self.case_label.setProperty("role", "muted")
        self.case_label.setWordWrap(True)
        self.step_list = StepList()
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lock_button")
        self.about_button = QPushButton()
        self.about_button.setObjectName("about_button")
        self.about_button.setProperty("role", "link")
        side_layout.addWidget(self.app_name)
        side_layout.addWidget(self.case_label)
        side_layout.addSpacing(style.SPACE)
        side_layout.addWidget(self.step_list, 1)
        side_layout.addWidget(self.lock_button)
        side_layout.addWidget(self.about_button)
        outer.addWidget(side)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        top = QHBoxLayout()
        top.setContentsMargins(style.MARGIN, style.SPACE * 2, style.MARGIN, style.SPACE)
        title_box = QVBoxLayout()
        title_box.setSpacing(2)
        self.step_counter = QLabel()
        self.step_counter.setProperty("role", "muted")
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        title_box.addWidget(self.step_counter)
        title_box.addWidget(self.title)
        top.addLayout(title_box, 1)
        self.quick_exit_button = QPushButton()  # a push button takes the keyboard focus (Tab) by default
        self.quick_exit_button.setObjectName("quick_exit")
        exit_box = QVBoxLayout()  # keeps the button at the top when the title wraps
        exit_box.addWidget(self.quick_exit_button)
        exit_box.addStretch(1)
        top.addLayout(exit_box)
        right.addLayout(top)

        self.stack = QStackedWidget()
        self.locked_panel = QLabel()
        deferred.later(self._centre_locked_panel)
        self.locked_panel.setWordWrap(True)
        self.locked_panel.setProperty("role", "lead")
        self.stack.addWidget(self.locked_panel)
        right.addWidget(self.stack, 1)

        nav = QHBoxLayout()
        nav.setContentsMargins(style.MARGIN, style.SPACE, style.MARGIN, style.SPACE * 2)
        self.back_button = QPushButton()
        self.back_button.setObjectName("back_button")
        self.next_button = QPushButton()
        self.next_button.setObjectName("next_button")
        self.next_button.setProperty("role", "primary")
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        right.addLayout(nav)

        self.help_strip = HelpStrip()
        right.addWidget(self.help_strip)
        right_widget = QWidget()
        right_widget.setLayout(right)
        outer.addWidget(right_widget, 1)
        self.setCentralWidget(central)
        self.setMinimumSize(960, 640)

    def _wire(self) -> None:
        self.step_list.step_chosen.connect(self.show_step)
        self.back_button.clicked.connect(lambda: self._move(-1))
        self.next_button.clicked.connect(lambda: self._move(+1))
        self.quick_exit_button.clicked.connect(self.quick_exit)
        self.lock_button.clicked.connect(self.lock_now)
        self.about_button.clicked.connect(self.show_about)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+Q"), self)  # this window at once; dialogs too below
        shortcut.activated.connect(self.quick_exit)
        self._quick_exit_shortcut = shortcut
        deferred.later(self._quick_exit_everywhere)
        deferred.later(self._set_icon)
        self.session.language_changed.connect(self.retranslate)
        self.session.case_opened.connect(self._case_opened)
        self.session.case_closed.connect(self._case_closed)
        self.session.case_changed.connect(lambda _what: self.update_steps())

    # --- pages -------------------------------------------------------------------

    def page_class(self, step_id: str) -> type[Page]:
        if step_id not in self._page_classes:
            self._page_classes[step_id] = load_page_class(step_id)
        return self._page_classes[step_id]

    def page(self, step_id: str) -> Page:
        """The page of a step, built on first use."""
        if step_id not in self.pages:
            page = self.page_class(step_id)(self.session)
            deferred.later(lambda built=page: _centre_form_labels(built))
            if hasattr(page, "request_step"):
                page.request_step.connect(self.show_step)  # type: ignore[attr-defined]
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(style.MARGIN, style.SPACE, style.MARGIN, style.SPACE)
            holder_layout.addWidget(page)
            scroll.setWidget(holder)
            self.stack.addWidget(scroll)
            self.pages[step_id] = page
            self._scrolls[step_id] = scroll
            deferred.later(functools.partial(self._keyboard_ready, page, scroll))
        return self.pages[step_id]

    def _focus_current_page(self) -> None:
        from evidence_kit.gui.widgets.keyboard import focus_first_control

        if self.current_step in self.pages:
            focus_first_control(self.pages[self.current_step])

    def _name_clear_buttons(self) -> None:
        from evidence_kit.gui.widgets.keyboard import name_line_edit_buttons

        for page in self.pages.values():
            name_line_edit_buttons(page, self.session.t("gui.window.clear_field_a11y"))

    def _keyboard_ready(self, page: Page, scroll: QScrollArea) -> None:
        """The scroll area is no silent Tab stop (the focus goes to the page's controls); the clear buttons
        inside line edits get a name.  After the first paint: Qt's enum namespace is not needed before."""
        from PySide6.QtCore import Qt

        from evidence_kit.gui.widgets.keyboard import name_line_edit_buttons

        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        name_line_edit_buttons(page, self.session.t("gui.window.clear_field_a11y"))

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint and not self._all_built:
            self._schedule_building()
        elif kind == QEvent.Type.Show:
            self._watch_window(self.windowHandle())
            if not self._focus_placed:  # the first page starts on its first control, not on the step list
                self._focus_placed = True
                deferred.later(self._focus_current_page)
        return super().event(event)

    def _watch_window(self, window: QWindow | None) -> None:
        """Count input (auto-lock, double Escape) in the main window and in the dialogs it opens."""
        own = self.windowHandle()
        if window is not None and own is not None and (window is own or window.transientParent() is own):
            window.installEventFilter(self._watcher)  # Qt never installs the same filter twice

    def _schedule_building(self) -> None:
        if not self._all_built and not self._build_scheduled:
            self._build_scheduled = True
            QTimer.singleShot(0, self._build_next_page)

    def _settle(self) -> None:
        """Right after the first paint: deferred settings, then the help strip from the knowledge base."""
        if not self._settled:
            self._settled = True
            deferred.run_pending()
            self._update_help_strip()

    def _build_next_page(self) -> None:
        self._build_scheduled = False
        if self._all_built:
            return
        self._settle()
        missing = [step_id for step_id in STEPS if step_id not in self.pages]
        if missing:
            self.page(missing[0])
        if len(missing) <= 1:
            self._all_built = True
            self.update_steps()
        else:
            self._schedule_building()

    def build_all_pages(self) -> None:
        """Build every page now instead of after the first paint (the tour and tests need them all)."""
        self._settle()
        for step_id in STEPS:
            self.page(step_id)
        self._all_built = True
        self.update_steps()

    def step_title(self, step_id: str) -> str:
        page = self.pages.get(step_id)
        key = page.title_key if page is not None and page.title_key else f"gui.step.{step_id}"
        if not self.session.translator.has(key):
            key = f"gui.step.{step_id}"
        return self.session.t(key)

    def _needs_case(self, step_id: str) -> bool:
        page = self.pages.get(step_id)
        if page is not None:
            return bool(page.needs_case)
        return step_id not in ("welcome", "case")

    def reachable(self, step_id: str) -> bool:
        return self.session.case is not None or not self._needs_case(step_id)

    def show_step(self, step_id: str) -> None:
        if step_id not in STEPS:
            return
        if not self.reachable(step_id):
            step_id = "case"
        page = self.page(step_id)
        self.current_step = step_id
        self._laid_out.add(step_id)
        self.stack.setCurrentWidget(self._scrolls[step_id])
        self._scrolls[step_id].verticalScrollBar().setValue(0)
        try:
            page.refresh()
        except Exception:  # noqa: BLE001 - show the page even if its data could not be loaded
            log.exception("page %s failed to refresh", step_id)
        self._update_header()
        self.update_steps()
        if self.isVisible():  # the focus on the page's first control (its name read out), not on the page
            from evidence_kit.gui.widgets.keyboard import focus_first_control, name_line_edit_buttons

            name_line_edit_buttons(page, self.session.t("gui.window.clear_field_a11y"))  # fields made by refresh()
            focus_first_control(page)

    def _move(self, delta: int) -> None:
        index = STEPS.index(self.current_step) + delta
        if 0 <= index < len(STEPS):
            self.show_step(STEPS[index])

    def update_steps(self) -> None:
        entries = []
        for step_id in STEPS:
            page = self.pages.get(step_id)
            done = False
            if page is not None:
                try:
                    done = bool(page.is_done())
                except Exception:  # noqa: BLE001 - a done mark is not worth a crash
                    log.exception("page %s is_done failed", step_id)
            entries.append(
                StepEntry(
                    step_id,
                    self.step_title(step_id),
                    done,
                    self.reachable(step_id),
                    self.session.t("gui.step.status_done" if done else "gui.step.status_todo"),
                )
            )
        self.step_list.set_steps(entries, self.current_step)

    def _update_header(self) -> None:
        index = STEPS.index(self.current_step)
        self.step_counter.setText(self.session.t("gui.window.step_of", n=index + 1, total=len(STEPS)))
        self.title.setText(self.step_title(self.current_step))
        self.back_button.setEnabled(index > 0)
        last = index == len(STEPS) - 1
        self.next_button.setVisible(not last)
        if not last:
            following = STEPS[index + 1]
            self.next_button.setText(self.session.t("gui.window.next", step=self.step_title(following)))
            self.next_button.setAccessibleName(self.next_button.text())
            ready = self.reachable(following)
            self.next_button.setEnabled(ready)
            self.next_button.setToolTip("" if ready else self.session.t("gui.window.next_needs_vault"))
            self.next_button.setAccessibleDescription(self.next_button.toolTip())

    # --- language ------------------------------------------------------------------

    def retranslate(self, pages: bool = True) -> None:
        t = self.session.t
        self.setWindowTitle(t("gui.window.title"))
        self.app_name.setText(t("gui.app_name"))
        self.quick_exit_button.setText(t("gui.quick_exit.button"))
        self.quick_exit_button.setToolTip(t("gui.quick_exit.tooltip"))
        self.quick_exit_button.setAccessibleName(t("gui.quick_exit.a11y"))
        self.lock_button.setText(t("gui.window.lock"))
        self.lock_button.setAccessibleName(t("gui.window.lock"))
        self.about_button.setText(t("gui.window.about"))
        self.about_button.setAccessibleName(t("gui.window.about"))
        self.back_button.setText(t("gui.window.back"))
        self.back_button.setAccessibleName(t("gui.window.back"))
        self.step_list.setAccessibleName(t("gui.window.steps_a11y"))
        self.stack.setAccessibleName(t("gui.window.page_a11y"))
        self.locked_panel.setText(t("gui.window.locked_panel"))
        self._update_help_strip()
        self._update_case_label()
        deferred.later(self._name_clear_buttons)
        for page in self.pages.values() if pages else ():
            try:
                page.retranslate()
            except Exception:  # noqa: BLE001 - keep the other pages in the new language
                log.exception("page %s failed to retranslate", page.step_id)
        self._update_header()
        self.update_steps()
        try:
            from evidence_kit.gui.app import apply_qt_translations

            apply_qt_translations(self.session.translator.lang)
        except ImportError:
            pass

    def show_about(self) -> None:
        """The About box (version, licence, components), as a dialog of this window."""
        try:
            from evidence_kit.gui.about import AboutDialog
        except ImportError:  # a build without it: the button does nothing rather than fail
            log.warning("the About box is not available")
            return
        dialog = AboutDialog(self.session.translator, self)
        self.about_dialog = dialog
        dialog.open()

    def _set_icon(self) -> None:
        try:
            from evidence_kit.gui.about import application_icon
        except ImportError:
            return
        self.setWindowIcon(application_icon())

    def _centre_locked_panel(self) -> None:
        from PySide6.QtCore import Qt

        self.locked_panel.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def _quick_exit_everywhere(self) -> None:
        from PySide6.QtCore import Qt

        # Also while a dialog of the program (unlock, file choice, message) has the focus.
        self._quick_exit_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)

    def _update_help_strip(self) -> None:
        # Before the first paint the strip uses its built-in copy of the helplines (same facts).
        session = self.session
        self.help_strip.retranslate(session.t, session.translator.lang, session.country, use_knowledge=self._settled)

    def _update_case_label(self) -> None:
        case, t = self.session.case, self.session.t
        label = t("gui.window.case_open", reference=case.reference) if case else t("gui.window.no_case")
        self.case_label.setText(label)
        self.lock_button.setEnabled(case is not None)
        self._update_header()  # "Next" waits for a vault, and says so

    # --- case state --------------------------------------------------------------------

    def _case_opened(self) -> None:
        self._locked_folder = None
        self._update_case_label()
        for page in self.pages.values():
            if page.isVisible():  # the others reload when shown (show_step): a large case opens at once
                self._safe_refresh(page)
        if self.stack.currentWidget() is self.locked_panel:
            self.show_step(self.current_step)
        self.update_steps()
        self._restart_auto_lock()
        self._pages_to_warm = [step for step in STEPS if step in self.pages]
        QTimer.singleShot(WARM_DELAY_MS, self._warm_next_page)

    def _warm_next_page(self) -> None:
        """While the person reads the page shown, the hidden ones reload (one per turn of the event loop), so a
        switch to them later only shows what is ready: the first visit of a page is as quick as the next."""
        while self._pages_to_warm and self.session.case is not None:
            page = self.pages[self._pages_to_warm.pop(0)]
            if not page.isVisible() and page.needs_case:
                self._safe_refresh(page)
                self._lay_out_unseen(page.step_id)
                QTimer.singleShot(0, self._warm_next_page)
                return

    def _lay_out_unseen(self, step_id: str) -> None:
        """A page never shown yet is shown once with painting off, then the page in view again: its first show
        (style, layout of every wrapped text) costs more than any reload, and is done here, unseen."""
        if step_id in self._laid_out or not self.isVisible():
            return
        self._laid_out.add(step_id)
        current = self.stack.currentWidget()
        focused = QApplication.focusWidget()
        self.stack.setUpdatesEnabled(False)
        try:
            self.stack.setCurrentWidget(self._scrolls[step_id])
            self.stack.setCurrentWidget(current)
        finally:
            self.stack.setUpdatesEnabled(True)
        if focused is not None and focused.isVisible():
            focused.setFocus()

    def _case_closed(self) -> None:
        self._update_case_label()
        shared_clipboard().clear()
        for page in self.pages.values():
            self._safe_refresh(page)
        self.update_steps()

    def _safe_refresh(self, page: Page) -> None:
        try:
            page.refresh()
        except Exception:  # noqa: BLE001
            log.exception("page %s failed to refresh", page.step_id)

    # --- quick exit --------------------------------------------------------------------

    def quick_exit(self) -> None:
        """Hide everything at once, then lock the case and clear the clipboard."""
        if self._quick_exit_done:
            return
        self._quick_exit_done = True
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.hide()
        self.hide()
        self._auto_lock_timer.stop()
        self._stop_tasks()
        self.session.lock()
        shared_clipboard().clear()
        self.quick_exited.emit()

    def _stop_tasks(self, detach: bool = False) -> bool:
        """Cancel this window's background work and wait a little for it (never another window's)."""
        return Task.stop(self.session, QUICK_EXIT_WAIT_MS, detach=detach)

    # --- auto-lock ------------------------------------------------------------------------

    def set_auto_lock_minutes(self, minutes: float) -> None:
        self.settings.auto_lock_minutes = max(0.0, float(minutes))
        self._restart_auto_lock()

    def _restart_auto_lock(self) -> None:
        minutes = self.settings.auto_lock_minutes
        if minutes > 0 and self.session.case is not None:
            from PySide6.QtCore import Qt

            # Precise: a coarse timer rounds a minute-long wait, so the time left would not follow input.
            self._auto_lock_timer.setTimerType(Qt.TimerType.PreciseTimer)
            self._auto_lock_timer.start(max(50, int(minutes * 60_000)))
        else:
            self._auto_lock_timer.stop()

    def auto_lock_remaining_ms(self) -> int:
        """Milliseconds before the auto-lock, or -1 when it is not counting."""
        return int(self._auto_lock_timer.remainingTime()) if self._auto_lock_timer.isActive() else -1

    def _user_input(self) -> None:
        if self.session.case is not None and self._auto_lock_timer.isActive():
            self._auto_lock_timer.start()

    def lock_now(self) -> None:
        self.auto_lock(force=True)

    def auto_lock(self, force: bool = False) -> None:
        """Forget the keys after inactivity and ask for the passphrase again."""
        case = self.session.case
        if case is None:
            return
        if not force and Task.running(self.session):
            self._restart_auto_lock()  # never lock under a running import or export
            return
        if force:
            self._stop_tasks()
        self._locked_folder = Path(case.folder)
        self.session.lock()
        self.stack.setCurrentWidget(self.locked_panel)
        self.locked.emit()
        self._ask_unlock()

    def _ask_unlock(self) -> None:
        from evidence_kit.gui.widgets.unlock_dialog import UnlockDialog

        if self._locked_folder is None:
            return
        self._forget_unlock_dialog()
        dialog = UnlockDialog(self.session, self._locked_folder, self)
        dialog.unlocked.connect(self.session.set_case)
        dialog.accepted.connect(self._unlock_done)
        dialog.rejected.connect(self._unlock_given_up)
        self.unlock_dialog = dialog
        dialog.open()

    def _forget_unlock_dialog(self) -> None:
        # Deleted once closed: a long session locks and unlocks many times, and each dialog would stay.
        # One given up is kept until the next lock (its owner may still look at it), then deleted.
        dialog, self.unlock_dialog = self.unlock_dialog, None
        stale, self._given_up_dialog = self._given_up_dialog, None
        for closed in (dialog, stale):
            if closed is not None:
                closed.deleteLater()

    def _unlock_done(self) -> None:
        self._forget_unlock_dialog()

    def _unlock_given_up(self) -> None:
        stale = self._given_up_dialog
        self._given_up_dialog, self.unlock_dialog = self.unlock_dialog, None
        if stale is not None:
            stale.deleteLater()
        folder = self._locked_folder
        page = self.page("case")
        if folder is not None and hasattr(page, "prefill_open"):
            page.prefill_open(folder)  # type: ignore[attr-defined]
        self.show_step("case")

    # --- closing --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._auto_lock_timer.stop()
        # The pages are going away: their tasks deliver nothing more (a case opened late is closed again).
        self._stop_tasks(detach=True)
        self.session.lock()
        shared_clipboard().clear()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected by an earlier close
                app.focusWindowChanged.disconnect(self._watch_window)
        own = self.windowHandle()
        if own is not None:
            own.removeEventFilter(self._watcher)
        super().closeEvent(event)


def fit_to_screen(window: QMainWindow) -> None:
    """A comfortable first size: 1280x800 where the screen allows it."""
    screen = window.screen()
    available = screen.availableGeometry() if screen is not None else None
    width, height = 1280, 800
    if available is not None:
        width = min(width, available.width())
        height = min(height, available.height())
    window.resize(width, height)
    window.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
