"""Step 8: export the sealed, encrypted PDF dossier for the police, the 3018 or oneself, and say how to hand it over."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.core.model import CustodyAction
from evidence_kit.gui import external, style
from evidence_kit.gui.pages.base import Page
from evidence_kit.gui.pages.common import (
    button,
    card,
    checkbox,
    error_message,
    fill_combo,
    form_layout,
    line_edit,
    name,
    select_data,
    wrapping_label,
)
from evidence_kit.gui.session import Session
from evidence_kit.gui.widgets.clipboard import shared_clipboard
from evidence_kit.gui.widgets.complaint_help import ComplaintHelp
from evidence_kit.gui.widgets.hash_label import HashLabel
from evidence_kit.gui.widgets.keyboard import bring_into_view
from evidence_kit.gui.workers import Task

log = logging.getLogger(__name__)

RECIPIENTS = ("police", "3018", "self")
DEFAULT_TSA = "https://freetsa.org/tsr"  # a free public RFC 3161 authority; asked only when the person ticks the box
MIN_PASSWORD = 8


def _propose_password() -> str:
    from evidence_kit.dossier.password import propose_password

    return propose_password()


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents) if documents else Path.home()
    return folder if folder.is_dir() else Path.home()


class DossierPage(Page):
    step_id = "dossier"
    title_key = "gui.step.dossier"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.task: Task | None = None
        self.result: object | None = None
        self._originals_touched = False
        self._path_touched = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE * 2)
        self.lead = wrapping_label("lead")
        layout.addWidget(self.lead)
        self.summary = wrapping_label("muted")
        self.summary.setObjectName("dossier_summary")
        layout.addWidget(self.summary)

        columns = QHBoxLayout()
        columns.setSpacing(style.SPACE * 2)
        columns.addWidget(self._build_recipient(), 1)
        columns.addWidget(self._build_options(), 1)
        layout.addLayout(columns)
        layout.addWidget(self._build_password())
        layout.addWidget(self._build_export())
        layout.addWidget(self._build_result())
        self.complaint = ComplaintHelp(session, lambda: str(getattr(self.result, "sha256", "") or ""))
        layout.addWidget(self.complaint)
        layout.addStretch(1)
        self.recipient_buttons["police"].setChecked(True)
        self.password.setText(_propose_password())
        self.password_generated = True
        self.session.case_opened.connect(self._case_opened)
        self.session.case_closed.connect(self._case_closed)
        self.retranslate()

    # --- layout -------------------------------------------------------------------

    def _build_recipient(self) -> QWidget:
        frame, inner = card()
        self.recipient_title = wrapping_label("subtitle")
        inner.addWidget(self.recipient_title)
        self.recipient_group = QButtonGroup(self)
        self.recipient_buttons: dict[str, QRadioButton] = {}
        self.recipient_hints: dict[str, QLabel] = {}
        for recipient in RECIPIENTS:
            radio = QRadioButton()
            radio.setObjectName(f"recipient_{recipient}")
            hint = wrapping_label("muted")
            hint.setContentsMargins(style.SPACE * 3, 0, 0, style.SPACE)
            self.recipient_group.addButton(radio)
            self.recipient_buttons[recipient] = radio
            self.recipient_hints[recipient] = hint
            inner.addWidget(radio)
            inner.addWidget(hint)
            radio.toggled.connect(self._recipient_changed)
        inner.addStretch(1)
        return frame

    def _build_options(self) -> QWidget:
        frame, inner = card()
        self.options_title = wrapping_label("subtitle")
        inner.addWidget(self.options_title)
        form = form_layout()
        form.setHorizontalSpacing(style.SPACE * 2)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.language = QComboBox()
        self.language.setObjectName("dossier_language")
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        form.addRow(self.language_label, self.language)
        inner.addLayout(form)
        self.originals = checkbox("dossier_originals")
        self.originals_hint = wrapping_label("muted")
        self.originals.toggled.connect(self._originals_changed)
        inner.addWidget(self.originals)
        inner.addWidget(self.originals_hint)
        self.timestamp = checkbox("dossier_timestamp")
        self.timestamp_hint = wrapping_label("muted")
        self.tsa_url = line_edit("dossier_tsa_url")
        self.tsa_url.setText(DEFAULT_TSA)
        self.timestamp.toggled.connect(self.tsa_url.setEnabled)
        self.tsa_url.setEnabled(False)
        inner.addWidget(self.timestamp)
        inner.addWidget(self.timestamp_hint)
        inner.addWidget(self.tsa_url)
        inner.addStretch(1)
        return frame

    def _build_password(self) -> QWidget:
        frame, inner = card()
        self.password_title = wrapping_label("subtitle")
        self.password_hint = wrapping_label("muted")
        inner.addWidget(self.password_title)
        inner.addWidget(self.password_hint)
        row = QHBoxLayout()
        self.password = QLineEdit()
        self.password.setObjectName("dossier_password")
        self.password.setFont(style.monospace_font())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.textEdited.connect(self._password_typed)
        self.show_password = button("show_password")
        self.show_password.setCheckable(True)
        self.show_password.toggled.connect(self._toggle_password)
        self.copy_password = button("copy_password")
        self.copy_password.clicked.connect(self.copy_password_now)
        self.new_password = button("new_password")
        self.new_password.clicked.connect(self.propose_new_password)
        row.addWidget(self.password, 1)
        row.addWidget(self.show_password)
        row.addWidget(self.copy_password)
        row.addWidget(self.new_password)
        inner.addLayout(row)
        self.password_message = wrapping_label("muted")
        self.password_message.setObjectName("password_message")
        self.password_message.setVisible(False)  # shown only when it has something to say
        inner.addWidget(self.password_message)
        return frame

    def _build_export(self) -> QWidget:
        frame, inner = card()
        self.where_title = wrapping_label("subtitle")
        inner.addWidget(self.where_title)
        path_row = QHBoxLayout()
        self.out_path = line_edit("dossier_out_path")
        self.out_path.textEdited.connect(lambda _text: setattr(self, "_path_touched", True))
        self.choose_path = button("choose_dossier_path")
        self.choose_path.clicked.connect(self._choose_path)
        path_row.addWidget(self.out_path, 1)
        path_row.addWidget(self.choose_path)
        inner.addLayout(path_row)
        export_row = QHBoxLayout()
        self.export_button = button("export_dossier", "primary")
        self.export_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = button("cancel_export")
        self.cancel_button.clicked.connect(self.cancel_export)
        self.cancel_button.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("export_progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        export_row.addWidget(self.export_button)
        export_row.addWidget(self.progress, 1)
        export_row.addWidget(self.cancel_button)
        export_row.addStretch(0)
        inner.addLayout(export_row)
        self.export_message = wrapping_label()
        self.export_message.setObjectName("export_message")
        inner.addWidget(self.export_message)
        return frame

    def _build_result(self) -> QWidget:
        frame, inner = card()
        frame.setObjectName("dossier_result")
        self.result_card = frame
        self.result_title = wrapping_label("subtitle")
        self.result_path = wrapping_label()
        self.result_path.setObjectName("dossier_result_path")
        self.open_folder = button("open_dossier_folder")
        self.open_folder.clicked.connect(self.open_result_folder)
        self.hash_title = wrapping_label()
        self.hash_label = HashLabel()
        self.hash_label.setObjectName("dossier_sha256")
        self.fingerprint_title = wrapping_label()
        self.fingerprint_label = HashLabel()
        self.fingerprint_label.setObjectName("dossier_seal_fingerprint")
        self.fingerprint_advice = wrapping_label("muted")
        self.fingerprint_advice.setObjectName("dossier_fingerprint_advice")
        self.warnings = wrapping_label()
        self.warnings.setObjectName("dossier_warnings")
        self.handover_title = wrapping_label("subtitle")
        self.handover = wrapping_label()
        self.handover.setObjectName("dossier_handover")
        inner.addWidget(self.result_title)
        path_row = QHBoxLayout()
        path_row.addWidget(self.result_path, 1)
        path_row.addWidget(self.open_folder, 0, Qt.AlignmentFlag.AlignTop)
        inner.addLayout(path_row)
        inner.addWidget(self.hash_title)
        inner.addWidget(self.hash_label)
        inner.addWidget(self.fingerprint_title)
        inner.addWidget(self.fingerprint_label)
        inner.addWidget(self.fingerprint_advice)
        inner.addWidget(self.warnings)
        inner.addSpacing(style.SPACE)
        inner.addWidget(self.handover_title)
        inner.addWidget(self.handover)
        frame.setVisible(False)
        return frame

    # --- texts -------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.t
        self.lead.setText(t("pages.dossier.lead"))
        self.recipient_title.setText(t("pages.dossier.recipient_title"))
        for recipient, radio in self.recipient_buttons.items():
            radio.setText(t(f"pages.dossier.recipient.{recipient}"))
            name(radio, t(f"pages.dossier.recipient.{recipient}"), t(f"pages.dossier.recipient_hint.{recipient}"))
            self.recipient_hints[recipient].setText(t(f"pages.dossier.recipient_hint.{recipient}"))
        self.options_title.setText(t("pages.dossier.options_title"))
        self.language_label.setText(t("pages.dossier.language"))
        name(self.language, t("pages.dossier.language"))
        fill_combo(self.language, [("fr", "Français"), ("en", "English")], keep=self.language.currentData())
        self.originals.setText(t("pages.dossier.originals"))
        name(self.originals, t("pages.dossier.originals"), t("pages.dossier.originals_hint"))
        self.originals_hint.setText(t("pages.dossier.originals_hint"))
        self.timestamp.setText(t("pages.dossier.timestamp"))
        name(self.timestamp, t("pages.dossier.timestamp"), t("pages.dossier.timestamp_hint"))
        self.timestamp_hint.setText(t("pages.dossier.timestamp_hint"))
        name(self.tsa_url, t("pages.dossier.tsa_url"))
        self.password_title.setText(t("pages.dossier.password_title"))
        self.password_hint.setText(t("pages.dossier.password_hint"))
        name(self.password, t("pages.dossier.password_title"), t("pages.dossier.password_hint"))
        self._toggle_password(self.show_password.isChecked())
        self.copy_password.setText(t("pages.dossier.copy_password"))
        name(self.copy_password, t("pages.dossier.copy_password"))
        self.new_password.setText(t("pages.dossier.new_password"))
        name(self.new_password, t("pages.dossier.new_password"))
        self.where_title.setText(t("pages.dossier.where_title"))
        name(self.out_path, t("pages.dossier.where_title"))
        self.choose_path.setText(t("pages.dossier.choose_path"))
        name(self.choose_path, t("pages.dossier.choose_path"))
        self.export_button.setText(t("pages.dossier.export"))
        name(self.export_button, t("pages.dossier.export"))
        self.cancel_button.setText(t("pages.dossier.cancel"))
        name(self.cancel_button, t("pages.dossier.cancel"))
        name(self.progress, t("pages.dossier.progress"))
        self.result_title.setText(t("pages.dossier.result_title"))
        self.open_folder.setText(t("pages.dossier.open_folder"))
        name(self.open_folder, t("pages.dossier.open_folder"))
        self.hash_title.setText(t("pages.dossier.hash_title"))
        self.hash_label.retranslate(t)
        self.fingerprint_title.setText(t("pages.dossier.fingerprint_title"))
        self.fingerprint_label.retranslate(t)
        self.handover_title.setText(t("pages.dossier.handover_title"))
        self._show_result()
        self.refresh()

    # --- state ----------------------------------------------------------------------

    def recipient(self) -> str:
        for recipient, radio in self.recipient_buttons.items():
            if radio.isChecked():
                return recipient
        return "police"

    def _case_opened(self) -> None:
        case = self.session.case
        if case is not None:
            select_data(self.language, case.profile.language or self.session.translator.lang)
        self.result = None
        self._path_touched = False
        self.result_card.setVisible(False)
        self.refresh()

    def _case_closed(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def refresh(self) -> None:
        case = self.session.case
        t = self.session.translator
        if case is None:
            self.summary.clear()
            self.export_button.setEnabled(False)
            return
        self.export_button.setEnabled(self.task is None)
        from evidence_kit.core.summary import counts_of_case
        from evidence_kit.dossier.content import count_lines

        items = case.evidence_items()
        # The same numbers, in the same words, as the dossier's cover and summary.
        parts = [
            t(
                "pages.dossier.summary_counts",
                counts=t("pages.dossier.counts_sep").join(count_lines(t, counts_of_case(case))),
            )
        ]
        if not case.profile.facts.strip():
            parts.append(t("pages.dossier.no_facts"))
        if any(i.intimate for i in items):
            parts.append(t("pages.dossier.intimate_left_out"))
        self.summary.setText(" ".join(parts))
        if not self._path_touched:
            self.out_path.setText(str(default_folder() / self._file_name()))

    def _file_name(self) -> str:
        case = self.session.case
        reference = case.reference if case is not None else "EK"
        return self.t("pages.dossier.file_name", reference=reference, recipient=self.recipient()) + ".pdf"

    def _recipient_changed(self, checked: bool) -> None:
        if not checked:
            return
        if not self._originals_touched:
            self.originals.blockSignals(True)
            self.originals.setChecked(self.recipient() == "police")
            self.originals.blockSignals(False)
        if not self._path_touched and self.session.case is not None:
            self.out_path.setText(str(default_folder() / self._file_name()))

    def _originals_changed(self, _on: bool) -> None:
        self._originals_touched = True

    # --- password --------------------------------------------------------------------

    def _toggle_password(self, shown: bool) -> None:
        self.password.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        key = "pages.dossier.hide_password" if shown else "pages.dossier.show_password"
        self.show_password.setText(self.t(key))
        name(self.show_password, self.t(key))

    def _password_typed(self, _text: str) -> None:
        self.password_generated = False
        self.password_message.clear()
        self.password_message.setVisible(False)

    def propose_new_password(self) -> None:
        self.password.setText(_propose_password())
        self.password_generated = True
        self.password_message.clear()
        self.password_message.setVisible(False)

    def _password_strong(self, password: str) -> bool:
        """A typed password is checked with the strength estimator; a weak one is refused with the reason and
        a proposed one offered."""
        from evidence_kit.dossier.password import check_password, propose_password

        weakness = check_password(password, [self.session.case.profile.name] if self.session.case else [])
        if weakness is None:
            return True
        t = self.session.translator
        reason = t("password.weak." + weakness.reason)
        self._say(t("password.refused_window", reason=reason, proposal=propose_password()), error=True)
        self.password.setFocus()
        return False

    def copy_password_now(self) -> None:
        if self.password.text():
            shared_clipboard().copy(self.password.text(), secret=True)
            self.password_message.setText(self.t("pages.dossier.copied"))
            self.password_message.setVisible(True)

    # --- export --------------------------------------------------------------------------

    def _choose_path(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.t("pages.dossier.choose_path"), self.out_path.text(), "PDF (*.pdf)"
        )
        if chosen:
            if not chosen.lower().endswith(".pdf"):
                chosen += ".pdf"
            self.out_path.setText(chosen)
            self._path_touched = True

    def _options(self) -> dict[str, object] | None:
        from evidence_kit.dossier.content import Recipient  # light; the export's own modules load in its task

        t = self.session.translator
        password = self.password.text().strip()
        if len(password) < MIN_PASSWORD:
            self._say(t("pages.dossier.password_short", minimum=MIN_PASSWORD), error=True)
            self.password.setFocus()
            return None
        if not self.password_generated and not self._password_strong(password):
            return None
        out = Path(self.out_path.text().strip()).expanduser()
        if not self.out_path.text().strip() or not out.parent.is_dir():
            self._say(t("pages.dossier.bad_folder"), error=True)
            self.out_path.setFocus()
            return None
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        tsa = self.tsa_url.text().strip() if self.timestamp.isChecked() else None
        if tsa is not None and not tsa.lower().startswith(("https://", "http://")):
            self._say(t("pages.dossier.bad_tsa"), error=True)
            self.tsa_url.setFocus()
            return None
        return dict(
            recipient=Recipient(self.recipient()),
            out=out,
            lang=str(self.language.currentData() or "fr"),
            password=password,
            originals=self.originals.isChecked(),
            tsa_url=tsa,
        )

    def start_export(self) -> None:
        case = self.session.case
        if case is None or self.task is not None:
            return
        options = self._options()
        if options is None:
            return
        from evidence_kit.gui.snapshot import CaseSnapshot

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            # Loaded here: the PDF libraries take a few hundred ms to import, which the window must not wait.
            from evidence_kit.dossier.export import ExportOptions, export_dossier

            # Writes go on meanwhile (an import, a form saved): the dossier renders one consistent state,
            # copied under the case's lock held only for the copy.
            return export_dossier(CaseSnapshot(case), ExportOptions(**options), progress, cancelled)

        self.result = None
        self.result_card.setVisible(False)
        self.task = Task(work, owner=self.session)
        self.task.progressed.connect(self.progress.setValue)
        self.task.succeeded.connect(self._exported)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.export_button.setEnabled(False)
        self._say(self.t("pages.dossier.exporting"))
        self.session.busy_changed.emit(True)
        self.task.start()
        self.cancel_button.setFocus()

    def cancel_export(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self._say(self.t("pages.dossier.cancelling"))

    def _exported(self, result: object) -> None:
        self.result = result
        self.progress.setValue(1000)
        self._say(self.t("pages.dossier.exported"))
        self._show_result()
        self.session.notify("dossier")
        bring_into_view(self.result_card, focus=self.open_folder)  # the file's place, hashes and hand-over on screen

    def _failed(self, exc: BaseException) -> None:
        from evidence_kit.core.errors import Cancelled

        if isinstance(exc, Cancelled):
            self._say(self.t("pages.dossier.cancelled"))
        else:
            log.info("export failed: %s", type(exc).__name__)
            self._say(error_message(self.session, exc), error=True)

    def _finished(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.export_button.setEnabled(self.session.case is not None)
        self.session.busy_changed.emit(False)

    def _show_result(self) -> None:
        result = self.result
        if result is None:
            self.result_card.setVisible(False)
            return
        t = self.session.translator
        path = Path(result.path)
        self.result_path.setText(t("pages.dossier.result_path", path=str(path)))
        self.hash_label.set_hash(str(result.sha256))
        fingerprint = str(getattr(result, "seal_fingerprint", "") or "")
        self.fingerprint_label.set_hash(fingerprint)
        self.fingerprint_advice.setText(t("pages.dossier.fingerprint_advice", fingerprint=fingerprint))
        for widget in (self.fingerprint_title, self.fingerprint_label, self.fingerprint_advice):
            widget.setVisible(bool(fingerprint))
        warnings = [t(key) for key in getattr(result, "warnings", [])]
        if getattr(result, "timestamped", False):
            warnings.insert(0, t("pages.dossier.timestamped"))
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self.handover.setText(t(f"pages.dossier.handover.{self.recipient()}"))
        self.result_card.setVisible(True)

    def open_result_folder(self) -> bool:
        if self.result is None:
            return False
        folder = Path(self.result.path).parent
        return external.open_folder(folder)

    def _say(self, text: str, error: bool = False) -> None:
        style.set_role(self.export_message, "error" if error else "muted")
        self.export_message.setText(text)

    def is_done(self) -> bool:
        case = self.session.case
        if case is None:
            return False
        return self.result is not None or any(e.action == CustodyAction.EXPORTED for e in case.custody)
