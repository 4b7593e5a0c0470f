"""A crash in the middle of an import through the window: the case still opens, verifies, and loses nothing stored."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from tests.conftest import PASSPHRASE

CHILD_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from evidence_kit.core.case import Case
    from evidence_kit.gui.app import build_window, make_application
    from evidence_kit.gui.pages.capture import Added

    app = make_application()
    session, window = build_window("en")
    window.show()
    session.set_case(Case.open(sys.argv[1], passphrase=sys.argv[2]))
    window.show_step("capture")
    page = window.pages["capture"]
    page.acknowledge_warning()
    page.import_files(sorted(Path(sys.argv[3]).glob("*.png")))

    def report(value):
        if isinstance(value, Added):
            print("ADDED", value.item.id, flush=True)

    page.task.produced.connect(report)
    app.exec()
    """
)


def noise_png(path: Path, seed: int) -> None:
    data = hashlib.shake_256(seed.to_bytes(4, "big")).digest(700 * 700 * 3)
    Image.frombytes("RGB", (700, 700), data).save(path, compress_level=1)


@pytest.mark.slow
def test_killed_during_an_import_the_case_opens_and_verifies(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    case.close()
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    for number in range(30):
        noise_png(pictures / f"shot-{number:02d}.png", number)
    sources = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in pictures.glob("*.png")}

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_SCRIPT, str(folder), PASSPHRASE, str(pictures)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    added = 0
    deadline = time.monotonic() + 120
    try:
        assert child.stdout is not None
        while added < 3 and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            added += line.startswith("ADDED")
        assert added == 3, child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)  # in the middle of the next file
    finally:
        child.kill()
        child.wait(30)

    reopened = Case.open(folder, passphrase=PASSPHRASE)
    try:
        report = reopened.verify()
        assert report.ok, [p.key for p in report.problems]
        items = reopened.evidence_items()
        assert 3 <= len(items) < 30
        for item in items:  # each stored item is exactly one of the source files, with its name
            assert sources[item.sha256] == item.source_name
        assert not list(folder.rglob("*.partial"))
        # Importing everything again finishes the job: what was stored is recognised, the rest added.
        for path in sorted(pictures.glob("*.png")):
            reopened.add_file(path)
        assert len(reopened.evidence_items()) == 30
        assert reopened.verify().ok
    finally:
        reopened.close()
