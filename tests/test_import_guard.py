"""The layers below the window never load Qt: importing them in a fresh interpreter brings in no PySide6."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import importlib, json, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [package.__name__]
for info in pkgutil.walk_packages(getattr(package, "__path__", []), package.__name__ + "."):
    importlib.import_module(info.name)
    names.append(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"modules": names, "qt": qt}))
"""


@pytest.mark.parametrize(
    "package",
    [
        "evidence_kit.core",
        "evidence_kit.chat",
        "evidence_kit.dossier",
        "evidence_kit.knowledge",
        "evidence_kit.anchoring",
        "evidence_kit.ocr",
        "evidence_kit.receiver",
    ],
)
def test_importing_every_module_of_a_core_package_loads_no_qt(package: str) -> None:
    result = _probe(package)
    assert len(result["modules"]) > 1, "the probe imported nothing: is the package empty?"
    assert result["qt"] == [], f"{package} loaded {result['qt']}"


@pytest.mark.parametrize(
    "module", ["evidence_kit.capture_jobs", "evidence_kit.build_identity", "evidence_kit.cli", "evidence_kit.i18n"]
)
def test_the_qt_free_modules_beside_the_packages_load_no_qt(module: str) -> None:
    assert _probe(module)["qt"] == [], module


def test_the_probe_sees_qt_where_it_is_loaded() -> None:
    assert "PySide6.QtCore" in _probe("evidence_kit.gui.workers")["qt"]


def _probe(package: str) -> dict[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, package], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
