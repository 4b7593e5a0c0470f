"""Starts the window: the Qt application, Qt's own translations, the session and the main window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

_qt_translators: list[QTranslator] = []


def _qt_translations_dir() -> Path:
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if folder.is_dir():
        return folder
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "translations"


def apply_qt_translations(lang: str) -> bool:
    """Standard buttons and dialogs (OK, Cancel, file dialog…) in the program's language.

    English needs no file; for French, qtbase_fr.qm from Qt's translations folder.
    Returns True when a translation is installed.
    """
    app = QApplication.instance()
    if app is None:
        return False
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    QLocale.setDefault(QLocale(QLocale.Language.French if lang == "fr" else QLocale.Language.English))
    if lang == "en":
        return False
    translator = QTranslator(app)
    if translator.load(f"qtbase_{lang}", str(_qt_translations_dir())):
        app.installTranslator(translator)
        _qt_translators.append(translator)
        return True
    log.warning("Qt's own %s translation was not found", lang)
    return False


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Evidence Kit")
    app.setOrganizationName("")  # nothing written under an organisation's name
    app.setDesktopFileName("evidence-kit")
    from evidence_kit.gui.workers import collect_garbage_in_gui_thread

    collect_garbage_in_gui_thread(app)
    return app


def build_window(lang: str | None = None):  # type: ignore[no-untyped-def]
    """The session and main window, ready to show (used by ``run``, the tour and tests)."""
    from evidence_kit.gui import style
    from evidence_kit.gui.session import Session
    from evidence_kit.gui.settings import Settings
    from evidence_kit.gui.startup_catalog import startup_catalog
    from evidence_kit.gui.window import MainWindow
    from evidence_kit.i18n import LANGUAGES, Translator, system_language

    settings = Settings.load()
    chosen = lang or (settings.language if settings.language in LANGUAGES else "") or system_language()
    country = settings.country or _system_country()
    # gui.toml alone until a message of another area is needed (after the first paint).
    session = Session(Translator(chosen, catalog=startup_catalog()), country=country, settings=settings)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setStyleSheet(style.style_sheet())
    apply_qt_translations(chosen)
    window = MainWindow(session, settings)
    return session, window


def _system_country() -> str:
    explicit = os.environ.get("EVIDENCE_KIT_COUNTRY", "")
    if explicit:
        return explicit.upper()
    territory = QLocale.system().territory()
    codes = {
        QLocale.Country.Belgium: "BE",
        QLocale.Country.Switzerland: "CH",
        QLocale.Country.Canada: "CA",
    }
    return codes.get(territory, "FR")


def run(lang: str | None = None) -> int:
    """Open the window and run until it is closed or the person uses the quick exit."""
    from evidence_kit.gui.window import fit_to_screen

    app = make_application()
    session, window = build_window(lang)
    window.quick_exited.connect(app.quit)
    fit_to_screen(window)
    window.show()
    code = app.exec()
    session.lock()
    return int(code)
