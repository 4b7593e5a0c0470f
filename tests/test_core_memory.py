"""Memory stays bounded whatever the file size: a large recording imports in a small, fixed footprint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CLI, PASSPHRASE, run_cli

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name == "nt", reason="uses getrusage")]


def test_importing_one_gib_stays_under_200_mib_resident(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    assert run_cli("case", "create", str(folder)).returncode == 0
    video = tmp_path / "recording.mp4"
    with open(video, "wb") as handle:
        handle.write(b"\x00\x00\x00\x18ftypmp42")
        handle.truncate(1 << 30)  # sparse: cheap to make, read back as zeros
    env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE=PASSPHRASE)
    # A wrapper process measures the add alone: this test process's own children
    # (earlier tests) would otherwise count in RUSAGE_CHILDREN.
    wrapper = (
        "import resource, subprocess, sys;"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "sys.stderr.write(r.stderr);"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, str(CLI), "add", str(folder), str(video)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    returncode, peak_kib = (int(v) for v in result.stdout.split())
    assert returncode == 0, result.stderr
    peak_mib = peak_kib / 1024
    assert peak_mib < 200, f"peak resident memory {peak_mib:.0f} MiB"
    blobs = list(folder.glob("blobs/*/*.blob"))
    assert max(p.stat().st_size for p in blobs) > 1 << 30
