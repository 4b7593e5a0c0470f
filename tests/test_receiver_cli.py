"""``evidence-kit receive`` as a person or a script meets it: the address, the time limit, the plain refusals."""

from __future__ import annotations

import re
import socket
from pathlib import Path

from helpers import PASSPHRASE, run_cli

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams


def _case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())[0].close()
    return folder


def test_receive_shows_the_address_and_a_qr_code_then_stops_after_its_time(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    result = run_cli("receive", str(folder), "--bind", "127.0.0.1", "--minutes", "0.02", "--lang", "en", timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    url = next(line for line in lines if line.startswith("http://127.0.0.1:"))
    assert "/#k=" in url
    assert any("▄" in line or "█" in line for line in lines)  # the QR code, drawn in the terminal
    until = next(line for line in lines if line.startswith("Receiving until"))
    assert re.search(r"T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}\.", until), until  # a time with its UTC offset
    assert "Time is up" in result.stdout


def test_receive_refuses_a_public_address_and_a_time_over_30_minutes_in_one_line(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    public = run_cli("receive", str(folder), "--bind", "8.8.8.8", "--lang", "en")
    assert public.returncode == 2
    assert public.stderr.strip() == (
        "evidence-kit: 8.8.8.8 is not a private local address: the receiver only listens on this computer or on its "
        "local network."
    )
    long = run_cli("receive", str(folder), "--bind", "127.0.0.1", "--minutes", "31", "--lang", "fr")
    assert long.returncode == 2
    assert "30 minutes" in long.stderr and "Traceback" not in long.stderr


def test_receive_on_a_port_in_use_says_so_in_one_line(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run_cli("receive", str(folder), "--bind", "127.0.0.1", "--port", str(port), "--lang", "en")
    assert result.returncode == 2
    assert f"127.0.0.1 (port {port})" in result.stderr and len(result.stderr.splitlines()) == 1
