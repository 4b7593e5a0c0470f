"""The questions the capture page asks: files to import, a chat's pictures, a conversation, an intimate image."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from evidence_kit.capture_jobs import ChooseConversation

# The system's file dialog would list the files in "recent files": Qt's own is used instead.
_NOT_NATIVE = QFileDialog.Option.DontUseNativeDialog


def choose_files(parent: QWidget, t: Any) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, t("gui.capture.import"), str(Path.home()), "", "", _NOT_NATIVE)
    return [Path(name) for name in names]


def ask_about_chat_media(parent: QWidget, t: Any, paths: list[Path]) -> bool | None:
    """A chat zip may hold intimate pictures: ask before any of them enters the case.

    True: with its pictures (or no chat zip at all); False: its text only; None: cancelled.
    """
    from evidence_kit.chat.reader import export_media_count, looks_like_chat_export

    count = sum(export_media_count(p) for p in paths if p.suffix.lower() == ".zip" and looks_like_chat_export(p))
    if not count:
        return True
    box = QMessageBox(parent)
    box.setObjectName("chat_media_question")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(t("gui.capture.chat_media_title"))
    box.setText(t("gui.capture.chat_media_question", n=count))
    box.setInformativeText(t("gui.capture.chat_media_explain"))
    text_only = box.addButton(t("gui.capture.chat_text_only"), QMessageBox.ButtonRole.AcceptRole)
    text_only.setObjectName("chat_text_only")
    everything = box.addButton(t("gui.capture.chat_with_media"), QMessageBox.ButtonRole.AcceptRole)
    everything.setObjectName("chat_with_media")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(text_only)  # the safe choice is the one Enter takes
    box.exec()
    clicked = box.clickedButton()
    if clicked is text_only:
        return False
    return True if clicked is everything else None


def choose_conversation(parent: QWidget, t: Any, choice: ChooseConversation) -> str:
    """The conversation to import from an export holding several ("" when the person declines)."""
    title, ok = QInputDialog.getItem(
        parent,
        t("gui.capture.choose_conversation_title"),
        t("gui.capture.choose_conversation", name=choice.path.name, n=len(choice.titles)),
        choice.titles,
        0,
        False,
    )
    return str(title) if ok and title else ""


def confirm_intimate(parent: QWidget, t: Any, item_id: str) -> bool:
    answer = QMessageBox.question(parent, t("gui.capture.intimate"), t("gui.capture.intimate_confirm", item=item_id))
    return answer == QMessageBox.StandardButton.Yes


def ask_intimate_record(parent: QWidget, t: Any) -> tuple[Path, str] | None:
    """The intimate image to record by its fingerprint, and its short description (None: cancelled)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, t("gui.capture.record_intimate"), str(Path.home()), "", "", _NOT_NATIVE
    )
    if not name:
        return None
    description, ok = QInputDialog.getText(
        parent, t("gui.capture.record_intimate"), t("gui.capture.intimate_description")
    )
    return (Path(name), description.strip()) if ok else None
