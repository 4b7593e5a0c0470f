"""A process killed at any moment leaves a case that opens, verifies, and holds every item it reported added."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import CLI, PASSPHRASE, run_cli

from evidence_kit.core.case import Case

pytestmark = pytest.mark.slow


def _noise_png(path: Path, seed: int) -> None:
    from PIL import Image

    rng = random.Random(seed)
    Image.frombytes("RGB", (300, 300), rng.randbytes(300 * 300 * 3)).save(path)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_during_add_never_breaks_the_case(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    assert run_cli("case", "create", str(folder)).returncode == 0
    files = []
    for index in range(40):
        path = tmp_path / f"shot-{index:02d}.png"
        _noise_png(path, index)
        files.append(str(path))
    big = tmp_path / "recording.mp4"
    big.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(24 << 20))
    files.insert(20, str(big))
    rng = random.Random(42)
    reported: set[str] = set()
    env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE=PASSPHRASE)
    for round_ in range(8):
        process = subprocess.Popen(
            [sys.executable, str(CLI), "add", str(folder), *files],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        lines: list[str] = []
        reader = threading.Thread(target=lambda p=process, out=lines: out.extend(iter(p.stdout.readline, "")))
        reader.start()
        time.sleep(rng.uniform(0.4, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader.join()
        for line in lines:
            parts = line.split()
            if len(parts) == 3 and parts[0].startswith("E"):
                reported.add(parts[1])
        with Case.open(folder, PASSPHRASE) as case:
            report = case.verify(record=False)
            assert report.ok, (round_, report.problems)
            stored = {item.sha256 for item in case.items.values()}
        assert reported <= stored, f"round {round_}: items reported added were lost"
    assert reported, "no add was reported before the kills: the test proved nothing"
    assert not list(folder.glob("**/*.partial"))
    assert not list(folder.glob("quarantine/*")), "a killed write left a blob that was not recorded as pending"
