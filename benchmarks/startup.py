"""Time from launch to the first page painted: Evidence Kit against a bare PySide6 window, in the same run.

Each launch is a fresh ``python`` process (interpreter start and imports
count); the child prints the wall-clock time of its window's first paint and
exits.  Runs alternate between the two so machine noise hits both alike.
Target: Evidence Kit's median at most 1.5x the bare window's.

    python benchmarks/startup.py [--runs 7] [--platform offscreen|xcb]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

FIRST_PAINT = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self, app):
            super().__init__()
            self.app = app
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj is WINDOW[0]:
                print(f"PAINTED {time.time():.6f}", flush=True)
                QTimer.singleShot(0, self.app.quit)
                obj.removeEventFilter(self)
            return False
    WINDOW = []
    """
)

BARE = FIRST_PAINT + textwrap.dedent(
    """
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    WINDOW.append(window)
    watcher = FirstPaint(app)
    window.installEventFilter(watcher)
    window.resize(1280, 800)
    window.show()
    app.exec()
    """
)

EVIDENCE_KIT = FIRST_PAINT + textwrap.dedent(
    """
    from evidence_kit.gui.app import make_application, build_window
    from evidence_kit.gui.window import fit_to_screen
    app = make_application()
    session, window = build_window(None)
    WINDOW.append(window)
    watcher = FirstPaint(app)
    window.installEventFilter(watcher)
    window.resize(1280, 800)
    window.show()
    app.exec()
    """
)


def launch(code: str, env: dict[str, str]) -> float:
    start = time.time()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    for line in result.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no paint reported: {result.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM=args.platform, PYTHONPATH=str(root))
    launch(BARE, env)  # warm the disk cache for both
    launch(EVIDENCE_KIT, env)
    bare, kit = [], []
    for _ in range(args.runs):
        bare.append(launch(BARE, env))
        kit.append(launch(EVIDENCE_KIT, env))
    bare_median, kit_median = statistics.median(bare), statistics.median(kit)
    ratio = kit_median / bare_median

    def runs(values: list[float]) -> str:
        return ", ".join(f"{v * 1000:.0f}" for v in values)

    print(f"bare PySide6 window : median {bare_median * 1000:.0f} ms  (runs: {runs(bare)})")
    print(f"Evidence Kit window : median {kit_median * 1000:.0f} ms  (runs: {runs(kit)})")
    print(f"ratio               : {ratio:.2f}x (target <= 1.5x) -> {'OK' if ratio <= 1.5 else 'TOO SLOW'}")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
