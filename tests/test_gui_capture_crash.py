"""A crash in the middle of an import through the window: the case still opens, verifies, and loses nothing stored."""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest
from helpers import PASSPHRASE
from PIL import Image

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams

CHILD_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from evidence_kit.core.case import Case
    from evidence_kit.gui.app import build_window, make_application
    from evidence_kit.capture_jobs import Added

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


def _pump(stream: IO[str] | None, put: Callable[..., None]) -> None:
    """Hand every line of ``stream`` to ``put``, then None at its end."""
    if stream is not None:
        for line in stream:
            put(line)
    put(None)


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
    # Lines are read in a thread so that a silent child cannot block the test past its deadline.
    lines: queue.Queue[str | None] = queue.Queue()
    errors: list[str] = []
    readers = [
        threading.Thread(target=_pump, args=(child.stdout, lines.put), daemon=True),
        threading.Thread(target=_pump, args=(child.stderr, errors.append), daemon=True),
    ]
    for reader in readers:
        reader.start()
    added = 0
    deadline = time.monotonic() + 300  # generous: a loaded machine only makes the child slower
    try:
        while added < 3 and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            added += line.startswith("ADDED")
        if added == 3:
            os.kill(child.pid, signal.SIGKILL)  # in the middle of the next file
    finally:
        child.kill()
        child.wait(60)  # always reaped
        for reader in readers:
            reader.join(60)
    assert added == 3, "".join(e for e in errors if e)[-4000:]

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
