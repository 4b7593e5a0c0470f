"""``evidence-kit --self-test``: proves an installed copy works end to end, from Qt to a verified dossier.

It starts Qt (offscreen unless ``QT_QPA_PLATFORM`` says otherwise, so it also
checks a real display when asked), draws the main window, generates a
screenshot, puts it in a new encrypted case in a temporary folder, exports a
police dossier, verifies it, and removes the folder. Each check prints one
line; the first failure prints one line naming the step and exits 1.
Nothing of the person's own cases or settings is read or written.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_kit.core.errors import EvidenceKitError, WrongSecret
from evidence_kit.i18n import Translator, default_catalog, system_language
from evidence_kit.resources_path import resources_dir

Params = dict[str, Any]


class StepFailed(Exception):
    """A check that ran but found the wrong thing; carries a catalog key for the reason."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class _State:
    t: Translator
    workdir: Path
    app: Any = None
    screenshot: bytes = b""
    case: Any = None
    item_sha256: str = ""
    dossier: Path | None = None
    password: str = ""
    kept: list[Any] = field(default_factory=list)  # Qt objects that must outlive their step


def _not_blank(image: Any) -> bool:
    """More than a few distinct colours on a coarse grid: something was really drawn."""
    colours = set()
    step_x, step_y = max(1, image.width() // 24), max(1, image.height() // 24)
    for y in range(0, image.height(), step_y):
        for x in range(0, image.width(), step_x):
            colours.add(image.pixel(x, y))
    return len(colours) > 3


def _png(image: Any) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


# --- the steps, in order: each returns the parameters of its success line -----------


def check_resources(state: _State) -> Params:
    folder = resources_dir()
    for needed in (("i18n", "about.toml"), ("fonts", "DejaVuSans.ttf")):
        if not folder.joinpath(*needed).is_file():
            raise FileNotFoundError("/".join(needed))
    return {"path": str(folder)}


def check_catalogs(state: _State) -> Params:
    catalog = default_catalog()
    for lang in ("fr", "en"):
        if Translator(lang, catalog=catalog)("about.name") == "about.name":
            raise KeyError("about.name")
    return {"n": len(catalog.messages)}


def start_qt(state: _State) -> Params:
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    from evidence_kit.gui.app import make_application

    state.app = make_application([sys.argv[0] if sys.argv else "evidence-kit"])
    return {"qt": qVersion(), "platform": QGuiApplication.platformName()}


def check_qt_binding(state: _State) -> Params:
    """A binding that drops references to None (PySide6 6.12.0 on Python 3.11) would abort a long session."""
    from evidence_kit.gui.qt_guard import check_none_references

    result = check_none_references(20_000)
    if not result.ok:
        raise StepFailed("about.selftest.reason.qt_binding", method=result.method, lost=result.lost, calls=result.calls)
    return {"calls": result.calls}


def check_qt_translations(state: _State) -> Params:
    from evidence_kit.gui.app import apply_qt_translations

    loaded = apply_qt_translations("fr")
    apply_qt_translations(state.t.lang)
    if not loaded:
        raise StepFailed("about.selftest.reason.no_translation")
    return {}


def check_icon(state: _State) -> Params:
    from evidence_kit.gui.about import application_icon, icon_files

    icon = application_icon()
    if icon.isNull() or not icon_files():
        raise StepFailed("about.selftest.reason.no_icon")
    state.app.setWindowIcon(icon)
    return {"sizes": len(icon.availableSizes())}


def draw_window(state: _State) -> Params:
    from evidence_kit.gui.session import Session
    from evidence_kit.gui.settings import Settings
    from evidence_kit.gui.window import MainWindow

    settings = Settings()  # defaults: the person's saved settings are not read
    session = Session(state.t, settings=settings)
    window = MainWindow(session, settings)
    window.resize(1000, 700)
    picture = window.grab().toImage()
    session.lock()
    window.deleteLater()
    if picture.isNull() or not _not_blank(picture):
        raise StepFailed("about.selftest.reason.blank")
    return {"width": picture.width(), "height": picture.height()}


def generate_screenshot(state: _State) -> Params:
    """A phone-sized picture of a made-up conversation, drawn with the bundled font."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter

    font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / "DejaVuSans.ttf"))
    if font_id < 0:
        raise FileNotFoundError("fonts/DejaVuSans.ttf")
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    image = QImage(540, 960, QImage.Format.Format_RGB32)
    image.fill(QColor("#f5f6f8"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(QFont(family, 14))
    painter.fillRect(QRectF(0, 0, 540, 72), QColor("#2a5f9e"))
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(20, 0, 500, 72), Qt.AlignmentFlag.AlignVCenter, "Evidence Kit self-test")
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    for row in range(6):
        mine = row % 2 == 1
        box = QRectF(180 if mine else 20, 100 + row * 130, 340, 100)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#dfe9f6" if mine else "#ffffff"))
        painter.drawRoundedRect(box, 16, 16)
        painter.setPen(QColor("#1f2933"))
        painter.drawText(box.adjusted(16, 12, -16, -12), Qt.TextFlag.TextWordWrap, f"Message {row + 1} · {stamp}")
    painter.end()
    if not _not_blank(image):
        raise StepFailed("about.selftest.reason.blank")
    state.screenshot = _png(image)
    return {"width": image.width(), "height": image.height(), "size": len(state.screenshot)}


def create_case(state: _State) -> Params:
    from evidence_kit.core.case import Case
    from evidence_kit.core.crypto import KdfParams

    # A throwaway case: cheap key derivation keeps the self-test to a few seconds.
    state.case, _code = Case.create(
        state.workdir / "case", secrets.token_urlsafe(18), name="Self-test", kdf=KdfParams.for_tests()
    )
    return {}


def add_screenshot(state: _State) -> Params:
    from evidence_kit.core.model import EvidenceKind, Origin

    result = state.case.add_bytes(
        state.screenshot, origin=Origin.SCREEN_CAPTURE, source_name="self-test.png", kind=EvidenceKind.THREAT
    )
    expected = hashlib.sha256(state.screenshot).hexdigest()
    if result.item.sha256 != expected:
        raise StepFailed("about.selftest.reason.not_ok", detail="sha256")
    state.item_sha256 = expected
    return {"sha256": expected[:16] + "…"}


def read_screenshot(state: _State) -> Params:
    """Text recognition with the shipped engine and models reads the screenshot just added."""
    from evidence_kit.ocr.reading import read_item

    item = state.case.find_by_sha256(state.item_sha256)
    reading = read_item(state.case, item.id)
    if reading.text.count("Message") < 3:
        raise StepFailed("about.selftest.reason.not_ok", detail="ocr")
    return {"engine": reading.engine_version}


def verify_case(state: _State) -> Params:
    report = state.case.verify()
    if not report.ok or report.items_checked != 1:
        detail = ", ".join(p.key for p in report.problems) or f"items={report.items_checked}"
        raise StepFailed("about.selftest.reason.not_ok", detail=detail)
    return {}


_SELF_TEST_CHAT = (
    "14/03/2024 à 22:05 - Lucas: Si tu ne paies pas 300€ j'envoie tes photos à ta famille\n"
    "14/03/2024 à 22:07 - Lucas: Virement sur FR76 3000 6000 0112 3456 7890 189 ou appelle le 06 12 34 56 78\n"
    "14/03/2024 à 22:08 - Emma: non\n"
)


def import_chat(state: _State) -> Params:
    """A small WhatsApp export: the parser, the flag rules, and the phone and IBAN libraries' data all work."""
    from evidence_kit.chat.identifiers import IdentifierKind
    from evidence_kit.chat.importer import import_chat as do_import

    path = state.workdir / "WhatsApp Chat with Lucas.txt"
    path.write_text(_SELF_TEST_CHAT, encoding="utf-8")
    record = do_import(state.case, path)
    checked = {p.kind for p in record.identifiers if p.checked}
    if record.message_count != 3 or not record.flags or not {IdentifierKind.IBAN, IdentifierKind.PHONE} <= checked:
        raise StepFailed("about.selftest.reason.not_ok", detail=f"flags={len(record.flags)}, checked={len(checked)}")
    return {"messages": record.message_count, "flags": len(record.flags)}


def export(state: _State) -> Params:
    from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier

    out = state.workdir / "dossier.pdf"
    result = export_dossier(state.case, ExportOptions(recipient=Recipient.POLICE, out=out, lang=state.t.lang))
    if not out.is_file() or hashlib.sha256(out.read_bytes()).hexdigest() != result.sha256:
        raise StepFailed("about.selftest.reason.not_ok", detail="sha256")
    state.dossier, state.password = out, result.password
    return {"size": out.stat().st_size}


def verify_dossier(state: _State) -> Params:
    from evidence_kit.dossier.verify import verify_dossier as verify

    assert state.dossier is not None
    report = verify(state.dossier, state.password)
    if not report.ok or report.attachments_checked < 1:
        detail = ", ".join(p.key for p in report.problems) or f"attachments={report.attachments_checked}"
        raise StepFailed("about.selftest.reason.not_ok", detail=detail)
    return {"attachments": report.attachments_checked, "entries": report.custody_entries}


def refuse_wrong_password(state: _State) -> Params:
    from evidence_kit.dossier.verify import verify_dossier as verify

    assert state.dossier is not None
    try:
        verify(state.dossier, state.password + "-wrong")
    except WrongSecret:
        return {}
    raise StepFailed("about.selftest.reason.accepted_wrong_password")


def clean_up(state: _State) -> Params:
    _remove(state)
    if state.workdir.exists():
        raise StepFailed("about.selftest.reason.left_behind")
    return {}


STEPS: tuple[tuple[str, Callable[[_State], Params]], ...] = (
    ("resources", check_resources),
    ("catalogs", check_catalogs),
    ("qt", start_qt),
    ("qt_binding", check_qt_binding),
    ("qt_translations", check_qt_translations),
    ("icon", check_icon),
    ("window", draw_window),
    ("screenshot", generate_screenshot),
    ("case", create_case),
    ("add", add_screenshot),
    ("ocr", read_screenshot),
    ("case_verify", verify_case),
    ("chat", import_chat),
    ("export", export),
    ("dossier_verify", verify_dossier),
    ("wrong_password", refuse_wrong_password),
    ("cleanup", clean_up),
)


# --- running -----------------------------------------------------------------------


def _remove(state: _State) -> None:
    if state.case is not None and not state.case.closed:
        state.case.close()
    shutil.rmtree(state.workdir, ignore_errors=True)


_PER_USER_FOLDERS = {"XDG_CONFIG_HOME": "config", "XDG_DATA_HOME": "data", "XDG_CACHE_HOME": "cache"}


def _isolate(workdir: Path) -> None:
    """Point the per-user folders at the temporary folder, so no setting or case of the person is touched."""
    for variable, sub in _PER_USER_FOLDERS.items():
        (workdir / sub).mkdir()
        os.environ[variable] = str(workdir / sub)


def _reason(t: Translator, exc: BaseException) -> str:
    if isinstance(exc, StepFailed):
        text = t(exc.key, **exc.params)
    elif isinstance(exc, EvidenceKitError):
        text = exc.message(t)
    else:
        text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[:400]  # one line, whatever the exception held


def _say(text: str, stream: Any = None) -> None:
    stream = stream or sys.stdout
    if stream is None:  # a windowed program on Windows has no console
        return
    try:
        print(text, file=stream, flush=True)
    except UnicodeEncodeError:
        print(text.encode("ascii", "replace").decode("ascii"), file=stream, flush=True)


def run_self_test(lang: str | None = None) -> int:
    """Run every check; 0 when all pass, 1 at the first failure (after removing the temporary folder)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    quiet = "--debug" not in sys.argv
    saved = {name: os.environ.get(name) for name in _PER_USER_FOLDERS}
    if quiet:
        logging.disable(logging.WARNING)  # the outcome is the printed lines; a failure is exactly one line
    try:
        return _run(Translator(lang or system_language()))
    finally:
        if quiet:
            logging.disable(logging.NOTSET)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run(t: Translator) -> int:
    from evidence_kit.build_identity import app_version

    started = time.perf_counter()
    state = _State(t, Path(tempfile.mkdtemp(prefix="evidence-kit-selftest-")))
    _isolate(state.workdir)
    _say(t("about.selftest.start", version=app_version()))
    step = STEPS[0][0]
    try:
        for step, check in STEPS:
            params = check(state)
            _say(t("about.selftest.ok", what=t(f"about.selftest.step.{step}", **params)))
    except Exception as exc:  # noqa: BLE001 - every failure becomes one readable line and exit code 1
        _remove(state)
        if "--debug" in sys.argv:
            traceback.print_exc()
        _say(t("about.selftest.failed", what=t(f"about.selftest.what.{step}"), reason=_reason(t, exc)), sys.stderr)
        return 1
    seconds = f"{time.perf_counter() - started:.1f}"
    _say(t("about.selftest.passed", n=len(STEPS), seconds=seconds))
    return 0
