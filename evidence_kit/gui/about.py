"""The About box: the program's name, icon, version, licence, and the versions of what it is built with."""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.build_identity import app_version, build_text
from evidence_kit.i18n import Translator
from evidence_kit.resources_path import resource

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _module_version(module: str, attribute: str) -> str:
    from importlib import import_module

    try:
        return str(getattr(import_module(module), attribute))
    except Exception:  # noqa: BLE001 - a missing or broken component is shown as such, not raised
        return ""


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return str(qVersion())


@dataclass(frozen=True)
class Component:
    name: str
    version: str  # "" when not found


_COMPONENTS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("Python", platform.python_version),
    ("Qt", _qt_version),
    ("PySide6", lambda: _module_version("PySide6", "__version__")),
    ("cryptography", lambda: _module_version("cryptography", "__version__")),
    ("pyHanko", lambda: _module_version("pyhanko.version", "__version__")),
    ("reportlab", lambda: _module_version("reportlab", "Version")),
    ("Pillow", lambda: _module_version("PIL", "__version__")),
)


def component_versions() -> list[Component]:
    return [Component(name, version()) for name, version in _COMPONENTS]


def versions_text() -> str:
    """Plain text for a bug report: no personal data, only versions and the system."""
    lines = [f"Evidence Kit {app_version()}", build_text()]
    lines += [f"{c.name} {c.version or '-'}" for c in component_versions()]
    lines.append(f"{platform.system()} {platform.release()} {platform.machine()}")
    return "\n".join(lines)


def icon_files() -> list[Path]:
    paths = [resource("icons", f"evidence-kit-{size}.png") for size in ICON_SIZES]
    return [path for path in paths if path.is_file()]


def application_icon() -> QIcon:
    """The shield icon at every drawn size (each size is drawn for itself, small ones simplified)."""
    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon


class AboutDialog(QDialog):
    """Modal box; the GUI opens it from its menu or Help button with ``show_about(parent, translator)``."""

    def __init__(self, translator: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = translator
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.t("about.title"))
        self.setWindowIcon(application_icon())
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addWidget(self._paragraph(self.t("about.summary"), "summary"))
        layout.addWidget(self._paragraph(self.t("about.privacy"), "privacy"))
        layout.addWidget(self._paragraph(self.t("about.licence"), "licence"))
        layout.addWidget(self._components())
        layout.addWidget(self._buttons())

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        picture = QLabel()
        picture.setObjectName("about_icon")
        picture.setPixmap(QPixmap(str(resource("icons", "evidence-kit-64.png"))))
        row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        title = QLabel(self.t("about.name"))
        title.setObjectName("about_name")
        title.setProperty("role", "title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        version = QLabel(self.t("about.version", version=app_version()))
        version.setObjectName("about_version")
        version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        build = QLabel(build_text(self.t))
        build.setObjectName("about_build")
        build.setWordWrap(True)
        build.setProperty("role", "muted")
        build.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        names.addWidget(title)
        names.addWidget(version)
        names.addWidget(build)
        names.addStretch(1)
        row.addLayout(names, 1)
        return row

    def _paragraph(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(f"about_{name}")
        label.setWordWrap(True)
        return label

    def _components(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 8, 0, 0)
        heading = QLabel(self.t("about.components"))
        heading.setProperty("role", "muted")
        form.addRow(heading)
        self.component_labels: dict[str, QLabel] = {}
        for component in component_versions():
            value = QLabel(component.version or self.t("about.component_missing"))
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.component_labels[component.name] = value
            form.addRow(component.name, value)
        return box

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.t("about.copy"))
        self.copy_button.setObjectName("about_copy")
        self.copy_button.clicked.connect(self.copy_versions)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.t("about.close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("about_close")
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        return buttons

    def copy_versions(self) -> None:
        """Versions only, for someone helping with a problem: nothing about the case."""
        QGuiApplication.clipboard().setText(versions_text())
        self.copy_button.setText(self.t("about.copied"))
        # The button as context: the timer is dropped if the dialog is closed first.
        QTimer.singleShot(2000, self.copy_button, lambda: self.copy_button.setText(self.t("about.copy")))


def show_about(parent: QWidget | None, translator: Translator) -> None:
    dialog = AboutDialog(translator, parent)
    dialog.exec()
