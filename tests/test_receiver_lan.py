"""Without ``--bind``, the receiver listens on the computer's private LAN address only.

Two network namespaces joined by a veth pair give the test its own private
network (10.77.x.0/24): the receiver runs in one, "the phone" in the other.
This is the one place besides loopback where tests send traffic (see
SETUP-NOTES). Needs root and iproute2; skipped otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import PASSPHRASE

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams

ROOT = Path(__file__).resolve().parents[1]
IP = shutil.which("ip")

pytestmark = pytest.mark.skipif(not IP or os.geteuid() != 0, reason="needs root and iproute2 (ip netns)")


def _ip(*args: str) -> None:
    subprocess.run([IP or "ip", *args], check=True, capture_output=True)


@pytest.fixture
def lan() -> Iterator[tuple[str, str, str, str]]:
    """(computer namespace, its address, phone namespace, its address) on a private /24."""
    tag = f"{os.getpid() % 200 + 20}"
    computer, phone = f"ekr-pc-{tag}", f"ekr-phone-{tag}"
    pc_addr, phone_addr = f"10.77.{tag}.1", f"10.77.{tag}.2"
    try:
        _ip("netns", "add", computer)
        _ip("netns", "add", phone)
    except subprocess.CalledProcessError:
        pytest.skip("network namespaces are not available here")
    try:
        _ip(
            "link", "add", f"ekr{tag}a", "netns", computer, "type", "veth", "peer", "name", f"ekr{tag}b", "netns", phone
        )
        for ns, dev, addr in ((computer, f"ekr{tag}a", pc_addr), (phone, f"ekr{tag}b", phone_addr)):
            _ip("-n", ns, "addr", "add", f"{addr}/24", "dev", dev)
            _ip("-n", ns, "link", "set", dev, "up")
            _ip("-n", ns, "link", "set", "lo", "up")
        _ip("-n", computer, "route", "add", "default", "via", phone_addr)  # like a home router
        yield computer, pc_addr, phone, phone_addr
    finally:
        for ns in (computer, phone):
            subprocess.run([IP or "ip", "netns", "del", ns], capture_output=True)


def test_by_default_the_receiver_binds_the_private_lan_address_and_a_phone_on_that_lan_sends_to_it(
    tmp_path: Path, lan: tuple[str, str, str, str]
) -> None:
    computer, pc_addr, phone, _ = lan
    folder = tmp_path / "case"
    Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())[0].close()
    env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE=PASSPHRASE, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "evidence_kit", "receive", str(folder), "--json", "--max-files", "1"]
    receiver = subprocess.Popen(
        [IP or "ip", "netns", "exec", computer, *command, "--minutes", "1"], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert receiver.stdout is not None
        url = json.loads(receiver.stdout.readline())["url"]
        parts = urlsplit(url)
        assert parts.hostname == pc_addr

        # On the computer itself, loopback is not served: the receiver listens on the LAN address alone.
        probe = "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=3)"
        refused = subprocess.run(
            [IP or "ip", "netns", "exec", computer, sys.executable, "-c", probe, str(parts.port)],
            capture_output=True,
            text=True,
        )
        assert refused.returncode != 0 and "ConnectionRefusedError" in refused.stderr

        send = (
            "import sys; sys.path.insert(0, 'tests'); from tests.test_receiver_protocol import Phone;"
            "print(Phone(sys.argv[1]).send(b'x' * 5000, 'a.txt'))"
        )
        sent = subprocess.run(
            [IP or "ip", "netns", "exec", phone, sys.executable, "-c", send, url],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
        )
        assert sent.returncode == 0, sent.stderr
        assert receiver.wait(timeout=30) == 0
        [line] = [json.loads(text) for text in receiver.stdout.read().splitlines()]
        assert line["name"] == "a.txt" and line["size"] == 5000
    finally:
        receiver.kill()
        receiver.wait()
