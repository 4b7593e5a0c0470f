"""The command line's trusted timestamps: case create --tsa, anchoring by add, stamp's exit codes, list --json,
a SIGKILL in the middle of a request — against a real openssl ts authority on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_kit.anchoring import anchors_for_case, waiting
from evidence_kit.core.case import Case

sys.path.insert(0, str(Path(__file__).parent))
from helpers import PASSPHRASE, png_bytes, run_cli  # noqa: E402
from tsa_server import TestAuthority as RunningAuthority  # noqa: E402
from tsa_server import running_authority  # noqa: E402


@pytest.fixture
def authority() -> Iterator[RunningAuthority]:
    with running_authority() as running:
        yield running


def _pictures(folder: Path, n: int) -> list[Path]:
    paths = []
    for index in range(n):
        path = folder / f"screen-{index}.png"
        path.write_bytes(png_bytes(color=(10 + index * 60, 90, 30)))
        paths.append(path)
    return paths


def test_acceptance_create_add_stamp_offline_then_back(authority: RunningAuthority, tmp_path: Path) -> None:
    vault = str(tmp_path / "vault")
    one, two, three = _pictures(tmp_path, 3)
    created = run_cli("case", "create", vault, "--tsa", authority.url)
    assert created.returncode == 0, created.stderr
    assert authority.url in created.stdout and authority.requests == 0  # an empty case is not sent

    added = run_cli("add", vault, str(one), str(two))
    assert added.returncode == 0, added.stderr
    assert authority.requests == 1 and "Test timestamping unit" in added.stderr  # anchored by add itself
    stamped = run_cli("stamp", vault)
    assert stamped.returncode == 0, stamped.stderr
    assert "Nothing waits" in stamped.stdout

    authority.stop()
    added = run_cli("add", vault, str(three))
    assert added.returncode == 0, added.stderr  # the item is kept; its timestamp waits
    stamped = run_cli("stamp", vault)
    assert stamped.returncode == 1
    assert "Still waiting" in stamped.stderr and "could not be reached" in stamped.stderr

    authority.start()
    stamped = run_cli("stamp", vault)
    assert stamped.returncode == 0, stamped.stdout + stamped.stderr
    assert "Timestamped: custody entry #" in stamped.stdout and "Test timestamping unit" in stamped.stdout

    listed = run_cli("list", vault, "--json")
    items = json.loads(listed.stdout)
    assert len(items) == 3
    for item in items:
        assert item["timestamped_at"] and item["timestamped_at"].endswith("Z")
        assert item["timestamp_authority"] == "Test timestamping unit"
    first, second, third = items
    assert first["timestamped_at"] == second["timestamped_at"] <= third["timestamped_at"]
    assert run_cli("verify", vault).returncode == 0


def test_nothing_is_sent_without_the_option(authority: RunningAuthority, tmp_path: Path) -> None:
    vault = str(tmp_path / "vault")
    assert run_cli("case", "create", vault).returncode == 0
    (one,) = _pictures(tmp_path, 1)
    assert run_cli("add", vault, str(one)).returncode == 0
    stamped = run_cli("stamp", vault)
    assert stamped.returncode == 0 and "off" in stamped.stdout
    assert run_cli("verify", vault).returncode == 0
    listed = json.loads(run_cli("list", vault, "--json").stdout)
    assert listed[0]["timestamped_at"] is None and listed[0]["timestamp_authority"] is None
    assert authority.requests == 0


def test_a_bad_authority_address_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("case", "create", str(tmp_path / "vault"), "--tsa", "ftp://example.org/tsa")
    assert result.returncode == 2 and "ftp://example.org/tsa" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_kill_during_a_request_leaves_the_queue_intact(authority: RunningAuthority, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert run_cli("case", "create", str(vault), "--tsa", authority.url).returncode == 0
    (one,) = _pictures(tmp_path, 1)
    authority.delay = 60.0  # the request stays in flight
    env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE=PASSPHRASE)
    child = subprocess.Popen(
        [sys.executable, "-m", "evidence_kit", "add", str(vault), str(one)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while authority.requests == 0 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert authority.requests == 1, "the request reached the authority"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()
    authority.delay = 0.0
    with Case.open(vault, passphrase=PASSPHRASE) as case:
        assert len(case.items) == 1 and anchors_for_case(case) == []
        assert [w.authority.url for w in waiting(case)] == [authority.url]
        assert case.verify(record=False).ok
    stamped = run_cli("stamp", str(vault))
    assert stamped.returncode == 0, stamped.stdout + stamped.stderr
    listed = json.loads(run_cli("list", str(vault), "--json").stdout)
    assert listed[0]["timestamped_at"]


def test_verify_checks_every_stored_token(authority: RunningAuthority, tmp_path: Path) -> None:
    import base64

    vault = tmp_path / "vault"
    assert run_cli("case", "create", str(vault), "--tsa", authority.url).returncode == 0
    (one,) = _pictures(tmp_path, 1)
    assert run_cli("add", str(vault), str(one)).returncode == 0
    assert run_cli("verify", str(vault)).returncode == 0  # an authority not recognised is not a failure
    with Case.open(vault, passphrase=PASSPHRASE) as case:
        [anchor] = anchors_for_case(case)
        moved = dict(case.extra["anchor"][anchor.record_id], seq=1)
        case.save_extra("anchor", "custody-1-moved", moved)
        reply = bytearray(anchor.reply_der)
        signed_time = reply.index(anchor.gen_time[:4].encode())  # GeneralizedTime digits inside the TSTInfo
        reply[signed_time + 3] ^= 1  # another year: the authority's signature no longer matches
        forged = dict(case.extra["anchor"][anchor.record_id], reply=base64.b64encode(bytes(reply)).decode())
        case.save_extra("anchor", "custody-2-forged", forged)
    checked = run_cli("verify", str(vault))
    assert checked.returncode == 1
    assert "custody-1-moved.tsr does not match entry #1" in checked.stderr
    assert "custody-2-forged.tsr does not hold" in checked.stderr
    assert f"{anchor.file_name}" not in checked.stderr
