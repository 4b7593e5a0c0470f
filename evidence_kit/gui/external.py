"""Hand links and folders to the desktop's own programs, with the desktop's own environment.

The frozen Linux program runs with an environment made for the bundle: PyInstaller's
bootloader puts the bundle's libraries first on ``LD_LIBRARY_PATH`` (keeping the
person's value in ``LD_LIBRARY_PATH_ORIG``), its Qt hook points ``QT_PLUGIN_PATH``
and ``QML2_IMPORT_PATH`` into the bundle, and the launcher may choose the X11 backend
(keeping the person's choice in ``EVIDENCE_KIT_QT_QPA_PLATFORM_ORIG``). A browser,
file manager or PDF reader started with that environment loads our Qt instead of
its own and can crash (Debian 12's ``qtpaths6``: "symbol lookup error ...
Qt_6_PRIVATE_API"). So the frozen Linux program starts ``xdg-open`` itself, with the
environment as it was before the bundle changed it; elsewhere Qt's
``QDesktopServices`` does the job.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

# Variables the bootloader saved before changing them: NAME_ORIG holds the person's value of NAME.
RESTORED = ("LD_LIBRARY_PATH", "LD_PRELOAD", "LIBPATH", "DYLD_LIBRARY_PATH", "DYLD_FRAMEWORK_PATH")
# Set only for the bundle (by PyInstaller's Qt hook or ours): a child process must not see them.
# PYSIDE6_OPTION_PYTHON_ENUM is set by shiboken6 itself when the bindings load.
BUNDLE_ONLY = (
    "QT_PLUGIN_PATH",
    "QML2_IMPORT_PATH",
    "QML_IMPORT_PATH",
    "QT_QPA_PLATFORM_PLUGIN_PATH",
    "PYSIDE6_OPTION_PYTHON_ENUM",
)
# Where the launcher keeps the person's QT_QPA_PLATFORM when it chose another backend for the bundle.
PLATFORM_ORIG = "EVIDENCE_KIT_QT_QPA_PLATFORM_ORIG"
PLATFORM_CHANGED = "EVIDENCE_KIT_QT_QPA_PLATFORM_CHANGED"


def bundle_folder() -> Path | None:
    """The frozen program's folder of libraries (PyInstaller's ``sys._MEIPASS``), None from source."""
    folder = getattr(sys, "_MEIPASS", None)
    return Path(folder) if getattr(sys, "frozen", False) and folder else None


def _inside(entry: str, folder: Path) -> bool:
    if not os.path.isabs(entry):
        return False  # not a path (or relative to wherever the child will run)
    try:
        return Path(entry).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


def desktop_environment(env: Mapping[str, str] | None = None, bundle: Path | None = None) -> dict[str, str]:
    """``env`` (default: this process's) as it was before the bundle changed it.

    ``*_ORIG`` values are put back (the variable is removed when there is no ``_ORIG``, as the
    bootloader only saves what was set), bundle-only Qt variables and the bootloader's private
    ``_PYI_*`` / ``_MEIPASS2`` markers are removed, and any path list still naming a folder inside
    ``bundle`` loses those entries (the variable goes when nothing is left).
    """
    source = dict(os.environ if env is None else env)
    result = {k: v for k, v in source.items() if not k.endswith("_ORIG") or k[: -len("_ORIG")] not in RESTORED}
    for name in RESTORED:
        original = source.get(f"{name}_ORIG")
        if original is not None:
            result[name] = original
        else:
            result.pop(name, None)
    for name in BUNDLE_ONLY:
        result.pop(name, None)
    if source.get(PLATFORM_CHANGED) == "1":
        original = source.get(PLATFORM_ORIG)
        if original is None:
            result.pop("QT_QPA_PLATFORM", None)
        else:
            result["QT_QPA_PLATFORM"] = original
    result.pop(PLATFORM_ORIG, None)
    result.pop(PLATFORM_CHANGED, None)
    for name in [k for k in result if k.startswith("_PYI_") or k == "_MEIPASS2"]:
        del result[name]
    if bundle is not None:
        for name, value in list(result.items()):
            if str(bundle) not in value and not any(_inside(e, bundle) for e in value.split(os.pathsep) if e):
                continue
            kept = [e for e in value.split(os.pathsep) if e and not _inside(e, bundle) and str(bundle) not in e]
            if kept:
                result[name] = os.pathsep.join(kept)
            else:
                del result[name]
    return result


def _uses_xdg_open() -> bool:
    return sys.platform.startswith("linux") and bundle_folder() is not None


def _run_xdg_open(target: str, wait: bool) -> bool:
    opener = shutil.which("xdg-open", path=desktop_environment(bundle=bundle_folder()).get("PATH", os.defpath))
    if opener is None:
        return False
    try:
        process = subprocess.Popen(
            [opener, target],
            env=desktop_environment(bundle=bundle_folder()),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the browser outlives the program, and a Ctrl+C here does not reach it
            close_fds=True,
        )
    except OSError:
        return False
    if wait:
        return process.wait() == 0
    # xdg-open may wait for the program it starts: collect it in the background (no zombie).
    threading.Thread(target=process.wait, name="xdg-open", daemon=True).start()
    return True


def _qt_open(url: object) -> bool:
    from PySide6.QtGui import QDesktopServices

    return bool(QDesktopServices.openUrl(url))  # type: ignore[arg-type]


def open_url(url: str, wait: bool = False) -> bool:
    """Open a web (or tel:, mailto:) link in the person's own program; False when nothing could open it.

    ``wait`` (for the command line and tests): on the frozen Linux program, wait for ``xdg-open``
    and return whether it succeeded.
    """
    if _uses_xdg_open():
        return _run_xdg_open(url, wait)
    from PySide6.QtCore import QUrl

    return _qt_open(QUrl(url))


def open_folder(path: str | os.PathLike[str], wait: bool = False) -> bool:
    """Show a folder in the person's file manager; False when nothing could open it."""
    folder = Path(path).absolute()
    if _uses_xdg_open():
        return _run_xdg_open(str(folder), wait)
    from PySide6.QtCore import QUrl

    return _qt_open(QUrl.fromLocalFile(str(folder)))


def _is_wayland(name: str) -> bool:
    return name.split(":", 1)[0].strip().startswith("wayland")


def prefer_x11(env: dict[str, str] | os._Environ[str] | None = None) -> bool:
    """Frozen Linux program: a ``QT_QPA_PLATFORM`` naming Wayland becomes X11 (XWayland); True if changed.

    The bundle carries no Wayland platform plugin (screen capture through Qt does not work under
    Wayland, and the plugin is not tested here), so ``QT_QPA_PLATFORM=wayland`` would abort with
    "Could not find the Qt platform plugin". Any other backend the variable lists is kept in its
    order (``wayland;xcb`` becomes ``xcb``). The person's value is kept for the programs the
    window starts (see :func:`desktop_environment`). Without the variable, Qt already picks X11.
    """
    target = os.environ if env is None else env
    requested = target.get("QT_QPA_PLATFORM")
    if requested is None:
        return False
    names = [name for name in requested.split(";") if name.strip()]
    if not any(_is_wayland(name) for name in names):
        return False
    target[PLATFORM_ORIG] = requested
    target[PLATFORM_CHANGED] = "1"
    target["QT_QPA_PLATFORM"] = ";".join(name for name in names if not _is_wayland(name)) or "xcb"
    return True
