"""Identity: the icon at every size, the version from pyproject.toml, the About box with licence and versions."""

from __future__ import annotations

import io
import platform
import sys
import tomllib
from pathlib import Path

import cryptography
import PySide6
import reportlab
from PIL import Image, ImageChops, ImageStat
from pyhanko import version as pyhanko_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from evidence_kit.build_identity import app_version
from evidence_kit.gui.about import AboutDialog, application_icon, component_versions, versions_text
from evidence_kit.i18n import Translator
from evidence_kit.resources_path import resource

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def test_icon_is_drawn_at_every_size_with_a_transparent_background() -> None:
    for size in SIZES:
        with Image.open(resource("icons", f"evidence-kit-{size}.png")) as picture:
            assert picture.size == (size, size)
            rgba = picture.convert("RGBA")
            assert rgba.getpixel((0, 0))[3] == 0, "corners stay transparent"
            assert rgba.getpixel((size // 2, size // 2))[3] == 255, "the shield fills the middle"
            assert len(rgba.getcolors(maxcolors=size * size) or []) > 8


def test_committed_pngs_match_the_svg_source(qapp: object) -> None:
    """The PNGs are rendered from the SVG; a changed SVG without new PNGs is caught here."""
    sys.path.insert(0, str(ROOT / "packaging"))
    import make_icons

    for size in (16, 48, 256):
        fresh = Image.open(io.BytesIO(make_icons.render_png(size))).convert("RGBA")
        with Image.open(resource("icons", f"evidence-kit-{size}.png")) as committed:
            difference = ImageChops.difference(fresh, committed.convert("RGBA"))
            mean = sum(ImageStat.Stat(difference).mean) / 4
            assert mean < 2, f"{size} px differs from the SVG: run packaging/make_icons.py"


def test_version_comes_from_pyproject() -> None:
    assert app_version() == PYPROJECT["version"]


def test_component_versions_are_the_real_ones() -> None:
    found = {c.name: c.version for c in component_versions()}
    assert found["Python"] == platform.python_version()
    assert found["Qt"] == qVersion()
    assert found["PySide6"] == PySide6.__version__
    assert found["cryptography"] == cryptography.__version__
    assert found["pyHanko"] == pyhanko_version.__version__
    assert found["reportlab"] == reportlab.Version
    assert all(found.values())


def test_about_box_shows_name_version_licence_and_versions(qtbot: QtBot) -> None:
    t = Translator("fr")
    dialog = AboutDialog(t)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "À propos d'Evidence Kit"
    labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel)}
    assert labels["about_version"] == f"Version {PYPROJECT['version']}"
    assert PYPROJECT["license"]["text"] in labels["about_licence"]
    assert "GNU" in labels["about_licence"]
    assert dialog.component_labels["PySide6"].text() == PySide6.__version__
    assert dialog.component_labels["reportlab"].text() == reportlab.Version
    assert not dialog.windowIcon().isNull()
    picture = dialog.grab().toImage()
    assert picture.width() >= 460


def test_about_box_copies_versions_but_nothing_personal(qtbot: QtBot) -> None:
    dialog = AboutDialog(Translator("en"))
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == versions_text()
    assert copied.splitlines()[0] == f"Evidence Kit {PYPROJECT['version']}"
    assert f"cryptography {cryptography.__version__}" in copied
    assert dialog.copy_button.text() == "Copied."
    qtbot.waitUntil(lambda: dialog.copy_button.text() == "Copy the versions", timeout=4000)


def test_application_icon_offers_every_size(qapp: object) -> None:
    sizes = {s.width() for s in application_icon().availableSizes()}
    assert sizes == set(SIZES)


def test_lock_pins_are_read_with_their_markers() -> None:
    from evidence_kit.build_identity import pinned_versions

    text = (
        "pyside6-essentials==6.11.3 ; python_full_version < '3.12' \\\n"
        "    --hash=sha256:00\n"
        "pyside6-essentials==6.12.0 ; python_full_version >= '3.12' \\\n"
        "Pillow==13.0.0 \\\n"
        "tzdata==2026.6 ; sys_platform == 'win32' \\\n"
        "# via pyhanko\n"
    )
    pins = pinned_versions(text)
    assert pins["pillow"] == "13.0.0"
    assert pins["pyside6-essentials"] == ("6.11.3" if sys.version_info < (3, 12) else "6.12.0")
    assert ("tzdata" in pins) == (sys.platform == "win32")


def test_the_shipped_lock_is_named_and_compared_with_what_is_installed() -> None:
    import hashlib

    from evidence_kit.build_identity import build_identity, lock_file, pinned_versions

    identity = build_identity()
    path = lock_file()
    assert path is not None
    assert identity.lock_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    pins = pinned_versions(path.read_text(encoding="utf-8"))
    assert pins["cryptography"] and pins["pyside6-essentials"]
    # Every package that differs is really installed at another version than its pin.
    for entry in identity.differing:
        name, versions = entry.split(" ", 1)
        installed, pinned = versions.split("≠")
        assert pins[name] == pinned and installed != pinned


def test_about_box_names_the_lock(qapp: object) -> None:
    from evidence_kit.build_identity import build_identity
    from evidence_kit.i18n import Translator

    dialog = AboutDialog(Translator("en"))
    text = dialog.findChild(QLabel, "about_build").text()
    assert build_identity().lock_sha256 in text
    assert ("as pinned by the lock file" in text) == build_identity().matches_lock
