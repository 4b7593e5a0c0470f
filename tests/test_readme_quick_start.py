"""The README's quick start and CI agree: .ci/run runs the README's test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the quick start has a shell block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_quick_start_is_two_one_line_commands_run_first() -> None:
    run, test = _quick_start_commands()
    assert run.endswith("evidence-kit") and "requirements/app.lock" in run
    assert test.endswith("-m pytest") and "requirements/test.lock" in test
    for command in (run, test):
        assert "python3 -m venv .venv" in command, "PEP 668: Debian's own Python refuses pip outside a venv"
        assert "--require-hashes" in command


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _run, test = _quick_start_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci
