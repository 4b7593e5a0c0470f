"""Helpers shared by the tests: import them with ``from helpers import ...`` (tests/ is on the path).

Fixtures live in conftest.py; plain functions and constants live here, so no test imports conftest.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

PASSPHRASE = "correct horse battery"
TESTS = Path(__file__).resolve().parent
CLI = TESTS / "cli_with_test_kdf.py"  # the command line, with the cheap key derivation below


def use_cheap_kdf() -> None:
    """Argon2id at test cost (8 MiB, one pass) for every case this process creates or upgrades.

    Set in code, by the test suite only: the installed program reads no switch that weakens it.
    """
    from evidence_kit.core import crypto

    cheap = crypto.KdfParams.for_tests()
    crypto.KDF_FLOOR = cheap
    crypto.KdfParams.calibrated = classmethod(lambda cls, *args, **kwargs: cheap)  # type: ignore[assignment, method-assign]


def png_bytes(
    width: int = 320, height: int = 200, color: tuple[int, int, int] = (200, 30, 30), marker: bytes = b""
) -> bytes:
    image = Image.new("RGB", (width, height), color)
    out = io.BytesIO()
    image.save(out, format="PNG")
    data = out.getvalue()
    if marker:
        # An ancillary private chunk carrying a marker: still a valid PNG.
        import struct
        import zlib

        chunk = b"prVt" + marker
        data = data[:-12] + struct.pack(">I", len(marker)) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[-12:]
    return data


def run_cli(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process."""
    full_env = dict(os.environ)
    full_env.setdefault("EVIDENCE_KIT_PASSPHRASE", PASSPHRASE)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, str(CLI), *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        timeout=timeout,
    )
