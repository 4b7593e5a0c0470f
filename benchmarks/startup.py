"""Time from launch to the first page painted: Evidence Kit against a bare PySide6 window, in the same run.

Each launch is a fresh ``python`` process (interpreter start and imports
count); the child prints the wall-clock time of its window's first paint and
exits.  Runs alternate between the two so machine noise hits both alike.
Target: Evidence Kit's median at most 1.5x the bare window's.

Both are measured as installed programs run: with their Python bytecode
already compiled.  PySide6 comes from a wheel (compiled at install), but a
source checkout run with PYTHONDONTWRITEBYTECODE=1 would recompile every
Evidence Kit module at each launch; so the bytecode goes to a temporary
folder (PYTHONPYCACHEPREFIX, never the source tree) during a first, untimed
launch.  ``--no-bytecode`` measures the recompiling case instead.  The
children get private config and data folders: no real settings are read.

    python benchmarks/startup.py [--runs 11] [--platform offscreen|xcb] [--no-bytecode]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
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
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument("--no-bytecode", action="store_true", help="recompile Evidence Kit at every launch")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="ek-startup-") as tmp:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM=args.platform,
            PYTHONPATH=str(root),
            XDG_CONFIG_HOME=str(Path(tmp) / "config"),
            XDG_DATA_HOME=str(Path(tmp) / "data"),
        )
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        else:
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        launch(BARE, env)  # untimed: warms the disk cache and writes the bytecode
        launch(EVIDENCE_KIT, env)
        bare, kit = [], []
        for _ in range(args.runs):
            bare.append(launch(BARE, env))
            kit.append(launch(EVIDENCE_KIT, env))
    bare_median, kit_median = statistics.median(bare), statistics.median(kit)
    ratio = kit_median / bare_median

    def runs(values: list[float]) -> str:
        return ", ".join(f"{v * 1000:.0f}" for v in values)

    mode = "recompiled at each launch" if args.no_bytecode else "bytecode compiled, as installed"
    print(f"Python code         : {mode}")
    print(f"bare PySide6 window : median {bare_median * 1000:.0f} ms, best {min(bare) * 1000:.0f} (runs: {runs(bare)})")
    print(f"Evidence Kit window : median {kit_median * 1000:.0f} ms, best {min(kit) * 1000:.0f} (runs: {runs(kit)})")
    print(f"ratio               : {ratio:.2f}x (target <= 1.5x) -> {'OK' if ratio <= 1.5 else 'TOO SLOW'}")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
