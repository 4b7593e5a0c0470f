"""What the first paint waits for: only the shell and the welcome page; the rest comes right after.

A fresh interpreter opens the window (as ``evidence-kit`` does) and reports, at
its first paint, which costly parts were already loaded, then again once every
page is built.  The timing itself is measured by ``benchmarks/startup.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

CHILD = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    import PySide6.QtCore as QtCore
    from evidence_kit.gui.app import make_application, build_window
    from evidence_kit.gui.startup_catalog import is_complete

    def state(window, session):
        return {
            "qt_namespace": "Qt" in QtCore.__dict__,
            "full_catalog": is_complete(session.translator.catalog),
            "knowledge": "evidence_kit.knowledge" in sys.modules,
            "core": "evidence_kit.core.case" in sys.modules,
            "pages": sorted(window.pages),
            "help": window.help_strip.label.text(),
        }

    app = make_application()
    session, window = build_window("fr")
    report = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj is window and "first_paint" not in report:
                report["first_paint"] = state(window, session)
            return False

    def check():
        if window._all_built and "first_paint" in report:
            report["built"] = state(window, session)
            print(json.dumps(report), flush=True)
            app.quit()
        else:
            QTimer.singleShot(20, check)

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.resize(1280, 800)
    window.show()
    QTimer.singleShot(0, check)
    QTimer.singleShot(120_000, app.quit)  # never hang the test run
    app.exec()
    """
)


def test_the_first_paint_needs_only_the_shell_and_the_welcome_page(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        EVIDENCE_KIT_COUNTRY="BE",
    )
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    first, built = report["first_paint"], report["built"]
    # Not before the first paint: Qt's big enum namespace, the other catalogs, the knowledge base, the core.
    assert first == first | {"qt_namespace": False, "full_catalog": False, "knowledge": False, "core": False}
    assert first["pages"] == ["welcome"]
    # The help strip is there from the first paint (built-in copy), the same once the knowledge base is read.
    assert "Child Focus" in first["help"] and "112" in first["help"]
    assert built["help"] == first["help"]
    assert built["knowledge"] and built["qt_namespace"] and built["full_catalog"]
    assert len(built["pages"]) == 8
