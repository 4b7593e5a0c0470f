"""Without a screen, the window's command says so in one line (exit 2) instead of Qt aborting with exit 134."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland detection is Linux's")
@pytest.mark.parametrize("platform", ["", "xcb"])
def test_window_without_a_screen_gets_one_clear_line(platform: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    env["EVIDENCE_KIT_LANG"] = "en"
    result = subprocess.run([sys.executable, "-m", "evidence_kit"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "evidence-kit: The window needs a screen, and none was found (no DISPLAY or WAYLAND_DISPLAY): "
        "start Evidence Kit from your desktop session. The commands work without one: evidence-kit --help."
    ]
    assert "Traceback" not in result.stderr and "xcb-cursor0" not in result.stderr
