"""Attack (issue 12, item 3): a case on read-only media (a forensic copy) is listed, logged, extracted and
verified without a lock or a custody entry; ``add`` is refused in one line; ``verify --no-record`` writes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes, run_cli

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.errors import StorageError
from evidence_kit.core.model import Origin
from evidence_kit.core.vault import LOCK_NAME


def _state(folder: Path) -> dict[str, str]:
    """Every file of the folder (lock included) by its SHA-256: 'nothing written' means this does not change."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def case_folder(tmp_path: Path) -> tuple[Path, str, bytes]:
    folder = tmp_path / "case"
    picture = png_bytes(marker=b"read-only")
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    with case:
        item = case.add_bytes(picture, origin=Origin.CLIPBOARD).item
    return folder, item.id, picture


def test_a_read_only_opening_takes_no_lock_and_writes_nothing(
    case_folder: tuple[Path, str, bytes], tmp_path: Path
) -> None:
    folder, item_id, picture = case_folder
    before = _state(folder)
    with Case.open(folder, PASSPHRASE, read_only=True) as copy:
        assert copy.read_only
        entries = len(copy.custody)
        # no lock: a writer may hold the folder at the same time
        with Case.open(folder, PASSPHRASE) as writer:
            assert not writer.read_only
        report = copy.verify()
        assert report.ok and report.items_checked == 1
        assert len(copy.custody) == entries, "a read-only verification records nothing"
        copy.extract(item_id, tmp_path / "out.png")
        assert (tmp_path / "out.png").read_bytes() == picture
        with pytest.raises(StorageError) as refused:
            copy.add_bytes(png_bytes(marker=b"new"), origin=Origin.CLIPBOARD)
        assert refused.value.key == "error.case_read_only"
    after = _state(folder)
    after.pop(LOCK_NAME, None)
    before.pop(LOCK_NAME, None)
    assert after == before


def test_verify_no_record_writes_no_custody_entry(case_folder: tuple[Path, str, bytes]) -> None:
    folder, _, _ = case_folder
    quiet = run_cli("verify", str(folder), "--no-record", "--json")
    assert quiet.returncode == 0, quiet.stderr
    assert json.loads(quiet.stdout)["recorded"] is False
    with Case.open(folder, PASSPHRASE) as case:
        assert [e.action.value for e in case.custody][-1] != "verified"
    loud = run_cli("verify", str(folder), "--json")
    assert json.loads(loud.stdout)["recorded"] is True
    with Case.open(folder, PASSPHRASE) as case:
        assert [e.action.value for e in case.custody][-1] == "verified"


@pytest.fixture
def read_only_mount(case_folder: tuple[Path, str, bytes], tmp_path: Path) -> Iterator[tuple[Path, str, bytes]]:
    """The case seen through a real read-only bind mount (root only)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a read-only bind mount needs root")
    folder, item_id, picture = case_folder
    mount = tmp_path / "ro"
    mount.mkdir()
    bound = subprocess.run(["mount", "--bind", str(folder), str(mount)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"mount --bind refused here: {bound.stderr.decode(errors='replace').strip()}")
    try:
        remounted = subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], capture_output=True)
        if remounted.returncode != 0:
            pytest.skip("remount read-only refused here")
        yield mount, item_id, picture
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_list_log_extract_verify_work_on_a_read_only_bind_mount(
    read_only_mount: tuple[Path, str, bytes], tmp_path: Path
) -> None:
    mount, item_id, picture = read_only_mount
    with pytest.raises(OSError):
        (mount / "probe").write_bytes(b"x")  # the mount really is read-only
    before = _state(mount)
    listed = run_cli("list", str(mount), "--json", "--lang", "en")
    assert listed.returncode == 0, listed.stderr
    assert [i["id"] for i in json.loads(listed.stdout)] == [item_id]
    assert "read-only" in listed.stderr
    logged = run_cli("log", str(mount))
    assert logged.returncode == 0, logged.stderr
    out = tmp_path / "extracted.png"
    extracted = run_cli("extract", str(mount), item_id, "--out", str(out))
    assert extracted.returncode == 0, extracted.stderr
    assert out.read_bytes() == picture
    verified = run_cli("verify", str(mount), "--json")
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout)["ok"] is True
    assert json.loads(verified.stdout)["recorded"] is False
    assert run_cli("verify", str(mount), "--no-record").returncode == 0
    source = tmp_path / "new.png"
    source.write_bytes(png_bytes(marker=b"refused"))
    added = run_cli("add", str(mount), str(source), "--lang", "en")
    assert added.returncode == 1
    assert added.stdout == ""
    assert len(added.stderr.strip().splitlines()) == 1, added.stderr
    assert "cannot be written" in added.stderr
    assert _state(mount) == before
