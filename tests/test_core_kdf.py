"""Attacks on key derivation (issue 12, item 6): weakened or absurd settings, and the floor of what is written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import PASSPHRASE, TESTS

from evidence_kit.core import crypto
from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.errors import CaseDamaged
from evidence_kit.core.model import Account, CustodyAction

ROOT = TESTS.parent
FIXTURES = TESTS / "data" / "fixtures"
FIXTURE = json.loads((FIXTURES / "expected.json").read_text())


def _header(folder: Path) -> tuple[dict[str, object], list[str]]:
    lines = (folder / "case.ek").read_text(encoding="ascii").split("\n")
    return json.loads(lines[0]), lines


def _forge(folder: Path, change: object) -> None:
    """Rewrite the header's body as an attacker can: the plain SHA-256 recomputed, the MAC kept as it was."""
    data, lines = _header(folder)
    change(data)  # type: ignore[operator]
    body = json.dumps(data, sort_keys=True, separators=(",", ":"))
    signed = body if len(lines) == 3 else body + "\n" + lines[1]
    (folder / "case.ek").write_text(signed + "\n" + hashlib.sha256(signed.encode()).hexdigest() + "\n")


def test_the_installed_program_ignores_the_old_test_switch_and_writes_at_least_the_floor(tmp_path: Path) -> None:
    assert not [
        p for p in (ROOT / "evidence_kit").rglob("*.py") if "EVIDENCE_KIT_TEST_KDF" in p.read_text(encoding="utf-8")
    ]
    env = dict(os.environ, EVIDENCE_KIT_TEST_KDF="1", EVIDENCE_KIT_PASSPHRASE=PASSPHRASE, PYTHONPATH=str(ROOT))
    folder = tmp_path / "case"
    done = subprocess.run(
        [sys.executable, "-m", "evidence_kit", "case", "create", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    data, lines = _header(folder)
    assert len(lines) == 4, "the header carries a MAC"
    for slot in ("passphrase", "recovery"):
        kdf = data["slots"][slot]["kdf"]  # type: ignore[index]
        assert kdf["memory_kib"] >= 64 * 1024 and kdf["iterations"] >= 3 and kdf["lanes"] >= 4, (slot, kdf)


@pytest.mark.parametrize(
    "setting",
    [{"memory_kib": 1 << 30}, {"iterations": 1_000_000}, {"lanes": 0}, {"lanes": 1 << 20}, {"memory_kib": 1}],
    ids=lambda s: "-".join(f"{k}={v}" for k, v in s.items()),
)
def test_absurd_settings_in_a_header_are_refused_before_any_derivation(case: Case, setting: dict[str, int]) -> None:
    folder = case.folder
    case.close()
    _forge(folder, lambda data: data["slots"]["passphrase"]["kdf"].update(setting))
    with pytest.raises(CaseDamaged) as caught:
        Case.open(folder, PASSPHRASE)
    assert caught.value.key == "error.header_damaged"


def test_a_header_changed_without_the_key_does_not_open(case: Case) -> None:
    folder = case.folder
    case.close()
    _forge(folder, lambda data: data["slots"]["recovery"]["kdf"].update(iterations=2))
    with pytest.raises(CaseDamaged) as caught:
        Case.open(folder, PASSPHRASE)
    assert caught.value.key == "error.header_damaged"


def test_a_case_of_an_older_version_opens_and_is_upgraded_on_its_next_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The floor as the installed program has it, scaled down to keep the test fast: above the fixture's settings.
    floor = KdfParams(iterations=2, memory_kib=16 * 1024, lanes=2)
    monkeypatch.setattr(crypto, "KDF_FLOOR", floor)
    monkeypatch.setattr(KdfParams, "calibrated", classmethod(lambda cls, *a, **k: floor))
    folder = tmp_path / "case-v1"
    shutil.copytree(FIXTURES / "case-v1", folder)
    original = (folder / "case.ek").read_bytes()
    with Case.open(folder, FIXTURE["passphrase"]) as case:
        assert case.upgrades == ["header_mac", "key_derivation"]
        assert case.verify(record=False).ok
        assert (folder / "case.ek").read_bytes() == original, "reading changes nothing"
        case.save_account(Account(id="", platform="tiktok", username="later"))
        last = case.custody[-1]
        assert last.action == CustodyAction.UPGRADED
        assert last.details == {"upgraded": ["header_mac", "key_derivation"]}
        assert case.upgrades == []
    data, lines = _header(folder)
    assert len(lines) == 4
    assert data["slots"]["passphrase"]["kdf"] == {"iterations": 2, "memory_kib": 16 * 1024, "lanes": 2}  # type: ignore[index]
    with Case.open(folder, FIXTURE["passphrase"]) as case:
        assert case.upgrades == []
        assert case.verify(record=False).ok
        assert case.items["E1"].sha256 == FIXTURE["items"]["E1"]["sha256"]
    with Case.open(folder, recovery_code=FIXTURE["recovery_code"]) as case:
        assert len(case.accounts) == 2
