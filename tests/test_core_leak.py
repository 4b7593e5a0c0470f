"""Nothing of the evidence is left in plaintext: not in the case, the temp folder or the data folders."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from helpers import png_bytes, run_cli


def _forms(marker: bytes) -> list[bytes]:
    return [
        marker,
        marker.hex().encode(),
        marker.hex().upper().encode(),
        base64.b64encode(marker),
        base64.b64encode(b"x" + marker)[4:-4],
        base64.b64encode(b"xy" + marker)[4:-4],
        marker.decode("latin-1").encode("utf-16-le"),
    ]


def _hits(root: Path, forms: list[bytes]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path}" for form in forms if form in data]
    return found


def test_a_marker_in_an_added_image_appears_nowhere_on_disk(tmp_path: Path, isolated_dirs: Path) -> None:
    marker = b"EKMARK" + secrets.token_hex(12).encode()
    picture = tmp_path / "outside" / "threat.png"
    picture.parent.mkdir()
    picture.write_bytes(png_bytes(marker=marker))
    assert marker in picture.read_bytes()
    folder = isolated_dirs / "cases" / "c1"
    env = {k: os.environ[k] for k in ("HOME", "TMPDIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    for args in (
        ("case", "create", str(folder), "--name", marker.decode()),
        ("add", str(folder), str(picture), "--note", marker.decode(), "--account", marker.decode()),
        ("list", str(folder)),
        ("verify", str(folder)),
    ):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
    forms = _forms(marker)
    assert _hits(isolated_dirs, forms) == []
    # The name, note and account typed by the person are encrypted too.
    assert not any(marker.decode().encode() in p.read_bytes() for p in folder.rglob("*") if p.is_file())
