"""The frozen program's entry point: the same main() as ``python -m evidence_kit``.

Before it, on Linux, a ``QT_QPA_PLATFORM`` asking for Wayland is turned into X11 (the bundle has
no Wayland plugin; see ``evidence_kit.gui.external.prefer_x11``).

Two options exist only here, for the installer tests and for anyone checking an installed copy
without a window: ``--open-url URL`` and ``--open-folder PATH`` hand the link or folder to the
desktop exactly as the window does (``evidence_kit.gui.external``), wait for the opener and exit 0
when it succeeded, 1 otherwise.
"""

import sys

from evidence_kit.__main__ import main
from evidence_kit.gui import external


def _open(argv: list[str]) -> int | None:
    if len(argv) == 2 and argv[0] == "--open-url":
        return 0 if external.open_url(argv[1], wait=True) else 1
    if len(argv) == 2 and argv[0] == "--open-folder":
        return 0 if external.open_folder(argv[1], wait=True) else 1
    return None


if __name__ == "__main__":
    if sys.platform.startswith("linux"):
        external.prefer_x11()
    opened = _open(sys.argv[1:])
    sys.exit(main() if opened is None else opened)
