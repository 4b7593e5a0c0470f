"""Step 3: keep the proof — capture the screen, import or paste pictures, describe, crop or redact them.

The page wires widgets to the jobs of ``evidence_kit.capture_jobs``: each job
runs in a background task under the session's write lock, one at a time, and
reports what it did as typed events; each new item shows up in the list as
soon as it is stored. The list is a view over a model, its thumbnails decoded
in the background for the rows on screen only, so a vault of thousands of
items opens at once.
"""

from __future__ import annotations

import html
import importlib
import logging
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.capture_jobs import (
    Added,
    BlankCapture,
    CaptureScreen,
    ChatImported,
    ChooseConversation,
    Derive,
    EditMode,
    ImportFiles,
    Job,
    JobEvent,
    KeptAsFile,
    MarkIntimate,
    Paste,
    RecordIntimate,
    Rejected,
)
from evidence_kit.gui import external, ocr_runner, style
from evidence_kit.gui.evidence_model import EvidenceListModel
from evidence_kit.gui.pages import capture_dialogs as dialogs
from evidence_kit.gui.pages.base import Page
from evidence_kit.gui.pages.capture_details import PAGE_WIDGETS, ItemDetails, short_time
from evidence_kit.gui.pages.capture_phone import build_phone_help
from evidence_kit.gui.pages.common import button
from evidence_kit.gui.pages.welcome import card, wrapping_label
from evidence_kit.gui.picture_sources import ClipboardImage, ScreenShots
from evidence_kit.gui.session import Session
from evidence_kit.gui.thumbnails import ThumbnailLoader
from evidence_kit.gui.widgets.keyboard import bring_into_view
from evidence_kit.gui.widgets.thumbnail_list import ThumbnailList
from evidence_kit.gui.widgets.unlock_dialog import error_text
from evidence_kit.gui.workers import Task, Writer

log = logging.getLogger(__name__)

WARNING_SEEN = "capture.intimate_warning"
TAKE_IT_DOWN = "https://takeitdown.ncmec.org/"
STOP_NCII = "https://stopncii.org/"

# The page's fixed texts as data: widget attribute -> catalog key (retranslate() is a loop over them).
BUTTONS = {  # text and accessible name
    "understood_button": "gui.capture.understood",
    "record_intimate_button": "gui.capture.record_intimate",
    "import_button": "gui.capture.import",
    "paste_button": "gui.capture.paste",
    "cancel_button": "gui.capture.cancel",
    "phone_button": "receiver.panel.open",
}
TEXTS = {
    "capture_button": "gui.capture.capture",
    "delay_label": "gui.capture.delay",
    "drop_hint": "gui.capture.drop_hint",
    "blank_title": "gui.capture.blank_title",
    "blank_text": "gui.capture.blank_text",
    "phone_title": "gui.capture.phone_title",
    "phone_text": "gui.capture.phone_text",
}
NAMES = {  # accessible names of widgets whose text is something else
    "warning_text": "gui.capture.warning_title",
    "capture_button": "gui.capture.capture_a11y",
    "delay": "gui.capture.delay_a11y",
    "progress": "gui.capture.progress_a11y",
    "items_list": "gui.capture.list_a11y",
}


def platform_choices(t: Any) -> list[tuple[str, str]]:
    """(id, name) of the known platforms, from the knowledge base through the pages' adapter ("other" apart)."""
    from evidence_kit.gui.pages import guide

    return [(p.id, p.name) for p in guide.platforms(t) if p.id != guide.OTHER]


class CapturePage(Page):
    step_id = "capture"
    title_key = "gui.step.capture"
    needs_case = True

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.task: Task | None = None
        self.writer = Writer(session, self)  # the page's own writes (the jobs below write in their task)
        self._acknowledged: Any = None  # the case whose warning was just understood
        self.queue: list[Job] = []
        self.sequence: Any = None
        self.last_blank = False
        self.messages: list[str] = []
        self.reviews: list[str] = []  # chat imports to open for review once the current task ends
        self.choices: list[ChooseConversation] = []  # exports holding several conversations, to ask about
        self.chat_review: Any = None
        self.editor: Any = None
        self.platforms = platform_choices(session.translator)
        self._show_pending = False
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE * 2)
        layout.addWidget(self._build_warning())
        layout.addWidget(self._build_actions())
        layout.addWidget(self._build_blank_help())
        body = QHBoxLayout()
        body.setSpacing(style.SPACE * 2)
        self.thumbnails = ThumbnailLoader(session, parent=self)
        self.model = EvidenceListModel(self._label_for, self.thumbnails, parent=self)
        self.items_list = ThumbnailList(self.model)
        self.items_list.setMinimumWidth(260)
        self.items_list.setMaximumWidth(340)
        self.items_list.setMinimumHeight(300)
        self.items_list.current_changed.connect(lambda _id: self._show_current())
        body.addWidget(self.items_list)
        self.item_panel = ItemDetails()
        self.details_card = self.item_panel
        for attribute in PAGE_WIDGETS:
            setattr(self, attribute, getattr(self.item_panel, attribute))
        self.save_button.clicked.connect(self.save_description)
        self.crop_button.clicked.connect(lambda: self.edit_picture(EditMode.CROP))
        self.redact_button.clicked.connect(lambda: self.edit_picture(EditMode.REDACT))
        self.intimate_button.clicked.connect(self.mark_intimate)
        body.addWidget(self.item_panel, 1)
        self.ocr = ocr_runner.attach(self)  # screenshots read in the background; their text in the item panel
        layout.addLayout(body, 1)
        layout.addWidget(build_phone_help(self))

        self.paste_shortcut = QShortcut(QKeySequence.StandardKey.Paste, self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_shortcut.activated.connect(self.paste)
        session.case_closed.connect(self._case_closed)
        self.retranslate()
        self.refresh()
        # The chat reader (half a second of imports) is loaded meanwhile, not when the first case opens.
        threading.Thread(target=_warm_chat_modules, name="warm-chat", daemon=True).start()

    # --- building -------------------------------------------------------------------

    def _build_warning(self) -> QWidget:
        frame, layout = card("warning")
        frame.setObjectName("intimate_warning")
        self.warning_title = wrapping_label("subtitle")
        self.warning_text = wrapping_label()
        self.warning_text.setTextFormat(Qt.TextFormat.RichText)
        self.warning_text.setOpenExternalLinks(False)
        self.warning_text.linkActivated.connect(self._open_link)
        self.warning_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.understood_button = button("understood_button", "primary")
        self.understood_button.clicked.connect(self.acknowledge_warning)
        self.record_intimate_button = button("record_intimate")
        self.record_intimate_button.clicked.connect(self.record_intimate)
        # Title and "record an intimate image" on one line: once understood, the card is that line only.
        top = QHBoxLayout()
        top.setSpacing(style.SPACE * 2)
        top.addWidget(self.warning_title, 1)
        top.addWidget(self.record_intimate_button, 0)
        row = QHBoxLayout()
        row.addWidget(self.understood_button)
        row.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.warning_text)
        layout.addLayout(row)
        self.warning_card = frame
        return frame

    def _build_actions(self) -> QWidget:
        frame, layout = card()
        self.actions_card = frame
        row = QHBoxLayout()
        row.setSpacing(style.SPACE)
        self.capture_button = button("capture_button", "primary")
        self.capture_button.clicked.connect(self.start_capture)
        self.delay_label = QLabel()
        self.delay = QSpinBox()
        self.delay.setObjectName("capture_delay")
        self.delay.setRange(0, 10)
        self.delay.setValue(self.session.settings.capture_delay)
        self.delay.valueChanged.connect(self._delay_changed)
        self.delay_label.setBuddy(self.delay)
        self.import_button = button("import_button")
        self.import_button.clicked.connect(self.choose_files)
        self.paste_button = button("paste_button")
        self.paste_button.clicked.connect(self.paste)
        row.addWidget(self.capture_button)
        row.addWidget(self.delay_label)
        row.addWidget(self.delay)
        row.addSpacing(style.SPACE * 2)
        row.addWidget(self.import_button)
        row.addWidget(self.paste_button)
        row.addStretch(1)
        self.review_button = button("review_chat")
        self.review_button.clicked.connect(self.review_pending_chat)
        self.review_button.setVisible(False)
        row.addWidget(self.review_button)
        layout.addLayout(row)
        self.drop_hint = wrapping_label("muted")
        layout.addWidget(self.drop_hint)
        status = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.cancel_button = button("cancel_import")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_task)
        status.addWidget(self.progress, 1)
        status.addWidget(self.cancel_button)
        layout.addLayout(status)
        self.status = wrapping_label()
        self.status.setObjectName("capture_status")
        self.status.setVisible(False)
        layout.addWidget(self.status)
        return frame

    def _build_blank_help(self) -> QWidget:
        frame, layout = card("warning")
        frame.setObjectName("blank_help")
        self.blank_title = wrapping_label("subtitle")
        self.blank_text = wrapping_label()
        layout.addWidget(self.blank_title)
        layout.addWidget(self.blank_text)
        self.blank_card = frame
        frame.setVisible(False)
        return frame

    # --- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.t
        for attribute, key in BUTTONS.items():
            widget = getattr(self, attribute)
            widget.setText(t(key))
            widget.setAccessibleName(t(key))
        for attribute, key in TEXTS.items():
            getattr(self, attribute).setText(t(key))
        for attribute, key in NAMES.items():
            getattr(self, attribute).setAccessibleName(t(key))
        self.delay.setSuffix(t("gui.capture.seconds_suffix"))
        self._warning_texts()
        self._update_review_button()
        self.item_panel.retranslate(t, self.platforms)
        self.model.refresh_texts()
        self._show_current()

    def _warning_texts(self) -> None:
        t = self.t
        seen = self._warning_seen()
        # Once understood, the warning shrinks to a one-line reminder that stays on the page.
        self.warning_title.setText(t("gui.capture.reminder" if seen else "gui.capture.warning_title"))
        links = (f'<a href="{TAKE_IT_DOWN}">Take It Down</a>', f'<a href="{STOP_NCII}">StopNCII</a>')
        self.warning_text.setText(
            html.escape(t("gui.capture.warning_text")).replace("\n", "<br>")
            + "<br><br>"
            + html.escape(t("gui.capture.warning_services")).format(take_it_down=links[0], stop_ncii=links[1])
        )
        self.warning_text.setVisible(not seen)
        self.understood_button.setVisible(not seen)

    # --- state --------------------------------------------------------------------------

    def refresh(self) -> None:
        case = self.session.case
        seen = self._warning_seen()
        self._warning_texts()
        self._set_capture_enabled(seen and self.task is None)
        if case is None:
            self.model.clear()
            self._show_current()
            return
        self.item_panel.fill_accounts(case)
        self._reload_list(keep=self.items_list.current_id())
        self._update_review_button()

    def is_done(self) -> bool:
        case = self.session.case
        return case is not None and any(not i.intimate for i in case.items.values())

    def _set_capture_enabled(self, enabled: bool) -> None:
        for widget in (self.capture_button, self.import_button, self.paste_button, self.phone_button, self.delay):
            widget.setEnabled(enabled)
        self.setAcceptDrops(enabled)

    def _warning_seen(self) -> bool:
        """Understood: recorded in the case, or (while that write is in flight) just now in this case."""
        case = self.session.case
        return case is not None and (case is self._acknowledged or WARNING_SEEN in case.profile.steps_done)

    def acknowledge_warning(self) -> None:
        case = self.session.case
        if case is None or self._warning_seen():
            return
        self._acknowledged = case  # the page moves on at once; the write follows in a worker thread

        def write(c: Any) -> object:
            with c.transaction():
                if WARNING_SEEN in c.profile.steps_done:
                    return c.profile
                return c.save_profile(replace(c.profile, steps_done=[*c.profile.steps_done, WARNING_SEEN]))

        def failed(exc: BaseException) -> None:
            self._acknowledged = None
            self.refresh()
            self._say(error_text(self.session, exc), error=True)

        self.writer.run(write, lambda _profile: None, failed, queue=True)
        self.refresh()
        self._show_next_action()

    def _show_next_action(self) -> None:
        """The capture button and the new item's title in view, the focus on the button (unless typing in the item)."""
        focused = QApplication.focusWidget()
        typing = focused is not None and self.item_panel.isAncestorOf(focused)
        bring_into_view(self.capture_button, self.item_title, focus=None if typing else self.capture_button)

    def _label_for(self, item: Any) -> tuple[str, str]:
        kind = self.t(f"gui.kind.{item.kind.value}")
        when = short_time(self.session.translator, item.local_time)
        extra = self.t("gui.capture.derived_mark", parent=item.parent) if item.parent else ""
        return f"{item.id} · {kind}{extra}\n{when}", f"{item.id}, {kind}, {when}"

    def _reload_list(self, keep: str = "") -> None:
        """The whole list from the case: one model reset, no widget per item, no picture decoded here."""
        case = self.session.case
        if case is None:
            return
        selection = self.items_list.selectionModel()
        selection.blockSignals(True)  # the details are shown once, below
        try:
            self.model.set_items(case.evidence_items())
            if keep and self.model.row_of(keep) >= 0:
                self.items_list.select(keep)
            elif self.model.rowCount():
                self.items_list.select(self.model.item_at(self.model.rowCount() - 1).id)  # type: ignore[union-attr]
        finally:
            selection.blockSignals(False)
        self._show_current()

    def _show_item_added(self, item: Any) -> None:
        self.model.put(item)
        self.items_list.select(item.id)
        self._show_current_soon()

    def current_item(self) -> Any:
        case = self.session.case
        item_id = self.items_list.current_id()
        if case is None or not item_id:
            return None
        return case.items.get(item_id)

    def _show_current_soon(self) -> None:
        """Once per turn of the event loop, however many items an import just delivered."""
        if not self._show_pending:
            self._show_pending = True
            QTimer.singleShot(0, self._show_current)

    def _show_current(self) -> None:
        self._show_pending = False
        self.item_panel.show_item(self.current_item(), self.session.case, self.t, busy=self.task is not None)

    def _say(self, text: str, error: bool = False) -> None:
        style.set_role(self.status, "error" if error else "")
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # --- describing ------------------------------------------------------------------

    def save_description(self) -> None:
        item = self.current_item()
        case = self.session.case
        if item is None or case is None:
            return
        changes = self.item_panel.changes(item, case)
        item_id = item.id

        def saved(updated: Any) -> None:
            self.model.put(updated)
            self._show_current()  # now, not soon: a later refresh would wipe the "saved" line below
            self.saved_label.setText(self.t("gui.capture.saved"))
            self.session.notify("item")

        def failed(exc: BaseException) -> None:  # shown to the person, nothing changed
            self.saved_label.setText(error_text(self.session, exc))

        self.writer.run(lambda c: c.update_item(item_id, **changes), saved, failed)

    # --- screen capture -----------------------------------------------------------------

    def _delay_changed(self, value: int) -> None:
        self.session.settings.capture_delay = value
        self.session.settings.save()

    def start_capture(self) -> None:
        if self.session.case is None or self.task is not None or self.sequence is not None:
            return
        from evidence_kit.gui.widgets.countdown import CaptureSequence

        window = self.window()
        self.blank_card.setVisible(False)
        self.sequence = CaptureSequence(window, self.delay.value(), self._grab, self)
        self.sequence.start()

    def _grab(self) -> None:
        from evidence_kit.gui.widgets.screen_grab import grab_screens

        self.sequence = None
        if self.session.case is None:
            return
        self._run(CaptureScreen(ScreenShots(grab_screens())))

    def _case_closed(self) -> None:
        if self.sequence is not None:
            self.sequence.cancel()
            self.sequence = None
        self.queue.clear()
        self.reviews.clear()
        self.choices.clear()
        if self.chat_review is not None:
            self.chat_review.done(0)

    # --- import, paste, drop ------------------------------------------------------------

    def choose_files(self) -> None:
        self.import_files(dialogs.choose_files(self, self.t))

    def import_files(self, paths: list[Path]) -> None:
        if not paths:
            return
        keep_media = dialogs.ask_about_chat_media(self, self.t, paths)
        if keep_media is None:
            return
        self._run(ImportFiles(list(paths), keep_media))

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if files:
            self.import_files(files)
        elif mime.hasFormat("image/png"):
            self._run(Paste(bytes(mime.data("image/png").data())))
        elif mime.hasImage():
            self._run(Paste(ClipboardImage(QImage(mime.imageData()))))
        else:
            self._say(self.t("gui.capture.nothing_to_paste"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self.session.case is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            # After the drop has ended: a question asked inside it would freeze the drag on some systems.
            QTimer.singleShot(0, lambda: self.import_files(files))

    # --- background jobs ----------------------------------------------------------------

    def _run(self, job: Job) -> None:
        """Queue a job; one task at a time, so items are stored in the order they came."""
        self.queue.append(job)
        if self.task is None:
            self._next_job()

    def _next_job(self) -> None:
        case = self.session.case
        if not self.queue or case is None:
            return
        job = self.queue.pop(0)
        session = self.session
        task: Task

        def run(progress, cancelled):  # type: ignore[no-untyped-def]
            return job.run(case, task.produce, progress, cancelled)  # the core serialises the commits

        task = Task(run, owner=session)
        task.produced.connect(self._produced)
        task.progressed.connect(self.progress.setValue)
        task.succeeded.connect(self._job_done)
        task.failed.connect(self._job_failed)
        task.finished.connect(self._task_finished)
        self.task = task
        self.messages = []
        self._set_busy(job)
        task.start()

    def _set_busy(self, job: Job | None) -> None:
        busy = job is not None
        progress = job is not None and job.shows_progress
        self.progress.setValue(0)
        self.progress.setVisible(progress)
        self.cancel_button.setVisible(progress)
        self._set_capture_enabled(not busy and self._warning_seen())
        self.item_panel.set_busy(self.current_item(), busy)
        if job is not None:
            self._say(self.t(job.busy_key))
        self.session.busy_changed.emit(busy)

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.queue.clear()

    def _produced(self, event: JobEvent) -> None:
        match event:
            case Added(item=item, duplicate=duplicate):
                self._show_item_added(item)
                self.messages.append(
                    self.t("gui.capture.duplicate" if duplicate else "gui.capture.added", item=item.id)
                )
            case Rejected(error=error):
                self.messages.append(error_text(self.session, error))
            case ChatImported(transcript_id=transcript_id, already=already):
                if transcript_id not in self.reviews:
                    self.reviews.append(transcript_id)
                self.messages.append(self.t("gui.capture.chat_already" if already else "gui.capture.chat_added"))
            case ChooseConversation():
                self.choices.append(event)
            case KeptAsFile():
                self.messages.append(self.t("gui.capture.chat_kept_as_file"))
            case BlankCapture():
                self.last_blank = True
                self.blank_card.setVisible(True)  # the card says it; the status line does not repeat it

    def _job_done(self, result: object) -> None:
        count = int(result) if isinstance(result, int) else 0
        lines = [self.t("gui.capture.summary", n=count)] if count else []
        lines.extend(self.messages[-6:])
        self._say("\n".join(lines))

    def _job_failed(self, exc: BaseException) -> None:
        from evidence_kit.core.errors import Cancelled

        cancelled = isinstance(exc, Cancelled)
        text = self.t("gui.capture.cancelled") if cancelled else error_text(self.session, exc)
        self._say("\n".join([*self.messages[-5:], text]), error=not cancelled)

    def _task_finished(self) -> None:
        self.task = None
        self._set_busy(None)
        if self.reviews:
            self._reload_list(keep=self.items_list.current_id())  # the export's media came in as items too
        self._show_current()
        self.session.notify("item")
        self._update_review_button()
        self._show_next_action()
        if self.queue:
            self._next_job()
        elif self.choices:
            self._choose_conversation(self.choices.pop(0))
        elif self.reviews:
            self.open_chat_review(self.reviews.pop(0))

    def _choose_conversation(self, choice: ChooseConversation) -> None:
        title = dialogs.choose_conversation(self, self.t, choice)
        if title:
            self._run(ImportFiles([choice.path], choice.chat_media, conversation=title))
        else:
            self._say(self.t("gui.capture.chat_not_imported", name=choice.path.name))

    # --- chat exports --------------------------------------------------------------------

    def pending_chats(self) -> list[Any]:
        """Imports whose key messages, identifiers or scammer still wait for the person."""
        case = self.session.case
        if case is None or "transcript" not in case.extra:
            return []
        from evidence_kit.chat.importer import list_imports

        try:
            records = list_imports(case)
        except Exception:  # noqa: BLE001 - a record that does not read is reported by verify, not here
            log.warning("a chat import record could not be read")
            return []
        return [r for r in records if r.pending_flags() or r.pending_identifiers() or not r.scammer_given]

    def _update_review_button(self) -> None:
        pending = self.pending_chats()
        self.review_button.setVisible(bool(pending))
        if pending:
            self.review_button.setText(self.t("gui.capture.review_chat", n=len(pending)))
            self.review_button.setAccessibleName(self.t("gui.capture.review_chat", n=len(pending)))

    def review_pending_chat(self) -> None:
        pending = self.pending_chats()
        if pending:
            self.open_chat_review(pending[0].transcript_id)

    def open_chat_review(self, transcript_id: str) -> None:
        """The review opens window-modal and returns at once; the page updates when it closes."""
        if self.session.case is None or self.chat_review is not None:
            return
        from evidence_kit.gui.widgets.chat_review import ChatReviewDialog

        dialog = ChatReviewDialog(self.session, transcript_id, self)
        dialog.finished.connect(self._chat_review_closed)
        self.chat_review = dialog
        dialog.open()

    def _chat_review_closed(self, _result: int) -> None:
        dialog, self.chat_review = self.chat_review, None
        if dialog is not None:
            dialog.deleteLater()
        if self.session.case is None:
            return
        self.item_panel.fill_accounts(self.session.case)
        self._reload_list(keep=self.items_list.current_id())
        self._update_review_button()
        if self.reviews:
            self.open_chat_review(self.reviews.pop(0))

    # --- derived items and intimate images ------------------------------------------------

    def edit_picture(self, mode: EditMode | str) -> None:
        item = self.current_item()
        case = self.session.case
        if item is None or case is None or not item.is_image:
            return
        from evidence_kit.gui.widgets.image_editor import EditMode as EditorMode
        from evidence_kit.gui.widgets.image_editor import ImageEditorDialog

        with case.open_original(item.id) as reader:
            data = reader.read()
        image = QImage.fromData(data)
        del data
        if image.isNull():
            self._say(self.t("gui.capture.no_preview"))
            return
        dialog = ImageEditorDialog(image, EditorMode(str(mode)), self.t, self)
        self.editor = dialog
        if dialog.exec() != ImageEditorDialog.DialogCode.Accepted:
            self.editor = None
            return
        self.editor = None
        self.derive(item.id, EditMode(mode), dialog.boxes(), dialog.redaction_style())

    def derive(
        self, item_id: str, mode: EditMode | str, boxes: list[tuple[int, int, int, int]], redaction_style: str = "black"
    ) -> None:
        self._run(Derive(item_id, EditMode(mode), boxes, redaction_style))

    def mark_intimate(self) -> None:
        item = self.current_item()
        if item is None:
            return
        if dialogs.confirm_intimate(self, self.t, item.id):
            self._run(MarkIntimate(item.id))

    def record_intimate(self) -> None:
        if self.session.case is None:
            return
        answer = dialogs.ask_intimate_record(self, self.t)
        if answer is not None:
            self._run(RecordIntimate(*answer))

    def _open_link(self, url: str) -> None:
        external.open_url(url)


def _warm_chat_modules() -> None:
    for module in ("evidence_kit.chat.reader", "evidence_kit.chat.importer"):
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - imported again, with its error, when a chat is read
            log.warning("the chat reader could not be loaded ahead")
            return
