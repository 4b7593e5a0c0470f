"""The window's few settings, with defaults, loaded and saved in one place under the config folder.

Kept across restarts: the language and the voice ("tu" or "vous") the person chose
on the first page, and the place of the last vault opened (only its folder, and only
while "remember" stays ticked, as it is by default). Nothing else personal: no vault
name, no recent files, no passphrase.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

APP_NAME = "evidence-kit"
SETTINGS_FILE = "settings.json"


def config_dir() -> Path:
    if sys.platform.startswith("linux"):
        # platformdirs' rule for Linux, without importing it before the first page is shown.
        base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        return Path(base) / APP_NAME
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_cases_dir() -> Path:
    """Where new cases go unless the person chooses: the program's own data folder, not Documents."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "cases"


@dataclass
class Settings:
    language: str = ""  # "" follows the system
    register: str = ""  # "tu" (the victim) or "vous" (a helper); "" until the person chooses
    country: str = ""  # "" follows the system
    auto_lock_minutes: float = 5.0  # 0 turns auto-lock off
    capture_delay: int = 3  # seconds, 0..10
    remember_case_folder: bool = True  # the last vault's place; the person can untick it
    last_case_folder: str = ""

    def __post_init__(self) -> None:
        self.capture_delay = max(0, min(10, int(self.capture_delay)))
        self.auto_lock_minutes = max(0.0, float(self.auto_lock_minutes))
        if not self.remember_case_folder:
            self.last_case_folder = ""
        if self.register not in ("tu", "vous"):
            self.register = ""

    @classmethod
    def path(cls) -> Path:
        return config_dir() / SETTINGS_FILE

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or cls.path()
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            log.warning("settings file unreadable; using defaults")
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except (TypeError, ValueError):
            log.warning("settings file has bad values; using defaults")
            return cls()

    def save(self, path: Path | None = None) -> None:
        path = path or self.path()
        if not self.remember_case_folder:
            self.last_case_folder = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            log.warning("settings could not be saved")

    def remember_folder(self, folder: Path | str) -> None:
        self.last_case_folder = str(folder) if self.remember_case_folder else ""
