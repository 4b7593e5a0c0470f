"""The self-test from the source tree: every check passes, a failure is one line, nothing is left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from evidence_kit import selftest
from evidence_kit.core.case import Case

ROOT = Path(__file__).resolve().parent.parent


def test_self_test_passes_and_leaves_nothing_behind(isolated_dirs: Path) -> None:
    before = {p for p in isolated_dirs.rglob("*")}
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EVIDENCE_KIT_LANG="en")
    result = subprocess.run(
        [sys.executable, "-m", "evidence_kit", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=isolated_dirs,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("Evidence Kit ") and lines[0].endswith(" self-test")
    checks = [line for line in lines if line.startswith("[ok] ")]
    assert len(checks) == len(selftest.STEPS) == 17
    assert "[ok] Qt's own French translation loaded" in checks
    assert any(line.startswith("[ok] dossier verified: seal over the whole file") for line in checks)
    assert lines[-1].startswith("Self-test passed: 17 checks in ")
    assert result.stderr == ""
    # Nothing in the (private) home, data, config or temporary folders: the case and the dossier are gone.
    assert {p for p in isolated_dirs.rglob("*")} == before


def test_self_test_speaks_french(isolated_dirs: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EVIDENCE_KIT_LANG="fr")
    result = subprocess.run(
        [sys.executable, "-m", "evidence_kit", "--self-test"], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "Autotest réussi : 17 vérifications" in result.stdout


def _open_missing_case(state: selftest._State) -> selftest.Params:
    # A real failure from the core: opening a case that is not there.
    Case.open(state.workdir / "no-such-case", passphrase="correct horse battery")
    return {}


def test_a_failing_step_prints_one_line_exits_1_and_cleans_up(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = list(selftest.STEPS)
    position = [name for name, _ in steps].index("case_verify")
    steps[position] = ("case_verify", _open_missing_case)
    monkeypatch.setattr(selftest, "STEPS", tuple(steps))
    monkeypatch.setattr(tempfile, "tempdir", None)  # recomputed from the private TMPDIR

    code = selftest.run_self_test("en")

    out, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("Self-test failed while checking vault verification: ")
    assert "no-such-case" in err  # the core's own message, translated
    assert "[ok] screenshot added as evidence" in out and "passed" not in out
    assert list(Path(os.environ["TMPDIR"]).iterdir()) == []


def test_every_step_has_its_success_line_and_its_short_name() -> None:
    from evidence_kit.i18n import default_catalog

    messages = default_catalog().messages
    for step, _check in selftest.STEPS:
        assert f"about.selftest.step.{step}" in messages
        assert f"about.selftest.what.{step}" in messages, step
