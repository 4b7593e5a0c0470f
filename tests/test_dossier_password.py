"""Attack (issue 12, item 7): weak dossier passwords (``12345678``) and an owner password equal to the user one."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import png_bytes, run_cli

from evidence_kit.dossier.password import check_password, owner_password, propose_password

WEAK = {
    "12345678": "common",
    "motdepasse": "common",
    "azertyuiop": "common",
    "aaaaaaaaaaaa": "repeat",
    "abcdefghij": "sequence",
    "01/02/2003": "date",
    "short": "short",
}


@pytest.mark.parametrize(("password", "reason"), sorted(WEAK.items()))
def test_weak_passwords_are_refused_with_their_reason(password: str, reason: str) -> None:
    weakness = check_password(password)
    assert weakness is not None and weakness.reason == reason


def test_proposed_and_long_chosen_passwords_pass_and_context_words_count() -> None:
    for _ in range(20):
        assert check_password(propose_password()) is None
    assert check_password("my own long password") is None
    assert check_password("ledossierdelea") is None  # strong for a stranger…
    assert check_password("ledossierdelea", ["ledossierdelea"]) is not None  # …not when it is the case name


def test_the_owner_password_is_random_and_long() -> None:
    seen = {owner_password() for _ in range(50)}
    assert len(seen) == 50 and all(len(p) >= 40 for p in seen)


def _case_with_one_picture(tmp_path: Path) -> Path:
    case_dir = tmp_path / "case"
    assert run_cli("case", "create", str(case_dir)).returncode == 0
    picture = tmp_path / "threat.png"
    picture.write_bytes(png_bytes(400, 300))
    assert run_cli("add", str(case_dir), str(picture), "--kind", "threat").returncode == 0
    return case_dir


def test_the_command_line_refuses_a_weak_password_and_offers_a_strong_one(tmp_path: Path) -> None:
    case_dir = _case_with_one_picture(tmp_path)
    secret = tmp_path / "pw.txt"
    secret.write_text("12345678\n")
    out = tmp_path / "d.pdf"
    refused = run_cli(
        "export",
        str(case_dir),
        "--recipient",
        "police",
        "--out",
        str(out),
        "--password-file",
        str(secret),
        "--lang",
        "en",
    )
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "too easy to guess: it is, or is built on, a common password" in refused.stderr
    offered = re.search(r"made for you: (\S+) ", refused.stderr)
    assert offered and check_password(offered.group(1)) is None
    assert not out.exists()


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf reads the encryption dictionary")
def test_the_users_password_is_not_the_owner_password(tmp_path: Path) -> None:
    case_dir = _case_with_one_picture(tmp_path)
    chosen = "my own long password"
    secret = tmp_path / "pw.txt"
    secret.write_text(chosen)
    out = tmp_path / "d.pdf"
    exported = run_cli(
        "export", str(case_dir), "--recipient", "police", "--out", str(out), "--password-file", str(secret)
    )
    assert exported.returncode == 0, exported.stderr
    shown = subprocess.run(
        ["qpdf", f"--password={chosen}", "--show-encryption", str(out)], capture_output=True, text=True
    )
    assert "Supplied password is user password" in shown.stdout, shown.stdout
    assert "owner password" not in shown.stdout.replace("Supplied password is user password", "")
