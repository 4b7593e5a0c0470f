"""Links and folders go to the desktop with the desktop's environment, not the bundle's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_kit.gui import external

BUNDLE = Path("/usr/lib/evidence-kit/_internal")


def test_bootloader_values_are_restored_and_bundle_variables_removed() -> None:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/home/ana",
        "LD_LIBRARY_PATH": f"{BUNDLE}:/opt/mine/lib",
        "LD_LIBRARY_PATH_ORIG": "/opt/mine/lib",
        "QT_PLUGIN_PATH": f"{BUNDLE}/PySide6/Qt/plugins",
        "QML2_IMPORT_PATH": f"{BUNDLE}/PySide6/Qt/qml",
        "QT_QPA_PLATFORM_PLUGIN_PATH": f"{BUNDLE}/PySide6/Qt/plugins/platforms",
        "_PYI_APPLICATION_HOME_DIR": str(BUNDLE),
        "_PYI_PARENT_PROCESS_LEVEL": "0",
        "_MEIPASS2": str(BUNDLE),
        "XDG_DATA_DIRS": f"{BUNDLE}/share:/usr/share",
        "SOME_FILE": f"{BUNDLE}/certifi/cacert.pem",
    }
    result = external.desktop_environment(env, BUNDLE)
    assert result == {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/home/ana",
        "LD_LIBRARY_PATH": "/opt/mine/lib",
        "XDG_DATA_DIRS": "/usr/share",
    }


def test_a_variable_the_person_did_not_set_is_removed() -> None:
    # The bootloader saves LD_LIBRARY_PATH_ORIG only when the variable was set before it.
    result = external.desktop_environment({"LD_LIBRARY_PATH": str(BUNDLE), "PATH": "/usr/bin"}, BUNDLE)
    assert result == {"PATH": "/usr/bin"}


def test_the_persons_wayland_choice_reaches_the_programs_the_window_starts() -> None:
    env = {"QT_QPA_PLATFORM": "wayland;xcb", "PATH": "/usr/bin"}
    assert external.prefer_x11(env)
    assert env["QT_QPA_PLATFORM"] == "xcb"
    assert external.desktop_environment(env, BUNDLE) == {"QT_QPA_PLATFORM": "wayland;xcb", "PATH": "/usr/bin"}


@pytest.mark.parametrize(
    ("requested", "chosen"),
    [("wayland", "xcb"), ("wayland-egl", "xcb"), ("wayland:fontengine=freetype;offscreen", "offscreen")],
)
def test_wayland_becomes_x11(requested: str, chosen: str) -> None:
    env = {"QT_QPA_PLATFORM": requested}
    assert external.prefer_x11(env)
    assert env["QT_QPA_PLATFORM"] == chosen


@pytest.mark.parametrize("requested", [None, "xcb", "offscreen"])
def test_other_backends_are_left_alone(requested: str | None) -> None:
    env = {} if requested is None else {"QT_QPA_PLATFORM": requested}
    before = dict(env)
    assert not external.prefer_x11(env)
    assert env == before
    assert external.desktop_environment(env) == before


def _stub_opener(folder: Path, record: Path, exit_code: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stub = folder / "xdg-open"
    stub.write_text(
        f'#!/bin/sh\n{{ printf "%s\\0" "$@"; printf "\\n"; env -0; }} > "{record}"\nexit {exit_code}\n',
        encoding="utf-8",
    )
    stub.chmod(0o755)


def _read_record(record: Path) -> tuple[list[str], dict[str, str]]:
    args, _, env = record.read_bytes().partition(b"\n")
    arguments = [a.decode() for a in args.split(b"\0") if a]
    variables = dict(item.decode().split("=", 1) for item in env.split(b"\0") if item)
    return arguments, variables


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open is the Linux opener")
@pytest.mark.parametrize("kind", ["url", "folder"])
def test_a_frozen_program_starts_xdg_open_with_the_desktops_environment(tmp_path: Path, kind: str) -> None:
    """The frozen code path, in a real child process: sys.frozen and sys._MEIPASS set as PyInstaller sets them."""
    bundle = tmp_path / "bundle" / "_internal"
    bundle.mkdir(parents=True)
    record = tmp_path / "record"
    _stub_opener(tmp_path / "bin", record)
    target = "https://www.3018.fr/" if kind == "url" else str(tmp_path / "dossiers")
    script = (
        "import sys, json; sys.frozen = True; sys._MEIPASS = sys.argv[1]\n"
        "from evidence_kit.gui import external\n"
        f"ok = external.open_{kind}(sys.argv[2], wait=True)\n"
        "print(json.dumps(ok))\n"
    )
    env = {
        "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin",
        "PYTHONPATH": os.environ.get("PYTHONPATH", str(Path(external.__file__).parents[2])),
        "LD_LIBRARY_PATH": str(bundle),
        "QT_PLUGIN_PATH": str(bundle / "PySide6" / "Qt" / "plugins"),
        "QML2_IMPORT_PATH": str(bundle / "PySide6" / "Qt" / "qml"),
        "QT_QPA_PLATFORM": "wayland",
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", script, str(bundle), target], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) is True
    arguments, variables = _read_record(record)
    assert arguments == [target]
    assert not [f"{k}={v}" for k, v in variables.items() if str(bundle) in v]
    for name in ("LD_LIBRARY_PATH", "QT_PLUGIN_PATH", "QML2_IMPORT_PATH"):
        assert name not in variables
    assert variables["QT_QPA_PLATFORM"] == "wayland"  # never changed here: prefer_x11 runs in the launcher
    assert variables["HOME"] == str(tmp_path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open is the Linux opener")
def test_a_failing_or_missing_opener_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    _stub_opener(tmp_path / "bin", tmp_path / "record", exit_code=3)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert external.open_url("https://www.3018.fr/", wait=True) is False
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert external.open_url("https://www.3018.fr/") is False


def test_from_source_links_go_through_qt(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    class Catcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            self.urls.append(url.toString())

    catcher = Catcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        assert external.open_url("https://www.3018.fr/")
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == ["https://www.3018.fr/"]
